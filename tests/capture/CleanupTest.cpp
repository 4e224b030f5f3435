// Page cleanup on the scanned corpus (../shared/corpus/dev): every page of every scan PDF, imported
// with capture::importFile at the document's scan resolution, goes through cleanPage once; the
// tests then compare what it found with the ground truth (page_rotations, blank_pages,
// degradations.pages[].skew_deg) and print precision and recall.
#include "vanthu/capture/Cleanup.h"
#include "vanthu/capture/Import.h"

#include "TestSupport.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

using namespace vanthu;

namespace {

const std::string kCorpus = std::string(VANTHU_SHARED_DIR) + "/corpus/dev";

struct CorpusPage {
    std::string id;
    int index = 0;
    int truthRotation = 0;
    bool truthBlank = false;
    double truthSkew = 0;
    // What cleanPage found:
    bool ok = false;
    std::string error;
    capture::CleanResult clean;
    double residualSkew = 0;   // deskew() run again on the cleaned page
    double residualConfidence = 0;
};

// Imports and cleans one document's pages.
std::vector<CorpusPage> cleanDocument(const std::string& line)
{
    std::vector<CorpusPage> out;
    const auto truth = nlohmann::json::parse(line);
    const std::string id = truth["id"];
    capture::ImportOptions o;
    o.dpi = truth["degradations"]["dpi"];
    auto f = capture::importFile(kCorpus + "/scans/" + id + ".pdf", o);
    if (!f) {
        CorpusPage failed;
        failed.id = id;
        failed.error = "import: " + f.error().toString();
        out.push_back(failed);
        return out;
    }
    for (size_t i = 0; i < f->pages.size(); ++i) {
        CorpusPage p;
        p.id = id;
        p.index = static_cast<int>(i);
        p.truthRotation = truth["page_rotations"][i];
        for (const auto& b : truth["blank_pages"])
            p.truthBlank = p.truthBlank || b.get<size_t>() == i;
        p.truthSkew = truth["degradations"]["pages"][i]["skew_deg"];
        auto r = capture::cleanPage(f->pages[i]);
        p.ok = r.has_value();
        if (r) {
            p.clean = std::move(*r);
            if (!p.clean.blank.blank) {
                if (auto again = capture::deskew(p.clean.page)) {
                    p.residualSkew = again->angleDeg;
                    p.residualConfidence = again->confidence;
                }
            }
        } else {
            p.error = r.error().toString();
        }
        // Keep memory low: the cleaned pixels are not needed after the measures.
        p.clean.page.pixels.reset();
        out.push_back(std::move(p));
    }
    return out;
}

// Loads and cleans the whole corpus once for all checks of this file, two documents at a time
// (cleanPage is a pure function; CI machines have two cores).
const std::vector<CorpusPage>& corpus()
{
    static const std::vector<CorpusPage> pages = [] {
        std::ifstream in(kCorpus + "/truth.jsonl");
        EXPECT_TRUE(in) << "corpus missing: " << kCorpus;
        std::vector<std::string> lines;
        for (std::string line; std::getline(in, line);)
            lines.push_back(line);
        std::vector<std::vector<CorpusPage>> perDoc(lines.size());
        std::atomic<size_t> next{0};
        const auto worker = [&] {
            for (size_t i = next++; i < lines.size(); i = next++)
                perDoc[i] = cleanDocument(lines[i]);
        };
        std::thread a(worker), b(worker);
        a.join();
        b.join();
        std::vector<CorpusPage> out;
        for (auto& d : perDoc)
            for (auto& p : d)
                out.push_back(std::move(p));
        return out;
    }();
    return pages;
}

std::string name(const CorpusPage& p) { return p.id + " p" + std::to_string(p.index); }

// A synthetic colour page: text-like lines, a red seal ring and a blue signature stroke.
PageImage colourLetter(int dpi)
{
    const int w = static_cast<int>(210 / 25.4 * dpi), h = static_cast<int>(297 / 25.4 * dpi);
    PageImage p = PageImage::blank(w, h, dpi, PixelFormat::Rgb24);
    auto px = std::make_shared<std::vector<uint8_t>>(*p.pixels);
    const auto put = [&](int x, int y, uint8_t r, uint8_t g, uint8_t b) {
        if (x < 0 || y < 0 || x >= w || y >= h)
            return;
        uint8_t* q = px->data() + static_cast<size_t>(y) * p.stride + 3 * static_cast<size_t>(x);
        q[0] = r;
        q[1] = g;
        q[2] = b;
    };
    const double mm = dpi / 25.4;
    // 30 lines of "words": dark blocks 2.5 mm high with gaps, like a body text.
    for (int line = 0; line < 30; ++line) {
        const int y0 = static_cast<int>((40 + 6 * line) * mm);
        for (int word = 0; word < 12; ++word) {
            const int x0 = static_cast<int>((30 + 13 * word) * mm);
            for (int y = y0; y < y0 + static_cast<int>(2.5 * mm); ++y)
                for (int x = x0; x < x0 + static_cast<int>(10 * mm); ++x)
                    if ((x / 3) % 2 == 0) // letters: strokes, not a solid block
                        put(x, y, 20, 20, 20);
        }
    }
    // Red seal: a ring of radius 18 mm, 1.2 mm wide, at (150 mm, 250 mm).
    for (int y = static_cast<int>(230 * mm); y < static_cast<int>(270 * mm); ++y)
        for (int x = static_cast<int>(130 * mm); x < static_cast<int>(170 * mm); ++x) {
            const double r = std::hypot(x / mm - 150, y / mm - 250);
            if (r > 16.8 && r < 18)
                put(x, y, 220, 30, 40);
        }
    // Blue signature: a sine stroke.
    for (int x = static_cast<int>(120 * mm); x < static_cast<int>(175 * mm); ++x)
        for (int t = -2; t <= 2; ++t)
            put(x, static_cast<int>(255 * mm + 6 * mm * std::sin(x / mm / 4)) + t, 30, 50, 200);
    p.pixels = px;
    return p;
}

int countColour(const PageImage& p, bool red)
{
    int n = 0;
    for (int y = 0; y < p.height; ++y)
        for (int x = 0; x < p.width; ++x) {
            const uint8_t* q = p.pixels->data() + static_cast<size_t>(y) * p.stride + 3 * static_cast<size_t>(x);
            if (red ? (q[0] > 150 && q[1] < 110 && q[2] < 110) : (q[2] > 140 && q[0] < 110 && q[1] < 130))
                ++n;
        }
    return n;
}

// The checks on the corpus share one pass of cleanPage over its 82 pages (about a minute on one
// core); ctest runs each TEST in its own process, so they are sections of one test.
void everyCorpusPageIsCleanedWithoutError()
{
    const auto& pages = corpus();
    ASSERT_EQ(pages.size(), 82u) << "the dev corpus has 82 scanned pages";
    for (const auto& p : pages)
        EXPECT_TRUE(p.ok) << name(p) << ": " << p.error;
}

void blankBackPagesAreFlaggedAndTextPagesAreNot()
{
    int tp = 0, fp = 0, fn = 0, tn = 0;
    double maxBlankScore = 0, minTextScore = 1e9;
    for (const auto& p : corpus()) {
        if (!p.ok)
            continue;
        const bool flagged = p.clean.blank.blank;
        if (p.truthBlank) {
            maxBlankScore = std::max(maxBlankScore, p.clean.blank.score);
            flagged ? ++tp : ++fn;
        } else {
            minTextScore = std::min(minTextScore, p.clean.blank.score);
            flagged ? ++fp : ++tn;
        }
        EXPECT_EQ(flagged, p.truthBlank) << name(p) << " score " << p.clean.blank.score << "‰";
    }
    const double precision = tp + fp ? double(tp) / (tp + fp) : 0, recall = tp + fn ? double(tp) / (tp + fn) : 0;
    std::printf("[ blank    ] %d blank back pages, %d text pages: precision %.3f, recall %.3f "
                "(highest blank score %.3f‰, lowest text score %.3f‰, threshold 0.8‰)\n",
                tp + fn, fp + tn, precision, recall, maxBlankScore, minTextScore);
    EXPECT_GE(tp + fn, 10) << "the corpus has blank back pages";
    EXPECT_GE(precision, 0.95);
    EXPECT_GE(recall, 0.95);
}

void rotatedPagesComeOutUpright()
{
    int rotated = 0, rotatedRight = 0, upright = 0, uprightKept = 0;
    for (const auto& p : corpus()) {
        if (!p.ok || p.truthBlank)
            continue;
        if (p.truthRotation != 0) {
            ++rotated;
            rotatedRight += p.clean.rotationDeg == p.truthRotation;
        } else {
            ++upright;
            uprightKept += p.clean.rotationDeg == 0;
        }
        EXPECT_EQ(p.clean.rotationDeg, p.truthRotation) << name(p);
    }
    std::printf("[ rotation ] turned pages found and corrected: %d of %d; upright pages left upright: %d of %d\n",
                rotatedRight, rotated, uprightKept, upright);
    EXPECT_EQ(rotated, 5) << "truth: 180° in 3 documents, 90° and 270° in one each";
    EXPECT_EQ(rotatedRight, rotated);
    EXPECT_GE(uprightKept, upright - 1);
}

void deskewBringsPagesWithinAThirdOfADegree()
{
    int pages = 0, within = 0;
    double worstFound = 0, worstResidual = 0, sumResidual = 0;
    for (const auto& p : corpus()) {
        if (!p.ok || p.truthBlank)
            continue;
        ++pages;
        // Against the truth: what remains after turning by the found angle.
        const double left = std::abs(p.truthSkew - p.clean.skewDeg);
        // Measured again on the output (Leptonica's sweep on the cleaned page).
        const double residual = std::abs(p.residualSkew);
        worstFound = std::max(worstFound, left);
        worstResidual = std::max(worstResidual, residual);
        sumResidual += residual;
        within += left <= 0.3 && residual <= 0.3;
        EXPECT_LE(left, 0.3) << name(p) << ": truth " << p.truthSkew << "°, found " << p.clean.skewDeg << "°";
        EXPECT_LE(residual, 0.3) << name(p) << ": residual skew " << p.residualSkew << "° (confidence "
                                 << p.residualConfidence << ")";
    }
    std::printf("[ deskew   ] %d of %d text pages within 0.3°: worst |truth - found| %.3f°, worst residual %.3f°, "
                "mean residual %.3f°\n",
                within, pages, worstFound, worstResidual, pages ? sumResidual / pages : 0.0);
    EXPECT_EQ(within, pages);
}

} // namespace

