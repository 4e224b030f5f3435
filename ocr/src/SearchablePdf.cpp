// Searchable PDF: Tesseract's PDF renderer (page image + invisible text in GlyphLessFont, embedded)
// made PDF/A-2b by an incremental update of our own (metadata, output intent, identifier).
#include "SearchablePdf_p.h"
#include "Utf8_p.h"

#include "vanthu/core/Hash.h"
#include "vanthu/core/VnText.h"
#include "vanthu/core/VnTime.h"
#include "vanthu/ocr/Evaluation.h"

#include <tesseract/baseapi.h>
#include <tesseract/renderer.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

namespace vanthu::ocr {

namespace {

std::string readAll(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// A PDF text string: UTF-16BE with a byte-order mark, as hex.
std::string pdfText(const std::string& utf8)
{
    std::string out = "<FEFF";
    char buf[8];
    for (const char32_t cp : detail::codepoints(utf8)) {
        if (cp >= 0x10000) {
            const char32_t v = cp - 0x10000;
            std::snprintf(buf, sizeof buf, "%04X", static_cast<unsigned>(0xD800 + (v >> 10)));
            out += buf;
            std::snprintf(buf, sizeof buf, "%04X", static_cast<unsigned>(0xDC00 + (v & 0x3FF)));
        } else {
            std::snprintf(buf, sizeof buf, "%04X", static_cast<unsigned>(cp));
        }
        out += buf;
    }
    return out + ">";
}

std::string xmlEscape(const std::string& s)
{
    std::string o;
    for (char c : s) {
        switch (c) {
        case '&': o += "&amp;"; break;
        case '<': o += "&lt;"; break;
        case '>': o += "&gt;"; break;
        case '"': o += "&quot;"; break;
        default: o += c;
        }
    }
    return o;
}

// The value after `key` in a dictionary text ("/Root 1 0 R" → "1"); empty when absent.
std::string dictNumber(const std::string& dict, const std::string& key)
{
    const size_t at = dict.find(key);
    if (at == std::string::npos)
        return {};
    size_t i = at + key.size();
    while (i < dict.size() && (dict[i] == ' ' || dict[i] == '\n' || dict[i] == '\r'))
        ++i;
    size_t j = i;
    while (j < dict.size() && std::isdigit(static_cast<unsigned char>(dict[j])))
        ++j;
    return dict.substr(i, j - i);
}

} // namespace

std::string invisibleText(const OcrResult& text, int dpi, int pageHeight)
{
    const double pt = 72.0 / (dpi > 0 ? dpi : 300);
    std::ostringstream o;
    o.imbue(std::locale::classic());
    o.setf(std::ios::fixed);
    o.precision(2);
    char hex[8];
    // One size for all the lines (the median line height): a PDF reader's text extraction keeps
    // lines of one size together as a block, so a column of the header reads as one; a size per
    // line cut it into blocks read out of order.
    std::vector<int> heights;
    for (const Line& line : text.lines)
        if (line.box.height > 0)
            heights.push_back(line.box.height);
    if (heights.empty())
        return {};
    std::nth_element(heights.begin(), heights.begin() + static_cast<long>(heights.size() / 2), heights.end());
    // GlyphLessFont: every glyph half an em wide, ascent 1 em, descent 0.
    const int size = std::max(1, static_cast<int>(std::lround(heights[heights.size() / 2] * pt)));
    for (const Line& line : text.lines) {
        if (line.box.height <= 0)
            continue;
        const double baseline = (pageHeight - line.box.bottom()) * pt;
        o << "BT 3 Tr /f-0-0 " << size << " Tf";
        for (int wi : line.words) {
            const Word& w = text.words[static_cast<size_t>(wi)];
            std::string glyphs;
            int n = 0;
            for (const char32_t cp : detail::codepoints(w.text + " ")) {
                if (cp >= 0x10000) {  // a surrogate pair: two glyphs of the font
                    const char32_t v = cp - 0x10000;
                    std::snprintf(hex, sizeof hex, "%04X", static_cast<unsigned>(0xD800 + (v >> 10)));
                    glyphs += hex;
                    std::snprintf(hex, sizeof hex, "%04X", static_cast<unsigned>(0xDC00 + (v & 0x3FF)));
                    ++n;
                } else {
                    std::snprintf(hex, sizeof hex, "%04X", static_cast<unsigned>(cp));
                }
                glyphs += hex;
                ++n;
            }
            if (text::simplifySpaces(w.text).empty() || w.box.width <= 0)
                continue;
            const double stretch = 100.0 * (w.box.width * pt) / (size * 0.5 * n);
            o << " " << stretch << " Tz 1 0 0 1 " << w.box.x * pt << " " << baseline << " Tm <" << glyphs << "> Tj";
        }
        o << " ET\n";
    }
    return o.str();
}

Status makePdfA2b(const std::string& file, const DocumentMeta& meta, const std::string& iccPath,
                  const std::vector<int>& pageOrder, const std::map<int, std::string>& extraText)
{
    const std::string pdf = readAll(file);
    const std::string icc = readAll(iccPath);
    if (pdf.empty() || icc.empty())
        return fail(Errc::PdfWrite, "cannot read " + (pdf.empty() ? file : iccPath));
    const size_t sx = pdf.rfind("startxref");
    const size_t tr = pdf.rfind("trailer");
    if (sx == std::string::npos || tr == std::string::npos || tr > sx)
        return fail(Errc::PdfWrite, "no classic trailer in " + file);
    const std::string trailer = pdf.substr(tr, sx - tr);
    const std::string prev = dictNumber(pdf.substr(sx), "startxref");
    const std::string root = dictNumber(trailer, "/Root");
    const std::string sizeText = dictNumber(trailer, "/Size");
    if (prev.empty() || root.empty() || sizeText.empty())
        return fail(Errc::PdfWrite, "trailer without /Root or /Size in " + file);
    // The catalog's dictionary, to be rewritten with /Metadata and /OutputIntents.
    const std::string head = "\n" + root + " 0 obj";
    const size_t co = pdf.find(head);
    const size_t open = co == std::string::npos ? co : pdf.find("<<", co);
    const size_t end = open == std::string::npos ? open : pdf.find("endobj", open);
    const size_t close = end == std::string::npos ? end : pdf.rfind(">>", end);
    if (close == std::string::npos || close < open)
        return fail(Errc::PdfWrite, "catalog not found in " + file);
    const std::string catalogBody = pdf.substr(open + 2, close - open - 2);
    // The page tree's kids: the page objects in the order the renderer wrote them.
    std::vector<std::string> kids;
    const std::string pagesObj = dictNumber(catalogBody, "/Pages");
    const bool reorder = !pageOrder.empty() && !std::is_sorted(pageOrder.begin(), pageOrder.end());
    if (reorder || !extraText.empty()) {
        // Written last by the renderer: the last such header is the object (not bytes in an image).
        const size_t po = pagesObj.empty() ? std::string::npos : pdf.rfind("\n" + pagesObj + " 0 obj");
        const size_t kidsAt = po == std::string::npos ? po : pdf.find("/Kids [", po);
        const size_t kidsEnd = kidsAt == std::string::npos ? kidsAt : pdf.find(']', kidsAt);
        if (kidsEnd == std::string::npos)
            return fail(Errc::PdfWrite, "page tree not found in " + file);
        std::istringstream refs(pdf.substr(kidsAt + 7, kidsEnd - kidsAt - 7));
        for (std::string num, gen, r; refs >> num >> gen >> r;) {
            if (r != "R")
                return fail(Errc::PdfWrite, "unexpected page tree in " + file);
            kids.push_back(num);
        }
        if (!pageOrder.empty() && kids.size() != pageOrder.size())
            return fail(Errc::PdfWrite, "page tree of " + file + " has " + std::to_string(kids.size()) + " pages, not " +
                                            std::to_string(pageOrder.size()));
    }
    const auto pageIndexOf = [&](size_t k) { return pageOrder.empty() ? static_cast<int>(k) : pageOrder[k]; };
    // The page tree in page order, when the renderer got the pages in another order.
    std::string pagesUpdate;
    if (reorder) {
        std::vector<std::pair<int, std::string>> sorted;  // page index, object number
        for (size_t k = 0; k < kids.size(); ++k)
            sorted.emplace_back(pageIndexOf(k), kids[k]);
        std::sort(sorted.begin(), sorted.end());
        pagesUpdate = "<< /Type /Pages /Kids [";
        for (const auto& k : sorted)
            pagesUpdate += " " + k.second + " 0 R";
        pagesUpdate += " ] /Count " + std::to_string(sorted.size()) + " >>";
    }
    // Pages with extra text: their dictionaries (found through the renderer's cross-reference
    // table), to be rewritten with a second content stream.
    struct ExtraPage {
        std::string object, body, text;  // page object number, its dictionary rewritten, text operators
    };
    std::vector<ExtraPage> extraPages;
    if (!extraText.empty()) {
        const size_t table = static_cast<size_t>(std::stoull(prev));
        const size_t first = pdf.find('\n', table);  // after "xref"
        const size_t entries = first == std::string::npos ? first : pdf.find('\n', first + 1);  // after "0 N"
        if (table >= pdf.size() || pdf.compare(table, 4, "xref") != 0 || entries == std::string::npos)
            return fail(Errc::PdfWrite, "no cross-reference table in " + file);
        const size_t count = static_cast<size_t>(std::stoull(dictNumber(pdf.substr(first, entries - first), "0")));
        for (size_t k = 0; k < kids.size(); ++k) {
            const auto it = extraText.find(pageIndexOf(k));
            if (it == extraText.end() || it->second.empty())
                continue;
            const size_t num = static_cast<size_t>(std::stoull(kids[k]));
            const size_t entry = entries + 1 + 20 * num;
            if (num >= count || entry + 10 > pdf.size())
                return fail(Errc::PdfWrite, "page object " + kids[k] + " not in the cross-reference table of " + file);
            const size_t at = static_cast<size_t>(std::stoull(pdf.substr(entry, 10)));
            const size_t from = pdf.find("<<", at);
            const size_t endobj = from == std::string::npos ? from : pdf.find("endobj", from);
            const size_t to = endobj == std::string::npos ? endobj : pdf.rfind(">>", endobj);
            if (to == std::string::npos || to < from || pdf.compare(at, kids[k].size() + 6, kids[k] + " 0 obj") != 0)
                return fail(Errc::PdfWrite, "page object " + kids[k] + " not found in " + file);
            std::string body = pdf.substr(from + 2, to - from - 2);
            const std::string contents = dictNumber(body, "/Contents");
            const size_t c = body.find("/Contents");
            if (contents.empty() || body.find("/f-0-0") == std::string::npos)
                return fail(Errc::PdfWrite, "page object " + kids[k] + " without its contents or font in " + file);
            body.replace(c, body.find('R', c) + 1 - c, "/Contents [" + contents + " 0 R @CONTENTS@ 0 R]");
            extraPages.push_back({kids[k], body, it->second});
        }
    }
    const int size = std::stoi(sizeText);
    const int xmpObj = size, iccObj = size + 1, intentObj = size + 2, infoObj = size + 3;

    // Fields of the document, in Dublin Core (standard XMP: no extension schema needed).
    const auto f = eval::fieldsOf(meta);
    const std::string title = text::simplifySpaces((meta.type ? std::string(meta.type->name) + " " : std::string()) +
                                                   f.at("number_symbol") + (meta.subject.empty() ? "" : " - " + meta.subject));
    const std::string creator = meta.issuer.empty() ? "vanthu" : meta.issuer;
    std::string description = "Số, ký hiệu: " + f.at("number_symbol") + "; ngày: " + f.at("date") + "; nơi ban hành: " +
                              f.at("place") + "; cơ quan: " + f.at("issuer") + "; loại: " + f.at("type") +
                              "; trích yếu: " + meta.subject + "; độ khẩn: " + f.at("urgency") + "; độ mật: " +
                              f.at("secrecy") + "; người ký: " + f.at("signer_title") + " " + f.at("signer_name") +
                              "; số trang: " + f.at("pages");
    description = text::nfc(description);
    const std::string stamp = vntime::toIso8601(vntime::now());  // 2026-11-29T19:00:00+07:00
    std::string pdfDate = "D:";
    for (char c : stamp.substr(0, 19))
        if (std::isdigit(static_cast<unsigned char>(c)))
            pdfDate += c;
    pdfDate += "+07'00'";
    const std::string producer = "vanthu (Tesseract " + std::string(tesseract::TessBaseAPI::Version()) + ")";

    std::string xmp = "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                      "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                      "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                      "<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
                      "<pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>\n"
                      "</rdf:Description>\n"
                      "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
                      "<dc:format>application/pdf</dc:format>\n"
                      "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">" + xmlEscape(title) + "</rdf:li></rdf:Alt></dc:title>\n"
                      "<dc:creator><rdf:Seq><rdf:li>" + xmlEscape(creator) + "</rdf:li></rdf:Seq></dc:creator>\n"
                      "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">" + xmlEscape(description) +
                      "</rdf:li></rdf:Alt></dc:description>\n"
                      "<dc:identifier>" + xmlEscape(f.at("number_symbol")) + "</dc:identifier>\n"
                      "<dc:language><rdf:Bag><rdf:li>vi</rdf:li></rdf:Bag></dc:language>\n"
                      "</rdf:Description>\n"
                      "<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n"
                      "<xmp:CreateDate>" + stamp + "</xmp:CreateDate><xmp:ModifyDate>" + stamp + "</xmp:ModifyDate>\n"
                      "<xmp:MetadataDate>" + stamp + "</xmp:MetadataDate><xmp:CreatorTool>vanthu</xmp:CreatorTool>\n"
                      "</rdf:Description>\n"
                      "<rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
                      "<pdf:Producer>" + xmlEscape(producer) + "</pdf:Producer>\n"
                      "</rdf:Description>\n"
                      "</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>";

    std::string upd = "\n";
    std::vector<std::pair<int, size_t>> offsets;
    const auto add = [&](int num, const std::string& body) {
        offsets.emplace_back(num, pdf.size() + upd.size());
        upd += std::to_string(num) + " 0 obj\n" + body + "\nendobj\n";
    };
    add(std::stoi(root), "<<" + catalogBody + " /Metadata " + std::to_string(xmpObj) + " 0 R /OutputIntents [" +
                             std::to_string(intentObj) + " 0 R] >>");
    if (!pagesUpdate.empty())
        add(std::stoi(pagesObj), pagesUpdate);
    add(xmpObj, "<< /Type /Metadata /Subtype /XML /Length " + std::to_string(xmp.size()) + " >>\nstream\n" + xmp +
                    "\nendstream");
    add(iccObj, "<< /N 3 /Length " + std::to_string(icc.size()) + " >>\nstream\n" + icc + "\nendstream");
    add(intentObj, "<< /Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier (sRGB IEC61966-2.1) "
                   "/Info (sRGB IEC61966-2.1) /DestOutputProfile " + std::to_string(iccObj) + " 0 R >>");
    int next = infoObj + 1;
    for (auto& e : extraPages) {
        e.body.replace(e.body.find("@CONTENTS@"), 10, std::to_string(next));
        add(next, "<< /Length " + std::to_string(e.text.size()) + " >>\nstream\n" + e.text + "\nendstream");
        add(std::stoi(e.object), "<<" + e.body + ">>");
        ++next;
    }
    add(infoObj, "<< /Title " + pdfText(title) + " /Author " + pdfText(creator) + " /Subject " + pdfText(description) +
                     " /Producer " + pdfText(producer) + " /Creator (vanthu) /CreationDate (" + pdfDate +
                     ") /ModDate (" + pdfDate + ") >>");
    const size_t xrefAt = pdf.size() + upd.size();
    upd += "xref\n";
    std::sort(offsets.begin(), offsets.end());
    char line[32];
    for (size_t i = 0; i < offsets.size();) {
        size_t j = i;
        while (j + 1 < offsets.size() && offsets[j + 1].first == offsets[j].first + 1)
            ++j;
        upd += std::to_string(offsets[i].first) + " " + std::to_string(j - i + 1) + "\n";
        for (size_t k = i; k <= j; ++k) {
            std::snprintf(line, sizeof line, "%010zu 00000 n \n", offsets[k].second);
            upd += line;
        }
        i = j + 1;
    }
    // The file identifier: a digest of the original bytes (same for both halves: a new file).
    const std::string id = hash::sha256Hex(pdf).substr(0, 32);
    upd += "trailer\n<< /Size " + std::to_string(next) + " /Root " + root + " 0 R /Info " +
           std::to_string(infoObj) + " 0 R /Prev " + prev + " /ID [<" + id + "> <" + id + ">] >>\nstartxref\n" +
           std::to_string(xrefAt) + "\n%%EOF\n";
    std::ofstream out(file, std::ios::binary | std::ios::app);
    out << upd;
    out.flush();
    if (!out)
        return fail(Errc::PdfWrite, "cannot append to " + file);
    return {};
}

SearchablePdfWriter::SearchablePdfWriter(std::string path, DocumentMeta meta)
    : m_path(std::move(path)), m_meta(std::move(meta))
{
    // Tesseract appends ".pdf" to the base name; the finished file replaces `path` by rename.
    m_base = m_path + ".part" + std::to_string(getpid());
    m_part = m_base + ".pdf";
}

SearchablePdfWriter::~SearchablePdfWriter()
{
    m_renderer.reset();
    if (!m_finished) {
        std::error_code ec;
        std::filesystem::remove(m_part, ec);
    }
}

Status SearchablePdfWriter::addPage(tesseract::TessBaseAPI& api, int pageIndex, std::string extraText)
{
    if (!m_renderer) {
        m_renderer = std::make_unique<tesseract::TessPDFRenderer>(m_base.c_str(), api.GetDatapath(), false);
        if (!m_renderer->BeginDocument("vanthu"))
            return fail(Errc::PdfWrite, "cannot start " + m_part);
    }
    if (!m_renderer->AddImage(&api))
        return fail(Errc::PdfWrite, "cannot add a page to " + m_part);
    m_order.push_back(pageIndex);
    if (!extraText.empty())
        m_extra[pageIndex] = std::move(extraText);
    return {};
}

Result<std::string> SearchablePdfWriter::finish()
{
    if (!m_renderer)
        return fail(Errc::InvalidInput, "a searchable PDF needs at least one page");
    const bool ended = m_renderer->EndDocument() && m_renderer->happy();
    m_renderer.reset();
    if (!ended)
        return fail(Errc::PdfWrite, "cannot finish " + m_part);
    // sRGB profile shipped by Debian's colord / icc-profiles-free; OCRmyPDF ships the same.
    std::string icc;
    for (const char* candidate : {"/usr/share/color/icc/sRGB.icc", "/usr/share/color/icc/ghostscript/srgb.icc",
                                  "/usr/share/color/icc/colord/sRGB.icc"})
        if (std::filesystem::exists(candidate)) {
            icc = candidate;
            break;
        }
    if (icc.empty())
        return fail(Errc::PdfWrite, "no sRGB ICC profile found (install icc-profiles-free)");
    if (auto s = makePdfA2b(m_part, m_meta, icc, m_order, m_extra); !s)
        return std::unexpected(s.error());
    std::error_code ec;
    std::filesystem::rename(m_part, m_path, ec);
    if (ec)
        return fail(Errc::PdfWrite, "cannot rename to " + m_path + ": " + ec.message());
    m_finished = true;
    return m_path;
}

} // namespace vanthu::ocr
