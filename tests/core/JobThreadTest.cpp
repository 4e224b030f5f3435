// The station's background lanes: jobs run one at a time in the order posted; destruction runs the
// jobs still queued with `stopping` set, after the running one returns, and joins the thread.
#include "vanthu/core/JobThread.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <vector>

using vanthu::JobThread;

TEST(JobThread, RunsJobsInOrderAndTheQueuedOnesWithStoppingAtTheEnd)
{
    std::vector<std::pair<int, bool>> ran;  // (job, stopping when it ran), written by the thread only
    std::promise<void> release;
    auto released = release.get_future().share();
    std::promise<void> firstRunning;
    {
        JobThread t;
        t.post([&](const std::atomic<bool>& stopping) {
            firstRunning.set_value();
            while (!stopping && released.wait_for(std::chrono::milliseconds(5)) != std::future_status::ready) {
            }
            ran.emplace_back(1, stopping.load());
        });
        for (int i = 2; i <= 4; ++i)
            t.post([&ran, i](const std::atomic<bool>& stopping) { ran.emplace_back(i, stopping.load()); });
        firstRunning.get_future().wait();
        release.set_value();  // job 1 ends on its own
        std::promise<void> marker;  // a job after 2-4: when it has run, so have they
        auto markerRan = marker.get_future();
        t.post([&marker](const std::atomic<bool>&) { marker.set_value(); });
        markerRan.wait();
        // Queued while the thread is busy, then the object goes: they run, with stopping set.
        std::promise<void> holdBack;
        auto held = holdBack.get_future().share();
        t.post([held](const std::atomic<bool>& stopping) {
            while (!stopping && held.wait_for(std::chrono::milliseconds(5)) != std::future_status::ready) {
            }
        });
        t.post([&ran](const std::atomic<bool>& stopping) { ran.emplace_back(5, stopping.load()); });
    }
    ASSERT_EQ(ran.size(), 5u);
    for (int i = 0; i < 4; ++i) {
        EXPECT_EQ(ran[static_cast<size_t>(i)].first, i + 1);
        EXPECT_FALSE(ran[static_cast<size_t>(i)].second) << "job " << i + 1;
    }
    EXPECT_EQ(ran[4].first, 5);
    EXPECT_TRUE(ran[4].second) << "queued when the thread was stopped";
}
