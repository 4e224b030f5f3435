#include "RenderedPage.h"

#include <cmath>
#include <utility>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <memory>

namespace vanthu::test {

namespace {

struct Ctx {
    cairo_t* cr;
    double pxPerMm;
};

// Draws one line centred on `cxMm` (or starting at it when `left`), top at `yMm`; returns its height in mm.
double line(Ctx& c, const std::string& s, double cxMm, double yMm, double pt, bool bold, bool italic,
            bool left = false, int frames = 0)
{
    PangoLayout* layout = pango_cairo_create_layout(c.cr);
    PangoFontDescription* fd = pango_font_description_from_string("Liberation Serif");
    pango_font_description_set_absolute_size(fd, pt * 25.4 / 72.0 * c.pxPerMm * PANGO_SCALE);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(fd, italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    pango_layout_set_font_description(layout, fd);
    pango_layout_set_text(layout, s.c_str(), -1);
    int w = 0, h = 0;
    pango_layout_get_pixel_size(layout, &w, &h);
    const double x = left ? cxMm * c.pxPerMm : cxMm * c.pxPerMm - w / 2.0;
    const double y = yMm * c.pxPerMm;
    cairo_move_to(c.cr, x, y);
    pango_cairo_show_layout(c.cr, layout);
    if (frames > 0) {
        const double pad = 1.2 * c.pxPerMm;
        cairo_set_line_width(c.cr, 0.35 * c.pxPerMm);
        cairo_rectangle(c.cr, x - pad, y - pad / 2, w + 2 * pad, h + pad);
        cairo_stroke(c.cr);
    }
    if (frames > 1) {  // a thinner frame 0.7 mm outside the first
        const double pad = 1.9 * c.pxPerMm;
        cairo_set_line_width(c.cr, 0.21 * c.pxPerMm);
        cairo_rectangle(c.cr, x - pad, y - pad + 0.6 * c.pxPerMm, w + 2 * pad, h + 2 * pad - 1.2 * c.pxPerMm);
        cairo_stroke(c.cr);
    }
    pango_font_description_free(fd);
    g_object_unref(layout);
    return h / c.pxPerMm;
}

// Draws the page on `cr` (user units: pixels at `pxPerMm`), source colour black.
void drawPage(cairo_t* cr, const PageText& t, double pxPerMm)
{
    Ctx c{cr, pxPerMm};
    const double leftCx = 62, rightCx = 148;
    double y = 20;
    for (size_t i = 0; i < t.agency.size(); ++i)
        y += line(c, t.agency[i], leftCx, y, static_cast<int>(i) >= t.boldFrom ? t.issuerPt : 13, static_cast<int>(i) >= t.boldFrom,
                  false) * 0.95;
    cairo_set_line_width(cr, 0.3 * pxPerMm);
    cairo_move_to(cr, (leftCx - 12) * pxPerMm, (y + 0.8) * pxPerMm);
    cairo_line_to(cr, (leftCx + 12) * pxPerMm, (y + 0.8) * pxPerMm);
    cairo_stroke(cr);
    double ry = 20;
    ry += line(c, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", rightCx, ry, 12, true, false) * 0.95;
    ry += line(c, "Độc lập - Tự do - Hạnh phúc", rightCx, ry, 13, true, false);
    const double numberY = std::max(y, ry) + 4;
    double ly = numberY + line(c, t.number, leftCx, numberY, 13, false, false) + 1;
    line(c, t.placeDate, rightCx, numberY, 14, false, true);
    if (t.typeName.empty())
        for (const auto& s : t.subject)
            ly += line(c, s, leftCx, ly, 12, false, false);
    if (!t.mark.empty()) {
        ly += 3;
        ly += line(c, t.mark, leftCx, ly, 13, true, false, false, t.markFrames) + 2;
    }
    double by = std::max(ly, numberY + 8) + 6;
    if (!t.typeName.empty()) {
        by += line(c, t.typeName, 105, by, 14, true, false);
        for (const auto& s : t.subject)
            by += line(c, s, 105, by, 14, true, false);
        by += 6;
    }
    for (const auto& s : t.body)
        by += line(c, s, 30, by, 14, false, false, true) * 1.2;
    by += 6;
    double ny = by;
    ny += line(c, "Nơi nhận:", 30, ny, 12, true, true, true);
    for (const auto& s : t.recipients)
        ny += line(c, s, 30, ny, 11, false, false, true);
    double sy = by;
    if (t.seal) {
        // Stamped before the print is drawn over it: where print and ink cross, the print stays dark.
        cairo_save(cr);
        cairo_set_source_rgb(cr, 0.86, 0.16, 0.16);
        const double cx = t.sealCentreMm * pxPerMm, cy = (sy + t.sealDownMm) * pxPerMm;
        if (!t.sealImage.empty()) {
            cairo_surface_t* png = cairo_image_surface_create_from_png(t.sealImage.c_str());
            const int side = cairo_image_surface_get_width(png);
            if (cairo_surface_status(png) == CAIRO_STATUS_SUCCESS && side > 0) {
                const double scale = 40 * pxPerMm / side;
                cairo_translate(cr, cx - 20 * pxPerMm, cy - 20 * pxPerMm);
                cairo_scale(cr, scale, scale);
                cairo_set_source_surface(cr, png, 0, 0);
                cairo_paint(cr);
            }
            cairo_surface_destroy(png);
        } else if (t.sealRings) {
            // 38 mm across: a 1.1 mm outer ring, a 0.35 mm ring 1.6 mm inside it, a ring at
            // six tenths of the radius and a five-pointed star in the middle.
            const double R = 19 * pxPerMm;
            for (const auto& [radius, width] : {std::pair{R - 0.55 * pxPerMm, 1.1 * pxPerMm}, std::pair{R - 1.8 * pxPerMm, 0.35 * pxPerMm},
                                                std::pair{0.6 * R, 0.45 * pxPerMm}}) {
                cairo_set_line_width(cr, width);
                cairo_new_sub_path(cr);
                cairo_arc(cr, cx, cy, radius, 0, 6.2832);
                cairo_stroke(cr);
            }
            for (int i = 0; i < 10; ++i) {
                const double a = -1.5708 + i * 0.6283, r = (i % 2 ? 0.12 : 0.3) * R;
                i == 0 ? cairo_move_to(cr, cx + r * std::cos(a), cy + r * std::sin(a)) : cairo_line_to(cr, cx + r * std::cos(a), cy + r * std::sin(a));
            }
            cairo_close_path(cr);
            cairo_fill(cr);
        } else {
            cairo_arc(cr, cx, cy, 19 * pxPerMm, 0, 6.2832);
            cairo_fill(cr);
        }
        if (t.signatureStroke) {
            cairo_set_source_rgb(cr, 0.15, 0.3, 0.85);
            cairo_set_line_width(cr, 1.2 * pxPerMm);
            cairo_move_to(cr, 128 * pxPerMm, (sy + 30) * pxPerMm);
            cairo_curve_to(cr, 140 * pxPerMm, (sy + 12) * pxPerMm, 150 * pxPerMm, (sy + 44) * pxPerMm, 170 * pxPerMm, (sy + 22) * pxPerMm);
            cairo_stroke(cr);
        }
        cairo_restore(cr);
    }
    for (const auto& s : t.signerLines)
        sy += line(c, s, 150, sy, 13, true, false);
    if (!t.signatureCaps.empty())
        line(c, t.signatureCaps, 150, sy + 4, t.signatureCapsPt, true, false);
    line(c, t.signerName, 150, sy + 24, 14, true, false);
}

} // namespace

PageImage renderPage(const PageText& t, int dpi)
{
    const double pxPerMm = dpi / 25.4;
    const int W = static_cast<int>(210 * pxPerMm), H = static_cast<int>(297 * pxPerMm);
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_A8, W, H);
    cairo_t* cr = cairo_create(surface);
    cairo_set_source_rgba(cr, 0, 0, 0, 1);
    PageText plain = t;
    plain.seal = false;
    drawPage(cr, plain, pxPerMm);
    cairo_surface_flush(surface);

    PageImage p = PageImage::blank(W, H, dpi, PixelFormat::Gray8);
    auto px = std::make_shared<std::vector<uint8_t>>(p.stride * static_cast<size_t>(H));
    const unsigned char* src = cairo_image_surface_get_data(surface);
    const int srcStride = cairo_image_surface_get_stride(surface);
    for (int row = 0; row < H; ++row)
        for (int col = 0; col < W; ++col)
            (*px)[static_cast<size_t>(row) * p.stride + static_cast<size_t>(col)] =
                static_cast<uint8_t>(255 - src[static_cast<size_t>(row) * static_cast<size_t>(srcStride) + static_cast<size_t>(col)]);
    p.pixels = std::move(px);
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
    return p;
}

PageImage renderPageRgb(const PageText& t, int dpi)
{
    const double pxPerMm = dpi / 25.4;
    const int W = static_cast<int>(210 * pxPerMm), H = static_cast<int>(297 * pxPerMm);
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, H);
    cairo_t* cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    drawPage(cr, t, pxPerMm);
    cairo_surface_flush(surface);
    PageImage p = PageImage::blank(W, H, dpi, PixelFormat::Rgb24);
    auto px = std::make_shared<std::vector<uint8_t>>(p.stride * static_cast<size_t>(H));
    const unsigned char* src = cairo_image_surface_get_data(surface);
    const int srcStride = cairo_image_surface_get_stride(surface);
    for (int row = 0; row < H; ++row)
        for (int col = 0; col < W; ++col) {
            // CAIRO_FORMAT_RGB24: native-endian 0x00RRGGBB words, B G R x in memory on little endian.
            const unsigned char* s = src + static_cast<size_t>(row) * static_cast<size_t>(srcStride) + 4 * static_cast<size_t>(col);
            uint8_t* d = px->data() + static_cast<size_t>(row) * p.stride + 3 * static_cast<size_t>(col);
            d[0] = s[2];
            d[1] = s[1];
            d[2] = s[0];
        }
    p.pixels = std::move(px);
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
    return p;
}

void renderPdf(const PageText& t, const std::string& path)
{
    // PDF user units are points: 72 per inch.
    const double pxPerMm = 72.0 / 25.4;
    cairo_surface_t* surface = cairo_pdf_surface_create(path.c_str(), 210 * pxPerMm, 297 * pxPerMm);
    cairo_t* cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 0, 0, 0);
    PageText plain = t;
    plain.seal = false;
    drawPage(cr, plain, pxPerMm);
    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    cairo_surface_destroy(surface);
}

} // namespace vanthu::test
