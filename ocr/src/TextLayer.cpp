#include "vanthu/ocr/TextLayer.h"

#include "vanthu/core/Log.h"
#include "vanthu/core/VnText.h"

#include "Lines_p.h"

#include <poppler-document.h>
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace vanthu::ocr {

namespace {

PageImage fromPoppler(const poppler::image& img, int dpi)
{
    PageImage p;
    p.width = img.width();
    p.height = img.height();
    p.dpi = dpi;
    p.format = PixelFormat::Rgb24;
    p.stride = PageImage::strideFor(p.format, p.width);
    auto buf = std::make_shared<std::vector<uint8_t>>(p.stride * static_cast<size_t>(p.height));
    const auto* src = reinterpret_cast<const uint8_t*>(img.const_data());
    for (int y = 0; y < p.height; ++y) {
        const uint8_t* in = src + static_cast<ptrdiff_t>(y) * img.bytes_per_row();
        uint8_t* out = buf->data() + static_cast<size_t>(y) * p.stride;
        for (int x = 0; x < p.width; ++x) {
            // format_argb32: native-endian 0xAARRGGBB words, B G R A in memory on little endian.
            out[3 * x] = in[4 * x + 2];
            out[3 * x + 1] = in[4 * x + 1];
            out[3 * x + 2] = in[4 * x];
        }
    }
    p.pixels = std::move(buf);
    return p;
}

// A wide gap that is a blank of the NĐ 30 layout, not a column break: the number left blank for
// the clerk ("Số:        /QĐ-STC", the symbol starts with '/') and a blank day or month ("ngày
// tháng      năm"). Born-digital originals leave these blanks as space, which would otherwise
// cut the line in two.
bool blankInLine(const std::string& left, const std::string& right)
{
    if (right.starts_with('/'))
        return left.ends_with(':');
    return (left == "ngày" || left == "tháng") && (right.starts_with("tháng") || right.starts_with("năm"));
}

} // namespace

OcrResult linesFromWords(std::vector<Word> words)
{
    OcrResult out;
    std::erase_if(words, [](const Word& w) { return text::simplifySpaces(w.text).empty() || w.box.height <= 0; });
    std::sort(words.begin(), words.end(), [](const Word& a, const Word& b) {
        return 2 * a.box.y + a.box.height < 2 * b.box.y + b.box.height;
    });
    // Rows: words overlapping the row's vertical extent by half their height.
    std::vector<std::vector<Word>> rows;
    std::vector<Rect> rowBox;
    for (Word& w : words) {
        if (!rows.empty()) {
            const Rect& r = rowBox.back();
            if (detail::sameLine(r, w.box)) {
                const int y0 = std::min(r.y, w.box.y), y1 = std::max(r.bottom(), w.box.bottom());
                rowBox.back() = {0, y0, 0, y1 - y0};
                rows.back().push_back(std::move(w));
                continue;
            }
        }
        rowBox.push_back({0, w.box.y, 0, w.box.height});
        rows.emplace_back();
        rows.back().push_back(std::move(w));
    }
    std::vector<std::vector<Word>> lines;
    for (auto& row : rows) {
        std::sort(row.begin(), row.end(), [](const Word& a, const Word& b) { return a.box.x < b.box.x; });
        std::vector<int> hs;
        for (const Word& w : row)
            hs.push_back(w.box.height);
        std::nth_element(hs.begin(), hs.begin() + static_cast<long>(hs.size() / 2), hs.end());
        const int h = hs[hs.size() / 2];
        for (size_t i = 0; i < row.size(); ++i) {
            if (i == 0 || (row[i].box.x - row[i - 1].box.right() > 3 * h / 2 && !blankInLine(lines.back().back().text, row[i].text)))
                lines.emplace_back();
            lines.back().push_back(std::move(row[i]));
        }
    }
    std::sort(lines.begin(), lines.end(), [](const auto& a, const auto& b) {
        return a.front().box.y != b.front().box.y ? a.front().box.y < b.front().box.y : a.front().box.x < b.front().box.x;
    });
    for (auto& ws : lines) {
        Line& ln = out.lines.emplace_back();
        for (Word& w : ws) {
            w.line = static_cast<int>(out.lines.size()) - 1;
            w.block = w.line;
            ln.words.push_back(static_cast<int>(out.words.size()));
            out.words.push_back(std::move(w));
        }
    }
    detail::finishLines(out);
    return out;
}

Result<TextLayer> readTextLayer(const std::string& pdfPath, int dpi)
{
    std::ifstream in(pdfPath, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    const std::string bytes = ss.str();
    std::vector<char> data(bytes.begin(), bytes.end());
    std::unique_ptr<poppler::document> doc(data.empty() ? nullptr : poppler::document::load_from_data(&data));
    if (!doc)
        return fail(Errc::InvalidInput, pdfPath + ": not a readable PDF");
    if (doc->is_locked())
        return fail(Errc::InvalidInput, pdfPath + ": the PDF is encrypted");
    if (doc->pages() <= 0)
        return fail(Errc::InvalidInput, pdfPath + ": the PDF has no pages");
    if (dpi <= 0)
        dpi = 300;
    TextLayer out;
    poppler::page_renderer renderer;
    renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
    renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
    renderer.set_image_format(poppler::image::format_argb32);
    const double scale = dpi / 72.0;  // PDF points to pixels
    for (int i = 0; i < doc->pages(); ++i) {
        std::unique_ptr<poppler::page> page(doc->create_page(i));
        if (!page)
            return fail(Errc::InvalidInput, pdfPath + ": page " + std::to_string(i + 1) + " cannot be read");
        const poppler::image img = renderer.render_page(page.get(), dpi, dpi);
        if (!img.is_valid())
            return fail(Errc::InvalidInput, pdfPath + ": page " + std::to_string(i + 1) + " cannot be rendered");
        out.pages.push_back(fromPoppler(img, dpi));
        std::vector<Word> words;
        bool ocrLayer = false;
        if (page->orientation() == poppler::page::portrait) {
            for (const poppler::text_box& b : page->text_list(poppler::page::text_list_include_font)) {
                if (b.get_wmode() == poppler::text_box::vertical_wmode || b.rotation() != 0)
                    continue;
                if (b.has_font_info() && b.get_font_name().find("GlyphLessFont") != std::string::npos) {
                    ocrLayer = true;
                    continue;
                }
                const auto utf8 = b.text().to_utf8();
                Word w;
                w.text = text::nfc(std::string(utf8.begin(), utf8.end()));
                const poppler::rectf r = b.bbox();
                w.box = {static_cast<int>(r.left() * scale), static_cast<int>(r.top() * scale),
                         std::max(1, static_cast<int>(r.width() * scale + 0.5)), std::max(1, static_cast<int>(r.height() * scale + 0.5))};
                w.confidence = 100;
                words.push_back(std::move(w));
            }
        }
        if (ocrLayer && words.empty())
            ++out.ocrLayerPages;
        OcrResult page1 = linesFromWords(std::move(words));
        if (!page1.words.empty())
            ++out.usablePages;
        out.text.push_back(std::move(page1));
    }
    log::debug("vanthu.ocr", pdfPath + ": text layer on " + std::to_string(out.usablePages) + " of " +
                                 std::to_string(out.pages.size()) + " pages");
    return out;
}

} // namespace vanthu::ocr
