#include "vanthu/capture/ImageIo.h"
#include "vanthu/capture/Job.h"

#include "TestSupport.h"

#include <sys/resource.h>

#include <csignal>
#include <filesystem>

#include <gtest/gtest.h>

using namespace vanthu;
using namespace vanthu::test;

namespace {
PageImage grayPage(uint8_t shade)
{
    PageImage p = PageImage::blank(200, 300, 100, PixelFormat::Gray8);
    auto px = std::make_shared<std::vector<uint8_t>>(*p.pixels);
    std::fill(px->begin() + 100 * 200, px->begin() + 120 * 200, shade);
    p.pixels = px;
    return p;
}
} // namespace

TEST(Job, PagesAreWrittenAsTheyArriveAndListedAfterARestart)
{
    TempDir dir;
    auto job = capture::JobFolder::create(dir.path().string(), {{"source", "test:0"}});
    ASSERT_TRUE(job) << job.error().toString();
    ASSERT_TRUE(job->writePage(1, "raw", grayPage(0)));
    ASSERT_TRUE(job->writePage(1, "clean", grayPage(10)));
    ASSERT_TRUE(job->writeFacts(1, {{"rotation", "180"}, {"blank_score", "0.01"}}));
    ASSERT_TRUE(job->writePage(2, "raw", grayPage(20)));
    // A crash while page 3 was being written leaves only a temporary file.
    writeFile(job->dir() + "/pages/0003.raw.png.tmp-999", "half a page");

    auto again = capture::JobFolder::open(job->dir());
    ASSERT_TRUE(again);
    auto pages = again->pages();
    ASSERT_TRUE(pages);
    ASSERT_EQ(pages->size(), 2u) << "the half-written page is not listed";
    EXPECT_EQ((*pages)[0].stages.size(), 2u);
    EXPECT_EQ((*pages)[0].facts.at("rotation"), "180");
    EXPECT_EQ((*pages)[1].index, 2);
    EXPECT_FALSE(std::filesystem::exists(job->dir() + "/pages/0003.raw.png.tmp-999")) << "leftovers are cleaned";
    EXPECT_EQ(again->info().at("source"), "test:0");
    // What is on disk is the page, pixel for pixel (PNG is lossless).
    auto back = capture::readImage((*pages)[1].stages.at("raw"));
    ASSERT_TRUE(back);
    EXPECT_EQ(*back->pixels, *grayPage(20).pixels);
    EXPECT_EQ(back->dpi, 100);
}

TEST(Job, OriginalsAreKeptByteForByte)
{
    TempDir dir;
    const std::string src = std::string(VANTHU_SHARED_DIR) + "/corpus/dev/scans/DEV-002.pdf";
    auto job = capture::JobFolder::create(dir.path().string());
    ASSERT_TRUE(job);
    auto kept = job->keepOriginal(src);
    ASSERT_TRUE(kept) << kept.error().toString();
    EXPECT_EQ(readFile(*kept), readFile(src));
}

TEST(Job, AFullDiskIsAClearErrorAndLeavesNoPartialPage)
{
    TempDir dir;
    auto job = capture::JobFolder::create(dir.path().string());
    ASSERT_TRUE(job);
    ASSERT_TRUE(job->writePage(1, "raw", grayPage(0)));
    // Make writes past 64 bytes fail (EFBIG), as a full disk would, in this process only.
    std::signal(SIGXFSZ, SIG_IGN);
    rlimit old{};
    getrlimit(RLIMIT_FSIZE, &old);
    rlimit tiny = old;
    tiny.rlim_cur = 64;
    setrlimit(RLIMIT_FSIZE, &tiny);
    auto w = job->writePage(2, "raw", grayPage(50));
    setrlimit(RLIMIT_FSIZE, &old);
    ASSERT_FALSE(w);
    EXPECT_TRUE(w.error().is(capture::Errc::Io)) << w.error().toString();
    auto pages = job->pages();
    ASSERT_EQ(pages->size(), 1u);
    for (const auto& e : std::filesystem::directory_iterator(job->dir() + "/pages"))
        EXPECT_EQ(e.path().filename().string().find("0002"), std::string::npos) << e.path();
}
