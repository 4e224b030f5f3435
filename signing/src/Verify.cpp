// Signature verification. PoDoFo (in a child process: the file is untrusted) finds the signature
// fields and their ByteRanges, and compares each signed revision with the final document; the
// cryptography runs here with OpenSSL on the raw bytes the ByteRange names.

#include "Crypto_p.h"
#include "Pdf_p.h"
#include "Sandbox_p.h"

#include "vanthu/core/Log.h"
#include "vanthu/signing/Verify.h"

#include <openssl/err.h>
#include <openssl/http.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/ts.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

namespace vanthu::signing {

bool SignatureReport::valid() const
{
    return byteRangeValid && bytesIntact && !hasSigningTimeAttribute && laterChange != LaterChange::Content
           && chain != CheckResult::Failed && validAtSigningTime != CheckResult::Failed
           && timestamp != CheckResult::Failed && revocation != CheckResult::Failed;
}

namespace detail {
namespace {

using namespace PoDoFo;
constexpr std::string_view kLog = "vanthu.signing";

struct FoundSignature {
    std::string name, subFilter, claimed;
    std::int64_t br[4] = {0, 0, 0, 0};
    int laterChange = 0;
};

std::string sha256Hex(std::string_view data)
{
    const Sha256 d = sha256(data);
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : d) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

std::string streamBytes(PdfObject* obj)
{
    if (!obj || !obj->HasStream())
        return {};
    char* buf = nullptr;
    pdf_long len = 0;
    try {
        obj->GetStream()->GetFilteredCopy(&buf, &len);
    } catch (const PdfError& e) {
        if (e.GetError() == ePdfError_OutOfMemory)
            throw;   // the sandbox's memory limit: report it, do not hide it
        // An undecodable filter: compare the raw bytes instead.
        PdfMemoryOutputStream raw;
        obj->GetStream()->GetCopy(&raw);
        return std::string(raw.GetBuffer(), static_cast<std::size_t>(raw.GetLength()));
    }
    std::string out(buf, static_cast<std::size_t>(len));
    podofo_free(buf);
    return out;
}

std::string serialized(const PdfObject* obj)
{
    std::string s;
    if (obj)
        obj->ToString(s);
    return s;
}

// What a reader sees on each page: content streams, resources and the XObjects they name, and the
// annotations other than form widgets.
struct PageDigest {
    std::string content;
    int otherAnnotations = 0;
};

std::vector<PageDigest> digestPages(PdfMemDocument& doc)
{
    std::vector<PageDigest> out;
    PdfVecObjects* objs = &doc.GetObjects();
    auto resolve = [objs](PdfObject* o) -> PdfObject* {
        return o && o->IsReference() ? objs->GetObject(o->GetReference()) : o;
    };
    for (int i = 0; i < doc.GetPageCount(); ++i) {
        PdfPage* page = doc.GetPage(i);
        PdfObject* pageObj = page->GetObject();
        std::string acc;
        PdfObject* contents = resolve(pageObj->GetIndirectKey("Contents"));
        if (contents && contents->IsArray()) {
            for (auto& item : contents->GetArray())
                acc += sha256Hex(streamBytes(resolve(&item)));
        } else {
            acc += sha256Hex(streamBytes(contents));
        }
        PdfObject* resources = resolve(pageObj->GetIndirectKey("Resources"));
        acc += sha256Hex(serialized(resources));
        if (resources && resources->IsDictionary()) {
            PdfObject* xobjects = resolve(resources->GetIndirectKey("XObject"));
            if (xobjects && xobjects->IsDictionary()) {
                for (const auto& [key, value] : xobjects->GetDictionary().GetKeys()) {
                    PdfObject* x = resolve(value);
                    acc += key.GetName() + sha256Hex(serialized(x)) + sha256Hex(streamBytes(x));
                }
            }
        }
        acc += sha256Hex(serialized(pageObj->GetIndirectKey("MediaBox")));
        PageDigest d;
        d.content = sha256Hex(acc);
        PdfObject* annots = resolve(pageObj->GetIndirectKey("Annots"));
        if (annots && annots->IsArray()) {
            for (auto& a : annots->GetArray()) {
                PdfObject* annot = resolve(&a);
                if (annot && annot->IsDictionary() && annot->GetIndirectKeyAsName("Subtype") != PdfName("Widget"))
                    ++d.otherAnnotations;
            }
        }
        out.push_back(std::move(d));
    }
    return out;
}

void collectSignatures(PdfMemDocument& doc, PdfObject* field, std::vector<FoundSignature>& out, int depth)
{
    PdfVecObjects* objs = &doc.GetObjects();
    auto resolve = [objs](PdfObject* o) -> PdfObject* {
        return o && o->IsReference() ? objs->GetObject(o->GetReference()) : o;
    };
    field = resolve(field);
    if (!field || !field->IsDictionary() || depth > 8)
        return;
    if (PdfObject* kids = resolve(field->GetIndirectKey("Kids")); kids && kids->IsArray()) {
        for (auto& k : kids->GetArray())
            collectSignatures(doc, &k, out, depth + 1);
    }
    if (field->GetIndirectKeyAsName("FT") != PdfName("Sig"))
        return;
    PdfObject* v = resolve(field->GetIndirectKey("V"));
    if (!v || !v->IsDictionary())
        return;
    PdfObject* br = resolve(v->GetIndirectKey("ByteRange"));
    if (!br || !br->IsArray() || br->GetArray().size() != 4)
        return;
    FoundSignature s;
    if (const PdfObject* t = field->GetIndirectKey("T"); t && t->IsString())
        s.name = t->GetString().GetStringUtf8();
    s.subFilter = v->GetIndirectKeyAsName("SubFilter").GetName();
    if (const PdfObject* m = v->GetIndirectKey("M"); m && m->IsString())
        s.claimed = m->GetString().GetStringUtf8();
    for (std::size_t i = 0; i < 4; ++i)
        s.br[i] = br->GetArray()[i].IsNumber() ? br->GetArray()[i].GetNumber() : -1;
    out.push_back(std::move(s));
}

// Child process: signature fields, and for each the kind of change made after its revision.
Result<std::string> inspect(const std::string& bytes)
{
    silencePodofo();
    PdfMemDocument doc;
    doc.LoadFromBuffer(bytes.data(), static_cast<long>(bytes.size()));
    if (doc.GetEncrypted())
        return fail(Errc::PdfEncrypted, "encrypted PDF");
    std::vector<FoundSignature> sigs;
    if (PdfAcroForm* form = doc.GetAcroForm(false)) {
        PdfObject* fields = form->GetObject()->GetIndirectKey("Fields");
        if (fields && fields->IsArray())
            for (auto& f : fields->GetArray())
                collectSignatures(doc, &f, sigs, 0);
    }
    std::optional<std::vector<PageDigest>> finalPagesLazy;
    for (auto& s : sigs) {
        const std::int64_t end = s.br[2] + s.br[3];
        if (s.br[0] != 0 || end <= 0 || end > static_cast<std::int64_t>(bytes.size()))
            continue;
        if (end == static_cast<std::int64_t>(bytes.size())) {
            s.laterChange = static_cast<int>(LaterChange::None);
            continue;
        }
        if (!finalPagesLazy)
            finalPagesLazy = digestPages(doc);
        const auto& finalPages = *finalPagesLazy;
        PdfMemDocument rev;
        rev.LoadFromBuffer(bytes.data(), static_cast<long>(end));
        const auto before = digestPages(rev);
        LaterChange change = LaterChange::SignaturesOnly;
        if (before.size() != finalPages.size()) {
            change = LaterChange::Content;
        } else {
            for (std::size_t i = 0; i < before.size(); ++i) {
                if (before[i].content != finalPages[i].content) {
                    change = LaterChange::Content;
                    break;
                }
                if (before[i].otherAnnotations != finalPages[i].otherAnnotations)
                    change = LaterChange::Annotations;
            }
        }
        s.laterChange = static_cast<int>(change);
    }
    std::string out;
    putField(out, std::to_string(sigs.size()));
    for (const auto& s : sigs) {
        putField(out, s.name);
        putField(out, s.subFilter);
        putField(out, s.claimed);
        for (auto v : s.br)
            putField(out, std::to_string(v));
        putField(out, std::to_string(s.laterChange));
    }
    return out;
}

// "D:20261129093000+07'00'" (or Z, or no offset = UTC per ISO 32000) to an instant.
std::optional<vntime::Instant> parsePdfDate(std::string s)
{
    if (s.rfind("D:", 0) == 0)
        s = s.substr(2);
    if (s.size() < 14)
        return std::nullopt;
    for (int i = 0; i < 14; ++i)
        if (s[static_cast<std::size_t>(i)] < '0' || s[static_cast<std::size_t>(i)] > '9')
            return std::nullopt;
    std::tm tm{};
    tm.tm_year = std::stoi(s.substr(0, 4)) - 1900;
    tm.tm_mon = std::stoi(s.substr(4, 2)) - 1;
    tm.tm_mday = std::stoi(s.substr(6, 2));
    tm.tm_hour = std::stoi(s.substr(8, 2));
    tm.tm_min = std::stoi(s.substr(10, 2));
    tm.tm_sec = std::stoi(s.substr(12, 2));
    long offset = 0;
    if (s.size() >= 17 && (s[14] == '+' || s[14] == '-')) {
        offset = std::stol(s.substr(15, 2)) * 3600;
        if (s.size() >= 20)
            offset += std::stol(s.substr(18, 2)) * 60;
        if (s[14] == '-')
            offset = -offset;
    }
    return vntime::Instant{std::chrono::seconds{timegm(&tm) - offset}};
}

Result<StorePtr> loadAnchors(const std::vector<std::string>& paths)
{
    StorePtr store(X509_STORE_new());
    for (const auto& p : paths) {
        if (!std::filesystem::exists(p))
            return fail(Errc::FileNotFound, "trust anchor " + p);
        if (X509_STORE_load_file(store.get(), p.c_str()) != 1) {
            const std::string why = opensslErrors();
            return fail(Errc::InvalidInput, "trust anchor " + p + ": " + why);
        }
    }
    return store;
}

std::string asn1String(const ASN1_TYPE* t)
{
    if (!t || t->type != V_ASN1_SEQUENCE)
        return {};
    return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(t->value.sequence)),
                       static_cast<std::size_t>(ASN1_STRING_length(t->value.sequence)));
}

void checkTimestamp(CMS_SignerInfo* si, const std::vector<std::string>& anchors, SignatureReport& rep)
{
    const int loc = CMS_unsigned_get_attr_by_NID(si, NID_id_smime_aa_timeStampToken, -1);
    if (loc < 0)
        return;
    const std::string der = asn1String(X509_ATTRIBUTE_get0_type(CMS_unsigned_get_attr(si, loc), 0));
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    std::unique_ptr<PKCS7, decltype(&PKCS7_free)> token(d2i_PKCS7(nullptr, &p, static_cast<long>(der.size())),
                                                       &PKCS7_free);
    rep.timestamp = CheckResult::Failed;
    if (!token)
        return;
    std::unique_ptr<TS_TST_INFO, decltype(&TS_TST_INFO_free)> info(PKCS7_to_TS_TST_INFO(token.get()),
                                                                  &TS_TST_INFO_free);
    if (!info)
        return;
    rep.timestampTime = asn1TimeToInstant(TS_TST_INFO_get_time(info.get()));
    // The token must cover this signature value.
    const ASN1_OCTET_STRING* value = CMS_SignerInfo_get0_signature(si);
    const Sha256 imprint = sha256(std::string_view(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)),
                                                   static_cast<std::size_t>(ASN1_STRING_length(value))));
    const ASN1_OCTET_STRING* msg = TS_MSG_IMPRINT_get_msg(TS_TST_INFO_get_msg_imprint(info.get()));
    if (ASN1_STRING_length(msg) != 32 || std::memcmp(ASN1_STRING_get0_data(msg), imprint.data(), 32) != 0)
        return;
    if (anchors.empty()) {
        rep.timestamp = CheckResult::NotChecked;
        return;
    }
    auto store = loadAnchors(anchors);
    if (!store)
        return;
    std::unique_ptr<TS_VERIFY_CTX, decltype(&TS_VERIFY_CTX_free)> ctx(TS_VERIFY_CTX_new(), &TS_VERIFY_CTX_free);
    auto* buf = static_cast<unsigned char*>(OPENSSL_malloc(32));
    std::memcpy(buf, imprint.data(), 32);
    TS_VERIFY_CTX_set_imprint(ctx.get(), buf, 32);
    TS_VERIFY_CTX_set_store(ctx.get(), store->release());
    TS_VERIFY_CTX_set_flags(ctx.get(), TS_VFY_SIGNATURE | TS_VFY_IMPRINT | TS_VFY_VERSION);
    rep.timestamp = TS_RESP_verify_token(ctx.get(), token.get()) == 1 ? CheckResult::Passed : CheckResult::Failed;
    ERR_clear_error();
}

