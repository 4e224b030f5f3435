#include "vanthu/register/RegisterPrinter.h"

#include "vanthu/core/DocumentMeta.h"
#include "vanthu/core/VnText.h"
#include "vanthu/core/VnTime.h"
#include "vanthu/register/Errors.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <numeric>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vanthu::reg {

namespace {

// ---------------------------------------------------------------------------------------------
// Ownership of the C objects. Plain functions instead of the G_OBJECT()/PANGO_LAYOUT() cast macros
// so the file builds with -Wold-style-cast.

struct SurfaceDeleter {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoDeleter {
    void operator()(cairo_t* c) const { cairo_destroy(c); }
};
struct GObjectDeleter {
    void operator()(void* o) const { g_object_unref(o); }
};
struct FontDescriptionDeleter {
    void operator()(PangoFontDescription* f) const { pango_font_description_free(f); }
};
struct AttrListDeleter {
    void operator()(PangoAttrList* a) const { pango_attr_list_unref(a); }
};
struct GFreeDeleter {
    void operator()(gchar* p) const { g_free(p); }
};

using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using CairoPtr = std::unique_ptr<cairo_t, CairoDeleter>;
using ContextPtr = std::unique_ptr<PangoContext, GObjectDeleter>;
using LayoutPtr = std::unique_ptr<PangoLayout, GObjectDeleter>;
using FontPtr = std::unique_ptr<PangoFontDescription, FontDescriptionDeleter>;
using AttrListPtr = std::unique_ptr<PangoAttrList, AttrListDeleter>;
using GCharPtr = std::unique_ptr<gchar, GFreeDeleter>;

// ---------------------------------------------------------------------------------------------
// Page geometry, in PDF points (1/72 in). A4 landscape, 15 mm margins.

constexpr double kPageWidth = 842.0;
constexpr double kPageHeight = 595.0;
constexpr double kMargin = 15.0 * 72.0 / 25.4;
constexpr double kContentWidth = kPageWidth - 2 * kMargin;
constexpr double kFooterHeight = 16.0;                          // room for "Trang N/M"
constexpr double kTableBottom = kPageHeight - kMargin - kFooterHeight;
constexpr double kCellPadX = 3.0;
constexpr double kCellPadY = 2.5;
constexpr double kRuleWidth = 0.5;

constexpr std::string_view kFontFamily = "Liberation Serif";    // fonts-liberation2: full Vietnamese
constexpr double kBodySize = 9.0;
constexpr double kHeadingSize = 9.0;
constexpr std::string_view kDemoText = "BẢN THỬ NGHIỆM / TEST — không có giá trị pháp lý";
constexpr std::string_view kEmptyText = "(Không có văn bản)";

// ---------------------------------------------------------------------------------------------
// What to print, independent of cairo: a title block and a table of text cells.

enum class CellAlign { Left, Center };

struct Column {
    std::string_view heading;   // as in NĐ 30 Phụ lục IV (shared/domain/rules.json)
    double width;               // points; 0 for the one column that takes the rest of the page
    CellAlign align;
};

struct BookContent {
    std::string title;
    std::vector<Column> columns;
    std::vector<std::vector<std::string>> rows;   // one string per column
};

// Widths: a date "dd/mm/yyyy" needs about 46 pt at 9 pt, a symbol like "1779/UBND-KGVX" about 80 pt;
// the trích yếu takes what is left.

// Incoming columns, nd30_incoming_register_columns order.
const std::vector<Column>& incomingColumns()
{
    static const std::vector<Column> columns{
        {"Ngày đến", 56, CellAlign::Center},
        {"Số đến", 36, CellAlign::Center},
        {"Tác giả", 88, CellAlign::Left},
        {"Số, ký hiệu văn bản", 92, CellAlign::Center},
        {"Ngày tháng văn bản", 54, CellAlign::Center},
        {"Tên loại và trích yếu nội dung văn bản", 0, CellAlign::Left},
        {"Đơn vị hoặc người nhận", 80, CellAlign::Left},
        {"Ngày chuyển", 54, CellAlign::Center},
        {"Ký nhận", 48, CellAlign::Center},
        {"Ghi chú", 70, CellAlign::Left},
    };
    return columns;
}

// Outgoing columns, nd30_outgoing_register_columns order.
const std::vector<Column>& outgoingColumns()
{
    static const std::vector<Column> columns{
        {"Số, ký hiệu văn bản", 92, CellAlign::Center},
        {"Ngày tháng văn bản", 54, CellAlign::Center},
        {"Tên loại và trích yếu nội dung văn bản", 0, CellAlign::Left},
        {"Người ký", 72, CellAlign::Left},
        {"Nơi nhận văn bản", 105, CellAlign::Left},
        {"Đơn vị, người nhận bản lưu", 80, CellAlign::Left},
        {"Số lượng bản", 36, CellAlign::Center},
        {"Ngày chuyển", 50, CellAlign::Center},
        {"Ký nhận", 46, CellAlign::Center},
        {"Ghi chú", 56, CellAlign::Left},
    };
    return columns;
}

std::string dmy(vntime::Instant t) { return vntime::toDmy(vntime::localDate(t)); }

std::string hhmm(vntime::Instant t)
{
    const vntime::LocalTime local = vntime::toLocal(t);
    const std::chrono::hh_mm_ss hms{local - std::chrono::floor<std::chrono::days>(local)};
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d:%02d", static_cast<int>(hms.hours().count()),
                  static_cast<int>(hms.minutes().count()));
    return buf;
}

// "Tên loại và trích yếu": the type name before the subject, except for a công văn, whose type is
// not printed on its face (NĐ 30 Phụ lục I: it has only the trích yếu line).
std::string typeAndSubject(const DocumentMeta& meta)
{
    if (!meta.type || meta.type->abbreviation.empty())
        return meta.subject;
    std::string s(meta.type->name);
    if (!meta.subject.empty())
        s += ' ' + meta.subject;
    return s;
}

void appendNote(std::string& notes, std::string_view part)
{
    if (part.empty())
        return;
    if (!notes.empty())
        notes += "; ";
    notes += part;
}

std::string notesFor(const DocumentMeta& meta, RecordStatus status, const std::string& note)
{
    std::string notes;
    if (status == RecordStatus::Cancelled)
        appendNote(notes, "Đã thu hồi");
    else if (status == RecordStatus::RecallRequested)
        appendNote(notes, "Đang thu hồi, chờ nơi nhận trả lời");
    appendNote(notes, toString(meta.urgency));
    appendNote(notes, toString(meta.secrecy));
    appendNote(notes, note);
    return notes;
}

std::string joined(const std::vector<std::string>& parts, std::string_view sep)
{
    std::string s;
    for (const auto& p : parts) {
        if (p.empty())
            continue;
        if (!s.empty())
            s += sep;
        s += p;
    }
    return s;
}

BookContent incomingContent(const std::vector<IncomingRecord>& records, IncomingBook book)
{
    BookContent c;
    c.title = book == IncomingBook::Secret ? "SỔ ĐĂNG KÝ VĂN BẢN MẬT ĐẾN" : "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN";
    c.columns = incomingColumns();
    c.rows.reserve(records.size());
    for (const auto& r : records) {
        c.rows.push_back({
            dmy(r.arrivalTime) + '\n' + hhmm(r.arrivalTime),
            std::to_string(r.arrivalNumber),
            r.meta.issuer,
            r.meta.numberSymbol.format(),
            r.meta.issuedDate ? vntime::toDmy(*r.meta.issuedDate) : std::string(),
            typeAndSubject(r.meta),
            r.recipientUnit,
            r.handedOverAt ? dmy(*r.handedOverAt) : std::string(),
            std::string(),   // Ký nhận: signed by hand on paper
            notesFor(r.meta, r.status, r.note),
        });
    }
    return c;
}

BookContent outgoingContent(const std::vector<OutgoingRecord>& records)
{
    BookContent c;
    c.title = "SỔ ĐĂNG KÝ VĂN BẢN ĐI";
    c.columns = outgoingColumns();
    c.rows.reserve(records.size());
    for (const auto& r : records) {
        c.rows.push_back({
            r.meta.numberSymbol.format(),
            dmy(r.issuedAt),
            typeAndSubject(r.meta),
            r.meta.signer.fullName,
            joined(r.recipients, "; "),
            r.retainedBy,
            std::to_string(r.copies),
            std::string(),   // Ngày chuyển and Ký nhận are filled in by hand
            std::string(),
            notesFor(r.meta, r.status, r.note),
        });
    }
    return c;
}

// ---------------------------------------------------------------------------------------------
// The temporary file beside the target. Removed on destruction unless committed.

class TempFile {
public:
    explicit TempFile(const std::string& target) : m_path(target + ".tmp-XXXXXX")
    {
        m_fd = mkostemp(m_path.data(), O_CLOEXEC);
        if (m_fd < 0) {
            m_error = errno;
            m_path.clear();
        }
    }
    ~TempFile()
    {
        if (m_fd >= 0)
            ::close(m_fd);
        if (!m_path.empty())
            ::unlink(m_path.c_str());
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;

    bool isOpen() const { return m_fd >= 0; }
    int fd() const { return m_fd; }
    const std::string& path() const { return m_path; }
    int error() const { return m_error; }

    // cairo's write callback: every byte goes to the file or the surface enters an error state.
    static cairo_status_t write(void* closure, const unsigned char* data, unsigned int length)
    {
        auto* self = static_cast<TempFile*>(closure);
        size_t done = 0;
        while (done < length) {
            const ssize_t n = ::write(self->m_fd, data + done, length - done);
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                self->m_error = errno;
                return CAIRO_STATUS_WRITE_ERROR;
            }
            done += static_cast<size_t>(n);
        }
        return CAIRO_STATUS_SUCCESS;
    }

