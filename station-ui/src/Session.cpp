#include "Session.h"

namespace vanthu::ui {

namespace {
Session* g_session = nullptr;
}

Session::Session() { g_session = this; }

Session::~Session()
{
    if (g_session == this)
        g_session = nullptr;
}

Session* Session::instance() { return g_session; }

void Session::stopWorkers()
{
    m_worker.stop();
    m_thumbnailWorker.stop();
}

void Session::adoptStation(std::unique_ptr<workflow::Station> station)
{
    m_owned = std::move(station);
    m_station.store(m_owned.get());
}

} // namespace vanthu::ui
