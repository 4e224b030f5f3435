// The "ĐẾN" stamp. Placement: page 1 is rendered with Poppler at 50 dpi and the 50 × 35 mm window
// with the least ink in the top band wins (ties: nearest to the configured place), so the stamp
// never covers header text when an empty area exists.

#include "Pdf_p.h"
#include "Sandbox_p.h"

#include "vanthu/core/Log.h"
#include "vanthu/signing/Stamp.h"

#include <poppler-document.h>
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>

#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <vector>

namespace vanthu::signing {

namespace detail {
namespace {

using namespace PoDoFo;
namespace fs = std::filesystem;
constexpr std::string_view kLog = "vanthu.signing";
constexpr double kDpi = 50;

// Ink per pixel of page 1 (1 = dark), from Poppler's rendering.
struct InkMap {
    int width = 0, height = 0;
    std::vector<int> integral;   // (width+1) x (height+1) summed-area table
    long sum(int x0, int y0, int x1, int y1) const
    {
        auto at = [this](int x, int y) { return static_cast<long>(integral[static_cast<std::size_t>(y * (width + 1) + x)]); };
        return at(x1, y1) - at(x0, y1) - at(x1, y0) + at(x0, y0);
    }
};

std::optional<InkMap> renderInk(const std::string& path)
{
    std::unique_ptr<poppler::document> doc(poppler::document::load_from_file(path));
    if (!doc || doc->is_locked() || doc->pages() < 1)
        return std::nullopt;
    std::unique_ptr<poppler::page> page(doc->create_page(0));
    if (!page)
        return std::nullopt;
    poppler::page_renderer renderer;
    renderer.set_render_hint(poppler::page_renderer::antialiasing, false);
    renderer.set_image_format(poppler::image::format_gray8);
    poppler::image img = renderer.render_page(page.get(), kDpi, kDpi);
    if (!img.is_valid())
        return std::nullopt;
    InkMap m;
    m.width = img.width();
    m.height = img.height();
    m.integral.assign(static_cast<std::size_t>((m.width + 1) * (m.height + 1)), 0);
    const char* data = img.const_data();
    for (int y = 0; y < m.height; ++y) {
        const auto* row = reinterpret_cast<const unsigned char*>(data + static_cast<std::ptrdiff_t>(y) * img.bytes_per_row());
        int rowSum = 0;
        for (int x = 0; x < m.width; ++x) {
            rowSum += row[x] < 200 ? 1 : 0;
            m.integral[static_cast<std::size_t>((y + 1) * (m.width + 1) + x + 1)] =
                m.integral[static_cast<std::size_t>(y * (m.width + 1) + x + 1)] + rowSum;
        }
    }
    return m;
}

MmPoint choosePlace(const InkMap& ink, const StampPlacement& p, double pageWmm, double pageHmm, long& inkUnder)
{
    const double pxPerMm = kDpi / 25.4;
    const double maxX = pageWmm - p.widthMm - 3, maxY = std::min(p.searchBottomMm, pageHmm - 3) - p.heightMm;
    MmPoint best = p.preferredTopLeft;
    best.x = std::clamp(best.x, 3.0, std::max(3.0, maxX));
    best.y = std::clamp(best.y, p.searchTopMm, std::max(p.searchTopMm, maxY));
    double bestScore = 1e18;
    constexpr double kPad = 2;   // keep a little air around text
    for (double y = p.searchTopMm; y <= maxY + 1e-9; y += 1) {
        for (double x = 3; x <= maxX + 1e-9; x += 1) {
            const int x0 = std::max(0, static_cast<int>((x - kPad) * pxPerMm));
            const int y0 = std::max(0, static_cast<int>((y - kPad) * pxPerMm));
            const int x1 = std::min(ink.width, static_cast<int>(std::ceil((x + p.widthMm + kPad) * pxPerMm)));
            const int y1 = std::min(ink.height, static_cast<int>(std::ceil((y + p.heightMm + kPad) * pxPerMm)));
            const double dist = std::hypot(x - p.preferredTopLeft.x, y - p.preferredTopLeft.y);
            // Ink dominates; distance only breaks ties between (nearly) empty windows.
            const double score = static_cast<double>(ink.sum(x0, y0, x1, y1)) * 1000.0 + dist;
            if (score < bestScore) {
                bestScore = score;
                best = {x, y};
                inkUnder = ink.sum(x0, y0, x1, y1);
            }
        }
    }
    return best;
}

std::vector<std::string> wrap(PdfFont* font, const std::string& text, double maxWidth)
{
    std::vector<std::string> lines;
    std::istringstream words(text);
    std::string word, line;
    while (words >> word) {
        const std::string candidate = line.empty() ? word : line + " " + word;
        if (!line.empty() && font->GetFontMetrics()->StringWidth(utf8(candidate)) > maxWidth) {
            lines.push_back(line);
            line = word;
        } else {
            line = candidate;
        }
    }
    if (!line.empty())
        lines.push_back(line);
    return lines;
}

Result<std::string> stampInChild(const std::string& input, const std::string& tmp, const ArrivalStamp& s,
                                 const StampPlacement& p)
{
    silencePodofo();
    PdfMemDocument doc;
    if (auto st = loadForUpdate(doc, input); !st)
        return std::unexpected(st.error());
    if (doc.GetPageCount() < 1)
        return fail(Errc::PdfMalformed, "the PDF has no pages");
    PdfPage* page = doc.GetPage(0);
    const PdfRect size = page->GetPageSize();
    const double pageWmm = ptToMm(size.GetWidth()), pageHmm = ptToMm(size.GetHeight());
    if (pageWmm < p.widthMm + 6 || pageHmm < p.heightMm + 6)
        return fail(Errc::InvalidInput, "page 1 is smaller than the stamp");

    MmPoint at = p.preferredTopLeft;
    long inkUnder = -1;   // unknown for a fixed place
    if (p.automatic) {
        auto ink = renderInk(input);
        if (!ink)
            return fail(Errc::PdfMalformed, "Poppler cannot render page 1");
        at = choosePlace(*ink, p, pageWmm, pageHmm, inkUnder);
    }

    PdfFont* regular = createVietnameseFont(doc, false);
    PdfFont* bold = createVietnameseFont(doc, true);
    if (!regular || !bold)
        return fail(Errc::FontMissing, "Liberation Serif / DejaVu Serif");

    const double w = mmToPt(p.widthMm), h = mmToPt(p.heightMm);
    const double x = mmToPt(at.x) + size.GetLeft(), y = size.GetBottom() + size.GetHeight() - mmToPt(at.y) - h;
    PdfAnnotation* annot = page->CreateAnnotation(ePdfAnnotation_Stamp, PdfRect(x, y, w, h));
    annot->SetFlags(ePdfAnnotationFlags_Print | ePdfAnnotationFlags_Locked);
    annot->SetTitle(utf8("vanthu"));
    annot->SetContents(utf8("ĐẾN " + s.arrivalNumber));

    PdfXObject xobj(PdfRect(0, 0, w, h), &doc);
    PdfPainter painter;
    painter.SetPage(&xobj);
    constexpr double kRed[3] = {0.78, 0.05, 0.1};   // stamp ink
    painter.SetStrokingColor(kRed[0], kRed[1], kRed[2]);
    painter.SetColor(kRed[0], kRed[1], kRed[2]);
    painter.SetStrokeWidth(1.0);
    painter.Rectangle(0.5, 0.5, w - 1, h - 1);
    painter.Stroke();

    const double pad = mmToPt(2);
    double baseline = h - pad;
    auto centred = [&](PdfFont* f, double pt, const std::string& text) {
        f->SetFontSize(static_cast<float>(pt));
        painter.SetFont(f);
        const PdfString str = utf8(text);
        const double tw = f->GetFontMetrics()->StringWidth(str);
        baseline -= pt;
        painter.DrawText((w - tw) / 2, baseline, str);
        baseline -= pt * 0.2;
    };
    auto left = [&](const std::string& label, const std::string& value) {
        regular->SetFontSize(9);
        painter.SetFont(regular);
        baseline -= 9;
        painter.DrawText(pad, baseline, utf8(label + " " + value));
        baseline -= 3.4;
    };
    bold->SetFontSize(8.5f);
    for (const auto& line : wrap(bold, s.agencyName, w - 2 * pad))
        centred(bold, 8.5, line);
    baseline -= 1;
    centred(bold, 14, "ĐẾN");
    left("Số:", s.arrivalNumber);
    const std::string iso = vntime::toIso8601(s.arrivedAt);   // 2026-11-22T09:30:00+07:00
    std::string date = vntime::toDmy(vntime::localDate(s.arrivedAt));
    if (s.showTime)
        date += "  Giờ: " + iso.substr(11, 5);
    left("Ngày:", date);
    left("Chuyển:", s.forwardedTo.empty() ? std::string(".............................") : s.forwardedTo);
    left("Số và ký hiệu HS:", s.dossierSymbol.empty() ? std::string("..................") : s.dossierSymbol);
    painter.FinishPage();
    annot->SetAppearanceStream(&xobj);

    PdfOutputDevice out(tmp.c_str());
    doc.WriteUpdate(&out, true);
    out.Flush();
    std::ostringstream answer;
    answer.precision(17);
    answer << at.x << ' ' << at.y << ' ' << inkUnder;
    return answer.str();
}

} // namespace
} // namespace detail

Result<StampOutcome> stampArrival(const std::string& input, const std::string& output, const ArrivalStamp& stamp,
                                  const StampPlacement& placement)
{
    using namespace detail;
    namespace fs = std::filesystem;
    std::error_code probe;
    if (!fs::exists(input, probe))
        return fail(Errc::FileNotFound, input);
    if (placement.widthMm <= 0 || placement.heightMm <= 0 || stamp.agencyName.empty())
        return fail(Errc::InvalidInput, "stamp size and agency name are required");
    auto res = writeInChild(output, "stamp", "stamp " + input,
                            [&](const std::string& tmp) { return stampInChild(input, tmp, stamp, placement); });
    if (!res)
        return std::unexpected(res.error());
    StampOutcome o;
    std::istringstream in(*res);
    long inkUnder = -1;
    in >> o.topLeft.x >> o.topLeft.y >> inkUnder;
    o.coversInk = inkUnder > 0;
    if (o.coversInk)
        log::warning(kLog, "no empty 50 x 35 mm area at the top of page 1: the stamp covers some ink");
    o.widthMm = placement.widthMm;
    o.heightMm = placement.heightMm;
    o.moved = std::hypot(o.topLeft.x - placement.preferredTopLeft.x, o.topLeft.y - placement.preferredTopLeft.y) > 0.5;
    return o;
}

} // namespace vanthu::signing