    // fsync, close, rename over `target`. errno-style code in error() on failure.
    bool commit(const std::string& target)
    {
        if (::fsync(m_fd) != 0 || ::close(std::exchange(m_fd, -1)) != 0) {
            m_error = errno;
            return false;
        }
        if (::rename(m_path.c_str(), target.c_str()) != 0) {
            m_error = errno;
            return false;
        }
        m_path.clear();
        syncDirectory(target);
        return true;
    }

private:
    // Makes the rename itself durable. A failure here leaves a complete file in place, so it is
    // not reported.
    static void syncDirectory(const std::string& target)
    {
        const auto slash = target.rfind('/');
        const std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : target.substr(0, slash);
        const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd >= 0) {
            ::fsync(dfd);
            ::close(dfd);
        }
    }

    std::string m_path;
    int m_fd = -1;
    int m_error = 0;
};

// ---------------------------------------------------------------------------------------------
// Drawing.

struct TextStyle {
    double size;
    bool bold = false;
    bool italic = false;
};

class BookPainter {
public:
    BookPainter(cairo_t* cr, const PrintHeader& header, const BookContent& content)
        : m_cr(cr), m_header(header), m_content(content), m_context(pango_cairo_create_context(cr)),
          m_attrs(pango_attr_list_new())
    {
        // Legal text is never altered: no hyphens where Pango breaks inside a word (Pango >= 1.44).
        pango_attr_list_insert(m_attrs.get(), pango_attr_insert_hyphens_new(FALSE));
        const double fixed = std::accumulate(content.columns.begin(), content.columns.end(), 0.0,
                                             [](double s, const Column& c) { return s + c.width; });
        assert(fixed < kContentWidth - 100 && "the columns leave too little room for the trích yếu");
        for (const auto& c : content.columns)
            m_widths.push_back(c.width > 0 ? c.width : kContentWidth - fixed);
    }

