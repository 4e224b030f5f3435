#include "OutgoingModel.h"

#include "AppState.h"
#include "PageImageQt.h"
#include "Session.h"
#include "KioskConfig.h"
#include "Worker.h"

#include "vanthu/core/AgencyCode.h"
#include "vanthu/core/DocumentType.h"
#include "vanthu/core/VnText.h"
#include "vanthu/signing/Errors.h"
#include "vanthu/signing/SigningConfig.h"
#include "vanthu/workflow/Records.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QImageReader>
#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QPdfWriter>
#include <QStandardPaths>
#include <QTextStream>
#include <QUrl>

#include <algorithm>

namespace vanthu::ui {

namespace {
// The size in mm signing gives the signer PNG: its pixels at 300 dpi (VisibleAppearance::signerWidthMm
// 0, as workflow leaves it). Empty when the file cannot be read. Worker thread.
QSizeF signerImageMm(const QString& png)
{
    const QSize px = QImageReader(png).size();
    if (px.isEmpty())
        return {};
    return QSizeF(px.width() * 25.4 / 300.0, px.height() * 25.4 / 300.0);
}

// The seal at its real diameter (workflow keeps VisibleAppearance's), height from the PNG's aspect.
QSizeF sealImageMm(const QString& png)
{
    const QSize px = QImageReader(png).size();
    const double d = signing::VisibleAppearance{}.sealDiameterMm;
    if (px.isEmpty())
        return {};
    return QSizeF(d, d * px.height() / px.width());
}

QString qs(const std::string& s) { return QString::fromStdString(s); }
QString qs(std::string_view s) { return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())); }

// The document types a station issues (NĐ 30 Phụ lục III), copy forms left out; the first entry
// keeps what the original says (công văn when it says nothing).
struct TypeChoice {
    QString abbreviation;
    QString name;
};
const std::vector<TypeChoice>& typeChoices()
{
    static const std::vector<TypeChoice> all = [] {
        std::vector<TypeChoice> out;
        out.push_back({QString(), QString()});
        for (const auto& t : doctype::all())
            if (!t.isCopy && !t.abbreviation.empty())
                out.push_back({qs(t.abbreviation), qs(t.name)});
        return out;
    }();
    return all;
}

QString twoDigits(int n) { return n > 0 && n < 10 ? QStringLiteral("0%1").arg(n) : QString::number(n); }

// The first page of the prepared original (capture's clean page 1, or the original image), as a
// PNG the preview shows, with its size in millimetres. Worker thread.
struct Preview {
    QString url;
    double widthMm = 210, heightMm = 297;
};
Preview previewOf(const std::string& jobDir)
{
    Preview p;
    const QString page = qs(jobDir) + QStringLiteral("/pages/0001.clean.png");
    QImage img(page);
    if (img.isNull())
        return p;
    const double dpm = img.dotsPerMeterX() > 1000 ? img.dotsPerMeterX() : 300 / 0.0254;
    p.widthMm = img.width() / dpm * 1000.0;
    p.heightMm = img.height() / dpm * 1000.0;
    p.url = QUrl::fromLocalFile(page).toString();
    return p;
}

// Writes scanned pages into one image-only PDF (the signed paper original as the flow reads it).
// Worker thread. False when the file cannot be written.
bool writeScanPdf(const std::vector<std::string>& pageFiles, const QString& path)
{
    if (pageFiles.empty())
        return false;
    const QString tmp = path + QStringLiteral(".tmp");
    {
        QPdfWriter pdf(tmp);
        pdf.setResolution(300);
        pdf.setPageSize(QPageSize(QPageSize::A4));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        QPainter painter;
        if (!painter.begin(&pdf))
            return false;
        for (size_t i = 0; i < pageFiles.size(); ++i) {
            if (i > 0)
                pdf.newPage();
            const QImage img(qs(pageFiles[i]));
            const QRect target = painter.viewport();
            painter.drawImage(target, img);
        }
        painter.end();
    }
    QFile::remove(path);
    return QFile::rename(tmp, path);
}
} // namespace

