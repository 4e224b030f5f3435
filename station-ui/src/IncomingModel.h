#pragma once
// The incoming flow as the Scan and Review screens see it: scan (or import) on the worker with
// progress, page tools on the draft, the fields with their confidences, corrections, the duplicate
// warning, and registration (arrival number + stamped first page). Every workflow call runs on the
// worker; results come back as values.

#ifndef Q_MOC_RUN   // moc (Qt 6.4) cannot parse the C++20 concepts our headers use
#include "vanthu/workflow/Incoming.h"
#endif

#include "ScreenModel.h"

#include <QAbstractListModel>
#include <QObject>
#include <QQmlEngine>
#include <QStringList>
#include <QTimer>
#include <QVariantList>
#include <QVariantMap>

#include <optional>
#include <vector>

namespace vanthu::ui {

class Session;

// The review fields as a list model: a correction updates rows in place (the delegates, and the
// keyboard focus in them, survive), a new draft resets it.
class FieldList : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role { Name = Qt::UserRole + 1, Label, Value, Confidence, Low, Required, Corrected, Pending };
    using QAbstractListModel::QAbstractListModel;
    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    void set(std::vector<workflow::ReviewField> fields, float low);

private:
    std::vector<workflow::ReviewField> m_fields;
    float m_low = 70;
};

// The pages the scan and review screens show as thumbnails: while a scan runs, the pages as they
// arrive (a row is inserted per page, its thumbnail set when the thumbnail thread made it); once the
// batch is read, the current draft's pages. Rows change in place, are inserted or removed at the end
// — never a model reset, which would rebuild every delegate and reload every image.
class PageList : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role { Thumbnail = Qt::UserRole + 1, Blank };
    struct Page {
        QString thumbnail;   // image source ("" while it is being made)
        bool blank = false;  // flagged blank by cleanup and not restored
        bool operator==(const Page&) const = default;
    };
    using QAbstractListModel::QAbstractListModel;
    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    // Sets row `index`, appending empty rows up to it.
    void setPage(int index, const Page& page);
    // The rows become `pages` (changed rows in place, the rest added or removed at the end).
    void assign(const std::vector<Page>& pages);
    const std::vector<Page>& pages() const { return m_pages; }

private:
    std::vector<Page> m_pages;
};

class IncomingModel : public ScreenModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(int progressCurrent READ progressCurrent NOTIFY progressChanged)
    Q_PROPERTY(int progressTotal READ progressTotal NOTIFY progressChanged)
    Q_PROPERTY(int pagesArrived READ pagesArrived NOTIFY progressChanged)
    Q_PROPERTY(QString scanner READ scanner NOTIFY devicesChanged)
    Q_PROPERTY(QStringList profiles READ profiles NOTIFY devicesChanged)
    Q_PROPERTY(int documentCount READ documentCount NOTIFY draftChanged)
    Q_PROPERTY(int currentDocument READ currentDocument NOTIFY draftChanged)
    Q_PROPERTY(QStringList pageUrls READ pageUrls NOTIFY draftChanged)
    Q_PROPERTY(QStringList livePageUrls READ livePageUrls NOTIFY progressChanged)
    Q_PROPERTY(QVariantList pageBlank READ pageBlank NOTIFY draftChanged)
    Q_PROPERTY(QVariantList fields READ fields NOTIFY draftChanged)
    Q_PROPERTY(QAbstractListModel* fieldModel READ fieldModel CONSTANT)
    Q_PROPERTY(QAbstractListModel* pageModel READ pageModel CONSTANT)
    Q_PROPERTY(QStringList warnings READ warnings NOTIFY draftChanged)
    Q_PROPERTY(QVariantList duplicates READ duplicates NOTIFY draftChanged)
    Q_PROPERTY(bool hasDraft READ hasDraft NOTIFY draftChanged)
    Q_PROPERTY(int lowConfidence READ lowConfidence CONSTANT)
    Q_PROPERTY(QString arrivalText READ arrivalText NOTIFY resultChanged)
    Q_PROPERTY(int arrivalNumber READ arrivalNumber NOTIFY resultChanged)
    Q_PROPERTY(QString stampedUrl READ stampedUrl NOTIFY resultChanged)
    Q_PROPERTY(QString resultDetail READ resultDetail NOTIFY resultChanged)

