#pragma once
// What every view model shares: the Station (set up once on the worker, then read-only), the worker
// thread, and the signed-in clerk. Owned by StationApp; view models reach it through instance().

#include "Thumbnails.h"
#include "Worker.h"

#include "vanthu/workflow/Records.h"
#include "vanthu/workflow/Station.h"

#include <QString>

#include <atomic>
#include <memory>

namespace vanthu::ui {

class Session {
public:
    Session();
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // The current session (nullptr before StationApp made one). UI thread.
    static Session* instance();

    Worker& worker() { return m_worker; }
    // The thread that decodes page images into thumbnails (niced like the worker), and the thumbnails.
    Worker& thumbnailWorker() { return m_thumbnailWorker; }
    const std::shared_ptr<Thumbnails>& thumbnails() const { return m_thumbnails; }
    // Stops both threads (queued tasks are dropped). Before the view models go away.
    void stopWorkers();
    // Set on the worker once Station::setup succeeded; null until then.
    workflow::Station* station() const { return m_station.load(); }
    void adoptStation(std::unique_ptr<workflow::Station> station);

    // The clerk (UI thread only).
    QString userName;
    QString fullName;
    reg::Role role = reg::Role::VanThu;
    bool signedIn = false;

private:
    // Declared first so they are destroyed last: the worker (joined in its destructor) goes first.
    std::unique_ptr<workflow::Station> m_owned;
    std::atomic<workflow::Station*> m_station{nullptr};
    std::shared_ptr<Thumbnails> m_thumbnails = std::make_shared<Thumbnails>();
    Worker m_worker;
    Worker m_thumbnailWorker{QStringLiteral("thumbnails")};
};

} // namespace vanthu::ui
