#include "Thumbnails.h"

#include <QImageReader>
#include <QMutexLocker>

namespace vanthu::ui {

QImage makeThumbnail(const QString& file)
{
    QImageReader reader(file);
    const QSize full = reader.size();
    if (full.isValid() && (full.width() > kThumbnailSize || full.height() > kThumbnailSize))
        reader.setScaledSize(full.scaled(kThumbnailSize, kThumbnailSize, Qt::KeepAspectRatio));
    QImage image = reader.read();
    if (image.isNull())
        return {};
    // The scene graph uploads 32-bit textures; converting here keeps that off the render thread too.
    return image.convertToFormat(QImage::Format_RGB32);
}

int Thumbnails::idLocked(const QString& file)
{
    int id = m_ids.value(file);
    if (id == 0) {
        id = m_next++;
        m_ids.insert(file, id);
        m_files.insert(id, file);
    }
    return id;
}

QString Thumbnails::source(const QString& file)
{
    QMutexLocker g(&m_lock);
    return QStringLiteral("image://%1/%2").arg(QLatin1String(kProvider)).arg(idLocked(file));
}

void Thumbnails::put(const QString& file, QImage image)
{
    QMutexLocker g(&m_lock);
    m_images.insert(idLocked(file), std::move(image));
}

bool Thumbnails::has(const QString& file) const
{
    QMutexLocker g(&m_lock);
    return m_images.contains(m_ids.value(file));
}

QImage Thumbnails::image(const QString& id)
{
    bool ok = false;
    const int key = id.toInt(&ok);
    if (!ok)
        return {};
    QString file;
    {
        QMutexLocker g(&m_lock);
        if (auto it = m_images.constFind(key); it != m_images.constEnd())
            return *it;
        file = m_files.value(key);
    }
    if (file.isEmpty())
        return {};
    QImage made = makeThumbnail(file);   // outside the lock: decoding takes a while
    if (!made.isNull()) {
        QMutexLocker g(&m_lock);
        if (m_files.value(key) == file)
            m_images.insert(key, made);
    }
    return made;
}

void Thumbnails::clear()
{
    QMutexLocker g(&m_lock);
    // The images go (a long batch's would add up); the ids stay, so a view still showing an earlier
    // page gets it read again from its file rather than an error.
    m_images.clear();
}

ThumbnailProvider::ThumbnailProvider(std::shared_ptr<Thumbnails> thumbnails)
    : QQuickImageProvider(QQuickImageProvider::Image), m_thumbnails(std::move(thumbnails))
{
}

QImage ThumbnailProvider::requestImage(const QString& id, QSize* size, const QSize& requestedSize)
{
    QImage image = m_thumbnails->image(id);
    // QML's sourceSize may give one side only (the other is 0: keep the aspect ratio).
    const int w = requestedSize.width(), h = requestedSize.height();
    if (!image.isNull() && (w > 0 || h > 0)) {
        const QSize box(w > 0 ? w : image.width(), h > 0 ? h : image.height());
        if (image.width() > box.width() || image.height() > box.height())
            image = image.scaled(box, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    }
    if (size)
        *size = image.size();
    return image;
}

} // namespace vanthu::ui
