#pragma once
// Private helpers over libxml2 and xmlsec: owning pointers, one-time initialisation, error capture.

#include "vanthu/uplink/Errors.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <memory>
#include <string>
#include <string_view>

namespace vanthu::uplink::xml {

struct DocFree {
    void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocFree>;

// Initialises libxml2, xmlsec and its OpenSSL engine once per process (thread-safe). Xml on failure.
Status init();

// Parses XML text without network access, entity expansion or DTD loading. InvalidPackage.
Result<DocPtr> parse(std::string_view text);
// Serialises as UTF-8, unformatted (formatting would change signed content).
std::string serialise(xmlDoc* doc);

// Collects libxml2/xmlsec error messages raised on this thread while alive.
class ErrorCapture {
public:
    ErrorCapture();
    ~ErrorCapture();
    ErrorCapture(const ErrorCapture&) = delete;
    ErrorCapture& operator=(const ErrorCapture&) = delete;
    std::string text() const;
};

std::string base64Encode(std::string_view bytes);
// Ignores whitespace; nullopt-like empty + false on bad input.
bool base64Decode(std::string_view text, std::string& out);

} // namespace vanthu::uplink::xml
