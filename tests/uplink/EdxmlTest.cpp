// edXML packages: structure of the standard, our schema (checked by xmllint), the XML signature
// (checked by xmlsec1), and reading packages back.

#include "TestSupport.h"
#include "UplinkFixtures.h"

#include "vanthu/uplink/Edxml.h"

#include <gtest/gtest.h>

using namespace vanthu;
using namespace vanthu::test;
using namespace vanthu::uplink;

namespace {

const std::string kSchemaPath = std::string(VANTHU_SOURCE_DIR) + "/uplink/schema/edxml.xsd";

DocumentPackage samplePackage(const TestAgency& a)
{
    DocumentPackage p;
    p.from = a.sender.organization;
    p.to = {a.peer};
    p.codeNumber = "220";
    p.codeNotation = "QĐ-STN";
    p.place = "Mẫu";
    p.promulgationDate = vntime::Date{std::chrono::year{2026}, std::chrono::month{11}, std::chrono::day{5}};
    p.typeName = "Quyết định";
    p.subject = "Về việc ban hành quy chế văn thư & lưu trữ <điện tử>";
    p.signerCompetence = "KT. GIÁM ĐỐC";
    p.signerPosition = "PHÓ GIÁM ĐỐC";
    p.signerFullName = "Trần Thị Bình";
    p.dueDate = vntime::Date{std::chrono::year{2026}, std::chrono::month{12}, std::chrono::day{1}};
    p.priority = 1;
    p.typerNotation = "TTB";
    p.pageAmount = 2;
    p.appendixes = {"Phụ lục I"};
    p.toPlaces = {"UBND tỉnh Lạng Sơn", "Lưu: VT"};
    p.attachments = {{"att-1", "220-QD-STN.pdf", "application/pdf", "Văn bản chính", tinyPdf("220")},
                     {"att-2", "phu-luc.pdf", "application/pdf", "Phụ lục", tinyPdf("phu luc", 5000)}};
    return p;
}

ProcessResult xmllint(const std::string& file)
{
    return run({VANTHU_XMLLINT, "--noout", "--schema", kSchemaPath, file});
}

ProcessResult xmlsecVerify(const std::string& file, const std::string& trustedCa)
{
    return run({VANTHU_XMLSEC1, "--verify", "--trusted-pem", trustedCa, file});
}

std::string replaceOnce(std::string s, const std::string& from, const std::string& to)
{
    const auto pos = s.find(from);
    EXPECT_NE(pos, std::string::npos) << from;
    if (pos != std::string::npos)
        s.replace(pos, from.size(), to);
    return s;
}

} // namespace

TEST(UplinkEdxml, DocumentIdFollowsTheStandard)
{
    EXPECT_EQ(documentIdFor("000.00.00.H49", vntime::Date{std::chrono::year{2026}, std::chrono::month{3}, std::chrono::day{7}},
                            "220", "QĐ-STC"),
              "000.00.00.H49,2026/03/07,220/QĐ-STC");
    EXPECT_EQ(edxmlTimestamp(*vntime::parseIso8601("2026-11-22T02:30:05Z")), "2026/11/22 09:30:05");
}

