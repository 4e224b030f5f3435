// Searchable PDF: Tesseract's PDF renderer (page image + invisible text in GlyphLessFont, embedded)
// made PDF/A-2b by an incremental update of our own (metadata, output intent, identifier).
#include "SearchablePdf_p.h"
#include "Utf8_p.h"

#include "vanthu/core/Hash.h"
#include "vanthu/core/VnText.h"
#include "vanthu/core/VnTime.h"
#include "vanthu/ocr/Engine.h"
#include "vanthu/ocr/Evaluation.h"

#include <tesseract/baseapi.h>
#include <tesseract/renderer.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
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

// The last classic trailer of a PDF: its text, where the cross-reference section it closes starts
// (startxref, the next update's /Prev) and its /Root, /Info and /Size (each empty when absent).
// Nothing when the file does not end in "trailer ... startxref" (a cross-reference stream).
struct Tail {
    std::string trailer, prev, root, info, size;
};

std::optional<Tail> lastTrailer(const std::string& pdf)
{
    const size_t sx = pdf.rfind("startxref");
    const size_t tr = pdf.rfind("trailer");
    if (sx == std::string::npos || tr == std::string::npos || tr > sx)
        return std::nullopt;
    Tail t;
    t.trailer = pdf.substr(tr, sx - tr);
    t.prev = dictNumber(pdf.substr(sx), "startxref");
    t.root = dictNumber(t.trailer, "/Root");
    t.info = dictNumber(t.trailer, "/Info");
    t.size = dictNumber(t.trailer, "/Size");
    return t;
}

// "2026-11-29T19:00:00+07:00" → "D:20261129190000+07'00'" (the Info dictionary's date form).
std::string pdfDateOf(const std::string& iso)
{
    std::string d = "D:";
    for (char c : iso.substr(0, 19))
        if (std::isdigit(static_cast<unsigned char>(c)))
            d += c;
    return d + "+07'00'";
}

// What a searchable PDF says about itself: the XMP packet (PDF/A identification, the fields in
// Dublin Core — standard XMP, no extension schema needed) and the Info dictionary saying the same,
// as PDF/A requires. `created` and `modified` are ISO 8601 with the offset.
struct Labels {
    std::string xmp;
    std::string info;
};

Labels labelsFor(const DocumentMeta& meta, const std::string& created, const std::string& modified)
{
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
    const std::string producer = "vanthu (Tesseract " + std::string(tesseract::TessBaseAPI::Version()) + ")";
    Labels l;
    l.xmp = "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
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
            "<xmp:CreateDate>" + created + "</xmp:CreateDate><xmp:ModifyDate>" + modified + "</xmp:ModifyDate>\n"
            "<xmp:MetadataDate>" + modified + "</xmp:MetadataDate><xmp:CreatorTool>vanthu</xmp:CreatorTool>\n"
            "</rdf:Description>\n"
            "<rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
            "<pdf:Producer>" + xmlEscape(producer) + "</pdf:Producer>\n"
            "</rdf:Description>\n"
            "</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>";
    l.info = "<< /Title " + pdfText(title) + " /Author " + pdfText(creator) + " /Subject " + pdfText(description) +
             " /Producer " + pdfText(producer) + " /Creator (vanthu) /CreationDate (" + pdfDateOf(created) +
             ") /ModDate (" + pdfDateOf(modified) + ") >>";
    return l;
}

std::string metadataStream(const std::string& xmp)
{
    return "<< /Type /Metadata /Subtype /XML /Length " + std::to_string(xmp.size()) + " >>\nstream\n" + xmp + "\nendstream";
}

// The cross-reference section of an incremental update: (object number, byte offset) pairs.
std::string xrefTable(std::vector<std::pair<int, size_t>> offsets)
{
    std::string x = "xref\n";
    std::sort(offsets.begin(), offsets.end());
    char line[32];
    for (size_t i = 0; i < offsets.size();) {
        size_t j = i;
        while (j + 1 < offsets.size() && offsets[j + 1].first == offsets[j].first + 1)
            ++j;
        x += std::to_string(offsets[i].first) + " " + std::to_string(j - i + 1) + "\n";
        for (size_t k = i; k <= j; ++k) {
            std::snprintf(line, sizeof line, "%010zu 00000 n \n", offsets[k].second);
            x += line;
        }
        i = j + 1;
    }
    return x;
}

} // namespace

