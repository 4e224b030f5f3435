#include "Worker.h"

namespace vanthu::ui {

Worker::Worker()
{
    m_thread.setObjectName(QStringLiteral("workflow"));
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    m_thread.start();
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
