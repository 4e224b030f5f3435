// The printed registers (NĐ 30 Phụ lục IV) checked with independent tools: qpdf for structure,
// poppler's pdftotext / pdffonts / pdfinfo for content, fonts and metadata. Records are built in
// memory; the database plays no part here.

#include "TestSupport.h"

#include "vanthu/core/DocumentMeta.h"
#include "vanthu/core/DocumentType.h"
#include "vanthu/core/VnTime.h"
#include "vanthu/register/Errors.h"
#include "vanthu/register/RegisterPrinter.h"

#include <gtest/gtest.h>

#include <sys/resource.h>

#include <array>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

namespace vanthu::reg {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono;
using test::run;
using test::TempDir;

const std::vector<std::string> kIncomingHeadings{
    "Ngày đến", "Số đến", "Tác giả", "Số, ký hiệu văn bản", "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung văn bản", "Đơn vị hoặc người nhận", "Ngày chuyển", "Ký nhận", "Ghi chú",
};
const std::vector<std::string> kOutgoingHeadings{
    "Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung văn bản", "Người ký",
    "Nơi nhận văn bản", "Đơn vị, người nhận bản lưu", "Số lượng bản", "Ngày chuyển", "Ký nhận", "Ghi chú",
};

const std::array<const char*, 6> kIssuers{
    "UBND tỉnh Lạng Sơn", "Sở Tài chính tỉnh Mẫu", "Bộ Nội vụ", "Văn phòng Chính phủ",
    "Sở Kế hoạch và Đầu tư tỉnh Mẫu", "Cục Văn thư và Lưu trữ nhà nước",
};
const std::array<const char*, 6> kSubjects{
    "Về việc triển khai thực hiện Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về "
    "công tác văn thư tại các cơ quan, tổ chức trên địa bàn tỉnh",
    "Về việc báo cáo tình hình thực hiện dự toán ngân sách nhà nước 6 tháng đầu năm và nhiệm vụ, giải "
    "pháp trọng tâm 6 tháng cuối năm 2026",
    "Phê duyệt kế hoạch chuyển đổi số trong hoạt động quản lý văn bản và hồ sơ công việc giai đoạn "
    "2026–2030, tầm nhìn đến năm 2035",
    "Về việc góp ý dự thảo Thông tư hướng dẫn quản lý hồ sơ, tài liệu điện tử trong quá trình xử lý "
    "công việc của các cơ quan, tổ chức",
    "Mời dự hội nghị tổng kết công tác văn thư, lưu trữ năm 2025 và triển khai nhiệm vụ năm 2026",
    "Về việc cử cán bộ tham gia lớp bồi dưỡng nghiệp vụ văn thư, lưu trữ và ứng dụng chữ ký số",
};
const std::array<const char*, 4> kAbbreviations{"QĐ", "", "KH", "TB"};
const std::array<const char*, 4> kUnits{"Phòng Tổ chức – Hành chính", "Giám đốc Sở", "Phòng Kế hoạch – Tài chính",
                                        "Thanh tra Sở"};

Instant vnTime(int y, unsigned m, unsigned d, int hh, int mm)
{
    return vntime::fromLocal(vntime::LocalTime{local_days{year{y} / month{m} / day{d}}} + hours{hh} + minutes{mm});
}

DocumentMeta metaFor(int i)
{
    DocumentMeta meta;
    const std::string abbr = kAbbreviations[size_t(i) % kAbbreviations.size()];
    meta.numberSymbol.number = 100 + i * 7;
    meta.numberSymbol.symbol = abbr.empty() ? "UBND-KGVX" : abbr + "-STC";
    meta.issuedDate = year{2026} / month{unsigned(1 + i / 28)} / day{unsigned(1 + i % 28)};
    meta.issuer = kIssuers[size_t(i) % kIssuers.size()];
    meta.type = abbr.empty() ? doctype::congVan() : *doctype::byAbbreviation(abbr);
    meta.subject = kSubjects[size_t(i) % kSubjects.size()];
    meta.urgency = i % 9 == 4 ? Urgency::Khan : Urgency::None;
    meta.signer.fullName = i % 2 ? "Nguyễn Thị Hồng Nhung" : "Trần Văn Đức";
    return meta;
}

std::vector<IncomingRecord> incomingRecords(int n, IncomingBook book = IncomingBook::Regular)
{
    std::vector<IncomingRecord> rows;
    for (int i = 0; i < n; ++i) {
        IncomingRecord r;
        r.id = i + 1;
        r.book = book;
        r.year = 2026;
        r.arrivalNumber = i + 1;
        r.meta = metaFor(i);
        r.arrivalTime = vnTime(2026, unsigned(1 + i / 28), unsigned(1 + i % 28), 8 + i % 8, 15);
        r.receivedAt = r.arrivalTime;
        r.recipientUnit = kUnits[size_t(i) % kUnits.size()];
        if (i % 3 == 0)
            r.handedOverAt = r.arrivalTime + hours{26};
        if (i == 7) {
            r.status = RecordStatus::Cancelled;
            r.note = "Bên gửi thu hồi theo Công văn số 15/STC-VP";
        }
        rows.push_back(std::move(r));
    }
    return rows;
}

std::vector<OutgoingRecord> outgoingRecords(int n)
{
    std::vector<OutgoingRecord> rows;
    for (int i = 0; i < n; ++i) {
        OutgoingRecord r;
        r.id = i + 1;
        r.series = "general";
        r.year = 2026;
        r.number = i + 1;
        r.meta = metaFor(i);
        r.meta.numberSymbol.number = i + 1;
        r.issuedAt = vnTime(2026, unsigned(1 + i / 28), unsigned(1 + i % 28), 10, 0);
        r.recipients = {"Như trên", "UBND tỉnh Mẫu (để b/c)", "Lưu: VT, TCHC"};
        r.retainedBy = "Phòng Tổ chức – Hành chính";
        r.copies = 3 + i % 5;
        rows.push_back(std::move(r));
    }
    return rows;
}

PrintHeader header(bool demo = false)
{
    return {"UBND tỉnh Mẫu", "Sở Thử nghiệm tỉnh Mẫu", "Năm 2026", demo};
}

std::string collapse(const std::string& s)
{
    std::istringstream in(s);
    std::string word, out;
    while (in >> word)
        out += (out.empty() ? "" : " ") + word;
    return out;
}

fs::path popplerTool(const char* name)
{
    return fs::path(VANTHU_PDFTOTEXT).parent_path() / name;
}

// Text of the PDF (or of one page) in content-stream order with white space collapsed, so a
// heading wrapped inside its cell reads as one phrase.
std::string pdfText(const std::string& pdf, int page = 0)
{
    std::vector<std::string> argv{VANTHU_PDFTOTEXT, "-raw", "-enc", "UTF-8"};
    if (page > 0) {
        argv.insert(argv.end(), {"-f", std::to_string(page), "-l", std::to_string(page)});
    }
    argv.insert(argv.end(), {pdf, "-"});
    const auto r = run(argv);
    EXPECT_EQ(r.exitCode, 0) << r.err;
    return collapse(r.out);
}

int pageCount(const std::string& pdf)
{
    const auto r = run({VANTHU_QPDF, "--show-npages", pdf});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    return std::stoi(r.out);
}

void expectQpdfClean(const std::string& pdf)
{
    const auto r = run({VANTHU_QPDF, "--check", pdf});
    EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
}

void expectHeadings(const std::string& text, const std::vector<std::string>& headings)
{
    for (const auto& h : headings)
        EXPECT_NE(text.find(h), std::string::npos) << "heading missing: " << h << "\nin: " << text.substr(0, 2000);
}

std::vector<std::string> filesIn(const fs::path& dir)
{
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir))
        names.push_back(e.path().filename().string());
    return names;
}

