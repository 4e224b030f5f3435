#include "vanthu/ocr/Grammar.h"

#include "vanthu/core/VnText.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace vanthu::ocr::grammar {

namespace {

constexpr std::string_view kEth = "\xC3\x90";      // Ð U+00D0
constexpr std::string_view kDStroke = "\xC4\x90";  // Đ U+0110

void replaceAll(std::string& s, std::string_view from, std::string_view to)
{
    for (size_t p = 0; (p = s.find(from, p)) != std::string::npos; p += to.size())
        s.replace(p, from.size(), to);
}

// Decodes UTF-8 into code points (input is valid UTF-8 from our own normaliser).
std::u32string codepoints(std::string_view s)
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

bool isSymbolChar(unsigned char c) { return std::isalnum(c) || c == '-' || c == '.' || c >= 0x80; }

} // namespace

int foldedDistance(std::string_view a, std::string_view b)
{
    const std::u32string x = codepoints(text::searchKey(a)), y = codepoints(text::searchKey(b));
    std::vector<int> prev(y.size() + 1), cur(y.size() + 1);
    for (size_t j = 0; j <= y.size(); ++j)
        prev[j] = static_cast<int>(j);
    for (size_t i = 1; i <= x.size(); ++i) {
        cur[0] = static_cast<int>(i);
        for (size_t j = 1; j <= y.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)});
        std::swap(prev, cur);
    }
    return prev[y.size()];
}

std::string repairSymbolText(std::string_view in)
{
    std::string s = text::nfc(in);
    replaceAll(s, kEth, kDStroke);
    // Tesseract `vie` reads a bold Đ as "ĐĐ" (after the Ð repair) in symbols like "QĐĐ-UBND".
    replaceAll(s, std::string(kDStroke) + std::string(kDStroke), kDStroke);
    return s;
}

std::optional<NumberMatch> findNumberSymbol(std::string_view rawLine)
{
    const std::string line = repairSymbolText(rawLine);
    // "Số" opens the line (ô 3 starts its own line; when columns merge it is still first), written
    // with a capital S; OCR may read ô as 6 or 0 and drop the colon. A lower-case "số" inside a
    // sentence ("Nghị định số 30/2020/NĐ-CP") is a citation, not the document's number.
    size_t first = 0;
    while (first < line.size() && !std::isalnum(static_cast<unsigned char>(line[first])) &&
           static_cast<unsigned char>(line[first]) < 0x80)
        ++first;
    if (first > 3 || first >= line.size() || line[first] != 'S')
        return std::nullopt;
    const std::string key = text::searchKey(line.substr(first));
    if (!(key.starts_with("so") || key.starts_with("s6") || key.starts_with("s0")))
        return std::nullopt;
    // Map the folded position back: count folded characters up to `at` in the original by walking
    // words. Simpler and robust: take the original text after the first '/' preceded by the number.
    const size_t slash = line.find('/');
    if (slash == std::string::npos)
        return std::nullopt;
    // The number: digits (or O/o/D read for 0) just before the slash, possibly with spaces.
    size_t end = slash;
    while (end > 0 && line[end - 1] == ' ')
        --end;
    size_t begin = end;
    while (begin > 0) {
        const char c = line[begin - 1];
        if (std::isdigit(static_cast<unsigned char>(c)) || c == 'O' || c == 'o' || c == 'l' || c == 'I')
            --begin;
        else
            break;
    }
    std::string digits;
    for (size_t i = begin; i < end; ++i) {
        const char c = line[i];
        digits += (c == 'O' || c == 'o') ? '0' : (c == 'l' || c == 'I') ? '1' : c;
    }
    // Between "Số:" and the number only spaces, ':' or OCR dots may stand.
    for (size_t i = first + 2; i < begin; ++i) {
        const auto c = static_cast<unsigned char>(line[i]);
        if (c != ' ' && c != ':' && c != '.' && c != ';' && c < 0x80 && !std::isdigit(c))
            return std::nullopt;
    }
    // The symbol: from after the slash to the first space after a symbol character.
    std::string rest = line.substr(slash + 1);
    std::string symbol;
    bool started = false;
    for (size_t i = 0; i < rest.size(); ++i) {
        const auto c = static_cast<unsigned char>(rest[i]);
        if (c == ' ') {
            // "QĐ - UBND" or "QĐ- UBND": spaces around a dash belong to the symbol.
            const bool dashAround = (!symbol.empty() && symbol.back() == '-') ||
                                    (i + 1 < rest.size() && rest[i + 1] == '-');
            if (!started || dashAround)
                continue;
            break;
        }
        if (!isSymbolChar(c) && c != '/')
            break;
        started = true;
        symbol += static_cast<char>(c);
    }
    while (!symbol.empty() && (symbol.back() == '.' || symbol.back() == '-' || symbol.back() == ','))
        symbol.pop_back();
    if (symbol.empty())
        return std::nullopt;
    auto parsed = parseNumberSymbol(digits + "/" + symbol);
    if (!parsed)
        return std::nullopt;
    NumberMatch m;
    m.value = *parsed;
    m.blank = digits.empty();
    return m;
}

