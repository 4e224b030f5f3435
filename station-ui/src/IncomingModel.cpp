#include "IncomingModel.h"

#include "AppState.h"
#include "PageImageQt.h"
#include "Session.h"
#include "Worker.h"

#include "vanthu/core/VnTime.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTransform>
#include <QUrl>

#include <cstdio>

namespace vanthu::ui {

namespace {
QString qs(const std::string& s) { return QString::fromStdString(s); }
QString qs(std::string_view s) { return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())); }

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
    case Label: return qs(f.label);
    case Value: return qs(f.value);
    case Confidence: return static_cast<double>(f.confidence);
    case Low: return f.confidence < m_low && !f.corrected;
    case Required: return f.required;
    case Corrected: return f.corrected;
    default: return {};
    }
}

QHash<int, QByteArray> FieldList::roleNames() const
{
    return {{Name, "name"},         {Label, "label"},       {Value, "value"},        {Confidence, "confidence"},
            {Low, "low"},           {Required, "mandatory"}, {Corrected, "corrected"}};
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

void IncomingModel::draftUpdated()
{
    const auto* d = currentDraft();
    m_fieldList.set(d ? d->fields : std::vector<workflow::ReviewField>{}, static_cast<float>(lowConfidence()));
    emit draftChanged();
}

IncomingModel::IncomingModel(QObject* parent) : QObject(parent), m_session(Session::instance()) {}

void IncomingModel::setBusy(bool b)
{
    if (b != m_busy) {
        m_busy = b;
        emit stateChanged();
    }
}

void IncomingModel::setError(const Error& e)
{
    const auto m = clerkMessage(e);
    m_errorTitle = m.title;
    m_errorHint = m.hint;
    emit errorChanged();
    emit failed();
}

void IncomingModel::clearError()
{
    m_errorTitle.clear();
    m_errorHint.clear();
    emit errorChanged();
}

void IncomingModel::onProgress(const workflow::Progress& p)
{
    const bool vi = !AppState::instance() || AppState::instance()->language() == QStringLiteral("vi");
    m_stepText = vi ? qs(workflow::vietnameseName(p.step)) : qs(workflow::toString(p.step));
    if (!p.message.empty())
        m_stepText += QStringLiteral(" — ") + qs(p.message);
    m_current = p.current;
    m_total = p.total;
    if (p.step == workflow::Step::Scan || p.step == workflow::Step::Import)
        m_pagesArrived = std::max(m_pagesArrived, p.current);
    emit progressChanged();
}

workflow::ProgressFn IncomingModel::progressFn()
{
    // Called on the worker: the value is copied to the UI thread.
    return [this](const workflow::Progress& p) { deliver(this, [this, p] { onProgress(p); }); };
}

void IncomingModel::refreshDevices()
{
    if (!m_session || !m_session->station())
        return;
    m_session->worker().post([this] {
        auto* station = m_session->station();
        auto device = station->defaultScanner();
        QStringList profiles;
        for (const auto& [name, keys] : station->config().scanProfiles)
            profiles << qs(name);
        deliver(this, [this, device, profiles] {
            m_scanner = device ? qs(*device) : QString();
            m_profiles = profiles;
            emit devicesChanged();
            if (!device)
                setError(device.error());
        });
    });
}

void IncomingModel::runCapture(workflow::IntakeSource source)
{
    if (m_busy || !m_session || !m_session->station())
        return;
    clearError();
    m_drafts.clear();
    m_index = -1;
    m_pagesArrived = 0;
    m_current = m_total = 0;
    m_stepText.clear();
    draftUpdated();
    emit progressChanged();
    setBusy(true);
    m_cancel = workflow::makeCancelFlag();
    auto progress = progressFn();
    auto cancel = m_cancel;
    const std::string actor = m_session->userName.toStdString();
    m_session->worker().post([this, source, progress, cancel, actor] {
        workflow::IncomingFlow flow(*m_session->station(), actor);
        auto drafts = flow.capture(source, progress, cancel);
        deliver(this, [this, drafts] {
            setBusy(false);
            if (!drafts) {
                setError(drafts.error());
                return;
            }
            m_drafts = *drafts;
            m_index = m_drafts.empty() ? -1 : 0;
            ++m_revision;
            draftUpdated();
            emit captured();
        });
    });
}

void IncomingModel::scan(const QString& profile)
{
    if (!m_session || !m_session->station())
        return;
    workflow::IntakeSource source;
    source.kind = workflow::IntakeSource::Kind::Scanner;
    source.device = m_scanner.toStdString();
    if (!profile.isEmpty()) {
        const auto& all = m_session->station()->config().scanProfiles;
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
            m[QStringLiteral("label")] = qs(f.label);
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
            out << qs(w);
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
    auto* d = const_cast<workflow::IncomingDraft*>(currentDraft());
    if (!d || page < 0 || page >= static_cast<int>(d->pages.size()) || m_busy)
        return;
    setBusy(true);
    const auto idx = static_cast<size_t>(page);
    const PageImage src = d->pages[idx];
    const QString file = idx < d->pageFiles.size() ? qs(d->pageFiles[idx]) : QString();
    m_session->worker().post([this, src, file, clockwise, idx, doc = m_index] {
        const QImage rotated = toQImage(src).transformed(QTransform().rotate(clockwise ? 90 : -90));
        PageImage turned = fromQImage(rotated, src.dpi);
        bool saved = true;
        if (!file.isEmpty()) {
            const QString tmp = file + QStringLiteral(".tmp.png");
            // Written beside the page and renamed over it: never a half-written page.
            saved = rotated.save(tmp, "PNG") && std::rename(QFile::encodeName(tmp).constData(), QFile::encodeName(file).constData()) == 0;
        }
        deliver(this, [this, turned, idx, doc, saved] {
            setBusy(false);
            if (doc != m_index || !hasDraft())
                return;
            auto& draft = m_drafts[static_cast<size_t>(doc)];
            if (idx < draft.pages.size())
                draft.pages[idx] = turned;
            if (!saved)
                setError(Error(workflow::Errc::Io, "rotated page not written"));
            ++m_revision;
            draftUpdated();
        });
    });
}

bool IncomingModel::movePage(int from, int to)
{
    if (!hasDraft() || m_busy)
        return false;
    auto& d = m_drafts[static_cast<size_t>(m_index)];
    const int n = static_cast<int>(d.pages.size());
    if (from < 0 || from >= n || to < 0 || to >= n || from == to)
        return false;
    auto moveIn = [from, to](auto& v) {
        if (static_cast<int>(v.size()) <= std::max(from, to))
            return;
        auto item = v[static_cast<size_t>(from)];
        v.erase(v.begin() + from);
        v.insert(v.begin() + to, item);
    };
    moveIn(d.pages);
    moveIn(d.pageFiles);
    ++m_revision;
    draftUpdated();
    return true;
}

bool IncomingModel::deletePage(int page)
{
    if (!hasDraft() || m_busy)
        return false;
    auto& d = m_drafts[static_cast<size_t>(m_index)];
    if (page < 0 || page >= static_cast<int>(d.pages.size()) || d.pages.size() <= 1)
        return false;   // a document keeps at least one page
    d.pages.erase(d.pages.begin() + page);
    if (page < static_cast<int>(d.pageFiles.size()))
        d.pageFiles.erase(d.pageFiles.begin() + page);
    d.meta.pageCount = static_cast<int>(d.pages.size());
    workflow::refreshFields(d);
    ++m_revision;
    draftUpdated();
    return true;
}

bool IncomingModel::splitAfter(int page)
{
    if (!hasDraft() || m_busy)
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
    if (!hasDraft() || m_busy || m_index + 1 >= documentCount())
        return false;
    auto& d = m_drafts[static_cast<size_t>(m_index)];
    auto& next = m_drafts[static_cast<size_t>(m_index + 1)];
    d.pages.insert(d.pages.end(), next.pages.begin(), next.pages.end());
    d.pageFiles.insert(d.pageFiles.end(), next.pageFiles.begin(), next.pageFiles.end());
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
    if (!hasDraft() || m_busy)
        return;
    clearError();
    setBusy(true);
    const auto draft = m_drafts[static_cast<size_t>(m_index)];
    const std::string actor = m_session->userName.toStdString();
    auto progress = progressFn();
    auto cancel = m_cancel = workflow::makeCancelFlag();
    m_session->worker().post([this, draft, actor, progress, cancel] {
        workflow::IncomingFlow flow(*m_session->station(), actor);
        auto done = flow.commit(draft, {}, progress, cancel);
        QString stamped;
        if (done && !done->stampedPath.empty())
            stamped = renderPdfPage(qs(done->stampedPath), 1, qs(done->archiveDir) + QStringLiteral("/stamped-preview"), 60);
        deliver(this, [this, done, stamped] {
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
                lines << qs(w);
            m_resultDetail = lines.join(QLatin1Char('\n'));
            // The registered document leaves the review list.
            m_drafts.erase(m_drafts.begin() + m_index);
            if (m_index >= documentCount())
                m_index = documentCount() - 1;
            draftUpdated();
            emit resultChanged();
            emit registered();
        });
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
    m_current = m_total = 0;
    m_stepText.clear();
    clearError();
    draftUpdated();
    emit resultChanged();
    emit progressChanged();
}

} // namespace vanthu::ui