X509* findIssuer(X509* cert, STACK_OF(X509)* pool, X509_STORE* anchors)
{
    for (int i = 0; i < sk_X509_num(pool); ++i)
        if (X509_check_issued(sk_X509_value(pool, i), cert) == X509_V_OK)
            return sk_X509_value(pool, i);
    if (anchors) {
        STACK_OF(X509_OBJECT)* objs = X509_STORE_get0_objects(anchors);
        for (int i = 0; i < sk_X509_OBJECT_num(objs); ++i)
            if (X509* c = X509_OBJECT_get0_X509(sk_X509_OBJECT_value(objs, i)); c && X509_check_issued(c, cert) == X509_V_OK)
                return c;
    }
    return nullptr;
}

struct UrlParts {
    std::string host, port, path;
};

std::optional<UrlParts> splitHttpUrl(const std::string& url)
{
    char *host = nullptr, *port = nullptr, *path = nullptr;
    int ssl = 0;
    if (OSSL_HTTP_parse_url(url.c_str(), &ssl, nullptr, &host, &port, nullptr, &path, nullptr, nullptr) != 1) {
        ERR_clear_error();
        return std::nullopt;
    }
    UrlParts u{host, port, path};
    OPENSSL_free(host);
    OPENSSL_free(port);
    OPENSSL_free(path);
    if (ssl)
        return std::nullopt;
    return u;
}

