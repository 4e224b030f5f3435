#include "vanthu/uplink/Edxml.h"

#include "Xml_p.h"

#include "vanthu/core/AgencyCode.h"
#include "vanthu/core/Log.h"
#include "vanthu/core/VnText.h"

#include <libxml/xmlschemas.h>
#include <openssl/bio.h>
#include <openssl/x509.h>
#include <xmlsec/crypto.h>
#include <xmlsec/openssl/x509.h>
#include <xmlsec/templates.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/xmltree.h>

#include <cctype>
#include <cstdio>
#include <mutex>
#include <set>

namespace vanthu::uplink {

std::string_view edxmlSchemaText();   // generated from uplink/schema/edxml.xsd (EdxmlSchema.cpp)

namespace {

constexpr std::string_view kLog = "vanthu.uplink";
constexpr const char* kDsigNs = "http://www.w3.org/2000/09/xmldsig#";

const xmlChar* X(const char* s) { return reinterpret_cast<const xmlChar*>(s); }
const xmlChar* X(const std::string& s) { return reinterpret_cast<const xmlChar*>(s.c_str()); }

// ------------------------------------------------------------------ building

struct Builder {
    xml::DocPtr doc{xmlNewDoc(X("1.0"))};
    xmlNs* ns = nullptr;
    xmlNode* root = nullptr;

    Builder()
    {
        root = xmlNewNode(nullptr, X("edXMLEnvelope"));
        ns = xmlNewNs(root, X(std::string(kEdxmlNamespace)), X("edXML"));
        xmlSetNs(root, ns);
        xmlDocSetRootElement(doc.get(), root);
    }
    xmlNode* add(xmlNode* parent, const char* name) { return xmlNewChild(parent, ns, X(name), nullptr); }
    // xmlNewTextChild escapes the text; text is NFC as everything vanthu writes.
    xmlNode* add(xmlNode* parent, const char* name, std::string_view value)
    {
        return xmlNewTextChild(parent, ns, X(name), X(text::nfc(value)));
    }
    xmlNode* add(xmlNode* parent, const char* name, int value) { return add(parent, name, std::to_string(value)); }