Status makePdfA2b(const std::string& file, const DocumentMeta& meta, const std::string& iccPath,
                  const std::vector<int>& pageOrder)
{
    const std::string pdf = readAll(file);
    const std::string icc = readAll(iccPath);
    if (pdf.empty() || icc.empty())
        return fail(Errc::PdfWrite, "cannot read " + (pdf.empty() ? file : iccPath));
    const auto tail = lastTrailer(pdf);
    if (!tail)
        return fail(Errc::PdfWrite, "no classic trailer in " + file);
    const std::string& prev = tail->prev;
    const std::string& root = tail->root;
    const std::string& sizeText = tail->size;
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
    // The page tree's kids in page order, when the renderer got the pages in another order.
    std::string pagesUpdate;
    const std::string pagesObj = dictNumber(catalogBody, "/Pages");
    if (!pageOrder.empty() && !std::is_sorted(pageOrder.begin(), pageOrder.end())) {
        // Written last by the renderer: the last such header is the object (not bytes in an image).
        const size_t po = pagesObj.empty() ? std::string::npos : pdf.rfind("\n" + pagesObj + " 0 obj");
        const size_t kidsAt = po == std::string::npos ? po : pdf.find("/Kids [", po);
        const size_t kidsEnd = kidsAt == std::string::npos ? kidsAt : pdf.find(']', kidsAt);
        if (kidsEnd == std::string::npos)
            return fail(Errc::PdfWrite, "page tree not found in " + file);
        std::istringstream refs(pdf.substr(kidsAt + 7, kidsEnd - kidsAt - 7));
        std::vector<std::pair<int, std::string>> kids;  // page index, object number
        for (std::string num, gen, r; refs >> num >> gen >> r;) {
            if (kids.size() >= pageOrder.size() || r != "R")
                return fail(Errc::PdfWrite, "unexpected page tree in " + file);
            kids.emplace_back(pageOrder[kids.size()], num);
        }
        if (kids.size() != pageOrder.size())
            return fail(Errc::PdfWrite, "page tree of " + file + " has " + std::to_string(kids.size()) + " pages, not " +
                                            std::to_string(pageOrder.size()));
        std::sort(kids.begin(), kids.end());
        pagesUpdate = "<< /Type /Pages /Kids [";
        for (const auto& k : kids)
            pagesUpdate += " " + k.second + " 0 R";
        pagesUpdate += " ] /Count " + std::to_string(kids.size()) + " >>";
    }
    const int size = std::stoi(sizeText);
    const int xmpObj = size, iccObj = size + 1, intentObj = size + 2, infoObj = size + 3;
    const std::string stamp = vntime::toIso8601(vntime::now());  // 2026-11-29T19:00:00+07:00
    const Labels labels = labelsFor(meta, stamp, stamp);

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
    add(xmpObj, metadataStream(labels.xmp));
    add(iccObj, "<< /N 3 /Length " + std::to_string(icc.size()) + " >>\nstream\n" + icc + "\nendstream");
    add(intentObj, "<< /Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier (sRGB IEC61966-2.1) "
                   "/Info (sRGB IEC61966-2.1) /DestOutputProfile " + std::to_string(iccObj) + " 0 R >>");
    add(infoObj, labels.info);
    const size_t xrefAt = pdf.size() + upd.size();
    upd += xrefTable(offsets);
    // The file identifier: a digest of the original bytes (same for both halves: a new file).
    const std::string id = hash::sha256Hex(pdf).substr(0, 32);
    upd += "trailer\n<< /Size " + std::to_string(infoObj + 1) + " /Root " + root + " 0 R /Info " +
           std::to_string(infoObj) + " 0 R /Prev " + prev + " /ID [<" + id + "> <" + id + ">] >>\nstartxref\n" +
           std::to_string(xrefAt) + "\n%%EOF\n";
    std::ofstream out(file, std::ios::binary | std::ios::app);
    out << upd;
    out.flush();
    if (!out)
        return fail(Errc::PdfWrite, "cannot append to " + file);
    return {};
}