TEST(UplinkEdxml, DocumentPackageValidatesSignsAndReadsBack)
{
    TempDir dir;
    const TestAgency a = makeAgency(dir.path());
    const DocumentPackage p = samplePackage(a);
    auto xml = buildDocumentPackage(p, a.sender.key);
    ASSERT_TRUE(xml) << xml.error().toString();

    // The standard's namespace, spellings and order.
    EXPECT_NE(xml->find("xmlns:edXML=\"http://www.mic.gov.vn/TBT/QCVN_102_2016\""), std::string::npos);
    EXPECT_NE(xml->find("<edXML:Bussiness><edXML:BussinessDocType>0</edXML:BussinessDocType>"), std::string::npos);
    EXPECT_NE(xml->find("<edXML:TyperNotation>TTB</edXML:TyperNotation>"), std::string::npos);
    EXPECT_NE(xml->find("<edXML:DocumentId>000.00.00.T99,2026/11/05,220/QĐ-STN</edXML:DocumentId>"), std::string::npos);
    const std::vector<std::string> order = {"<edXML:From>", "<edXML:To>", "<edXML:DocumentId>", "<edXML:Code>",
                                            "<edXML:PromulgationInfo>", "<edXML:DocumentType>", "<edXML:Subject>",
                                            "<edXML:Content", "<edXML:SignerInfo>", "<edXML:DueDate>",
                                            "<edXML:OtherInfo>", "<edXML:SteeringType>", "<edXML:ToPlaces>",
                                            "<edXML:TraceHeaderList>", "<Signature", "<edXML:edXMLBody>",
                                            "<edXML:edXMLManifest>", "<edXML:AttachmentEncoded>"};
    size_t last = 0;
    for (const auto& tag : order) {
        const size_t pos = xml->find(tag);
        ASSERT_NE(pos, std::string::npos) << tag;
        EXPECT_GT(pos, last) << tag << " out of order";
        last = pos;
    }
    EXPECT_NE(xml->find("SignatureMethod Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256\""), std::string::npos);
    EXPECT_NE(xml->find("Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\""), std::string::npos);
    EXPECT_NE(xml->find("DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\""), std::string::npos);

    // Independent tools: xmllint against the schema in the repository, xmlsec1 for the signature.
    writeFile(dir.file("p.xml"), *xml);
    auto lint = xmllint(dir.file("p.xml"));
    EXPECT_EQ(lint.exitCode, 0) << lint.err;
    auto verify = xmlsecVerify(dir.file("p.xml"), a.ca.certPath);
    EXPECT_EQ(verify.exitCode, 0) << verify.err;
    EXPECT_NE(verify.err.find("OK"), std::string::npos) << verify.err;

    // Our own parser verifies and reads every field back.
    auto parsed = parsePackage(*xml, {a.ca.certPath});
    ASSERT_TRUE(parsed) << parsed.error().toString();
    ASSERT_FALSE(parsed->isStatus);
    const DocumentPackage& q = parsed->document;
    EXPECT_EQ(q.documentId, "000.00.00.T99,2026/11/05,220/QĐ-STN");
    EXPECT_EQ(q.subject, p.subject);
    EXPECT_EQ(q.from.organName, p.from.organName);
    ASSERT_EQ(q.to.size(), 1u);
    EXPECT_EQ(q.to[0].organId, "000.00.00.H49");
    EXPECT_EQ(q.codeNumber, "220");
    EXPECT_EQ(q.codeNotation, "QĐ-STN");
    EXPECT_EQ(q.promulgationDate, p.promulgationDate);
    EXPECT_EQ(q.dueDate, p.dueDate);
    EXPECT_EQ(q.signerFullName, "Trần Thị Bình");
    EXPECT_EQ(q.priority, 1);
    EXPECT_EQ(q.appendixes, p.appendixes);
    EXPECT_EQ(q.toPlaces, p.toPlaces);
    EXPECT_EQ(q.business, BusinessDocType::New);
    ASSERT_EQ(q.attachments.size(), 2u);
    EXPECT_EQ(q.attachments[0].data, p.attachments[0].data);
    EXPECT_EQ(q.attachments[1].data, p.attachments[1].data);
    EXPECT_EQ(q.attachments[1].name, "phu-luc.pdf");
    ASSERT_EQ(q.traces.size(), 1u);
    EXPECT_EQ(q.traces[0].first, "000.00.00.T99");
}