    void organization(xmlNode* parent, const char* name, const Organization& o)
    {
        xmlNode* n = add(parent, name);
        add(n, "OrganId", o.organId);
        add(n, "OrganizationInCharge", o.organizationInCharge);
        add(n, "OrganName", o.organName);
        add(n, "OrganAdd", o.organAdd);
        add(n, "Email", o.email);
        add(n, "Telephone", o.telephone);
        add(n, "Fax", o.fax);
        add(n, "Website", o.website);
    }
    void responseFor(xmlNode* parent, const ResponseFor& r)
    {
        xmlNode* n = add(parent, "ResponseFor");
        add(n, "OrganId", r.organId);
        add(n, "Code", r.code);
        add(n, "PromulgationDate", edxmlDate(r.promulgationDate));
        add(n, "DocumentId", r.documentId);
    }
};

struct KeyFree {
    void operator()(xmlSecKey* k) const { xmlSecKeyDestroy(k); }
};
struct CtxFree {
    void operator()(xmlSecDSigCtx* c) const { xmlSecDSigCtxDestroy(c); }
};
struct MngrFree {
    void operator()(xmlSecKeysMngr* m) const { xmlSecKeysMngrDestroy(m); }
};

// Signs the document with an enveloped signature appended to `parent` (edXMLHeader).
Status sign(xmlDoc* doc, xmlNode* parent, const SigningKey& key)
{
    xml::ErrorCapture errors;
    std::unique_ptr<xmlSecKey, KeyFree> k(xmlSecCryptoAppKeyLoad(key.keyPath.c_str(), xmlSecKeyDataFormatPem,
                                                                 key.password.empty() ? nullptr : key.password.c_str(),
                                                                 nullptr, nullptr));
    if (!k)
        return fail(Errc::KeyError, "cannot load the agency key " + key.keyPath + ": " + errors.text());
    if (!key.certPath.empty() && xmlSecCryptoAppKeyCertLoad(k.get(), key.certPath.c_str(), xmlSecKeyDataFormatPem) < 0)
        return fail(Errc::KeyError, "cannot load the agency certificate " + key.certPath + ": " + errors.text());
    xmlNode* sig = xmlSecTmplSignatureCreate(doc, xmlSecTransformExclC14NId, xmlSecTransformRsaSha256Id, nullptr);
    if (!sig)
        return fail(Errc::Xml, "signature template: " + errors.text());
    xmlAddChild(parent, sig);
    xmlNode* ref = xmlSecTmplSignatureAddReference(sig, xmlSecTransformSha256Id, nullptr, X(""), nullptr);
    if (!ref || !xmlSecTmplReferenceAddTransform(ref, xmlSecTransformEnvelopedId) ||
        !xmlSecTmplReferenceAddTransform(ref, xmlSecTransformExclC14NId))
        return fail(Errc::Xml, "signature reference: " + errors.text());
    xmlNode* keyInfo = xmlSecTmplSignatureEnsureKeyInfo(sig, nullptr);
    xmlNode* x509 = keyInfo ? xmlSecTmplKeyInfoAddX509Data(keyInfo) : nullptr;
    if (!x509 || !xmlSecTmplX509DataAddCertificate(x509))
        return fail(Errc::Xml, "signature key info: " + errors.text());
    std::unique_ptr<xmlSecDSigCtx, CtxFree> ctx(xmlSecDSigCtxCreate(nullptr));
    if (!ctx)
        return fail(Errc::Xml, "signature context");
    ctx->signKey = k.release();   // the context owns it now
    if (xmlSecDSigCtxSign(ctx.get(), sig) < 0)
        return fail(Errc::KeyError, "signing failed: " + errors.text());
    return {};
}

Status validateDoc(xmlDoc* doc)
{
    struct State {
        xmlSchema* schema = nullptr;
        std::string error;
    };
    static State state;
    static std::once_flag once;
    std::call_once(once, [] {
        xml::ErrorCapture errors;
        const std::string_view xsd = edxmlSchemaText();
        xmlSchemaParserCtxt* pc = xmlSchemaNewMemParserCtxt(xsd.data(), static_cast<int>(xsd.size()));
        state.schema = pc ? xmlSchemaParse(pc) : nullptr;
        if (pc)
            xmlSchemaFreeParserCtxt(pc);
        if (!state.schema)
            state.error = "the embedded edXML schema does not load: " + errors.text();
    });
    if (!state.schema)
        return fail(Errc::Xml, state.error);
    xml::ErrorCapture errors;
    // A validation context per call: the parsed schema is shared read-only, contexts are not.
    xmlSchemaValidCtxt* vc = xmlSchemaNewValidCtxt(state.schema);
    if (!vc)
        return fail(Errc::Xml, "schema validation context");
    const int rc = xmlSchemaValidateDoc(vc, doc);
    xmlSchemaFreeValidCtxt(vc);
    if (rc != 0)
        return fail(Errc::InvalidPackage, "the package breaks the edXML schema: " + errors.text());
    return {};
}

Result<std::string> finish(Builder& b, xmlNode* header, const SigningKey& key)
{
    if (auto s = sign(b.doc.get(), header, key); !s)
        return std::unexpected(s.error());
    // Validate what is sent, signature included.
    if (auto s = validateDoc(b.doc.get()); !s) {
        log::error(kLog, s.error().detail());
        return std::unexpected(s.error());
    }
    return xml::serialise(b.doc.get());
}

Status checkOrganization(const Organization& o, std::string_view role)
{
    if (!AgencyCode::parse(o.organId))
        return fail(Errc::InvalidPackage, std::string(role) + ": '" + o.organId + "' is not an agency code (000.00.00.H49)");
    if (text::simplifySpaces(o.organName).empty())
        return fail(Errc::InvalidPackage, std::string(role) + ": OrganName is required");
    return {};
}

// ------------------------------------------------------------------ reading

std::string nodeText(xmlNode* n)
{
    if (!n)
        return {};
    xmlChar* c = xmlNodeGetContent(n);
    std::string s = c ? reinterpret_cast<const char*>(c) : "";
    xmlFree(c);
    return s;
}

bool isElement(xmlNode* n, const char* name)
{
    return n && n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, X(name)) && n->ns &&
           xmlStrEqual(n->ns->href, X(std::string(kEdxmlNamespace)));
}

xmlNode* child(xmlNode* parent, const char* name)
{
    for (xmlNode* c = parent ? parent->children : nullptr; c; c = c->next)
        if (isElement(c, name))
            return c;
    return nullptr;
}

std::vector<xmlNode*> children(xmlNode* parent, const char* name)
{
    std::vector<xmlNode*> out;
    for (xmlNode* c = parent ? parent->children : nullptr; c; c = c->next)
        if (isElement(c, name))
            out.push_back(c);
    return out;
}

std::string childText(xmlNode* parent, const char* name) { return nodeText(child(parent, name)); }

int childInt(xmlNode* parent, const char* name)
{
    try {
        return std::stoi(childText(parent, name));
    } catch (...) {
        return 0;
    }
}

vntime::Date parseDate(const std::string& s)
{
    int y = 0;
    unsigned m = 0, d = 0;
    if (std::sscanf(s.c_str(), "%d/%u/%u", &y, &m, &d) != 3)
        return {};
    return std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d};
}

