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
        {"Số: 0! /KH-SNV", "01/KH-SNV", false},            // ! read for 1 (HLM-016)
        {"Số: |2/KH-SNV", "12/KH-SNV", false},             // | read for 1
        {"Số: 962/2021/QĐ-UBND", "962/2021/QĐ-UBND", false},
        {"Số: 415/ĐPTTH - TS", "415/ĐPTTH-TS", false},
        {"Số: 77/SNNMT-ĐĐ", "77/SNNMT-ĐĐ", false},         // a unit's real "ĐĐ" (đất đai) stays
        {"Số: 12/QĐÐ-QLĐĐ", "12/QĐ-QLĐĐ", false},         // Đ + look-alike is one Đ, Đ + Đ two
    };
    for (const auto& c : cases) {
        auto m = findNumberSymbol(c.line);
        ASSERT_TRUE(m) << c.line;
        EXPECT_EQ(m->value.format(), c.formatted) << c.line;
        EXPECT_EQ(m->blank, c.blank) << c.line;
    }
    // A "!" alone in a blank number's gap is a speck, not a 1.
    for (const char* speck : {"Số:   ! /QĐ-STC", "Số: | /QĐ-STC"}) {
        auto m = findNumberSymbol(speck);
        EXPECT_TRUE(!m || (m->blank && m->value.format() == "/QĐ-STC")) << speck << ": " << (m ? m->value.format() : "");
    }
}

