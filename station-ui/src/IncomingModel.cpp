#include "IncomingModel.h"

#include "AppState.h"
#include "PageImageQt.h"
#include "Session.h"
#include "Thumbnails.h"
#include "Worker.h"

#include "vanthu/core/VnTime.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTransform>
#include <QUrl>

#include <algorithm>
#include <cstdio>

namespace vanthu::ui {

namespace {
QString qs(const std::string& s) { return QString::fromStdString(s); }

} // namespace

int FieldList::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_fields.size());
}

QVariant FieldList::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const auto& f = m_fields[static_cast<size_t>(index.row())];
    switch (role) {
    case Name: return qs(f.name);
    case Label: return inUiLanguage(f.label);
    case Value: return qs(f.value);
    case Confidence: return static_cast<double>(f.confidence);
    case Low: return f.confidence < m_low && !f.corrected && !f.pending;
    case Required: return f.required;
    case Corrected: return f.corrected;
    case Pending: return f.pending;
    default: return {};
    }
}

QHash<int, QByteArray> FieldList::roleNames() const
{
    return {{Name, "name"},         {Label, "label"},       {Value, "value"},        {Confidence, "confidence"},
            {Low, "low"},           {Required, "mandatory"}, {Corrected, "corrected"},  {Pending, "pending"}};
}

void FieldList::set(std::vector<workflow::ReviewField> fields, float low)
{
    m_low = low;
    bool sameNames = fields.size() == m_fields.size();
    for (size_t i = 0; sameNames && i < fields.size(); ++i)
        sameNames = fields[i].name == m_fields[i].name;
    if (sameNames) {
        m_fields = std::move(fields);
        if (!m_fields.empty())
            emit dataChanged(index(0), index(rowCount() - 1));
        return;
    }
    beginResetModel();
    m_fields = std::move(fields);
    endResetModel();
}

int PageList::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_pages.size());
}

QVariant PageList::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const auto& p = m_pages[static_cast<size_t>(index.row())];
    switch (role) {
    case Thumbnail: return p.thumbnail;
    case Blank: return p.blank;
    default: return {};
    }
}

QHash<int, QByteArray> PageList::roleNames() const { return {{Thumbnail, "thumbnail"}, {Blank, "blank"}}; }

void PageList::setPage(int index, const Page& page)
{
    Q_ASSERT_X(index >= 0, "PageList::setPage", "negative row");
    const int n = rowCount();
    if (index >= n) {
        beginInsertRows({}, n, index);
        m_pages.resize(static_cast<size_t>(index) + 1);
        m_pages.back() = page;
        endInsertRows();
        return;
    }
    if (m_pages[static_cast<size_t>(index)] == page)
        return;
    m_pages[static_cast<size_t>(index)] = page;
    emit dataChanged(this->index(index), this->index(index));
}

void PageList::assign(const std::vector<Page>& pages)
{
    const int n = rowCount();
    const int m = static_cast<int>(pages.size());
    if (m < n) {
        beginRemoveRows({}, m, n - 1);
        m_pages.resize(static_cast<size_t>(m));
        endRemoveRows();
    }
    for (int i = 0; i < std::min(n, m); ++i)
        setPage(i, pages[static_cast<size_t>(i)]);
    if (m > n) {
        beginInsertRows({}, n, m - 1);
        m_pages.insert(m_pages.end(), pages.begin() + n, pages.end());
        endInsertRows();
    }
}

namespace {

bool hasPendingFields(const workflow::IncomingDraft& d)
{
    return std::any_of(d.fields.begin(), d.fields.end(), [](const workflow::ReviewField& f) { return f.pending; });
}

} // namespace

void IncomingModel::takeLateFields()
{
    bool waiting = false;
    for (size_t i = 0; i < m_drafts.size(); ++i) {
        auto& d = m_drafts[i];
        if (!hasPendingFields(d))
            continue;
        if (!workflow::takeLateFields(d))
            waiting = true;
        else if (static_cast<int>(i) == m_index)
            draftUpdated();
    }
    if (!waiting)
        m_lateFields.stop();
}

