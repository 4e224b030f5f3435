#include "Fields_p.h"

#include "vanthu/core/VnText.h"
#include "vanthu/core/VnTime.h"
#include "vanthu/ocr/TextLayer.h"
#include "vanthu/workflow/Errors.h"

#include <regex>

namespace vanthu::workflow::detail {

namespace {

struct FieldDef {
    const char* name;
    const char* label;
    bool required;
    const char* ocrName;   // name in ocr::Extraction::fields
};

constexpr FieldDef kFields[] = {
    {"number_symbol", "Số, ký hiệu / Number and symbol", true, "number_symbol"},
    {"issued_date", "Ngày văn bản / Date", false, "issued_date"},
    {"issuer", "Cơ quan ban hành / Issuer", true, "issuer"},
    {"issuer_parent", "Cơ quan chủ quản / Parent body", false, "issuer_parent"},
    {"place", "Địa danh / Place", false, "place"},
    {"type", "Loại văn bản / Type", false, "type"},
    {"subject", "Trích yếu / Subject", true, "subject"},
    {"urgency", "Độ khẩn / Urgency", false, "urgency"},
    {"secrecy", "Độ mật / Secrecy", false, "secrecy"},
    {"signer_authority", "Thẩm quyền ký / Authority", false, "signer"},
    {"signer_position", "Chức vụ người ký / Signer's position", false, "signer"},
    {"signer_name", "Người ký / Signer", false, "signer"},
    {"recipients", "Nơi nhận / Recipients", false, "recipients"},
    {"page_count", "Số trang / Pages", false, ""},
    {"recipient_unit", "Đơn vị, người nhận / Forward to", false, ""},
    {"note", "Ghi chú / Note", false, ""},
};

std::string joined(const std::vector<std::string>& v)
{
    std::string r;
    for (const auto& x : v)
        r += (r.empty() ? "" : "; ") + x;
    return r;
}

std::string numberSymbolText(const NumberSymbol& n)
{
    if (n.symbol.empty())
        return "";
    if (!n.number)
        return (n.year ? "/" + std::to_string(*n.year) : std::string()) + "/" + n.symbol;
    return n.format();
}

Result<vntime::Date> parseDate(std::string_view v)
{
    if (auto d = vntime::parseIsoDate(v))
        return *d;
    static const std::regex dmy(R"(^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$)");
    std::cmatch m;
    const std::string s(v);
    if (std::regex_match(s.c_str(), m, dmy)) {
        const std::chrono::year_month_day d{std::chrono::year{std::stoi(m[3])},
                                            std::chrono::month{static_cast<unsigned>(std::stoi(m[2]))},
                                            std::chrono::day{static_cast<unsigned>(std::stoi(m[1]))}};
        if (d.ok())
            return d;
    }
    return fail(Errc::InvalidInput, "not a date (YYYY-MM-DD or dd/mm/yyyy): " + s);
}

} // namespace

FieldSources sources(const ocr::Extraction& x)
{
    FieldSources c;
    for (const auto& d : kFields) {
        if (!*d.ocrName)
            continue;
        auto it = x.fields.find(d.ocrName);
        if (it == x.fields.end())
            continue;
        FieldSource s;
        s.confidence = it->second.confidence;
        // An empty rectangle means the reader filled the field without locating it on the page.
        if (it->second.region.width > 0 && it->second.region.height > 0) {
            s.page = it->second.page;
            s.region = it->second.region;
        }
        c[d.name] = s;
    }
    c["page_count"].confidence = 100;
    return c;
}

FieldSources sourcesOf(const std::vector<ReviewField>& fields)
{
    FieldSources c;
    for (const auto& f : fields)
        c[f.name] = FieldSource{f.confidence, f.page, f.region, f.pending};
    return c;
}

Result<ocr::Extraction> readFields(ocr::Reader& reader, bool bornDigital, const std::string& file,
                                   const std::vector<PageImage>& pages)
{
    if (bornDigital && !pages.empty()) {
        auto layer = ocr::readTextLayer(file, pages.front().dpi > 0 ? pages.front().dpi : 300);
        if (layer && layer->usablePages > 0)
            return reader.readBornDigital(*layer);
    }
    return reader.readDocument(pages);
}

std::string bilingualWarning(const std::string& w)
{
    // The reader's cross-check messages are English (ocr/src/Reader.cpp); the clerk reads
    // Vietnamese first. Messages that already carry a Vietnamese part pass through unchanged.
    struct Known {
        const char* english;
        const char* vietnamese;
    };
    static constexpr Known kExact[] = {
        {"no date found", "Không tìm thấy ngày"},
        {"no issuing agency found", "Không tìm thấy cơ quan ban hành"},
        {"type taken from the symbol", "Loại văn bản lấy theo ký hiệu"},
        {"no signature block / Nơi nhận found", "Không tìm thấy chữ ký / Nơi nhận"},
    };
    for (const auto& k : kExact)
        if (w == k.english)
            return std::string(k.vietnamese) + " / " + (w == kExact[3].english ? "no signature block or recipients found" : w);
    if (w.starts_with("symbol ") && w.find(" read as ") != std::string::npos)
        return "Ký hiệu đã sửa theo tên viết tắt cơ quan ban hành / " + w;
    if (w.starts_with("the symbol's type"))
        return "Loại văn bản trong ký hiệu khác tên loại in trên văn bản / " + w;
    if (w.find(" / ") != std::string::npos)
        return w;
    return "Cảnh báo khi đọc văn bản / " + w;
}

std::vector<ReviewField> reviewFields(const DocumentMeta& m, const FieldSources& confidence,
                                      const std::string& recipientUnit, const std::string& note)
{
    std::vector<ReviewField> out;
    for (const auto& d : kFields) {
        ReviewField f;
        f.name = d.name;
        f.label = d.label;
        f.required = d.required;
        const std::string n = d.name;
        if (n == "number_symbol")
            f.value = numberSymbolText(m.numberSymbol);
        else if (n == "issued_date")
            f.value = m.issuedDate ? vntime::toIsoDate(*m.issuedDate) : "";
        else if (n == "issuer")
            f.value = m.issuer;
        else if (n == "issuer_parent")
            f.value = m.issuerParent;
        else if (n == "place")
            f.value = m.place;
        else if (n == "type")
            f.value = m.type ? std::string(m.type->name) : "";
        else if (n == "subject")
            f.value = m.subject;
        else if (n == "urgency")
            f.value = std::string(toString(m.urgency));
        else if (n == "secrecy")
            f.value = std::string(toString(m.secrecy));
        else if (n == "signer_authority")
            f.value = m.signer.authority;
        else if (n == "signer_position")
            f.value = m.signer.position;
        else if (n == "signer_name")
            f.value = m.signer.fullName;
        else if (n == "recipients")
            f.value = joined(m.recipients);
        else if (n == "page_count")
            f.value = m.pageCount > 0 ? std::to_string(m.pageCount) : "";
        else if (n == "recipient_unit")
            f.value = recipientUnit;
        else if (n == "note")
            f.value = note;
        if (auto it = confidence.find(n); it != confidence.end()) {
            f.confidence = it->second.confidence;
            f.page = it->second.page;
            f.region = it->second.region;
            f.pending = it->second.pending;
        }
        if (f.value.empty() && n != "urgency" && n != "secrecy")
            f.confidence = 0;
        out.push_back(std::move(f));
    }
    return out;
}

Status setField(DocumentMeta& m, std::string& recipientUnit, std::string& note, std::string_view field,
                std::string_view rawValue)
{
    const std::string value = text::simplifySpaces(text::nfc(rawValue));
    const std::string f(field);
    if (f == "number_symbol") {
        if (value.empty()) {
            m.numberSymbol = {};
            return {};
        }
        auto ns = parseNumberSymbol(value);
        if (!ns)
            return fail(Errc::InvalidInput, "number_symbol: " + ns.error().detail());
        m.numberSymbol = *ns;
    } else if (f == "issued_date" || f == "date") {
        if (value.empty()) {
            m.issuedDate.reset();
            return {};
        }
        auto d = parseDate(value);
        if (!d)
            return std::unexpected(d.error());
        m.issuedDate = *d;
    } else if (f == "issuer") {
        m.issuer = value;
    } else if (f == "issuer_parent") {
        m.issuerParent = value;
    } else if (f == "place") {
        m.place = value;
    } else if (f == "type") {
        if (value.empty()) {
            m.type.reset();
            return {};
        }
        auto t = doctype::byAbbreviation(value);
        if (!t)
            t = doctype::byName(value);
        if (!t)
            return fail(Errc::InvalidInput, "type: unknown document type '" + value + "'");
        m.type = *t;
    } else if (f == "subject") {
        m.subject = value;
    } else if (f == "urgency") {
        auto u = parseUrgency(value);
        if (!u)
            return fail(Errc::InvalidInput, "urgency: '" + value + "' (Khẩn, Thượng khẩn, Hỏa tốc or empty)");
        m.urgency = *u;
    } else if (f == "secrecy") {
        auto s = parseSecrecy(value);
        if (!s)
            return fail(Errc::InvalidInput, "secrecy: '" + value + "' (Mật, Tối mật, Tuyệt mật or empty)");
        m.secrecy = *s;
    } else if (f == "signer_authority") {
        m.signer.authority = value;
    } else if (f == "signer_position") {
        m.signer.position = value;
    } else if (f == "signer_name") {
        m.signer.fullName = value;
    } else if (f == "recipients") {
        m.recipients.clear();
        size_t start = 0;
        while (start <= value.size()) {
            const size_t semi = value.find(';', start);
            std::string part = text::simplifySpaces(value.substr(start, semi == std::string::npos ? std::string::npos : semi - start));
            if (!part.empty())
                m.recipients.push_back(part);
            if (semi == std::string::npos)
                break;
            start = semi + 1;
        }
    } else if (f == "page_count" || f == "pages") {
        try {
            size_t used = 0;
            const int n = std::stoi(value, &used);
            if (used != value.size() || n < 1 || n > 10000)
                throw std::invalid_argument("range");
            m.pageCount = n;
        } catch (const std::exception&) {
            return fail(Errc::InvalidInput, "page_count: not a page count: '" + value + "'");
        }
    } else if (f == "recipient_unit") {
        recipientUnit = value;
    } else if (f == "note") {
        note = value;
    } else {
        return fail(Errc::InvalidInput, "unknown field '" + f + "'");
    }
    return {};
}

Result<std::pair<std::string, std::string>> splitAssignment(std::string_view a)
{
    const size_t eq = a.find('=');
    if (eq == std::string_view::npos || eq == 0)
        return fail(Errc::InvalidInput, "expected field=value: '" + std::string(a) + "'");
    return std::pair{std::string(a.substr(0, eq)), std::string(a.substr(eq + 1))};
}

} // namespace vanthu::workflow::detail