TEST(PrintTest, IncomingBookHasColumnsRowsAndPages)
{
    TempDir dir;
    const std::string pdf = dir.file("so-den-2026.pdf");
    const auto rows = incomingRecords(60);
    ASSERT_TRUE(printIncomingBook(rows, IncomingBook::Regular, header(), pdf));

    expectQpdfClean(pdf);
    const int pages = pageCount(pdf);
    EXPECT_GT(pages, 1);

    const std::string all = pdfText(pdf);
    EXPECT_NE(all.find("SỔ ĐĂNG KÝ VĂN BẢN ĐẾN"), std::string::npos);
    EXPECT_NE(all.find("UBND TỈNH MẪU"), std::string::npos);
    EXPECT_NE(all.find("SỞ THỬ NGHIỆM TỈNH MẪU"), std::string::npos);
    EXPECT_NE(all.find("Năm 2026"), std::string::npos);
    expectHeadings(all, kIncomingHeadings);

    // Subjects wrap over several lines of their cell; with white space collapsed they read whole,
    // diacritics intact (precomposed NFC, as stored).
    for (const char* subject : kSubjects)
        EXPECT_NE(all.find(collapse(subject)), std::string::npos) << subject;
    EXPECT_NE(all.find("Quyết định Phê duyệt kế hoạch chuyển đổi số"), std::string::npos);
    EXPECT_NE(all.find("Nghị định số 30/2020/NĐ-CP"), std::string::npos);
    EXPECT_NE(all.find("Văn phòng Chính phủ"), std::string::npos);
    EXPECT_NE(all.find("Phòng Tổ chức – Hành chính"), std::string::npos);
    EXPECT_NE(all.find("100/QĐ-STC"), std::string::npos);
    EXPECT_NE(all.find("107/UBND-KGVX"), std::string::npos);           // a công văn
    EXPECT_NE(all.find("01/01/2026 08:15"), std::string::npos);        // Ngày đến with the time
    EXPECT_NE(all.find("Đã thu hồi"), std::string::npos);              // the cancelled row
    EXPECT_NE(all.find("Khẩn"), std::string::npos);
    EXPECT_EQ(all.find("BẢN THỬ NGHIỆM"), std::string::npos);          // not a demo print

    // Arrival numbers, first, middle and last.
    const std::string page1 = pdfText(pdf, 1);
    EXPECT_NE(page1.find("01/01/2026 08:15 1 "), std::string::npos) << page1.substr(0, 1500);
    EXPECT_NE(all.find(" 30 "), std::string::npos);
    EXPECT_NE(all.find(" 60 "), std::string::npos);
    EXPECT_NE(page1.find("Trang 1/" + std::to_string(pages)), std::string::npos);

    // Page 2 repeats the heading row and is numbered.
    const std::string page2 = pdfText(pdf, 2);
    expectHeadings(page2, kIncomingHeadings);
    EXPECT_NE(page2.find("Trang 2/" + std::to_string(pages)), std::string::npos);
    EXPECT_EQ(page2.find("Trang 1/"), std::string::npos);

    // The layout output shows the page number too (the spec's "Trang N" at the bottom).
    const auto layout = run({VANTHU_PDFTOTEXT, "-layout", "-f", "2", "-l", "2", pdf, "-"});
    ASSERT_EQ(layout.exitCode, 0) << layout.err;
    EXPECT_NE(layout.out.find("Trang 2"), std::string::npos);
}