void IncomingModel::draftUpdated()
{
    if (!m_lateFields.isActive() && std::any_of(m_drafts.begin(), m_drafts.end(), hasPendingFields))
        m_lateFields.start();
    const auto* d = currentDraft();
    m_fieldList.set(d ? d->fields : std::vector<workflow::ReviewField>{}, static_cast<float>(lowConfidence()));
    // The thumbnails of the draft's pages. The live pages of a scan stay until its drafts arrive.
    if (d || !busy()) {
        std::vector<PageList::Page> pages;
        if (d)
            for (size_t i = 0; i < d->pageFiles.size(); ++i)
                // A turned page is a new file (workflow::rotatePage), so it gets a new source.
                pages.push_back({session() ? session()->thumbnails()->source(qs(d->pageFiles[i])) : QString(),
                                 i < d->pageFlags.size() && d->pageFlags[i].blank && !d->pageFlags[i].restored});
        m_pageList.assign(pages);
    }
    emit draftChanged();
}

void IncomingModel::makeLiveThumbnail(int row, const QString& file)
{
    if (!session())
        return;
    auto thumbnails = session()->thumbnails();
    session()->thumbnailWorker().post([this, thumbnails, row, file, generation = m_scanGeneration] {
        thumbnails->put(file, makeThumbnail(file));
        deliver(this, [this, row, file, generation] {
            paced([this, row, file, generation] {
                // Shown only if it is still this scan and still the newest file of that page (raw, then cleaned).
                const QString url = QUrl::fromLocalFile(file).toString();
                if (generation != m_scanGeneration || row >= m_liveUrls.size() || m_liveUrls[row] != url || hasDraft())
                    return;
                m_pageList.setPage(row, {session()->thumbnails()->source(file), false});
            });
        });
    });
}

IncomingModel::IncomingModel(QObject* parent) : ScreenModel(parent)
{
    // Not blocking (a finished reading is merged, an unfinished one looked at again later).
    m_lateFields.setInterval(200);
    connect(&m_lateFields, &QTimer::timeout, this, &IncomingModel::takeLateFields);
    // Labels and warnings follow the UI language.
    if (auto* app = AppState::instance())
        connect(app, &AppState::languageChanged, this, [this] { draftUpdated(); });
}

void IncomingModel::onProgress(const workflow::Progress& p)
{
    QString step = stepName(p.step);
    if (!p.message.empty())
        step += QStringLiteral(" — ") + qs(p.message);
    setStepText(step);
    m_current = p.current;
    m_total = p.total;
    if (p.step == workflow::Step::Scan || p.step == workflow::Step::Import)
        m_pagesArrived = std::max(m_pagesArrived, p.current);
    // Live thumbnails: the scanned page as it arrives, replaced by its cleaned version.
    if (!p.pageFile.empty() && p.current >= 1 && (p.step == workflow::Step::Scan || p.step == workflow::Step::Cleanup)) {
        const auto at = static_cast<qsizetype>(p.current - 1);
        while (m_liveUrls.size() <= at)
            m_liveUrls << QString();
        m_liveUrls[at] = QUrl::fromLocalFile(qs(p.pageFile)).toString();
        m_pagesArrived = std::max(m_pagesArrived, p.current);
        // A row for the page at once (its placeholder); the thumbnail follows from the thumbnail thread.
        // The cleaned page keeps showing the scanned one until its own thumbnail is made.
        if (at >= m_pageList.rowCount())
            m_pageList.setPage(static_cast<int>(at), {});
        makeLiveThumbnail(static_cast<int>(at), qs(p.pageFile));
    }
    emit progressChanged();
}

workflow::ProgressFn IncomingModel::progressFn()
{
    // Called on the worker: the value is copied to the UI thread.
    return progressTo([this](const workflow::Progress& p) { onProgress(p); });
}

