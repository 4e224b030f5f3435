#include "vanthu/ocr/Grammar.h"

#include "vanthu/core/VnText.h"

#include "Utf8_p.h"

#include <algorithm>
#include <map>
#include <optional>
#include <cctype>
#include <initializer_list>
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

using detail::codepoints;

bool isSymbolChar(unsigned char c) { return std::isalnum(c) || c == '-' || c == '.' || c >= 0x80; }

int rawDistance(const std::u32string& x, const std::u32string& y)
{
    return static_cast<int>(detail::editDistance(x, y));
}

// The part before the first '-' of a symbol is a type abbreviation (QĐ, TTr, KH) or, in a công văn,
// the agency's abbreviation, which is upper case. A head with a lower-case letter or a digit that
// is no known abbreviation is an OCR slip of the one abbreviation it is one letter away from
// ("TIr-SNV" → "TTr-SNV", "T8-UBND" → "TB-UBND").
std::string repairTypeAbbreviation(const std::string& symbol)
{
    const size_t dash = symbol.find('-');
    if (dash == std::string::npos || dash == 0)
        return symbol;
    const std::string head = symbol.substr(0, dash);
    if (doctype::byAbbreviation(head))
        return symbol;
    const bool suspicious = std::any_of(head.begin(), head.end(), [](char c) {
        return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c));
    });
    if (!suspicious)
        return symbol;
    const std::u32string h = codepoints(head);
    std::string_view best;
    int found = 0;
    for (const DocumentType& t : doctype::all()) {
        if (t.abbreviation.empty())
            continue;
        if (rawDistance(h, codepoints(t.abbreviation)) == 1) {
            best = t.abbreviation;
            ++found;
        }
    }
    return found == 1 ? std::string(best) + symbol.substr(dash) : symbol;
}

std::vector<std::string> splitWords(std::string_view s)
{
    std::vector<std::string> out;
    size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && s[i] == ' ')
            ++i;
        size_t j = s.find(' ', i);
        if (j == std::string_view::npos)
            j = s.size();
        if (j > i)
            out.emplace_back(s.substr(i, j - i));
        i = j;
    }
    return out;
}

std::string joinWords(const std::vector<std::string>& w, size_t from, size_t to)
{
    std::string s;
    for (size_t i = from; i < to; ++i)
        s += (s.empty() ? "" : " ") + w[i];
    return s;
}

// `w` without any of `marks` at its start or end, however many stand there ("“-Ngô" → "Ngô").
void trimMarks(std::string& w, std::initializer_list<std::string_view> marks)
{
    for (bool cut = true; cut && !w.empty();) {
        cut = false;
        for (std::string_view m : marks) {
            if (w.starts_with(m)) {
                w.erase(0, m.size());
                cut = true;
            }
            if (w.ends_with(m)) {
                w.erase(w.size() - m.size());
                cut = true;
            }
        }
    }
}

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

std::string repairEth(std::string s)
{
    if (s.find("\xC3\x90") == std::string::npos && s.find("\xC3\xB0") == std::string::npos)  // no Ð, no ð
        return s;
    for (const std::string& pair : {std::string(kDStroke) + std::string(kEth), std::string(kEth) + std::string(kDStroke),
                                    std::string(kEth) + std::string(kEth)})
        replaceAll(s, pair, kDStroke);
    replaceAll(s, kEth, kDStroke);
    replaceAll(s, "\xC3\xB0", "\xC4\x91");  // ð U+00F0 → đ U+0111
    return s;
}

std::string repairSymbolText(std::string_view in)
{
    std::string s = repairEth(text::nfc(in));
    // What OCR makes of a hyphen (angle quotes, dashes, a minus, a tilde) and of a slash (the
    // fraction slash): a ký hiệu holds only letters, digits, hyphens and slashes. A run of
    // hyphens is one ("QĐ‹‹ CCTL" is QĐ-CCTL).
    for (std::string_view dash : {"‹", "›", "«", "»", "–", "—", "‐", "‑", "−", "~"})
        replaceAll(s, dash, "-");
    replaceAll(s, "⁄", "/");
    for (size_t at = s.find("--"); at != std::string::npos; at = s.find("--", at))
        s.erase(at, 1);
    return s;
}

std::optional<NumberMatch> findNumberSymbol(std::string_view rawLine)
{
    std::string line = repairSymbolText(rawLine);
    // A thin slash is sometimes lost: "Số: 521UBND-TCKH". Digits followed directly by a capital
    // letter can only be number and symbol, so the slash goes back between them.
    if (line.find('/') == std::string::npos) {
        for (size_t i = 1; i < line.size(); ++i) {
            const auto c = static_cast<unsigned char>(line[i]);
            if (std::isdigit(static_cast<unsigned char>(line[i - 1])) && (std::isupper(c) || c >= 0xC3)) {
                line.insert(i, "/");
                break;
            }
        }
    }
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
    // A 1 may also come as "!" or "|" ("0! /KH-SNV", HLM-016), but only beside a digit read as
    // one: alone they are specks in a blank number's gap, which stays blank.
    size_t begin = end;
    while (begin > 0) {
        const char c = line[begin - 1];
        if (std::isdigit(static_cast<unsigned char>(c)) || c == 'O' || c == 'o' || c == 'l' || c == 'I' || c == '!' || c == '|')
            --begin;
        else
            break;
    }
    const bool realDigit = std::any_of(line.begin() + static_cast<long>(begin), line.begin() + static_cast<long>(end),
                                       [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
    while (!realDigit && begin < end && (line[begin] == '!' || line[begin] == '|'))
        ++begin;
    std::string digits;
    for (size_t i = begin; i < end; ++i) {
        const char c = line[i];
        digits += (c == 'O' || c == 'o') ? '0' : (c == 'l' || c == 'I' || c == '!' || c == '|') ? '1' : c;
    }
    // Between "Số:" and the number only spaces, ':' or OCR dots may stand.
    for (size_t i = first + 2; i < begin; ++i) {
        const auto c = static_cast<unsigned char>(line[i]);
        if (c != ' ' && c != ':' && c != '.' && c != ';' && c < 0x80 && !std::isdigit(c))
            return std::nullopt;
    }
    // The symbol: from after the slash to the first space after a symbol character. A doubled
    // slash ("06//TTCNTT-KT": a speck or a thick stroke read twice) is one slash; a ký hiệu never
    // holds an empty part.
    size_t symbolFrom = slash + 1;
    while (symbolFrom < line.size() && (line[symbolFrom] == '/' || line[symbolFrom] == ' '))
        ++symbolFrom;
    std::string rest = line.substr(symbolFrom);
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
        if (c == '/' && !symbol.empty() && symbol.back() == '/')
            continue;
        started = true;
        symbol += static_cast<char>(c);
    }
    while (!symbol.empty() && (symbol.back() == '.' || symbol.back() == '-' || symbol.back() == ','))
        symbol.pop_back();
    if (symbol.empty())
        return std::nullopt;
    symbol = repairTypeAbbreviation(symbol);
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
    if (!year)
        return std::nullopt;
    // An original not yet issued leaves day and month blank ("ngày    tháng    năm 2026"): the line
    // still names the place. A month written but out of range is no date line.
    const bool bothBlank = ngay != std::string::npos && !day && !month;
    if (!bothBlank && (!month || *month < 1 || *month > 12))
        return std::nullopt;
    m.month = month.value_or(0);
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

namespace {

// Positions of heads and deputies in state agencies (Luật Tổ chức chính quyền địa phương,
// NĐ 30 Phụ lục I examples); "Q." (acting) keeps its prefix.
constexpr std::string_view kPositions[] = {
    "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "TỔNG GIÁM ĐỐC", "PHÓ TỔNG GIÁM ĐỐC",
    "CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG", "TRƯỞNG BAN",
    "PHÓ TRƯỞNG BAN", "CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG", "CHI CỤC TRƯỞNG", "PHÓ CHI CỤC TRƯỞNG",
    "TỔNG CỤC TRƯỞNG", "PHÓ TỔNG CỤC TRƯỞNG", "CHÁNH THANH TRA", "PHÓ CHÁNH THANH TRA", "BỘ TRƯỞNG",
    "THỨ TRƯỞNG", "VIỆN TRƯỞNG", "PHÓ VIỆN TRƯỞNG", "HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG", "GIÁM ĐỐC ĐÀI",
    "THỦ TRƯỞNG", "TRƯỞNG ĐOÀN", "CHÁNH ÁN", "VIỆN TRƯỞNG", "BÍ THƯ", "PHÓ BÍ THƯ", "TỔ TRƯỞNG",
    "KẾ TOÁN TRƯỞNG", "TRƯỞNG TRẠM", "TRƯỞNG KHOA", "TRƯỞNG ĐÀI", "TỔNG BIÊN TẬP",
};

// Whether `word`'s letters are those of a word of some position ("GIÁM", "PHÒNG").
bool positionWord(std::string_view word)
{
    const std::string k = text::searchKey(word);
    return std::any_of(std::begin(kPositions), std::end(kPositions), [&](std::string_view p) {
        for (const std::string& w : splitWords(p))
            if (text::searchKey(w) == k)
                return true;
        return false;
    });
}

} // namespace

bool leftOfKtPrefix(std::string_view rawLine)
{
    const std::string line = text::simplifySpaces(text::nfc(rawLine));
    const size_t sp = line.find(' ');
    if (sp == std::string::npos || sp == 0 || sp > 3 || sp + 1 >= line.size())
        return false;
    const std::string token = line.substr(0, sp);
    if (token.back() != '.' && token.back() != ',' && token.back() != ':')
        return false;
    return token != "TL." && token != "TUQ." && token != "Q." && token != "TM.";
}

bool isPosition(std::string_view title)
{
    std::string t = text::simplifySpaces(text::nfc(title));
    if (t.starts_with("Q. "))
        t = t.substr(3);
    return std::find(std::begin(kPositions), std::end(kPositions), t) != std::end(kPositions);
}

std::string headOf(std::string_view issuer)
{
    // Longest opening first: "CHI CỤC" before "CỤC", "VĂN PHÒNG" before "PHÒNG".
    static constexpr std::pair<std::string_view, std::string_view> kHeads[] = {
        {"uy ban nhan dan", "CHỦ TỊCH"}, {"ubnd", "CHỦ TỊCH"}, {"hoi dong nhan dan", "CHỦ TỊCH"},
        {"hdnd", "CHỦ TỊCH"}, {"chi cuc", "CHI CỤC TRƯỞNG"}, {"tong cuc", "TỔNG CỤC TRƯỞNG"},
        {"cuc", "CỤC TRƯỞNG"}, {"van phong", "CHÁNH VĂN PHÒNG"}, {"thanh tra", "CHÁNH THANH TRA"},
        {"phong", "TRƯỞNG PHÒNG"}, {"so", "GIÁM ĐỐC"}, {"trung tam", "GIÁM ĐỐC"}, {"benh vien", "GIÁM ĐỐC"},
        {"kho bac", "GIÁM ĐỐC"}, {"bao hiem xa hoi", "GIÁM ĐỐC"}, {"ban", "TRƯỞNG BAN"},
        {"bo", "BỘ TRƯỞNG"}, {"vien", "VIỆN TRƯỞNG"}, {"truong", "HIỆU TRƯỞNG"},
    };
    const std::string key = text::searchKey(issuer);
    for (const auto& [opening, head] : kHeads)
        if (key.starts_with(opening) && (key.size() == opening.size() || key[opening.size()] == ' '))
            return std::string(head);
    return {};
}

namespace {

// The words of a position line without the marks OCR puts at a word's edges from the seal's ring
// or a rule ("THƯỜNG: BAN", "~_GỤC TRƯỞNG").
std::vector<std::string> positionWords(std::string_view line)
{
    std::vector<std::string> words = splitWords(line);
    for (std::string& w : words)
        trimMarks(w, {":", ";", ",", ".", "_", "~", "-", "|", "'", "\"", "`", "*", "+", "=", "!", "?", "^"});
    std::erase_if(words, [](const std::string& w) { return w.empty(); });
    return words;
}

// The positions of the lexicon whose search key ends with `key` (what the seal left of a position
// line's end) after whole words or at most four letters into a word, shortest first.
std::vector<std::string_view> positionsEnding(const std::string& key)
{
    std::vector<std::string_view> out;
    for (std::string_view p : kPositions) {
        const std::string pk = text::searchKey(p);
        if (key.empty() || pk.size() <= key.size() || !pk.ends_with(key))
            continue;
        const size_t cut = pk.size() - key.size();
        const bool wholeWords = pk[cut - 1] == ' ';
        const size_t wordStart = pk.rfind(' ', cut - 1);
        const size_t intoWord = cut - (wordStart == std::string::npos ? 0 : wordStart + 1);
        if (!wholeWords && intoWord > 4)
            continue;
        out.push_back(p);
    }
    std::stable_sort(out.begin(), out.end(), [](std::string_view a, std::string_view b) {
        return text::searchKey(a).size() < text::searchKey(b).size();
    });
    return out;
}

} // namespace

std::string positionWithHiddenStart(std::string_view rest, std::string_view fragment)
{
    const std::vector<std::string> piece = positionWords(text::simplifySpaces(text::nfc(fragment)));
    const std::string fk = text::searchKey(joinWords(piece, 0, piece.size()));
    if (std::count_if(fk.begin(), fk.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); }) < 3)
        return {};
    const std::vector<std::string> words = positionWords(text::simplifySpaces(text::nfc(rest)));
    const std::string key = text::searchKey(joinWords(words, 0, words.size()));
    if (key.size() < 3)
        return {};
    for (std::string_view p : positionsEnding(key))  // shortest first: a deputy's "PHÓ " is told by its prefix
        if (const std::string pk = text::searchKey(p); pk.substr(0, pk.size() - key.size()).find(fk) != std::string::npos)
            return std::string(p);
    return {};
}

