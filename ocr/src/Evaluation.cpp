#include "vanthu/ocr/Evaluation.h"

#include "vanthu/core/VnText.h"
#include "vanthu/core/VnTime.h"

#include "Utf8_p.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>

namespace vanthu::ocr::eval {

namespace {

using json = nlohmann::json;

using detail::codepoints;

std::string str(const json& j, const char* key)
{
    if (!j.contains(key) || j[key].is_null())
        return {};
    if (j[key].is_string())
        return normalize(j[key].get<std::string>());
    if (j[key].is_number_integer())
        return std::to_string(j[key].get<long>());
    return {};
}

bool truthNumberBlank(const Truth& t) { return t.fields.at("number_symbol").starts_with("/"); }

std::string fmt(const char* f, double v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, f, v);
    return buf;
}

} // namespace

const std::vector<std::string>& fieldNames()
{
    static const std::vector<std::string> names{"number_symbol", "date", "place", "issuer", "issuer_parent",
                                                "type", "urgency", "secrecy", "authority", "signer_title",
                                                "signer_name", "recipients", "pages"};
    return names;
}

std::string normalize(std::string_view s) { return text::simplifySpaces(text::nfc(s)); }

std::string subjectCore(std::string_view s)
{
    std::string t = normalize(s);
    for (std::string_view p : {std::string_view("V/v "), std::string_view("Về việc ")})
        if (t.starts_with(p))
            return t.substr(p.size());
    return t;
}

size_t editDistance(std::string_view as, std::string_view bs)
{
    return detail::editDistance(codepoints(as), codepoints(bs));
}

Result<std::vector<Truth>> readTruth(const std::string& dir)
{
    std::ifstream in(dir + "/truth.jsonl");
    if (!in)
        return fail(Errc::InvalidInput, "cannot read " + dir + "/truth.jsonl");
    std::vector<Truth> out;
    int lineNo = 0;
    for (std::string line; std::getline(in, line);) {
        ++lineNo;
        if (text::simplifySpaces(line).empty())
            continue;
        const json j = json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object() || !j.contains("id"))
            return fail(Errc::InvalidInput, dir + "/truth.jsonl line " + std::to_string(lineNo) + " is not a truth record");
        Truth t;
        t.id = str(j, "id");
        t.fields["number_symbol"] = str(j, "number_symbol");
        t.fields["date"] = str(j, "date");
        t.fields["place"] = str(j, "place");
        t.fields["issuer"] = str(j, "issuer");
        t.fields["issuer_parent"] = str(j, "issuer_parent");
        t.fields["type"] = str(j, "doc_type");
        t.fields["urgency"] = str(j, "urgency");
        t.fields["secrecy"] = str(j, "secrecy");
        t.fields["authority"] = str(j, "authority");
        t.fields["signer_title"] = str(j, "signer_title");
        t.fields["signer_name"] = str(j, "signer_name");
        std::string recipients;
        if (j.contains("recipients") && j["recipients"].is_array())
            for (const auto& r : j["recipients"])
                if (r.is_string())
                    recipients += (recipients.empty() ? "" : "; ") + normalize(r.get<std::string>());
        t.fields["recipients"] = recipients;
        t.fields["pages"] = str(j, "pages");
        t.subject = str(j, "subject");
        if (j.contains("degradations") && j["degradations"].is_object())
            t.dpi = j["degradations"].value("dpi", 300);
        t.pages = j.value("pages", 0);
        out.push_back(std::move(t));
    }
    return out;
}

std::map<std::string, std::string> fieldsOf(const DocumentMeta& m)
{
    std::map<std::string, std::string> f;
    f["number_symbol"] = m.numberSymbol.symbol.empty() ? "" : m.numberSymbol.format();
    if (!m.numberSymbol.number && !m.numberSymbol.symbol.empty()) // blank number: "/QĐ-STC"
        f["number_symbol"] = (m.numberSymbol.year ? "/" + std::to_string(*m.numberSymbol.year) : std::string()) +
                             "/" + m.numberSymbol.symbol;
    f["date"] = m.issuedDate ? vntime::toIsoDate(*m.issuedDate) : "";
    f["place"] = normalize(m.place);
    f["issuer"] = normalize(m.issuer);
    f["issuer_parent"] = normalize(m.issuerParent);
    f["type"] = m.type ? std::string(m.type->name) : "";
    f["urgency"] = std::string(toString(m.urgency));
    f["secrecy"] = std::string(toString(m.secrecy));
    f["authority"] = m.signer.authority;
    f["signer_title"] = normalize(m.signer.position);
    f["signer_name"] = normalize(m.signer.fullName);
    std::string r;
    for (const auto& x : m.recipients)
        r += (r.empty() ? "" : "; ") + normalize(x);
    f["recipients"] = r;
    f["pages"] = m.pageCount > 0 ? std::to_string(m.pageCount) : "";
    return f;
}