TEST(Grammar, LookAlikeEthIsTheVietnameseD)
{
    // Tesseract `vie` reads Đ as "ĐÐ" or Ð (U+00D0, no Vietnamese letter), đ as ð (U+00F0).
    EXPECT_EQ(repairEth("QĐÐ-UBND"), "QĐ-UBND");
    EXPECT_EQ(repairEth("SỞ GD&ĐÐT"), "SỞ GD&ĐT");
    EXPECT_EQ(repairEth("ÐĐT"), "ĐT");
    EXPECT_EQ(repairEth("Ðinh"), "Đinh");
    EXPECT_EQ(repairEth("ðồng"), "đồng");
    EXPECT_EQ(repairEth("QLĐĐ"), "QLĐĐ") << "two real Đ stay";
    EXPECT_EQ(repairEth("Độc lập"), "Độc lập");
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
    // An unissued original: day and month blank, the place still read; a month out of range is no date.
    auto unissued = findPlaceDate("Hà Nội, ngày      tháng      năm 2026");
    ASSERT_TRUE(unissued);
    EXPECT_EQ(unissued->place, "Hà Nội");
    EXPECT_TRUE(unissued->dayBlank);
    EXPECT_FALSE(unissued->date);
    EXPECT_EQ(unissued->month, 0);
    EXPECT_EQ(unissued->year, 2026);
    EXPECT_FALSE(findPlaceDate("Hà Nội, ngày 05 tháng 13 năm 2026"));
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

TEST(Grammar, NumbersWithOcrSlips)
{
    // A lost slash, a misread type abbreviation, the year of a legal normative document.
    EXPECT_EQ(findNumberSymbol("Số: 521UBND-TCKH")->value.format(), "521/UBND-TCKH");
    EXPECT_EQ(findNumberSymbol("Số: 84/TIr-SNV")->value.format(), "84/TTr-SNV");
    EXPECT_EQ(findNumberSymbol("Số: 84/TIr-SNV")->value.typeAbbreviation(), "TTr");
    // A slash read twice, between number and symbol or inside a legal document's symbol.
    ASSERT_TRUE(findNumberSymbol("Số: 06//TTCNTT-KT"));
    EXPECT_EQ(findNumberSymbol("Số: 06//TTCNTT-KT")->value.format(), "06/TTCNTT-KT");
    EXPECT_EQ(findNumberSymbol("Số: 12/2021//TT-BNV")->value.format(), "12/2021/TT-BNV");
    // A hyphen read as angle quotes with a space after them, a slash as the fraction slash.
    ASSERT_TRUE(findNumberSymbol("Số: 854 /QĐ‹‹ CCTL"));
    EXPECT_EQ(findNumberSymbol("Số: 854 /QĐ‹‹ CCTL")->value.format(), "854/QĐ-CCTL");
    EXPECT_EQ(findNumberSymbol("Số: 9335/⁄NQ-HĐND")->value.format(), "9335/NQ-HĐND");
    EXPECT_EQ(findNumberSymbol("Số: 12/KH–UBND")->value.format(), "12/KH-UBND");
    auto legal = findNumberSymbol("Số: 05/2020/NĐ-CP");
    ASSERT_TRUE(legal);
    EXPECT_EQ(legal->value.number, 5);
    EXPECT_EQ(legal->value.year, 2020);
    EXPECT_EQ(legal->value.symbol, "NĐ-CP");
    auto cv = findNumberSymbol("Số: 1779/UBND-KGVX");
    ASSERT_TRUE(cv);
    EXPECT_EQ(cv->value.number, 1779);
    EXPECT_EQ(cv->value.typeAbbreviation(), "") << "a công văn has no type abbreviation";
    EXPECT_EQ(cv->value.issuerPart(), "UBND-KGVX");
    // An agency abbreviation in upper case is never "repaired" into a type.
    EXPECT_EQ(findNumberSymbol("Số: 415/ĐPTTH-TS")->value.format(), "415/ĐPTTH-TS");
}

TEST(Grammar, DatesWithAndWithoutLeadingZerosAndNumbersBeside)
{
    EXPECT_EQ(findPlaceDate("Hà Nội, ngày 05 tháng 3 năm 2021")->date, 2021y / 3 / 5);
    EXPECT_EQ(findPlaceDate("Hà Nội, ngày 5 tháng 03 năm 2021")->date, 2021y / 3 / 5);
    EXPECT_EQ(findPlaceDate("Huế, ngày 31 tháng 12 năm 2025")->date, 2025y / 12 / 31);
    // A number line read into the same text line as the date: neither steals digits from the other.
    const char* both = "Số: 05/2020/NĐ-CP Hà Nội, ngày 09 tháng 01 năm 2020";
    EXPECT_EQ(findNumberSymbol(both)->value.format(), "05/2020/NĐ-CP");
    EXPECT_EQ(findPlaceDate(both)->date, 2020y / 1 / 9);
    EXPECT_EQ(cleanPlace("2 Quảng Nam"), "Quảng Nam");
    EXPECT_EQ(cleanPlace("TP. Hồ Chí Minh"), "TP. Hồ Chí Minh");
}

TEST(Grammar, LexiconRepairsOfCapsLinesPositionsNamesAndRecipients)
{
    EXPECT_EQ(repairCaps("UBND TÍNH PHÚ THO"), "UBND TỈNH PHÚ THỌ");
    EXPECT_EQ(repairCaps("ỦY BAN NHÂN DÂN THÀNH PHỐ CÂN THƠ"), "ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ");
    EXPECT_EQ(repairCaps("CỤC THUẾ TỈNH LÂM ĐỒNG"), "CỤC THUẾ TỈNH LÂM ĐỒNG") << "not LAO ĐỘNG, one letter away";
    EXPECT_EQ(repairCaps("UBND HUYỆN MỘC CHAU", {"Mộc Châu"}), "UBND HUYỆN MỘC CHÂU") << "the place helps";
    EXPECT_EQ(repairCaps("BAN THI ĐUA - KHEN THƯỞNG"), "BAN THI ĐUA - KHEN THƯỞNG");
    EXPECT_EQ(repairCaps("PHÒNG VĂN HÓA VÀ THONG TÌIN"), "PHÒNG VĂN HÓA VÀ THÔNG TIN") << "a vowel read twice";
    // A speck read as a full stop inside an agency name goes; a real abbreviation's stays.
    EXPECT_EQ(repairCaps("SỞ NÔNG NGHIỆP. VÀ PHÁT TRIỂN NÔNG THÔN"), "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN");
    EXPECT_EQ(repairCaps("UBND TP. HỒ CHÍ MINH"), "UBND TP. HỒ CHÍ MINH");
    // Spaces lost and a letter no Vietnamese word has; a parent body's abbreviations.
    EXPECT_EQ(repairCaps("UBNDTỈNHVĨÏNHLONG"), "UBND TỈNH VĨNH LONG");
    EXPECT_EQ(repairCaps("SỞNN VÀ PTNT TỈNH BÌNH DƯƠNG"), "SỞ NN VÀ PTNT TỈNH BÌNH DƯƠNG");
    EXPECT_EQ(repairCaps("SỞ DÂN TỘC VÀ TON GIÁO"), "SỞ DÂN TỘC VÀ TÔN GIÁO");  // a 2025 department
    // Units under the departments and other bodies: their names' words are in the lexicon too.
    EXPECT_EQ(repairCaps("CHI CỤC AN TOÀN VỆ SINH THỰC PHẤM"), "CHI CỤC AN TOÀN VỆ SINH THỰC PHẨM");
    EXPECT_EQ(repairCaps("CHI CỤC CHĂN NUÔI VÀ THỦ Y"), "CHI CỤC CHĂN NUÔI VÀ THÚ Y");
    EXPECT_EQ(repairCaps("TRUNG TÂM KIÊM SOÁT BỆNH TẬT"), "TRUNG TÂM KIỂM SOÁT BỆNH TẬT");
    EXPECT_EQ(repairCaps("CỤC THI HÀNH ÁN DÂN SỤ TỈNH"), "CỤC THI HÀNH ÁN DÂN SỰ TỈNH");
    EXPECT_EQ(repairCaps("TRƯỜNG TRUNG HỌC CƠ SỐ"), "TRƯỜNG TRUNG HỌC CƠ SỞ");
    // The place before the date ends the name after the unit's kind: a letter more is OCR's.
    EXPECT_EQ(repairCaps("UBND TỈNH HƯNG VYÊN", {"Hưng Yên"}), "UBND TỈNH HƯNG YÊN");
    EXPECT_EQ(repairCaps("SỞ LAO ĐỘNG", {"Lâm Đồng"}), "SỞ LAO ĐỘNG") << "not after a unit's kind";
    EXPECT_EQ(repairCaps("ỦY BAN NHÂN DÂN THỊ TRẤN PHỐ LU", {"Phố Lụu"}), "ỦY BAN NHÂN DÂN THỊ TRẤN PHỐ LU")
        << "the place's reading has the letter more: the name's stays";
    EXPECT_EQ(placeFromAgency("ỦY BAN NHÂN DÂN THỊ TRẤN PHỐ LU", "Phố Lụu"), "Phố Lu");
    EXPECT_EQ(placeFromAgency("UBND TỈNH ĐIỆN BIÊN", "Điện Biên"), std::nullopt) << "the same";
    EXPECT_EQ(placeFromAgency("SỞ LAO ĐỘNG", "Lâm Đồng"), std::nullopt);
    EXPECT_EQ(repairCaps("SỞ Y TẾ."), "SỞ Y TẾ.") << "the line's last word is not inside the name";
    EXPECT_EQ(repairPosition("PHÓ GIÁM ĐÓC"), "PHÓ GIÁM ĐỐC");
    EXPECT_EQ(repairPosition("O CHỦ TỊCH"), "PHÓ CHỦ TỊCH");
    EXPECT_EQ(repairPosition("VĂN PHÒNG"), "CHÁNH VĂN PHÒNG");
    EXPECT_EQ(repairPosition("CHỦ TỊCH"), "CHỦ TỊCH");
    EXPECT_EQ(repairPosition("Q. GIÁM ĐÓC"), "Q. GIÁM ĐỐC");
    // The seal hid the start and split what it left: a piece of the start read apart tells which
    // of the positions the end fits it was (the shortest holding it: a deputy has "PHÓ" read).
    EXPECT_EQ(repairPosition("PHONG"), "TRƯỞNG PHÒNG");
    EXPECT_EQ(positionWithHiddenStart("PHONG", "HÁN"), "CHÁNH VĂN PHÒNG");
    EXPECT_EQ(positionWithHiddenStart("PHÒNG:", "~CHÁNH"), "CHÁNH VĂN PHÒNG");
    EXPECT_EQ(positionWithHiddenStart("ỞNG PHÒNG", "TRƯ"), "TRƯỞNG PHÒNG");
    EXPECT_EQ(positionWithHiddenStart("PHONG", "XYZ"), "") << "in none of them";
    EXPECT_EQ(positionWithHiddenStart("PHONG", "HA"), "") << "two letters tell nothing";
    EXPECT_EQ(positionWithHiddenStart("GIÁM ĐỐC", "PHÓ"), "PHÓ GIÁM ĐỐC");
    // The ring ran through the first letter left, which came out as another: the rest ends a
    // position. Not when more than that letter differs, or the rest is short.
    EXPECT_EQ(repairPosition("LAM ĐỌC"), "GIÁM ĐỐC");
    EXPECT_EQ(repairPosition("RƯỞNG PHÒNG"), "TRƯỞNG PHÒNG");
    EXPECT_EQ(repairPosition("LAM ĐẠC"), "LAM ĐẠC");
    EXPECT_EQ(repairPosition("X ĐỐC"), "X ĐỐC");
    // A mark of the ring before what is left: a stroke opening the first word, a short junk word.
    EXPECT_EQ(repairPosition("ILAM ĐỌC"), "GIÁM ĐỐC");
    EXPECT_EQ(repairPosition("ANN VAN PHONG"), "CHÁNH VĂN PHÒNG");
    EXPECT_EQ(repairPosition("ANN VAN"), "ANN VAN") << "one word left is too little";
    // Marks the ring or a rule left at a word's edge are no part of the position; what matches
    // nothing is given back as read.
    EXPECT_EQ(repairPosition("THƯỜNG: BAN"), "TRƯỞNG BAN");
    EXPECT_EQ(repairPosition("~_GỤC TRƯỞNG"), "CỤC TRƯỞNG");
    EXPECT_EQ(repairPosition("ÑA ANÌN,"), "ÑA ANÌN,");
    // The seal hid the first word: the issuing body's head tells which position it was.
    EXPECT_EQ(repairPosition("CỤC TRƯỞNG", headOf("CHI CỤC KIỂM LÂM")), "CHI CỤC TRƯỞNG");
    EXPECT_EQ(repairPosition("CỤC TRƯỞNG", headOf("CỤC THUẾ TỈNH LÂM ĐỒNG")), "CỤC TRƯỞNG");
    EXPECT_EQ(repairPosition("CHÁNH VĂN PHÒNG", headOf("SỞ NỘI VỤ")), "CHÁNH VĂN PHÒNG") << "not the head's";
    // What is left ends the head's position and a shorter one too ("BỘ TRƯỞNG"): the head's.
    EXPECT_EQ(repairPosition("TRƯƠNG", headOf("CHI CỤC THỦY LỢI")), "CHI CỤC TRƯỞNG");
    EXPECT_EQ(repairPosition("TRƯỞNG", headOf("BỘ NỘI VỤ")), "BỘ TRƯỞNG");
    EXPECT_EQ(headOf("ỦY BAN NHÂN DÂN HUYỆN ĐẠI TỪ"), "CHỦ TỊCH");
    EXPECT_EQ(headOf("VĂN PHÒNG UBND TỈNH"), "CHÁNH VĂN PHÒNG");
    EXPECT_EQ(headOf("PHÒNG NỘI VỤ"), "TRƯỞNG PHÒNG");
    EXPECT_EQ(headOf("SỞ Y TẾ"), "GIÁM ĐỐC");
    EXPECT_EQ(headOf("CÔNG TY CỔ PHẦN X"), "");
    // Under "TM. ỦY BAN NHÂN DÂN": what the seal leaves of "KT." before the head's title.
    EXPECT_TRUE(leftOfKtPrefix("1. CHỦ TỊCH"));
    EXPECT_TRUE(leftOfKtPrefix("TL, CHU TỊCH"));
    EXPECT_TRUE(leftOfKtPrefix("T. CHỦ TỊCH"));
    EXPECT_TRUE(leftOfKtPrefix(": CHỦ TỊCH")) << "the dot read as a colon";
    EXPECT_FALSE(leftOfKtPrefix("TL. CHỦ TỊCH")) << "a real prefix";
    EXPECT_FALSE(leftOfKtPrefix("Q. CHỦ TỊCH"));
    EXPECT_FALSE(leftOfKtPrefix("CHỦ TỊCH"));
    EXPECT_FALSE(leftOfKtPrefix("PHÓ CHỦ TỊCH"));
    EXPECT_EQ(cleanName("XS Ðưống Ngọc Tâm"), "Dương Ngọc Tâm");
    EXPECT_EQ(cleanName("oàng Thế Bình"), "Hoàng Thế Bình");
    EXPECT_EQ(cleanName("Bùj Anh Toàn"), "Bùi Anh Toàn");  // no Vietnamese word has a j
    EXPECT_EQ(cleanName("Irầñ Bá Cường"), "Trần Bá Cường") << "ñ is no Vietnamese letter";
    EXPECT_EQ(cleanName("Nøô Đức Thắng"), "Ngô Đức Thắng");
    EXPECT_EQ(cleanName("Nguyễn Văn Văn Nghĩa"), "Nguyễn Văn Nghĩa") << "a middle name read twice (HLM-002)";
    EXPECT_EQ(cleanName("Lê Thị Thị Hoa"), "Lê Thị Hoa");
    EXPECT_EQ(cleanName("Giáp Phương Phương"), "Giáp Phương Phương") << "a doubled given name is a name (OOL-011)";
    EXPECT_EQ(cleanName("Nguyễn Văn Vân"), "Nguyễn Văn Vân") << "other marks: another word";
    EXPECT_EQ(cleanName("Nguyễt Duy Thanh Luân"), "Nguyễn Duy Thanh Luân") << "no syllable ends in t with a tilde";
    EXPECT_EQ(cleanName("Nguyệt Minh Anh"), "Nguyệt Minh Anh") << "a word (and a name) as spelt stays";
    EXPECT_EQ(cleanName("Ýựa Nịt"), "Ýựa Nịt") << "two tone marks: no word, not made a family name";
    EXPECT_TRUE(possibleSyllable("Nguyễn"));
    EXPECT_TRUE(possibleSyllable("Bích"));
    EXPECT_TRUE(possibleSyllable("Thịnh"));
    EXPECT_TRUE(possibleSyllable("Lộc"));
    EXPECT_FALSE(possibleSyllable("Nguyễt"));
    EXPECT_FALSE(possibleSyllable("Bìch"));
    EXPECT_FALSE(possibleSyllable("Tat"));
    EXPECT_FALSE(possibleSyllable("Đmh")) << "no vowel";
    EXPECT_FALSE(possibleSyllable("Hoàngá")) << "two tones";
    EXPECT_EQ(cleanName("Minh Anh Bình"), "Minh Anh Bình") << "a given name is not turned into a family name";
    EXPECT_EQ(cleanName("` “Ngô Thế Bình -"), "Ngô Thế Bình") << "marks at the edges of words";
    EXPECT_EQ(cleanName(".Định Hồng Trang"), "Đinh Hồng Trang");
    EXPECT_EQ(cleanName("La Nhật Trí"), "La Nhật Trí") << "spelt as read: not Lã";
    EXPECT_EQ(cleanName("Lã Nhật Trí"), "Lã Nhật Trí");
    EXPECT_EQ(cleanName("Giap Bích Vân"), "Giáp Bích Vân");
    EXPECT_EQ(cleanName("Đình Mạnh"), "Đình Mạnh") << "a middle name as spelt: not Đinh";
    EXPECT_EQ(cleanName("ỞNG Lộ"), "ỞNG Lộ") << "capitals: no name's letters";
    EXPECT_EQ(cleanName("Irần Anh Nam"), "Trần Anh Nam") << "I for T";
    EXPECT_EQ(cleanName("lrịnh Hữu Bảo"), "Trịnh Hữu Bảo");
    EXPECT_EQ(cleanName("Lê Hữu Bảo"), "Lê Hữu Bảo") << "an L that is a name's stays";
    EXPECT_EQ(cleanName("Đăng Quang Tiến"), "Đăng Quang Tiến");
    EXPECT_EQ(cleanName("Dang Quang Tiến"), "Đặng Quang Tiến") << "no name spelt so";
    EXPECT_EQ(cleanName("tô Công Hải"), "tô Công Hải") << "the end of a longer name (Lò), not Tô";
    EXPECT_EQ(cleanName("-yên Thị Loan"), "Nguyễn Thị Loan") << "three letters hidden";
    EXPECT_EQ(cleanName("5ui Văn Toàn"), "Bùi Văn Toàn") << "a sign before what is left";
    EXPECT_EQ(cleanName("——xZuyen Đức Tuấn"), "Nguyễn Đức Tuấn");
    EXPECT_EQ(cleanName("an Kim Minh Hoa"), "an Kim Minh Hoa") << "Phan, Trần or Đoàn: left as read";
    EXPECT_EQ(cleanName("ong Kim Liên"), "ong Kim Liên") << "Nông or Tống";
    EXPECT_EQ(cleanName("ấu Trung Lộc"), "ấu Trung Lộc") << "Âu, or the end of Châu";
    EXPECT_EQ(cleanName("Xương Ngọc Tâm"), "Xương Ngọc Tâm") << "a capital read: no fragment";
    EXPECT_EQ(cleanName("Hà-Tiến Chiến"), "Hà Tiến Chiến") << "a stroke of the signature between two words";
    EXPECT_EQ(cleanName("Lê Văn Ba-na"), "Lê Văn Ba-na") << "no two names";
    // What the seal left of a middle name, when one name of the lexicon ends so.
    EXPECT_EQ(givenNameEndingIn("úy"), "Thúy");
    EXPECT_EQ(givenNameEndingIn("ăn"), "Văn");
    EXPECT_EQ(givenNameEndingIn("iến"), "") << "Tiến or Chiến";
    EXPECT_EQ(givenNameEndingIn("oàng"), "") << "the end of Hoàng the family name";
    EXPECT_EQ(givenNameEndingIn("Úy"), "") << "a word read with its capital";
    // Given names: one that is no name as marked but is one without its marks is the commonest
    // name of those letters; a name stays as read, rare ones with it when read with confidence.
    EXPECT_EQ(mendGivenNames("Hồ Hoài Quần"), "Hồ Hoài Quân") << "Quần is no name";
    EXPECT_EQ(mendGivenNames("Dương Thũ Trăng"), "Dương Thu Trang");
    EXPECT_EQ(mendGivenNames("Trần Xuân Hung"), "Trần Xuân Hùng");
    EXPECT_EQ(mendGivenNames("Trịnh Văn Thăng"), "Trịnh Văn Thắng") << "the commoner name";
    EXPECT_EQ(mendGivenNames("Trịnh Văn Thăng", {"Thăng"}), "Trịnh Văn Thăng") << "read with confidence";
    EXPECT_EQ(mendGivenNames("Nguyễn Văn Thi", {"Nguyễn", "Văn", "Thi"}), "Nguyễn Văn Thi") << "read with confidence";
    // ...unless the word differs from a name of its letters on a vowel with two marks, the slip
    // vie makes most, read with confidence or not; a rare name such a slip makes stays.
    EXPECT_EQ(mendGivenNames("Lò Hông Hạnh", {"Hông", "Hạnh"}), "Lò Hồng Hạnh");
    EXPECT_EQ(mendGivenNames("Lê Hồng Hãng", {"Hãng"}), "Lê Hồng Hằng");
    EXPECT_EQ(mendGivenNames("Tạ Duy Quần", {"Quần"}), "Tạ Duy Quân");
    EXPECT_EQ(mendGivenNames("Nguyễn Thể Hải", {"Thể"}), "Nguyễn Thế Hải");
    EXPECT_EQ(mendGivenNames("Trịnh Văn Thăng", {"Thăng"}), "Trịnh Văn Thăng");
    // Of the names of a word's letters, the one fewest marks away; the commoner of two as near.
    EXPECT_EQ(mendGivenNames("Thái Khánh Vẫn"), "Thái Khánh Vân") << "one mark from Vân, two from Văn";
    EXPECT_EQ(mendGivenNames("Thái Tiến Thiỉnh"), "Thái Tiến Thịnh") << "a vowel stuttered";
    EXPECT_EQ(mendGivenNames("Vũ Thi Mai"), "Vũ Thị Mai");
    EXPECT_EQ(mendGivenNames("Lê Thị Tiên"), "Lê Thị Tiên") << "a name as read stays";
    EXPECT_EQ(mendGivenNames("Ngô Thúy Hưng"), "Ngô Thúy Hưng");
    EXPECT_EQ(mendGivenNames("Phạm Quốc Zm"), "Phạm Quốc Zm") << "nothing spelt so: left as read";
    EXPECT_EQ(mendGivenNames("Vũ Hữu Địn"), "Vũ Hữu Định") << "the h of a final nh lost";
    EXPECT_EQ(mendGivenNames("Lê Văn Thàn"), "Lê Văn Thành");
    EXPECT_EQ(mendGivenNames("Lê Văn Tân"), "Lê Văn Tân") << "a name itself: nothing lost";
    // What is left of a family name the seal took, by its last vowel when few names end in it.
    EXPECT_EQ(distinctiveLastVowel("Hồ"), "ô");
    EXPECT_EQ(distinctiveLastVowel("riô"), "ô");
    EXPECT_EQ(distinctiveLastVowel("Lý"), "y");
    EXPECT_EQ(distinctiveLastVowel("Lưu"), "") << "u ends many";
    EXPECT_EQ(distinctiveLastVowel("Hà"), "");
    EXPECT_EQ(distinctiveLastVowel("Tạ"), "");
    EXPECT_EQ(distinctiveLastVowel("Vũ"), "");
    EXPECT_EQ(distinctiveLastVowel("Lã"), "");
    EXPECT_EQ(distinctiveLastVowel("Mẫ"), "â");
    EXPECT_EQ(lastVowelGroup("Hồ"), 'o');
    EXPECT_EQ(lastVowelGroup("ó"), 'o');
    EXPECT_EQ(lastVowelGroup("Hà"), 'a');
    EXPECT_EQ(lastVowelGroup("Lý"), 'i');
    EXPECT_EQ(lastVowelGroup("Lâm"), 0);
    EXPECT_EQ(mendGivenNames("Đặng Lhị Liên"), "Đặng Thị Liên") << "l for a first T";
    EXPECT_EQ(mendGivenNames(cleanName("Lương Van lrọng Niạnh")), "Lương Văn Trọng Mạnh") << "ni for m";
    EXPECT_EQ(mendGivenNames("Lê Văn Lành"), "Lê Văn Lành") << "no T-name of those letters: as read";
    EXPECT_TRUE(vietnameseLetters("Nguyễn"));
    EXPECT_TRUE(vietnameseLetters("ĐỨC"));
    EXPECT_FALSE(vietnameseLetters("W")) << "no Vietnamese word has a w";
    EXPECT_FALSE(vietnameseLetters("Zm"));
    EXPECT_FALSE(vietnameseLetters("Nøô"));
    EXPECT_FALSE(vietnameseLetters("B2"));
    EXPECT_TRUE(isCommonFamilyName("Nguyễn"));
    EXPECT_FALSE(isCommonFamilyName("Sa"));
    EXPECT_EQ(repairSubject("V/v tiếp tục thực hiện Đề án 06 về đữ liệu dân cư"), "V/v tiếp tục thực hiện Đề án 06 về dữ liệu dân cư");
    EXPECT_EQ(repairSubject("Về việc thành lập Tố công tác triển khai Đề án 06"), "Về việc thành lập Tổ công tác triển khai Đề án 06");
    EXPECT_EQ(repairSubject("V/v trả lời kiến nghị của cử tri trước kỳ họp Hội đồng nhân dần tỉnh"),
              "V/v trả lời kiến nghị của cử tri trước kỳ họp Hội đồng nhân dân tỉnh");
    EXPECT_EQ(repairSubject("Đề nghị công nhận danh hiệu Tập thế lao động xuất sắc"),
              "Đề nghị công nhận danh hiệu Tập thể lao động xuất sắc");
    EXPECT_EQ(repairSubject("V/v phối hợp kiếm tra công tác văn thư, lưu trữ năm 2016"),
              "V/v phối hợp kiểm tra công tác văn thư, lưu trữ năm 2016");
    EXPECT_EQ(repairSubject("Họp triển khai kế hoạch chuyến đối số nắm 2023"),
              "Họp triển khai kế hoạch chuyển đổi số năm 2023");
    EXPECT_EQ(repairSubject("Về việc giao dự toán thu, chỉ ngân sách nhà nước năm 2017"),
              "Về việc giao dự toán thu, chi ngân sách nhà nước năm 2017");
    EXPECT_EQ(repairSubject("Về việc thấm định hồ sơ thuộc thẩm quyên giải quyết"),
              "Về việc thẩm định hồ sơ thuộc thẩm quyền giải quyết");
    EXPECT_EQ(repairSubject("V/v đoàn công tác tỉnh Quảng Nam 2024"), "V/v đoàn công tác tỉnh Quảng Nam 2024")
        << "a capitalised Nam is a place";
    EXPECT_EQ(repairSubject("V/v đăng ký lưu trú cho người nước ngoài"), "V/v đăng ký lưu trú cho người nước ngoài")
        << "residence, not archives (lưu trữ)";
    // A capitalised word keeps its capital: a subject's first, an agency's name.
    EXPECT_EQ(repairSubject("Kiếm tra việc thực hiện quy chế dân chủ ở cơ sở"), "Kiểm tra việc thực hiện quy chế dân chủ ở cơ sở");
    EXPECT_EQ(repairSubject("Vị trí việc làm của Chỉ cục Thủy lợi"), "Vị trí việc làm của Chi cục Thủy lợi");
    EXPECT_EQ(repairSubject("Về việc ban hành Quy chế chỉ tiêu nội bộ năm 2019"), "Về việc ban hành Quy chế chi tiêu nội bộ năm 2019");
    EXPECT_EQ(repairSubject("Về việc giao chỉ tiêu tuyến sinh năm học 2014-2015"), "Về việc giao chỉ tiêu tuyển sinh năm học 2014-2015")
        << "chỉ tiêu, a quota, stays";
    EXPECT_EQ(repairSubject("Về việc bố nhiệm lại công chức"), "Về việc bổ nhiệm lại công chức");
    EXPECT_EQ(repairRecipient("UBND tỉnh (b/€)"), "UBND tỉnh (b/c)");
    EXPECT_EQ(repairRecipient("Thường trực HĐND (b/©)"), "Thường trực HĐND (b/c)");
    EXPECT_EQ(repairRecipient("Thường trực HĐND (/c)"), "Thường trực HĐND (b/c)") << "the b lost";
    EXPECT_EQ(repairRecipient("Sở NN&PTNT (b(C)"), "Sở NN&PTNT (b/c)") << "the slash read as a parenthesis";
    EXPECT_EQ(repairRecipient("UBND tỉnh (b/)"), "UBND tỉnh (b/c)") << "the c lost";
    EXPECT_EQ(repairRecipient("Thường trực HĐND (Đb/€)"), "Thường trực HĐND (b/c)") << "a speck before the b";
    EXPECT_EQ(repairRecipient("Lãnh đạo Trung tâm Kiếm soát bệnh tật"), "Lãnh đạo Trung tâm Kiểm soát bệnh tật");
    EXPECT_EQ(repairRecipient("Các phòng, ban chuyên mồn"), "Các phòng, ban chuyên môn");
    EXPECT_EQ(repairRecipient("ƯBND tỉnh (b/c)"), "UBND tỉnh (b/c)");
    EXPECT_EQ(repairRecipient("Trung tâm Công nghệ thông tin \\ Truyền thông"), "Trung tâm Công nghệ thông tin và Truyền thông");
    EXPECT_EQ(repairRecipient("Sở Tài chính"), "Sở Tài chính") << "nothing to mend";
    EXPECT_EQ(repairRecipient("Lưu: V[, VP."), "Lưu: VT, VP.");
    EXPECT_EQ(repairRecipient("Thường trực HĐND (l/€)"), "Thường trực HĐND (b/c)");
    EXPECT_EQ(repairRecipient("Sở Tư pháp (p/c)"), "Sở Tư pháp (p/c)") << "not one of the three: left";
    EXPECT_EQ(repairRecipient("Sở Tài chính (T/H)"), "Sở Tài chính (t/h)");
    EXPECT_EQ(repairRecipient("Các phòng, ban chuyền môn"), "Các phòng, ban chuyên môn");
    EXPECT_EQ(repairRecipient("Cống thông tin điện tử tỉnh"), "Cổng thông tin điện tử tỉnh");
    EXPECT_EQ(repairRecipient("Tống cục Thuế (b/c)"), "Tổng cục Thuế (b/c)");
    EXPECT_EQ(repairRecipient("Lưu: VI; KHTC"), "Lưu: VT, KHTC");
    EXPECT_EQ(repairRecipient("Lưu: VF, VP"), "Lưu: VT, VP");
    EXPECT_EQ(repairRecipient("Lưu: VTF, TH"), "Lưu: VT, TH");
    EXPECT_EQ(repairRecipient("Lưu: VT, ÑSNN."), "Lưu: VT, NSNN.") << "no mark but Đ's in a unit's abbreviation";
    EXPECT_EQ(repairRecipient("Lưu: VT, ĐTXD, GDTrH"), "Lưu: VT, ĐTXD, GDTrH");
    EXPECT_EQ(repairRecipient("Lưu: VT, QLUGT"), "Lưu: VT, QLGT") << "a U read into the gap after an L";
    EXPECT_EQ(repairRecipient("Lưu: VT, VTLUTNN."), "Lưu: VT, VTLTNN.");
    EXPECT_EQ(repairRecipient("Lưu: VT, VPLUBND, PLUA"), "Lưu: VT, VPLUBND, PLUA") << "U before B (UBND) and before a vowel stays";
    // The names of bodies take the agency lexicon's marks, each word keeping its case.
    EXPECT_EQ(repairRecipient("Lãnh đạo Sở Văn hóa, Thế thao và Du lịch"), "Lãnh đạo Sở Văn hóa, Thể thao và Du lịch");
    EXPECT_EQ(repairRecipient("Lãnh đạo Chỉ cục An toàn vệ sinh thực phẩm"), "Lãnh đạo Chi cục An toàn vệ sinh thực phẩm");
    EXPECT_EQ(repairRecipient("Sở Giáo dục và Đào tạo"), "Sở Giáo dục và Đào tạo") << "nothing to mend";
    EXPECT_EQ(repairRecipient("UBND TỈNH HÀ TĨNH"), "UBND TỈNH HÀ TĨNH") << "a word in capitals is no lexicon word in lower case";
    EXPECT_EQ(repairRecipient("SởNN&PTNT (b/c)"), "Sở NN&PTNT (b/c)") << "a word and an abbreviation run together";
    EXPECT_EQ(repairRecipient("Lưu: VT, GDTrH"), "Lưu: VT, GDTrH") << "an abbreviation with a lower-case letter stays whole";
    EXPECT_EQ(repairRecipient("Sở TT&TT"), "Sở TT&TT");
}

TEST(Grammar, SymbolCheckedAgainstTheIssuersInitials)
{
    auto ns = [](const char* s) { return *parseNumberSymbol(s); };
    EXPECT_EQ(reconcileWithIssuer(ns("9878/BC-SVHTTDI"), "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH").format(), "9878/BC-SVHTTDL");
    EXPECT_EQ(reconcileWithIssuer(ns("81/QĐ-SGDDT"), "SỞ GIÁO DỤC VÀ ĐÀO TẠO").format(), "81/QĐ-SGDĐT");
    // A letter more or less in a run of the same letter: OCR's stutter.
    EXPECT_EQ(reconcileWithIssuer(ns("8542/QĐ-SVHTTTDL"), "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH").format(), "8542/QĐ-SVHTTDL");
    EXPECT_EQ(reconcileWithIssuer(ns("12/TB-STTT"), "SỞ THÔNG TIN VÀ TRUYỀN THÔNG").format(), "12/TB-STTTT");
    EXPECT_EQ(reconcileWithIssuer(ns("12/TB-SVHXTTDL"), "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH").format(), "12/TB-SVHXTTDL")
        << "a letter more that is not a stutter stays";
    // The conventional abbreviations of the people's committees and councils, stuttered.
    EXPECT_EQ(reconcileWithIssuer(ns("498/HĐĐND-KTNS"), "HỘI ĐỒNG NHÂN DÂN TỈNH BẮC NINH").format(), "498/HĐND-KTNS");
    EXPECT_EQ(reconcileWithIssuer(ns("51/UBBND-VX"), "ỦY BAN NHÂN DÂN HUYỆN A").format(), "51/UBND-VX");
    // A speck after the symbol read as a stroke letter.
    EXPECT_EQ(reconcileWithIssuer(ns("4092/TB-BTTTTI"), "BỘ THÔNG TIN VÀ TRUYỀN THÔNG").format(), "4092/TB-BTTTT");
    EXPECT_EQ(reconcileWithIssuer(ns("40/TB-BTTTTX"), "BỘ THÔNG TIN VÀ TRUYỀN THÔNG").format(), "40/TB-BTTTTX") << "not a stroke";
    // Abbreviations that are not the initials are left alone.
    EXPECT_EQ(reconcileWithIssuer(ns("32/BC-SNN"), "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN").format(), "32/BC-SNN");
    EXPECT_EQ(reconcileWithIssuer(ns("1779/UBND-KGVX"), "ỦY BAN NHÂN DÂN TỈNH CAO BẰNG").format(), "1779/UBND-KGVX");
    EXPECT_EQ(reconcileWithIssuer(ns("58/TB-SYT"), "SỞ Y TẾ").format(), "58/TB-SYT");
}

TEST(Grammar, MarksInsideTheirBoxesAndGluedAgencyWords)
{
    // The box edges of ô 10a/10b read as strokes.
    EXPECT_EQ(matchSecrecyMark("TỐI MẬT |"), Secrecy::ToiMat);
    EXPECT_EQ(matchSecrecyMark("| MẬT |"), Secrecy::Mat);
    EXPECT_EQ(matchSecrecyMark("Í MẬT Ỉ"), Secrecy::Mat) << "box edges read as I with a diacritic";
    EXPECT_EQ(matchSecrecyMark("[TUYỆT MẬT]"), Secrecy::TuyetMat);
    EXPECT_EQ(matchUrgencyMark("|HỎA TỐC|"), Urgency::HoaToc);
    EXPECT_EQ(matchUrgencyMark("[ KHẨN ]"), Urgency::Khan);
    EXPECT_FALSE(matchSecrecyMark("| bảo mật thông tin |"));
    // Spaces lost between agency words.
    EXPECT_EQ(repairCaps("SỞNÔNGNGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN"), "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN");
    EXPECT_EQ(repairCaps("BANQUẢNLÝ"), "BAN QUẢN LÝ") << "QUẢN as printed, not the district's QUẬN";
    EXPECT_EQ(repairCaps("ỦYBAN NHÂN DÂN"), "ỦY BAN NHÂN DÂN");
    EXPECT_EQ(repairCaps("KIỂM LÂM"), "KIỂM LÂM");
}