vntime::Instant parseTimestamp(const std::string& s)
{
    int y = 0;
    unsigned mo = 0, d = 0, h = 0, mi = 0, se = 0;
    if (std::sscanf(s.c_str(), "%d/%u/%u %u:%u:%u", &y, &mo, &d, &h, &mi, &se) != 6)
        return {};
    const auto day = std::chrono::local_days{std::chrono::year{y} / std::chrono::month{mo} / std::chrono::day{d}};
    return vntime::fromLocal(std::chrono::time_point_cast<std::chrono::seconds>(day) + std::chrono::hours{h} +
                             std::chrono::minutes{mi} + std::chrono::seconds{se});
}

Organization readOrganization(xmlNode* n)
{
    Organization o;
    o.organId = childText(n, "OrganId");
    o.organizationInCharge = childText(n, "OrganizationInCharge");
    o.organName = childText(n, "OrganName");
    o.organAdd = childText(n, "OrganAdd");
    o.email = childText(n, "Email");
    o.telephone = childText(n, "Telephone");
    o.fax = childText(n, "Fax");
    o.website = childText(n, "Website");
    return o;
}

ResponseFor readResponseFor(xmlNode* n)
{
    ResponseFor r;
    r.organId = childText(n, "OrganId");
    r.code = childText(n, "Code");
    r.promulgationDate = parseDate(childText(n, "PromulgationDate"));
    r.documentId = childText(n, "DocumentId");
    return r;
}

} // namespace

// ---------------------------------------------------------------------------------------------

std::string StatusCodes::code(StatusEvent e) const
{
    switch (e) {
    case StatusEvent::Arrived: return arrived;
    case StatusEvent::Rejected: return rejected;
    case StatusEvent::Accepted: return accepted;
    case StatusEvent::Assigned: return assigned;
    case StatusEvent::InProgress: return inProgress;
    case StatusEvent::Done: return done;
    case StatusEvent::TakeBack: return takeBack;
    case StatusEvent::Agree: return agree;
    case StatusEvent::Refuse: return refuse;
    }
    return arrived;
}

std::optional<StatusEvent> StatusCodes::event(std::string_view c) const
{
    for (StatusEvent e : {StatusEvent::Arrived, StatusEvent::Rejected, StatusEvent::Accepted, StatusEvent::Assigned,
                          StatusEvent::InProgress, StatusEvent::Done, StatusEvent::TakeBack, StatusEvent::Agree,
                          StatusEvent::Refuse})
        if (code(e) == c)
            return e;
    return std::nullopt;
}