// OCSP (RFC 6960) at `url`: Passed / Failed when the responder answers with a verified response,
// NotChecked (with the reason) otherwise.
CheckResult checkOcsp(X509* cert, X509* issuer, STACK_OF(X509)* pool, X509_STORE* anchors, const std::string& url,
                      int seconds, std::string& detail)
{
    const auto parts = splitHttpUrl(url);
    if (!parts) {
        detail = "OCSP " + url + " not an http URL";
        return CheckResult::NotChecked;
    }
    std::unique_ptr<OCSP_REQUEST, decltype(&OCSP_REQUEST_free)> req(OCSP_REQUEST_new(), &OCSP_REQUEST_free);
    std::unique_ptr<OCSP_CERTID, decltype(&OCSP_CERTID_free)> id(OCSP_cert_to_id(EVP_sha1(), cert, issuer),
                                                                &OCSP_CERTID_free);
    if (!req || !id || !OCSP_request_add0_id(req.get(), OCSP_CERTID_dup(id.get()))
        || OCSP_request_add1_nonce(req.get(), nullptr, -1) != 1) {
        detail = "OCSP request: " + opensslErrors();
        return CheckResult::NotChecked;
    }
    BioPtr body(BIO_new(BIO_s_mem()));
    i2d_OCSP_REQUEST_bio(body.get(), req.get());
    BioPtr resp(OSSL_HTTP_transfer(nullptr, parts->host.c_str(), parts->port.c_str(), parts->path.c_str(), 0, nullptr,
                                   nullptr, nullptr, nullptr, nullptr, nullptr, 0, nullptr, "application/ocsp-request",
                                   body.get(), "application/ocsp-response", 1, 1 << 20, seconds, 0));
    if (!resp) {
        ERR_clear_error();
        detail = "OCSP " + url + " unreachable";
        return CheckResult::NotChecked;
    }
    std::unique_ptr<OCSP_RESPONSE, decltype(&OCSP_RESPONSE_free)> answer(d2i_OCSP_RESPONSE_bio(resp.get(), nullptr),
                                                                        &OCSP_RESPONSE_free);
    if (!answer || OCSP_response_status(answer.get()) != OCSP_RESPONSE_STATUS_SUCCESSFUL) {
        ERR_clear_error();
        detail = "OCSP " + url + " gave no usable answer";
        return CheckResult::NotChecked;
    }
    std::unique_ptr<OCSP_BASICRESP, decltype(&OCSP_BASICRESP_free)> basic(OCSP_response_get1_basic(answer.get()),
                                                                         &OCSP_BASICRESP_free);
    if (!basic || OCSP_check_nonce(req.get(), basic.get()) == 0
        || !anchors || OCSP_basic_verify(basic.get(), pool, anchors, 0) != 1) {
        ERR_clear_error();
        detail = "OCSP " + url + ": the response does not verify";
        return CheckResult::Failed;
    }
    int status = -1, reason = 0;
    ASN1_GENERALIZEDTIME *revokedAt = nullptr, *thisUpdate = nullptr, *nextUpdate = nullptr;
    if (OCSP_resp_find_status(basic.get(), id.get(), &status, &reason, &revokedAt, &thisUpdate, &nextUpdate) != 1
        || OCSP_check_validity(thisUpdate, nextUpdate, 300, -1) != 1) {
        ERR_clear_error();
        detail = "OCSP " + url + ": no current status for the certificate";
        return CheckResult::NotChecked;
    }
    if (status == V_OCSP_CERTSTATUS_GOOD) {
        detail = "OCSP " + url + ": good";
        return CheckResult::Passed;
    }
    if (status == V_OCSP_CERTSTATUS_REVOKED) {
        detail = "revoked (OCSP " + url + ")";
        return CheckResult::Failed;
    }
    detail = "OCSP " + url + ": status unknown";
    return CheckResult::NotChecked;
}