std::string repairPosition(std::string_view rawTitle, std::string_view head)
{
    std::string title = text::simplifySpaces(text::nfc(rawTitle));
    std::string prefix;
    if (title.starts_with("Q. ") || title.starts_with("Q, ") || title.starts_with("Q ")) {
        prefix = "Q. ";
        title = title.substr(title.find(' ') + 1);
    }
    // Marks OCR puts at a word's edges from the seal's ring or a rule ("THƯỜNG: BAN", "~_GỤC
    // TRƯỞNG") are no part of a position: it is matched without them (and given back as read
    // when nothing matches).
    const std::string asRead = title;
    const std::vector<std::string> words = positionWords(asRead);
    if (!words.empty())
        title = joinWords(words, 0, words.size());
    std::string_view best;
    int bestDistance = 1000;
    const std::string key = text::searchKey(title);
    for (std::string_view p : kPositions) {
        const int d = foldedDistance(title, p);
        const int allowed = static_cast<int>(text::searchKey(p).size()) / 6;
        if (d <= allowed && d < bestDistance) {
            best = p;
            bestDistance = d;
        }
    }
    if (best.empty() && key.size() >= 3) {
        // The seal covers the left third of the block and hides the start of the position: a few
        // letters ("O CHỦ TỊCH" for "PHÓ CHỦ TỊCH", "ỞNG PHÒNG") or whole words ("VĂN PHÒNG" for
        // "CHÁNH VĂN PHÒNG"). The shortest position the rest ends is taken; a rest that is a
        // position itself ("CHỦ TỊCH") was matched above and stays.
        if (const auto ending = positionsEnding(key); !ending.empty())
            best = ending.front();
    }
    if (best.empty() && key.size() >= 6) {
        // The same when the rest's first letter, the one the ring ran through, was misread ("LAM
        // ĐỌC" for what is left of "GIÁM ĐỐC"): everything after it ends the position.
        for (std::string_view p : kPositions) {
            const std::string pk = text::searchKey(p);
            if (pk.size() <= key.size() || !pk.ends_with(std::string_view(key).substr(1)))
                continue;
            const size_t cut = pk.size() - key.size();
            const size_t wordStart = pk.rfind(' ', cut);
            if (pk[cut] == ' ' || key[0] == ' ' || cut - (wordStart == std::string::npos ? 0 : wordStart + 1) > 4)
                continue;
            if (best.empty() || pk.size() < text::searchKey(best).size())
                best = p;
        }
    }
    // The head's position ends with what was read, at a word: the seal hid its first words. Also
    // when what was read ends a shorter position too ("TRƯỞNG" of a CHI CỤC's "CHI CỤC TRƯỞNG"
    // also ends "BỘ TRƯỞNG", the shortest).
    if (!head.empty() && best != head) {
        const std::string hk = text::searchKey(head);
        for (const std::string& rest : {text::searchKey(best.empty() ? std::string_view(title) : best), key})
            if (!rest.empty() && hk.size() > rest.size() && hk.ends_with(rest) && hk[hk.size() - rest.size() - 1] == ' ')
                return prefix + std::string(head);
    }
    // Still nothing: the seal's ring left a mark before the position's words. A stroke read as a
    // letter opening the first word ("ILAM ĐỌC": the ring's I before what is left of GIÁM), or a
    // first word of junk before two words ("ANN VAN PHONG", what OCR made of the ring and "CH"):
    // the rest is matched alone and taken when it is a position.
    if (best.empty() && words.size() >= 2) {
        std::vector<std::string> rest = words;
        const std::string& first = words.front();
        if (first.size() >= 4 && (first[0] == 'I' || first[0] == 'l' || first[0] == '|' || first[0] == '1'))
            rest.front() = first.substr(1);
        else if (words.size() >= 3 && (codepoints(text::searchKey(first)).size() <= 3 || (codepoints(text::searchKey(first)).size() == 4 && !positionWord(first))))
            rest.erase(rest.begin());  // ("KILA TRƯỞNG PHÒNG": what OCR made of "KT.", four letters no position has)
        if (rest != words)
            if (const std::string r = repairPosition(joinWords(rest, 0, rest.size()), head); isPosition(r))
                return prefix + r;
    }
    // Diacritics differ but letters agree: trust the lexicon's diacritics.
    return prefix + (best.empty() ? asRead : std::string(best));
}