TEST(UplinkEdxml, ModifiedPackageFailsVerification)
{
    TempDir dir;
    const TestAgency a = makeAgency(dir.path());
    auto xml = buildDocumentPackage(samplePackage(a), a.sender.key);
    ASSERT_TRUE(xml) << xml.error().toString();

    writeFile(dir.file("p.xml"), *xml);
    // A changed subject: still schema-valid, the signature no longer matches.
    const std::string changed = replaceOnce(*xml, "Về việc ban hành", "Về việc bãi bỏ");
    writeFile(dir.file("changed.xml"), changed);
    EXPECT_EQ(xmllint(dir.file("changed.xml")).exitCode, 0);
    EXPECT_NE(xmlsecVerify(dir.file("changed.xml"), a.ca.certPath).exitCode, 0);
    auto v = verifySignature(changed, {a.ca.certPath});
    ASSERT_FALSE(v);
    EXPECT_TRUE(v.error().is(Errc::SignatureInvalid)) << v.error().toString();
    auto parsed = parsePackage(changed, {a.ca.certPath});
    ASSERT_FALSE(parsed);
    EXPECT_TRUE(parsed.error().is(Errc::SignatureInvalid));

    // A changed attachment byte.
    const auto valuePos = xml->find("<edXML:Value>") + 20;
    std::string attachment = *xml;
    attachment[valuePos] = attachment[valuePos] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(verifySignature(attachment, {a.ca.certPath}));
    writeFile(dir.file("att.xml"), attachment);
    EXPECT_NE(xmlsecVerify(dir.file("att.xml"), a.ca.certPath).exitCode, 0);

    // Signed by a key the verifier does not trust.
    const PemPair otherCa = makeCa(dir.path(), "other");
    auto untrusted = verifySignature(*xml, {otherCa.certPath});
    ASSERT_FALSE(untrusted);
    EXPECT_TRUE(untrusted.error().is(Errc::SignatureInvalid));
    EXPECT_NE(xmlsecVerify(dir.file("p.xml"), otherCa.certPath).exitCode, 0);

    // The signature removed.
    const auto s = xml->find("<Signature");
    const auto e = xml->find("</Signature>") + std::string("</Signature>").size();
    std::string unsigned_ = *xml;
    unsigned_.erase(s, e - s);
    auto noSig = verifySignature(unsigned_, {a.ca.certPath});
    ASSERT_FALSE(noSig);
    EXPECT_TRUE(noSig.error().is(Errc::SignatureInvalid));
    writeFile(dir.file("unsigned.xml"), unsigned_);
    EXPECT_NE(xmllint(dir.file("unsigned.xml")).exitCode, 0) << "the schema requires a signature";
}

TEST(UplinkEdxml, RecallUpdateReplaceCarryTheirBusinessType)
{
    TempDir dir;
    const TestAgency a = makeAgency(dir.path());
    for (BusinessDocType b : {BusinessDocType::Recall, BusinessDocType::Update, BusinessDocType::Replace}) {
        DocumentPackage p = samplePackage(a);
        p.business = b;
        p.businessReason = "Sai sót về thể thức";
        if (b == BusinessDocType::Replace)
            p.replaces = {"000.00.00.T99,2026/11/01,210/QĐ-STN"};
        p.attachments.resize(1);
        auto xml = buildDocumentPackage(p, a.sender.key);
        ASSERT_TRUE(xml) << xml.error().toString();
        const std::string file = dir.file("b" + std::to_string(int(b)) + ".xml");
        writeFile(file, *xml);
        EXPECT_EQ(xmllint(file).exitCode, 0);
        EXPECT_EQ(xmlsecVerify(file, a.ca.certPath).exitCode, 0);
        auto parsed = parsePackage(*xml, {a.ca.certPath});
        ASSERT_TRUE(parsed) << parsed.error().toString();
        EXPECT_EQ(parsed->document.business, b);
        EXPECT_EQ(parsed->document.businessReason, "Sai sót về thể thức");
        EXPECT_EQ(parsed->document.replaces, p.replaces);
    }
}

