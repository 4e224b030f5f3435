#pragma once
// Outgoing documents (văn bản đi, DOMAIN.md §1.2): a signed original (a PDF the leader signed, or
// a scan of the signed paper) → number and date from the right series → written into the document
// → seal image + agency PAdES signature → outgoing register → edXML with the recipients' agency
// codes → outbox (same transaction as the number). A reply names the incoming document it answers
// (ResponseFor). Secret documents get their own series and are never queued. Number, seal, signature
// and package are made before the short write transaction for the number it will give, and made
// again if another writer took that number meanwhile (as for incoming, see Incoming.h).
//
//   auto draft = flow.prepare(request);       // reads the header; fields for review
//   ... corrections ...
//   auto done = flow.issue(draft, key, progress, cancel);
//
// Blocking (PoDoFo, token, SQLite): worker thread, or the *Async form.

#include "vanthu/core/DocumentMeta.h"
#include "vanthu/core/VnTime.h"
#include "vanthu/register/Register.h"
#include "vanthu/signing/Sign.h"
#include "vanthu/uplink/Edxml.h"
#include "vanthu/workflow/Incoming.h"
#include "vanthu/workflow/Progress.h"
#include "vanthu/workflow/Station.h"

#include <future>
#include <optional>
#include <string>
#include <vector>

namespace vanthu::workflow {

// Where the number, the date and the seal go on a scan when nothing was read there (NĐ 30/2020 Phụ
// lục I layout on A4, mm from the top-left corner; scaled to the page's size when it is not A4): the
// number after "Số:" in the left header column, day and month in the place-date line of the right
// column, the seal over the left part of the signer's block. Each use is reported in the draft's
// warnings so the clerk checks the signed copy.
inline constexpr signing::MmPoint kDefaultNumberAt{52, 42};
inline constexpr signing::MmPoint kDefaultDayAt{142, 42};
inline constexpr signing::MmPoint kDefaultMonthAt{160, 42};
inline constexpr signing::MmPoint kDefaultSignerAt{140, 230};

struct IssueRequest {
    std::string file;                          // the signed original (PDF or image)
    std::optional<IntakeSource> scanner;       // instead of `file`: scan the signed paper (kind Scanner;
                                               // device empty = the station's default, else the SANE
                                               // test device); all pages form one document
    std::string typeAbbreviation;              // "QĐ", "TB", ... ; "" = công văn; empty and not read: NeedsReview
    std::string subject;                       // trích yếu; empty: read from the document
    std::optional<Signer> signer;              // empty: read from the document
    std::vector<uplink::Organization> to;      // recipients with their agency codes (OrganId)
    std::vector<std::string> recipientNames;   // Nơi nhận as printed (default: the names of `to`)
    std::string responseFor;                   // the incoming document this answers: "in:<year>/<số đến>",
                                               // a record id "in:#<id>", or an edXML DocumentId
    Urgency urgency = Urgency::None;
    Secrecy secrecy = Secrecy::None;
    std::optional<vntime::Date> date;          // date of issue; default today (Vietnam time)
    std::string series;                        // explicit series (advisory bodies); empty: seriesFor()
    int copies = 1;
    std::string retainedBy = "Lưu: VT";
    std::optional<signing::MmPoint> numberAt, dayAt, monthAt;   // blanks on a scan (no text layer)
    signing::MmPoint sealCentre{130, 0};       // where the seal goes; y = 0: above the signer's name,
                                               // found from the signature block when possible
    bool drawSeal = true;
    bool drawSignerImage = false;              // also draw the configured signer image (a PDF signed
                                               // digitally by the leader without a visible signature)
};

struct OutgoingDraft {
    IssueRequest request;
    std::string jobDir;
    bool bornDigital = false;
    std::vector<SignatureSummary> signatures;  // the leader's signature(s) found on the original
    DocumentMeta meta;                         // merged: request values over what was read
    std::vector<ReviewField> fields;           // for review (same names as incoming)
    std::vector<std::string> warnings;
    std::optional<signing::MmPoint> signerAt;  // centre of the signature block found on the last page
                                               // (a scan where none was read: the scaled default)
    int signerPage = -1;                       // 0-based page of the signature block (-1: last)
    bool defaultPlacement = false;             // a position above is a default, not read (see warnings)
    std::vector<PageImage> scannedPages;       // a scan: the cleaned pages issue() numbers and signs
                                               // (request.file is then the scan as it came, as PDF)
};

// Applies a correction to an outgoing draft (same field names as incoming). InvalidInput.
Status applyCorrection(OutgoingDraft& draft, std::string_view field, std::string_view value);

struct IssueResult {
    reg::OutgoingRecord record;                // number, series, date
    std::string archiveDir;
    std::string originalPath;                  // unchanged bytes
    std::string numberedPath;                  // number and date written in
    std::string signedPath;                    // + seal + agency signature: the document sent
    std::string documentId;                    // edXML DocumentId
    std::optional<reg::OutboxItem> outbox;     // none for secret documents
    std::vector<std::string> warnings;
};

class OutgoingFlow {
public:
    OutgoingFlow(Station& station, std::string actor);

    // Imports the original (or scans it: request.scanner), verifies existing signatures, reads the
    // header and merges the request. On a scan the number, date and seal positions come from the lines
    // the OCR read; where none was read (a page that is not a letter, e.g. the SANE test device's
    // pattern) the kDefault* positions are used, scaled to the page, with a warning each.
    // Blocking. capture / ocr / signing errors, NoScanner, Cancelled, InvalidInput.
    Result<OutgoingDraft> prepare(const IssueRequest& request, const ProgressFn& progress = {},
                                  const CancelFlag& cancel = {});

    // Issues the number, writes it into the document, applies seal + agency signature with `key`
    // (default: the station's agency key; a token key carries the PIN asked at that moment),
    // registers, builds the edXML and queues it, all-or-nothing for register + outbox.
    // NeedsReview, Cancelled, plus signing / register / uplink errors. Blocking.
    Result<IssueResult> issue(const OutgoingDraft& draft, std::optional<signing::KeySource> key = std::nullopt,
                              const ProgressFn& progress = {}, const CancelFlag& cancel = {});
    std::future<Result<IssueResult>> issueAsync(OutgoingDraft draft, std::optional<signing::KeySource> key = std::nullopt,
                                                ProgressFn progress = {}, CancelFlag cancel = {});

private:
    Station& m_station;
    std::string m_actor;
};

} // namespace vanthu::workflow