void IncomingModel::refreshDevices()
{
    auto* st = station();
    if (!st)
        return;
    run([st] {
            QStringList profiles;
            for (const auto& [name, keys] : st->config().scanProfiles)
                profiles << qs(name);
            return std::pair(st->defaultScanner(), profiles);
        },
        [this](std::pair<Result<std::string>, QStringList> found) {
            const auto& [device, profiles] = found;
            m_scanner = device ? qs(*device) : QString();
            m_profiles = profiles;
            emit devicesChanged();
            if (!device)
                setError(device.error());
        });
}

void IncomingModel::runCapture(workflow::IntakeSource source)
{
    if (busy() || !station())
        return;
    clearError();
    m_drafts.clear();
    m_index = -1;
    m_pagesArrived = 0;
    m_liveUrls.clear();
    m_current = m_total = 0;
    setStepText({});
    ++m_scanGeneration;
    draftUpdated();
    session()->thumbnails()->clear();
    emit progressChanged();
    setBusy(true);
    m_cancel = workflow::makeCancelFlag();
    auto progress = progressFn();
    auto cancel = m_cancel;
    const std::string actor = session()->userName.toStdString();
    run([st = station(), source, progress, cancel, actor] {
            workflow::IncomingFlow flow(*st, actor);
            return flow.capture(source, progress, cancel);
        },
        [this](Result<std::vector<workflow::IncomingDraft>> drafts) {
            setBusy(false);
            if (!drafts) {
                setError(drafts.error());
                return;
            }
            m_drafts = std::move(*drafts);
            m_index = m_drafts.empty() ? -1 : 0;
            ++m_revision;
            draftUpdated();
            emit captured();
        });
}

void IncomingModel::scan(const QString& profile)
{
    if (!station())
        return;
    workflow::IntakeSource source;
    source.kind = workflow::IntakeSource::Kind::Scanner;
    source.device = m_scanner.toStdString();
    if (!profile.isEmpty()) {
        const auto& all = station()->config().scanProfiles;
        auto it = all.find(profile.toStdString());
        if (it != all.end()) {
            auto p = capture::scanProfile(it->first, it->second);
            if (!p) {
                setError(p.error());
                return;
            }
            source.scan = p->settings;
        }
    }
    runCapture(std::move(source));
}

void IncomingModel::scanBatch(int pages)
{
    workflow::IntakeSource source;
    source.kind = workflow::IntakeSource::Kind::Scanner;
    source.device = m_scanner.toStdString();
    source.scan.source = capture::Source::Adf;
    source.scan.maxPages = pages;
    runCapture(std::move(source));
}

void IncomingModel::importFiles(const QStringList& paths)
{
    workflow::IntakeSource source;
    source.kind = workflow::IntakeSource::Kind::Files;
    for (const auto& p : paths)
        source.files.push_back((p.startsWith(QStringLiteral("file:")) ? QUrl(p).toLocalFile() : p).toStdString());
    runCapture(std::move(source));
}

void IncomingModel::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

QStringList IncomingModel::pageUrls() const
{
    QStringList out;
    if (const auto* d = currentDraft())
        for (const auto& f : d->pageFiles) {
            QUrl url = QUrl::fromLocalFile(qs(f));
            url.setQuery(QStringLiteral("r=%1").arg(m_revision));   // a rotated page reloads
            out << url.toString();
        }
    return out;
}

QVariantList IncomingModel::fields() const
{
    QVariantList out;
    if (const auto* d = currentDraft())
        for (const auto& f : d->fields) {
            QVariantMap m;
            m[QStringLiteral("name")] = qs(f.name);
            m[QStringLiteral("label")] = inUiLanguage(f.label);
            m[QStringLiteral("value")] = qs(f.value);
            m[QStringLiteral("confidence")] = static_cast<double>(f.confidence);
            m[QStringLiteral("low")] = f.confidence < static_cast<float>(lowConfidence()) && !f.corrected;
            m[QStringLiteral("required")] = f.required;
            m[QStringLiteral("corrected")] = f.corrected;
            out << m;
        }
    return out;
}