std::vector<AgencyEntry> readAgencyDirectory(const QString& path, int* skipped)
{
    std::vector<AgencyEntry> out;
    int bad = 0;
    QFile f(path);
    if (f.open(QIODevice::ReadOnly)) {
        QTextStream in(&f);
        in.setEncoding(QStringConverter::Utf8);
        while (!in.atEnd()) {
            const QString line = in.readLine().trimmed();
            if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
                continue;
            qsizetype cut = line.indexOf(QLatin1Char('\t'));
            if (cut < 0)
                cut = line.indexOf(QLatin1Char(';'));
            const QString code = line.left(cut).trimmed();
            const QString name = cut < 0 ? QString() : line.mid(cut + 1).trimmed();
            if (!AgencyCode::parse(code.toStdString()) || name.isEmpty()) {
                ++bad;
                continue;
            }
            out.push_back({code, name.normalized(QString::NormalizationForm_C)});
        }
    }
    if (skipped)
        *skipped = bad;
    return out;
}

std::vector<AgencyEntry> searchAgencies(const std::vector<AgencyEntry>& all, const QString& query)
{
    const auto words = qs(text::searchKey(query.toStdString())).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    std::vector<AgencyEntry> out;
    for (const auto& a : all) {
        const QString key = qs(text::searchKey((a.code + QLatin1Char(' ') + a.name).toStdString()));
        if (std::all_of(words.begin(), words.end(), [&](const QString& w) { return key.contains(w); }))
            out.push_back(a);
    }
    return out;
}

OutgoingModel::OutgoingModel(QObject* parent)
    : ScreenModel(parent)
{
    if (auto* app = AppState::instance())
        connect(app, &AppState::languageChanged, this, [this] {
            emit draftChanged();
            emit keyChanged();
        });
}

QVariantList OutgoingModel::types() const
{
    QVariantList out;
    for (const auto& t : typeChoices())
        out << QVariantMap{{QStringLiteral("abbreviation"), t.abbreviation},
                           {QStringLiteral("name"), t.abbreviation.isEmpty() ? tr("Theo bản gốc (công văn)")
                                                                             : t.name + QStringLiteral(" (") + t.abbreviation + QStringLiteral(")")}};
    return out;
}

void OutgoingModel::setTypeIndex(int i)
{
    if (i == m_typeIndex || i < 0 || i >= static_cast<int>(typeChoices().size()))
        return;
    m_typeIndex = i;
    emit draftChanged();
    // The symbol and the series follow the type: read the original again with the new type.
    if (m_draft && !busy())
        prepare(m_file);
}

void OutgoingModel::setSubject(const QString& s)
{
    const QString n = s.normalized(QString::NormalizationForm_C);
    if (n == m_subject)
        return;
    m_subject = n;
    if (m_draft && !n.trimmed().isEmpty())
        (void)workflow::applyCorrection(*m_draft, "subject", n.trimmed().toStdString());
    emit draftChanged();
}

void OutgoingModel::setAgencySearch(const QString& q)
{
    if (q == m_agencySearch)
        return;
    m_agencySearch = q;
    emit agenciesChanged();
}

QVariantList OutgoingModel::agencies() const
{
    QVariantList out;
    for (const auto& a : searchAgencies(m_directory, m_agencySearch)) {
        const bool chosen = std::any_of(m_recipients.begin(), m_recipients.end(), [&](const AgencyEntry& r) { return r.code == a.code; });
        out << QVariantMap{{QStringLiteral("code"), a.code}, {QStringLiteral("name"), a.name}, {QStringLiteral("chosen"), chosen}};
    }
    return out;
}

QVariantList OutgoingModel::recipients() const
{
    QVariantList out;
    for (const auto& a : m_recipients)
        out << QVariantMap{{QStringLiteral("code"), a.code}, {QStringLiteral("name"), a.name}};
    return out;
}

bool OutgoingModel::addRecipient(const QString& code)
{
    auto it = std::find_if(m_directory.begin(), m_directory.end(), [&](const AgencyEntry& a) { return a.code == code; });
    if (it == m_directory.end())
        return false;
    if (std::any_of(m_recipients.begin(), m_recipients.end(), [&](const AgencyEntry& r) { return r.code == code; }))
        return false;
    m_recipients.push_back(*it);
    emit recipientsChanged();
    emit agenciesChanged();
    return true;
}

