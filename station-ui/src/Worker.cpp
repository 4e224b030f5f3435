#include "Worker.h"

#ifdef __linux__
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace vanthu::ui {

Worker::Worker(const QString& name, int nice)
{
    m_thread.setObjectName(name);
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    m_thread.start();
    // The worker (and every thread it starts: the OCR engine's Tesseract workers inherit it) runs
    // niced, so on a busy 2-core station the UI thread gets the CPU first and never stalls behind
    // OCR. Linux sets nice per thread (setpriority on the thread id); QThread priorities do nothing
    // under SCHED_OTHER.
#ifdef __linux__
    post([nice] { (void)::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), nice); });
#else
    (void)nice;
#endif
}

Worker::~Worker()
{
    stop();
    delete m_context;   // its thread has finished
}

void Worker::stop()
{
    m_thread.quit();
    m_thread.wait();
}

void Worker::post(std::function<void()> task)
{
    if (m_thread.isRunning())
        QMetaObject::invokeMethod(m_context, std::move(task), Qt::QueuedConnection);
}

bool Worker::onWorker() const { return QThread::currentThread() == &m_thread; }

} // namespace vanthu::ui
