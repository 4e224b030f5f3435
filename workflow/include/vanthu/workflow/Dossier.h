#pragma once
// One-stop dossiers (hồ sơ một cửa, DOMAIN.md §7; NĐ 118/2025, TT 03/2025): a procedure from the
// catalogue, its components scanned one by one, the applicant read from a CCCD QR code, a
// completeness check (form 02 when something is missing), the receipt (form 01) as a signed PDF
// with the dossier code, a QR code and the appointment in working days (15:00 rule), printed when
// a printer is configured, and the dossier queued for upload.
//
// Dossiers live in <data_dir>/dossiers/<code>/dossier.json. Blocking calls: worker thread.

#include "vanthu/core/Error.h"
#include "vanthu/core/VnTime.h"
#include "vanthu/workflow/Incoming.h"
#include "vanthu/workflow/Progress.h"
#include "vanthu/workflow/Station.h"

#include <optional>
#include <string>
#include <vector>

namespace vanthu::workflow {

struct ProcedureComponent {
    std::string id;              // "don", "cccd", ...
    std::string name;            // "Đơn đề nghị (mẫu 01)"
    bool original = false;       // bản chính (true) or bản sao (false)
    int count = 1;
    bool required = true;
};

struct Procedure {
    std::string code;            // "1.001234"
    std::string name;
    int statutoryDays = 0;       // working days
    std::string receivingUnit;   // default: the agency
    std::string collectAt;       // where the result is collected
    std::vector<ProcedureComponent> components;
};

// Parses the procedure catalogue (INI: one [procedure.<code>] section with name, days, unit,
// collect_at, and component = id|name|original|copy|count|required|optional lines).
// core ConfigError with the line number.
Result<std::vector<Procedure>> parseCatalogue(std::string_view ini);
// The built-in demo catalogue (data/procedures.ini, embedded at build time).
std::string_view builtinCatalogue();

struct Applicant {
    std::string fullName;
    std::string idNumber;        // số CCCD (12 digits)
    std::string oldIdNumber;     // số CMND cũ, may be empty
    std::optional<vntime::Date> birthDate;
    std::string gender;          // as printed ("Nam", "Nữ")
    std::string address;
    std::optional<vntime::Date> idIssueDate;
    std::string phone;
    std::string email;
};

// Parses the CCCD QR text "ID|old ID|full name|DDMMYYYY|gender|address|DDMMYYYY" (NFC).
// InvalidInput when the field count, the ID (12 digits) or a date is wrong.
Result<Applicant> parseCccdQr(std::string_view text);

struct DossierComponent {
    std::string componentId;
    std::vector<std::string> files;   // page PNGs / imported originals in the dossier folder
    int pages = 0;
    bool original = false;
};

struct Dossier {
    std::string code;                 // "<agency>-YYMMDD-NNNN"
    std::string procedureCode;
    Applicant applicant;
    std::string request;              // what the applicant asks for
    std::vector<DossierComponent> components;
    vntime::Instant receivedAt{};
    std::optional<vntime::Instant> appointment;
    std::string dir;
    std::string receiptPdf;           // once issued
    bool queued = false;
};

struct Completeness {
    bool complete = false;
    std::vector<ProcedureComponent> missing;
};

struct ReceiptResult {
    Dossier dossier;
    std::string pdf;                  // signed form 01
    vntime::Instant appointment{};
    bool printed = false;             // sent to CUPS
    std::string printer;
    std::optional<reg::OutboxItem> outbox;
};

// The dossier code for the `sequence`-th dossier (1-based) received on the Vietnam-time day of `t`.
std::string dossierCode(std::string_view agencyCode, vntime::Instant t, int sequence);

class DossierDesk {
public:
    DossierDesk(Station& station, std::string actor);

    // The catalogue of the station (paths().procedureCatalogue). core ConfigError, NotFound.
    Result<std::vector<Procedure>> procedures();
    // Opens a new dossier with the next code of the day. NotFound (procedure), Io.
    Result<Dossier> create(const std::string& procedureCode, const Applicant& applicant,
                           const std::string& request, std::optional<vntime::Instant> receivedAt = std::nullopt);
    Result<Dossier> load(const std::string& code);
    // Adds a component from files or the scanner; a page with a CCCD QR fills the applicant when
    // the dossier has none yet. Blocking. NotFound, InvalidInput (unknown component), capture errors.
    Result<Dossier> addComponent(const std::string& code, const std::string& componentId, const IntakeSource& source,
                                 const ProgressFn& progress = {}, const CancelFlag& cancel = {});
    // Which required components are missing.
    Result<Completeness> check(const std::string& code);
    // Writes form 02 (request to complete) listing the missing components. Returns the PDF path.
    Result<std::string> requestToComplete(const std::string& code);
    // Issues form 01: appointment = calendar.appointment(receivedAt, statutoryDays), signed with the
    // agency key, QR of the code, printed through CUPS when [workflow] printer is set, dossier
    // queued. Incomplete (form 02 is written instead), signing / register errors. Blocking.
    Result<ReceiptResult> receipt(const std::string& code, const ProgressFn& progress = {});

private:
    Station& m_station;
    std::string m_actor;
};

} // namespace vanthu::workflow