bool OutgoingModel::removeRecipient(const QString& code)
{
    auto it = std::find_if(m_recipients.begin(), m_recipients.end(), [&](const AgencyEntry& r) { return r.code == code; });
    if (it == m_recipients.end())
        return false;
    m_recipients.erase(it);
    emit recipientsChanged();
    emit agenciesChanged();
    return true;
}

QVariantList OutgoingModel::fields() const
{
    QVariantList out;
    if (!m_draft)
        return out;
    for (const auto& f : m_draft->fields) {
        // The number comes from the register; recipients from the directory.
        if (f.name == "number_symbol" || f.name == "recipients" || f.name == "recipient_unit" || f.name == "note")
            continue;
        out << QVariantMap{{QStringLiteral("name"), qs(f.name)},
                           {QStringLiteral("label"), inUiLanguage(f.label)},
                           {QStringLiteral("value"), qs(f.value)},
                           {QStringLiteral("confidence"), static_cast<double>(f.confidence)},
                           {QStringLiteral("low"), f.confidence < 70 && !f.corrected},
                           {QStringLiteral("required"), f.required},
                           {QStringLiteral("corrected"), f.corrected}};
    }
    return out;
}

QStringList OutgoingModel::warnings() const
{
    QStringList out;
    if (m_draft)
        for (const auto& w : m_draft->warnings)
            out << inUiLanguage(w);
    return out;
}

QString OutgoingModel::signaturesText() const
{
    if (!m_draft)
        return {};
    if (m_draft->signatures.empty())
        return tr("Bản gốc chưa có chữ ký số (bản giấy đã ký, hoặc ký tay)");
    QStringList lines;
    for (const auto& s : m_draft->signatures)
        lines << (s.valid ? tr("Chữ ký số hợp lệ: %1") : tr("Chữ ký số KHÔNG hợp lệ: %1")).arg(qs(s.signer));
    return lines.join(QLatin1Char('\n'));
}

QString OutgoingModel::series() const
{
    // The register's series ids (reg::seriesFor) in words.
    if (m_series.isEmpty())
        return {};
    if (m_series == QStringLiteral("general"))
        return tr("Sổ văn bản đi chung");
    if (m_series == QStringLiteral("secret"))
        return tr("Sổ văn bản mật");
    if (m_series == QStringLiteral("copies"))
        return tr("Sổ bản sao");
    if (m_series.startsWith(QStringLiteral("type:")))
        return tr("Sổ riêng loại %1").arg(m_series.mid(5));
    return m_series;
}

QString OutgoingModel::symbol() const { return m_draft ? qs(m_draft->meta.numberSymbol.symbol) : QString(); }

QString OutgoingModel::symbolWarning() const
{
    // Our own documents end in our abbreviation: anything else is a misread (or another body's symbol).
    const QString s = symbol();
    if (s.isEmpty() || m_agencyAbbreviation.isEmpty() || s.endsWith(QLatin1Char('-') + m_agencyAbbreviation) || s == m_agencyAbbreviation)
        return {};
    return tr("Ký hiệu \"%1\" không kết thúc bằng chữ viết tắt của cơ quan (%2): kiểm tra lại").arg(s, m_agencyAbbreviation);
}

QString OutgoingModel::setSymbol(const QString& symbol)
{
    if (!m_draft)
        return tr("Chưa có văn bản");
    const QString s = symbol.trimmed().normalized(QString::NormalizationForm_C);
    if (s.isEmpty() || s.contains(QLatin1Char('/')))
        return tr("Ký hiệu không hợp lệ");
    // The number stays blank: the register assigns it.
    auto r = workflow::applyCorrection(*m_draft, "number_symbol", ("/" + s).toStdString());
    if (!r) {
        const auto m = clerkMessage(r.error());
        return m.hint.isEmpty() ? m.title : m.hint;
    }
    emit draftChanged();
    return {};
}

QString OutgoingModel::numberPreview() const
{
    if (!m_draft)
        return {};
    const QString symbol = qs(m_draft->meta.numberSymbol.symbol);
    if (m_nextNumber <= 0)
        return tr("Số: …/%1").arg(symbol);
    return tr("Số: %1/%2 (dự kiến)").arg(twoDigits(m_nextNumber), symbol);
}