QStringList IncomingModel::warnings() const
{
    QStringList out;
    if (const auto* d = currentDraft())
        for (const auto& w : d->warnings)
            out << inUiLanguage(w);
    return out;
}

QVariantList IncomingModel::duplicates() const
{
    QVariantList out;
    if (const auto* d = currentDraft())
        for (const auto& m : d->duplicates) {
            QVariantMap v;
            v[QStringLiteral("id")] = static_cast<qlonglong>(m.id);
            v[QStringLiteral("text")] =
                tr("Đã đăng ký: số đến %1/%2").arg(m.arrivalNumber).arg(m.year) +
                (m.reason == reg::DuplicateMatch::Reason::SameDocumentId ? tr(" (cùng mã văn bản)")
                                                                         : tr(" (cùng số, ký hiệu, cơ quan ban hành)"));
            out << v;
        }
    return out;
}

void IncomingModel::rotatePage(int page, bool clockwise)
{
    if (!hasDraft() || busy())
        return;
    setBusy(true);
    // The turned PNG is written by workflow on the worker; the draft comes back as a value.
    auto draft = m_drafts[static_cast<size_t>(m_index)];
    const std::string actor = session()->userName.toStdString();
    run([st = station(), thumbnails = session()->thumbnails(), draft, page, clockwise, actor]() mutable {
            Status s = workflow::rotatePage(draft, page, clockwise ? 90 : 270);
            if (s && page >= 0 && static_cast<size_t>(page) < draft.pageFiles.size()) {
                const QString turned = qs(draft.pageFiles[static_cast<size_t>(page)]);
                thumbnails->put(turned, makeThumbnail(turned));
            }
            if (s && page == 0) {
                // Page 1 carries the header: read the fields again from the turned page.
                workflow::IncomingFlow flow(*st, actor);
                (void)flow.reread(draft);
            }
            return std::pair(s, draft);
        },
        [this, doc = m_index, revision = m_revision](std::pair<Status, workflow::IncomingDraft> turned) {
            auto& [s, result] = turned;
            setBusy(false);
            if (!s) {
                setError(s.error());
                return;
            }
            if (doc != m_index || revision != m_revision || !hasDraft())
                return;   // the drafts changed meanwhile: the turn is dropped, nothing half-applied
            m_drafts[static_cast<size_t>(doc)] = std::move(result);
            ++m_revision;
            draftUpdated();
        });
}

void IncomingModel::rereadFirstPage()
{
    if (!hasDraft())
        return;
    auto draft = m_drafts[static_cast<size_t>(m_index)];
    const std::string actor = session()->userName.toStdString();
    setBusy(true);
    run([st = station(), draft, actor]() mutable {
            workflow::IncomingFlow flow(*st, actor);
            const Status s = flow.reread(draft);
            return std::pair(s, draft);
        },
        [this, doc = m_index, revision = m_revision](std::pair<Status, workflow::IncomingDraft> read) {
            auto& [s, result] = read;
            setBusy(false);
            if (!s || doc != m_index || revision != m_revision || !hasDraft())
                return;
            m_drafts[static_cast<size_t>(doc)] = std::move(result);
            draftUpdated();
        });
}

bool IncomingModel::movePage(int from, int to)
{
    if (!hasDraft() || busy() || from == to)
        return false;
    auto& d = m_drafts[static_cast<size_t>(m_index)];
    if (!workflow::movePage(d, from, to))
        return false;
    ++m_revision;
    draftUpdated();
    if (from == 0 || to == 0)
        rereadFirstPage();
    return true;
}

