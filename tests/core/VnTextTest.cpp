#include "vanthu/core/VnText.h"

#include <gtest/gtest.h>

using namespace vanthu;

TEST(VnText, NfcComposesCombiningMarks)
{
    // "Quyết" typed as e + U+0302 (circumflex) + U+0301 (acute) must become U+1EBF.
    const std::string decomposed = "Quye\xCC\x82\xCC\x81t \xC4\x91i\xCC\xA3nh";
    EXPECT_EQ(text::nfc(decomposed), "Quyết định");
    EXPECT_EQ(text::nfc("Quyết định"), "Quyết định");
}

TEST(VnText, UpperAndLowerHandleVietnamese)
{
    EXPECT_EQ(text::upper("Ủy ban nhân dân tỉnh Lạng Sơn"), "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN");
    EXPECT_EQ(text::lower("SỞ TÀI CHÍNH"), "sở tài chính");
    EXPECT_EQ(text::upper("đ"), "Đ");
}

TEST(VnText, SearchKeyFoldsDiacriticsCaseAndDStroke)
{
    EXPECT_EQ(text::searchKey("Sở Tài  chính"), "so tai chinh");
    EXPECT_EQ(text::searchKey("ĐỀ ÁN"), "de an");
    EXPECT_EQ(text::searchKey("đường"), "duong");
    // OCR's look-alike Ð (U+00D0) folds like Đ.
    EXPECT_EQ(text::searchKey("QÐ-UBND"), text::searchKey("QĐ-UBND"));
    EXPECT_EQ(text::searchKey("  Hỏa   tốc \n"), "hoa toc");
    // Decomposed and precomposed input give the same key.
    EXPECT_EQ(text::searchKey("Quye\xCC\x82\xCC\x81t"), text::searchKey("Quyết"));
}

TEST(VnText, LooseEqualsIgnoresOnlyMarksAndCase)
{
    EXPECT_TRUE(text::looseEquals("UBND TỈNH CAO BẰNG", "ubnd tinh cao bang"));
    EXPECT_FALSE(text::looseEquals("Sở Tài chính", "Sở Tư pháp"));
}

TEST(VnText, Utf8Validation)
{
    EXPECT_TRUE(text::isValidUtf8("Hà Nội"));
    EXPECT_FALSE(text::isValidUtf8("\xC3"));           // truncated sequence
    EXPECT_FALSE(text::isValidUtf8("\xC0\xAF"));       // overlong '/'
    EXPECT_FALSE(text::isValidUtf8("\xED\xA0\x80"));   // surrogate
    EXPECT_FALSE(text::isValidUtf8("ab\xFF"));
    // Invalid input is replaced, not propagated.
    EXPECT_TRUE(text::isValidUtf8(text::nfc("ab\xFF")));
}

TEST(VnText, SimplifySpaces)
{
    EXPECT_EQ(text::simplifySpaces("  V/v  tổ chức\n hội nghị  "), "V/v tổ chức hội nghị");
}
