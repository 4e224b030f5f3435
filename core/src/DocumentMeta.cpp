#include "vanthu/core/DocumentMeta.h"

#include "vanthu/core/VnText.h"

#include <cctype>
#include <cstdio>

namespace vanthu {

std::string_view toString(Urgency u)
{
    switch (u) {
    case Urgency::None: return "";
    case Urgency::Khan: return "Khẩn";
    case Urgency::ThuongKhan: return "Thượng khẩn";
    case Urgency::HoaToc: return "Hỏa tốc";
    }
    return "";
}

std::string_view toString(Secrecy s)
{
    switch (s) {
    case Secrecy::None: return "";
    case Secrecy::Mat: return "Mật";
    case Secrecy::ToiMat: return "Tối mật";
    case Secrecy::TuyetMat: return "Tuyệt mật";
    }
    return "";
}

std::optional<Urgency> parseUrgency(std::string_view s)
{
    const std::string k = text::searchKey(s);
    if (k.empty() || k == "none" || k == "thuong")
        return Urgency::None;
    if (k == "khan")
        return Urgency::Khan;
    if (k == "thuong khan")
        return Urgency::ThuongKhan;
    // "Hỏa tốc" and the old spelling "Hoả tốc" fold to the same key.
    if (k == "hoa toc")
        return Urgency::HoaToc;
    return std::nullopt;
}

std::optional<Secrecy> parseSecrecy(std::string_view s)
{
    const std::string k = text::searchKey(s);
    if (k.empty() || k == "none")
        return Secrecy::None;
    if (k == "mat")
        return Secrecy::Mat;
    if (k == "toi mat")
        return Secrecy::ToiMat;
    if (k == "tuyet mat")
        return Secrecy::TuyetMat;
    return std::nullopt;
}

std::string NumberSymbol::format() const
{
    std::string s;
    if (number) {
        char b[16];
        std::snprintf(b, sizeof b, "%02d", *number);
        s = b;
    }
    s += '/';
    if (year)
        s += std::to_string(*year) + '/';
    return s + symbol;
}

std::string NumberSymbol::typeAbbreviation() const
{
    const auto dash = symbol.find('-');
    if (dash == std::string::npos)
        return {};
    const std::string head = symbol.substr(0, dash);
    return doctype::byAbbreviation(head) ? head : std::string{};
}

std::string NumberSymbol::issuerPart() const
{
    const std::string abbr = typeAbbreviation();
    return abbr.empty() ? symbol : symbol.substr(abbr.size() + 1);
}

Result<NumberSymbol> parseNumberSymbol(std::string_view input)
{
    std::string s = text::nfc(input);
    for (size_t p; (p = s.find("\xC3\x90")) != std::string::npos;) // Ð (U+00D0) -> Đ
        s.replace(p, 2, "\xC4\x90");
    std::string_view v = s;
    const auto bad = [&](const char* why) {
        return fail(core::Errc::ParseError, std::string(why) + ": '" + std::string(input) + "'");
    };
    const auto skipSpaces = [&] {
        while (!v.empty() && (v.front() == ' ' || v.front() == '\t'))
            v.remove_prefix(1);
    };
    skipSpaces();
    // Optional "Số:" prefix ("Số" is S + U+1ED1), also "So:" from plain-ASCII input.
    for (std::string_view prefix : {std::string_view("Số"), std::string_view("SỐ"), std::string_view("So")}) {
        if (v.starts_with(prefix)) {
            v.remove_prefix(prefix.size());
            skipSpaces();
            if (!v.empty() && v.front() == ':')
                v.remove_prefix(1);
            break;
        }
    }
    skipSpaces();
    const auto readInt = [&](std::optional<int>& out) {
        int n = 0;
        size_t k = 0;
        while (k < v.size() && std::isdigit(static_cast<unsigned char>(v[k])) && k < 9)
            n = n * 10 + (v[k++] - '0');
        if (k > 0)
            out = n;
        v.remove_prefix(k);
    };
    NumberSymbol ns;
    readInt(ns.number); // absent digits = a blank number, to be filled at issuance
    skipSpaces();
    if (v.empty() || v.front() != '/')
        return bad("expected '/' after the number");
    v.remove_prefix(1);
    skipSpaces();
    // Legal normative documents: "05/2020/NĐ-CP". A 4-digit part followed by '/' is the year.
    if (v.size() > 5 && std::isdigit(static_cast<unsigned char>(v[0]))) {
        std::optional<int> y;
        std::string_view save = v;
        readInt(y);
        skipSpaces();
        if (y && *y >= 1945 && *y <= 2100 && !v.empty() && v.front() == '/') {
            v.remove_prefix(1);
            skipSpaces();
            ns.year = y;
        } else {
            v = save;
        }
    }
    // The symbol runs to the end (trailing spaces dropped); spaces around '-' are OCR noise.
    std::string sym;
    for (char c : v)
        if (c != ' ' && c != '\t')
            sym += c;
    if (sym.empty() || sym.front() == '-' || sym.back() == '-')
        return bad("missing or malformed symbol");
    for (unsigned char c : sym)
        if (c < 0x80 && !std::isalnum(c) && c != '-' && c != '.')
            return bad("unexpected character in the symbol");
    ns.symbol = sym;
    return ns;
}

} // namespace vanthu
