// Searchable PDF/A-2b: the scan of each page with an invisible text layer in GlyphLessFont, written
// by us from the words of our recognitions (see SearchablePdf_p.h).
#include "SearchablePdf_p.h"
#include "PagePix_p.h"
#include "Utf8_p.h"

#include "vanthu/core/Hash.h"
#include "vanthu/core/VnText.h"
#include "vanthu/core/VnTime.h"
#include "vanthu/ocr/Engine.h"
#include "vanthu/ocr/Evaluation.h"

#include <tesseract/baseapi.h>

#include <leptonica/allheaders.h>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <cstdio>
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

// A cross-reference section: (object number, byte offset) pairs. `whole`: the table of a whole
// file, which opens with the free head of the free list (object 0); else an incremental update's.
std::string xrefTable(std::vector<std::pair<int, size_t>> offsets, bool whole = false)
{
    std::string x = whole ? "xref\n0 1\n0000000000 65535 f \n" : "xref\n";
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
    // The catalog's latest revision: the writer puts it after every page's image data, so
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

namespace {

struct LeptFree {
    void operator()(void* p) const { lept_free(p); }
};

std::string deflated(const std::string& bytes)
{
    size_t n = 0;
    std::unique_ptr<l_uint8, LeptFree> z(zlibCompress(reinterpret_cast<const l_uint8*>(bytes.data()), bytes.size(), &n));
    return z ? std::string(reinterpret_cast<const char*>(z.get()), n) : std::string();
}

// A number in a content stream: at most two decimals, never an exponent, never the locale's comma
// (the kiosk runs under a Vietnamese locale, whose decimal separator is a comma).
std::string num(double v, int decimals = 2)
{
    char buf[32];
    const double unit = std::pow(10.0, decimals);
    const auto r = std::to_chars(buf, buf + sizeof buf, std::round(v * unit) / unit, std::chars_format::fixed, decimals);
    std::string s(buf, r.ptr);
    while (s.back() == '0')
        s.pop_back();
    if (s.back() == '.')
        s.pop_back();
    return s == "-0" ? "0" : s;
}

// The word as the font's codes: UTF-16 code units as hex (Identity-H; the ToUnicode map gives
// each code back as itself). Code points outside the Basic Multilingual Plane become U+FFFD: the
// one-glyph font maps codes, not surrogate pairs. Returns the number of codes too.
std::pair<std::string, int> fontCodes(std::string_view utf8)
{
    std::string hex;
    int n = 0;
    char buf[8];
    for (char32_t cp : detail::codepoints(utf8)) {
        if (cp >= 0x10000 || (cp >= 0xD800 && cp < 0xE000))
            cp = 0xFFFD;
        std::snprintf(buf, sizeof buf, "%04X", static_cast<unsigned>(cp));
        hex += buf;
        ++n;
    }
    return {hex, n};
}

// Tesseract's one-glyph font: every code is glyph 1, half an em wide (/DW 500), stretched to each
// word's width by Tz; its ToUnicode map gives each code back.
const char* const kToUnicode = "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                               "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                               "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                               "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
                               "1 beginbfrange\n<0000> <FFFF> <0000>\nendbfrange\n"
                               "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
constexpr double kGlyphWidth = 0.5;  // of the font size

} // namespace

std::optional<PdfImage> encodePdfImage(Pix* pix)
{
    if (!pix)
        return std::nullopt;
    PixPtr owned;
    int depth = static_cast<int>(pixGetDepth(pix));
    if (depth == 8 && !pixGetColormap(pix)) {
        // Only black and white in it: a bilevel scan carried as grey.
        std::unique_ptr<NUMA, void (*)(NUMA*)> hist(pixGetGrayHistogram(pix, 1), [](NUMA* n) { numaDestroy(&n); });
        bool bilevel = hist != nullptr;
        for (int v = 1; bilevel && v < 255; ++v) {
            l_float32 count = 0;
            numaGetFValue(hist.get(), v, &count);
            bilevel = count == 0;
        }
        if (bilevel) {
            owned.reset(pixThresholdToBinary(pix, 128));
            pix = owned.get();
            depth = 1;
        }
    }
    if (depth != 1 && depth != 8 && depth != 32) {
        owned.reset(pixConvertTo32(pix));
        pix = owned.get();
        depth = 32;
    } else if (depth == 8 && pixGetColormap(pix)) {
        owned.reset(pixRemoveColormap(pix, REMOVE_CMAP_BASED_ON_SRC));
        pix = owned.get();
        depth = static_cast<int>(pixGetDepth(pix));
    }
    if (!pix)
        return std::nullopt;
    L_COMP_DATA* cid = nullptr;
    if (pixGenerateCIData(pix, depth == 1 ? L_G4_ENCODE : L_JPEG_ENCODE, 85, 0, &cid) != 0 || !cid)
        return std::nullopt;
    PdfImage img;
    img.width = cid->w;
    img.height = cid->h;
    img.data.assign(reinterpret_cast<const char*>(cid->datacomp), cid->nbytescomp);
    const std::string size = "/Width " + std::to_string(cid->w) + " /Height " + std::to_string(cid->h);
    if (cid->type == L_G4_ENCODE)
        img.dict = size + " /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /CCITTFaxDecode /DecodeParms << /K -1 /Columns " +
                   std::to_string(cid->w) + " /Rows " + std::to_string(cid->h) + (cid->minisblack ? " /BlackIs1 true" : "") + " >>";
    else
        img.dict = size + (cid->spp == 1 ? " /ColorSpace /DeviceGray" : " /ColorSpace /DeviceRGB") +
                   " /BitsPerComponent 8 /Filter /DCTDecode";
    l_CIDataDestroy(&cid);
    return img;
}

std::string invisibleText(const OcrResult& text, int dpi, int heightPx)
{
    const double pt = 72.0 / (dpi > 0 ? dpi : 300);
    const auto blank = [](const std::string& t) { return t.find_first_not_of(" \t\r\n") == std::string::npos; };
    const auto baselineOf = [](const Word& w) {
        return w.baseline > w.box.y && w.baseline <= w.box.bottom() ? w.baseline : w.box.bottom();
    };
    // What a text extractor makes of the layer depends on more than the words' boxes. Each line is
    // laid level at its words' mean baseline, even on a page scanned askew: pdftotext (and the
    // indexers built like it) sorts text into lines by height, and a line tilted with the page —
    // as Tesseract's own renderer writes it — ran into its neighbours at its far end, which on a
    // page 1.7° askew read justified text as two columns (DEV-005: 34.7 % CER). bench_ocr 8, mean
    // CER of pdftotext's text against the born-digital text, same recognitions: 6.64 % level,
    // 10.79 % tilted, 10.75 % Tesseract's renderer, 10.92 % OCRmyPDF (1-bit pages: 3.57, 3.66,
    // 3.61, 3.61 %); level runs cut at the header's column gap instead of whole lines: 7.48 %. The
    // price: on a page left askew the invisible words sit up to half the tilt's rise above or below
    // the printed ones at a line's ends (the station deskews its scans: its own pages are level).
    // A word with a space after it is stretched over the word's width (Tesseract's form: a layer
    // stretched over the gaps, or sized from the ink, came out at 12-18 %).
    std::string s;
    for (const Line& ln : text.lines) {
        std::vector<const Word*> words;
        for (int wi : ln.words)
            if (const Word& w = text.words[static_cast<size_t>(wi)]; w.box.width > 0 && !blank(w.text))
                words.push_back(&w);
        if (words.empty())
            continue;
        int tallest = 0;
        std::vector<int> sizes;
        for (const Word* w : words) {
            tallest = std::max(tallest, w->box.height);
            if (w->pointSize > 0)
                sizes.push_back(w->pointSize);
        }
        // The type size, one for the line (the extractor's line and column tolerances scale with
        // it; words of one line in different sizes came back as several lines): the median of
        // Tesseract's estimates for its words, else the line's height from accents to descenders.
        std::nth_element(sizes.begin(), sizes.begin() + static_cast<long>(sizes.size() / 2), sizes.end());
        const double size = sizes.empty() ? std::max(1.0, tallest * pt) : sizes[sizes.size() / 2];
        s += "BT 3 Tr /F0 " + num(size) + " Tf\n";
        double baseline = 0;
        for (const Word* w : words)
            baseline += baselineOf(*w);
        const std::string y = num((heightPx - baseline / static_cast<double>(words.size())) * pt);
        for (const Word* w : words) {
            auto [codes, count] = fontCodes(w->text);
            codes += "0020";
            ++count;
            const double scale = 100.0 * w->box.width * pt / (count * size * kGlyphWidth);
            s += num(scale) + " Tz 1 0 0 1 " + num(w->box.x * pt) + " " + y + " Tm <" + codes + "> Tj\n";
        }
        s += "ET\n";
    }
    return s;
}

SearchablePdfWriter::SearchablePdfWriter(std::string path, DocumentMeta meta, std::string fontPath)
    : m_path(std::move(path)), m_part(m_path + ".part" + std::to_string(getpid())), m_fontPath(std::move(fontPath)),
      m_meta(std::move(meta))
{
}

SearchablePdfWriter::~SearchablePdfWriter()
{
    if (m_file)
        std::fclose(m_file);
    if (!m_finished) {
        std::error_code ec;
        std::filesystem::remove(m_part, ec);
    }
}

Status SearchablePdfWriter::object(int number, const std::string& body, const std::string* stream)
{
    std::string out = std::to_string(number) + " 0 obj\n" + body;
    if (stream)
        out += "\nstream\n" + *stream + "\nendstream";
    out += "\nendobj\n";
    m_offsets[number] = m_written;
    if (std::fwrite(out.data(), 1, out.size(), m_file) != out.size())
        return fail(Errc::PdfWrite, "cannot write " + m_part + ": " + std::strerror(errno));
    m_written += out.size();
    return {};
}

Status SearchablePdfWriter::stream(int number, const std::string& entries, const std::string& bytes)
{
    return object(number, "<< " + entries + " /Length " + std::to_string(bytes.size()) + " >>", &bytes);
}

Status SearchablePdfWriter::begin()
{
    const std::string font = readAll(m_fontPath);
    if (font.empty())
        return fail(Errc::PdfWrite, "cannot read the text layer's font " + m_fontPath + " (install tesseract-ocr)");
    m_file = std::fopen(m_part.c_str(), "wb");
    if (!m_file)
        return fail(Errc::PdfWrite, "cannot create " + m_part + ": " + std::strerror(errno));
    // A binary comment on the second line, as the PDF specification advises (and PDF/A requires).
    const std::string head = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";
    if (std::fwrite(head.data(), 1, head.size(), m_file) != head.size())
        return fail(Errc::PdfWrite, "cannot write " + m_part + ": " + std::strerror(errno));
    m_written = head.size();
    m_pagesObj = allocate();
    m_fontObj = allocate();
    const int cidFont = allocate(), gidMap = allocate(), toUnicode = allocate(), descriptor = allocate(), file = allocate();
    // The font's maps are the same in every file: compressed once.
    static const std::string mapZ = [] {
        std::string map(2 * 65536, '\0');  // CID → glyph 1, two bytes each
        for (size_t i = 1; i < map.size(); i += 2)
            map[i] = '\1';
        return deflated(map);
    }();
    static const std::string cmapZ = deflated(kToUnicode);
    if (mapZ.empty() || cmapZ.empty())
        return fail(Errc::PdfWrite, "cannot compress the text layer's font maps");
    for (const auto& s : {
             object(m_fontObj, "<< /Type /Font /Subtype /Type0 /BaseFont /GlyphLessFont /Encoding /Identity-H /DescendantFonts [" +
                                   std::to_string(cidFont) + " 0 R] /ToUnicode " + std::to_string(toUnicode) + " 0 R >>"),
             object(cidFont, "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /GlyphLessFont /CIDSystemInfo << /Registry (Adobe) "
                             "/Ordering (Identity) /Supplement 0 >> /FontDescriptor " + std::to_string(descriptor) +
                                 " 0 R /CIDToGIDMap " + std::to_string(gidMap) + " 0 R /DW " +
                                 std::to_string(static_cast<int>(1000 * kGlyphWidth)) + " >>"),
             stream(gidMap, "/Filter /FlateDecode", mapZ),
             stream(toUnicode, "/Filter /FlateDecode", cmapZ),
             object(descriptor, "<< /Type /FontDescriptor /FontName /GlyphLessFont /Flags 5 /FontBBox [0 0 " +
                                    std::to_string(static_cast<int>(1000 * kGlyphWidth)) +
                                    " 1000] /ItalicAngle 0 /Ascent 1000 /Descent -1 /CapHeight 1000 /StemV 80 /FontFile2 " +
                                    std::to_string(file) + " 0 R >>"),
             stream(file, "/Length1 " + std::to_string(font.size()), font),
         })
        if (!s)
            return s;
    return {};
}

Status SearchablePdfWriter::addPage(int pageIndex, const PdfImage& image, int dpi, const OcrResult& text)
{
    if (!m_file)
        if (auto s = begin(); !s)
            return s;
    if (dpi <= 0)
        dpi = 300;
    const double w = image.width * 72.0 / dpi, h = image.height * 72.0 / dpi;
    const std::string content = "q " + num(w) + " 0 0 " + num(h) + " 0 0 cm /Im0 Do Q\n" +
                                invisibleText(text, dpi, image.height);
    const std::string contentZ = deflated(content);
    if (contentZ.empty())
        return fail(Errc::PdfWrite, "cannot compress a page's content");
    const int img = allocate(), contents = allocate(), page = allocate();
    if (auto s = stream(img, "/Type /XObject /Subtype /Image " + image.dict, image.data); !s)
        return s;
    if (auto s = stream(contents, "/Filter /FlateDecode", contentZ); !s)
        return s;
    if (auto s = object(page, "<< /Type /Page /Parent " + std::to_string(m_pagesObj) + " 0 R /MediaBox [0 0 " + num(w) + " " +
                                  num(h) + "] /Resources << /XObject << /Im0 " + std::to_string(img) + " 0 R >> /Font << /F0 " +
                                  std::to_string(m_fontObj) + " 0 R >> >> /Contents " + std::to_string(contents) + " 0 R >>");
        !s)
        return s;
    m_pages.emplace_back(pageIndex, page);
    return {};
}

Result<std::string> SearchablePdfWriter::finish()
{
    if (m_pages.empty() || !m_file)
        return fail(Errc::InvalidInput, "a searchable PDF needs at least one page");
    // sRGB profile shipped by Debian's icc-profiles-free (or colord, ghostscript); OCRmyPDF embeds the same.
    std::string icc;
    for (const char* candidate : {"/usr/share/color/icc/sRGB.icc", "/usr/share/color/icc/ghostscript/srgb.icc",
                                  "/usr/share/color/icc/colord/sRGB.icc"})
        if (icc = readAll(candidate); !icc.empty())
            break;
    if (icc.empty())
        return fail(Errc::PdfWrite, "no sRGB ICC profile found (install icc-profiles-free)");
    std::sort(m_pages.begin(), m_pages.end());
    std::string kids;
    for (const auto& [index, obj] : m_pages)
        kids += " " + std::to_string(obj) + " 0 R";
    const std::string stamp = vntime::toIso8601(vntime::now());  // 2026-11-29T19:00:00+07:00
    const Labels labels = labelsFor(m_meta, stamp, stamp);
    const int catalog = allocate(), xmp = allocate(), iccObj = allocate(), intent = allocate(), info = allocate();
    // The colour profile (binary) before the catalog and the metadata after it: relabelSearchablePdf
    // takes the last header of the catalog's number for the catalog and looks for the creation
    // date after it.
    for (const auto& s : {
             object(m_pagesObj, "<< /Type /Pages /Kids [" + kids + " ] /Count " + std::to_string(m_pages.size()) + " >>"),
             stream(iccObj, "/N 3", icc),
             object(intent, "<< /Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier (sRGB IEC61966-2.1) "
                            "/Info (sRGB IEC61966-2.1) /DestOutputProfile " + std::to_string(iccObj) + " 0 R >>"),
             object(catalog, "<< /Type /Catalog /Pages " + std::to_string(m_pagesObj) + " 0 R /Metadata " + std::to_string(xmp) +
                                 " 0 R /OutputIntents [" + std::to_string(intent) + " 0 R] >>"),
             object(xmp, metadataStream(labels.xmp)),
             object(info, labels.info),
         })
        if (!s)
            return std::unexpected(s.error());
    std::vector<std::pair<int, size_t>> offsets(m_offsets.begin(), m_offsets.end());
    if (static_cast<int>(offsets.size()) != m_next - 1)
        return fail(Errc::PdfWrite, "an object of " + m_part + " was never written");
    const size_t xrefAt = m_written;
    // The file identifier: a digest of what identifies the document (both halves: a new file).
    const std::string id = hash::sha256Hex(labels.xmp + m_part + std::to_string(m_written)).substr(0, 32);
    const std::string tail = xrefTable(offsets, true) + "trailer\n<< /Size " +
                             std::to_string(m_next) + " /Root " + std::to_string(catalog) + " 0 R /Info " + std::to_string(info) +
                             " 0 R /ID [<" + id + "> <" + id + ">] >>\nstartxref\n" + std::to_string(xrefAt) + "\n%%EOF\n";
    if (std::fwrite(tail.data(), 1, tail.size(), m_file) != tail.size() || std::fflush(m_file) != 0 ||
        ::fdatasync(fileno(m_file)) != 0)
        return fail(Errc::PdfWrite, "cannot write " + m_part + ": " + std::strerror(errno));
    std::fclose(m_file);
    m_file = nullptr;
    std::error_code ec;
    std::filesystem::rename(m_part, m_path, ec);
    if (ec)
        return fail(Errc::PdfWrite, "cannot rename to " + m_path + ": " + ec.message());
    m_finished = true;
    return m_path;
}
} // namespace vanthu::ocr
