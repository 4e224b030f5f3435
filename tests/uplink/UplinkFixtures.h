#pragma once
// Shared pieces of the uplink tests: an agency with a signing certificate issued by a test CA, a
// recipient agency, outgoing requests, and small generated "PDF" attachments.

#include "TestPki.h"

#include "vanthu/core/VnTime.h"
#include "vanthu/register/Register.h"
#include "vanthu/uplink/Uploader.h"

#include <string>
#include <vector>

namespace vanthu::test {

struct TestAgency {
    PemPair ca;                 // the agencies' CA (trusted for XML signatures)
    PemPair signer;             // our agency's signing certificate
    uplink::Sender sender;
    uplink::Organization peer;  // the recipient
};

inline TestAgency makeAgency(const std::string& dir)
{
    TestAgency a;
    a.ca = makeCa(dir, "agencies");
    a.signer = issue(dir, "agency-signer", a.ca, "SỞ THỬ NGHIỆM TỈNH MẪU", false);
    a.sender.organization = {"000.00.00.T99", "UBND TỈNH MẪU", "SỞ THỬ NGHIỆM TỈNH MẪU", "1 Đường Mẫu, Mẫu",
                             "vanthu@stn.mau.gov.vn", "0200 3800 000", "", "https://stn.mau.gov.vn"};
    a.sender.key = {a.signer.keyPath, a.signer.certPath, ""};
    a.sender.actor = "lan";
    a.peer = {"000.00.00.H49", "", "UBND TỈNH LẠNG SƠN", "Lạng Sơn", "", "", "", ""};
    return a;
}

inline vntime::Instant at(const char* iso) { return *vntime::parseIso8601(iso); }

inline reg::OutgoingRequest outgoingRequest(const std::string& key, const std::string& subject = "Về việc thử nghiệm liên thông")
{
    reg::OutgoingRequest o;
    o.meta.type = *doctype::byAbbreviation("QĐ");
    o.meta.numberSymbol.symbol = "QĐ-STN";
    o.meta.issuer = "SỞ THỬ NGHIỆM TỈNH MẪU";
    o.meta.place = "Mẫu";
    o.meta.subject = subject;
    o.meta.signer = {"KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Thị Bình"};
    o.meta.pageCount = 1;
    o.issuedAt = at("2026-11-20T10:00:00+07:00");
    o.recipients = {"UBND tỉnh Lạng Sơn", "Lưu: VT"};
    o.intakeKey = key;
    o.actor = "lan";
    return o;
}

// A small well-formed one-page PDF whose text carries `label` (bytes vary per label).
std::string tinyPdf(const std::string& label, size_t padTo = 0);

inline std::vector<uplink::Attachment> pdfAttachment(const std::string& label, size_t size = 0)
{
    return {uplink::Attachment{"att-1", label + ".pdf", "application/pdf", "Văn bản chính", tinyPdf(label, size)}};
}

} // namespace vanthu::test
