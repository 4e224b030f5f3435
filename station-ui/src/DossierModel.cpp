#include "DossierModel.h"

#include "AppState.h"
#include "Session.h"

#include "vanthu/workflow/Dossier.h"

#include <QCoreApplication>
#include <QUrl>

namespace vanthu::ui {

namespace {
QString qs(const std::string& s) { return QString::fromStdString(s); }
QString dateText(const std::optional<vntime::Date>& d)
{
    if (!d)
        return {};
    return QStringLiteral("%1/%2/%3")
        .arg(static_cast<unsigned>(d->day()), 2, 10, QLatin1Char('0'))
        .arg(static_cast<unsigned>(d->month()), 2, 10, QLatin1Char('0'))
        .arg(static_cast<int>(d->year()));
}
} // namespace

DossierModel::DossierModel(QObject* parent) : ScreenModel(parent) {}

void DossierModel::setProcedureIndex(int i)
{
    if (i == m_procedureIndex)
        return;
    m_procedureIndex = i;
    m_code.clear();
    m_present.clear();
    emit changed();
}

QVariantList DossierModel::components() const
{
    if (m_procedureIndex < 0 || m_procedureIndex >= m_procedures.size())
        return {};
    QVariantList out;
    for (const auto& v : m_procedures[m_procedureIndex].toMap().value(QStringLiteral("components")).toList()) {
        auto m = v.toMap();
        m[QStringLiteral("present")] = m_present.contains(m.value(QStringLiteral("id")));
        out << m;
    }
    return out;
}

void DossierModel::reload()
{
    auto* st = station();
    if (!st)
        return;
    const std::string actor = session()->userName.toStdString();
    run([st, actor] {
        workflow::DossierDesk desk(*st, actor);
        auto list = desk.procedures();
        QVariantList procedures;
        QString message;
        if (list) {
            for (const auto& p : *list) {
                QVariantMap m;
                m[QStringLiteral("code")] = qs(p.code);
                m[QStringLiteral("name")] = qs(p.name);
                m[QStringLiteral("days")] = p.statutoryDays;
                QVariantList comps;
                for (const auto& c : p.components)
                    comps << QVariantMap{{QStringLiteral("id"), qs(c.id)},
                                         {QStringLiteral("name"), qs(c.name)},
                                         {QStringLiteral("original"), c.original},
                                         {QStringLiteral("count"), c.count},
                                         {QStringLiteral("required"), c.required}};
                m[QStringLiteral("components")] = comps;
                procedures << m;
            }
        } else {
            message = clerkMessage(list.error()).title;
        }
        return std::pair(procedures, message);
    },
        [this](std::pair<QVariantList, QString> fetched) {
            m_procedures = fetched.first;
            m_message = fetched.second;
            if (m_procedureIndex < 0 && !m_procedures.isEmpty())
                m_procedureIndex = 0;
            emit changed();
            emit loaded();
        });
}

QString DossierModel::readCccd(const QString& qrText)
{
    // Parsing only: fine on the UI thread.
    auto a = workflow::parseCccdQr(qrText.normalized(QString::NormalizationForm_C).toStdString());
    if (!a) {
        const auto m = clerkMessage(a.error());
        return m.title + QStringLiteral(": ") + m.hint;
    }
    m_applicantQr = qrText;
    m_applicant = QVariantMap{{QStringLiteral("fullName"), qs(a->fullName)},
                              {QStringLiteral("idNumber"), qs(a->idNumber)},
                              {QStringLiteral("birthDate"), dateText(a->birthDate)},
                              {QStringLiteral("gender"), qs(a->gender)},
                              {QStringLiteral("address"), qs(a->address)}};
    emit changed();
    return {};
}

void DossierModel::create(const QString& request)
{
    auto* st = station();
    if (!st || m_procedureIndex < 0 || m_procedureIndex >= m_procedures.size() || busy())
        return;
    const std::string code = m_procedures[m_procedureIndex].toMap().value(QStringLiteral("code")).toString().toStdString();
    const std::string qr = m_applicantQr.normalized(QString::NormalizationForm_C).toStdString();
    const std::string req = request.normalized(QString::NormalizationForm_C).toStdString();
    const std::string actor = session()->userName.toStdString();
    setBusy(true);
    emit changed();
    struct Opened {
        QVariantList present;
        QString message;
        QString dossier;
    };
    run([=] {
        workflow::DossierDesk desk(*st, actor);
        workflow::Applicant applicant;
        if (!qr.empty())
            if (auto a = workflow::parseCccdQr(qr))
                applicant = *a;
        auto d = desk.create(code, applicant, req);
        Opened o;
        auto& [present, message, dossier] = o;
        if (d) {
            dossier = qs(d->code);
            for (const auto& c : d->components)
                if (c.pages > 0 || !c.files.empty())
                    present << qs(c.componentId);
            if (auto check = desk.check(d->code); check && !check->complete)
                message = tr("Còn thiếu %1 thành phần bắt buộc").arg(check->missing.size());
        } else {
            const auto m = clerkMessage(d.error());
            message = m.title + QStringLiteral(": ") + m.hint;
        }
        return o;
    },
        [this](Opened o) {
            setBusy(false);
            m_code = o.dossier;
            m_present = o.present;
            m_message = o.message;
            emit changed();
            if (!o.dossier.isEmpty())
                emit created();
        });
}

void DossierModel::addComponent(const QString& componentId, const QStringList& files)
{
    auto* st = station();
    if (!st || m_code.isEmpty() || busy())
        return;
    workflow::IntakeSource source;
    if (files.isEmpty()) {
        source.kind = workflow::IntakeSource::Kind::Scanner;
    } else {
        source.kind = workflow::IntakeSource::Kind::Files;
        for (const auto& f : files)
            source.files.push_back((f.startsWith(QStringLiteral("file:")) ? QUrl(f).toLocalFile() : f).toStdString());
    }
    const std::string code = m_code.toStdString(), component = componentId.toStdString();
    const std::string actor = session()->userName.toStdString();
    setBusy(true);
    emit changed();
    struct Added {
        QVariantList present;
        QString message;
        bool ok = false;
    };
    run([=] {
        workflow::DossierDesk desk(*st, actor);
        auto d = desk.addComponent(code, component, source);
        Added a;
        auto& [present, message, ok] = a;
        if (d) {
            for (const auto& c : d->components)
                if (c.pages > 0 || !c.files.empty())
                    present << qs(c.componentId);
            if (auto check = desk.check(code); check && !check->complete)
                message = tr("Còn thiếu %1 thành phần bắt buộc").arg(check->missing.size());
            else if (check)
                message = tr("Hồ sơ đã đủ thành phần bắt buộc");
        } else {
            const auto m = clerkMessage(d.error());
            message = m.title + QStringLiteral(": ") + m.hint;
        }
        ok = d.has_value();
        return a;
    },
        [this](Added a) {
            setBusy(false);
            if (a.ok)
                m_present = a.present;
            m_message = a.message;
            emit changed();
            if (a.ok)
                emit componentAdded();
        });
}

} // namespace vanthu::ui