std::string edxmlDate(vntime::Date d)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d/%02u/%02u", int(d.year()), unsigned(d.month()), unsigned(d.day()));
    return buf;
}

std::string edxmlTimestamp(vntime::Instant t)
{
    const auto local = vntime::toLocal(t);
    const auto day = std::chrono::floor<std::chrono::days>(local);
    const std::chrono::hh_mm_ss hms{local - day};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s %02d:%02d:%02d", edxmlDate(std::chrono::year_month_day{day}).c_str(),
                  int(hms.hours().count()), int(hms.minutes().count()), int(hms.seconds().count()));
    return buf;
}

std::string documentIdFor(std::string_view organId, vntime::Date date, std::string_view codeNumber,
                          std::string_view codeNotation)
{
    return text::nfc(std::string(organId) + "," + edxmlDate(date) + "," + std::string(codeNumber) + "/" +
                     std::string(codeNotation));
}

std::string_view edxmlSchema() { return edxmlSchemaText(); }

Result<std::string> buildDocumentPackage(const DocumentPackage& p, const SigningKey& key)
{
    if (isSecret(p.secrecy))
        return fail(Errc::Secret, "a secret document (" + std::string(toString(p.secrecy)) + ") never leaves the station");
    if (auto s = xml::init(); !s)
        return std::unexpected(s.error());
    if (auto s = checkOrganization(p.from, "From"); !s)
        return std::unexpected(s.error());
    if (p.to.empty())
        return fail(Errc::InvalidPackage, "at least one recipient (To) is required");
    for (const auto& t : p.to)
        if (auto s = checkOrganization(t, "To"); !s)
            return std::unexpected(s.error());
    if (p.codeNumber.empty() || p.codeNotation.empty())
        return fail(Errc::InvalidPackage, "the number and symbol (CodeNumber, CodeNotation) are required");
    if (!p.promulgationDate.ok())
        return fail(Errc::InvalidPackage, "the promulgation date is required");
    std::set<std::string> ids;
    for (const auto& a : p.attachments)
        if (a.contentId.empty() || a.name.empty() || !ids.insert(a.contentId).second)
            return fail(Errc::InvalidPackage, "every attachment needs a name and a unique content id");

    Builder b;
    xmlNode* header = b.add(b.root, "edXMLHeader");
    xmlNode* mh = b.add(header, "MessageHeader");
    b.organization(mh, "From", p.from);
    for (const auto& t : p.to)
        b.organization(mh, "To", t);
    b.add(mh, "DocumentId",
          p.documentId.empty() ? documentIdFor(p.from.organId, p.promulgationDate, p.codeNumber, p.codeNotation)
                               : p.documentId);
    xmlNode* code = b.add(mh, "Code");
    b.add(code, "CodeNumber", p.codeNumber);
    b.add(code, "CodeNotation", p.codeNotation);
    xmlNode* prom = b.add(mh, "PromulgationInfo");
    b.add(prom, "Place", p.place);
    b.add(prom, "PromulgationDate", edxmlDate(p.promulgationDate));
    xmlNode* type = b.add(mh, "DocumentType");
    b.add(type, "Type", p.type);
    b.add(type, "TypeDetail", p.typeDetail);
    b.add(type, "TypeName", p.typeName);
    b.add(mh, "Subject", p.subject);
    b.add(mh, "Content", p.content);
    xmlNode* signer = b.add(mh, "SignerInfo");
    b.add(signer, "Competence", p.signerCompetence);
    b.add(signer, "Position", p.signerPosition);
    b.add(signer, "FullName", p.signerFullName);
    if (p.dueDate)
        b.add(mh, "DueDate", edxmlDate(*p.dueDate));
    xmlNode* other = b.add(mh, "OtherInfo");
    b.add(other, "Priority", p.priority);
    b.add(other, "SphereOfPromulgation", p.sphereOfPromulgation);
    b.add(other, "TyperNotation", p.typerNotation);   // sic: the standard's spelling
    b.add(other, "PromulgationAmount", p.promulgationAmount);
    b.add(other, "PageAmount", p.pageAmount);
    b.add(other, "Direction", p.direction ? "true" : "false");
    if (!p.appendixes.empty()) {
        xmlNode* app = b.add(other, "Appendixes");
        for (const auto& a : p.appendixes)
            b.add(app, "Appendix", a);
    }
    for (const auto& r : p.responseFor)
        b.responseFor(mh, r);
    b.add(mh, "SteeringType", p.steeringType);
    xmlNode* places = b.add(mh, "ToPlaces");
    for (const auto& pl : p.toPlaces)
        b.add(places, "Place", pl);

    xmlNode* trace = b.add(header, "TraceHeaderList");
    if (p.traces.empty()) {
        xmlNode* th = b.add(trace, "TraceHeader");
        b.add(th, "OrganId", p.from.organId);
        b.add(th, "Timestamp", edxmlTimestamp(vntime::now()));
    }
    for (const auto& [organ, at] : p.traces) {
        xmlNode* th = b.add(trace, "TraceHeader");
        b.add(th, "OrganId", organ);
        b.add(th, "Timestamp", edxmlTimestamp(at));
    }
    xmlNode* bus = b.add(trace, "Bussiness");   // sic
    b.add(bus, "BussinessDocType", static_cast<int>(p.business));
    b.add(bus, "BussinessDocReason", p.businessReason);
    b.add(bus, "Paper", p.paper ? 1 : 0);
    if (!p.replaces.empty()) {
        xmlNode* list = b.add(bus, "ReplacementInfoList");
        for (const auto& id : p.replaces)
            b.add(b.add(list, "ReplacementInfo"), "DocumentId", id);
    }

    xmlNode* body = b.add(b.root, "edXMLBody");
    if (!p.attachments.empty()) {
        xmlNode* manifest = b.add(body, "edXMLManifest");
        for (const auto& a : p.attachments) {
            xmlNode* r = b.add(manifest, "Reference");
            b.add(r, "ContentId", a.contentId);
            b.add(r, "ContentType", a.contentType);
            b.add(r, "Description", a.description);
            b.add(r, "AttachmentName", a.name);
        }
        xmlNode* enc = b.add(b.root, "AttachmentEncoded");
        for (const auto& a : p.attachments) {
            xmlNode* at = b.add(enc, "Attachment");
            b.add(at, "ContentId", a.contentId);
            b.add(at, "AttachmentName", a.name);
            b.add(at, "ContentType", a.contentType);
            b.add(at, "ContentTransferEncoded", "base64");
            // base64 needs no escaping or normalisation: add it directly.
            xmlNewTextChild(at, b.ns, X("Value"), X(xml::base64Encode(a.data)));
        }
    }
    return finish(b, header, key);
}

