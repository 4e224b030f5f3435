// `vanthu devices`, `vanthu scan` and `vanthu import`, run as the real binary with SANE's test
// backend configured privately (SANE_CONFIG_DIR in the child's environment).
#include "vanthu/capture/ImageIo.h"
#include "vanthu/capture/Job.h"

#include "TestSupport.h"

#include <gtest/gtest.h>

#include <filesystem>

using namespace vanthu;
using namespace vanthu::test;

namespace {

class CaptureCli : public ::testing::Test {
protected:
    void SetUp() override { writeFile(sane.file("dll.conf"), "test\n"); }

    ProcessResult vanthu(std::vector<std::string> args)
    {
        args.insert(args.begin(), VANTHU_CLI);
        return run(args, {}, {"SANE_CONFIG_DIR=" + sane.path().string(), "XDG_DATA_HOME=" + dir.file("data"), "VANTHU_CONFIG="});
    }

    // The one job folder made under `root`.
    std::string onlyJob(const std::string& root)
    {
        std::vector<std::string> jobs;
        for (const auto& e : std::filesystem::directory_iterator(root))
            jobs.push_back(e.path().string());
        EXPECT_EQ(jobs.size(), 1u);
        return jobs.empty() ? "" : jobs.front();
    }

    TempDir sane, dir;
};

} // namespace

TEST_F(CaptureCli, DevicesListsTheTestBackend)
{
    auto r = vanthu({"devices"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("test:0"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("virtual device"), std::string::npos);
    EXPECT_EQ(vanthu({"devices", "--bogus"}).exitCode, 2);
}

TEST_F(CaptureCli, ScanFiveSheetsFromTheFeederIntoAJobFolder)
{
    // The command of the README, as written there.
    auto r = vanthu({"scan", "--device", "test:0", "--source", "adf", "--pages", "5", "--out", dir.file("jobs")});
    ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("Scanned 5"), std::string::npos) << r.out;
    auto job = capture::JobFolder::open(onlyJob(dir.file("jobs")));
    ASSERT_TRUE(job) << job.error().toString();
    auto pages = job->pages();
    ASSERT_TRUE(pages) << pages.error().toString();
    ASSERT_EQ(pages->size(), 5u);
    for (const auto& p : *pages) {
        ASSERT_TRUE(p.stages.contains("raw") && p.stages.contains("clean")) << p.index;
        auto raw = capture::readImage(p.stages.at("raw"));
        ASSERT_TRUE(raw) << raw.error().toString();
        // 200 x 200 mm (the test backend's whole area; A4 is clipped) at 300 dpi.
        EXPECT_EQ(raw->width, 2362);
        EXPECT_EQ(raw->height, 2362);
        EXPECT_EQ(raw->dpi, 300);
        EXPECT_EQ(p.facts.at("dpi"), "300");
        EXPECT_TRUE(p.facts.contains("blank_score"));
    }
    EXPECT_EQ(job->info().at("feeder"), "adf");
}

TEST_F(CaptureCli, FeederRunsEmptyAndDeviceErrorsHaveTheirExitCodes)
{
    auto all = vanthu({"scan", "--device", "test:0", "--source", "adf", "--dpi", "50", "--out", dir.file("jobs")});
    ASSERT_EQ(all.exitCode, 0) << all.err;
    EXPECT_NE(all.out.find("Scanned 10"), std::string::npos) << all.out;
    EXPECT_NE(all.out.find("feeder empty"), std::string::npos);

    auto none = vanthu({"scan", "--device", "nosuchbackend:0", "--out", dir.file("x")});
    EXPECT_EQ(none.exitCode, 8) << none.err;          // device
    EXPECT_NE(none.err.find("NoDevice"), std::string::npos) << none.err;
    auto duplex = vanthu({"scan", "--device", "test:0", "--source", "duplex", "--out", dir.file("y")});
    EXPECT_EQ(duplex.exitCode, 3) << duplex.err;      // the device cannot do what was asked
    EXPECT_NE(duplex.err.find("UnsupportedOption"), std::string::npos) << duplex.err;
    EXPECT_FALSE(std::filesystem::exists(dir.file("y"))) << "no job folder for a scan that cannot start";
    EXPECT_EQ(vanthu({"scan", "--source", "sideways"}).exitCode, 2);
}

TEST_F(CaptureCli, ImportAScannedPdfFlagsItsBlankBackPage)
{
    const std::string pdf = std::string(VANTHU_SHARED_DIR) + "/corpus/dev/scans/DEV-001.pdf";
    auto r = vanthu({"import", pdf, "--dpi", "100", "--out", dir.file("jobs")});
    ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("pdf, 2 trang / pages"), std::string::npos) << r.out;
    // Truth: page 2 of DEV-001 is a blank back page; it is flagged, and kept.
    EXPECT_NE(r.out.find("BLANK"), std::string::npos) << r.out;
    auto job = capture::JobFolder::open(onlyJob(dir.file("jobs")));
    ASSERT_TRUE(job);
    auto pages = job->pages();
    ASSERT_TRUE(pages);
    ASSERT_EQ(pages->size(), 2u);
    EXPECT_EQ((*pages)[0].facts.at("blank"), "false");
    EXPECT_EQ((*pages)[1].facts.at("blank"), "true");
    // The original is kept byte for byte.
    EXPECT_EQ(readFile(job->dir() + "/original/DEV-001.pdf"), readFile(pdf));

    auto bad = vanthu({"import", dir.file("nothing.pdf"), "--out", dir.file("jobs")});
    EXPECT_EQ(bad.exitCode, 3) << bad.err;
    EXPECT_EQ(vanthu({"import"}).exitCode, 2);
}