TEST(Cleanup, CorpusPagesAreDeskewedTurnedUprightAndBlankBacksFlagged)
{
    {
        SCOPED_TRACE("cleaned without error");
        everyCorpusPageIsCleanedWithoutError();
    }
    {
        SCOPED_TRACE("blank back pages flagged, text pages not");
        blankBackPagesAreFlaggedAndTextPagesAreNot();
    }
    {
        SCOPED_TRACE("rotated pages come out upright");
        rotatedPagesComeOutUpright();
    }
    {
        SCOPED_TRACE("deskew within 0.3°");
        deskewBringsPagesWithinAThirdOfADegree();
    }
}

TEST(Cleanup, StampsAndSignaturesKeepTheirColour)
{
    const PageImage page = colourLetter(150);
    const int red = countColour(page, true), blue = countColour(page, false);
    ASSERT_GT(red, 1000);
    ASSERT_GT(blue, 500);
    auto r = capture::cleanPage(page);
    ASSERT_TRUE(r) << r.error().toString();
    ASSERT_EQ(r->page.format, PixelFormat::Rgb24);
    EXPECT_FALSE(r->blank.blank);
    EXPECT_GT(countColour(r->page, true), red * 8 / 10);
    EXPECT_GT(countColour(r->page, false), blue * 8 / 10);

    auto b = capture::binarize(page);
    ASSERT_TRUE(b) << b.error().toString();
    EXPECT_EQ(b->format, PixelFormat::Mono1);
    EXPECT_EQ(b->width, page.width);
    // The archive copy keeps the seal and text as black, and most of the page white.
    EXPECT_FALSE(capture::detectBlank(*b).blank);
}