// OCSP first, then the CRL from the distribution point; "not checked" with the reason when neither
// answers.
void checkRevocation(X509* cert, STACK_OF(X509)* pool, X509_STORE* anchors, const VerifyOptions& o,
                     SignatureReport& rep)
{
    rep.revocation = CheckResult::NotChecked;
    std::string crlUrl;
    if (auto* dps = static_cast<STACK_OF(DIST_POINT)*>(X509_get_ext_d2i(cert, NID_crl_distribution_points, nullptr, nullptr))) {
        for (int i = 0; i < sk_DIST_POINT_num(dps) && crlUrl.empty(); ++i) {
            DIST_POINT* dp = sk_DIST_POINT_value(dps, i);
            if (!dp->distpoint || dp->distpoint->type != 0)
                continue;
            GENERAL_NAMES* names = dp->distpoint->name.fullname;
            for (int j = 0; j < sk_GENERAL_NAME_num(names); ++j) {
                GENERAL_NAME* gn = sk_GENERAL_NAME_value(names, j);
                if (gn->type == GEN_URI) {
                    const auto* s = gn->d.uniformResourceIdentifier;
                    crlUrl.assign(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                                  static_cast<std::size_t>(ASN1_STRING_length(s)));
                    break;
                }
            }
        }
        sk_DIST_POINT_pop_free(dps, DIST_POINT_free);
    }
    std::string ocspUrl;
    if (STACK_OF(OPENSSL_STRING)* ocsp = X509_get1_ocsp(cert)) {
        if (sk_OPENSSL_STRING_num(ocsp) > 0)
            ocspUrl = sk_OPENSSL_STRING_value(ocsp, 0);
        X509_email_free(ocsp);
    }
    if (!o.checkRevocation) {
        rep.revocationDetail = "revocation checking is switched off";
        return;
    }
    if (crlUrl.empty() && ocspUrl.empty()) {
        rep.revocationDetail = "the certificate names no CRL or OCSP address";
        return;
    }
    X509* issuer = findIssuer(cert, pool, anchors);
    if (!issuer) {
        rep.revocationDetail = "the issuer certificate is not available";
        return;
    }
    const int seconds = std::max(1, static_cast<int>((o.networkTimeout.count() + 999) / 1000));
    std::string why;
    if (!ocspUrl.empty()) {
        rep.revocation = checkOcsp(cert, issuer, pool, anchors, ocspUrl, seconds, why);
        rep.revocationDetail = why;
        if (rep.revocation != CheckResult::NotChecked || crlUrl.empty())
            return;
    }
    BioPtr resp(OSSL_HTTP_get(crlUrl.c_str(), nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, 0, nullptr,
                              nullptr, 1, 8 << 20, seconds));
    const std::string prefix = why.empty() ? std::string() : why + "; ";
    if (!resp) {
        rep.revocationDetail = prefix + "CRL " + crlUrl + " unreachable";
        ERR_clear_error();
        return;
    }
    std::unique_ptr<X509_CRL, decltype(&X509_CRL_free)> crl(d2i_X509_CRL_bio(resp.get(), nullptr), &X509_CRL_free);
    if (!crl) {
        rep.revocationDetail = prefix + "CRL " + crlUrl + " unreadable";
        ERR_clear_error();
        return;
    }
    if (X509_CRL_verify(crl.get(), X509_get0_pubkey(issuer)) != 1) {
        rep.revocation = CheckResult::Failed;
        rep.revocationDetail = "the CRL is not signed by the certificate's issuer";
        ERR_clear_error();
        return;
    }
    X509_REVOKED* revoked = nullptr;
    if (X509_CRL_get0_by_cert(crl.get(), &revoked, cert) == 1) {
        rep.revocation = CheckResult::Failed;
        rep.revocationDetail = "revoked (CRL " + crlUrl + ")";
    } else {
        rep.revocation = CheckResult::Passed;
        rep.revocationDetail = "not on CRL " + crlUrl;
    }
}