TEST_F(CaptureCli, ScanProfilesComeFromTheConfiguration)
{
    writeFile(dir.file("vanthu.ini"), "[station]\n"
                                      "data_dir = " + dir.file("data") + "\n"
                                      "[profile.luu-tru]\n"
                                      "source = adf\n"
                                      "pages = 3\n"
                                      "dpi = 50\n"
                                      "mode = gray\n"
                                      "option.test-picture = Grid\n"
                                      "[profile.hong]\n"
                                      "dpi = nhiều\n");
    auto r = vanthu({"--config", dir.file("vanthu.ini"), "scan", "--profile", "luu-tru", "--device", "test:0", "--out", dir.file("a")});
    ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("Scanned 3"), std::string::npos) << r.out;
    auto job = capture::JobFolder::open(onlyJob(dir.file("a")));
    ASSERT_TRUE(job);
    auto pages = job->pages();
    ASSERT_TRUE(pages);
    ASSERT_EQ(pages->size(), 3u);
    auto raw = capture::readImage(pages->front().stages.at("raw"));
    ASSERT_TRUE(raw);
    EXPECT_EQ(raw->dpi, 50);
    EXPECT_EQ(raw->width, 393);          // 200 mm at 50 dpi
    EXPECT_EQ(raw->format, PixelFormat::Gray8);
    // Options on the command line override the profile.
    auto two = vanthu({"--config", dir.file("vanthu.ini"), "scan", "--profile", "luu-tru", "--pages", "2", "--device", "test:0",
                       "--out", dir.file("b")});
    ASSERT_EQ(two.exitCode, 0) << two.err;
    EXPECT_NE(two.out.find("Scanned 2"), std::string::npos) << two.out;
    // A missing profile, and a profile with a bad value.
    EXPECT_EQ(vanthu({"--config", dir.file("vanthu.ini"), "scan", "--profile", "khong-co", "--device", "test:0"}).exitCode, 4);
    auto bad = vanthu({"--config", dir.file("vanthu.ini"), "scan", "--profile", "hong", "--device", "test:0"});
    EXPECT_EQ(bad.exitCode, 3) << bad.err;
    EXPECT_NE(bad.err.find("dpi"), std::string::npos) << bad.err;
}