TEST(PrintTest, IncomingBookIsA4LandscapeWithMetadata)
{
    TempDir dir;
    const std::string pdf = dir.file("so-den.pdf");
    ASSERT_TRUE(printIncomingBook(incomingRecords(3), IncomingBook::Regular, header(), pdf));
    const auto info = run({popplerTool("pdfinfo").string(), "-enc", "UTF-8", pdf});
    ASSERT_EQ(info.exitCode, 0) << info.err;
    EXPECT_NE(info.out.find("842 x 595 pts"), std::string::npos) << info.out;
    EXPECT_NE(info.out.find("SỔ ĐĂNG KÝ VĂN BẢN ĐẾN — Năm 2026"), std::string::npos) << info.out;
    EXPECT_NE(info.out.find("Sở Thử nghiệm tỉnh Mẫu"), std::string::npos) << info.out;
    EXPECT_NE(info.out.find("vanthu"), std::string::npos) << info.out;
}

TEST(PrintTest, OutgoingBookHasColumnsRowsAndPages)
{
    TempDir dir;
    const std::string pdf = dir.file("so-di-2026.pdf");
    ASSERT_TRUE(printOutgoingBook(outgoingRecords(60), header(), pdf));

    expectQpdfClean(pdf);
    const int pages = pageCount(pdf);
    EXPECT_GT(pages, 1);

    const std::string all = pdfText(pdf);
    EXPECT_NE(all.find("SỔ ĐĂNG KÝ VĂN BẢN ĐI"), std::string::npos);
    EXPECT_EQ(all.find("SỔ ĐĂNG KÝ VĂN BẢN ĐẾN"), std::string::npos);
    expectHeadings(all, kOutgoingHeadings);
    for (const char* subject : kSubjects)
        EXPECT_NE(all.find(collapse(subject)), std::string::npos) << subject;
    EXPECT_NE(all.find("01/QĐ-STC"), std::string::npos);
    EXPECT_NE(all.find("58/UBND-KGVX"), std::string::npos);
    EXPECT_NE(all.find("Nguyễn Thị Hồng Nhung"), std::string::npos);
    EXPECT_NE(all.find("Trần Văn Đức"), std::string::npos);
    EXPECT_NE(all.find("Như trên; UBND tỉnh Mẫu (để b/c); Lưu: VT, TCHC"), std::string::npos);

    const std::string page2 = pdfText(pdf, 2);
    expectHeadings(page2, kOutgoingHeadings);
    EXPECT_NE(page2.find("Trang 2/" + std::to_string(pages)), std::string::npos);
}

