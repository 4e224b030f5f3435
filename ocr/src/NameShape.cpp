#include "NameShape_p.h"

#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace vanthu::ocr::detail {

namespace {

// A name set in bold Times New Roman (fontconfig gives its metric twin, Liberation Serif, where
// Times itself is not installed): 1 = ink, and the ink boxes of the family name (the columns
// before `givenByte`'s position) and of the given names.
struct SetName {
    int width = 0, height = 0;
    std::vector<uint8_t> ink;
    int fx0 = 0, fy0 = 0, fx1 = 0, fy1 = 0;  // family name's ink, [x0, x1) x [y0, y1); fx1 == fx0 when none
    int gx0 = 0, gy0 = 0, gx1 = 0, gy1 = 0;  // the given names'

    bool at(int x, int y) const { return x >= 0 && y >= 0 && x < width && y < height && ink[static_cast<size_t>(y) * width + x]; }
};

std::optional<SetName> setName(const std::string& text, size_t givenByte, double px)
{
    constexpr int margin = 4;
    const auto destroyCr = [](cairo_t* c) { cairo_destroy(c); };
    const auto destroySurface = [](cairo_surface_t* s) { cairo_surface_destroy(s); };
    std::unique_ptr<cairo_surface_t, decltype(destroySurface)> probe(cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1), destroySurface);
    std::unique_ptr<cairo_t, decltype(destroyCr)> probeCr(cairo_create(probe.get()), destroyCr);
    std::unique_ptr<PangoLayout, decltype(&g_object_unref)> layout(pango_cairo_create_layout(probeCr.get()), &g_object_unref);
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(pango_layout_get_context(layout.get()), options);
    cairo_font_options_destroy(options);
    pango_layout_context_changed(layout.get());
    PangoFontDescription* font = pango_font_description_from_string("Times New Roman Bold");
    pango_font_description_set_absolute_size(font, px * PANGO_SCALE);
    pango_layout_set_font_description(layout.get(), font);
    pango_font_description_free(font);
    pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
    PangoRectangle inkBox, logical;
    pango_layout_get_pixel_extents(layout.get(), &inkBox, &logical);
    if (logical.width <= 0 || logical.height <= 0)
        return std::nullopt;

    SetName s;
    s.width = logical.width + 2 * margin;
    s.height = logical.height + 2 * margin;
    std::unique_ptr<cairo_surface_t, decltype(destroySurface)> surface(cairo_image_surface_create(CAIRO_FORMAT_A8, s.width, s.height),
                                                                       destroySurface);
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
        return std::nullopt;
    {
        std::unique_ptr<cairo_t, decltype(destroyCr)> cr(cairo_create(surface.get()), destroyCr);
        cairo_move_to(cr.get(), margin, margin);
        pango_cairo_update_layout(cr.get(), layout.get());
        pango_cairo_show_layout(cr.get(), layout.get());
    }
    cairo_surface_flush(surface.get());
    const unsigned char* data = cairo_image_surface_get_data(surface.get());
    const int stride = cairo_image_surface_get_stride(surface.get());
    PangoRectangle pos;
    pango_layout_index_to_pos(layout.get(), static_cast<int>(givenByte), &pos);
    const int givenFrom = margin + PANGO_PIXELS(pos.x);

    s.ink.assign(static_cast<size_t>(s.width) * s.height, 0);
    s.fx0 = s.gx0 = s.width;
    s.fy0 = s.gy0 = s.height;
    for (int y = 0; y < s.height; ++y)
        for (int x = 0; x < s.width; ++x) {
            if (data[static_cast<size_t>(y) * stride + x] < 128)
                continue;
            s.ink[static_cast<size_t>(y) * s.width + x] = 1;
            auto [x0, y0, x1, y1] = x < givenFrom ? std::tie(s.fx0, s.fy0, s.fx1, s.fy1) : std::tie(s.gx0, s.gy0, s.gx1, s.gy1);
            x0 = std::min(x0, x);
            y0 = std::min(y0, y);
            x1 = std::max(x1, x + 1);
            y1 = std::max(y1, y + 1);
        }
    if (s.gx1 <= s.gx0)
        return std::nullopt;
    if (s.fx1 <= s.fx0)
        s.fx0 = s.fx1 = s.fy0 = s.fy1 = 0;
    return s;
}

