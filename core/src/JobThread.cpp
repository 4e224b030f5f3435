#include "vanthu/core/JobThread.h"

namespace vanthu {

JobThread::JobThread() : m_thread([this] { run(); }) {}

JobThread::~JobThread()
{
    {
        std::lock_guard l(m_lock);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void JobThread::post(Job job)
{
    {
        std::lock_guard l(m_lock);
        m_jobs.push_back(std::move(job));
    }
    m_wake.notify_one();
}

void JobThread::run()
{
    for (;;) {
        Job job;
        {
            std::unique_lock l(m_lock);
            m_wake.wait(l, [this] { return m_stopping || !m_jobs.empty(); });
            if (m_jobs.empty())
                return;
            job = std::move(m_jobs.front());
            m_jobs.pop_front();
        }
        job(m_stopping);
    }
}

} // namespace vanthu
