// The scoring of `vanthu eval`: normalisation, subject CER, the table, on the real truth file.
#include "vanthu/ocr/Evaluation.h"

#include <gtest/gtest.h>

using namespace vanthu;
using namespace vanthu::ocr::eval;
using namespace std::chrono;

namespace {
const std::string kDev = std::string(VANTHU_SHARED_DIR) + "/corpus/dev";
}

TEST(OcrEvaluation, NormalisesAndMeasuresEdits)
{
    EXPECT_EQ(normalize("  Lạng   Sơn \n"), "Lạng Sơn");
    EXPECT_EQ(normalize("Ho\xCC\xA3"), "Họ");  // NFD input becomes NFC
    EXPECT_EQ(subjectCore("V/v tổ chức   hội nghị"), "tổ chức hội nghị");
    EXPECT_EQ(subjectCore("Về việc giao dự toán"), "giao dự toán");
    EXPECT_EQ(subjectCore("Ban hành quy chế"), "Ban hành quy chế");
    EXPECT_EQ(editDistance("Tổ công tác", "Tố công tác"), 1u);  // one code point, not bytes
    EXPECT_EQ(editDistance("", "abc"), 3u);
    EXPECT_EQ(editDistance("giải quyết", "giải quyế"), 1u);
}

TEST(OcrEvaluation, ReadsTheDevTruthAndScoresAPerfectAndAnEmptyReading)
{
    auto truth = readTruth(kDev);
    ASSERT_TRUE(truth) << truth.error().toString();
    ASSERT_EQ(truth->size(), 40u);
    const Truth& t = truth->front();
    EXPECT_EQ(t.id, "DEV-001");
    EXPECT_EQ(t.fields.at("number_symbol"), "88/TTT-NV2");
    EXPECT_EQ(t.fields.at("date"), "2014-12-19");
    EXPECT_EQ(t.fields.at("type"), "Công văn");
    EXPECT_EQ(t.fields.at("recipients"), "Như trên; UBND tỉnh (b/c); Lưu: VT, TH");
    EXPECT_EQ(t.dpi, 200);

    DocumentMeta perfect;
    perfect.numberSymbol = *parseNumberSymbol("88/TTT-NV2");
    perfect.issuedDate = 2014y / 12 / 19;
    perfect.place = "Nam Định";
    perfect.issuerParent = "UBND TỈNH NAM ĐỊNH";
    perfect.issuer = "THANH TRA TỈNH";
    perfect.type = doctype::congVan();
    perfect.subject = t.subject;
    perfect.signer = {"TUQ.", "CHÁNH VĂN PHÒNG", "Trần Anh Tuấn"};
    perfect.recipients = {"Như trên", "UBND tỉnh (b/c)", "Lưu: VT, TH"};
    perfect.pageCount = 2;
    Scoreboard board;
    board.add(t, perfect, 1.0, 0.2);
    for (const auto& f : fieldNames())
        EXPECT_EQ(board.accuracy(f), 100.0) << f;
    EXPECT_EQ(board.subjectCer(), 0.0);
    board.addFailure((*truth)[1], "unreadable");
    EXPECT_EQ(board.accuracy("number_symbol"), 50.0);
    EXPECT_EQ(board.accuracy("urgency"), 100.0) << "no urgency on either, and none reported";
    EXPECT_NEAR(board.subjectCer(), 100.0 * 73 / (50 + 73), 0.01);
    const std::string table = board.table();
    EXPECT_NE(table.find("| number_symbol | 1 | 2 | 50.0 |"), std::string::npos) << table;
    EXPECT_NE(board.json().find("\"accuracy_percent\""), std::string::npos);
}

TEST(OcrEvaluation, MissingTruthIsAnError)
{
    auto t = readTruth("/nonexistent");
    ASSERT_FALSE(t);
    EXPECT_TRUE(t.error().is(ocr::Errc::InvalidInput));
}
