#pragma once
// The one-stop desk: procedure picker, the component checklist, the applicant read from a CCCD QR
// text, opening the dossier and checking its completeness (workflow::DossierDesk on the worker).

#include "ScreenModel.h"

#include <QObject>
#include <QQmlEngine>
#include <QVariantList>
#include <QVariantMap>

namespace vanthu::ui {

class Session;

class DossierModel : public ScreenModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QVariantList procedures READ procedures NOTIFY changed)
    Q_PROPERTY(int procedureIndex READ procedureIndex WRITE setProcedureIndex NOTIFY changed)
    Q_PROPERTY(QVariantList components READ components NOTIFY changed)
    Q_PROPERTY(QVariantMap applicant READ applicant NOTIFY changed)
    Q_PROPERTY(QString dossierCode READ dossierCode NOTIFY changed)
    Q_PROPERTY(QString message READ message NOTIFY changed)

public:
    explicit DossierModel(QObject* parent = nullptr);
    QVariantList procedures() const { return m_procedures; }
    int procedureIndex() const { return m_procedureIndex; }
    void setProcedureIndex(int i);
    QVariantList components() const;
    QVariantMap applicant() const { return m_applicant; }
    QString dossierCode() const { return m_code; }
    QString message() const { return m_message; }

    Q_INVOKABLE void reload();
    // The text of the CCCD QR code ("ID|old ID|name|DDMMYYYY|gender|address|DDMMYYYY"); "" or the error.
    Q_INVOKABLE QString readCccd(const QString& qrText);
    // Opens the dossier for the chosen procedure and applicant.
    Q_INVOKABLE void create(const QString& request);
    // Adds a component to the open dossier from files (PDF / images), or from the scanner when
    // `files` is empty; the checklist ticks it and the missing count follows (DossierDesk::addComponent).
    Q_INVOKABLE void addComponent(const QString& componentId, const QStringList& files = {});

signals:
    void changed();
    void loaded();
    void created();
    void componentAdded();

private:
    QVariantList m_procedures;
    int m_procedureIndex = -1;
    QVariantMap m_applicant;
    QString m_applicantQr;
    QString m_code;
    QString m_message;
    QVariantList m_present;   // component ids in the open dossier
};

} // namespace vanthu::ui