namespace {

// Words and phrases of Vietnamese agency names (NĐ 30 Phụ lục I examples, the organisation laws of
// local government) and the provinces and centrally run cities: an upper-case line made of them
// can have its diacritics restored. Generic vocabulary only, no names of particular documents.
constexpr std::string_view kCapsLexicon[] = {
    "ỦY BAN NHÂN DÂN", "UBND", "HỘI ĐỒNG NHÂN DÂN", "HĐND", "TỈNH", "THÀNH PHỐ", "HUYỆN", "QUẬN", "THỊ XÃ",
    "XÃ", "PHƯỜNG", "THỊ TRẤN", "SỞ", "PHÒNG", "CHI CỤC", "CỤC", "TỔNG CỤC", "TRUNG TÂM", "VĂN PHÒNG",
    "THANH TRA", "BỆNH VIỆN", "ĐA KHOA", "KHO BẠC NHÀ NƯỚC", "BẢO HIỂM XÃ HỘI", "VIỆT NAM", "NỘI VỤ",
    "TÀI CHÍNH", "KẾ HOẠCH", "ĐẦU TƯ", "TƯ PHÁP", "CÔNG THƯƠNG", "XÂY DỰNG", "GIAO THÔNG VẬN TẢI", "Y TẾ",
    "GIÁO DỤC VÀ ĐÀO TẠO", "THÔNG TIN VÀ TRUYỀN THÔNG", "TÀI NGUYÊN VÀ MÔI TRƯỜNG", "NÔNG NGHIỆP",
    "PHÁT TRIỂN NÔNG THÔN", "MÔI TRƯỜNG", "LAO ĐỘNG", "THƯƠNG BINH VÀ XÃ HỘI", "VĂN HÓA", "THỂ THAO",
    "DU LỊCH", "KHOA HỌC VÀ CÔNG NGHỆ", "NGOẠI VỤ", "DÂN TỘC", "TÔN GIÁO", "BAN QUẢN LÝ", "KHU CÔNG NGHIỆP",
    "KHU KINH TẾ", "KIỂM LÂM", "THUẾ", "CÔNG NGHỆ THÔNG TIN", "THÔNG TIN", "PHỤC VỤ HÀNH CHÍNH CÔNG",
    "ĐÀI PHÁT THANH VÀ TRUYỀN HÌNH", "CÔNG AN", "QUÂN SỰ", "HẢI QUAN", "THỐNG KÊ", "TỔNG CÔNG TY",
    "CÔNG TY", "TRƯỜNG", "ĐẠI HỌC", "CAO ĐẲNG", "VIỆN", "HỘI", "LIÊN ĐOÀN", "ĐOÀN", "TRUYỀN THÔNG",
    "NHÀ NƯỚC", "CHÍNH PHỦ", "BỘ", "NHÂN DÂN", "PHÁT TRIỂN", "QUỸ", "ĐĂNG KÝ ĐẤT ĐAI", "LƯU TRỮ",
    "QUY HOẠCH", "KIẾN TRÚC", "GIÁO DỤC", "ĐÀO TẠO", "PHÁP LUẬT", "TÀI NGUYÊN", "HÀNH CHÍNH",
    "KIỂM SOÁT", "DỊCH VỤ", "CÔNG ÍCH", "HẠ TẦNG", "THỦY LỢI", "NÔNG THÔN", "VÀ", "HÀNH CHÍNH CÔNG", "THI ĐUA", "KHEN THƯỞNG",
    // Words of the names of units under departments and of other state bodies (Decree 24/2014,
    // 37/2014 and 107-108/2020 on the departments of provinces and districts; the public service
    // units they run; the courts, procuracies, mass organisations). Phrases of two words or more
    // only: a single syllable's letters are shared by too many words ("DƯỢC" and "ĐƯỢC").
    "AN TOÀN", "VỆ SINH", "THỰC PHẨM", "CHĂN NUÔI", "THÚ Y", "TRỒNG TRỌT", "BẢO VỆ", "THỰC VẬT",
    "THỦY SẢN", "LÂM NGHIỆP", "KHUYẾN NÔNG", "NƯỚC SẠCH", "QUẢN LÝ", "THỊ TRƯỜNG", "DÂN SỐ",
    "KẾ HOẠCH HÓA GIA ĐÌNH", "TIÊU CHUẨN", "ĐO LƯỜNG", "CHẤT LƯỢNG", "THI HÀNH ÁN", "DÂN SỰ", "TÒA ÁN",
    "KIỂM SÁT", "MẶT TRẬN TỔ QUỐC", "THANH NIÊN", "CỘNG SẢN", "PHỤ NỮ", "NÔNG DÂN", "CỰU CHIẾN BINH",
    "BIÊN PHÒNG", "PHÒNG CHÁY", "CHỮA CHÁY", "CỨU NẠN", "CỨU HỘ", "KIỂM SOÁT BỆNH TẬT", "DỰ PHÒNG",
    "GIÁM ĐỊNH", "Y KHOA", "PHÁP Y", "CÔNG CHỨNG", "TRỢ GIÚP PHÁP LÝ", "ĐẤU GIÁ", "TÀI SẢN", "DỰ ÁN",
    "ĐƯỜNG BỘ", "ĐĂNG KIỂM", "TỔ CHỨC", "TUYÊN GIÁO", "DÂN VẬN", "KIỂM TRA", "BẢO TÀNG", "THƯ VIỆN",
    "DI TÍCH", "XÚC TIẾN", "THƯƠNG MẠI", "KHUYẾN CÔNG", "NĂNG LƯỢNG", "ĐIỆN LỰC", "HỢP TÁC XÃ", "LIÊN MINH",
    "DOANH NGHIỆP", "GIẢM NGHÈO", "BẢO TRỢ XÃ HỘI", "NGHỀ NGHIỆP", "THƯỜNG XUYÊN", "TRUNG HỌC", "PHỔ THÔNG",
    "CƠ SỞ", "TIỂU HỌC", "MẦM NON", "ĐO ĐẠC", "BẢN ĐỒ", "KHÍ TƯỢNG", "THỦY VĂN", "HẢI ĐẢO", "ĐỊA CHẤT",
    "KHOÁNG SẢN", "QUAN TRẮC", "THẨM ĐỊNH", "NGHIÊN CỨU", "ỨNG DỤNG", "KỸ THUẬT", "CÔNG TÁC XÃ HỘI",
    "PHỤC HỒI CHỨC NĂNG", "NGƯỜI CÓ CÔNG", "TRẺ EM", "VIỆC LÀM", "BỒI THƯỜNG", "GIẢI PHÓNG MẶT BẰNG",
    "QUỸ ĐẤT", "ĐÔ THỊ", "CÂY XANH", "CẤP NƯỚC", "THOÁT NƯỚC", "VẬN TẢI", "PHÁT THANH", "TRUYỀN HÌNH",
    "XUẤT BẢN", "BƯU CHÍNH", "VIỄN THÔNG", "AN NINH", "HỌC VIỆN", "CHÍNH TRỊ", "QUỐC GIA", "LIÊN HIỆP",
    "CHỮ THẬP ĐỎ", "KHUYẾN HỌC", "NGƯỜI CAO TUỔI", "ĐỐI NGOẠI", "NỘI CHÍNH", "TIẾP CÔNG DÂN",
    "XÚC TIẾN ĐẦU TƯ", "CHUYỂN ĐỔI SỐ",
    // Abbreviations parent bodies' names use ("SỞ NN VÀ PTNT TỈNH ...", "SỞ GD&ĐT ...").
    "NN", "PTNT", "GD&ĐT", "KH&ĐT", "TN&MT", "TT&TT", "KH&CN", "NN&PTNT",
    // Provinces and centrally run cities (before and after the 2025 merger).
    "AN GIANG", "BÀ RỊA - VŨNG TÀU", "BẮC GIANG", "BẮC KẠN", "BẠC LIÊU", "BẮC NINH", "BẾN TRE", "BÌNH ĐỊNH",
    "BÌNH DƯƠNG", "BÌNH PHƯỚC", "BÌNH THUẬN", "CÀ MAU", "CẦN THƠ", "CAO BẰNG", "ĐÀ NẴNG", "ĐẮK LẮK",
    "ĐẮK NÔNG", "ĐIỆN BIÊN", "ĐỒNG NAI", "ĐỒNG THÁP", "GIA LAI", "HÀ GIANG", "HÀ NAM", "HÀ NỘI", "HÀ TĨNH",
    "HẢI DƯƠNG", "HẢI PHÒNG", "HẬU GIANG", "HÒA BÌNH", "HƯNG YÊN", "KHÁNH HÒA", "KIÊN GIANG", "KON TUM",
    "LAI CHÂU", "LÂM ĐỒNG", "LẠNG SƠN", "LÀO CAI", "LONG AN", "NAM ĐỊNH", "NGHỆ AN", "NINH BÌNH",
    "NINH THUẬN", "PHÚ THỌ", "PHÚ YÊN", "QUẢNG BÌNH", "QUẢNG NAM", "QUẢNG NGÃI", "QUẢNG NINH", "QUẢNG TRỊ",
    "SÓC TRĂNG", "SƠN LA", "TÂY NINH", "THÁI BÌNH", "THÁI NGUYÊN", "THANH HÓA", "THỪA THIÊN HUẾ", "HUẾ",
    "TIỀN GIANG", "HỒ CHÍ MINH", "TRÀ VINH", "TUYÊN QUANG", "VĨNH LONG", "VĨNH PHÚC", "YÊN BÁI",
};

} // namespace

namespace {

struct Phrase {
    std::vector<std::string> words;  // upper case, as printed
    std::string key;                 // folded letters of the whole phrase
    size_t letters = 0;
};

// Splits a token whose spaces OCR lost into lexicon words when it is made of them entirely and is
// no word itself; empty otherwise. Prefers the fewest words.
std::vector<std::string> segmentGlued(const std::string& token, const std::vector<Phrase>& phrases)
{
    const std::string k = text::searchKey(token);
    if (k.size() < 4 || k.find(' ') != std::string::npos)  // "SỞNN" the shortest seen
        return {};
    // Folded word -> its printed forms ("quan": QUẬN of a district, QUẢN of BAN QUẢN LÝ).
    std::map<std::string, std::vector<std::string>> lexWords;
    for (const Phrase& ph : phrases)
        for (const std::string& w : ph.words)
            if (auto& forms = lexWords[text::searchKey(w)]; std::find(forms.begin(), forms.end(), w) == forms.end())
                forms.push_back(w);
    if (lexWords.contains(k))
        return {};
    // best[i]: fewest words covering k[0, i).
    std::vector<int> best(k.size() + 1, 1 << 20), from(k.size() + 1, -1);
    best[0] = 0;
    for (size_t i = 0; i < k.size(); ++i) {
        if (best[i] >= (1 << 20))
            continue;
        for (const auto& [fw, printed] : lexWords) {
            if (fw.size() < 2 || k.compare(i, fw.size(), fw) != 0)
                continue;
            const size_t j = i + fw.size();
            if (best[i] + 1 < best[j]) {
                best[j] = best[i] + 1;
                from[j] = static_cast<int>(i);
            }
        }
    }
    if (best[k.size()] < 2 || best[k.size()] >= (1 << 20))
        return {};
    // Of several printed forms, the one the token itself has (each letter folds to one character,
    // so the token's letters line up with the folded key).
    const std::u32string original = codepoints(text::nfc(token));
    std::vector<std::string> parts;
    for (size_t j = k.size(); j > 0; j = static_cast<size_t>(from[j])) {
        const size_t i = static_cast<size_t>(from[j]);
        const std::vector<std::string>& forms = lexWords.at(k.substr(i, j - i));
        std::string chosen = forms.front();
        if (original.size() == k.size())
            for (const std::string& f : forms)
                if (codepoints(f) == original.substr(i, j - i))
                    chosen = f;
        parts.insert(parts.begin(), chosen);
    }
    return parts;
}

} // namespace

