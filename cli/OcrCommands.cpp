// vanthu extract / ocr / eval: field extraction and OCR from the command line.
//   extract FILE [--dpi N] [--json] [--pdf OUT]  the header fields, signer and recipients of one
//                                     document (a born-digital PDF from its own text layer, no
//                                     OCR); --pdf also writes it as a searchable PDF/A-2b
//   ocr FILE [--dpi N] [--pdf OUT]    the full text of every page (Tesseract `vie`); --pdf also
//                                     writes the searchable PDF/A-2b from the same recognitions
//   eval DIR [--json FILE] [--only ID] [--dpi N] accuracy on a corpus laid out like shared/corpus/dev
//                                  (scans rendered at the resolution its truth gives, or imported as the
//                                  station imports with --dpi N, its default 300)
// --dpi N renders PDF pages at N dpi, except a page that is one scanned image of 150 dpi up to N:
// that comes at its own resolution (capture::ImportOptions::atScanResolution).
#include "Commands.h"

#include "vanthu/capture/Cleanup.h"
#include "vanthu/capture/Import.h"
#include "vanthu/core/VnText.h"
#include "vanthu/core/VnTime.h"
#include "vanthu/ocr/Engine.h"
#include "vanthu/ocr/Evaluation.h"
#include "vanthu/ocr/Reader.h"
#include "vanthu/ocr/TextLayer.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>