// Each pixel's distance to the nearest ink pixel of `ink` (w × h), in pixels (a 3-4 chamfer,
// rounded); a large number where there is no ink at all.
std::vector<int> distances(const std::vector<uint8_t>& ink, int w, int h)
{
    constexpr int far = 1 << 20;
    std::vector<int> d(ink.size());
    for (size_t i = 0; i < ink.size(); ++i)
        d[i] = ink[i] ? 0 : far;
    const auto at = [&](int x, int y) -> int& { return d[static_cast<size_t>(y) * w + x]; };
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            int& v = at(x, y);
            if (x > 0) v = std::min(v, at(x - 1, y) + 3);
            if (y > 0) {
                v = std::min(v, at(x, y - 1) + 3);
                if (x > 0) v = std::min(v, at(x - 1, y - 1) + 4);
                if (x + 1 < w) v = std::min(v, at(x + 1, y - 1) + 4);
            }
        }
    for (int y = h - 1; y >= 0; --y)
        for (int x = w - 1; x >= 0; --x) {
            int& v = at(x, y);
            if (x + 1 < w) v = std::min(v, at(x + 1, y) + 3);
            if (y + 1 < h) {
                v = std::min(v, at(x, y + 1) + 3);
                if (x + 1 < w) v = std::min(v, at(x + 1, y + 1) + 4);
                if (x > 0) v = std::min(v, at(x - 1, y + 1) + 4);
            }
        }
    for (int& v : d)
        v = v >= far ? far : (v + 1) / 3;
    return d;
}

bool darkAt(const PageImage& p, int x, int y)
{
    if (x < 0 || y < 0 || x >= p.width || y >= p.height)
        return false;
    const uint8_t* row = p.pixels->data() + static_cast<size_t>(y) * p.stride;
    switch (p.format) {
    case PixelFormat::Mono1: return (row[x / 8] >> (7 - x % 8)) & 1;
    case PixelFormat::Gray8: return row[x] < 128;
    case PixelFormat::Rgb24: return (row[3 * x] * 3 + row[3 * x + 1] * 6 + row[3 * x + 2]) < 1280;
    }
    return false;
}

} // namespace