namespace {

// Whether `c` is a letter of the Vietnamese alphabet, either case.
bool isVietnameseLetter(char32_t c)
{
    static const std::u32string alphabet = [] {
        const std::string lower = "abcdeghiklmnopqrstuvxyàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợ"
                                  "ùúủũụưừứửữựỳýỷỹỵ";
        return codepoints(text::nfc(lower + text::upper(lower)));
    }();
    return alphabet.find(c) != std::u32string::npos;
}

// `word` with its first letter upper case and the rest lower case ("PHỐ" → "Phố", "chi" → "Chi").
std::string capitalised(const std::string& word)
{
    const std::string low = text::lower(word);
    size_t first = 1;  // the first letter's bytes
    while (first < low.size() && (static_cast<unsigned char>(low[first]) & 0xC0) == 0x80)
        ++first;
    return text::upper(low.substr(0, first)) + low.substr(first);
}

// `token` without the Latin letters that are no Vietnamese ones (Ï, Ñ, Ø, Ä...): OCR's stutter
// on a stacked diacritic ("VĨÏNH").
std::string withoutForeignLetters(const std::string& token)
{
    std::string out;
    for (size_t i = 0; i < token.size();) {
        const auto c = static_cast<unsigned char>(token[i]);
        const size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
        const std::string_view seq(token.data() + i, std::min(n, token.size() - i));
        const char32_t cp = codepoints(seq)[0];
        if (!(cp >= 0xC0 && cp <= 0x24F && !isVietnameseLetter(cp)))
            out += seq;
        i += n;
    }
    return out;
}

// The words before a place's name in an agency's: its kind of administrative unit.
constexpr std::string_view kUnitWords[] = {"TỈNH", "PHỐ", "HUYỆN", "QUẬN", "XÃ", "PHƯỜNG", "TRẤN"};

} // namespace

std::string repairCaps(std::string_view line, const std::vector<std::string>& extra)
{
    static const std::vector<Phrase> base = [] {
        std::vector<Phrase> v;
        for (std::string_view p : kCapsLexicon) {
            Phrase ph{splitWords(p), text::searchKey(p), 0};
            ph.letters = codepoints(ph.key).size();
            v.push_back(std::move(ph));
        }
        return v;
    }();
    std::vector<Phrase> phrases = base;
    for (const std::string& e : extra) {
        const std::string up = text::upper(text::simplifySpaces(e));
        if (up.empty())
            continue;
        Phrase ph{splitWords(up), text::searchKey(up), 0};
        ph.letters = codepoints(ph.key).size();
        phrases.push_back(std::move(ph));
    }
    std::vector<std::string> words = splitWords(text::nfc(line));
    // The words as matched against the lexicon: a full stop after a word inside the line is a
    // speck ("NÔNG NGHIỆP. VÀ PHÁT TRIỂN"): agency names have none, and a matched phrase's own
    // words take the place of the words read.
    std::vector<std::string> matched = words;
    for (size_t w = 0; w + 1 < matched.size(); ++w)
        if (matched[w].size() > 1 && matched[w].back() == '.')
            matched[w].pop_back();
    std::vector<std::string> out;
    size_t i = 0;
    while (i < words.size()) {
        const Phrase* best = nullptr;
        for (const Phrase& ph : phrases) {
            const size_t n = ph.words.size();
            if (i + n > words.size() || (best && best->words.size() >= n))
                continue;
            const std::string here = text::searchKey(joinWords(matched, i, i + n));
            // Letters must agree exactly: one letter apart are other places ("LÂM ĐỒNG" and
            // "LAO ĐỘNG", "CAO BẰNG" and "CAO ĐẲNG"). Except for the place printed before the
            // date where it ends the name after "TỈNH", "HUYỆN"...: there it can only be that
            // place, and the name's reading with a letter more is OCR's stutter ("UBND TỈNH HƯNG
            // VYÊN", Hưng Yên; the other way round see placeFromAgency).
            const bool isPlace = &ph >= phrases.data() + base.size();
            const bool afterUnit = !out.empty() && i + n == words.size() &&
                                   std::find(std::begin(kUnitWords), std::end(kUnitWords), out.back()) != std::end(kUnitWords);
            // Nor is a vowel read twice ("THONG TÌIN"): no word of the lexicon has two like vowels
            // in a row but "oo" ("XOONG"), which is left alone.
            const auto stutter = [&] {
                if (here.size() != ph.key.size() + 1)
                    return false;
                for (size_t c = 0; c + 1 < here.size(); ++c)
                    if (here[c] == here[c + 1] && std::string_view("aeiuy").find(here[c]) != std::string_view::npos &&
                        here.substr(0, c) + here.substr(c + 1) == ph.key)
                        return true;
                return false;
            };
            if (here == ph.key || (isPlace && afterUnit && codepoints(here).size() == codepoints(ph.key).size() + 1 &&
                                   foldedDistance(here, ph.key) == 1) || (n >= 2 && stutter()))
                best = &ph;
        }
        if (best) {
            // A word that is a known phrase but printed with other diacritics (TÍNH for TỈNH).
            for (const std::string& w : best->words)
                out.push_back(w);
            i += best->words.size();
        } else if (auto parts = segmentGlued(words[i], phrases); !parts.empty() ||
                                                                  !(parts = segmentGlued(withoutForeignLetters(words[i]), phrases)).empty()) {
            // OCR lost the spaces: "SỞNÔNGNGHIỆP" → "SỞ NÔNG NGHIỆP".
            for (std::string& w : parts)
                out.push_back(std::move(w));
            ++i;
        } else {
            out.push_back(words[i]);
            ++i;
        }
    }
    return joinWords(out, 0, out.size());
}

std::optional<std::string> placeFromAgency(std::string_view agency, std::string_view place)
{
    const std::vector<std::string> words = splitWords(text::nfc(agency));
    const size_t n = splitWords(text::nfc(place)).size();
    if (n == 0 || words.size() <= n)
        return std::nullopt;
    const size_t from = words.size() - n;
    if (std::find(std::begin(kUnitWords), std::end(kUnitWords), words[from - 1]) == std::end(kUnitWords))
        return std::nullopt;
    const std::string tail = text::searchKey(joinWords(words, from, words.size())), key = text::searchKey(place);
    if (codepoints(key).size() != codepoints(tail).size() + 1 || foldedDistance(tail, key) != 1)
        return std::nullopt;
    std::string out;
    for (size_t i = from; i < words.size(); ++i)
        out += (out.empty() ? "" : " ") + capitalised(words[i]);
    return text::nfc(out);
}

namespace {

// A phrase of a lexicon: its words and their folded letters.
struct WordPhrase {
    std::vector<std::string> words, keys;
};

std::vector<WordPhrase> makePhrases(std::span<const std::string_view> list)
{
    std::vector<WordPhrase> v;
    for (std::string_view p : list) {
        WordPhrase sp{splitWords(p), {}};
        for (const std::string& w : sp.words)
            sp.keys.push_back(text::searchKey(w));
        v.push_back(std::move(sp));
    }
    return v;
}

std::vector<WordPhrase> makePhrases(std::initializer_list<std::string_view> list)
{
    return makePhrases(std::span<const std::string_view>(list.begin(), list.size()));
}

// A word's letters and the punctuation after it ("tra," → "tra" + ","): where the letters end.
size_t bareEnd(const std::string& w)
{
    size_t end = w.size();
    while (end > 0 && std::string_view(",.;:").find(w[end - 1]) != std::string_view::npos)
        --end;
    return end;
}

// Every run of `words` whose letters, folded, are a phrase of `phrases` (each word lower case or
// capitalised, punctuation only after the last) is written as the phrase; a capitalised word keeps
// its capital.
void mendPhrases(std::vector<std::string>& words, const std::vector<WordPhrase>& phrases)
{
    const auto lowerWord = [](const std::string& w) { return text::lower(w) == w; };
    const auto isCapitalised = [&](const std::string& w) { return !lowerWord(w) && capitalised(w) == w; };
    for (size_t i = 0; i < words.size(); ++i) {
        for (const WordPhrase& phrase : phrases) {
            const std::vector<std::string>& pw = phrase.words;
            if (i + pw.size() > words.size())
                continue;
            bool same = true;
            std::vector<bool> capital(pw.size(), false);
            for (size_t k = 0; k < pw.size() && same; ++k) {
                const std::string& w = words[i + k];
                const std::string letters = w.substr(0, bareEnd(w));
                capital[k] = isCapitalised(letters);
                same = (lowerWord(letters) || capital[k]) && text::searchKey(letters) == phrase.keys[k] &&
                       (k + 1 == pw.size() || bareEnd(w) == w.size());
            }
            if (!same)
                continue;
            for (size_t k = 0; k < pw.size(); ++k)
                words[i + k] = (capital[k] ? capitalised(pw[k]) : pw[k]) + words[i + k].substr(bareEnd(words[i + k]));
        }
    }
}

} // namespace