QString OutgoingModel::datePreview() const
{
    if (!m_draft)
        return {};
    const auto d = m_draft->meta.issuedDate.value_or(vntime::localDate(vntime::now()));
    return tr("%1, ngày %2 tháng %3 năm %4")
        .arg(qs(m_draft->meta.place))
        .arg(twoDigits(static_cast<int>(static_cast<unsigned>(d.day()))))
        .arg(twoDigits(static_cast<int>(static_cast<unsigned>(d.month()))))
        .arg(static_cast<int>(d.year()));
}

bool OutgoingModel::signerOnPreview() const
{
    if (!m_draft)
        return false;
    return m_draft->signerPage == 0 || (m_draft->signerPage < 0 && m_draft->meta.pageCount <= 1) || m_draft->meta.pageCount <= 1;
}

double OutgoingModel::sealXMm() const
{
    if (m_seal)
        return m_seal->x;
    return m_draft && m_draft->signerAt ? m_draft->signerAt->x : 140;
}

double OutgoingModel::sealYMm() const
{
    if (m_seal)
        return m_seal->y;
    return m_draft && m_draft->signerAt ? m_draft->signerAt->y : 230;
}

QRectF OutgoingModel::signerBoxMm() const
{
    return {sealXMm() - m_signerWidthMm / 2, sealYMm() - m_signerHeightMm / 2, m_signerWidthMm, m_signerHeightMm};
}

QRectF OutgoingModel::sealBoxMm() const
{
    // As signing::signPdf places it: its right edge at sealCoverage of the signer image from the
    // left, centred vertically on the signer image.
    const QRectF signer = signerBoxMm();
    const double right = signer.left() + signing::VisibleAppearance{}.sealCoverage * signer.width();
    return {right - m_sealWidthMm, signer.center().y() - m_sealHeightMm / 2, m_sealWidthMm, m_sealHeightMm};
}

QString OutgoingModel::keyText() const
{
    if (needsPin())
        return tr("Token ký số \"%1\": nhập mã PIN khi ký").arg(m_tokenLabel);
    return m_demoKey ? tr("Khóa ký THỬ NGHIỆM của trạm (tệp PKCS#12) — không cần PIN")
                     : tr("Khóa ký của cơ quan (tệp PKCS#12 đã cấu hình) — không cần PIN");
}

workflow::ProgressFn OutgoingModel::progressFn()
{
    return progressTo([this](const workflow::Progress& p) {
        setStepText(stepName(p.step) + (p.total > 1 ? QStringLiteral(" %1/%2").arg(p.current).arg(p.total) : QString()));
    });
}

void OutgoingModel::reload()
{
    auto* st = station();
    if (!st)
        return;
    struct Loaded {
        QString directory;
        std::vector<AgencyEntry> list;
        QString label, module, keyLabel, abbreviation;
        bool demo = false;
        QSizeF signerMm, sealMm;
    };
    run([st, chosen = m_directoryPath] {
        Loaded l;
        // --agencies FILE, else [kiosk] agencies of the configuration, else the built-in demo list.
        l.directory = chosen;
        if (l.directory.isEmpty())
            if (auto kiosk = KioskConfig::load(st->config()))
                l.directory = kiosk->agencies;
        if (l.directory.isEmpty())
            l.directory = QString::fromLatin1(kBuiltinAgencies);
        int skipped = 0;
        l.list = readAgencyDirectory(l.directory, &skipped);
        // Our own agency is not a recipient of its own documents.
        const QString own = qs(st->config().agency.code);
        std::erase_if(l.list, [&](const AgencyEntry& a) { return a.code == own; });
        if (auto sc = signing::SigningConfig::load(st->config())) {
            l.label = qs(sc->tokenLabel);
            l.module = qs(sc->tokenModule);
            l.keyLabel = qs(sc->keyLabel);
        }
        l.demo = st->keys().demo;
        l.signerMm = signerImageMm(qs(st->keys().signerImage));
        l.sealMm = sealImageMm(qs(st->keys().sealImage));
        l.abbreviation = qs(st->config().agency.abbreviation);
        return l;
    },
        [this](Loaded l) {
            m_directory = std::move(l.list);
            m_directoryInUse = l.directory;
            m_tokenLabel = l.label;
            m_tokenModule = l.module;
            m_keyLabel = l.keyLabel;
            m_demoKey = l.demo;
            m_agencyAbbreviation = l.abbreviation;
            if (!l.signerMm.isEmpty()) {
                m_signerWidthMm = l.signerMm.width();
                m_signerHeightMm = l.signerMm.height();
            }
            if (!l.sealMm.isEmpty()) {
                m_sealWidthMm = l.sealMm.width();
                m_sealHeightMm = l.sealMm.height();
            }
            emit draftChanged();
            if (m_directory.empty())
                setError(Error(workflow::Errc::InvalidInput, "agency directory " + l.directory.toStdString() + " is empty or unreadable"));
            emit agenciesChanged();
            emit keyChanged();
        });
}