std::optional<DateMatch> findPlaceDate(std::string_view rawLine)
{
    const std::string line = text::nfc(rawLine);
    const std::string key = text::searchKey(line);
    // Folded: "<place>, ngay 05 thang 02 nam 2021"; OCR may glue or split words.
    const size_t ngay = key.find("ngay");
    const size_t thang = key.find("thang", ngay == std::string::npos ? 0 : ngay);
    const size_t nam = key.find("nam", thang == std::string::npos ? 0 : thang + 5);
    if (thang == std::string::npos || nam == std::string::npos)
        return std::nullopt;
    const auto number = [&](size_t from, size_t to) -> std::optional<int> {
        std::string d;
        for (size_t i = from; i < to && i < key.size(); ++i) {
            const char c = key[i];
            if (std::isdigit(static_cast<unsigned char>(c)))
                d += c;
            else if (c == 'o' && !d.empty())
                d += '0';
        }
        if (d.empty() || d.size() > 4)
            return std::nullopt;
        return std::stoi(d);
    };
    DateMatch m;
    const std::optional<int> day = ngay == std::string::npos ? std::nullopt : number(ngay + 4, thang);
    const std::optional<int> month = number(thang + 5, nam);
    std::optional<int> year;
    {
        std::string d;
        for (size_t i = nam + 3; i < key.size() && d.size() < 4; ++i) {
            if (std::isdigit(static_cast<unsigned char>(key[i])))
                d += key[i];
            else if (!d.empty() || (key[i] != ' ' && key[i] != ':'))
                break;
        }
        if (d.size() == 4)
            year = std::stoi(d);
    }
    if (!month || !year || *month < 1 || *month > 12)
        return std::nullopt;
    m.month = *month;
    m.year = *year;
    if (!day) {
        m.dayBlank = true;
    } else {
        const std::chrono::year_month_day ymd{std::chrono::year{*year}, std::chrono::month{static_cast<unsigned>(*month)},
                                              std::chrono::day{static_cast<unsigned>(*day)}};
        if (ymd.ok())
            m.date = ymd;
    }
    // The place: the original text before the comma that precedes "ngày".
    if (ngay != std::string::npos) {
        // The last comma in the original text that is followed (within a space) by "ngày".
        size_t cut = std::string::npos;
        for (size_t p = line.find(','); p != std::string::npos; p = line.find(',', p + 1)) {
            const std::string after = text::searchKey(line.substr(p + 1));
            if (after.starts_with("ngay") || after.starts_with(" ngay") || after.find("ngay") <= 2)
                cut = p;
        }
        if (cut != std::string::npos)
            m.place = text::simplifySpaces(line.substr(0, cut));
    }
    return m;
}

std::optional<DocumentType> matchTypeName(std::string_view line)
{
    const std::string key = text::searchKey(line);
    if (key.size() < 4 || key.size() > 24)
        return std::nullopt;
    std::optional<DocumentType> best;
    int bestDistance = 3;
    for (const DocumentType& t : doctype::all()) {
        if (t.isCopy)
            continue;
        const int d = foldedDistance(line, t.upperName);
        // Allow one slip per five letters.
        const int allowed = std::max(1, static_cast<int>(text::searchKey(t.upperName).size()) / 5);
        if (d <= allowed && d < bestDistance) {
            best = t;
            bestDistance = d;
        }
    }
    return best;
}

std::optional<Urgency> matchUrgencyMark(std::string_view line)
{
    const std::string k = text::searchKey(line);
    if (k.size() > 16)
        return std::nullopt;
    if (foldedDistance(k, "thuong khan") <= 2)
        return Urgency::ThuongKhan;
    if (foldedDistance(k, "hoa toc") <= 1)
        return Urgency::HoaToc;
    if (foldedDistance(k, "khan") <= 1 && k.size() <= 5)
        return Urgency::Khan;
    return std::nullopt;
}

std::optional<Secrecy> matchSecrecyMark(std::string_view line)
{
    std::string k = text::searchKey(line);
    if (k.starts_with("do mat"))
        k = k.substr(6);
    while (!k.empty() && (k.front() == ':' || k.front() == ' '))
        k.erase(k.begin());
    if (k.size() > 10)
        return std::nullopt;
    if (foldedDistance(k, "tuyet mat") <= 1)
        return Secrecy::TuyetMat;
    if (foldedDistance(k, "toi mat") <= 1)
        return Secrecy::ToiMat;
    if (foldedDistance(k, "mat") == 0)
        return Secrecy::Mat;
    return std::nullopt;
}

} // namespace vanthu::ocr::grammar
