#pragma once
// One thread that runs jobs one at a time, in the order they were posted (the station's background
// lanes). The thread starts with the object. Destruction sets `stopping`, runs the jobs still
// queued with it set (each must then settle its result and return at once; a running one must
// check it while it waits) and joins the thread.

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace vanthu {

class JobThread {
public:
    using Job = std::function<void(const std::atomic<bool>& stopping)>;

    JobThread();
    ~JobThread();
    JobThread(const JobThread&) = delete;
    JobThread& operator=(const JobThread&) = delete;

    // Queues `job` after those posted before it. Thread-safe; a job may post to another JobThread.
    void post(Job job);

private:
    void run();

    std::mutex m_lock;
    std::condition_variable m_wake;
    std::deque<Job> m_jobs;
    std::atomic<bool> m_stopping{false};
    std::thread m_thread;  // last: starts once the members it uses are made
};

} // namespace vanthu
