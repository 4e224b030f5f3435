#include "Xml_p.h"

#include "vanthu/core/Log.h"

#include <libxml/xmlerror.h>
#include <xmlsec/crypto.h>
#include <xmlsec/errors.h>
#include <xmlsec/xmlsec.h>

#include <array>
#include <mutex>

namespace vanthu::uplink::xml {

namespace {

thread_local int t_captureDepth = 0;
thread_local std::string t_errors;

void addError(std::string_view msg)
{
    if (t_captureDepth == 0 || t_errors.size() > 4000)
        return;
    if (!t_errors.empty())
        t_errors += "; ";
    std::string m(msg);
    while (!m.empty() && (m.back() == '\n' || m.back() == ' '))
        m.pop_back();
    t_errors += m;
}

void structuredError(void*, xmlError* e)
{
    if (!e || !e->message)
        return;
    std::string m = e->message;
    if (e->line > 0)
        m = "line " + std::to_string(e->line) + ": " + m;
    addError(m);
}

void xmlsecError(const char*, int, const char* func, const char*, const char* subject, int reason, const char* msg)
{
    std::string m = std::string(func ? func : "") + ": " + (subject ? subject : "") + " (reason " +
                    std::to_string(reason) + ")" + (msg ? std::string(" ") + msg : std::string());
    addError(m);
}

Status g_initStatus;
std::once_flag g_once;

} // namespace

Status init()
{
    std::call_once(g_once, [] {
        xmlInitParser();
        if (xmlSecInit() < 0) {
            g_initStatus = fail(Errc::Xml, "xmlSecInit failed");
            return;
        }
        if (xmlSecCheckVersion() != 1) {
            g_initStatus = fail(Errc::Xml, "the loaded xmlsec library is not compatible");
            return;
        }
        if (xmlSecCryptoAppInit(nullptr) < 0 || xmlSecCryptoInit() < 0)
            g_initStatus = fail(Errc::Xml, "xmlsec OpenSSL engine initialisation failed");
        // After xmlSecInit, which installs the default (stderr) callback.
        xmlSecErrorsSetCallback(&xmlsecError);
    });
    return g_initStatus;
}

ErrorCapture::ErrorCapture()
{
    if (t_captureDepth++ == 0)
        t_errors.clear();
    xmlSetStructuredErrorFunc(nullptr, &structuredError);
}

ErrorCapture::~ErrorCapture()
{
    if (--t_captureDepth == 0)
        xmlSetStructuredErrorFunc(nullptr, nullptr);
}

std::string ErrorCapture::text() const { return t_errors; }

Result<DocPtr> parse(std::string_view text)
{
    if (auto s = init(); !s)
        return std::unexpected(s.error());
    ErrorCapture errors;
    // XML_PARSE_HUGE: a package carries megabytes of base64 in one text node.
    const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_HUGE;
    DocPtr doc(xmlReadMemory(text.data(), static_cast<int>(text.size()), "package.xml", "UTF-8", options));
    if (!doc)
        return fail(Errc::InvalidPackage, "not well-formed XML: " + errors.text());
    return doc;
}

std::string serialise(xmlDoc* doc)
{
    xmlChar* buf = nullptr;
    int len = 0;
    xmlDocDumpMemoryEnc(doc, &buf, &len, "UTF-8");
    std::string out(reinterpret_cast<const char*>(buf), static_cast<size_t>(len));
    xmlFree(buf);
    return out;
}

namespace {
constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
}

std::string base64Encode(std::string_view in)
{
    std::string out;
    out.reserve((in.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        const uint32_t v = (uint32_t(uint8_t(in[i])) << 16) | (uint32_t(uint8_t(in[i + 1])) << 8) | uint8_t(in[i + 2]);
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += kAlphabet[v & 63];
    }
    if (i < in.size()) {
        uint32_t v = uint32_t(uint8_t(in[i])) << 16;
        if (i + 1 < in.size())
            v |= uint32_t(uint8_t(in[i + 1])) << 8;
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += i + 1 < in.size() ? kAlphabet[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

bool base64Decode(std::string_view in, std::string& out)
{
    std::array<int, 256> rev;
    rev.fill(-1);
    for (size_t i = 0; i < kAlphabet.size(); ++i)
        rev[uint8_t(kAlphabet[i])] = int(i);
    out.clear();
    out.reserve(in.size() / 4 * 3);
    uint32_t acc = 0;
    int bits = 0, pad = 0;
    for (char c : in) {
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
            continue;
        if (c == '=') {
            ++pad;
            continue;
        }
        if (pad > 0 || rev[uint8_t(c)] < 0)
            return false;
        acc = (acc << 6) | uint32_t(rev[uint8_t(c)]);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += char((acc >> bits) & 0xff);
        }
    }
    return pad <= 2;
}

} // namespace vanthu::uplink::xml