void verifyCms(const std::string& file, const FoundSignature& s, const VerifyOptions& o, SignatureReport& rep)
{
    const auto size = static_cast<std::int64_t>(file.size());
    const std::int64_t* br = s.br;
    rep.byteRangeValid = br[0] == 0 && br[1] > 0 && br[2] > br[1] + 1 && br[3] >= 0 && br[2] + br[3] <= size
                         && file[static_cast<std::size_t>(br[1])] == '<'
                         && file[static_cast<std::size_t>(br[2] - 1)] == '>';
    if (!rep.byteRangeValid)
        return;
    rep.revisionEnd = static_cast<std::size_t>(br[2] + br[3]);
    // The CMS is the hex string in the gap the ByteRange leaves.
    std::string der;
    for (std::int64_t i = br[1] + 1; i + 1 < br[2] - 1; i += 2) {
        auto nib = [](char c) -> int {
            if (c >= '0' && c <= '9')
                return c - '0';
            if (c >= 'a' && c <= 'f')
                return c - 'a' + 10;
            if (c >= 'A' && c <= 'F')
                return c - 'A' + 10;
            return -1;
        };
        const int hi = nib(file[static_cast<std::size_t>(i)]), lo = nib(file[static_cast<std::size_t>(i + 1)]);
        if (hi < 0 || lo < 0) {
            rep.byteRangeValid = false;
            return;
        }
        der += static_cast<char>(hi * 16 + lo);
    }
    std::string signedData = file.substr(0, static_cast<std::size_t>(br[1]));
    signedData.append(file, static_cast<std::size_t>(br[2]), static_cast<std::size_t>(br[3]));
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    CmsPtr cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(der.size())));
    if (!cms) {
        ERR_clear_error();
        return;
    }
    auto* infos = CMS_get0_SignerInfos(cms.get());
    if (!infos || sk_CMS_SignerInfo_num(infos) != 1)
        return;
    CMS_SignerInfo* si = sk_CMS_SignerInfo_value(infos, 0);
    BioPtr content(BIO_new_mem_buf(signedData.data(), static_cast<int>(signedData.size())));
    rep.bytesIntact = CMS_verify(cms.get(), nullptr, nullptr, content.get(), nullptr,
                                 CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY | CMS_DETACHED) == 1;
    ERR_clear_error();
    rep.hasSigningTimeAttribute = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1) >= 0;
    rep.hasSigningCertificateV2 = CMS_signed_get_attr_by_NID(si, NID_id_smime_aa_signingCertificateV2, -1) >= 0;

    STACK_OF(X509)* certs = CMS_get1_certs(cms.get());
    std::unique_ptr<STACK_OF(X509), void (*)(STACK_OF(X509)*)> certsOwn(
        certs, [](STACK_OF(X509)* c) { sk_X509_pop_free(c, X509_free); });
    X509* signer = nullptr;
    for (int i = 0; i < sk_X509_num(certs); ++i)
        if (CMS_SignerInfo_cert_cmp(si, sk_X509_value(certs, i)) == 0)
            signer = sk_X509_value(certs, i);
    if (!signer)
        return;
    rep.signerName = commonName(signer);
    rep.signerSubject = subjectLine(X509_get_subject_name(signer));
    rep.issuerSubject = subjectLine(X509_get_issuer_name(signer));

    checkTimestamp(si, o.trustAnchors, rep);
    // The time the signature is judged at: the timestamp when it verifies, else the claimed /M.
    const vntime::Instant at = rep.timestamp == CheckResult::Passed && rep.timestampTime
                                   ? *rep.timestampTime
                                   : rep.claimedTime.value_or(vntime::now());
    rep.validAtSigningTime = checkValidity(signer, at) ? CheckResult::Passed : CheckResult::Failed;

    StorePtr anchors;
    if (!o.trustAnchors.empty()) {
        if (auto store = loadAnchors(o.trustAnchors)) {
            anchors = std::move(*store);
            std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> ctx(X509_STORE_CTX_new(),
                                                                               &X509_STORE_CTX_free);
            X509_STORE_CTX_init(ctx.get(), anchors.get(), signer, certs);
            X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(ctx.get()),
                                       static_cast<time_t>(at.time_since_epoch().count()));
            if (X509_verify_cert(ctx.get()) == 1) {
                rep.chain = CheckResult::Passed;
            } else {
                rep.chain = CheckResult::Failed;
                rep.chainDetail = X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx.get()));
            }
        } else {
            rep.chain = CheckResult::Failed;
            rep.chainDetail = store.error().detail();
        }
        ERR_clear_error();
    }
    checkRevocation(signer, certs, anchors.get(), o, rep);
}

} // namespace
} // namespace detail

