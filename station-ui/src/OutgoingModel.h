#pragma once
// The outgoing flow as the Outgoing screen sees it (văn thư): the signed original (a file, or a scan
// of the signed paper), the type and the number series, the recipients picked from a searchable
// agency directory with their codes, a preview of the number/date and of where the seal and the
// signature go, the token PIN asked at the moment of signing, and Sign & send
// (workflow::OutgoingFlow::prepare, then issue). Every workflow call runs on the worker; a wrong PIN
// leaves the draft, the recipients and the register as they were (issue() signs inside the register
// transaction, so no number is used).

#ifndef Q_MOC_RUN   // moc (Qt 6.4) cannot parse the C++20 concepts our headers use
#include "vanthu/workflow/Outgoing.h"
#endif

#include "ScreenModel.h"

#include <QObject>
#include <QQmlEngine>
#include <QRectF>
#include <QStringList>
#include <QVariantList>
#include <QVariantMap>

#include <optional>
#include <vector>

namespace vanthu::ui {

class Session;

// The demo agency directory compiled into the kiosk.
constexpr const char* kBuiltinAgencies = ":/Vanthu/Station/data/agencies.tsv";

// One entry of the agency directory: the QCVN 102 code and the name.
struct AgencyEntry {
    QString code;
    QString name;
};

// Reads an agency directory: one agency per line, "CODE<TAB>NAME" (or "CODE;NAME"); '#' comments.
// Lines whose code is not a valid agency code are skipped and counted in `skipped`.
std::vector<AgencyEntry> readAgencyDirectory(const QString& path, int* skipped = nullptr);

// Keeps the entries whose code or name contains every word of `query`, diacritic- and case-insensitive
// ("so tai chinh" finds "Sở Tài chính"); all entries for an empty query.
std::vector<AgencyEntry> searchAgencies(const std::vector<AgencyEntry>& all, const QString& query);

class OutgoingModel : public ScreenModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString file READ file NOTIFY draftChanged)
    Q_PROPERTY(QString folder READ folder NOTIFY folderChanged)
    Q_PROPERTY(QVariantList folderEntries READ folderEntries NOTIFY folderChanged)
    Q_PROPERTY(QVariantList types READ types CONSTANT)
    Q_PROPERTY(int typeIndex READ typeIndex WRITE setTypeIndex NOTIFY draftChanged)
    Q_PROPERTY(QString subject READ subject WRITE setSubject NOTIFY draftChanged)
    Q_PROPERTY(QString series READ series NOTIFY draftChanged)
    Q_PROPERTY(QString agencySearch READ agencySearch WRITE setAgencySearch NOTIFY agenciesChanged)
    Q_PROPERTY(QVariantList agencies READ agencies NOTIFY agenciesChanged)
    Q_PROPERTY(QVariantList recipients READ recipients NOTIFY recipientsChanged)
    Q_PROPERTY(bool hasDraft READ hasDraft NOTIFY draftChanged)
    Q_PROPERTY(QVariantList fields READ fields NOTIFY draftChanged)
    Q_PROPERTY(QStringList warnings READ warnings NOTIFY draftChanged)
    Q_PROPERTY(QString signaturesText READ signaturesText NOTIFY draftChanged)
    Q_PROPERTY(QString symbol READ symbol NOTIFY draftChanged)
    Q_PROPERTY(QString symbolWarning READ symbolWarning NOTIFY draftChanged)
    Q_PROPERTY(QString numberPreview READ numberPreview NOTIFY draftChanged)
    Q_PROPERTY(QString datePreview READ datePreview NOTIFY draftChanged)
    Q_PROPERTY(QString previewUrl READ previewUrl NOTIFY draftChanged)
    Q_PROPERTY(double pageWidthMm READ pageWidthMm NOTIFY draftChanged)
    Q_PROPERTY(double pageHeightMm READ pageHeightMm NOTIFY draftChanged)
    Q_PROPERTY(bool signerOnPreview READ signerOnPreview NOTIFY draftChanged)
    Q_PROPERTY(double sealXMm READ sealXMm NOTIFY draftChanged)
    Q_PROPERTY(double sealYMm READ sealYMm NOTIFY draftChanged)
    Q_PROPERTY(double sealDiameterMm READ sealDiameterMm NOTIFY keyChanged)
    // The boxes the signature draws (signing's geometry: the signer PNG at its real size centred on
    // sealXMm/sealYMm, the seal at its real diameter over the left third of it), in mm from the
    // page's top-left, for the preview.
    Q_PROPERTY(QRectF signerBoxMm READ signerBoxMm NOTIFY draftChanged)
    Q_PROPERTY(QRectF sealBoxMm READ sealBoxMm NOTIFY draftChanged)
    Q_PROPERTY(bool needsPin READ needsPin NOTIFY keyChanged)
    Q_PROPERTY(QString keyText READ keyText NOTIFY keyChanged)
    Q_PROPERTY(QString pinError READ pinError NOTIFY pinChanged)
    Q_PROPERTY(bool issued READ issued NOTIFY resultChanged)
    Q_PROPERTY(int outgoingNumber READ outgoingNumber NOTIFY resultChanged)
    Q_PROPERTY(QString resultText READ resultText NOTIFY resultChanged)
    Q_PROPERTY(QString resultDetail READ resultDetail NOTIFY resultChanged)
    Q_PROPERTY(QString signedUrl READ signedUrl NOTIFY resultChanged)
    Q_PROPERTY(QString signedPath READ signedPath NOTIFY resultChanged)