TEST(PrintTest, SecretIncomingBookHasItsTitle)
{
    TempDir dir;
    const std::string pdf = dir.file("so-mat.pdf");
    auto rows = incomingRecords(4, IncomingBook::Secret);
    rows[0].meta.secrecy = Secrecy::ToiMat;
    ASSERT_TRUE(printIncomingBook(rows, IncomingBook::Secret, header(), pdf));
    expectQpdfClean(pdf);
    const std::string all = pdfText(pdf);
    EXPECT_NE(all.find("SỔ ĐĂNG KÝ VĂN BẢN MẬT ĐẾN"), std::string::npos) << all.substr(0, 500);
    EXPECT_NE(all.find("Tối mật"), std::string::npos);
    expectHeadings(all, kIncomingHeadings);
    // Readable by its owner only.
    EXPECT_EQ(fs::status(pdf).permissions() & (fs::perms::group_all | fs::perms::others_all), fs::perms::none);
}

TEST(PrintTest, EmptyBooksPrintHeadingsAndNoDocumentsLine)
{
    TempDir dir;
    const std::string in = dir.file("den.pdf");
    const std::string out = dir.file("di.pdf");
    ASSERT_TRUE(printIncomingBook({}, IncomingBook::Regular, header(), in));
    ASSERT_TRUE(printOutgoingBook({}, header(), out));
    for (const auto& [pdf, headings] : {std::pair{in, kIncomingHeadings}, std::pair{out, kOutgoingHeadings}}) {
        expectQpdfClean(pdf);
        EXPECT_EQ(pageCount(pdf), 1);
        const std::string text = pdfText(pdf);
        expectHeadings(text, headings);
        EXPECT_NE(text.find("(Không có văn bản)"), std::string::npos) << text;
        EXPECT_NE(text.find("Trang 1/1"), std::string::npos) << text;
    }
}