public:
    explicit IncomingModel(QObject* parent = nullptr);

    int progressCurrent() const { return m_current; }
    int progressTotal() const { return m_total; }
    int pagesArrived() const { return m_pagesArrived; }
    QString scanner() const { return m_scanner; }
    QStringList profiles() const { return m_profiles; }
    int documentCount() const { return static_cast<int>(m_drafts.size()); }
    int currentDocument() const { return m_index; }
    QStringList pageUrls() const;
    // The pages of the running scan as they arrive (scanned, then cleaned), for live thumbnails.
    QStringList livePageUrls() const { return m_liveUrls; }
    // Per page of the current draft: flagged blank by cleanup (and not restored).
    QVariantList pageBlank() const;
    QVariantList fields() const;
    QStringList warnings() const;
    QAbstractListModel* fieldModel() { return &m_fieldList; }
    // The thumbnails (PageList) of the running scan, then of the current draft.
    QAbstractListModel* pageModel() { return &m_pageList; }
    const PageList& pageList() const { return m_pageList; }
    QVariantList duplicates() const;
    bool hasDraft() const { return m_index >= 0 && m_index < documentCount(); }
    int lowConfidence() const { return 70; }
    QString arrivalText() const { return m_arrivalText; }
    int arrivalNumber() const { return m_arrivalNumber; }
    QString stampedUrl() const { return m_stampedUrl; }
    QString resultDetail() const { return m_resultDetail; }

    // Finds the scanner (the first real SANE device, else the test device) and lists the profiles.
    Q_INVOKABLE void refreshDevices();
    // Scans a batch with the named profile ("" = the device defaults; flatbed, one page).
    Q_INVOKABLE void scan(const QString& profile = {});
    // Scans `pages` pages from the feeder (batch scanning; the archivist's screen, the bench).
    Q_INVOKABLE void scanBatch(int pages);
    // Imports files (PDF / images), one document per file.
    Q_INVOKABLE void importFiles(const QStringList& paths);
    Q_INVOKABLE void cancel();

    // Page tools on the current draft (workflow's, so pages, files and blank flags stay in step).
    // Rotation writes the turned page on the worker; a change of page 1 reads the fields again.
    Q_INVOKABLE void rotatePage(int page, bool clockwise = true);
    Q_INVOKABLE bool movePage(int from, int to);
    Q_INVOKABLE bool deletePage(int page);
    // Moves a page to a new document after the current one (split) / joins the next document.
    Q_INVOKABLE bool splitAfter(int page);
    Q_INVOKABLE bool mergeWithNext();
    // A page cleanup flagged blank counts as content again / a page is flagged blank by hand.
    Q_INVOKABLE bool restoreBlankPage(int page);
    Q_INVOKABLE bool markPageBlank(int page);
    // Where a field was read: {page, x, y, width, height, pageWidth, pageHeight} in pixels of that
    // page (for the click-to-zoom); empty when the value was not read from a page.
    Q_INVOKABLE QVariantMap fieldRegion(const QString& name) const;
    Q_INVOKABLE void selectDocument(int index);

    // A clerk's correction; returns "" or the reason it was refused.
    Q_INVOKABLE QString setField(const QString& name, const QString& value);
    // Registers the current draft: arrival number, stamp, certified copy, outbox.
    Q_INVOKABLE void registerDocument();
    Q_INVOKABLE void reset();

    // For tests: the draft being reviewed.
    const workflow::IncomingDraft* currentDraft() const { return hasDraft() ? &m_drafts[static_cast<size_t>(m_index)] : nullptr; }

signals:
    void devicesChanged();
    void draftChanged();
    void resultChanged();
    void captured();      // drafts are ready for review
    void registered();    // the result is shown

private:
    void runCapture(workflow::IntakeSource source);
    void onProgress(const workflow::Progress& p);
    workflow::ProgressFn progressFn();
    void draftUpdated();   // fields model + draftChanged
    void rereadFirstPage();
    // Puts the signer and recipients read after the header into the drafts that were waiting for
    // them (workflow::takeLateFields); runs on a timer while any draft has pending fields.
    void takeLateFields();
    // Makes `file`'s thumbnail on the thumbnail thread, then shows it in row `row` of the live pages.
    void makeLiveThumbnail(int row, const QString& file);

    int m_current = 0;
    int m_total = 0;
    int m_pagesArrived = 0;
    QStringList m_liveUrls;
    QString m_scanner;
    QStringList m_profiles;
    std::vector<workflow::IncomingDraft> m_drafts;
    int m_index = -1;
    int m_revision = 0;
    workflow::CancelFlag m_cancel;
    QString m_arrivalText;
    int m_arrivalNumber = 0;
    QString m_stampedUrl;
    QString m_resultDetail;
    FieldList m_fieldList;
    PageList m_pageList;
    int m_scanGeneration = 0;   // a thumbnail made for an earlier scan is dropped
    QTimer m_lateFields;        // takeLateFields while a draft waits for them
};

} // namespace vanthu::ui