workflow::IssueRequest OutgoingModel::request() const
{
    workflow::IssueRequest rq;
    rq.file = m_file.toStdString();
    rq.typeAbbreviation = typeChoices()[static_cast<size_t>(m_typeIndex)].abbreviation.toStdString();
    rq.subject = m_subject.trimmed().toStdString();
    for (const auto& a : m_recipients) {
        uplink::Organization o;
        o.organId = a.code.toStdString();
        o.organName = a.name.toStdString();
        rq.to.push_back(o);
    }
    return rq;
}

std::optional<workflow::OutgoingDraft> OutgoingModel::currentDraft() const
{
    if (!m_draft)
        return std::nullopt;
    workflow::OutgoingDraft d = *m_draft;
    const auto rq = request();
    d.request.to = rq.to;
    // Nơi nhận as printed follows the chosen recipients (prepare() does the same from request.to).
    d.meta.recipients.clear();
    for (const auto& o : rq.to)
        d.meta.recipients.push_back(o.organName);
    if (m_seal)
        d.request.sealCentre = *m_seal;
    return d;
}

void OutgoingModel::browse(const QString& path)
{
    if (!session())
        return;
    QString dir = path.startsWith(QStringLiteral("file:")) ? QUrl(path).toLocalFile() : path;
    if (dir.isEmpty())
        dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    run([dir] {
        QDir d(dir);
        if (!d.exists())
            d = QDir::home();
        QVariantList entries;
        const QString canonical = d.canonicalPath();
        if (canonical != QStringLiteral("/"))
            entries << QVariantMap{{QStringLiteral("name"), QStringLiteral("..")},
                                   {QStringLiteral("path"), QFileInfo(canonical).path()},
                                   {QStringLiteral("folder"), true}};
        for (const auto& fi : d.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name | QDir::IgnoreCase))
            entries << QVariantMap{{QStringLiteral("name"), fi.fileName()}, {QStringLiteral("path"), fi.absoluteFilePath()},
                                   {QStringLiteral("folder"), true}};
        const QStringList filters{QStringLiteral("*.pdf"), QStringLiteral("*.PDF"), QStringLiteral("*.png"), QStringLiteral("*.jpg"),
                                  QStringLiteral("*.jpeg"), QStringLiteral("*.tif"), QStringLiteral("*.tiff")};
        for (const auto& fi : d.entryInfoList(filters, QDir::Files, QDir::Name | QDir::IgnoreCase))
            entries << QVariantMap{{QStringLiteral("name"), fi.fileName()}, {QStringLiteral("path"), fi.absoluteFilePath()},
                                   {QStringLiteral("folder"), false}};
        return std::pair(canonical, entries);
    },
        [this](std::pair<QString, QVariantList> listed) {
            m_folder = listed.first;
            m_folderEntries = listed.second;
            emit folderChanged();
        });
}

void OutgoingModel::chooseFile(const QString& path)
{
    const QString local = path.startsWith(QStringLiteral("file:")) ? QUrl(path).toLocalFile() : path;
    if (busy() || local.isEmpty())
        return;
    m_seal.reset();
    prepare(local);
}

