// Born-digital PDFs are read from their own text layer, not by OCR: the engine's recognition
// counter must not move. A scan that carries another recogniser's invisible layer is OCR'd again.
#include "vanthu/capture/ImageIo.h"
#include "vanthu/core/VnTime.h"
#include "vanthu/ocr/Reader.h"
#include "vanthu/ocr/TextLayer.h"

#include "RenderedPage.h"
#include "SharedEngine.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>

#include <unistd.h>

using namespace vanthu;
using namespace std::chrono;

namespace {

std::filesystem::path tempDir(const std::string& name)
{
    const auto dir = std::filesystem::temp_directory_path() / ("vanthu-" + name + "-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return dir;
}

// A word of a text layer at x, y, 60 x 20 pixels.
ocr::Word word(std::string s, int x, int y)
{
    ocr::Word w;
    w.text = std::move(s);
    w.box = {x, y, 60, 20};
    w.confidence = 100;
    return w;
}

} // namespace

TEST(OcrTextLayer, BornDigitalPdfIsReadWithoutOcr)
{
    test::PageText t;
    t.agency = {"UBND TỈNH LÂM ĐỒNG", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"};
    t.number = "Số: 07/2021/QĐ-SGDĐT";
    t.mark = "KHẨN";
    t.placeDate = "Lâm Đồng, ngày 09 tháng 01 năm 2021";
    t.typeName = "QUYẾT ĐỊNH";
    t.subject = {"Về việc ban hành quy chế thi đua"};
    t.body = {"GIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Căn cứ Luật Thi đua, khen thưởng năm 2003;"};
    t.recipients = {"- Như Điều 3;", "- Lưu: VT, TĐKT."};
    t.signerLines = {"KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"};
    t.signerName = "Lê Văn Tám";
    const auto dir = tempDir("textlayer");
    const std::string pdf = (dir / "born-digital.pdf").string();
    test::renderPdf(t, pdf);

    auto layer = ocr::readTextLayer(pdf, 200);
    ASSERT_TRUE(layer) << layer.error().toString();
    ASSERT_EQ(layer->pages.size(), 1u);
    EXPECT_EQ(layer->usablePages, 1);
    EXPECT_EQ(layer->ocrLayerPages, 0);
    EXPECT_EQ(layer->pages[0].dpi, 200);
    EXPECT_EQ(layer->text[0].words.front().confidence, 100.f);

    ocr::Engine& engine = test::ocrEngine();
    const long before = engine.recognitions();
    // The engine is asked for only when OCR is needed (vanthu extract starts none for this file).
    int asked = 0;
    ocr::Reader reader([&]() -> Result<ocr::Engine*> {
        ++asked;
        return &engine;
    });
    auto x = reader.readBornDigital(*layer);
    ASSERT_TRUE(x) << x.error().toString();
    EXPECT_EQ(engine.recognitions(), before) << "no Tesseract recognition for a text layer";
    EXPECT_EQ(asked, 0) << "no engine needed for a text layer";
    const DocumentMeta& m = x->meta;
    EXPECT_EQ(m.numberSymbol.format(), "07/2021/QĐ-SGDĐT");
    EXPECT_EQ(m.issuedDate, 2021y / 1 / 9);
    EXPECT_EQ(m.place, "Lâm Đồng");
    EXPECT_EQ(m.issuerParent, "UBND TỈNH LÂM ĐỒNG");
    EXPECT_EQ(m.issuer, "SỞ GIÁO DỤC VÀ ĐÀO TẠO");
    ASSERT_TRUE(m.type);
    EXPECT_EQ(m.type->name, "Quyết định");
    EXPECT_EQ(m.subject, "Về việc ban hành quy chế thi đua");
    EXPECT_EQ(m.urgency, Urgency::Khan);
    EXPECT_EQ(m.signer.authority, "KT.");
    EXPECT_EQ(m.signer.position, "PHÓ GIÁM ĐỐC");
    EXPECT_EQ(m.signer.fullName, "Lê Văn Tám");
    ASSERT_EQ(m.recipients.size(), 2u);
    EXPECT_EQ(m.recipients[1], "Lưu: VT, TĐKT");
    EXPECT_EQ(x->fields.at("number_symbol").confidence, 100.f);
    std::filesystem::remove_all(dir);
}

TEST(OcrTextLayer, AVvLineWithoutItsSecondVIsStillTheSubject)
{
    // OCR leaves "V/v" as "V/ " at times (a held-out scan: "V/ trả lời kiến nghị..."); the header
    // rules are the same for a text layer, which lets the test give them exactly that line.
    test::PageText t;
    t.agency = {"UBND TỈNH KHÁNH HÒA", "KHO BẠC NHÀ NƯỚC KHÁNH HÒA"};
    t.number = "Số: 2060/KBKH-KSC";
    t.placeDate = "Khánh Hòa, ngày 20 tháng 7 năm 2020";
    t.body = {"Kính gửi: Các cơ quan, đơn vị trên địa bàn."};
    t.recipients = {"- Như trên;", "- Lưu: VT, KSC."};
    t.signerLines = {"GIÁM ĐỐC"};
    t.signerName = "Nguyễn Ngọc Định";
    const auto dir = tempDir("vv");
    const std::string pdf = (dir / "vv.pdf").string();
    ocr::Reader reader(test::ocrEngine());
    // The page with `subject` under its number, written as a born-digital PDF and read back.
    const auto readBack = [&](const std::string& subject) -> std::optional<ocr::Extraction> {
        t.subject = {subject};
        test::renderPdf(t, pdf);
        auto layer = ocr::readTextLayer(pdf, 200);
        EXPECT_TRUE(layer) << (layer ? std::string() : layer.error().toString());
        if (!layer)
            return std::nullopt;
        auto x = reader.readBornDigital(*layer);
        EXPECT_TRUE(x) << (x ? std::string() : x.error().toString());
        return x ? std::optional<ocr::Extraction>(std::move(*x)) : std::nullopt;
    };
    const auto bare = readBack("V/ trả lời kiến nghị của cử tri");
    ASSERT_TRUE(bare);
    EXPECT_EQ(bare->meta.subject, "V/v trả lời kiến nghị của cử tri");
    ASSERT_TRUE(bare->meta.type);
    EXPECT_EQ(bare->meta.type->name, "Công văn");
    // "V/ v": the prefix's letters are skipped whole, not its first word kept ("V/v v trả lời").
    const auto spaced = readBack("V/ v trả lời kiến nghị của cử tri");
    ASSERT_TRUE(spaced);
    EXPECT_EQ(spaced->meta.subject, "V/v trả lời kiến nghị của cử tri");
    std::filesystem::remove_all(dir);
}

TEST(OcrTextLayer, AnOcrLayerIsNotTakenForBornDigitalText)
{
    // Our own searchable PDF of a scan: its text is Tesseract's invisible GlyphLessFont layer.
    auto page = capture::readImage(std::string(VANTHU_SHARED_DIR) + "/corpus/dev/pages/DEV-001_p1.png");
    ASSERT_TRUE(page);
    const auto dir = tempDir("ocrlayer");
    const std::string pdf = (dir / "scan.pdf").string();
    auto written = test::ocrEngine().writeSearchablePdf({*page}, pdf, {}).get();
    ASSERT_TRUE(written) << written.error().toString();
    auto layer = ocr::readTextLayer(pdf, 100);
    ASSERT_TRUE(layer) << layer.error().toString();
    EXPECT_EQ(layer->ocrLayerPages, 1);
    EXPECT_EQ(layer->usablePages, 0);
    EXPECT_TRUE(layer->text[0].words.empty());
    std::filesystem::remove_all(dir);
}

TEST(OcrTextLayer, NotAPdfIsInvalidInput)
{
    auto layer = ocr::readTextLayer("/nonexistent/file.pdf");
    ASSERT_FALSE(layer);
    EXPECT_TRUE(layer.error().is(ocr::Errc::InvalidInput));
}

TEST(OcrTextLayer, AReaderWithoutAnEngineFailsOnlyWhenItNeedsOcr)
{
    // A scanned page needs OCR: the engine source's error comes back from the reading.
    ocr::Reader reader([]() -> Result<ocr::Engine*> { return fail(ocr::Errc::EngineInit, "no language data"); });
    auto x = reader.readDocument({PageImage::blank(1654, 2339, 200, PixelFormat::Gray8)});
    ASSERT_FALSE(x);
    EXPECT_TRUE(x.error().is(ocr::Errc::EngineInit)) << x.error().toString();
}

TEST(OcrTextLayer, WordsSideBySideInTwoColumnsMakeTwoLines)
{
    // Agency column and motto column on one row, a second row below; given out of order.
    const ocr::OcrResult r = ocr::linesFromWords({word("NAM", 1000, 52), word("SỞ", 100, 50), word("VIỆT", 930, 50),
                                                  word("TÀI", 170, 51), word("Số:", 100, 100)});
    ASSERT_EQ(r.lines.size(), 3u);
    EXPECT_EQ(r.lines[0].text, "SỞ TÀI");
    EXPECT_EQ(r.lines[1].text, "VIỆT NAM");
    EXPECT_EQ(r.lines[2].text, "Số:");
    EXPECT_EQ(r.text, "SỞ TÀI\nVIỆT NAM\nSố:");
    EXPECT_EQ(r.lines[0].box.x, 100);
    EXPECT_EQ(r.lines[0].box.right(), 230);
}

TEST(OcrTextLayer, TheBlanksOfANumberAndADateLeftForTheClerkDoNotCutTheLine)
{
    // Gaps of 80 px at a 20 px height: a column break anywhere else.
    const ocr::OcrResult r = ocr::linesFromWords({word("Số:", 100, 100), word("/QĐ-STC", 240, 100), word("Hà", 600, 100),
                                                  word("Nội,", 670, 100), word("ngày", 740, 100), word("tháng", 880, 100),
                                                  word("năm", 1020, 100), word("2026", 1090, 100),
                                                  word("Nơi", 100, 300), word("nhận:", 170, 300), word("GIÁM", 600, 300)});
    ASSERT_EQ(r.lines.size(), 4u);
    EXPECT_EQ(r.lines[0].text, "Số: /QĐ-STC");
    EXPECT_EQ(r.lines[1].text, "Hà Nội, ngày tháng năm 2026");
    EXPECT_EQ(r.lines[2].text, "Nơi nhận:");
    EXPECT_EQ(r.lines[3].text, "GIÁM");
}
