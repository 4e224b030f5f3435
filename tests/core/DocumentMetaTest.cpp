#include "vanthu/core/AgencyCode.h"
#include "vanthu/core/DocumentMeta.h"
#include "vanthu/core/DocumentType.h"

#include <gtest/gtest.h>

using namespace vanthu;

TEST(NumberSymbol, ParsesTheNd30Forms)
{
    auto a = parseNumberSymbol("Số: 220/QĐ-STC");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->number, 220);
    EXPECT_FALSE(a->year);
    EXPECT_EQ(a->symbol, "QĐ-STC");
    EXPECT_EQ(a->typeAbbreviation(), "QĐ");
    EXPECT_EQ(a->issuerPart(), "STC");

    auto legal = parseNumberSymbol("Số: 05/2020/NĐ-CP");
    ASSERT_TRUE(legal);
    EXPECT_EQ(legal->number, 5);
    EXPECT_EQ(legal->year, 2020);
    EXPECT_EQ(legal->symbol, "NĐ-CP");
    EXPECT_EQ(legal->format(), "05/2020/NĐ-CP");

    auto letter = parseNumberSymbol("1779/UBND-KGVX");
    ASSERT_TRUE(letter);
    EXPECT_EQ(letter->number, 1779);
    EXPECT_EQ(letter->typeAbbreviation(), ""); // công văn: no type abbreviation
    EXPECT_EQ(letter->issuerPart(), "UBND-KGVX");
}

TEST(NumberSymbol, BlankNumberIsReportedBlank)
{
    auto blank = parseNumberSymbol("Số:      /QĐ-STC");
    ASSERT_TRUE(blank);
    EXPECT_FALSE(blank->number);
    EXPECT_EQ(blank->symbol, "QĐ-STC");
    EXPECT_EQ(blank->format(), "/QĐ-STC");
}

TEST(NumberSymbol, ToleratesPrintingVariantsAndOcrLookalikes)
{
    for (const char* s : {"Số: 220 /QĐ-STC", "Số:220/QĐ-STC", "Số: 220/ QĐ-STC", "Số: 220/QÐ-STC"}) {
        auto r = parseNumberSymbol(s);
        ASSERT_TRUE(r) << s;
        EXPECT_EQ(r->format(), "220/QĐ-STC") << s;
    }
    EXPECT_EQ(parseNumberSymbol("05/KH-SKHĐT")->format(), "05/KH-SKHĐT");
    EXPECT_EQ(parseNumberSymbol("Số: 5/TB-UBND")->format(), "05/TB-UBND");
}

TEST(NumberSymbol, RejectsGarbage)
{
    for (const char* s : {"", "Số: 220", "220/", "Số: abc", "220/QĐ-STC, ngày 05"}) {
        auto r = parseNumberSymbol(s);
        EXPECT_FALSE(r) << s;
    }
}

TEST(DocumentType, LooksUpByAbbreviationAndName)
{
    EXPECT_EQ(doctype::all().size(), 32u);
    EXPECT_EQ(doctype::byAbbreviation("QĐ")->name, "Quyết định");
    EXPECT_EQ(doctype::byAbbreviation("QyĐ")->name, "Quy định");
    EXPECT_EQ(doctype::byAbbreviation("QÐ")->name, "Quyết định"); // U+00D0 look-alike
    EXPECT_FALSE(doctype::byAbbreviation("XX"));
    EXPECT_FALSE(doctype::byAbbreviation(""));
    EXPECT_EQ(doctype::byName("QUYẾT ĐỊNH")->abbreviation, "QĐ");
    EXPECT_EQ(doctype::byName("to trinh")->abbreviation, "TTr");
    EXPECT_EQ(doctype::byName("Quyết định (cá biệt)")->abbreviation, "QĐ");
    EXPECT_TRUE(doctype::byName("Bản sao y")->isCopy);
    EXPECT_EQ(doctype::congVan().abbreviation, "");
}

TEST(AgencyCode, ValidatesQcvn102Pattern)
{
    EXPECT_TRUE(AgencyCode::parse("000.00.00.H49"));
    for (const char* bad : {"", "000.00.00.h49", "000.00.00.H4", "000.00.00.H490", "00.000.00.H49", "000-00-00-H49"}) {
        auto r = AgencyCode::parse(bad);
        ASSERT_FALSE(r) << bad;
        EXPECT_TRUE(r.error().is(core::Errc::InvalidAgencyCode));
    }
}

TEST(Marks, ParseUrgencyAndSecrecyInAnyForm)
{
    EXPECT_EQ(parseUrgency("HỎA TỐC"), Urgency::HoaToc);
    EXPECT_EQ(parseUrgency("Hoả tốc"), Urgency::HoaToc);
    EXPECT_EQ(parseUrgency("thuong khan"), Urgency::ThuongKhan);
    EXPECT_EQ(parseUrgency(""), Urgency::None);
    EXPECT_FALSE(parseUrgency("gấp"));
    EXPECT_EQ(parseSecrecy("TỐI MẬT"), Secrecy::ToiMat);
    EXPECT_EQ(parseSecrecy("Tuyệt mật"), Secrecy::TuyetMat);
    EXPECT_TRUE(isSecret(Secrecy::Mat));
    EXPECT_FALSE(isSecret(Secrecy::None));
}