Result<std::vector<SignatureReport>> verifyPdf(const std::string& path, const VerifyOptions& options)
{
    using namespace detail;
    if (!std::filesystem::exists(path))
        return fail(Errc::FileNotFound, path);
    std::string file;
    {
        std::ifstream in(path, std::ios::binary);
        if (!in)
            return fail(Errc::Io, path);
        file.assign(std::istreambuf_iterator<char>(in), {});
    }
    SandboxLimits limits;
    limits.timeout = std::chrono::seconds(60);
    auto answer = runSandboxed([&file] { return guardPodofo([&file] { return inspect(file); }); }, limits);
    if (!answer) {
        log::warning(kLog, "verify " + path + ": " + answer.error().toString());
        return std::unexpected(answer.error());
    }
    std::size_t pos = 0;
    std::string field;
    if (!getField(*answer, pos, field))
        return fail(Errc::Internal, "garbled answer from the PDF worker");
    const std::size_t count = std::stoul(field);
    if (count == 0)
        return fail(Errc::NoSignatures, path);
    std::vector<SignatureReport> reports;
    for (std::size_t i = 0; i < count; ++i) {
        FoundSignature s;
        std::string v[8];
        for (auto& x : v)
            if (!getField(*answer, pos, x))
                return fail(Errc::Internal, "garbled answer from the PDF worker");
        s.name = v[0];
        s.subFilter = v[1];
        s.claimed = v[2];
        for (int j = 0; j < 4; ++j)
            s.br[j] = std::stoll(v[3 + j]);
        s.laterChange = std::stoi(v[7]);
        SignatureReport rep;
        rep.fieldName = s.name;
        rep.subFilter = s.subFilter;
        rep.claimedTime = parsePdfDate(s.claimed);
        rep.laterChange = static_cast<LaterChange>(s.laterChange);
        verifyCms(file, s, options, rep);
        reports.push_back(std::move(rep));
    }
    std::sort(reports.begin(), reports.end(),
              [](const SignatureReport& a, const SignatureReport& b) { return a.revisionEnd < b.revisionEnd; });
    return reports;
}

