#include "WorkflowFixtures.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace vanthu::workflow::test {

namespace {

struct Shared {
    TempDir dir;
    std::unique_ptr<Station> station;
};

Shared& storage()
{
    static Shared x;
    return x;
}

Shared& shared()
{
    Shared& x = storage();
    static const bool made = [&x] {
        StationConfig c = StationConfig::defaults();
        c.dataDir = x.dir.file("data");
        c.databasePath = c.dataDir + "/vanthu.db";
        SetupOptions o;
        o.assetsDir = std::string(VANTHU_SHARED_DIR) + "/assets";
        o.probeScanner = false;   // SANE's test device through the station's private configuration
        auto st = Station::setup(c, o);
        if (!st)
            throw std::runtime_error("station setup failed: " + st.error().toString());
        x.station = std::move(*st);
        return true;
    }();
    (void)made;
    return x;
}

// The shared station (and its OCR engine) ends after the last test, before static destruction:
// Tesseract keeps a function-local static dictionary cache made at the engine's first Init, i.e.
// after this fixture's statics, so it is destroyed first at exit and a station ending later
// crashed in Dict::End (seen as a SEGFAULT after a passing test, 1 run in 4).
class ReleaseSharedStation : public ::testing::Environment {
public:
    void TearDown() override { storage().station.reset(); }   // never makes one
};
[[maybe_unused]] const auto* const g_release = ::testing::AddGlobalTestEnvironment(new ReleaseSharedStation);

} // namespace

Station& station() { return *shared().station; }
std::string dataDir() { return shared().station->paths().dataDir; }
std::string shared(const std::string& relative) { return std::string(VANTHU_SHARED_DIR) + "/" + relative; }

vanthu::test::ProcessResult pdfsig(const std::string& pdf)
{
    return run({VANTHU_PDFSIG, "-nssdir", station().keys().nssDir, pdf});
}

bool qpdfOk(const std::string& pdf)
{
    auto r = run({VANTHU_QPDF, "--check", pdf});
    return r.exitCode == 0;
}

std::string pdfText(const std::string& pdf)
{
    return run({VANTHU_PDFTOTEXT, "-layout", pdf, "-"}).out;
}

std::string makeBlankOriginal(const std::string& path, const std::string& subject)
{
    constexpr double kW = 595.28, kH = 841.89;
    cairo_surface_t* s = cairo_pdf_surface_create(path.c_str(), kW, kH);
    cairo_t* cr = cairo_create(s);
    PangoLayout* layout = pango_cairo_create_layout(cr);
    const auto text = [&](double x, double y, const std::string& t, const char* font) {
        PangoFontDescription* f = pango_font_description_from_string(font);
        pango_layout_set_font_description(layout, f);
        pango_font_description_free(f);
        pango_layout_set_text(layout, t.c_str(), -1);
        cairo_move_to(cr, x, y);
        pango_cairo_show_layout(cr, layout);
    };
    text(60, 50, "UBND TỈNH MẪU", "Liberation Serif 13");
    text(40, 68, "SỞ THỬ NGHIỆM TỈNH MẪU", "Liberation Serif Bold 13");
    text(300, 50, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Liberation Serif Bold 12");
    text(330, 68, "Độc lập - Tự do - Hạnh phúc", "Liberation Serif Bold 13");
    text(70, 100, "Số:        /QĐ-STN", "Liberation Serif 13");
    text(320, 100, "Mẫu, ngày      tháng      năm 2026", "Liberation Serif Italic 13");
    text(240, 150, "QUYẾT ĐỊNH", "Liberation Serif Bold 14");
    text(150, 172, subject, "Liberation Serif Bold 13");
    text(70, 220, "Điều 1. Nội dung quyết định thử nghiệm của trạm văn thư.", "Liberation Serif 13");
    text(70, 600, "Nơi nhận:", "Liberation Serif Bold Italic 12");
    text(70, 616, "- Như Điều 1;", "Liberation Serif 11");
    text(70, 630, "- Lưu: VT.", "Liberation Serif 11");
    text(360, 600, "GIÁM ĐỐC", "Liberation Serif Bold 13");
    text(350, 700, "Nguyễn Văn Thành", "Liberation Serif Bold 13");
    cairo_show_page(cr);
    g_object_unref(layout);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    cairo_surface_destroy(s);
    return path;
}

int Raster::red(double x0, double y0, double x1, double y1) const
{
    int n = 0;
    for (int y = std::max(0, int(y0)); y < std::min(height, int(y1)); ++y)
        for (int x = std::max(0, int(x0)); x < std::min(width, int(x1)); ++x) {
            const auto* p = reinterpret_cast<const unsigned char*>(rgb.data()) + (size_t(y) * size_t(width) + size_t(x)) * 3;
            if (p[0] > 150 && p[1] < 110 && p[2] < 110)
                ++n;
        }
    return n;
}

int Raster::differing(const Raster& other, double x0, double y0, double x1, double y1) const
{
    if (other.width != width || other.height != height)
        return -1;
    int n = 0;
    for (int y = std::max(0, int(y0)); y < std::min(height, int(y1)); ++y)
        for (int x = std::max(0, int(x0)); x < std::min(width, int(x1)); ++x) {
            const size_t i = (size_t(y) * size_t(width) + size_t(x)) * 3;
            for (int c = 0; c < 3; ++c)
                if (std::abs(int(static_cast<unsigned char>(rgb[i + c])) - int(static_cast<unsigned char>(other.rgb[i + c]))) > 60) {
                    ++n;
                    break;
                }
        }
    return n;
}

Raster render72(const std::string& pdf, const std::string& prefix, int page)
{
    const auto r = run({VANTHU_PDFTOPPM, "-r", "72", "-f", std::to_string(page), "-l", std::to_string(page), "-singlefile",
                        pdf, prefix});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    std::ifstream in(prefix + ".ppm", std::ios::binary);
    Raster out;
    std::string magic;
    int maxval = 0;
    in >> magic >> out.width >> out.height >> maxval;
    in.get();
    EXPECT_EQ(magic, "P6") << pdf;
    out.rgb.resize(size_t(out.width) * size_t(out.height) * 3);
    in.read(out.rgb.data(), static_cast<std::streamsize>(out.rgb.size()));
    return out;
}

} // namespace vanthu::workflow::test
