#include "vanthu/core/VnText.h"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <cassert>

namespace vanthu::text {

namespace {
// fromUTF8 replaces ill-formed sequences with U+FFFD, which is what the header promises.
icu::UnicodeString fromUtf8(std::string_view s)
{
    return icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
}
std::string toUtf8(const icu::UnicodeString& u)
{
    std::string out;
    u.toUTF8String(out);
    return out;
}
const icu::Normalizer2& nfcNormalizer()
{
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
    assert(U_SUCCESS(status) && n && "ICU NFC data missing");
    return *n;
}
const icu::Normalizer2& nfdNormalizer()
{
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFDInstance(status);
    assert(U_SUCCESS(status) && n && "ICU NFD data missing");
    return *n;
}
icu::UnicodeString normalized(const icu::Normalizer2& n, const icu::UnicodeString& u)
{
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString out = n.normalize(u, status);
    return U_SUCCESS(status) ? out : u;
}
} // namespace

std::string nfc(std::string_view utf8)
{
    return toUtf8(normalized(nfcNormalizer(), fromUtf8(utf8)));
}

std::string upper(std::string_view utf8)
{
    icu::UnicodeString u = fromUtf8(utf8);
    u.toUpper(icu::Locale("vi"));
    return toUtf8(normalized(nfcNormalizer(), u));
}

std::string lower(std::string_view utf8)
{
    icu::UnicodeString u = fromUtf8(utf8);
    u.toLower(icu::Locale("vi"));
    return toUtf8(normalized(nfcNormalizer(), u));
}

std::string searchKey(std::string_view utf8)
{
    const icu::UnicodeString decomposed = normalized(nfdNormalizer(), fromUtf8(utf8));
    icu::UnicodeString out;
    bool pendingSpace = false;
    for (int32_t i = 0; i < decomposed.length();) {
        UChar32 c = decomposed.char32At(i);
        i += U16_LENGTH(c);
        if (u_charType(c) == U_NON_SPACING_MARK)
            continue;
        if (u_isUWhiteSpace(c)) {
            pendingSpace = !out.isEmpty();
            continue;
        }
        // đ/Đ have no decomposition; Ð (U+00D0, Icelandic eth) is what OCR often reads for Đ.
        if (c == 0x0111 || c == 0x0110 || c == 0x00D0)
            c = 'd';
        if (pendingSpace) {
            out.append(UChar(' '));
            pendingSpace = false;
        }
        out.append(c);
    }
    out.foldCase();
    return toUtf8(out);
}

bool looseEquals(std::string_view a, std::string_view b) { return searchKey(a) == searchKey(b); }

bool isValidUtf8(std::string_view s)
{
    size_t i = 0;
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    while (i < s.size()) {
        const unsigned c = byte(i);
        size_t n = 0;
        unsigned cp = 0;
        if (c < 0x80) { ++i; continue; }
        if ((c & 0xE0) == 0xC0) { n = 1; cp = c & 0x1F; }
        else if ((c & 0xF0) == 0xE0) { n = 2; cp = c & 0x0F; }
        else if ((c & 0xF8) == 0xF0) { n = 3; cp = c & 0x07; }
        else return false;
        for (size_t k = 1; k <= n; ++k) {
            if (i + k >= s.size() || (byte(i + k) & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (byte(i + k) & 0x3F);
        }
        // Reject overlong forms, surrogates and values past U+10FFFF.
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
            (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
            return false;
        i += n + 1;
    }
    return true;
}

std::string simplifySpaces(std::string_view s)
{
    std::string out;
    bool space = false;
    for (char c : s) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            space = !out.empty();
            continue;
        }
        if (space) {
            out += ' ';
            space = false;
        }
        out += c;
    }
    return out;
}

} // namespace vanthu::text
