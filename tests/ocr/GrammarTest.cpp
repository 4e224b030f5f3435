#include "vanthu/ocr/Grammar.h"

#include <gtest/gtest.h>

using namespace vanthu;
using namespace vanthu::ocr::grammar;
using namespace std::chrono;

TEST(Grammar, NumberSymbolForms)
{
    struct Case {
        const char* line;
        const char* formatted;
        bool blank;
    } cases[] = {
        {"Số: 05/2020/NĐ-CP", "05/2020/NĐ-CP", false},
        {"Số: 1779/UBND-KGVX", "1779/UBND-KGVX", false},
        {"Số:8803/TB-TTCNTT", "8803/TB-TTCNTT", false},
        {"Số: 3934 /GM-UBND", "3934/GM-UBND", false},
        {"Số: 08 /SXD-QLXD", "08/SXD-QLXD", false},
        {"Số:     /QĐ-STC", "/QĐ-STC", true},
        {"Số: 723/QĐÐ-STTTT", "723/QĐ-STTTT", false},      // Tesseract's QĐÐ
        {"Số: 723/QÐ-STTTT", "723/QĐ-STTTT", false},       // look-alike Ð
        {"S6: 84/TTr-SNV", "84/TTr-SNV", false},           // ô read as 6
        {"Số: 2O1/QĐ-UBND", "201/QĐ-UBND", false},         // O read for 0
        {"Số: 962/2021/QĐ-UBND", "962/2021/QĐ-UBND", false},
        {"Số: 415/ĐPTTH - TS", "415/ĐPTTH-TS", false},
    };
    for (const auto& c : cases) {
        auto m = findNumberSymbol(c.line);
        ASSERT_TRUE(m) << c.line;
        EXPECT_EQ(m->value.format(), c.formatted) << c.line;
        EXPECT_EQ(m->blank, c.blank) << c.line;
    }
}

TEST(Grammar, NumberNextToADateOnOneLine)
{
    // Columns read together: the number line and the place-date line share a text line.
    auto m = findNumberSymbol("Số: 88/TTT-NV2 Nam Định, ngày 19 tháng 12 năm 2014");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->value.format(), "88/TTT-NV2");
    auto d = findPlaceDate("Số: 88/TTT-NV2 Nam Định, ngày 19 tháng 12 năm 2014");
    ASSERT_TRUE(d);
    EXPECT_EQ(d->date, 2014y / 12 / 19);
}

TEST(Grammar, LinesWithoutANumberAreNotNumbers)
{
    for (const char* s : {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                          "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020", "UBND TỈNH LẠNG SƠN", ""})
        EXPECT_FALSE(findNumberSymbol(s)) << s;
}

TEST(Grammar, PlaceAndDate)
{
    auto a = findPlaceDate("Lạng Sơn, ngày 19 tháng 10 năm 2020");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->place, "Lạng Sơn");
    EXPECT_EQ(a->date, 2020y / 10 / 19);
    auto b = findPlaceDate("Thành phố Hồ Chí Minh, ngày 05 tháng 02 năm 2021");
    ASSERT_TRUE(b);
    EXPECT_EQ(b->place, "Thành phố Hồ Chí Minh");
    EXPECT_EQ(b->date, 2021y / 2 / 5);
    auto c = findPlaceDate("Cà Mau, ngày 5 tháng 2 năm 2021"); // no leading zeros (not NĐ 30, still read)
    ASSERT_TRUE(c);
    EXPECT_EQ(c->date, 2021y / 2 / 5);
    auto blank = findPlaceDate("Lạng Sơn, ngày      tháng 10 năm 2020");
    ASSERT_TRUE(blank);
    EXPECT_TRUE(blank->dayBlank);
    EXPECT_FALSE(blank->date);
    EXPECT_EQ(blank->month, 10);
    auto invalid = findPlaceDate("Huế, ngày 31 tháng 02 năm 2021");
    ASSERT_TRUE(invalid);
    EXPECT_FALSE(invalid->date) << "31 February is not guessed into a date";
    EXPECT_FALSE(findPlaceDate("Độc lập - Tự do - Hạnh phúc"));
}

TEST(Grammar, TypeNamesAndMarks)
{
    EXPECT_EQ(matchTypeName("QUYẾT ĐỊNH")->abbreviation, "QĐ");
    EXPECT_EQ(matchTypeName("QUYÉT ĐỊNH")->abbreviation, "QĐ");  // a diacritic slip
    EXPECT_EQ(matchTypeName("TỜ TRÌNH")->abbreviation, "TTr");
    EXPECT_EQ(matchTypeName("KẾ HOẠCH")->abbreviation, "KH");
    EXPECT_EQ(matchTypeName("THONG BAO")->abbreviation, "TB");
    EXPECT_FALSE(matchTypeName("Về việc thành lập Tổ công tác"));
    EXPECT_EQ(matchUrgencyMark("THƯỢNG KHẨN"), Urgency::ThuongKhan);
    EXPECT_EQ(matchUrgencyMark("HỎA TỐC"), Urgency::HoaToc);
    EXPECT_EQ(matchUrgencyMark("KHẨN"), Urgency::Khan);
    EXPECT_FALSE(matchUrgencyMark("Kính gửi"));
    EXPECT_EQ(matchSecrecyMark("TỐI MẬT"), Secrecy::ToiMat);
    EXPECT_EQ(matchSecrecyMark("MẬT"), Secrecy::Mat);
    EXPECT_EQ(matchSecrecyMark("Độ mật: Tuyệt mật"), Secrecy::TuyetMat);
    EXPECT_FALSE(matchSecrecyMark("bí mật nhà nước"));
}
