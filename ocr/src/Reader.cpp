#include "vanthu/ocr/Reader.h"

#include "vanthu/core/VnText.h"
#include "vanthu/ocr/Grammar.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <numeric>

namespace vanthu::ocr {

namespace {

Request regionRequest(const PageImage& page, Rect r, Layout layout = Layout::Auto)
{
    Request q;
    q.page = page;
    q.region = r;
    q.layout = layout;
    q.deadline = std::chrono::milliseconds{20000};
    return q;
}

bool startsWithAny(const std::string& line, std::initializer_list<std::string_view> prefixes)
{
    const std::string k = text::searchKey(line);
    return std::any_of(prefixes.begin(), prefixes.end(), [&](std::string_view p) { return k.starts_with(p); });
}

// Caps lines are what agency names look like: most letters upper case.
bool mostlyUpper(const std::string& s)
{
    int upper = 0, letters = 0;
    // Compare word by word: a word equal to its upper form and not to its lower form is caps.
    size_t i = 0;
    while (i < s.size()) {
        size_t j = s.find(' ', i);
        if (j == std::string::npos)
            j = s.size();
        const std::string w = s.substr(i, j - i);
        if (text::lower(w) != w) {
            ++letters;
            if (text::upper(w) == w)
                ++upper;
        }
        i = j + 1;
    }
    return letters > 0 && upper * 10 >= letters * 8;
}

Rect unite(const Rect& a, const Rect& b)
{
    if (a.width == 0)
        return b;
    const int x0 = std::min(a.x, b.x), y0 = std::min(a.y, b.y);
    const int x1 = std::max(a.right(), b.right()), y1 = std::max(a.bottom(), b.bottom());
    return {x0, y0, x1 - x0, y1 - y0};
}

std::string joinLines(const std::vector<const Line*>& lines)
{
    std::string s;
    for (const Line* l : lines) {
        if (!s.empty())
            s += ' ';
        s += l->text;
    }
    return text::simplifySpaces(s);
}

void setField(Extraction& x, const std::string& name, const std::vector<const Line*>& lines)
{
    FieldInfo f;
    float conf = 0;
    for (const Line* l : lines) {
        f.region = unite(f.region, l->box);
        conf += l->confidence;
    }
    f.confidence = lines.empty() ? 0 : conf / static_cast<float>(lines.size());
    x.fields[name] = f;
}

// Lines of an OCR result sorted top to bottom.
std::vector<const Line*> sortedLines(const OcrResult& r)
{
    std::vector<const Line*> v;
    for (const Line& l : r.lines)
        if (!text::simplifySpaces(l.text).empty())
            v.push_back(&l);
    std::sort(v.begin(), v.end(), [](const Line* a, const Line* b) { return a->box.y < b->box.y; });
    return v;
}

// Agency names end at the rule under them; OCR reads the rule as underscores or dashes.
bool isRule(const std::string& s)
{
    const std::string t = text::simplifySpaces(s);
    return !t.empty() && std::all_of(t.begin(), t.end(), [](char c) { return c == '_' || c == '-' || c == ' ' || c == '.'; });
}

// Agency names are words of letters; OCR adds fragments of the rule under the name ("_", "(",
// "_C", "€") and the first letters of the motto column ("CỘ"). Keep words with at least two
// letters (or a known one-letter word), and a comma or hyphen that stands between words.
std::string dropFragments(const std::string& s)
{
    std::string out;
    size_t i = 0;
    while (i < s.size()) {
        size_t j = s.find(' ', i);
        if (j == std::string::npos)
            j = s.size();
        std::string w = s.substr(i, j - i);
        i = j + 1;
        while (!w.empty() && (w.front() == '_' || w.front() == '(' || w.front() == '|'))
            w.erase(w.begin());
        while (!w.empty() && (w.back() == '_' || w.back() == '(' || w.back() == '|'))
            w.pop_back();
        int letters = 0;
        for (size_t k = 0; k < w.size(); ++k)
            if (std::isalpha(static_cast<unsigned char>(w[k])) || static_cast<unsigned char>(w[k]) >= 0xC3)
                ++letters;
        if (w == "-" || w == "–" || letters >= 2 || w == "Y" || w == "Ý")
            out += (out.empty() ? "" : " ") + w;
    }
    return out;
}

std::string cleanCaps(const std::string& s)
{
    std::string t = dropFragments(text::simplifySpaces(s));
    // Strip OCR residue of the rule line stuck to a word ("_SỞ THÔNG TIN").
    while (!t.empty() && (t.front() == '_' || t.front() == '-' || t.front() == '.' || t.front() == '|'))
        t.erase(t.begin());
    while (!t.empty() && (t.back() == '_' || t.back() == '-' || t.back() == '.' || t.back() == '|'))
        t.pop_back();
    return text::simplifySpaces(t);
}

} // namespace

double strokeWeight(const PageImage& page, const Rect& box)
{
    const PageImage crop = page.crop(box.x, box.y, box.width, box.height);
    if (crop.empty() || crop.height < 4)
        return 0;
    const auto& px = *crop.pixels;
    // Histogram of horizontal dark run lengths. Vertical stems dominate the short runs; crossbars
    // and rules make a long tail, so the median stem width is the robust measure of weight.
    std::vector<int> histogram(64, 0);
    int total = 0;
    for (int y = 0; y < crop.height; ++y) {
        const uint8_t* row = px.data() + static_cast<size_t>(y) * crop.stride;
        int run = 0;
        for (int x = 0; x <= crop.width; ++x) {
            bool isDark = false;
            if (x < crop.width) {
                switch (crop.format) {
                case PixelFormat::Mono1: isDark = row[x >> 3] & (0x80 >> (x & 7)); break;
                case PixelFormat::Gray8: isDark = row[x] < 128; break;
                case PixelFormat::Rgb24: isDark = (row[3 * x] + row[3 * x + 1] + row[3 * x + 2]) < 3 * 128; break;
                }
            }
            if (isDark) {
                ++run;
            } else if (run > 0) {
                ++histogram[static_cast<size_t>(std::min(run, 63))];
                ++total;
                run = 0;
            }
        }
    }
    if (total == 0)
        return 0;
    int seen = 0;
    for (size_t len = 1; len < histogram.size(); ++len) {
        seen += histogram[len];
        if (2 * seen >= total) // the median run, in millimetres so pages of any resolution compare
            return static_cast<double>(len) * 25.4 / (page.dpi > 0 ? page.dpi : 300);
    }
    return 63.0 * 25.4 / (page.dpi > 0 ? page.dpi : 300);
}

Result<Extraction> Reader::readHeader(const PageImage& page)
{
    const auto started = std::chrono::steady_clock::now();
    if (page.empty())
        return fail(Errc::InvalidInput, "empty page");
    const int W = page.width, H = page.height;
    // NĐ 30 Phụ lục I: the agency column (ô 2, 3, 5b, 10) sits in the left ~45 % of the width; the
    // motto column (ô 1, 4) from ~47 %. Read apart, two-line agency names stay together.
    const Rect leftBox{0, 0, W * 455 / 1000, H * 42 / 100};
    const Rect rightBox{W * 42 / 100, 0, W - W * 42 / 100, H * 22 / 100};
    auto leftF = m_engine.recognize(regionRequest(page, leftBox));
    auto rightF = m_engine.recognize(regionRequest(page, rightBox));
    auto left = leftF.get();
    auto right = rightF.get();
    if (!left)
        return std::unexpected(left.error());
    if (!right)
        return std::unexpected(right.error());

    Extraction x;
    DocumentMeta& m = x.meta;
    const auto L = sortedLines(*left);
    const auto R = sortedLines(*right);

    // ô 3: the number line.
    int numberLine = -1;
    for (size_t i = 0; i < L.size(); ++i) {
        if (auto n = grammar::findNumberSymbol(L[i]->text)) {
            m.numberSymbol = n->value;
            x.numberBlank = n->blank;
            numberLine = static_cast<int>(i);
            setField(x, "number_symbol", {L[i]});
            break;
        }
    }
    // ô 4: place and date in the motto column.
    int dateBottom = 0;
    for (const Line* l : R) {
        if (auto d = grammar::findPlaceDate(l->text)) {
            m.issuedDate = d->date;
            m.place = d->place;
            x.dayBlank = d->dayBlank;
            dateBottom = l->box.bottom();
            setField(x, "issued_date", {l});
            setField(x, "place", {l});
            break;
        }
    }

    // ô 2: the agency lines above the number: parent body (regular) then issuer (bold).
    std::vector<const Line*> agency;
    for (int i = 0; i < (numberLine >= 0 ? numberLine : static_cast<int>(L.size())); ++i) {
        const Line* l = L[static_cast<size_t>(i)];
        if (isRule(l->text) || !mostlyUpper(cleanCaps(l->text)))
            continue;
        if (startsWithAny(l->text, {"cong hoa", "doc lap"}))
            continue;
        agency.push_back(l);
    }
    if (numberLine < 0 && agency.size() > 4)
        agency.resize(4);
    if (!agency.empty()) {
        std::vector<double> weight;
        for (const Line* l : agency)
            weight.push_back(strokeWeight(page, l->box));
        const double heaviest = *std::max_element(weight.begin(), weight.end());
        // The issuer is the bold run at the end; everything above it is the parent body.
        size_t split = agency.size();
        while (split > 0 && weight[split - 1] >= 0.8 * heaviest)
            --split;
        std::vector<const Line*> parent(agency.begin(), agency.begin() + static_cast<long>(split));
        std::vector<const Line*> issuer(agency.begin() + static_cast<long>(split), agency.end());
        std::string issuerText, parentText;
        for (const Line* l : issuer)
            issuerText += (issuerText.empty() ? "" : " ") + cleanCaps(l->text);
        for (const Line* l : parent)
            parentText += (parentText.empty() ? "" : " ") + cleanCaps(l->text);
        m.issuer = text::simplifySpaces(issuerText);
        m.issuerParent = text::simplifySpaces(parentText);
        setField(x, "issuer", issuer);
        if (!parent.empty())
            setField(x, "issuer_parent", parent);
    }

    // ô 10 and ô 5b: marks and "V/v" lines under the number.
    std::vector<const Line*> vv;
    if (numberLine >= 0) {
        const int lineHeight = std::max(1, L[static_cast<size_t>(numberLine)]->box.height);
        int lastBottom = L[static_cast<size_t>(numberLine)]->box.bottom();
        for (size_t i = static_cast<size_t>(numberLine) + 1; i < L.size(); ++i) {
            const Line* l = L[i];
            if (auto u = grammar::matchUrgencyMark(l->text)) {
                m.urgency = *u;
                setField(x, "urgency", {l});
                continue;
            }
            if (auto s = grammar::matchSecrecyMark(l->text)) {
                m.secrecy = *s;
                setField(x, "secrecy", {l});
                continue;
            }
            if (vv.empty()) {
                if (startsWithAny(l->text, {"v/v", "v/ v", "viv", "v v "}))
                    vv.push_back(l);
            } else {
                if (startsWithAny(l->text, {"kinh gui"}) || l->box.y - lastBottom > 2 * lineHeight)
                    break;
                vv.push_back(l);
            }
            if (!vv.empty())
                lastBottom = vv.back()->box.bottom();
        }
    }

    if (!vv.empty()) {
        m.type = doctype::congVan();
        std::string subject = joinLines(vv);
        // Normalise the "V/v" prefix OCR may read as "V/ v" or "Viv".
        const auto sp = subject.find(' ');
        subject = "V/v" + (sp == std::string::npos ? std::string() : subject.substr(sp));
        m.subject = subject;
        setField(x, "subject", vv);
        x.fields["type"] = x.fields["subject"];
    } else {
        // ô 5a: the centred type name and the bold subject under it.
        const int top = std::max(dateBottom, numberLine >= 0 ? L[static_cast<size_t>(numberLine)]->box.bottom() : H / 8);
        const Rect band{W / 10, top + 2, W * 8 / 10, H * 24 / 100};
        auto mid = m_engine.recognize(regionRequest(page, band)).get();
        if (!mid)
            return std::unexpected(mid.error());
        const auto M = sortedLines(*mid);
        size_t typeLine = M.size();
        for (size_t i = 0; i < M.size(); ++i) {
            if (auto t = grammar::matchTypeName(M[i]->text)) {
                m.type = *t;
                typeLine = i;
                setField(x, "type", {M[i]});
                break;
            }
        }
        if (typeLine < M.size()) {
            std::vector<const Line*> subject;
            const double typeWeight = strokeWeight(page, M[typeLine]->box);
            const int lineHeight = std::max(1, M[typeLine]->box.height);
            int lastBottom = M[typeLine]->box.bottom();
            for (size_t i = typeLine + 1; i < M.size(); ++i) {
                const Line* l = M[i];
                if (isRule(l->text))
                    break;
                if (startsWithAny(l->text, {"can cu", "kinh gui", "thuc hien", "xet ", "theo de nghi"}))
                    break;
                if (l->box.y - lastBottom > 2 * lineHeight)
                    break;
                // Subject lines are bold like the type name; the body that follows is not.
                if (!subject.empty() && strokeWeight(page, l->box) < 0.7 * typeWeight)
                    break;
                subject.push_back(l);
                lastBottom = l->box.bottom();
            }
            m.subject = joinLines(subject);
            if (!subject.empty())
                setField(x, "subject", subject);
        }
    }

    // Cross-checks: the type named in the symbol must agree with the printed type name.
    if (!m.numberSymbol.symbol.empty()) {
        const std::string abbr = m.numberSymbol.typeAbbreviation();
        if (!m.type) {
            m.type = abbr.empty() ? doctype::congVan() : doctype::byAbbreviation(abbr);
            x.warnings.push_back("type taken from the symbol");
        } else if (m.type->abbreviation != abbr) {
            x.warnings.push_back("the symbol's type (" + (abbr.empty() ? std::string("công văn") : abbr) +
                                 ") disagrees with the printed type name (" + std::string(m.type->name) + ")");
            // The symbol is read more reliably than a wrapped centred line.
            if (auto t = abbr.empty() ? std::optional<DocumentType>(doctype::congVan()) : doctype::byAbbreviation(abbr))
                m.type = t;
        }
    }
    if (!m.issuedDate && !x.dayBlank)
        x.warnings.push_back("no date found");
    if (m.issuer.empty())
        x.warnings.push_back("no issuing agency found");
    x.headerSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return x;
}

} // namespace vanthu::ocr
