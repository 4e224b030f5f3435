// vanthu eval DIR: field extraction measured against a corpus laid out like shared/corpus/dev
// (truth.jsonl + scans/<id>.pdf). Exact match after NFC for each field, character error rate for
// the subject, time per document; a table on stdout and, with --json FILE, the details.
#include "Commands.h"

#include "vanthu/capture/Cleanup.h"
#include "vanthu/capture/Import.h"
#include "vanthu/core/VnText.h"
#include "vanthu/ocr/Engine.h"
#include "vanthu/ocr/Reader.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>

namespace vanthu::cli {

namespace {

using json = nlohmann::json;

std::u32string codepoints(const std::string& s)
{
    std::u32string out;
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        char32_t cp;
        size_t n;
        if (c < 0x80) { cp = c; n = 1; }
        else if ((c & 0xE0) == 0xC0) { cp = c & 0x1F; n = 2; }
        else if ((c & 0xF0) == 0xE0) { cp = c & 0x0F; n = 3; }
        else { cp = c & 0x07; n = 4; }
        for (size_t k = 1; k < n && i + k < s.size(); ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        out.push_back(cp);
        i += n;
    }
    return out;
}

size_t editDistance(const std::u32string& a, const std::u32string& b)
{
    std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j)
        prev[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (size_t j = 1; j <= b.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

// The corpus README allows stripping a leading "V/v" or "Về việc" and normalising white space.
std::string subjectCore(const std::string& s)
{
    std::string t = text::nfc(text::simplifySpaces(s));
    for (std::string_view p : {std::string_view("V/v "), std::string_view("Về việc ")})
        if (t.starts_with(p))
            t = t.substr(p.size());
    return t;
}

std::string str(const json& j, const char* key)
{
    return j.contains(key) && j[key].is_string() ? text::nfc(j[key].get<std::string>()) : std::string();
}

struct Tally {
    int correct = 0, total = 0;
    void add(bool ok)
    {
        ++total;
        correct += ok;
    }
    double rate() const { return total ? 100.0 * correct / total : 0; }
};

} // namespace

int cmdEval(Context&, const std::vector<std::string>& argv)
{
    Args a = Args::parse(argv, {"json", "limit", "only"});
    if (!a.error().empty() || a.positional().size() != 1 || !a.unknown({"json", "limit", "only", "help"}).empty())
    {
        std::fprintf(stderr, "vanthu eval DIR [--json FILE] [--limit N] [--only ID]\n");
        return ExitUsage;
    }
    const std::string dir = a.positional()[0];
    std::ifstream truthFile(dir + "/truth.jsonl");
    if (!truthFile) {
        std::fprintf(stderr, "Lỗi: không đọc được / Error: cannot read %s/truth.jsonl\n", dir.c_str());
        return ExitInvalidInput;
    }
    auto engine = ocr::Engine::create();
    if (!engine)
        return report(engine.error());
    ocr::Reader reader(**engine);
    const int limit = a.value("limit") ? std::atoi(a.value("limit")->c_str()) : 0;
    const std::string only = a.value("only").value_or("");

    std::map<std::string, Tally> tally;
    size_t subjectErrors = 0, subjectChars = 0;
    double totalSeconds = 0, headerSeconds = 0;
    int docs = 0;
    json details = json::array();
    for (std::string line; std::getline(truthFile, line);) {
        if (line.empty())
            continue;
        const json t = json::parse(line, nullptr, false);
        if (t.is_discarded())
            continue;
        const std::string id = str(t, "id");
        if (!only.empty() && id != only)
            continue;
        if (limit > 0 && docs >= limit)
            break;
        const auto started = std::chrono::steady_clock::now();
        capture::ImportOptions io;
        io.dpi = t["degradations"].value("dpi", 300);
        auto file = capture::importFile(dir + "/scans/" + id + ".pdf", io);
        if (!file) {
            report(file.error());
            continue;
        }
        auto clean = capture::cleanPage(file->pages.front());
        const PageImage page1 = clean ? clean->page : file->pages.front();
        auto x = reader.readHeader(page1);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        totalSeconds += seconds;
        ++docs;
        if (!x) {
            report(x.error());
            continue;
        }
        headerSeconds += x->headerSeconds;
        const DocumentMeta& m = x->meta;
        const std::string gotNumber = m.numberSymbol.symbol.empty() ? "" : m.numberSymbol.format();
        const std::string gotDate = m.issuedDate ? vntime::toIsoDate(*m.issuedDate) : "";
        const std::string gotType = m.type ? std::string(m.type->name) : "";
        const std::string truthParent = str(t, "issuer_parent");
        std::map<std::string, std::pair<std::string, std::string>> cmp{
            {"number_symbol", {str(t, "number_symbol"), gotNumber}},
            {"date", {str(t, "date"), gotDate}},
            {"place", {str(t, "place"), m.place}},
            {"issuer", {str(t, "issuer"), m.issuer}},
            {"issuer_parent", {truthParent, m.issuerParent}},
            {"type", {str(t, "doc_type"), gotType}},
            {"urgency", {str(t, "urgency"), std::string(toString(m.urgency))}},
            {"secrecy", {str(t, "secrecy"), std::string(toString(m.secrecy))}},
        };
        json d = {{"id", id}, {"seconds", seconds}, {"header_seconds", x->headerSeconds}, {"warnings", x->warnings}};
        for (const auto& [field, pair] : cmp) {
            const bool ok = text::nfc(pair.first) == text::nfc(pair.second);
            tally[field].add(ok);
            d[field] = {{"truth", pair.first}, {"got", pair.second}, {"ok", ok}};
        }
        if (!str(t, "secrecy").empty())
            tally["secrecy_found"].add(m.secrecy != Secrecy::None);
        const auto truthSubject = codepoints(subjectCore(str(t, "subject")));
        const auto gotSubject = codepoints(subjectCore(m.subject));
        const size_t dist = editDistance(truthSubject, gotSubject);
        subjectErrors += dist;
        subjectChars += truthSubject.size();
        d["subject"] = {{"truth", str(t, "subject")}, {"got", m.subject}, {"edits", dist}};
        details.push_back(d);
        std::fprintf(stderr, "%s %.2fs %s%s\n", id.c_str(), seconds, cmp["number_symbol"].second.c_str(),
                     cmp["number_symbol"].first == cmp["number_symbol"].second ? "" : "  ✗");
    }
    const double cer = subjectChars ? 100.0 * static_cast<double>(subjectErrors) / static_cast<double>(subjectChars) : 0;
    std::printf("\n| field | correct | total | accuracy %% |\n|---|---:|---:|---:|\n");
    for (const auto& [field, t] : tally)
        std::printf("| %s | %d | %d | %.1f |\n", field.c_str(), t.correct, t.total, t.rate());
    std::printf("| subject CER %% | %zu edits | %zu chars | %.2f |\n", subjectErrors, subjectChars, cer);
    std::printf("\nTài liệu / documents: %d; mean time per document %.2f s (import + cleanup + header), header read %.2f s\n",
                docs, docs ? totalSeconds / docs : 0, docs ? headerSeconds / docs : 0);
    if (auto out = a.value("json")) {
        json summary = {{"documents", docs}, {"subject_cer_percent", cer},
                        {"mean_seconds_per_document", docs ? totalSeconds / docs : 0}, {"details", details}};
        for (const auto& [field, t] : tally)
            summary["accuracy_percent"][field] = t.rate();
        std::ofstream(*out) << summary.dump(2) << '\n';
    }
    return ExitOk;
}

} // namespace vanthu::cli
