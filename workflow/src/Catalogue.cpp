// The one-stop procedure catalogue, the CCCD QR code and dossier codes (issue #7 item 3).
#include "vanthu/workflow/Dossier.h"

#include "vanthu/core/Ini.h"
#include "vanthu/core/VnText.h"

#include <cstdio>
#include <regex>

namespace vanthu::workflow {

namespace {

// Demo catalogue. Procedure codes and days are examples for the TEST agency, not taken from the
// national procedure database: an administrator replaces this file (<data_dir>/procedures.ini).
constexpr std::string_view kCatalogue = R"(# Danh mục thủ tục hành chính (một cửa) — BẢN THỬ NGHIỆM / TEST catalogue
# [procedure.<mã>]  name, days (ngày làm việc), unit, collect_at,
# component = id|tên thành phần|original or copy|số lượng|required or optional
[procedure.TEST.001]
name = Cấp bản sao trích lục hộ tịch (thử nghiệm)
days = 3
unit = Bộ phận một cửa
collect_at = Bộ phận một cửa, quầy số 1
component = don|Tờ khai cấp bản sao trích lục hộ tịch|original|1|required
component = cccd|Căn cước công dân của người yêu cầu|copy|1|required
component = uyquyen|Văn bản ủy quyền (nếu nộp thay)|original|1|optional

[procedure.TEST.002]
name = Đăng ký hoạt động (thử nghiệm)
days = 10
unit = Bộ phận một cửa
collect_at = Bộ phận một cửa, quầy số 2
component = don|Đơn đề nghị đăng ký hoạt động|original|1|required
component = cccd|Căn cước công dân của người đứng đầu|copy|1|required
component = dieule|Điều lệ hoặc quy chế hoạt động|original|2|required
)";

Result<vntime::Date> ddmmyyyy(std::string_view s)
{
    static const std::regex re(R"(^(\d{2})(\d{2})(\d{4})$)");
    std::cmatch m;
    const std::string t(s);
    if (!std::regex_match(t.c_str(), m, re))
        return fail(Errc::InvalidInput, "not a DDMMYYYY date: '" + t + "'");
    const vntime::Date d{std::chrono::year{std::stoi(m[3])}, std::chrono::month{static_cast<unsigned>(std::stoi(m[2]))},
                         std::chrono::day{static_cast<unsigned>(std::stoi(m[1]))}};
    if (!d.ok())
        return fail(Errc::InvalidInput, "not a real date: '" + t + "'");
    return d;
}

std::vector<std::string> splitBar(std::string_view s)
{
    std::vector<std::string> parts;
    size_t start = 0;
    for (;;) {
        const size_t bar = s.find('|', start);
        parts.emplace_back(s.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start));
        if (bar == std::string_view::npos)
            break;
        start = bar + 1;
    }
    return parts;
}

} // namespace

std::string_view builtinCatalogue() { return kCatalogue; }

Result<std::vector<Procedure>> parseCatalogue(std::string_view text)
{
    auto ini = Ini::parse(text);
    if (!ini)
        return std::unexpected(ini.error());
    std::vector<Procedure> out;
    std::map<std::string, size_t> index;
    for (const IniEntry& e : ini->entries()) {
        const auto bad = [&](const std::string& why) {
            return fail(core::Errc::ConfigError, "procedures: line " + std::to_string(e.line) + ": " + why);
        };
        if (!e.section.starts_with("procedure.") || e.section.size() <= 10)
            return bad("section must be [procedure.<code>]");
        const std::string code = e.section.substr(10);
        if (!index.contains(code)) {
            index[code] = out.size();
            Procedure np;
            np.code = code;
            out.push_back(std::move(np));
        }
        Procedure& p = out[index[code]];
        if (e.key == "name") {
            p.name = text::nfc(e.value);
        } else if (e.key == "days") {
            try {
                p.statutoryDays = std::stoi(e.value);
            } catch (const std::exception&) {
                return bad("days must be a number");
            }
            if (p.statutoryDays < 0 || p.statutoryDays > 365)
                return bad("days out of range");
        } else if (e.key == "unit") {
            p.receivingUnit = text::nfc(e.value);
        } else if (e.key == "collect_at") {
            p.collectAt = text::nfc(e.value);
        } else if (e.key == "component") {
            const auto f = splitBar(e.value);
            if (f.size() != 5)
                return bad("component = id|name|original or copy|count|required or optional");
            ProcedureComponent c;
            c.id = text::simplifySpaces(f[0]);
            c.name = text::simplifySpaces(text::nfc(f[1]));
            const std::string kind = text::simplifySpaces(f[2]);
            if (kind != "original" && kind != "copy")
                return bad("component kind must be original or copy");
            c.original = kind == "original";
            try {
                c.count = std::stoi(f[3]);
            } catch (const std::exception&) {
                return bad("component count must be a number");
            }
            const std::string req = text::simplifySpaces(f[4]);
            if (req != "required" && req != "optional")
                return bad("component must be required or optional");
            c.required = req == "required";
            if (c.id.empty() || c.name.empty() || c.count < 1)
                return bad("component id, name and count are needed");
            p.components.push_back(std::move(c));
        } else {
            return bad("unknown key '" + e.key + "'");
        }
    }
    for (const auto& p : out)
        if (p.name.empty() || p.components.empty())
            return fail(core::Errc::ConfigError, "procedures: [procedure." + p.code + "] needs a name and components");
    return out;
}

Result<Applicant> parseCccdQr(std::string_view raw)
{
    std::string s = text::nfc(raw);
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' '))
        s.pop_back();
    const auto f = splitBar(s);
    if (f.size() != 7)
        return fail(Errc::InvalidInput, "CCCD QR: expected 7 fields separated by '|', got " + std::to_string(f.size()));
    static const std::regex id12(R"(^\d{12}$)"), id9(R"(^(\d{9}|\d{12})?$)");
    if (!std::regex_match(f[0], id12))
        return fail(Errc::InvalidInput, "CCCD QR: the ID number must have 12 digits: '" + f[0] + "'");
    if (!std::regex_match(f[1], id9))
        return fail(Errc::InvalidInput, "CCCD QR: the old ID number must have 9 or 12 digits: '" + f[1] + "'");
    Applicant a;
    a.idNumber = f[0];
    a.oldIdNumber = f[1];
    a.fullName = text::simplifySpaces(f[2]);
    if (a.fullName.empty())
        return fail(Errc::InvalidInput, "CCCD QR: no name");
    auto birth = ddmmyyyy(f[3]);
    if (!birth)
        return std::unexpected(birth.error());
    a.birthDate = *birth;
    a.gender = text::simplifySpaces(f[4]);
    a.address = text::simplifySpaces(f[5]);
    auto issued = ddmmyyyy(f[6]);
    if (!issued)
        return std::unexpected(issued.error());
    a.idIssueDate = *issued;
    return a;
}

std::string dossierCode(std::string_view agencyCode, vntime::Instant t, int sequence)
{
    const auto d = vntime::localDate(t);
    char buf[32];
    std::snprintf(buf, sizeof buf, "-%02d%02u%02u-%04d", static_cast<int>(d.year()) % 100,
                  static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()), sequence);
    return std::string(agencyCode) + buf;
}

} // namespace vanthu::workflow