void OutgoingModel::prepare(const QString& file)
{
    if (!station())
        return;
    clearError();
    m_pinError.clear();
    emit pinChanged();
    m_file = file;
    m_outgoingNumber = 0;
    m_resultText.clear();
    emit resultChanged();
    setBusy(true);
    m_cancel = workflow::makeCancelFlag();
    const auto rq = request();
    const std::string actor = session()->userName.toStdString();
    struct Prepared {
        Result<workflow::OutgoingDraft> draft;
        Preview preview;
        int next = 0;
        QString series;
    };
    run([st = station(), rq, actor, progress = progressFn(), cancel = m_cancel] {
        workflow::OutgoingFlow flow(*st, actor);
        auto draft = flow.prepare(rq, progress, cancel);
        Preview preview;
        int next = 0;
        QString series;
        if (draft) {
            preview = previewOf(draft->jobDir);
            // The number the register will give, for the preview (the register assigns it at issue).
            series = qs(reg::seriesFor(draft->meta, st->config().numbering));
            reg::ListFilter f;
            f.year = static_cast<int>(draft->meta.issuedDate.value_or(vntime::localDate(vntime::now())).year());
            f.series = series.toStdString();
            if (auto list = workflow::Records(*st).outgoing(f)) {
                next = 1;
                for (const auto& r : *list)
                    next = std::max(next, r.number + 1);
            }
        }
        return Prepared{std::move(draft), preview, next, series};
    },
        [this](Prepared p) {
            const auto& [draft, preview, next, series] = p;
            setBusy(false);
            setStepText({});
            if (!draft) {
                setError(draft.error());
                m_draft.reset();
                emit draftChanged();
                return;
            }
            m_draft = *draft;
            m_previewUrl = preview.url;
            m_pageWidthMm = preview.widthMm;
            m_pageHeightMm = preview.heightMm;
            m_nextNumber = next;
            m_series = series;
            if (m_subject.isEmpty())
                m_subject = qs(m_draft->meta.subject);
            emit draftChanged();
            emit prepared();
        });
}

void OutgoingModel::scanOriginal()
{
    if (busy() || !station())
        return;
    clearError();
    setBusy(true);
    m_cancel = workflow::makeCancelFlag();
    const std::string actor = session()->userName.toStdString();
    run([st = station(), actor, progress = progressFn(), cancel = m_cancel] {
        workflow::IncomingFlow flow(*st, actor);
        workflow::IntakeSource source;
        source.kind = workflow::IntakeSource::Kind::Scanner;
        source.scan.source = capture::Source::Adf;
        source.scan.maxPages = 20;
        // One signed original: every page of the batch belongs to it.
        source.separation = capture::SeparationRules{};
        auto drafts = flow.capture(source, progress, cancel);
        QString file;
        std::optional<Error> error;
        if (!drafts) {
            error = drafts.error();
        } else {
            std::vector<std::string> pages;
            for (const auto& d : *drafts)
                pages.insert(pages.end(), d.pageFiles.begin(), d.pageFiles.end());
            if (pages.empty()) {
                error = Error(workflow::Errc::InvalidInput, "the scanner gave no pages");
            } else {
                file = qs(drafts->front().jobDir) + QStringLiteral("/signed-original.pdf");
                if (!writeScanPdf(pages, file))
                    error = Error(workflow::Errc::Io, "could not write " + file.toStdString());
            }
        }
        return std::pair(file, error);
    },
        [this](std::pair<QString, std::optional<Error>> scanned) {
            const auto& [file, error] = scanned;
            setBusy(false);
            if (error) {
                setError(*error);
                return;
            }
            m_seal.reset();
            prepare(file);
        });
}

QString OutgoingModel::setField(const QString& name, const QString& value)
{
    if (!m_draft)
        return tr("Chưa có văn bản");
    auto s = workflow::applyCorrection(*m_draft, name.toStdString(), value.normalized(QString::NormalizationForm_C).toStdString());
    if (!s) {
        const auto m = clerkMessage(s.error());
        return m.hint.isEmpty() ? m.title : m.hint;
    }
    if (name == QStringLiteral("subject"))
        m_subject = value.normalized(QString::NormalizationForm_C);
    emit draftChanged();
    return {};
}