TEST(Cleanup, BlankScoreIgnoresNoiseAndShowThrough)
{
    const int dpi = 200;
    PageImage page = PageImage::blank(static_cast<int>(210 / 25.4 * dpi), static_cast<int>(297 / 25.4 * dpi), dpi, PixelFormat::Gray8);
    auto px = std::make_shared<std::vector<uint8_t>>(*page.pixels);
    // Paper at 240 with sensor noise, faint mirrored "text" at 225 (show-through), dust specks.
    uint32_t seed = 12345;
    const auto rnd = [&] { return (seed = seed * 1103515245u + 12345u) >> 16; };
    for (size_t i = 0; i < px->size(); ++i)
        (*px)[i] = static_cast<uint8_t>(236 + rnd() % 8);
    for (int line = 0; line < 40; ++line)
        for (int y = 200 + line * 45; y < 215 + line * 45; ++y)
            for (int x = 250; x < 1400; ++x)
                if ((x / 4) % 3 != 0)
                    (*px)[static_cast<size_t>(y) * page.stride + static_cast<size_t>(x)] = 222;
    for (int k = 0; k < 300; ++k) {
        const int x = 100 + static_cast<int>(rnd() % 1400), y = 100 + static_cast<int>(rnd() % 2100);
        (*px)[static_cast<size_t>(y) * page.stride + static_cast<size_t>(x)] = 30;
    }
    page.pixels = px;
    const auto blank = capture::detectBlank(page);
    EXPECT_TRUE(blank.blank) << blank.score;
    // One short typed line makes it a page with content.
    for (int y = 1000; y < 1030; ++y)
        for (int x = 300; x < 900; ++x)
            if ((x / 5) % 2 == 0)
                (*px)[static_cast<size_t>(y) * page.stride + static_cast<size_t>(x)] = 25;
    const auto text = capture::detectBlank(page);
    EXPECT_FALSE(text.blank) << text.score;
    EXPECT_GT(text.score, blank.score);
}

TEST(Cleanup, EmptyPagesAreErrorsNotCrashes)
{
    PageImage empty;
    EXPECT_TRUE(capture::deskew(empty).error().is(capture::Errc::ImageError));
    EXPECT_TRUE(capture::fixOrientation(empty).error().is(capture::Errc::ImageError));
    EXPECT_TRUE(capture::removeBorders(empty).error().is(capture::Errc::ImageError));
    EXPECT_TRUE(capture::binarize(empty).error().is(capture::Errc::ImageError));
    EXPECT_TRUE(capture::cleanPage(empty).error().is(capture::Errc::ImageError));
    EXPECT_TRUE(capture::detectBlank(empty).blank);
}