namespace vanthu::cli {

namespace {

using json = nlohmann::json;

// Import a file and clean its pages (orientation, skew, borders) the way the station does after a
// scan; a page the cleanup cannot handle is read as imported.
Result<std::vector<PageImage>> loadPages(const std::string& path, int dpi)
{
    capture::ImportOptions io;
    io.dpi = dpi;
    auto file = capture::importFile(path, io);
    if (!file)
        return std::unexpected(file.error());
    std::vector<PageImage> pages;
    for (const PageImage& p : file->pages) {
        auto c = capture::cleanPage(p);
        pages.push_back(c ? c->page : p);
    }
    return pages;
}

int dpiOption(const Args& a)
{
    const auto v = a.value("dpi");
    return v ? std::max(72, std::min(600, std::atoi(v->c_str()))) : 300;
}

json fieldsJson(const ocr::Extraction& x)
{
    const auto f = ocr::eval::fieldsOf(x.meta);
    json j;
    for (const auto& [k, v] : f)
        j[k] = v;
    j["subject"] = x.meta.subject;
    j["number_blank"] = x.numberBlank;
    j["day_blank"] = x.dayBlank;
    j["warnings"] = x.warnings;
    j["header_seconds"] = x.headerSeconds;
    for (const auto& [name, info] : x.fields)
        j["regions"][name] = {{"page", info.page},
                              {"confidence", info.confidence},
                              {"box", {info.region.x, info.region.y, info.region.width, info.region.height}}};
    return j;
}

} // namespace

int cmdExtract(Context&, const std::vector<std::string>& argv)
{
    Args a = Args::parse(argv, {"dpi", "pdf"});
    if (!a.error().empty() || a.positional().size() != 1 || !a.unknown({"dpi", "json", "pdf", "help"}).empty() || a.flag("help")) {
        std::fprintf(stderr, "vanthu extract FILE [--dpi 300] [--json] [--pdf OUT.pdf]\n");
        return a.flag("help") ? ExitOk : ExitUsage;
    }
    auto pages = loadPages(a.positional()[0], dpiOption(a));
    if (!pages)
        return report(pages.error());
    // Tesseract starts only when something needs OCR: a born-digital PDF is read from its text.
    std::unique_ptr<ocr::Engine> engine;
    const auto startEngine = [&]() -> Result<ocr::Engine*> {
        if (!engine) {
            auto e = ocr::Engine::create();
            if (!e)
                return std::unexpected(e.error());
            engine = std::move(*e);
        }
        return engine.get();
    };
    ocr::Reader reader(startEngine);
    // A born-digital PDF (real text, not another recogniser's invisible layer) is read from its text.
    std::optional<ocr::TextLayer> layer;
    if (std::ifstream f(a.positional()[0], std::ios::binary); f) {
        char magic[5] = {};
        f.read(magic, 5);
        if (std::string_view(magic, 5) == "%PDF-")
            if (auto l = ocr::readTextLayer(a.positional()[0], dpiOption(a)); l && l->usablePages > 0)
                layer = std::move(*l);
    }
    auto x = layer ? reader.readBornDigital(*layer) : reader.readDocument(*pages);
    if (!x)
        return report(x.error());
    if (auto out = a.value("pdf")) {
        auto e = startEngine();
        if (!e)
            return report(e.error());
        auto written = (*e)->writeSearchablePdf(*pages, *out, x->meta).get();
        if (!written)
            return report(written.error());
    }
    if (a.flag("json")) {
        json j = fieldsJson(*x);
        j["source"] = layer ? "text-layer" : "ocr";
        std::printf("%s\n", j.dump(2).c_str());
        return ExitOk;
    }
    static const std::pair<const char*, const char*> kLabels[] = {
        {"number_symbol", "Số, ký hiệu / Number"}, {"date", "Ngày / Date"}, {"place", "Địa danh / Place"},
        {"issuer_parent", "Cơ quan chủ quản / Parent"}, {"issuer", "Cơ quan ban hành / Issuer"},
        {"type", "Loại / Type"}, {"urgency", "Độ khẩn / Urgency"}, {"secrecy", "Độ mật / Secrecy"},
        {"authority", "Thẩm quyền ký / Authority"}, {"signer_title", "Chức vụ / Position"},
        {"signer_name", "Người ký / Signer"}, {"recipients", "Nơi nhận / Recipients"}, {"pages", "Số trang / Pages"},
    };
    const auto f = ocr::eval::fieldsOf(x->meta);
    for (const auto& [key, label] : kLabels)
        std::printf("%-30s %s\n", label, f.at(key).c_str());
    std::printf("%-30s %s\n", "Trích yếu / Subject", x->meta.subject.c_str());
    if (layer)
        std::printf("Đọc từ lớp chữ của PDF, không OCR / read from the PDF's text layer, no OCR\n");
    if (x->numberBlank)
        std::printf("Số để trống (chờ cấp số) / blank number (to be issued)\n");
    if (x->dayBlank)
        std::printf("Ngày để trống / blank day\n");
    for (const auto& w : x->warnings)
        std::printf("Cảnh báo / warning: %s\n", w.c_str());
    if (isSecret(x->meta.secrecy))
        std::printf("VĂN BẢN MẬT: không gửi ra ngoài trạm / SECRET: never leaves the station\n");
    return ExitOk;
}

int cmdOcr(Context&, const std::vector<std::string>& argv)
{
    Args a = Args::parse(argv, {"dpi", "pdf"});
    if (!a.error().empty() || a.positional().size() != 1 || !a.unknown({"dpi", "pdf", "help"}).empty() || a.flag("help")) {
        std::fprintf(stderr, "vanthu ocr FILE [--dpi 300] [--pdf OUT.pdf]\n");
        return a.flag("help") ? ExitOk : ExitUsage;
    }
    auto pages = loadPages(a.positional()[0], dpiOption(a));
    if (!pages)
        return report(pages.error());
    auto engine = ocr::Engine::create();
    if (!engine)
        return report(engine.error());
    // Pages in parallel, one per worker; with --pdf the searchable PDF is made from the same
    // recognitions.
    auto doc = (*engine)->recognizeDocument(*pages, a.value("pdf").value_or("")).get();
    if (!doc)
        return report(doc.error());
    for (size_t i = 0; i < doc->pages.size(); ++i)
        std::printf("%s%s\n", i ? "\f" : "", doc->pages[i].text.c_str());
    return ExitOk;
}

int cmdEval(Context&, const std::vector<std::string>& argv)
{
    Args a = Args::parse(argv, {"json", "only", "dpi"});
    if (!a.error().empty() || a.positional().size() != 1 ||
        !a.unknown({"json", "only", "dpi", "no-full-text", "help"}).empty() || a.flag("help")) {
        std::fprintf(stderr, "vanthu eval DIR [--json FILE] [--only ID] [--dpi N] [--no-full-text]\n");
        return a.flag("help") ? ExitOk : ExitUsage;
    }
    const std::string dir = a.positional()[0];
    auto truth = ocr::eval::readTruth(dir);
    if (!truth)
        return report(truth.error());
    auto engine = ocr::Engine::create();
    if (!engine)
        return report(engine.error());
    ocr::Reader reader(**engine);
    const std::string only = a.value("only").value_or("");
    ocr::eval::Scoreboard board;
    for (const auto& t : *truth) {
        if (!only.empty() && t.id != only)
            continue;
        const auto started = std::chrono::steady_clock::now();
        const int dpi = a.value("dpi") ? dpiOption(a) : t.dpi;
        auto pages = loadPages(dir + "/scans/" + t.id + ".pdf", dpi);
        if (!pages) {
            board.addFailure(t, pages.error().toString());
            continue;
        }
        // As the incoming flow reads a scan: the header, the closing where the ink puts it, the
        // full text, then the signer and "Nơi nhận" placed by it if the ink did not place them.
        // --no-full-text: every field as regions (readDocument; the order the flow had before, and
        // what a reading without the searchable PDF costs).
        auto x = [&]() -> Result<ocr::Extraction> {
            if (a.flag("no-full-text"))
                return reader.readDocument(*pages);
            auto f = reader.readFields(*pages);
            if (!f)
                return f;
            if (auto first = reader.readClosingFirst(*pages, *f); !first)
                return std::unexpected(first.error());
            auto text = (*engine)->recognizeDocument(*pages, {}, {}, nullptr, f->regionsRead()).get();
            if (!text)
                return std::unexpected(text.error());
            if (auto s = reader.readClosing(*pages, *text, *f); !s)
                return std::unexpected(s.error());
            return f;
        }();
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (!x) {
            board.addFailure(t, x.error().toString());
            continue;
        }
        board.add(t, x->meta, seconds, x->headerSeconds);
        std::fprintf(stderr, "%s %.2f s (%d dpi)\n", t.id.c_str(), seconds, dpi);
    }
    std::printf("%s", board.table().c_str());
    if (auto out = a.value("json")) {
        std::ofstream f(*out);
        f << board.json() << '\n';
        if (!f) {
            std::fprintf(stderr, "Lỗi: không ghi được / Error: cannot write %s\n", out->c_str());
            return ExitIo;
        }
    }
    return ExitOk;
}

} // namespace vanthu::cli