bool IncomingModel::deletePage(int page)
{
    if (!hasDraft() || busy())
        return false;
    auto& d = m_drafts[static_cast<size_t>(m_index)];
    if (!workflow::deletePage(d, page))
        return false;   // out of range, or the only page (a document keeps one)
    ++m_revision;
    draftUpdated();
    if (page == 0)
        rereadFirstPage();
    return true;
}

bool IncomingModel::restoreBlankPage(int page)
{
    if (!hasDraft() || busy())
        return false;
    if (!workflow::restoreBlankPage(m_drafts[static_cast<size_t>(m_index)], page))
        return false;
    draftUpdated();
    return true;
}

bool IncomingModel::markPageBlank(int page)
{
    if (!hasDraft() || busy())
        return false;
    if (!workflow::markPageBlank(m_drafts[static_cast<size_t>(m_index)], page))
        return false;
    draftUpdated();
    return true;
}

QVariantList IncomingModel::pageBlank() const
{
    QVariantList out;
    if (const auto* d = currentDraft())
        for (size_t i = 0; i < d->pages.size(); ++i)
            out << (i < d->pageFlags.size() && d->pageFlags[i].blank && !d->pageFlags[i].restored);
    return out;
}

QVariantMap IncomingModel::fieldRegion(const QString& name) const
{
    const auto* d = currentDraft();
    if (!d)
        return {};
    for (const auto& f : d->fields) {
        if (qs(f.name) != name || f.page < 0 || !f.region || f.page >= static_cast<int>(d->pages.size()))
            continue;
        const auto& pg = d->pages[static_cast<size_t>(f.page)];
        return {{QStringLiteral("page"), f.page},
                {QStringLiteral("x"), f.region->x},
                {QStringLiteral("y"), f.region->y},
                {QStringLiteral("width"), f.region->width},
                {QStringLiteral("height"), f.region->height},
                {QStringLiteral("pageWidth"), pg.width},
                {QStringLiteral("pageHeight"), pg.height}};
    }
    return {};
}

bool IncomingModel::splitAfter(int page)
{
    if (!hasDraft() || busy())
        return false;
    auto& d = m_drafts[static_cast<size_t>(m_index)];
    const int n = static_cast<int>(d.pages.size());
    if (page < 0 || page >= n - 1)
        return false;
    workflow::IncomingDraft tail = d;
    tail.pages.assign(d.pages.begin() + page + 1, d.pages.end());
    d.pages.resize(static_cast<size_t>(page + 1));
    if (static_cast<int>(d.pageFiles.size()) == n) {
        tail.pageFiles.assign(d.pageFiles.begin() + page + 1, d.pageFiles.end());
        d.pageFiles.resize(static_cast<size_t>(page + 1));
    }
    if (static_cast<int>(d.pageFlags.size()) == n) {
        tail.pageFlags.assign(d.pageFlags.begin() + page + 1, d.pageFlags.end());
        d.pageFlags.resize(static_cast<size_t>(page + 1));
    }
    // The new document's fields are the clerk's to fill: nothing was read from its pages.
    tail.meta = DocumentMeta{};
    tail.meta.pageCount = static_cast<int>(tail.pages.size());
    tail.duplicates.clear();
    tail.documentId.clear();
    tail.originalFile.clear();
    tail.originalSha256.clear();
    workflow::refreshFields(tail);
    d.meta.pageCount = page + 1;
    workflow::refreshFields(d);
    m_drafts.insert(m_drafts.begin() + m_index + 1, std::move(tail));
    ++m_revision;
    draftUpdated();
    return true;
}

bool IncomingModel::mergeWithNext()
{
    if (!hasDraft() || busy() || m_index + 1 >= documentCount())
        return false;
    auto& d = m_drafts[static_cast<size_t>(m_index)];
    auto& next = m_drafts[static_cast<size_t>(m_index + 1)];
    d.pages.insert(d.pages.end(), next.pages.begin(), next.pages.end());
    d.pageFiles.insert(d.pageFiles.end(), next.pageFiles.begin(), next.pageFiles.end());
    d.pageFlags.resize(d.pages.size() - next.pages.size());
    d.pageFlags.insert(d.pageFlags.end(), next.pageFlags.begin(), next.pageFlags.end());
    d.pageFlags.resize(d.pages.size());
    d.meta.pageCount = static_cast<int>(d.pages.size());
    workflow::refreshFields(d);
    m_drafts.erase(m_drafts.begin() + m_index + 1);
    ++m_revision;
    draftUpdated();
    return true;
}

