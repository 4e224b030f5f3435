#pragma once
// edXML packages of QCVN 102:2016 (DOMAIN.md section 6): the document packages an agency sends
// (new, recall, update, replace) and the status packages (gói tin trạng thái). Building makes the
// XML with the standard's namespace, element order and spellings ("Bussiness", "TyperNotation"),
// validates it against vanthu's schema (uplink/schema/edxml.xsd) and signs it (XMLDSig, enveloped,
// RSA-SHA256, exclusive C14N) with the agency key. Parsing verifies the signature first.
//
// Threading: every function is reentrant; the XML libraries are initialised once, thread-safely.

#include "vanthu/core/DocumentMeta.h"
#include "vanthu/core/Error.h"
#include "vanthu/core/VnTime.h"
#include "vanthu/uplink/Errors.h"

#include <optional>
#include <string>
#include <vector>

namespace vanthu::uplink {

inline constexpr std::string_view kEdxmlNamespace = "http://www.mic.gov.vn/TBT/QCVN_102_2016";

// TraceHeaderList/Bussiness/BussinessDocType.
enum class BusinessDocType { New = 0, Recall = 1, Update = 2, Replace = 3 };

// Meanings of status packages; the codes they travel as are configuration (StatusCodes).
enum class StatusEvent { Arrived, Rejected, Accepted, Assigned, InProgress, Done, TakeBack, Agree, Refuse };

// StatusCode values. The defaults follow DOMAIN.md; "agree" is 15 in the text of the standard we
// follow, 14 in one published sample, so it is configurable ([uplink] status_code_agree).
struct StatusCodes {
    std::string arrived = "01", rejected = "02", accepted = "03", assigned = "04", inProgress = "05",
                done = "06", takeBack = "13", agree = "15", refuse = "16";
    std::string code(StatusEvent e) const;
    std::optional<StatusEvent> event(std::string_view code) const;
};

struct Organization {
    std::string organId;               // mã định danh "000.00.00.H49"
    std::string organizationInCharge;  // cơ quan chủ quản
    std::string organName;
    std::string organAdd;
    std::string email, telephone, fax, website;
};

struct ResponseFor {
    std::string organId;
    std::string code;                  // "220/QĐ-STC"
    vntime::Date promulgationDate{};
    std::string documentId;
};

struct Attachment {
    std::string contentId;             // unique in the package; the manifest names it
    std::string name;                  // file name "220-QD-STC.pdf"
    std::string contentType = "application/pdf";
    std::string description;
    std::string data;                  // raw bytes (base64 encoded in the package)
};

struct DocumentPackage {
    Organization from;
    std::vector<Organization> to;      // at least one
    std::string documentId;            // empty: made by documentIdFor()
    std::string codeNumber;            // số "220" (or "05/2020" for legal normative documents)
    std::string codeNotation;          // ký hiệu "QĐ-STC"
    std::string place;
    vntime::Date promulgationDate{};
    int type = 1;                      // DocumentType/Type: 1 hành chính, 2 quy phạm pháp luật
    int typeDetail = 0;
    std::string typeName;              // "Quyết định"
    std::string subject;               // trích yếu
    std::string content;
    std::string signerCompetence;      // "KT. GIÁM ĐỐC"
    std::string signerPosition;        // "PHÓ GIÁM ĐỐC"
    std::string signerFullName;
    std::optional<vntime::Date> dueDate;
    int priority = 0;                  // 0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc
    std::string sphereOfPromulgation;
    std::string typerNotation;         // TyperNotation: initials of the typist
    int promulgationAmount = 1;
    int pageAmount = 0;
    bool direction = false;
    std::vector<std::string> appendixes;
    std::vector<ResponseFor> responseFor;
    int steeringType = 0;
    std::vector<std::string> toPlaces; // Nơi nhận
    BusinessDocType business = BusinessDocType::New;
    std::string businessReason;        // why recalled / updated / replaced
    bool paper = false;                // a paper original also travels
    std::vector<std::string> replaces; // DocumentIds replaced (business Replace)
    std::vector<std::pair<std::string, vntime::Instant>> traces;   // (OrganId, time) hops; empty: ours, now
    std::vector<Attachment> attachments;
    Secrecy secrecy = Secrecy::None;   // never goes into the XML; building refuses anything but None
};

struct StatusPackage {
    Organization from;
    ResponseFor responseFor;           // the document the status is about
    std::string department, staff, staffEmail, staffMobile;
    std::string statusCode;            // "01".."16"
    std::string description;
    vntime::Instant timestamp{};
};

// "<OrganId>,<yyyy/MM/dd>,<số>/<ký hiệu>" e.g. "000.00.00.H49,2026/11/22,220/QĐ-STC". NFC.
std::string documentIdFor(std::string_view organId, vntime::Date date, std::string_view codeNumber,
                          std::string_view codeNotation);
// "2026/11/22" and "2026/11/22 09:30:00" (Vietnam time).
std::string edxmlDate(vntime::Date d);
std::string edxmlTimestamp(vntime::Instant t);

// The agency's signing key: PEM private key (PKCS#8 or traditional, unencrypted or with password)
// and its X.509 certificate (PEM), which goes into the signature's KeyInfo.
struct SigningKey {
    std::string keyPath;
    std::string certPath;
    std::string password;
};

// Builds, validates and signs a document package. InvalidPackage on missing fields or a schema
// violation (detail names the element), Secret for a secret document, KeyError when the key cannot
// be loaded.
Result<std::string> buildDocumentPackage(const DocumentPackage& p, const SigningKey& key);
Result<std::string> buildStatusPackage(const StatusPackage& p, const SigningKey& key);

// Validates XML text against the embedded edXML schema. InvalidPackage with libxml2's message.
Status validateSchema(std::string_view xml);

// Verifies the enveloped signature with certificates trusted from `trustedCertPaths` (PEM: the
// agency CA, or the signing certificate itself). SignatureInvalid when missing, modified or untrusted.
Status verifySignature(std::string_view xml, const std::vector<std::string>& trustedCertPaths);

struct ParsedPackage {
    bool isStatus = false;
    DocumentPackage document;          // when !isStatus
    StatusPackage status;              // when isStatus
    std::string signerSubject;         // the verified signer certificate's subject (RFC 2253); empty unverified
};

// Parses a package: schema, then signature (when trustedCertPaths is not empty), then fields.
// InvalidPackage, SignatureInvalid.
Result<ParsedPackage> parsePackage(std::string_view xml, const std::vector<std::string>& trustedCertPaths);

// Whether a certificate subject names the agency code `organId` as a whole token (in any
// attribute: CN, OU, serialNumber, UID...). The rule for trusting a status message's sender.
bool subjectNamesOrgan(std::string_view subject, std::string_view organId);
// The schema text (for `vanthu uplink export --schema` and tests).
std::string_view edxmlSchema();

} // namespace vanthu::uplink