    void paint()
    {
        // Measure the page heads once; painting them later yields the same positions.
        m_headingHeight = headingRowHeight();
        m_bodyTop = runningHeaderHeight() + m_headingHeight;
        m_firstBodyTop = titleBlockHeight() + m_headingHeight;

        std::vector<double> heights;
        heights.reserve(m_content.rows.size());
        for (const auto& row : m_content.rows)
            heights.push_back(rowHeight(row));
        const std::vector<size_t> breaks = paginate(heights);   // first row of each page
        const size_t pages = breaks.size();

        for (size_t page = 0; page < pages; ++page) {
            double y = page == 0 ? paintTitleBlock() : paintRunningHeader();
            y = paintHeadingRow(y);
            if (m_content.rows.empty()) {
                paintEmptyRow(y);
            } else {
                const size_t end = page + 1 < pages ? breaks[page + 1] : m_content.rows.size();
                for (size_t i = breaks[page]; i < end; ++i) {
                    paintRow(y, m_content.rows[i], heights[i]);
                    y += heights[i];
                }
            }
            paintFooter(page + 1, pages);
            cairo_show_page(m_cr);
        }
    }

private:
    // Text layout of `text` in a box `width` points wide (wrapped at words, or inside a word that
    // is wider than the box). maxHeight > 0 cuts the text there with an ellipsis.
    LayoutPtr layout(std::string_view text, const TextStyle& style, double width,
                     PangoAlignment align, double maxHeight = 0) const
    {
        LayoutPtr l(pango_layout_new(m_context.get()));
        FontPtr font(pango_font_description_new());
        pango_font_description_set_family(font.get(), std::string(kFontFamily).c_str());
        // Absolute size: user space is points, independent of Pango's 96 dpi default resolution.
        pango_font_description_set_absolute_size(font.get(), style.size * PANGO_SCALE);
        pango_font_description_set_weight(font.get(), style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
        pango_font_description_set_style(font.get(), style.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
        pango_layout_set_font_description(l.get(), font.get());
        pango_layout_set_attributes(l.get(), m_attrs.get());
        pango_layout_set_width(l.get(), pango_units_from_double(width));
        pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);
        pango_layout_set_alignment(l.get(), align);
        if (maxHeight > 0) {
            pango_layout_set_height(l.get(), pango_units_from_double(maxHeight));
            pango_layout_set_ellipsize(l.get(), PANGO_ELLIPSIZE_END);
        }
        setText(l.get(), text);
        return l;
    }

    static void setText(PangoLayout* l, std::string_view text)
    {
        // Pango refuses invalid UTF-8 (and would print nothing); stored text should be valid NFC,
        // but a register must print whatever is in it.
        if (g_utf8_validate(text.data(), static_cast<gssize>(text.size()), nullptr)) {
            pango_layout_set_text(l, text.data(), static_cast<int>(text.size()));
        } else {
            GCharPtr valid(g_utf8_make_valid(text.data(), static_cast<gssize>(text.size())));
            pango_layout_set_text(l, valid.get(), -1);
        }
    }

    static double layoutHeight(PangoLayout* l)
    {
        PangoRectangle logical{};
        pango_layout_get_extents(l, nullptr, &logical);
        return pango_units_to_double(logical.height);
    }

    void show(PangoLayout* l, double x, double y)
    {
        cairo_move_to(m_cr, x, y);
        pango_cairo_show_layout(m_cr, l);
    }

    // A row never grows past what fits under the heading row of page 1 (the page with the least
    // room); longer text is cut with an ellipsis rather than spilling over the footer.
    double maxCellTextHeight() const
    {
        return kTableBottom - m_firstBodyTop - 2 * kCellPadY;
    }

    LayoutPtr cellLayout(const std::vector<std::string>& row, size_t col) const
    {
        const PangoAlignment align =
            m_content.columns[col].align == CellAlign::Center ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT;
        return layout(row[col], {kBodySize}, m_widths[col] - 2 * kCellPadX, align, maxCellTextHeight());
    }

    double rowHeight(const std::vector<std::string>& row) const
    {
        double h = 0;
        for (size_t col = 0; col < m_content.columns.size(); ++col)
            h = std::max(h, layoutHeight(cellLayout(row, col).get()));
        return h + 2 * kCellPadY;
    }

    double headingRowHeight() const
    {
        double h = 0;
        for (size_t col = 0; col < m_content.columns.size(); ++col) {
            LayoutPtr l = layout(m_content.columns[col].heading, {kHeadingSize, true}, m_widths[col] - 2 * kCellPadX,
                                 PANGO_ALIGN_CENTER);
            h = std::max(h, layoutHeight(l.get()));
        }
        return h + 2 * kCellPadY;
    }

    // Start index of each page's rows. Page 1 has less room (the title block).
    std::vector<size_t> paginate(const std::vector<double>& heights) const
    {
        std::vector<size_t> breaks{0};
        double y = m_firstBodyTop;
        for (size_t i = 0; i < heights.size(); ++i) {
            if (y + heights[i] > kTableBottom && i != breaks.back()) {
                breaks.push_back(i);
                y = m_bodyTop;
            }
            y += heights[i];
        }
        return breaks;
    }

    // --- page heads --------------------------------------------------------------------------

    static constexpr double kAgencyBlockWidth = 300.0;
    static constexpr double kDemoWidth = 330.0;

    LayoutPtr agencyParentLayout() const
    {
        return layout(text::upper(m_header.agencyParent), {11}, kAgencyBlockWidth, PANGO_ALIGN_CENTER);
    }
    LayoutPtr agencyNameLayout() const
    {
        return layout(text::upper(m_header.agencyName), {11, true}, kAgencyBlockWidth, PANGO_ALIGN_CENTER);
    }
    LayoutPtr titleLayout() const { return layout(m_content.title, {15, true}, kContentWidth, PANGO_ALIGN_CENTER); }
    LayoutPtr periodLayout() const
    {
        return layout(m_header.period, {11, false, true}, kContentWidth, PANGO_ALIGN_CENTER);
    }
    LayoutPtr runningLayout() const
    {
        std::string s = m_content.title;
        if (!m_header.period.empty())
            s += " — " + m_header.period;
        s += " (tiếp theo)";
        return layout(s, {9, false, true}, kContentWidth - kDemoWidth - 10, PANGO_ALIGN_LEFT);
    }

    // Bottom of the title block (top of the table) on page 1, as paintTitleBlock() draws it.
    double titleBlockHeight() const
    {
        double y = kMargin;
        if (!m_header.agencyParent.empty())
            y += layoutHeight(agencyParentLayout().get());
        if (!m_header.agencyName.empty())
            y += layoutHeight(agencyNameLayout().get());
        y += 14;   // rule under the agency name and space
        y += layoutHeight(titleLayout().get());
        if (!m_header.period.empty())
            y += 2 + layoutHeight(periodLayout().get());
        return y + 10;
    }

    double runningHeaderHeight() const { return kMargin + layoutHeight(runningLayout().get()) + 6; }

    double paintTitleBlock()
    {
        paintDemo();
        double y = kMargin;
        if (!m_header.agencyParent.empty()) {
            LayoutPtr l = agencyParentLayout();
            show(l.get(), kMargin, y);
            y += layoutHeight(l.get());
        }
        if (!m_header.agencyName.empty()) {
            LayoutPtr l = agencyNameLayout();
            show(l.get(), kMargin, y);
            y += layoutHeight(l.get());
        }
        // The short rule under the agency name (NĐ 30 Phụ lục I, ô 2).
        const double mid = kMargin + kAgencyBlockWidth / 2;
        cairo_set_line_width(m_cr, kRuleWidth);
        cairo_move_to(m_cr, mid - 40, y + 3);
        cairo_line_to(m_cr, mid + 40, y + 3);
        cairo_stroke(m_cr);
        y += 14;
        {
            LayoutPtr l = titleLayout();
            show(l.get(), kMargin, y);
            y += layoutHeight(l.get());
        }
        if (!m_header.period.empty()) {
            y += 2;
            LayoutPtr l = periodLayout();
            show(l.get(), kMargin, y);
            y += layoutHeight(l.get());
        }
        return y + 10;
    }

    double paintRunningHeader()
    {
        paintDemo();
        LayoutPtr l = runningLayout();
        show(l.get(), kMargin, kMargin);
        return kMargin + layoutHeight(l.get()) + 6;
    }

    void paintDemo()
    {
        if (!m_header.demo)
            return;
        LayoutPtr l = layout(kDemoText, {10, true}, kDemoWidth, PANGO_ALIGN_RIGHT);
        cairo_set_source_rgb(m_cr, 0.75, 0.0, 0.0);
        show(l.get(), kPageWidth - kMargin - kDemoWidth, kMargin);
        cairo_set_source_rgb(m_cr, 0, 0, 0);
    }

    void paintFooter(size_t page, size_t pages)
    {
        const std::string s = "Trang " + std::to_string(page) + "/" + std::to_string(pages);
        LayoutPtr l = layout(s, {9}, kContentWidth, PANGO_ALIGN_CENTER);
        show(l.get(), kMargin, kPageHeight - kMargin - layoutHeight(l.get()));
    }

    // --- table -------------------------------------------------------------------------------

    void cellBorder(double x, double y, double w, double h)
    {
        cairo_set_line_width(m_cr, kRuleWidth);
        cairo_rectangle(m_cr, x, y, w, h);
        cairo_stroke(m_cr);
    }

    double paintHeadingRow(double y)
    {
        const double h = m_headingHeight;
        cairo_set_source_rgb(m_cr, 0.9, 0.9, 0.9);
        cairo_rectangle(m_cr, kMargin, y, kContentWidth, h);
        cairo_fill(m_cr);
        cairo_set_source_rgb(m_cr, 0, 0, 0);
        double x = kMargin;
        for (size_t col = 0; col < m_content.columns.size(); ++col) {
            LayoutPtr l = layout(m_content.columns[col].heading, {kHeadingSize, true}, m_widths[col] - 2 * kCellPadX,
                                 PANGO_ALIGN_CENTER);
            const double th = layoutHeight(l.get());
            show(l.get(), x + kCellPadX, y + (h - th) / 2);   // centred vertically
            cellBorder(x, y, m_widths[col], h);
            x += m_widths[col];
        }
        return y + h;
    }

    void paintRow(double y, const std::vector<std::string>& row, double h)
    {
        double x = kMargin;
        for (size_t col = 0; col < m_content.columns.size(); ++col) {
            if (!row[col].empty()) {
                LayoutPtr l = cellLayout(row, col);
                show(l.get(), x + kCellPadX, y + kCellPadY);
            }
            cellBorder(x, y, m_widths[col], h);
            x += m_widths[col];
        }
    }

    void paintEmptyRow(double y)
    {
        LayoutPtr l = layout(kEmptyText, {kBodySize, false, true}, kContentWidth - 2 * kCellPadX, PANGO_ALIGN_CENTER);
        const double h = layoutHeight(l.get()) + 4 * kCellPadY;
        show(l.get(), kMargin + kCellPadX, y + 2 * kCellPadY);
        cellBorder(kMargin, y, kContentWidth, h);
    }

    cairo_t* m_cr;
    const PrintHeader& m_header;
    const BookContent& m_content;
    ContextPtr m_context;
    AttrListPtr m_attrs;
    std::vector<double> m_widths;
    double m_headingHeight = 0;
    double m_firstBodyTop = 0;
    double m_bodyTop = kMargin;
};

std::string errnoText(int err) { return err ? std::string(std::strerror(err)) : std::string("unknown error"); }

Status writeBook(const BookContent& content, const PrintHeader& header, const std::string& pdfPath,
                 bool restricted)
{
    TempFile file(pdfPath);
    if (!file.isOpen())
        return fail(Errc::Io, "cannot create a temporary file beside " + pdfPath + ": " + errnoText(file.error()));
    // mkstemp makes the file 0600; the ordinary books are ordinary documents, the secret book stays
    // readable by its owner only.
    if (::fchmod(file.fd(), restricted ? 0600 : 0644) != 0)
        return fail(Errc::Io, "cannot set the mode of " + file.path() + ": " + errnoText(errno));

    {
        SurfacePtr surface(cairo_pdf_surface_create_for_stream(&TempFile::write, &file, kPageWidth, kPageHeight));
        if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
            return fail(Errc::Io, std::string("cannot create the PDF surface: ") +
                                      cairo_status_to_string(cairo_surface_status(surface.get())));
        std::string title = content.title;
        if (!header.period.empty())
            title += " — " + header.period;
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_AUTHOR, header.agencyName.c_str());
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "vanthu");