Result<std::string> buildStatusPackage(const StatusPackage& p, const SigningKey& key)
{
    if (auto s = xml::init(); !s)
        return std::unexpected(s.error());
    if (auto s = checkOrganization(p.from, "From"); !s)
        return std::unexpected(s.error());
    if (p.responseFor.documentId.empty())
        return fail(Errc::InvalidPackage, "a status package names the document it answers (ResponseFor/DocumentId)");
    Builder b;
    xmlNode* header = b.add(b.root, "edXMLHeader");
    xmlNode* st = b.add(header, "Status");
    b.organization(st, "From", p.from);
    b.responseFor(st, p.responseFor);
    xmlNode* staff = b.add(st, "StaffInfo");
    b.add(staff, "Department", p.department);
    b.add(staff, "Staff", p.staff);
    b.add(staff, "Email", p.staffEmail);
    b.add(staff, "Mobile", p.staffMobile);
    b.add(st, "StatusCode", p.statusCode);
    b.add(st, "Description", p.description);
    b.add(st, "Timestamp", edxmlTimestamp(p.timestamp == vntime::Instant{} ? vntime::now() : p.timestamp));
    b.add(b.root, "edXMLBody");
    return finish(b, header, key);
}

Status validateSchema(std::string_view text)
{
    auto doc = xml::parse(text);
    if (!doc)
        return std::unexpected(doc.error());
    return validateDoc(doc->get());
}

