#include "vanthu/capture/Import.h"

#include "ScanResolution_p.h"

#include "vanthu/capture/ImageIo.h"
#include "vanthu/core/Hash.h"
#include "vanthu/core/Log.h"

#include <poppler-document.h>
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>

namespace vanthu::capture {

namespace {

constexpr std::string_view kLog = "vanthu.capture";

std::string lowerExtension(const std::string& path)
{
    const auto dot = path.find_last_of('.');
    std::string ext = dot == std::string::npos ? "" : path.substr(dot + 1);
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

// The file type from its first bytes; the extension only breaks ties. Clerks rename files.
std::string sniff(const std::string& bytes, const std::string& path)
{
    if (bytes.starts_with("%PDF-") || bytes.substr(0, 1024).find("%PDF-") != std::string::npos)
        return "pdf";
    if (bytes.starts_with("\x89PNG\r\n\x1a\n"))
        return "png";
    if (bytes.starts_with("\xFF\xD8\xFF"))
        return "jpeg";
    if (bytes.starts_with("II*\0") || bytes.starts_with(std::string("MM\0*", 4)))
        return "tiff";
    const std::string ext = lowerExtension(path);
    if (ext == "pdf" || ext == "png" || ext == "tif" || ext == "tiff" || ext == "jpg" || ext == "jpeg")
        return "unknown-" + ext;
    return "";
}

// Does the file carry a signature dictionary? Every PDF signature has /ByteRange (ISO 32000-1
// 12.8.1); the signing part verifies it properly before anyone trusts it.
bool looksSigned(const std::string& bytes)
{
    return bytes.find("/ByteRange") != std::string::npos &&
           (bytes.find("/Sig") != std::string::npos || bytes.find("/DocTimeStamp") != std::string::npos);
}

PageImage fromPopplerImage(const poppler::image& img, int dpi)
{
    PageImage p;
    p.width = img.width();
    p.height = img.height();
    p.dpi = dpi;
    p.format = PixelFormat::Rgb24;
    p.stride = PageImage::strideFor(p.format, p.width);
    auto buf = std::make_shared<std::vector<uint8_t>>(p.stride * static_cast<size_t>(p.height));
    const int bpr = img.bytes_per_row();
    const auto* src = reinterpret_cast<const uint8_t*>(img.const_data());
    for (int y = 0; y < p.height; ++y) {
        const uint8_t* in = src + static_cast<ptrdiff_t>(y) * bpr;
        uint8_t* out = buf->data() + static_cast<size_t>(y) * p.stride;
        for (int x = 0; x < p.width; ++x) {
            // format_argb32 is stored as native-endian 0xAARRGGBB words: B G R A on little endian.
            const uint8_t* px = in + 4 * x;
            out[3 * x] = px[2];
            out[3 * x + 1] = px[1];
            out[3 * x + 2] = px[0];
        }
    }
    p.pixels = std::move(buf);
    return p;
}

Result<ImportedFile> importPdf(ImportedFile f, const std::string& bytes, const ImportOptions& opt)
{
    std::vector<char> data(bytes.begin(), bytes.end());
    std::unique_ptr<poppler::document> doc(poppler::document::load_from_data(&data));
    if (!doc)
        return fail(Errc::UnreadableFile, f.path + ": not a readable PDF (damaged or truncated)");
    if (doc->is_locked())
        return fail(Errc::UnreadableFile, f.path + ": the PDF is encrypted and needs a password");
    const int n = doc->pages();
    if (n <= 0)
        return fail(Errc::UnreadableFile, f.path + ": the PDF has no pages");
    if (n > opt.maxPages)
        return fail(Errc::UnreadableFile, f.path + ": " + std::to_string(n) + " pages, more than the limit of " +
                                              std::to_string(opt.maxPages));
    // Below 150 dpi a scan is too coarse for OCR as it is: such pages are resampled up to `dpi`.
    constexpr int kMinScanDpi = 150;
    const std::vector<int> scanned = opt.atScanResolution ? scanResolutions(bytes, n) : std::vector<int>{};
    poppler::page_renderer renderer;
    renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
    renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
    renderer.set_image_format(poppler::image::format_argb32);
    for (int i = 0; i < n; ++i) {
        std::unique_ptr<poppler::page> page(doc->create_page(i));
        if (!page)
            return fail(Errc::UnreadableFile, f.path + ": page " + std::to_string(i + 1) + " cannot be read");
        if (!f.hasTextLayer) {
            const auto text = page->text().to_utf8();
            f.hasTextLayer = std::any_of(text.begin(), text.end(), [](char c) { return !std::isspace(static_cast<unsigned char>(c)); });
        }
        int dpi = opt.dpi;
        if (const int s = i < static_cast<int>(scanned.size()) ? scanned[static_cast<size_t>(i)] : 0; s >= kMinScanDpi && s < dpi) {
            log::debug(kLog, f.path + ": page " + std::to_string(i + 1) + " scanned at " + std::to_string(s) + " dpi, rendered at it");
            dpi = s;
        }
        const poppler::image img = renderer.render_page(page.get(), dpi, dpi);
        if (!img.is_valid())
            return fail(Errc::UnreadableFile, f.path + ": page " + std::to_string(i + 1) + " cannot be rendered");
        f.pages.push_back(fromPopplerImage(img, dpi));
    }
    return f;
}

// An RGB page whose every pixel is neutral (R = G = B) as grey: the same values in a third of the
// bytes for every later step (a grey scan in a PDF, which Poppler renders as RGB; an RGB PNG of a
// grey page). Stops at the first coloured pixel (a colour page costs little).
PageImage greyIfNeutral(PageImage page)
{
    if (page.format != PixelFormat::Rgb24 || page.empty() || page.stride < PageImage::strideFor(page.format, page.width) ||
        page.pixels->size() < page.stride * static_cast<size_t>(page.height))
        return page;
    const auto w = static_cast<size_t>(page.width);
    const std::vector<uint8_t>& in = *page.pixels;
    for (size_t y = 0; y < static_cast<size_t>(page.height); ++y) {
        const uint8_t* row = in.data() + y * page.stride;
        for (size_t x = 0; x < w; ++x)
            if (row[3 * x] != row[3 * x + 1] || row[3 * x] != row[3 * x + 2])
                return page;
    }
    const size_t stride = PageImage::strideFor(PixelFormat::Gray8, page.width);
    auto out = std::make_shared<std::vector<uint8_t>>(stride * static_cast<size_t>(page.height));
    for (size_t y = 0; y < static_cast<size_t>(page.height); ++y) {
        const uint8_t* row = in.data() + y * page.stride;
        uint8_t* dst = out->data() + y * stride;
        for (size_t x = 0; x < w; ++x)
            dst[x] = row[3 * x];
    }
    page.format = PixelFormat::Gray8;
    page.stride = stride;
    page.pixels = std::move(out);  // `in` is not used after this
    return page;
}

// Poppler reports problems through a callback; keep them in our log instead of raw stderr.
void popplerMessage(const std::string& msg, void*) { log::debug(kLog, "poppler: " + msg); }

Result<ImportedFile> importAsIs(const std::string& path, const ImportOptions& opt)
{
    static const bool installed = [] {
        poppler::set_debug_error_function(popplerMessage, nullptr);
        return true;
    }();
    (void)installed;
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return fail(Errc::UnreadableFile, "cannot open " + path);
    std::ostringstream ss;
    ss << in.rdbuf();
    const std::string bytes = ss.str();
    if (bytes.empty())
        return fail(Errc::UnreadableFile, path + " is empty");
    ImportedFile f;
    f.path = path;
    f.sha256 = hash::sha256Hex(bytes);
    f.kind = sniff(bytes, path);
    if (f.kind.starts_with("unknown-"))
        return fail(Errc::UnreadableFile, path + ": named ." + f.kind.substr(8) + " but its content is not that format");
    if (f.kind.empty())
        return fail(Errc::UnsupportedFile, path + ": only PDF, TIFF, PNG and JPEG files can be imported");
    if (f.kind == "pdf") {
        f.hasSignature = looksSigned(bytes);
        auto r = importPdf(std::move(f), bytes, opt);
        if (!r)
            log::warning(kLog, r.error().detail());
        return r;
    }
    if (f.kind == "tiff") {
        auto pages = readTiffPages(path);
        if (!pages)
            return std::unexpected(pages.error());
        if (static_cast<int>(pages->size()) > opt.maxPages)
            return fail(Errc::UnreadableFile, path + ": more pages than the limit");
        f.pages = std::move(*pages);
        return f;
    }
    auto page = readImage(path);
    if (!page)
        return std::unexpected(page.error());
    f.pages.push_back(std::move(*page));
    return f;
}

} // namespace

Result<ImportedFile> importFile(const std::string& path, const ImportOptions& opt)
{
    auto f = importAsIs(path, opt);
    if (f && opt.greyWhenNeutral)
        for (PageImage& p : f->pages)
            p = greyIfNeutral(std::move(p));
    return f;
}

} // namespace vanthu::capture