Result<std::string> relabelSearchablePdf(std::string pdf, const DocumentMeta& meta)
{
    const auto notOurs = [](const std::string& why) {
        return fail(Errc::PdfWrite, "not a searchable PDF made by vanthu: " + why);
    };
    const auto tail = lastTrailer(pdf);
    if (!tail)
        return notOurs("no classic trailer");
    const std::string& trailer = tail->trailer;
    const std::string& prev = tail->prev;
    const std::string& root = tail->root;
    const std::string& infoObj = tail->info;
    const std::string& size = tail->size;
    if (prev.empty() || root.empty() || infoObj.empty() || size.empty())
        return notOurs("trailer without /Root, /Info or /Size");
    // The catalog's latest revision: makePdfA2b's update comes after every page's image data, so
    // the last object header of that number is the catalog, not bytes inside an image.
    const size_t co = pdf.rfind("\n" + root + " 0 obj");
    const size_t open = co == std::string::npos ? co : pdf.find("<<", co);
    const size_t end = open == std::string::npos ? open : pdf.find("endobj", open);
    if (end == std::string::npos)
        return notOurs("catalog not found");
    const std::string xmpObj = dictNumber(pdf.substr(open, end - open), "/Metadata");
    if (xmpObj.empty())
        return notOurs("no XMP metadata");
    // The file was created when it was first written; only the modification is now.
    std::string created;
    if (const size_t c = pdf.rfind("<xmp:CreateDate>"); c != std::string::npos && c > co) {
        const size_t from = c + std::string_view("<xmp:CreateDate>").size();
        const size_t to = pdf.find('<', from);
        if (to != std::string::npos && to - from <= 40)
            created = pdf.substr(from, to - from);
    }
    const std::string now = vntime::toIso8601(vntime::now());
    if (created.empty())
        created = now;
    const Labels labels = labelsFor(meta, created, now);
    // The identifier's first half stays (the same file); the second says it changed (ISO 32000 14.4).
    std::string firstId = hash::sha256Hex(pdf).substr(0, 32);
    if (const size_t id = trailer.find("/ID [<"); id != std::string::npos) {
        const size_t close = trailer.find('>', id);
        if (close != std::string::npos)
            firstId = trailer.substr(id + 6, close - id - 6);
    }
    const std::string newId = hash::sha256Hex(labels.xmp + labels.info + prev).substr(0, 32);

    std::string upd = "\n";
    std::vector<std::pair<int, size_t>> offsets;
    const auto add = [&](const std::string& num, const std::string& body) {
        offsets.emplace_back(std::stoi(num), pdf.size() + upd.size());
        upd += num + " 0 obj\n" + body + "\nendobj\n";
    };
    add(xmpObj, metadataStream(labels.xmp));
    add(infoObj, labels.info);
    const size_t xrefAt = pdf.size() + upd.size();
    upd += xrefTable(offsets);
    upd += "trailer\n<< /Size " + size + " /Root " + root + " 0 R /Info " + infoObj + " 0 R /Prev " + prev + " /ID [<" +
           firstId + "> <" + newId + ">] >>\nstartxref\n" + std::to_string(xrefAt) + "\n%%EOF\n";
    pdf += upd;
    return pdf;
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

Status SearchablePdfWriter::addPage(tesseract::TessBaseAPI& api, int pageIndex)
{
    if (!m_renderer) {
        m_renderer = std::make_unique<tesseract::TessPDFRenderer>(m_base.c_str(), api.GetDatapath(), false);
        if (!m_renderer->BeginDocument("vanthu"))
            return fail(Errc::PdfWrite, "cannot start " + m_part);
    }
    if (!m_renderer->AddImage(&api))
        return fail(Errc::PdfWrite, "cannot add a page to " + m_part);
    m_order.push_back(pageIndex);
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
    if (auto s = makePdfA2b(m_part, m_meta, icc, m_order); !s)
        return std::unexpected(s.error());
    std::error_code ec;
    std::filesystem::rename(m_part, m_path, ec);
    if (ec)
        return fail(Errc::PdfWrite, "cannot rename to " + m_path + ": " + ec.message());
    m_finished = true;
    return m_path;
}

} // namespace vanthu::ocr