namespace {

std::string checkText(CheckResult r, std::string_view vi, std::string_view en)
{
    switch (r) {
    case CheckResult::Passed: return std::string(vi) + ": đạt / " + std::string(en) + ": passed";
    case CheckResult::Failed: return std::string(vi) + ": KHÔNG ĐẠT / " + std::string(en) + ": FAILED";
    case CheckResult::NotChecked: return std::string(vi) + ": chưa kiểm tra / " + std::string(en) + ": not checked";
    }
    return {};
}

} // namespace

std::string describe(const SignatureReport& r)
{
    std::ostringstream out;
    out << "Chữ ký / Signature \"" << r.fieldName << "\" (" << r.subFilter << ")\n";
    out << "  Người ký / Signer: " << (r.signerName.empty() ? "?" : r.signerName) << "\n";
    out << "  Thời điểm ký (khai báo) / Signing time (claimed): "
        << (r.claimedTime ? vntime::toIso8601(*r.claimedTime) : std::string("-")) << "\n";
    if (r.timestampTime)
        out << "  Dấu thời gian / Timestamp: " << vntime::toIso8601(*r.timestampTime) << " — "
            << checkText(r.timestamp, "kiểm tra", "check") << "\n";
    else
        out << "  Dấu thời gian / Timestamp: không có / none\n";
    out << "  " << (r.byteRangeValid && r.bytesIntact ? "Nội dung được ký còn nguyên vẹn / Signed bytes intact"
                                                       : "NỘI DUNG ĐÃ BỊ SỬA HOẶC CHỮ KÝ HỎNG / SIGNED BYTES ALTERED OR SIGNATURE BROKEN")
        << "\n";
    switch (r.laterChange) {
    case LaterChange::None:
        out << "  Không có thay đổi sau khi ký / No change after signing\n";
        break;
    case LaterChange::SignaturesOnly:
        out << "  Sau khi ký chỉ thêm chữ ký (được phép) / Only signatures added afterwards (allowed)\n";
        break;
    case LaterChange::Annotations:
        out << "  Sau khi ký có thêm chú thích/dấu (không đổi nội dung) / Annotations added afterwards (content unchanged)\n";
        break;
    case LaterChange::Content:
        out << "  TÀI LIỆU BỊ THAY ĐỔI SAU KHI KÝ (không được phép) / DOCUMENT CHANGED AFTER SIGNING (not allowed)\n";
        break;
    }
    out << "  " << checkText(r.chain, "Chuỗi chứng thư", "Certificate chain")
        << (r.chainDetail.empty() ? "" : " (" + r.chainDetail + ")") << "\n";
    out << "  " << checkText(r.validAtSigningTime, "Chứng thư còn hiệu lực lúc ký", "Certificate valid at signing time")
        << "\n";
    out << "  " << checkText(r.revocation, "Thu hồi (OCSP/CRL)", "Revocation (OCSP/CRL)")
        << (r.revocationDetail.empty() ? "" : " (" + r.revocationDetail + ")") << "\n";
    if (r.hasSigningTimeAttribute)
        out << "  Có thuộc tính signing-time (PAdES cấm) / Has a signing-time attribute (forbidden in PAdES)\n";
    if (!r.valid())
        out << "  => KHÔNG HỢP LỆ / NOT VALID\n";
    else if (r.chain == CheckResult::NotChecked)
        out << "  => TOÀN VẸN, CHƯA XÁC MINH ĐƯỢC NGƯỜI KÝ (thiếu chứng thư gốc) / INTACT, SIGNER NOT VERIFIED (no trust "
               "anchor)\n";
    else
        out << "  => HỢP LỆ / VALID\n";
    return out.str();
}

} // namespace vanthu::signing
