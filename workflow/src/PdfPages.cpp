#include "PdfPages_p.h"

#include "vanthu/core/Hash.h"
#include "vanthu/workflow/Errors.h"

#include <cairo-pdf.h>
#include <cairo.h>

#include <cstdio>
#include <filesystem>
#include <memory>

namespace vanthu::workflow::detail {

namespace {

struct SurfaceDeleter {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoDeleter {
    void operator()(cairo_t* c) const { cairo_destroy(c); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using CairoPtr = std::unique_ptr<cairo_t, CairoDeleter>;

// The page as a cairo RGB24 image (grey and 1-bit pages expanded).
SurfacePtr toSurface(const PageImage& p)
{
    SurfacePtr s(cairo_image_surface_create(CAIRO_FORMAT_RGB24, p.width, p.height));
    if (cairo_surface_status(s.get()) != CAIRO_STATUS_SUCCESS)
        return nullptr;
    cairo_surface_flush(s.get());
    unsigned char* data = cairo_image_surface_get_data(s.get());
    const int stride = cairo_image_surface_get_stride(s.get());
    const auto& px = *p.pixels;
    for (int y = 0; y < p.height; ++y) {
        auto* out = reinterpret_cast<uint32_t*>(data + static_cast<size_t>(y) * static_cast<size_t>(stride));
        const uint8_t* in = px.data() + static_cast<size_t>(y) * p.stride;
        for (int x = 0; x < p.width; ++x) {
            uint32_t r = 0, g = 0, b = 0;
            switch (p.format) {
            case PixelFormat::Mono1: {
                const bool black = (in[x / 8] >> (7 - x % 8)) & 1;
                r = g = b = black ? 0 : 255;
                break;
            }
            case PixelFormat::Gray8: r = g = b = in[x]; break;
            case PixelFormat::Rgb24:
                r = in[3 * x];
                g = in[3 * x + 1];
                b = in[3 * x + 2];
                break;
            }
            out[x] = (r << 16) | (g << 8) | b;
        }
    }
    cairo_surface_mark_dirty(s.get());
    return s;
}

} // namespace

Status writeImagePdf(const std::vector<PageImage>& pages, const std::string& path, const std::string& title)
{
    if (pages.empty())
        return fail(Errc::InvalidInput, "no pages to write");
    const std::string tmp = path + ".tmp-" + hash::randomHex(4);
    const auto sizeOf = [](const PageImage& p, double& w, double& h) {
        const double dpi = p.dpi > 0 ? p.dpi : 300.0;
        w = p.width * 72.0 / dpi;
        h = p.height * 72.0 / dpi;
    };
    double w = 0, h = 0;
    sizeOf(pages.front(), w, h);
    SurfacePtr pdf(cairo_pdf_surface_create(tmp.c_str(), w, h));
    if (cairo_surface_status(pdf.get()) != CAIRO_STATUS_SUCCESS)
        return fail(Errc::Io, "cannot create " + tmp);
    cairo_pdf_surface_set_metadata(pdf.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
    cairo_pdf_surface_set_metadata(pdf.get(), CAIRO_PDF_METADATA_CREATOR, "vanthu");
    for (size_t i = 0; i < pages.size(); ++i) {
        const PageImage& p = pages[i];
        sizeOf(p, w, h);
        cairo_pdf_surface_set_size(pdf.get(), w, h);
        CairoPtr cr(cairo_create(pdf.get()));
        SurfacePtr img = toSurface(p);
        if (!img)
            return fail(Errc::Internal, "cannot convert page " + std::to_string(i + 1));
        cairo_scale(cr.get(), w / p.width, h / p.height);
        cairo_set_source_surface(cr.get(), img.get(), 0, 0);
        cairo_paint(cr.get());
        cairo_show_page(cr.get());
    }
    cairo_surface_finish(pdf.get());
    const bool ok = cairo_surface_status(pdf.get()) == CAIRO_STATUS_SUCCESS;
    pdf.reset();
    std::error_code ec;
    if (!ok) {
        std::filesystem::remove(tmp, ec);
        return fail(Errc::Io, "writing " + path + " failed (disk full?)");
    }
    std::filesystem::rename(tmp, path, ec);
    if (ec)
        return fail(Errc::Io, "cannot rename to " + path + ": " + ec.message());
    return {};
}

} // namespace vanthu::workflow::detail