namespace {
// What a verifying context accepts. xmlsec's defaults read every KeyInfo kind, so a <KeyValue>
// carrying any throw-away public key would verify without the trusted CA ever being consulted:
// only an X.509 certificate chained to a trusted one may supply the key. The transforms are the
// ones we sign with (sign() above) plus inclusive C14N and ECDSA, so an XPath or XSLT transform
// cannot shrink what the digest covers; and the single Reference must be the whole document.
Status restrictTrustModel(xmlSecDSigCtx* ctx)
{
    if (xmlSecPtrListAdd(&ctx->keyInfoReadCtx.enabledKeyData, const_cast<void*>(static_cast<const void*>(xmlSecKeyDataX509Id))) < 0)
        return fail(Errc::Xml, "signature context: cannot restrict key data to X.509");
    for (xmlSecTransformId t : {xmlSecTransformEnvelopedId, xmlSecTransformExclC14NId, xmlSecTransformInclC14NId,
                                xmlSecTransformSha256Id})
        if (xmlSecDSigCtxEnableReferenceTransform(ctx, t) < 0)
            return fail(Errc::Xml, "signature context: cannot restrict reference transforms");
    for (xmlSecTransformId t : {xmlSecTransformExclC14NId, xmlSecTransformInclC14NId, xmlSecTransformRsaSha256Id,
#ifndef XMLSEC_NO_ECDSA
                                xmlSecTransformEcdsaSha256Id,
#endif
                                xmlSecTransformSha256Id})
        if (xmlSecDSigCtxEnableSignatureTransform(ctx, t) < 0)
            return fail(Errc::Xml, "signature context: cannot restrict signature transforms");
    ctx->enabledReferenceUris = xmlSecTransformUriTypeEmpty;
    return {};
}

// The subject of the certificate that supplied the verifying key, RFC 2253 with UTF-8 text.
std::string signerSubjectOf(xmlSecKey* key)
{
    xmlSecKeyData* data = key ? xmlSecKeyGetData(key, xmlSecOpenSSLKeyDataX509Id) : nullptr;
    X509* cert = data ? xmlSecOpenSSLKeyDataX509GetKeyCert(data) : nullptr;
    if (!cert)
        return {};
    BIO* bio = BIO_new(BIO_s_mem());
    if (!bio)
        return {};
    std::string out;
    if (X509_NAME_print_ex(bio, X509_get_subject_name(cert), 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) >= 0) {
        char* p = nullptr;
        const long n = BIO_get_mem_data(bio, &p);
        if (p && n > 0)
            out.assign(p, static_cast<size_t>(n));
    }
    BIO_free(bio);
    return out;
}

// Verifies and returns the signer certificate's subject.
Result<std::string> verifyDoc(xmlDoc* doc, const std::vector<std::string>& trusted)
{
    xml::ErrorCapture errors;
    xmlNode* root = xmlDocGetRootElement(doc);
    xmlNode* sig = xmlSecFindNode(root, xmlSecNodeSignature, xmlSecDSigNs);
    if (!sig)
        return fail(Errc::SignatureInvalid, "the package carries no XML signature");
    // Only a signature over the whole document counts (one Reference, URI=""): a signature over a
    // part would let the rest be changed.
    xmlNode* signedInfo = xmlSecFindChild(sig, X("SignedInfo"), X(kDsigNs));
    int refs = 0;
    for (xmlNode* c = signedInfo ? signedInfo->children : nullptr; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || !xmlStrEqual(c->name, X("Reference")))
            continue;
        ++refs;
        xmlChar* uri = xmlGetProp(c, X("URI"));
        const bool whole = uri && uri[0] == 0;
        xmlFree(uri);
        if (!whole)
            return fail(Errc::SignatureInvalid, "the signature does not cover the whole package");
    }
    if (refs != 1)
        return fail(Errc::SignatureInvalid, "the signature must have exactly one Reference");
    std::unique_ptr<xmlSecKeysMngr, MngrFree> mngr(xmlSecKeysMngrCreate());
    if (!mngr || xmlSecCryptoAppDefaultKeysMngrInit(mngr.get()) < 0)
        return fail(Errc::Xml, "xmlsec keys manager: " + errors.text());
    for (const auto& path : trusted)
        if (xmlSecCryptoAppKeysMngrCertLoad(mngr.get(), path.c_str(), xmlSecKeyDataFormatPem, xmlSecKeyDataTypeTrusted) < 0)
            return fail(Errc::KeyError, "cannot load the trusted certificate " + path + ": " + errors.text());
    std::unique_ptr<xmlSecDSigCtx, CtxFree> ctx(xmlSecDSigCtxCreate(mngr.get()));
    if (!ctx)
        return fail(Errc::Xml, "signature context");
    if (auto s = restrictTrustModel(ctx.get()); !s)
        return std::unexpected(s.error());
    if (xmlSecDSigCtxVerify(ctx.get(), sig) < 0)
        return fail(Errc::SignatureInvalid, "the signature cannot be checked (untrusted or malformed): " + errors.text());
    if (ctx->status != xmlSecDSigStatusSucceeded)
        return fail(Errc::SignatureInvalid, "the signature does not match the package: it was modified after signing");
    std::string subject = signerSubjectOf(ctx->signKey);
    if (subject.empty())
        return fail(Errc::SignatureInvalid, "the signature names no signer certificate");
    return subject;
}
} // namespace