void Scoreboard::add(const Truth& truth, const DocumentMeta& got, double seconds, double headerSeconds)
{
    ++m_documents;
    m_seconds += seconds;
    m_headerSeconds += headerSeconds;
    const auto g = fieldsOf(got);
    nlohmann::json d = {{"id", truth.id}, {"seconds", seconds}, {"header_seconds", headerSeconds}};
    for (const std::string& name : fieldNames()) {
        const std::string& want = truth.fields.at(name);
        const std::string& have = g.at(name);
        const bool ok = normalize(want) == normalize(have);
        auto& c = m_counts[name];
        ++c.total;
        c.correct += ok;
        d["fields"][name] = {{"truth", want}, {"got", have}, {"ok", ok}};
    }
    if (!truth.fields.at("secrecy").empty()) {
        ++m_secretTotal;
        m_secretFound += got.secrecy != Secrecy::None;
    }
    if (truthNumberBlank(truth)) {
        ++m_blankTotal;
        m_blankReported += !got.numberSymbol.number.has_value() && !got.numberSymbol.symbol.empty();
    }
    const std::string want = subjectCore(truth.subject), have = subjectCore(got.subject);
    const size_t edits = editDistance(want, have);
    m_subjectEdits += edits;
    m_subjectChars += codepoints(want).size();
    d["subject"] = {{"truth", truth.subject}, {"got", got.subject}, {"edits", edits}};
    m_details.push_back(d.dump());
}

void Scoreboard::addFailure(const Truth& truth, std::string_view error)
{
    DocumentMeta none;
    add(truth, none, 0, 0);
    nlohmann::json d = json::parse(m_details.back());
    d["error"] = std::string(error);
    m_details.back() = d.dump();
}

double Scoreboard::accuracy(const std::string& field) const
{
    const auto it = m_counts.find(field);
    return it == m_counts.end() || it->second.total == 0 ? 0 : 100.0 * it->second.correct / it->second.total;
}

double Scoreboard::subjectCer() const
{
    return m_subjectChars ? 100.0 * static_cast<double>(m_subjectEdits) / static_cast<double>(m_subjectChars) : 0;
}

std::string Scoreboard::table() const
{
    std::string t = "| field | correct | total | accuracy % |\n|---|---:|---:|---:|\n";
    for (const std::string& name : fieldNames()) {
        const auto it = m_counts.find(name);
        if (it == m_counts.end())
            continue;
        t += "| " + name + " | " + std::to_string(it->second.correct) + " | " + std::to_string(it->second.total) +
             " | " + fmt("%.1f", accuracy(name)) + " |\n";
    }
    t += "| subject CER % | " + std::to_string(m_subjectEdits) + " edits | " + std::to_string(m_subjectChars) +
         " chars | " + fmt("%.2f", subjectCer()) + " |\n";
    t += "| secrecy marks found | " + std::to_string(m_secretFound) + " | " + std::to_string(m_secretTotal) + " | " +
         (m_secretTotal ? fmt("%.1f", 100.0 * m_secretFound / m_secretTotal) : std::string("n/a")) + " |\n";
    t += "| blank numbers reported blank | " + std::to_string(m_blankReported) + " | " + std::to_string(m_blankTotal) +
         " | " + (m_blankTotal ? fmt("%.1f", 100.0 * m_blankReported / m_blankTotal) : std::string("n/a")) + " |\n";
    t += "\nTài liệu / documents: " + std::to_string(m_documents) + "; mean time per document " +
         fmt("%.2f", m_documents ? m_seconds / m_documents : 0) + " s, of which header fields " +
         fmt("%.2f", m_documents ? m_headerSeconds / m_documents : 0) + " s\n";
    return t;
}

std::string Scoreboard::json() const
{
    nlohmann::json s = {{"documents", m_documents},
                        {"subject_cer_percent", subjectCer()},
                        {"secrecy_found", m_secretFound},
                        {"secrecy_total", m_secretTotal},
                        {"blank_numbers_reported", m_blankReported},
                        {"blank_numbers_total", m_blankTotal},
                        {"mean_seconds_per_document", m_documents ? m_seconds / m_documents : 0},
                        {"mean_header_seconds", m_documents ? m_headerSeconds / m_documents : 0}};
    for (const std::string& name : fieldNames())
        if (m_counts.contains(name))
            s["accuracy_percent"][name] = accuracy(name);
    s["details"] = nlohmann::json::array();
    for (const auto& d : m_details)
        s["details"].push_back(nlohmann::json::parse(d));
    return s.dump(2);
}

} // namespace vanthu::ocr::eval