void OutgoingModel::placeSeal(double xMm, double yMm)
{
    // y = 0 means "find it" to the flow: keep a placed seal at least 1 mm from the top.
    m_seal = signing::MmPoint{std::clamp(xMm, 0.0, m_pageWidthMm), std::clamp(yMm, 1.0, m_pageHeightMm)};
    emit draftChanged();
}

void OutgoingModel::signAndSend(const QString& pin)
{
    auto draft = currentDraft();
    if (!draft || busy() || !station())
        return;
    clearError();
    m_pinError.clear();
    emit pinChanged();
    std::optional<signing::KeySource> key;
    if (needsPin()) {
        if (pin.isEmpty()) {
            m_pinError = tr("Nhập mã PIN của token");
            emit pinChanged();
            emit pinRejected();
            return;
        }
        signing::TokenKey t;
        t.modulePath = m_tokenModule.toStdString();
        t.tokenLabel = m_tokenLabel.toStdString();
        t.keyLabel = m_keyLabel.toStdString();
        t.pin = pin.toStdString();   // lives only in this request: never stored or logged
        key = t;
    }
    setBusy(true);
    m_cancel = workflow::makeCancelFlag();
    const std::string actor = session()->userName.toStdString();
    run([st = station(), d = *draft, key, actor, progress = progressFn(), cancel = m_cancel] {
        workflow::OutgoingFlow flow(*st, actor);
        auto done = flow.issue(d, key, progress, cancel);
        QString png;
        if (done && !done->signedPath.empty()) {
            // The signed page with the seal (the signature block's page), as the clerk checks it.
            const int page = d.signerPage >= 0 ? d.signerPage + 1 : std::max(1, d.meta.pageCount);
            png = renderPdfPage(qs(done->signedPath), page, qs(done->archiveDir) + QStringLiteral("/signed-preview"), 80);
        }
        return std::pair(std::move(done), png);
    },
        [this](auto issued) {
            const auto& [done, png] = issued;
            setBusy(false);
            setStepText({});
            if (!done) {
                const Error& e = done.error();
                if (e.is(signing::Errc::WrongPin) || e.is(signing::Errc::PinLocked) || e.is(signing::Errc::WrongPassword)) {
                    const auto m = clerkMessage(e);
                    m_pinError = m.title + QStringLiteral(". ") + m.hint;
                    emit pinChanged();
                    emit pinRejected();
                    return;
                }
                setError(e);
                return;
            }
            const auto& r = done->record;
            m_outgoingNumber = r.number;
            m_resultText = tr("Số %1/%2").arg(twoDigits(r.number), qs(r.meta.numberSymbol.symbol));
            QStringList lines;
            lines << tr("Ngày ban hành: %1").arg(datePreview());
            lines << tr("Sổ văn bản đi: %1, năm %2").arg(series().isEmpty() ? qs(r.series) : series()).arg(r.year);
            lines << (done->outbox ? tr("Đã đưa vào hàng đợi gửi %1 nơi nhận").arg(m_recipients.size())
                                   : tr("Không gửi đi (văn bản mật)"));
            for (const auto& w : done->warnings)
                lines << inUiLanguage(w);
            m_resultDetail = lines.join(QLatin1Char('\n'));
            m_signedPath = qs(done->signedPath);
            m_signedUrl = png.isEmpty() ? QString() : QUrl::fromLocalFile(png).toString();
            emit resultChanged();
            emit issuedDone();
        });
}

void OutgoingModel::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

void OutgoingModel::reset()
{
    m_draft.reset();
    m_file.clear();
    m_subject.clear();
    m_typeIndex = 0;
    m_recipients.clear();
    m_seal.reset();
    m_previewUrl.clear();
    m_nextNumber = 0;
    m_series.clear();
    m_outgoingNumber = 0;
    m_resultText.clear();
    m_resultDetail.clear();
    m_signedUrl.clear();
    m_signedPath.clear();
    m_pinError.clear();
    clearError();
    emit draftChanged();
    emit recipientsChanged();
    emit agenciesChanged();
    emit resultChanged();
    emit pinChanged();
}

} // namespace vanthu::ui
