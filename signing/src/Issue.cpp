// Cấp số: the outgoing number and date written into the printed blanks. Poppler finds the words
// "Số:", "/<symbol>", "ngày", "tháng", "năm" on page 1 with their boxes and font size; PoDoFo adds
// one annotation per filled blank (an incremental update the leader's signature survives).

#include "Pdf_p.h"
#include "Sandbox_p.h"

#include "vanthu/signing/Sign.h"
#include "vanthu/signing/Stamp.h"

#include <poppler-document.h>
#include <poppler-page.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <sstream>

namespace vanthu::signing {

namespace detail {
namespace {

using namespace PoDoFo;

struct WordBox {
    std::string text;
    double left, top, right, bottom, size;   // pt, top-left origin
};

std::vector<WordBox> pageWords(const std::string& path)
{
    std::vector<WordBox> out;
    std::unique_ptr<poppler::document> doc(poppler::document::load_from_file(path));
    if (!doc || doc->is_locked() || doc->pages() < 1)
        return out;
    std::unique_ptr<poppler::page> page(doc->create_page(0));
    if (!page)
        return out;
    for (const auto& box : page->text_list(poppler::page::text_list_include_font)) {
        const auto utf8 = box.text().to_utf8();
        const auto r = box.bbox();
        out.push_back({std::string(utf8.begin(), utf8.end()), r.left(), r.top(), r.right(), r.bottom(),
                       box.has_font_info() ? box.get_font_size() : r.height() / 1.15});
    }
    return out;
}

bool sameLine(const WordBox& a, const WordBox& b) { return std::abs(a.bottom - b.bottom) < 2.5 && b.left > a.right - 0.5; }

const WordBox* nextOnLine(const std::vector<WordBox>& words, const WordBox& w)
{
    const WordBox* best = nullptr;
    for (const auto& x : words)
        if (&x != &w && sameLine(w, x) && (!best || x.left < best->left))
            best = &x;
    return best;
}

struct Placed {
    std::string text;
    double x, baseline, size;   // pt, top-left origin
    bool italic;
};

// Text centred in the gap [from, to] on the baseline of `ref`.
Placed inGap(const std::string& text, const WordBox& ref, double from, double to, bool italic, PdfFont* font)
{
    font->SetFontSize(static_cast<float>(ref.size));
    const double width = font->GetFontMetrics()->StringWidth(utf8(text));
    const double baseline = ref.bottom - ref.size * 0.216;   // Liberation Serif descent
    return {text, (from + to - width) / 2, baseline, ref.size, italic};
}

std::string twoDigits(unsigned v) { return (v < 10 ? "0" : "") + std::to_string(v); }

Result<std::string> fillInChild(const std::string& input, const std::string& tmp, const IssueFill& f)
{
    silencePodofo();
    PdfMemDocument doc;
    if (auto st = loadForUpdate(doc, input); !st)
        return std::unexpected(st.error());
    PdfPage* page = doc.GetPage(0);
    const PdfRect size = page->GetPageSize();
    PdfFont* upright = createVietnameseFont(doc, false);
    PdfFont* italic = createVietnameseFont(doc, false, true);
    if (!upright || !italic)
        return fail(Errc::FontMissing, "Liberation Serif");

    // NĐ 30: day < 10 and months 1–2 with a leading zero.
    const unsigned day = static_cast<unsigned>(f.date.day());
    const unsigned month = static_cast<unsigned>(f.date.month());
    const std::string dayText = twoDigits(day);
    const std::string monthText = month <= 2 ? twoDigits(month) : std::to_string(month);

    std::vector<Placed> placed;
    const auto words = pageWords(input);
    const double topZone = size.GetHeight() * 0.45;
    auto explicitAt = [&](const std::optional<MmPoint>& at, const std::string& text, bool it) {
        placed.push_back({text, mmToPt(at->x), mmToPt(at->y), f.fontSizePt, it});
    };
    if (f.numberAt) {
        explicitAt(f.numberAt, f.number, false);
    } else {
        const WordBox* so = nullptr;
        for (const auto& w : words)
            if (w.top < topZone && (w.text == "Số:" || w.text == "Số")) {
                so = &w;
                break;
            }
        if (!so)
            return fail(Errc::InvalidInput, "no \"Số:\" on page 1; give the position");
        const WordBox* symbol = nextOnLine(words, *so);
        if (symbol && !symbol->text.empty() && symbol->text[0] != '/' && symbol->left - so->right < so->size * 1.5)
            return fail(Errc::InvalidInput, "the number is already printed: " + symbol->text);
        const double gapEnd = symbol && !symbol->text.empty() && symbol->text[0] == '/' ? symbol->left
                                                                                          : so->right + so->size * 3;
        placed.push_back(inGap(f.number, *so, so->right, gapEnd, false, upright));
    }
    if (f.dayAt && f.monthAt) {
        explicitAt(f.dayAt, dayText, true);
        explicitAt(f.monthAt, monthText, true);
    } else {
        const WordBox *ngay = nullptr, *thang = nullptr, *nam = nullptr;
        for (const auto& w : words) {
            if (w.top >= topZone || w.text != "ngày")
                continue;
            const WordBox* t = nextOnLine(words, w);
            if (t && t->text == "tháng") {
                ngay = &w;
                thang = t;
                nam = nextOnLine(words, *t);
                break;
            }
        }
        if (!ngay || !nam || nam->text != "năm")
            return fail(Errc::InvalidInput, "no blank \"ngày … tháng … năm\" on page 1; give the positions");
        placed.push_back(inGap(dayText, *ngay, ngay->right, thang->left, true, italic));
        placed.push_back(inGap(monthText, *thang, thang->right, nam->left, true, italic));
    }

    for (const auto& p : placed) {
        PdfFont* font = p.italic ? italic : upright;
        font->SetFontSize(static_cast<float>(p.size));
        const double width = font->GetFontMetrics()->StringWidth(utf8(p.text));
        const double descent = p.size * 0.25, ascent = p.size * 0.95;
        const double x = size.GetLeft() + p.x, y = size.GetBottom() + size.GetHeight() - p.baseline - descent;
        PdfAnnotation* annot = page->CreateAnnotation(ePdfAnnotation_Stamp, PdfRect(x, y, width, ascent + descent));
        annot->SetFlags(ePdfAnnotationFlags_Print | ePdfAnnotationFlags_Locked);
        annot->SetTitle(utf8("vanthu"));
        annot->SetContents(utf8(p.text));
        PdfXObject xobj(PdfRect(0, 0, width, ascent + descent), &doc);
        PdfPainter painter;
        painter.SetPage(&xobj);
        painter.SetColor(0, 0, 0);
        painter.SetFont(font);
        painter.DrawText(0, descent, utf8(p.text));
        painter.FinishPage();
        annot->SetAppearanceStream(&xobj);
    }
    PdfOutputDevice out(tmp.c_str());
    doc.WriteUpdate(&out, true);
    out.Flush();
    std::ostringstream answer;
    answer.precision(17);
    for (const auto& p : placed)
        answer << ptToMm(p.x) << ' ' << ptToMm(p.baseline) << ' ';
    answer << placed.front().size;
    return answer.str();
}

Result<std::string> spotInChild(const std::string& path, const std::string& signerName)
{
    std::unique_ptr<poppler::document> doc(poppler::document::load_from_file(path));
    if (!doc || doc->is_locked() || doc->pages() < 1)
        return fail(Errc::PdfMalformed, "Poppler cannot open " + path);
    std::unique_ptr<poppler::page> page(doc->create_page(doc->pages() - 1));
    std::vector<WordBox> words;
    for (const auto& box : page->text_list()) {
        const auto utf8 = box.text().to_utf8();
        const auto r = box.bbox();
        words.push_back({std::string(utf8.begin(), utf8.end()), r.left(), r.top(), r.right(), r.bottom(), r.height()});
    }
    std::vector<std::string> name;
    {
        std::istringstream in(signerName);
        for (std::string w; in >> w;)
            name.push_back(w);
    }
    if (name.empty())
        return fail(Errc::InvalidInput, "no signer name");
    // The bottom-most run of words spelling the name on one line.
    const WordBox* first = nullptr;
    const WordBox* last = nullptr;
    for (std::size_t i = 0; i + name.size() <= words.size(); ++i) {
        bool match = true;
        for (std::size_t k = 0; k < name.size() && match; ++k)
            match = words[i + k].text == name[k] && (k == 0 || std::abs(words[i + k].bottom - words[i].bottom) < 2);
        if (match && (!first || words[i].top > first->top)) {
            first = &words[i];
            last = &words[i + name.size() - 1];
        }
    }
    if (!first)
        return fail(Errc::InvalidInput, "\"" + signerName + "\" is not printed on the last page");
    const double left = first->left, right = last->right, top = std::min(first->top, last->top);
    // The lowest printed line above the name that overlaps it horizontally: the title.
    double above = -1;
    for (const auto& w : words)
        if (w.bottom < top - 1 && w.right > left - 20 && w.left < right + 20)
            above = std::max(above, w.bottom);
    if (above < 0)
        return fail(Errc::InvalidInput, "nothing printed above the signer's name");
    std::ostringstream out;
    out.precision(17);
    out << ptToMm((left + right) / 2) << ' ' << ptToMm((above + top) / 2);
    return out.str();
}

} // namespace
} // namespace detail

Result<MmPoint> findSignatureSpot(const std::string& pdf, const std::string& signerName)
{
    using namespace detail;
    std::error_code ec;
    if (!std::filesystem::exists(pdf, ec))
        return fail(Errc::FileNotFound, pdf);
    SandboxLimits limits;
    limits.timeout = std::chrono::seconds(30);
    auto res = runSandboxed([&] { return guardPodofo([&] { return spotInChild(pdf, signerName); }); }, limits);
    if (!res)
        return std::unexpected(res.error());
    MmPoint p;
    std::istringstream in(*res);
    in >> p.x >> p.y;
    return p;
}

Result<IssueOutcome> writeIssueNumber(const std::string& input, const std::string& output, const IssueFill& fill)
{
    using namespace detail;
    namespace fs = std::filesystem;
    std::error_code probe;
    if (!fs::exists(input, probe))
        return fail(Errc::FileNotFound, input);
    if (fill.number.empty() || !fill.date.ok())
        return fail(Errc::InvalidInput, "number and date are required");
    auto res = writeInChild(output, "issue", "issue number on " + input,
                            [&](const std::string& tmp) { return fillInChild(input, tmp, fill); });
    if (!res)
        return std::unexpected(res.error());
    IssueOutcome o;
    std::istringstream in(*res);
    in >> o.numberAt.x >> o.numberAt.y >> o.dayAt.x >> o.dayAt.y >> o.monthAt.x >> o.monthAt.y >> o.fontSizePt;
    return o;
}

} // namespace vanthu::signing