public:
    explicit OutgoingModel(QObject* parent = nullptr);

    QString file() const { return m_file; }
    QString folder() const { return m_folder; }
    QVariantList folderEntries() const { return m_folderEntries; }
    QVariantList types() const;
    int typeIndex() const { return m_typeIndex; }
    void setTypeIndex(int i);
    QString subject() const { return m_subject; }
    void setSubject(const QString& s);
    QString series() const;
    QString agencySearch() const { return m_agencySearch; }
    void setAgencySearch(const QString& q);
    QVariantList agencies() const;
    QVariantList recipients() const;
    bool hasDraft() const { return m_draft.has_value(); }
    QVariantList fields() const;
    QStringList warnings() const;
    QString signaturesText() const;
    QString symbol() const;
    QString symbolWarning() const;
    QString numberPreview() const;
    QString datePreview() const;
    QString previewUrl() const { return m_previewUrl; }
    double pageWidthMm() const { return m_pageWidthMm; }
    double pageHeightMm() const { return m_pageHeightMm; }
    bool signerOnPreview() const;
    double sealXMm() const;
    double sealYMm() const;
    double sealDiameterMm() const { return m_sealWidthMm; }
    QRectF signerBoxMm() const;
    QRectF sealBoxMm() const;
    bool needsPin() const { return !m_tokenLabel.isEmpty(); }
    QString keyText() const;
    QString pinError() const { return m_pinError; }
    bool issued() const { return m_outgoingNumber > 0; }
    int outgoingNumber() const { return m_outgoingNumber; }
    QString resultText() const { return m_resultText; }
    QString resultDetail() const { return m_resultDetail; }
    QString signedUrl() const { return m_signedUrl; }
    QString signedPath() const { return m_signedPath; }

    // Loads the agency directory (--agencies FILE, else [kiosk] agencies, else the built-in list) and the
    // signing key settings ([signing] token_label / token_module / key_label). Worker for the file.
    Q_INVOKABLE void reload();
    // Lists `path` for the file picker: sub-folders, then PDF / PNG / JPEG / TIFF files ("" = the
    // documents folder). Worker thread for the listing (a slow USB stick never freezes the UI).
    Q_INVOKABLE void browse(const QString& path = {});
    // Uses `path` (or a file: URL) as the signed original and reads it (OutgoingFlow::prepare).
    Q_INVOKABLE void chooseFile(const QString& path);
    // Scans the signed paper original on the station's scanner, then reads it as chooseFile does.
    Q_INVOKABLE void scanOriginal();
    // Recipients by agency code (from the directory). False when the code is unknown or already there.
    Q_INVOKABLE bool addRecipient(const QString& code);
    Q_INVOKABLE bool removeRecipient(const QString& code);
    // A correction of a read field (same names as incoming); "" or the reason it was refused.
    Q_INVOKABLE QString setField(const QString& name, const QString& value);
    // The ký hiệu after the number ("QĐ-STN"); "" or the reason it was refused.
    Q_INVOKABLE QString setSymbol(const QString& symbol);
    // Moves the seal (and the signature image with it) to `xMm`,`yMm` from the top-left of the
    // page the signature goes on.
    Q_INVOKABLE void placeSeal(double xMm, double yMm);
    // Sign & send: number, date, seal + agency signature with the token (PIN) or the station's key,
    // outgoing register, edXML into the outbox. A refused PIN sets pinError and keeps everything.
    Q_INVOKABLE void signAndSend(const QString& pin = {});
    Q_INVOKABLE void cancel();
    Q_INVOKABLE void reset();

    // For tests: the draft as it would be issued now (recipients and choices applied).
    std::optional<workflow::OutgoingDraft> currentDraft() const;
    // The directory given on the command line (--agencies FILE); it wins over [kiosk] agencies of the
    // configuration, which wins over the built-in demo list. Takes effect at the next reload().
    void setAgencyDirectory(const QString& path) { m_directoryPath = path; }
    // The file the agencies were last read from (after reload()).
    QString agencyDirectory() const { return m_directoryInUse; }

signals:
    void folderChanged();
    void draftChanged();
    void agenciesChanged();
    void recipientsChanged();
    void keyChanged();
    void pinChanged();
    void resultChanged();
    void prepared();        // the draft is ready for review
    void pinRejected();     // the token refused the PIN (or is locked): ask again
    void issuedDone();      // the result is shown

private:
    void prepare(const QString& file);
    workflow::ProgressFn progressFn();
    workflow::IssueRequest request() const;

    QString m_file;
    QString m_folder;
    QVariantList m_folderEntries;
    int m_typeIndex = 0;
    QString m_subject;
    QString m_series;
    QString m_directoryPath;      // --agencies; "" = the configuration's, else built in
    QString m_directoryInUse;
    std::vector<AgencyEntry> m_directory;
    QString m_agencySearch;
    std::vector<AgencyEntry> m_recipients;
    std::optional<workflow::OutgoingDraft> m_draft;
    int m_nextNumber = 0;
    QString m_previewUrl;
    double m_pageWidthMm = 210, m_pageHeightMm = 297;
    std::optional<signing::MmPoint> m_seal;
    QString m_tokenLabel, m_tokenModule, m_keyLabel;
    QString m_agencyAbbreviation;
    // The signer and seal images' real sizes (mm), read from the station's PNGs by reload().
    double m_signerWidthMm = 50, m_signerHeightMm = 22;
    double m_sealWidthMm = 40, m_sealHeightMm = 40;
    bool m_demoKey = false;
    QString m_pinError;
    workflow::CancelFlag m_cancel;
    int m_outgoingNumber = 0;
    QString m_resultText, m_resultDetail, m_signedUrl, m_signedPath;
};

} // namespace vanthu::ui