TEST(PrintTest, DemoMarkOnEveryPage)
{
    TempDir dir;
    const std::string pdf = dir.file("demo.pdf");
    ASSERT_TRUE(printIncomingBook(incomingRecords(60), IncomingBook::Regular, header(true), pdf));
    const int pages = pageCount(pdf);
    ASSERT_GT(pages, 1);
    for (int p = 1; p <= pages; ++p)
        EXPECT_NE(pdfText(pdf, p).find("BẢN THỬ NGHIỆM / TEST — không có giá trị pháp lý"), std::string::npos)
            << "page " << p;
}

TEST(PrintTest, OverlongCellIsCutAndInvalidTextStillPrints)
{
    TempDir dir;
    const std::string pdf = dir.file("dai.pdf");
    auto rows = incomingRecords(3);
    std::string huge;
    for (int i = 0; i < 120; ++i)
        huge += "Về việc triển khai thực hiện nhiệm vụ số " + std::to_string(i) + "; ";
    rows[1].meta.subject = huge;
    rows[2].meta.subject = "Trích yếu \xC3\x28 hỏng";   // invalid UTF-8 in a stored field
    ASSERT_TRUE(printIncomingBook(rows, IncomingBook::Regular, header(), pdf));
    expectQpdfClean(pdf);
    // The long row is cut to one page (with "…"; Pango maps the ellipsis glyph to the elided text,
    // so pdftotext still extracts the whole subject): it shares page 2 with the row after it.
    EXPECT_EQ(pageCount(pdf), 2);
    const std::string page2 = pdfText(pdf, 2);
    EXPECT_NE(page2.find("nhiệm vụ số 0;"), std::string::npos);
    EXPECT_NE(page2.find("Trích yếu"), std::string::npos);
    EXPECT_NE(page2.find("hỏng"), std::string::npos);
    EXPECT_NE(page2.find("\xEF\xBF\xBD"), std::string::npos);   // U+FFFD for the bad byte
}

TEST(PrintTest, MissingDirectoryFailsAndLeavesNoFile)
{
    TempDir dir;
    const std::string pdf = dir.file("no-such-dir/so-den.pdf");
    const Status s = printIncomingBook(incomingRecords(5), IncomingBook::Regular, header(), pdf);
    ASSERT_FALSE(s);
    EXPECT_TRUE(s.error().is(Errc::Io)) << s.error().toString();
    EXPECT_FALSE(fs::exists(pdf));
    EXPECT_TRUE(filesIn(dir.path()).empty());

    const Status o = printOutgoingBook(outgoingRecords(5), header(), pdf);
    ASSERT_FALSE(o);
    EXPECT_TRUE(o.error().is(Errc::Io)) << o.error().toString();
    EXPECT_TRUE(filesIn(dir.path()).empty());
}

TEST(PrintTest, TargetThatIsADirectoryFailsAndLeavesNoTemporary)
{
    TempDir dir;
    const std::string target = dir.file("book.pdf");
    fs::create_directory(target);
    const Status s = printOutgoingBook(outgoingRecords(5), header(), target);
    ASSERT_FALSE(s);
    EXPECT_TRUE(s.error().is(Errc::Io)) << s.error().toString();
    EXPECT_TRUE(fs::is_directory(target));
    EXPECT_EQ(filesIn(dir.path()), std::vector<std::string>{"book.pdf"});
}