std::optional<ShapeMatch> familyByShape(const NameShapeQuery& q, std::span<const std::string_view> candidates)
{
    if (!q.page || q.page->empty() || q.given.width < 8 || q.given.height < 6 || q.givenText.empty() || candidates.empty())
        return std::nullopt;
    // The type size: the given names set at 100 px, scaled to the width they have on the page.
    const auto probe = setName(q.givenText, 0, 100);
    if (!probe || probe->gx1 - probe->gx0 < 10)
        return std::nullopt;
    const double px = 100.0 * q.given.width / (probe->gx1 - probe->gx0);
    if (px < 8 || px > 200)  // no name's type (14 pt is 117 px at 600 dpi): a box read wrong
        return std::nullopt;

    // The print's last ink column before the given names: the end of the family name, past the
    // blank columns between the words (none found: the words touch, or the seal covers the gap).
    std::optional<int> familyEnd;
    {
        const auto inkIn = [&](int x) {
            for (int y = q.given.y; y < q.given.bottom(); ++y)
                if ((!q.ignore || !q.ignore(x, y)) && darkAt(*q.page, x, y))
                    return true;
            return false;
        };
        const int gapMax = static_cast<int>(std::lround(px * 0.6));
        int x = q.given.x - 1;
        while (x > q.given.x - 1 - gapMax / 4 && x >= 0 && inkIn(x))  // the given names' own first column
            --x;
        int blank = 0;
        for (; x > q.given.x - gapMax && x >= 0; --x) {
            if (inkIn(x)) {
                if (blank >= 2)
                    familyEnd = x + 1;
                break;
            }
            ++blank;
        }
    }

    struct Placed {
        std::string_view family;
        SetName set;
        int dx = 0, dy = 0;  // page = set + (dx, dy)
    };
    std::vector<Placed> placed;
    for (std::string_view family : candidates) {
        // (The letters of a given name the seal hid are set with the family name and compared
        // with it: every candidate has them.)
        const std::string text = std::string(family) + " " + q.lostStart + q.givenText;
        auto s = setName(text, family.size() + 1 + q.lostStart.size(), px);
        if (!s || s->fx1 <= s->fx0)
            continue;
        Placed p{family, std::move(*s)};
        // Its last letter ends where the print's last ink before the given names does (the
        // space between the words is the typesetter's, not necessarily ours); the given names
        // placed on theirs when a word's start is compared too (no space before what was read).
        p.dx = familyEnd && q.lostStart.empty() ? *familyEnd - p.set.fx1 : q.given.x - p.set.gx0;
        p.dy = (q.given.y + q.given.bottom()) / 2 - (p.set.gy0 + p.set.gy1) / 2;
        placed.push_back(std::move(p));
    }
    if (placed.empty())
        return std::nullopt;

    // The region compared: left of the given names, as far as the widest family name reaches,
    // over the height any of them takes (capitals and their marks).
    int rx0 = q.given.x, ry0 = q.given.bottom(), ry1 = q.given.y;
    for (const Placed& p : placed) {
        rx0 = std::min(rx0, p.set.fx0 + p.dx);
        ry0 = std::min(ry0, p.set.fy0 + p.dy);
        ry1 = std::max(ry1, p.set.fy1 + p.dy);
    }
    const int slack = std::max(2, static_cast<int>(std::lround(px / 12)));
    rx0 = std::max({0, q.band.x, rx0 - slack});
    ry0 = std::max(0, ry0 - slack);
    ry1 = std::min(q.page->height, ry1 + slack);
    const int rx1 = std::min(q.page->width, q.given.x - std::max(1, static_cast<int>(std::lround(px / 10))));
    const int rw = rx1 - rx0, rh = ry1 - ry0;
    if (rw <= 0 || rh <= 0)
        return std::nullopt;

    // The print there, and how far each pixel is from it.
    std::vector<uint8_t> seen(static_cast<size_t>(rw) * rh), compared(seen.size());
    for (int y = 0; y < rh; ++y)
        for (int x = 0; x < rw; ++x) {
            const size_t i = static_cast<size_t>(y) * rw + x;
            compared[i] = !q.ignore || !q.ignore(rx0 + x, ry0 + y);
            seen[i] = compared[i] && darkAt(*q.page, rx0 + x, ry0 + y);
        }
    const std::vector<int> toSeen = distances(seen, rw, rh);

    // Each family name set in front of the given names, tried shifted by up to a sixth of the
    // type size across and a twelfth down (the given names' box as read is a few pixels off: a
    // mark beside a word, the type not quite ours). Its likeness: one less the mean distance,
    // in tenths of the type size and at most that, from each of its ink pixels to the print and
    // from each pixel of the print to its ink (ink it leaves unexplained counts as much as ink
    // it adds: a short name does not win by claiming little).
    const int limit = std::max(2, static_cast<int>(std::lround(px / 10)));
    const int shiftX = std::max(1, static_cast<int>(std::lround(px / 6))), shiftY = std::max(1, static_cast<int>(std::lround(px / 12)));
    // (Only ink pixels count, so each shift runs over the lists of them.)
    std::vector<std::pair<int, int>> seenInk;
    for (int y = 0; y < rh; ++y)
        for (int x = 0; x < rw; ++x)
            if (seen[static_cast<size_t>(y) * rw + x])
                seenInk.emplace_back(x, y);
    if (seenInk.empty())
        return std::nullopt;
    // Every shift is a constant offset into maps padded by twice the largest shift (a pixel
    // further out is outside for every shift), so each shift's sums run over flat lists of indexes.
    const int padX = 2 * shiftX, padY = 2 * shiftY;
    // The print's side: per pixel of the padded region, 1 << 32 where it is compared, plus its
    // distance to the print (at most `limit`): one sum gives the set ink compared and its distance.
    const int regionW = rw + 2 * padX, regionH = rh + 2 * padY;
    std::vector<uint64_t> toPrint(static_cast<size_t>(regionW) * regionH, 0);
    for (int y = 0; y < rh; ++y)
        for (int x = 0; x < rw; ++x)
            if (const size_t i = static_cast<size_t>(y) * rw + x; compared[i])
                toPrint[static_cast<size_t>(y + padY) * regionW + x + padX] =
                    (uint64_t{1} << 32) | static_cast<uint64_t>(std::min(limit, toSeen[i]));
    std::vector<std::pair<double, std::string_view>> scores;
    std::vector<int64_t> setAt, seenAt;
    for (const Placed& p : placed) {
        // The family name's ink (the columns before fx1), and each pixel's distance to it as far
        // as that is under `limit`: `limit` columns past its last ink column it is `limit` or more
        // (a 3-4 chamfer step across costs a pixel), so the map stops there.
        const int familyW = std::min(p.set.width, p.set.fx1 - 1 + limit);
        std::vector<uint8_t> family(static_cast<size_t>(familyW) * p.set.height, 0);
        for (int y = 0; y < p.set.height; ++y)
            for (int x = 0; x < std::min(familyW, p.set.fx1); ++x)
                family[static_cast<size_t>(y) * familyW + x] = p.set.ink[static_cast<size_t>(y) * p.set.width + x];
        const std::vector<int> toFamily = distances(family, familyW, p.set.height);
        // The set name's side: its distance map, `limit` outside the set.
        const int setW = p.set.width + 2 * padX, setH = p.set.height + 2 * padY;
        std::vector<int> toSet(static_cast<size_t>(setW) * setH, limit);
        for (int y = 0; y < p.set.height; ++y)
            for (int x = 0; x < familyW; ++x)
                toSet[static_cast<size_t>(y + padY) * setW + x + padX] = std::min(limit, toFamily[static_cast<size_t>(y) * familyW + x]);
        // Each set ink pixel's index in the padded region unshifted (none: outside for every shift).
        setAt.clear();
        for (int y = 0; y < p.set.height; ++y)
            for (int x = 0; x < std::min(familyW, p.set.fx1); ++x) {
                if (!family[static_cast<size_t>(y) * familyW + x])
                    continue;
                const int rx = x + p.dx - rx0, ry = y + p.dy - ry0;
                if (rx >= -shiftX && ry >= -shiftY && rx < rw + shiftX && ry < rh + shiftY)
                    setAt.push_back(static_cast<int64_t>(ry + padY) * regionW + rx + padX);
            }
        // Each print ink pixel's index in the padded set map unshifted; those outside it for every
        // shift count `limit` each.
        seenAt.clear();
        double seenAlwaysFar = 0;
        for (const auto& [x, y] : seenInk) {
            const int tx = rx0 + x - p.dx, ty = ry0 + y - p.dy;
            if (tx >= -shiftX && ty >= -shiftY && tx < p.set.width + shiftX && ty < p.set.height + shiftY)
                seenAt.push_back(static_cast<int64_t>(ty + padY) * setW + tx + padX);
            else
                seenAlwaysFar += limit;
        }
        double best = 0;
        for (int sy = -shiftY; sy <= shiftY; ++sy)
            for (int sx = -shiftX; sx <= shiftX; ++sx) {
                // Set ink to the print (where it is compared), print to the set ink.
                const int64_t toRegion = static_cast<int64_t>(sy) * regionW + sx, toSetMap = -(static_cast<int64_t>(sy) * setW + sx);
                uint64_t setSum = 0;
                for (const int64_t i : setAt)
                    setSum += toPrint[static_cast<size_t>(i + toRegion)];
                int64_t seenSum = 0;
                for (const int64_t i : seenAt)
                    seenSum += toSet[static_cast<size_t>(i + toSetMap)];
                const double setInk = static_cast<double>(setSum >> 32), setFar = static_cast<double>(setSum & 0xffffffffu);
                const double seenFar = seenAlwaysFar + static_cast<double>(seenSum);
                if (setInk == 0)
                    continue;
                const double far = (setFar / setInk + seenFar / static_cast<double>(seenInk.size())) / (2.0 * limit);
                best = std::max(best, 1.0 - far);
            }
        scores.emplace_back(best, p.family);
    }
    std::sort(scores.begin(), scores.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    ShapeMatch m;
    m.family = std::string(scores.front().second);
    m.score = scores.front().first;
    m.runnerUp = scores.size() > 1 ? scores[1].first : 0;
    for (size_t i = 0; i < scores.size() && i < 4; ++i)
        m.ranked.emplace_back(std::string(scores[i].second), scores[i].first);
    return m;
}

} // namespace vanthu::ocr::detail