std::string repairSubject(std::string_view raw)
{
    // Phrases of trích yếu (NĐ 30 examples, the dev corpus's subjects, administrative usage)
    // whose words OCR misreads into other Vietnamese syllables with the same letters; none of the
    // misreadings is a phrase of its own in an administrative subject ("lưu trữ" is not here:
    // "lưu trú", residence, is; nor "chi tiêu": "chỉ tiêu", a quota, is — "chi tiêu nội bộ" is
    // the spending rules' name). A capitalised word (a subject's first, "Chi cục" of a name)
    // keeps its capital.
    static const std::vector<WordPhrase> phrases = makePhrases({
        "kiểm tra", "chuyển đổi", "thẩm định", "thẩm quyền", "chi ngân sách", "quyết toán", "phê duyệt",
        "triển khai", "bồi dưỡng", "khen thưởng", "thủ tục hành chính", "cải cách hành chính", "tiếp công dân",
        "văn thư", "dự toán", "kế hoạch", "báo cáo", "đề nghị", "tổ chức", "thực hiện", "chi cục", "tuyển sinh",
        "phổ thông", "bổ nhiệm", "chi tiêu nội bộ", "mức chi", "dữ liệu", "tập thể", "tổ công tác",
        "hội đồng nhân dân",
    });
    std::vector<std::string> words = splitWords(text::nfc(raw));
    mendPhrases(words, phrases);
    const auto lowerWord = [](const std::string& w) { return text::lower(w) == w; };
    for (size_t i = 0; i + 1 < words.size(); ++i) {
        // "năm" before a year: "nắm 2024", "nam 2024".
        if (lowerWord(words[i]) && text::searchKey(words[i]) == "nam" && words[i + 1].size() >= 4 &&
            std::all_of(words[i + 1].begin(), words[i + 1].begin() + 4, [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) &&
            (words[i + 1].starts_with("19") || words[i + 1].starts_with("20")))
            words[i] = "năm";
    }
    return joinWords(words, 0, words.size());
}

namespace {

// A list item's words, with each word and the abbreviation OCR ran into it ("SởNN&PTNT": a
// capitalised syllable followed by two capitals or more, or &) parted.
std::string partGluedAbbreviations(const std::string& s)
{
    std::vector<std::string> parted;
    for (const std::string& w : splitWords(s)) {
        std::vector<std::string> letters;  // the word's characters, each as UTF-8
        for (size_t at = 0; at < w.size(); at += detail::utf8Length(w[at]))
            letters.push_back(w.substr(at, detail::utf8Length(w[at])));
        const auto isLower = [](const std::string& c) { return text::upper(c) != c; };
        const auto isCapital = [](const std::string& c) { return c == "&" || text::lower(c) != c; };
        size_t cut = 1;
        while (cut < letters.size() && isLower(letters[cut]))
            ++cut;
        std::string head;
        for (size_t k = 0; k < cut && k < letters.size(); ++k)
            head += letters[k];
        const bool glued = letters.size() >= 4 && isCapital(letters[0]) && cut >= 2 && letters.size() - cut >= 2 &&
                           std::all_of(letters.begin() + static_cast<long>(cut), letters.end(), isCapital) && possibleSyllable(head);
        if (glued) {
            parted.push_back(head);
            parted.push_back(w.substr(head.size()));
        } else {
            parted.push_back(w);
        }
    }
    return joinWords(parted, 0, parted.size());
}

} // namespace

std::string repairRecipient(std::string_view item)
{
    std::string s = text::nfc(item);
    // "(b/c)" (báo cáo), "(t/h)" (thực hiện), "(p/h)" (phối hợp): OCR reads the small letters as
    // capitals, "c" as €, © or e, "b" as 6, l or Đ (or adds a speck before it: "Đb"), or loses a
    // letter ("(/c)", "(b/)"). Every short parenthesised "x/y" of a list item is one of these three.
    for (size_t open = s.find('('); open != std::string::npos; open = s.find('(', open + 1)) {
        const size_t close = s.find(')', open);
        size_t slash = s.find('/', open);
        // (The slash read as another parenthesis: "(b(C)".)
        if (const size_t inner = s.find('(', open + 1); slash > close && inner < close)
            slash = inner;
        if (close == std::string::npos || slash > close || close - open > 8)
            continue;
        const std::string before = text::searchKey(s.substr(open + 1, slash - open - 1));
        const std::string after = s.substr(slash + 1, close - slash - 1);
        const std::string afterKey = text::searchKey(after);
        std::string canonical;
        const bool bLike = before.empty() || before == "b" || before == "6" || before == "d" || before == "l" ||
                           (before.size() == 2 && before[1] == 'b');
        if (afterKey == "c" || afterKey == "e" || afterKey == "o" || after == "€" || after == "©")
            canonical = bLike ? "(b/c)" : "";
        else if (after.empty() && before == "b")
            canonical = "(b/c)";
        else if (afterKey == "h")
            canonical = before == "t" ? "(t/h)" : before == "p" ? "(p/h)" : "";
        if (!canonical.empty())
            s.replace(open, close - open + 1, canonical);
    }
    s = partGluedAbbreviations(s);
    // Frequent list words whose diacritics Tesseract confuses.
    static constexpr std::pair<std::string_view, std::string_view> kWords[] = {
        {"Cống thông tin", "Cổng thông tin"}, {"Công thông tin", "Cổng thông tin"}, {"Luu:", "Lưu:"},
        {"Lưu;", "Lưu:"}, {"Như trến", "Như trên"}, {"chuyền môn", "chuyên môn"},
        // A general department (Tổng cục Thuế, Hải quan, Thống kê...): never the family name Tống.
        {"Tống cục", "Tổng cục"}, {"Tồng cục", "Tổng cục"}, {"ƯBND", "UBND"},
    };
    for (const auto& [from, to] : kWords)
        replaceAll(s, from, to);
    // Words of the bodies a list names whose marks OCR confuses ("Kiếm soát", "chuyên mồn"), and
    // a lone backslash, which is what it makes of "và" between two names' words.
    static const std::vector<WordPhrase> phrases = makePhrases({
        "kiểm soát", "chuyên môn", "lãnh đạo", "trực thuộc", "điện tử", "truyền thông", "công nghệ thông tin",
        "văn phòng", "đơn vị",
    });
    // And the names of bodies themselves: the agency lexicon's phrases of two words or more, as
    // a list writes them ("Thế thao" → Thể thao, "Chỉ cục" → Chi cục; a single syllable's letters
    // are shared by too many words).
    static const std::vector<WordPhrase> agencies = [] {
        std::vector<std::string> lower;
        for (std::string_view p : kCapsLexicon)
            if (p.find(' ') != std::string_view::npos)
                lower.push_back(text::lower(p));
        const std::vector<std::string_view> views(lower.begin(), lower.end());
        return makePhrases(views);
    }();
    std::vector<std::string> words = splitWords(s);
    for (std::string& w : words)
        if (w == "\\")
            w = "và";
    mendPhrases(words, phrases);
    mendPhrases(words, agencies);
    s = joinWords(words, 0, words.size());
    // "Lưu: VT, <unit>": the records office (văn thư) keeps the first copy; OCR reads "VT," as
    // "VI;", "V1,", "VF,", "V[," or "VT;".
    if (s.starts_with("Lưu:")) {
        std::string rest = text::simplifySpaces(s.substr(std::string_view("Lưu:").size()));
        if (rest.size() >= 2 && rest[0] == 'V' && (rest[1] == 'I' || rest[1] == '1' || rest[1] == 'T' || rest[1] == 'l' || rest[1] == 'F' || rest[1] == '[') &&
            (rest.size() == 2 || rest[2] == ',' || rest[2] == ';' || rest[2] == '.' || rest[2] == ' ')) {
            std::string tail = rest.substr(2);
            if (!tail.empty() && (tail[0] == ';' || tail[0] == '.'))
                tail[0] = ',';
            s = "Lưu: VT" + tail;
        } else if (rest.size() >= 4 && rest.starts_with("VT") && std::isupper(static_cast<unsigned char>(rest[2])) && rest[3] == ',') {
            s = "Lưu: VT" + rest.substr(3);  // a speck after it read as a letter: "VTF,"
        }
        // The units after it are abbreviations in capitals (and Đ, and the r of "Tr"): a capital
        // with a mark other than Đ's bar is a speck read into the letter ("ÑSNN" for NSNN).
        std::vector<std::string> units = splitWords(s);
        for (size_t i = 1; i < units.size(); ++i) {
            const std::string bare = units[i].substr(0, bareEnd(units[i]));
            if (bare.empty() || text::upper(bare) != bare || bare.size() > 24)
                continue;
            std::string plain;
            for (size_t at = 0; at < bare.size();) {
                const std::string letter = bare.substr(at, detail::utf8Length(bare[at]));
                const std::string folded = text::searchKey(letter);
                plain += letter == "Đ" || folded.size() != 1 ? letter : text::upper(folded);
                at += letter.size();
            }
            // "QLUGT" for QLGT: `vie` reads a U into the gap after an L. A unit's abbreviation is
            // its words' initials, and a word opening with U (Ủy, Ưu) before another consonant
            // than B (UBND) is too rare to keep for it.
            for (size_t at = 1; at + 2 < plain.size(); ++at)
                if (plain[at - 1] == 'L' && plain[at] == 'U' && std::isupper(static_cast<unsigned char>(plain[at + 1])) &&
                    std::string_view("AEIOUYB").find(plain[at + 1]) == std::string_view::npos)
                    plain.erase(at, 1);
            units[i] = plain + units[i].substr(bare.size());
        }
        s = joinWords(units, 0, units.size());
    }
    return text::simplifySpaces(s);
}

std::string cleanPlace(std::string_view raw)
{
    std::vector<std::string> words = splitWords(text::nfc(raw));
    // A place name is words of letters; drop anything up to the last token that is not a word
    // (OCR residue of the motto's rule, "2", "—").
    size_t start = 0;
    for (size_t i = 0; i < words.size(); ++i) {
        bool letters = true;
        for (unsigned char c : words[i])
            if (c < 0x80 && !std::isalpha(c) && c != '.' && c != '-')
                letters = false;
        if (!letters)
            start = i + 1;
    }
    return joinWords(words, start, words.size());
}

namespace {
// Common Vietnamese family names (they cover the great majority of the population).
constexpr std::string_view kFamilyNames[] = {
        "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
        "Dương", "Lý", "Đinh", "Mai", "Cao", "Lương", "Nông", "Đào", "Đoàn", "Trương", "Lâm", "Hà", "Tạ", "Tô",
        "Lò", "Trịnh", "Kiều", "Chu", "Quách", "Thái", "Triệu", "Vương", "Phùng", "Lưu", "Tăng", "Lại", "Lã",
        "Châu", "Thân", "Văn", "Tống", "Khúc", "Mạc", "Giang", "Kim", "La", "Âu", "Diệp", "Doãn", "Hứa", "Giáp",
        "Ông",
};
} // namespace

// Common middle and given names, each spelling before the rarer ones spelt with the same letters
// (Hùng before Hưng, Thu before Thư). Rare names that OCR makes of common ones by losing a mark
// (Thăng of Thắng, Toản of Toàn, Yên of Yến, Thi of Thị, Quần is none) are left out: a name read
// so is taken for the common one.
constexpr std::string_view kGivenNames[] = {
        "Văn", "Thị", "Đức", "Minh", "Ngọc", "Thanh", "Hồng", "Xuân", "Quang", "Hữu", "Công", "Thế", "Kim", "Bá",
        "Trọng", "Đình", "Duy", "Mạnh", "Quốc", "Việt", "Hoài", "Diệu", "Thu", "Thúy", "Thùy", "Thủy", "Bích",
        "Phương", "Anh", "Ánh", "Tuấn", "Hùng", "Hưng", "Hương", "Hường", "Dũng", "Dung", "Hải", "Hà", "Hạ",
        "Lan", "Loan", "Mai", "Nga", "Ngân", "Trang", "Linh", "Hoa", "Hòa", "Hạnh", "Hằng",
        "Huyền", "Huy", "Huệ", "Nam", "Sơn", "Long", "Tâm", "Tân", "Tấn", "Tiến", "Tiên", "Thắng", "Thành",
        "Thịnh", "Thảo", "Thư", "Thuận", "Trung", "Trí", "Trinh", "Tú", "Tùng", "Tường", "Vân", "Vinh",
        "Vĩnh", "Vũ", "Vy", "Yến", "An", "Ân", "Bảo", "Bằng", "Bình", "Cảnh", "Châu", "Chi", "Chiến", "Chinh",
        "Chính", "Chung", "Cúc", "Cường", "Danh", "Dân", "Diễm", "Diệp", "Doanh", "Du", "Duyên", "Dương", "Đại",
        "Đan", "Đạo", "Đạt", "Đăng", "Đắc", "Điệp", "Định", "Đông", "Đồng", "Gia", "Giang", "Giao", "Hân",
        "Hào", "Hảo", "Hậu", "Hiền", "Hiển", "Hiệp", "Hiếu", "Hoan", "Hoàn", "Hoàng", "Hợp", "Huân", "Huấn",
        "Khải", "Khang", "Khánh", "Khanh", "Khiêm", "Khoa", "Khôi", "Khuê", "Kiên", "Kiệt", "Kiều", "Kỳ", "Lâm",
        "Lam", "Lân", "Lập", "Lệ", "Liên", "Liễu", "Lộc", "Lợi", "Luân", "Luận", "Lực", "Lương", "Ly", "Lý",
        "My", "Mỹ", "Nghị", "Nghĩa", "Nguyên", "Nguyệt", "Nhân", "Nhàn", "Nhật", "Nhi", "Nhung", "Như", "Ninh",
        "Oanh", "Phát", "Phong", "Phú", "Phúc", "Phụng", "Phượng", "Quân", "Quế", "Quý", "Quyên", "Quyền",
        "Quyết", "Quỳnh", "Sang", "Sáng", "Sương", "Sỹ", "Sĩ", "Tài", "Thạch", "Thái", "Thắm", "Thiện", "Thọ",
        "Thoa", "Thông", "Thục", "Tín", "Tình", "Toàn", "Trà", "Trâm", "Trân", "Triều", "Trúc", "Tuyết", "Uyên",
        "Vi", "Xuyến", "Ý",
        // Less common ones: kept as read, and after the common ones of the same letters.
        "Viết", "Khắc", "Chí", "Phước", "Thiên", "Tất", "Khả", "Cẩm", "Ái", "Nhã", "Thơ", "Tuyền", "Tuyên",
        "Vượng", "Thường", "Chương", "Cương", "Khương", "Kha", "Khuyên", "Lài", "Thoại", "Triết", "Tịnh",
        "Trình", "Tuệ", "Vỹ", "Hy", "Nhạn", "Phi", "Sinh", "Song", "Thạnh", "Thìn", "Thuần", "Thức", "Tiệp",
        "Tính", "Tư", "Tứ", "Xoan", "Xuyên", "Bội", "Bính", "Biên", "Cần", "Cầm", "Chánh", "Chất", "Chúc",
        "Chuyên", "Diên", "Dịu", "Duẩn", "Dự", "Đảm", "Đào", "Điền", "Đoan", "Hàn", "Hiệu", "Hoạt", "Học",
        "Hội", "Hướng", "Kế", "Khiết", "Kính", "Lạc", "Lễ", "Liêm", "Lịch", "Lĩnh", "Mẫn", "Mến", "Miên",
        "Nghiêm", "Ngôn", "Nhâm", "Nhiên", "Nhuận", "Niên", "Phục", "Quảng", "Sâm", "Tám", "Thao", "Thiều",
        "Thiệu", "Thuyên", "Trực", "Trưng", "Tuân", "Tuyển", "Vạn", "Vịnh", "Nhựt", "Lượng", "Nhơn", "Tiếp",
        "Luyến", "Lành", "Lụa", "Lãm", "Lừng", "Lũy",
};

namespace {
// The lower-case Vietnamese letters `word` ends in ("ui" of "5ui", "uyen" of "xZuyen").
std::string lowerTail(const std::string& word)
{
    size_t from = word.size();
    while (from > 0) {
        size_t b = from - 1;
        while (b > 0 && (static_cast<unsigned char>(word[b]) & 0xC0) == 0x80)
            --b;
        const std::string letter = word.substr(b, from - b);
        if (!isVietnameseLetter(codepoints(letter).front()) || text::upper(letter) == letter)
            break;
        from = b;
    }
    return word.substr(from);
}

// The one common family name that ends in the lower-case letters `word` ends in, two or more of
// them, with one to three letters more: what the seal left of it ("oàng", "yên" of Nguyễn, "5ui"
// of Bùi). Empty when none does or several do ("an" ends Phan, Trần and Đoàn alike), or when
// the letters are a family name themselves ("ấu" is Âu's, or the end of Châu).
std::string_view familyEndingIn(const std::string& word)
{
    const std::string tail = text::searchKey(lowerTail(word));
    if (tail.size() < 2)
        return {};
    std::string_view found;
    for (std::string_view f : kFamilyNames) {
        const std::string k = text::searchKey(f);
        if (k == tail)  // a whole name itself ("ấu": Âu, or the end of Châu)
            return {};
        if (k.size() > tail.size() && k.size() - tail.size() <= 3 && k.ends_with(tail)) {
            if (!found.empty())
                return {};
            found = f;
        }
    }
    return found;
}
} // namespace

bool endsLongerFamilyName(std::string_view word)
{
    const std::string key = text::searchKey(word);
    return std::any_of(std::begin(kFamilyNames), std::end(kFamilyNames), [&](std::string_view f) {
        const std::string k = text::searchKey(f);
        return k.size() > key.size() && k.ends_with(key);
    });
}

std::span<const std::string_view> commonFamilyNames()
{
    return kFamilyNames;
}

std::string nameFragment(std::string_view word)
{
    return lowerTail(std::string(word));
}

namespace {

// A vowel's letter (a ă â e ê i o ô ơ u ư y, by index) and tone (0 level, 1–5 huyền sắc hỏi ngã
// nặng); nullopt for a consonant.
struct VowelMark {
    size_t letter;
    size_t tone;
};
std::optional<VowelMark> vowelMark(char32_t c)
{
    static const std::u32string toned = codepoints("àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ");
    static const std::u32string base = codepoints("aăâeêioôơuưy");
    if (const size_t at = base.find(c); at != std::u32string::npos)
        return VowelMark{at, 0};
    if (const size_t at = toned.find(c); at != std::u32string::npos)
        return VowelMark{at / 5, at % 5 + 1};
    return std::nullopt;
}

} // namespace

std::string distinctiveLastVowel(std::string_view word)
{
    const std::u32string cps = codepoints(text::lower(text::nfc(word)));
    const auto v = cps.empty() ? std::nullopt : vowelMark(cps.back());
    if (!v)
        return {};
    static constexpr std::string_view letters[] = {"a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"};
    const std::string_view letter = letters[v->letter];
    return std::string_view("aeiou").find(letter) != std::string_view::npos ? std::string() : std::string(letter);
}

char lastVowelGroup(std::string_view word)
{
    const std::string k = text::searchKey(word);
    if (k.empty())
        return 0;
    const char c = k.back() == 'y' ? 'i' : k.back();
    return std::string_view("aeiou").find(c) != std::string_view::npos ? c : 0;
}

std::string givenNameEndingIn(std::string_view fragment)
{
    const std::string f = text::nfc(fragment);
    const size_t n = codepoints(f).size();
    const std::string first = f.empty() ? std::string() : f.substr(0, detail::utf8Length(f.front()));
    if (n < 2 || text::upper(first) == first || !vietnameseLetters(f))
        return {};
    const auto endsIn = [&](std::string_view name) {
        const size_t m = codepoints(name).size();
        return m > n && m - n <= 3 && text::lower(std::string(name)).ends_with(f);
    };
    // (Văn and Kim are the family names of few and the middle names of many.)
    if (std::any_of(std::begin(kFamilyNames), std::end(kFamilyNames), [&](std::string_view name) { return name != "Văn" && name != "Kim" && endsIn(name); }))
        return {};
    std::string found;
    for (std::string_view g : kGivenNames) {
        if (endsIn(g)) {
            if (!found.empty())
                return {};
            found = g;
        }
    }
    return found;
}

std::string capitalisedWord(std::string_view word)
{
    return word.empty() ? std::string() : capitalised(std::string(word));
}

bool isGivenName(std::string_view word)
{
    return std::find(std::begin(kGivenNames), std::end(kGivenNames), text::nfc(word)) != std::end(kGivenNames);
}

bool isCommonFamilyName(std::string_view word)
{
    const std::string n = text::nfc(word);
    return std::find(std::begin(kFamilyNames), std::end(kFamilyNames), std::string_view(n)) != std::end(kFamilyNames);
}

bool vietnameseLetters(std::string_view word)
{
    const std::u32string cps = codepoints(text::nfc(word));
    return std::all_of(cps.begin(), cps.end(), isVietnameseLetter);
}

namespace {

// What keeps `word` from being a Vietnamese syllable as spelt, if anything.
enum class SyllableFault { None, Letters, NoVowel, TwoTones, StopTone };

SyllableFault syllableFault(std::string_view word)
{
    const std::string low = text::lower(text::nfc(word));
    if (low.empty() || !vietnameseLetters(low))
        return SyllableFault::Letters;
    // A syllable has one vowel at least and one tone mark at most.
    int vowels = 0, marks = 0;
    bool stopTone = false;  // the tone is sắc or nặng
    for (char32_t c : codepoints(low)) {
        if (const auto v = vowelMark(c)) {
            ++vowels;
            marks += v->tone != 0;
            stopTone = stopTone || v->tone == 2 || v->tone == 5;
        }
    }
    if (vowels == 0)
        return SyllableFault::NoVowel;
    if (marks > 1)
        return SyllableFault::TwoTones;
    // A syllable ending in a stop (-c, -ch, -p, -t) takes the sắc or nặng tone, no other.
    const bool stop = low.ends_with("c") || low.ends_with("ch") || low.ends_with("p") || low.ends_with("t");
    return stop && !stopTone ? SyllableFault::StopTone : SyllableFault::None;
}

} // namespace

bool possibleSyllable(std::string_view word) { return syllableFault(word) == SyllableFault::None; }

std::string withoutNameMarks(std::string word)
{
    trimMarks(word, {"`", "'", "\"", ".", ",", "-", "_", "~", "|", "“", "”", "‘", "’", "–", "—", "…", "(", ")", ":", ";"});
    return word;
}

std::string cleanName(std::string_view raw)
{
    std::vector<std::string> words = splitWords(text::nfc(raw));
    // Marks OCR puts at a word's edges (a quote or dash from the seal or the signature stroke:
    // "“Ngô", "Bình -") are no part of a name; a token of nothing else goes.
    for (std::string& w : words)
        w = withoutNameMarks(std::move(w));
    std::erase_if(words, [](const std::string& w) { return w.empty(); });
    // Two words a hyphen joins ("Hà-Tiến": a stroke of the signature between them) are two.
    for (size_t i = 0; i < words.size(); ++i) {
        const size_t dash = words[i].find('-');
        if (dash == std::string::npos)
            continue;
        const std::string left = words[i].substr(0, dash), right = words[i].substr(dash + 1);
        const auto titleCase = [](const std::string& w) {
            const std::string first = w.substr(0, detail::utf8Length(w.front()));
            return codepoints(w).size() >= 2 && vietnameseLetters(w) && text::upper(first) == first && text::upper(w) != w;
        };
        if (!left.empty() && !right.empty() && titleCase(left) && titleCase(right)) {
            words[i] = right;
            words.insert(words.begin() + static_cast<long>(i), left);
        }
    }
    // "Văn" or "Thị" read twice in a row ("Nguyễn Văn Văn Nghĩa", HLM-002: a line the seal made
    // twice as tall) is one: these middle names are never doubled. A given name may be ("Giáp
    // Phương Phương", OOL-011), and stays.
    for (size_t i = 1; i < words.size();)
        if (words[i] == words[i - 1] && (words[i] == "Văn" || words[i] == "Thị"))
            words.erase(words.begin() + static_cast<long>(i));
        else
            ++i;
    // Drop leading fragments: tokens with no lower-case letter or with non-letters ("XS", "—").
    size_t start = 0;
    while (start < words.size()) {
        const std::string& w = words[start];
        const bool hasLower = text::upper(w) != w;
        const bool lettersOnly = std::all_of(w.begin(), w.end(), [](char c) {
            return static_cast<unsigned char>(c) >= 0x80 || std::isalpha(static_cast<unsigned char>(c));
        });
        if (words.size() - start >= 2 && ((hasLower && lettersOnly) || !familyEndingIn(w).empty()))
            break;
        if (words.size() - start <= 2)
            break;
        ++start;
    }
    words.erase(words.begin(), words.begin() + static_cast<long>(start));
    if (words.empty())
        return {};
    std::string& family = words.front();
    const std::string fk = text::searchKey(family);
    const std::string first = family.substr(0, detail::utf8Length(family.front()));
    const bool lowerStart = text::upper(first) != first;
    // A name spelt as read stays ("La" is no "Lã" read without its tilde); one read with other
    // marks takes those of the family name of its letters ("Ðưống" → Dương), unless it begins in
    // lower case or after other signs: then it is the end of a longer name whose start the seal
    // hid ("tô" of "Lò", "ong" of "Nông"), not the name of its letters.
    // Nor does one of the common middle names of a family name's letters read as spelt: "Đình
    // Mạnh", "Đăng Tùng" are what is left of a longer name, not Đinh's or Đặng's. (A given name
    // of those letters in front is the family name misread: "Định Hồng Trang".)
    const bool givenName = family == "Đình" || family == "Đăng";
    // Nor does a word in capitals (names are set in title case: "ỞNG" is some other ink).
    const bool allCaps = codepoints(family).size() >= 2 && text::upper(family) == family;
    std::string_view exact, near;
    int nearCount = 0;
    if (std::find(std::begin(kFamilyNames), std::end(kFamilyNames), std::string_view(family)) != std::end(kFamilyNames))
        return joinWords(words, 0, words.size());
    for (std::string_view f : kFamilyNames) {
        const std::string k = text::searchKey(f);
        if (k == fk && !lowerStart && !givenName && !allCaps) {
            exact = f;
            break;
        }
        if (foldedDistance(family, f) == 1 && fk.size() >= 2) {
            near = f;
            ++nearCount;
        }
    }
    const std::string_view hidden = familyEndingIn(family);
    // A T read as I or 1 ("Irần"), or as l before an r ("lrịnh"), as mendGivenNames mends given
    // names (a lower-case "lò" or "la" is rather Lò or La than Tô or Tạ).
    std::string_view tee;
    if (!fk.empty() && (family[0] == 'I' || family[0] == '1' || family.starts_with("lr")))
        for (std::string_view f : kFamilyNames)
            if (text::searchKey(f) == "t" + fk.substr(1) && f.starts_with("T"))
                tee = f;
    if (!exact.empty()) {
        family = std::string(exact);
    } else if (!tee.empty()) {
        family = std::string(tee);
    } else if (!hidden.empty() && (lowerStart || !vietnameseLetters(family))) {
        family = std::string(hidden);  // "oàng", "5ui": the seal hid the start
    } else if (const SyllableFault fault = syllableFault(family);
               nearCount == 1 && codepoints(fk).size() >= 3 && (fault == SyllableFault::Letters || fault == SyllableFault::StopTone)) {
        // "Wai", "Irầñ", "Nøô", "Nguyễt": no Vietnamese word is spelt so, and one letter makes it
        // a family name. (A word with two tone marks, "Ýựa", is rather no word at all.)
        family = std::string(near);
    }
    return joinWords(words, 0, words.size());
}

namespace {

// Rare given names that a stacked-mark slip of a common one also makes (Thăng of Thắng, Yên of
// Yến, Hiên of Hiền): read with confidence, they stay as read.
constexpr std::string_view kRareStackedNames[] = {"Thăng", "Yên", "Hiên"};

// Whether a vowel carries two marks, a hat, breve or horn and a tone ("ồ", "ằ", "ứ").
bool stacked(const VowelMark& v)
{
    static constexpr size_t withHat[] = {1, 2, 4, 7, 8, 10};  // ă â ê ô ơ ư
    return v.tone != 0 && std::find(std::begin(withHat), std::end(withHat), v.letter) != std::end(withHat);
}

// How many marks tell apart two words of the same letters ("Vẫn" is one from Vân, two from Văn);
// `stackedSlip` is set when they differ on a vowel that carries two marks in either ("Hông" and
// Hồng, "Hãng" and Hằng, "Quần" and Quân): the marks Tesseract's vie model confuses most.
int markDistance(std::string_view a, std::string_view b, bool* stackedSlip = nullptr)
{
    const std::u32string x = codepoints(text::lower(text::nfc(a))), y = codepoints(text::lower(text::nfc(b)));
    if (x.size() != y.size())
        return 100;
    int d = 0;
    for (size_t i = 0; i < x.size(); ++i) {
        if (x[i] == y[i])
            continue;
        const auto u = vowelMark(x[i]), v = vowelMark(y[i]);
        if (!u || !v) {
            ++d;  // đ for d
            continue;
        }
        d += (u->letter != v->letter) + (u->tone != v->tone);
        if (stackedSlip && (stacked(*u) || stacked(*v)))
            *stackedSlip = true;
    }
    return d;
}

// `word` with one of two like vowels in a row dropped, the one without a tone mark ("Thiỉnh" →
// Thỉnh: OCR stutters on a vowel whose marks it could not place); empty when there are none.
std::string withoutStutter(std::string_view word)
{
    const std::string n = text::nfc(word);
    std::u32string cps = codepoints(n);
    const std::u32string low = codepoints(text::lower(n));
    for (size_t i = 0; i + 1 < low.size() && low.size() == cps.size(); ++i) {
        const auto u = vowelMark(low[i]), v = vowelMark(low[i + 1]);
        if (u && v && u->letter == v->letter) {
            cps.erase(cps.begin() + static_cast<long>(u->tone == 0 ? i : i + 1));
            return detail::utf8(cps);
        }
    }
    return {};
}

} // namespace

std::string mendGivenName(std::string_view word, const std::vector<std::string>& asRead)
{
    const std::string w = text::nfc(word);
    if (w.empty() || std::find(std::begin(kGivenNames), std::end(kGivenNames), std::string_view(w)) != std::end(kGivenNames))
        return w;
    // A word read with high confidence stays as read (a rare name read well is no slip), unless
    // the lexicon has a name of its letters it differs from only on a vowel with two marks, and
    // it is no rare name such a slip makes.
    const bool sure = std::find(asRead.begin(), asRead.end(), w) != asRead.end();
    if (sure && std::find(std::begin(kRareStackedNames), std::end(kRareStackedNames), std::string_view(w)) != std::end(kRareStackedNames))
        return w;
    // What OCR may have made of a name: the word itself; with a first T read as l, i or 1; with
    // m read as ni or rn; with a vowel stuttered.
    const std::string k = text::searchKey(w);
    std::vector<std::string> variants{w};
    if (!sure) {
        const std::string first = w.substr(0, detail::utf8Length(w.front()));
        if (!k.empty() && (k[0] == 'l' || k[0] == 'i' || k[0] == '1'))
            variants.push_back("T" + w.substr(first.size()));
        const std::string lw = text::lower(w);
        for (std::string_view pair : {"ni", "rn"})
            for (size_t at = lw.find(pair); at != std::string::npos && lw.size() == w.size(); at = lw.find(pair, at + 1))
                variants.push_back(w.substr(0, at) + (std::isupper(static_cast<unsigned char>(w[at])) ? "M" : "m") + w.substr(at + 2));
        if (std::string once = withoutStutter(w); !once.empty())
            variants.push_back(std::move(once));
    }
    for (const std::string& v : variants) {
        // Of the names of the same letters, the one fewest marks away; the commoner on a tie
        // ("Hung": Hùng before Hưng).
        const std::string key = text::searchKey(v);
        std::string_view best;
        int bestDistance = 0;
        bool slip = false;
        for (std::string_view g : kGivenNames) {
            if (text::searchKey(g) != key)
                continue;
            bool s = false;
            const int d = markDistance(v, g, &s);
            if (best.empty() || d < bestDistance) {
                best = g, bestDistance = d, slip = s;
            }
        }
        if (!best.empty() && (!sure || slip))
            return std::string(best);
    }
    if (sure)
        return w;
    // The h or g of a final "nh", "ng", "ch" lost ("Địn" for Định): the name with it, marks and
    // all, when that is one.
    for (std::string_view end : {"h", "g"}) {
        const std::string longer = w + std::string(end);
        if (w.size() >= 2 && (w.ends_with('n') || w.ends_with('c')) &&
            std::find(std::begin(kGivenNames), std::end(kGivenNames), std::string_view(longer)) != std::end(kGivenNames))
            return longer;
    }
    return w;
}

std::string mendGivenNames(std::string_view name, const std::vector<std::string>& asRead)
{
    std::vector<std::string> words = splitWords(text::nfc(name));
    for (size_t i = 1; i < words.size(); ++i)
        words[i] = mendGivenName(words[i], asRead);
    return joinWords(words, 0, words.size());
}

NumberSymbol reconcileWithIssuer(const NumberSymbol& ns, std::string_view issuer)
{
    // Initials: the first letter of each word without its tone and vowel marks (Đ stays Đ),
    // leaving out "VÀ" and punctuation.
    std::u32string initials;
    for (const std::string& w : splitWords(text::nfc(issuer))) {
        const std::string k = text::searchKey(w);
        if (k == "va" || k.empty() || !std::isalpha(static_cast<unsigned char>(k[0])))
            continue;
        const std::u32string cps = codepoints(w);
        initials.push_back(cps[0] == U'Đ' || cps[0] == U'Ð' ? U'Đ' : static_cast<char32_t>(std::toupper(static_cast<unsigned char>(k[0]))));
    }
    NumberSymbol out = ns;
    const std::string abbr = ns.typeAbbreviation();
    const size_t from = abbr.empty() ? 0 : abbr.size() + 1;
    const size_t to = ns.symbol.find('-', from);
    const std::string part = ns.symbol.substr(from, to == std::string::npos ? std::string::npos : to - from);
    const std::u32string p = codepoints(part);
    if (p.size() < 3 || initials.size() < 3)
        return out;
    // OCR stutters in a run of the same letter ("SVHTTTDL", "STTT" for STTTT): one letter more or
    // less within a run, and the rest the initials, is the initials.
    const auto oneLetterOfARun = [](const std::u32string& longer, const std::u32string& shorter) {
        if (longer.size() != shorter.size() + 1)
            return false;
        for (size_t i = 0; i + 1 < longer.size(); ++i)
            if (longer[i] == longer[i + 1] && longer.substr(0, i) + longer.substr(i + 1) == shorter)
                return true;
        return false;
    };
    std::u32string fixed;
    // A speck or the rule's end after the symbol read as a stroke letter ("BTTTTI" for BTTTT).
    const bool strokeAfter = p.size() == initials.size() + 1 && p.starts_with(initials) &&
                             (p.back() == U'I' || p.back() == U'l' || p.back() == U'1' || p.back() == U'|');
    if (oneLetterOfARun(p, initials) || oneLetterOfARun(initials, p) || strokeAfter) {
        fixed = initials;
    } else if (oneLetterOfARun(p, U"UBND") || oneLetterOfARun(p, U"HĐND")) {
        // The two bodies' conventional abbreviations, not their initials ("HĐĐND", "UBBND").
        fixed = p.substr(0, 1) == U"U" ? std::u32string(U"UBND") : std::u32string(U"HĐND");
    } else {
        if (p.size() != initials.size())
            return out;
        size_t diff = 0, at = 0;
        for (size_t i = 0; i < p.size(); ++i)
            if (p[i] != initials[i]) {
                ++diff;
                at = i;
            }
        if (diff != 1)
            return out;
        fixed = p;
        fixed[at] = initials[at];
    }
    out.symbol = ns.symbol.substr(0, from) + detail::utf8(fixed) + (to == std::string::npos ? std::string() : ns.symbol.substr(to));
    return out;
}

namespace {

// The mark's box edges read as characters ("TỐI MẬT |", "[KHẨN]", "I MẬT I"): tokens made only of
// such strokes are dropped from both ends, and stroke characters glued to the ends are trimmed.
std::string withoutBoxEdges(std::string_view line)
{
    const auto isStroke = [](char c) { return std::string_view("|[]()!Il1_{}/\\'\".:;,-").find(c) != std::string_view::npos; };
    std::vector<std::string> w = splitWords(text::simplifySpaces(line));
    // A box edge may also come out as an I with a diacritic (Í, Ỉ) from the specks beside it.
    const auto strokeOnly = [&](const std::string& t) {
        return std::all_of(t.begin(), t.end(), isStroke) || text::searchKey(t) == "i";
    };
    while (!w.empty() && strokeOnly(w.front()))
        w.erase(w.begin());
    while (!w.empty() && strokeOnly(w.back()))
        w.pop_back();
    if (w.empty())
        return {};
    const auto trimEdges = [&](std::string& t) {
        while (!t.empty() && std::string_view("|[](){}!_").find(t.front()) != std::string_view::npos)
            t.erase(t.begin());
        while (!t.empty() && std::string_view("|[](){}!_").find(t.back()) != std::string_view::npos)
            t.pop_back();
    };
    trimEdges(w.front());
    trimEdges(w.back());
    return joinWords(w, 0, w.size());
}

} // namespace

std::optional<Urgency> matchUrgencyMark(std::string_view rawLine)
{
    const std::string line = withoutBoxEdges(rawLine);
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

std::optional<Secrecy> matchSecrecyMark(std::string_view rawLine)
{
    std::string k = text::searchKey(withoutBoxEdges(rawLine));
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