TEST(UplinkEdxml, StatusPackagesForEveryCode)
{
    TempDir dir;
    const TestAgency a = makeAgency(dir.path());
    StatusCodes codes;
    codes.agree = "14";   // configurable: one published sample uses 14
    for (StatusEvent ev : {StatusEvent::Arrived, StatusEvent::Rejected, StatusEvent::Accepted, StatusEvent::Assigned,
                           StatusEvent::InProgress, StatusEvent::Done, StatusEvent::TakeBack, StatusEvent::Agree,
                           StatusEvent::Refuse}) {
        StatusPackage s;
        s.from = a.peer;
        s.responseFor = {"000.00.00.T99", "220/QĐ-STN",
                         vntime::Date{std::chrono::year{2026}, std::chrono::month{11}, std::chrono::day{5}},
                         "000.00.00.T99,2026/11/05,220/QĐ-STN"};
        s.department = "Văn phòng";
        s.staff = "Nguyễn Văn An";
        s.statusCode = codes.code(ev);
        s.description = "Đã xử lý";
        s.timestamp = at("2026-11-22T09:30:00+07:00");
        auto xml = buildStatusPackage(s, a.sender.key);
        ASSERT_TRUE(xml) << xml.error().toString();
        const std::string file = dir.file("s" + s.statusCode + ".xml");
        writeFile(file, *xml);
        EXPECT_EQ(xmllint(file).exitCode, 0) << s.statusCode;
        EXPECT_EQ(xmlsecVerify(file, a.ca.certPath).exitCode, 0) << s.statusCode;
        auto parsed = parsePackage(*xml, {a.ca.certPath});
        ASSERT_TRUE(parsed) << parsed.error().toString();
        ASSERT_TRUE(parsed->isStatus);
        EXPECT_EQ(parsed->status.statusCode, s.statusCode);
        EXPECT_EQ(codes.event(parsed->status.statusCode), ev);
        EXPECT_EQ(parsed->status.responseFor.documentId, "000.00.00.T99,2026/11/05,220/QĐ-STN");
        EXPECT_EQ(parsed->status.timestamp, s.timestamp);
        EXPECT_EQ(parsed->status.staff, "Nguyễn Văn An");
    }
    EXPECT_EQ(StatusCodes{}.code(StatusEvent::Agree), "15");
    EXPECT_EQ(StatusCodes{}.code(StatusEvent::TakeBack), "13");
}

TEST(UplinkEdxml, BadInputIsAnErrorNotAPackage)
{
    TempDir dir;
    const TestAgency a = makeAgency(dir.path());
    DocumentPackage p = samplePackage(a);
    p.secrecy = Secrecy::Mat;
    auto secret = buildDocumentPackage(p, a.sender.key);
    ASSERT_FALSE(secret);
    EXPECT_TRUE(secret.error().is(Errc::Secret));

    p = samplePackage(a);
    p.from.organId = "H49";
    auto bad = buildDocumentPackage(p, a.sender.key);
    ASSERT_FALSE(bad);
    EXPECT_TRUE(bad.error().is(Errc::InvalidPackage));

    p = samplePackage(a);
    p.attachments[1].contentId = "att-1";
    EXPECT_FALSE(buildDocumentPackage(p, a.sender.key));

    p = samplePackage(a);
    auto noKey = buildDocumentPackage(p, SigningKey{dir.file("missing.key"), "", ""});
    ASSERT_FALSE(noKey);
    EXPECT_TRUE(noKey.error().is(Errc::KeyError));

    auto notXml = parsePackage("<edXML:edXMLEnvelope", {});
    ASSERT_FALSE(notXml);
    EXPECT_TRUE(notXml.error().is(Errc::InvalidPackage));
    auto wrongNs = validateSchema("<edXMLEnvelope xmlns=\"urn:other\"/>");
    ASSERT_FALSE(wrongNs);
    EXPECT_TRUE(wrongNs.error().is(Errc::InvalidPackage));
}
