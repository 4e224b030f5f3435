#pragma once
// Page thumbnails made off the GUI thread. A scanned page is a 300-dpi PNG (about 2500 × 3500
// pixels); decoding and scaling one takes tens of milliseconds, which the GUI thread must never
// spend (STYLE.md §3). The kiosk's thumbnail thread (niced like the workflow worker) makes a small
// QImage for each page file as it arrives; QML shows it through the "thumbs" image provider, which
// only hands the ready image over (or, for a page it was never given, decodes it itself on Qt
// Quick's image-loading thread — never the GUI thread, since every thumbnail Image is asynchronous).

#include <QHash>
#include <QImage>
#include <QMutex>
#include <QQuickImageProvider>
#include <QString>

#include <memory>

namespace vanthu::ui {

// Longest side of a thumbnail, in pixels (the scan screen's cell is 190 × 260).
constexpr int kThumbnailSize = 320;

// Decodes `file` and scales it to fit kThumbnailSize. Null on a missing or unreadable file. Blocking:
// any thread but the GUI thread.
QImage makeThumbnail(const QString& file);

// The thumbnails by page file. Thread-safe.
class Thumbnails {
public:
    // The image provider's name: sources are "image://thumbs/<id>".
    static constexpr const char* kProvider = "thumbs";

    // The QML image source of `file`'s thumbnail (one per file: a changed page is a new file). Any thread.
    QString source(const QString& file);
    // Keeps `image` as the thumbnail of `file`. Any thread.
    void put(const QString& file, QImage image);
    // True when a thumbnail of `file` is kept.
    bool has(const QString& file) const;
    // The thumbnail for a source id (the part after "image://thumbs/"): the kept one, else made now
    // from the file (and kept). Null for an unknown id. Blocking when made: not the GUI thread.
    QImage image(const QString& id);
    // Drops the kept images (a new batch); their sources still work (made again from the file).
    void clear();

private:
    int idLocked(const QString& file);   // the id of `file`, made when new; m_lock held

    mutable QMutex m_lock;
    QHash<QString, int> m_ids;        // file -> id
    QHash<int, QString> m_files;      // id -> file
    QHash<int, QImage> m_images;      // id -> thumbnail
    int m_next = 1;
};

// The QML image provider over Thumbnails (registered on the engine by StationApp).
class ThumbnailProvider : public QQuickImageProvider {
public:
    explicit ThumbnailProvider(std::shared_ptr<Thumbnails> thumbnails);
    QImage requestImage(const QString& id, QSize* size, const QSize& requestedSize) override;

private:
    std::shared_ptr<Thumbnails> m_thumbnails;
};

} // namespace vanthu::ui