void IncomingModel::selectDocument(int index)
{
    if (index < 0 || index >= documentCount())
        return;
    m_index = index;
    draftUpdated();
}

QString IncomingModel::setField(const QString& name, const QString& value)
{
    if (!hasDraft())
        return tr("Chưa có văn bản");
    auto& d = m_drafts[static_cast<size_t>(m_index)];
    // Parsing only (no I/O): fine on the UI thread.
    auto s = workflow::applyCorrection(d, name.toStdString(), value.normalized(QString::NormalizationForm_C).toStdString());
    if (!s) {
        const auto m = clerkMessage(s.error());
        return m.hint.isEmpty() ? m.title : m.hint;
    }
    draftUpdated();
    return {};
}

void IncomingModel::registerDocument()
{
    if (!hasDraft() || busy())
        return;
    clearError();
    setBusy(true);
    const auto draft = m_drafts[static_cast<size_t>(m_index)];
    const std::string actor = session()->userName.toStdString();
    auto progress = progressFn();
    auto cancel = m_cancel = workflow::makeCancelFlag();
    run([st = station(), draft, actor, progress, cancel] {
            workflow::IncomingFlow flow(*st, actor);
            auto done = flow.commit(draft, {}, progress, cancel);
            QString stamped;
            if (done && !done->stampedPath.empty())
                stamped = renderPdfPage(qs(done->stampedPath), 1, qs(done->archiveDir) + QStringLiteral("/stamped-preview"), 60);
            return std::pair(std::move(done), stamped);
        },
        [this](auto committed) {
            const auto& [done, stamped] = committed;
            setBusy(false);
            if (!done) {
                setError(done.error());
                // A duplicate found at commit time is shown on the review screen.
                return;
            }
            const auto& r = done->record;
            m_arrivalNumber = r.arrivalNumber;
            m_arrivalText = (done->matchedExisting ? tr("Đã có trong sổ: số đến %1/%2") : tr("Số đến %1/%2"))
                                .arg(r.arrivalNumber)
                                .arg(r.year);
            m_stampedUrl = stamped.isEmpty() ? QString() : QUrl::fromLocalFile(stamped).toString();
            QStringList lines;
            lines << tr("Thời điểm đến: %1").arg(qs(vntime::toIso8601(r.arrivalTime)));
            if (r.dueAt)
                lines << tr("Hạn xử lý: %1").arg(qs(vntime::toIso8601(*r.dueAt)));
            lines << (done->outbox ? tr("Đã đưa vào hàng đợi gửi trục liên thông") : tr("Không gửi đi (văn bản mật hoặc không yêu cầu)"));
            for (const auto& w : done->warnings)
                lines << inUiLanguage(w);
            m_resultDetail = lines.join(QLatin1Char('\n'));
            // The registered document leaves the review list.
            m_drafts.erase(m_drafts.begin() + m_index);
            if (m_index >= documentCount())
                m_index = documentCount() - 1;
            draftUpdated();
            emit resultChanged();
            emit registered();
        });
}

void IncomingModel::reset()
{
    m_drafts.clear();
    m_index = -1;
    m_arrivalText.clear();
    m_stampedUrl.clear();
    m_resultDetail.clear();
    m_pagesArrived = 0;
    m_liveUrls.clear();
    m_current = m_total = 0;
    setStepText({});
    ++m_scanGeneration;
    clearError();
    draftUpdated();
    emit resultChanged();
    emit progressChanged();
}

} // namespace vanthu::ui