Status verifySignature(std::string_view text, const std::vector<std::string>& trusted)
{
    auto doc = xml::parse(text);
    if (!doc)
        return std::unexpected(doc.error());
    auto subject = verifyDoc(doc->get(), trusted);
    if (!subject)
        return std::unexpected(subject.error());
    return {};
}

bool subjectNamesOrgan(std::string_view subject, std::string_view organId)
{
    if (organId.empty())
        return false;
    const auto partOfCode = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.'; };
    for (size_t pos = subject.find(organId); pos != std::string_view::npos; pos = subject.find(organId, pos + 1)) {
        const size_t end = pos + organId.size();
        if ((pos == 0 || !partOfCode(subject[pos - 1])) && (end == subject.size() || !partOfCode(subject[end])))
            return true;
    }
    return false;
}

Result<ParsedPackage> parsePackage(std::string_view text, const std::vector<std::string>& trusted)
{
    auto doc = xml::parse(text);
    if (!doc)
        return std::unexpected(doc.error());
    if (auto s = validateDoc(doc->get()); !s)
        return std::unexpected(s.error());
    ParsedPackage out;
    if (!trusted.empty()) {
        auto subject = verifyDoc(doc->get(), trusted);
        if (!subject)
            return std::unexpected(subject.error());
        out.signerSubject = std::move(*subject);
    }
    xmlNode* root = xmlDocGetRootElement(doc->get());
    xmlNode* header = child(root, "edXMLHeader");
    if (xmlNode* st = child(header, "Status")) {
        out.isStatus = true;
        StatusPackage& s = out.status;
        s.from = readOrganization(child(st, "From"));
        s.responseFor = readResponseFor(child(st, "ResponseFor"));
        xmlNode* staff = child(st, "StaffInfo");
        s.department = childText(staff, "Department");
        s.staff = childText(staff, "Staff");
        s.staffEmail = childText(staff, "Email");
        s.staffMobile = childText(staff, "Mobile");
        s.statusCode = childText(st, "StatusCode");
        s.description = childText(st, "Description");
        s.timestamp = parseTimestamp(childText(st, "Timestamp"));
        return out;
    }
    DocumentPackage& p = out.document;
    xmlNode* mh = child(header, "MessageHeader");
    p.from = readOrganization(child(mh, "From"));
    for (xmlNode* t : children(mh, "To"))
        p.to.push_back(readOrganization(t));
    p.documentId = childText(mh, "DocumentId");
    xmlNode* code = child(mh, "Code");
    p.codeNumber = childText(code, "CodeNumber");
    p.codeNotation = childText(code, "CodeNotation");
    xmlNode* prom = child(mh, "PromulgationInfo");
    p.place = childText(prom, "Place");
    p.promulgationDate = parseDate(childText(prom, "PromulgationDate"));
    xmlNode* type = child(mh, "DocumentType");
    p.type = childInt(type, "Type");
    p.typeDetail = childInt(type, "TypeDetail");
    p.typeName = childText(type, "TypeName");
    p.subject = childText(mh, "Subject");
    p.content = childText(mh, "Content");
    xmlNode* signer = child(mh, "SignerInfo");
    p.signerCompetence = childText(signer, "Competence");
    p.signerPosition = childText(signer, "Position");
    p.signerFullName = childText(signer, "FullName");
    if (xmlNode* due = child(mh, "DueDate"))
        p.dueDate = parseDate(nodeText(due));
    xmlNode* other = child(mh, "OtherInfo");
    p.priority = childInt(other, "Priority");
    p.sphereOfPromulgation = childText(other, "SphereOfPromulgation");
    p.typerNotation = childText(other, "TyperNotation");
    p.promulgationAmount = childInt(other, "PromulgationAmount");
    p.pageAmount = childInt(other, "PageAmount");
    p.direction = childText(other, "Direction") == "true" || childText(other, "Direction") == "1";
    for (xmlNode* a : children(child(other, "Appendixes"), "Appendix"))
        p.appendixes.push_back(nodeText(a));
    for (xmlNode* r : children(mh, "ResponseFor"))
        p.responseFor.push_back(readResponseFor(r));
    p.steeringType = childInt(mh, "SteeringType");
    for (xmlNode* pl : children(child(mh, "ToPlaces"), "Place"))
        p.toPlaces.push_back(nodeText(pl));
    xmlNode* trace = child(header, "TraceHeaderList");
    for (xmlNode* th : children(trace, "TraceHeader"))
        p.traces.emplace_back(childText(th, "OrganId"), parseTimestamp(childText(th, "Timestamp")));
    xmlNode* bus = child(trace, "Bussiness");
    p.business = static_cast<BusinessDocType>(childInt(bus, "BussinessDocType"));
    p.businessReason = childText(bus, "BussinessDocReason");
    p.paper = childInt(bus, "Paper") != 0;
    for (xmlNode* ri : children(child(bus, "ReplacementInfoList"), "ReplacementInfo"))
        p.replaces.push_back(childText(ri, "DocumentId"));
    xmlNode* manifest = child(child(root, "edXMLBody"), "edXMLManifest");
    xmlNode* enc = child(root, "AttachmentEncoded");
    for (xmlNode* r : children(manifest, "Reference")) {
        Attachment a;
        a.contentId = childText(r, "ContentId");
        a.contentType = childText(r, "ContentType");
        a.description = childText(r, "Description");
        a.name = childText(r, "AttachmentName");
        for (xmlNode* at : children(enc, "Attachment"))
            if (childText(at, "ContentId") == a.contentId &&
                !xml::base64Decode(childText(at, "Value"), a.data))
                return fail(Errc::InvalidPackage, "attachment " + a.contentId + " is not valid base64");
        p.attachments.push_back(std::move(a));
    }
    return out;
}

} // namespace vanthu::uplink