        CairoPtr cr(cairo_create(surface.get()));
        BookPainter painter(cr.get(), header, content);
        painter.paint();
        const cairo_status_t drawStatus = cairo_status(cr.get());
        cr.reset();
        cairo_surface_finish(surface.get());
        const cairo_status_t status =
            drawStatus != CAIRO_STATUS_SUCCESS ? drawStatus : cairo_surface_status(surface.get());
        if (status != CAIRO_STATUS_SUCCESS) {
            std::string detail = std::string("cannot write ") + file.path() + ": " + cairo_status_to_string(status);
            if (status == CAIRO_STATUS_WRITE_ERROR)
                detail += " (" + errnoText(file.error()) + ")";
            return fail(Errc::Io, detail);
        }
    }

    if (!file.commit(pdfPath))
        return fail(Errc::Io, "cannot save " + pdfPath + ": " + errnoText(file.error()));
    return {};
}

} // namespace

Status printIncomingBook(const std::vector<IncomingRecord>& rows, IncomingBook book, const PrintHeader& header,
                         const std::string& pdfPath)
{
    try {
        return writeBook(incomingContent(rows, book), header, pdfPath, book == IncomingBook::Secret);
    } catch (const std::exception& e) {   // std::bad_alloc; the temporary file is already removed
        return fail(Errc::Io, "printing " + pdfPath + " failed: " + e.what());
    }
}

Status printOutgoingBook(const std::vector<OutgoingRecord>& rows, const PrintHeader& header,
                         const std::string& pdfPath)
{
    try {
        return writeBook(outgoingContent(rows), header, pdfPath, false);
    } catch (const std::exception& e) {
        return fail(Errc::Io, "printing " + pdfPath + " failed: " + e.what());
    }
}

} // namespace vanthu::reg