// A write that fails half-way (here: the file-size limit, as a full disk would) leaves the old
// book untouched and no temporary behind.
class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        getrlimit(RLIMIT_FSIZE, &m_old);
        m_oldHandler = std::signal(SIGXFSZ, SIG_IGN);   // write() then fails with EFBIG
        rlimit lower = m_old;
        lower.rlim_cur = bytes;
        setrlimit(RLIMIT_FSIZE, &lower);
    }
    ~FileSizeLimit()
    {
        setrlimit(RLIMIT_FSIZE, &m_old);
        std::signal(SIGXFSZ, m_oldHandler);
    }
    FileSizeLimit(const FileSizeLimit&) = delete;
    FileSizeLimit& operator=(const FileSizeLimit&) = delete;

private:
    rlimit m_old{};
    void (*m_oldHandler)(int) = nullptr;
};

TEST(PrintTest, WriteFailureKeepsTheOldBookAndLeavesNoTemporary)
{
    TempDir dir;
    const std::string pdf = dir.file("so-den.pdf");
    ASSERT_TRUE(printIncomingBook(incomingRecords(5), IncomingBook::Regular, header(), pdf));
    const std::string before = test::readFile(pdf);
    Status s;
    {
        FileSizeLimit limit(4096);
        s = printIncomingBook(incomingRecords(60), IncomingBook::Regular, header(), pdf);
    }
    ASSERT_FALSE(s);
    EXPECT_TRUE(s.error().is(Errc::Io)) << s.error().toString();
    EXPECT_EQ(test::readFile(pdf), before);
    EXPECT_EQ(filesIn(dir.path()), std::vector<std::string>{"so-den.pdf"});
    expectQpdfClean(pdf);
}

TEST(PrintTest, SuccessLeavesOnlyTheBookAndReplacesAnOldFile)
{
    TempDir dir;
    const std::string pdf = dir.file("so-den.pdf");
    test::writeFile(pdf, "not a pdf");
    ASSERT_TRUE(printIncomingBook(incomingRecords(10), IncomingBook::Regular, header(), pdf));
    ASSERT_TRUE(printIncomingBook(incomingRecords(20), IncomingBook::Regular, header(), pdf));
    EXPECT_EQ(filesIn(dir.path()), std::vector<std::string>{"so-den.pdf"});
    EXPECT_EQ(test::readFile(pdf).substr(0, 5), "%PDF-");
    expectQpdfClean(pdf);
    EXPECT_NE(pdfText(pdf).find("20"), std::string::npos);
}

TEST(PrintTest, AllFontsAreEmbedded)
{
    TempDir dir;
    const std::string in = dir.file("den.pdf");
    const std::string out = dir.file("di.pdf");
    ASSERT_TRUE(printIncomingBook(incomingRecords(30), IncomingBook::Regular, header(true), in));
    ASSERT_TRUE(printOutgoingBook(outgoingRecords(30), header(true), out));
    const fs::path pdffonts = popplerTool("pdffonts");
    ASSERT_TRUE(fs::exists(pdffonts)) << pdffonts;
    for (const auto& pdf : {in, out}) {
        const auto r = run({pdffonts.string(), pdf});
        ASSERT_EQ(r.exitCode, 0) << r.err;
        // name type encoding emb sub uni object ID — after the two heading lines, one font per line.
        std::istringstream lines(r.out);
        std::string line;
        int fonts = 0;
        for (int i = 0; std::getline(lines, line); ++i) {
            if (i < 2 || line.empty())
                continue;
            ++fonts;
            EXPECT_NE(line.find("LiberationSerif"), std::string::npos) << line;
            // Columns: name, type (may hold spaces, e.g. "CID TrueType"), encoding, emb, sub, uni, num, gen.
            std::istringstream cols(line);
            std::vector<std::string> words;
            for (std::string w; cols >> w;)
                words.push_back(w);
            ASSERT_GE(words.size(), 7u) << line;
            EXPECT_EQ(words[words.size() - 5], "yes") << "not embedded: " << line;
        }
        EXPECT_GE(fonts, 2) << r.out;   // regular, bold, italic
    }
}

} // namespace
} // namespace vanthu::reg
