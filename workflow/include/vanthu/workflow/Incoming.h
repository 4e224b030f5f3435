#pragma once
// Incoming documents (văn bản đến, DOMAIN.md §1.1): capture → cleanup → separation → header-first
// extraction → REVIEW (the clerk confirms or corrects the fields, while the full text of a scan is
// read on the OCR workers for its searchable PDF, and its signer and "Nơi nhận" then from that
// full text: they arrive in the draft a second or two later, see takeLateFields) → duplicate / paper-electronic
// match → registration (số đến, arrival time under the after-hours rule, deadline, priority) → ĐẾN
// stamp → certified copy (agency signature) → outbox, the outbox entry in the same transaction as
// the registration. Secret documents go to the secret book and are never queued.
// The stamp, copy and package are made BEFORE the register's write transaction, for the number the
// register gives next; the transaction only checks that number (Register::previewIncoming,
// expectedNumber) and inserts, and the outputs are made again if another writer took it meanwhile.
// A crash leaves no number without its record and package; a folder left between the commit and its
// publishing is finished at the next start (Station::setup).
//
// Two calls with the review between them:
//   auto drafts = flow.capture(source, progress, cancel);   // pages read, fields extracted
//   ... show drafts[i].fields, call applyCorrection(drafts[i], "subject", "...") ...
//   auto done = flow.commit(drafts[i], options, progress, cancel);
//
// Both are blocking (SANE, Tesseract, PoDoFo, SQLite): call them from a worker thread, or use the
// *Async forms. Progress is reported on the working thread.

#include "vanthu/capture/Scanner.h"
#include "vanthu/capture/Separation.h"
#include "vanthu/core/DocumentMeta.h"
#include "vanthu/core/PageImage.h"
#include "vanthu/core/VnTime.h"
#include "vanthu/ocr/Engine.h"
#include "vanthu/register/Register.h"
#include "vanthu/workflow/Progress.h"
#include "vanthu/workflow/Station.h"

#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace vanthu::workflow {

namespace detail {
struct FullText;  // private to the flow (Incoming.cpp)
}

// Where the pages come from.
struct IntakeSource {
    enum class Kind { Scanner, Files } kind = Kind::Files;
    std::string device;                    // Scanner: SANE device name; empty = Station::defaultScanner()
    capture::ScanSettings scan;            // Scanner: source, dpi, mode, pages
    std::vector<std::string> files;        // Files: PDF / TIFF / PNG / JPEG, one document per file
    capture::SeparationRules separation;   // Scanner: how a batch splits into documents
    int importDpi = 300;                   // Files: PDF rendering resolution (a scanned page: its own, up to this)
};

// One field as the review screen shows it.
struct ReviewField {
    std::string name;         // stable key: number_symbol, issued_date, issuer, issuer_parent, place,
                              // type, subject, urgency, secrecy, signer_authority, signer_position,
                              // signer_name, recipients, page_count, recipient_unit, note
    std::string label;        // "Số, ký hiệu / Number and symbol"
    std::string value;        // current value as text (dates ISO, recipients joined by "; ")
    float confidence = 0;     // 0..100 from OCR; 100 for values from a signed/born-digital source or
                              // a clerk correction; 0 when not read
    bool corrected = false;   // set by applyCorrection
    bool required = false;    // commit() refuses (NeedsReview) while a required field is empty
    int page = -1;            // 0-based index into the draft's pages where the value was read;
                              // -1 when it was not read from a page (typed, born-digital, computed)
    std::optional<ocr::Rect> region;   // where on that page: pixels of draft.pages[page] (the cleaned,
                                       // upright page), x right, y down; for the review screen's zoom
    bool pending = false;     // still being read: a scan's signer and "Nơi nhận" come after the
                              // draft, before its full text or from it (takeLateFields); the value
                              // is empty until then, and a correction typed before it wins
};

// Cleanup's verdict on one page of a draft (IncomingDraft::pageFlags, parallel to pages).
struct PageFlags {
    bool blank = false;       // flagged blank: kept (image and PDF page), not counted in page_count
    double blankScore = 0;    // ink coverage of real content, per mille of the page area (capture)
    bool restored = false;    // the clerk said it is not blank (restoreBlankPage)
};

// What an arriving signed PDF's verification found.
struct SignatureSummary {
    std::string signer;
    bool valid = false;
    std::string description;  // bilingual, from signing::describe()
};

// A captured document waiting for review. A value: copy it to the UI, correct it, hand it back.
struct IncomingDraft {
    std::string jobDir;                    // capture work folder (pages as PNG)
    std::vector<std::string> pageFiles;    // cleaned page PNGs, in order
    std::vector<PageImage> pages;          // the same pages in memory (for a preview)
    std::vector<PageFlags> pageFlags;      // blank flags and scores, parallel to pages
    std::string originalFile;              // the arriving file, kept byte for byte ("" for a scan)
    std::string originalSha256;
    bool bornDigital = false;              // a PDF with a text layer
    std::vector<SignatureSummary> signatures;   // when the arriving PDF was signed (verified first)
    DocumentMeta meta;                     // extracted, then corrected
    std::vector<ReviewField> fields;       // the review view of `meta` (kept in step by applyCorrection)
    std::vector<std::string> warnings;     // OCR cross-check failures, blank pages, page-count mismatch
    std::optional<int> printedPageCount;   // pages the document says it has ("Trang 3/3"), if seen
    std::string recipientUnit;             // Đơn vị/người nhận (chuyển cho)
    std::string note;                      // Ghi chú
    std::string documentId;                // edXML DocumentId computed from the fields
    std::vector<reg::DuplicateMatch> duplicates;   // filled by capture() and again by commit()
    // The full-text OCR and searchable PDF of a scan or image-only file, started by capture() once
    // the fields are read and running while the clerk reviews; commit() waits for it and writes the
    // reviewed fields into it, or recognises the pages again if they changed since (page tools,
    // split, merge). Null for born-digital and signed arrivals. Shared by copies of the draft.
    std::shared_ptr<const detail::FullText> fullText;
};

// True when the draft's full-text OCR and the fields read from it have finished (or it has none),
// so commit() spends no time on OCR; for a status line. Not blocking.
bool fullTextReady(const IncomingDraft& draft);

// A scan's draft comes back from capture() with its header fields (number, date, issuer, type,
// subject, urgency, secrecy: page 1's header, read first); the signer (authority, position, name)
// and "Nơi nhận" are read from the last page's closing on the station's background threads —
// before the full text where the ink places the closing (ocr::Reader::readClosingFirst: tenths of a
// second), else once the full text is done (on the waiting lane, Station::Lane) — and are `pending`
// until then. takeLateFields puts them into the draft when they are ready: fields the
// clerk corrected meanwhile keep the clerk's value. Not blocking; true when no field is pending
// any more. awaitLateFields waits for them first (Cancelled when `cancel` is set meanwhile);
// commit() does the same on its copy of the draft.
bool takeLateFields(IncomingDraft& draft);
Status awaitLateFields(IncomingDraft& draft, const CancelFlag& cancel = {});

// Applies a clerk's correction `field=value` (field names as in ReviewField::name; dates ISO or
// dd/mm/yyyy; urgency/secrecy as printed; recipients separated by ';'). InvalidInput for an unknown
// field or a value that does not parse (e.g. number_symbol "abc").
Status applyCorrection(IncomingDraft& draft, std::string_view field, std::string_view value);
// Parses "field=value" and applies it. InvalidInput.
Status applyCorrection(IncomingDraft& draft, std::string_view assignment);
// Recomputes draft.fields from draft.meta (after a UI edits meta directly).
void refreshFields(IncomingDraft& draft);

// Page tools of the review screen. Each keeps pages, pageFiles and pageFlags in step, recounts
// meta.pageCount (content pages; unless the clerk corrected page_count) and the blank-page warning,
// and moves ReviewField::page with its page. Field VALUES are not re-read: after page 1 changed
// (rotated, deleted, another page moved to the front) call IncomingFlow::reread(). Not blocking,
// except rotatePage (writes a PNG). InvalidInput for an index out of range.
//
// Indexes (0-based) of the pages flagged blank and not restored.
std::vector<int> blankPages(const IncomingDraft& draft);
// Counts a page flagged blank as content again (it stays where it is). InvalidInput when the page
// is not flagged blank.
Status restoreBlankPage(IncomingDraft& draft, int index);
// Flags a page blank by hand (kept, not counted).
Status markPageBlank(IncomingDraft& draft, int index);
// Removes a page from the draft (its PNG stays in the job folder). InvalidInput for the only page.
Status deletePage(IncomingDraft& draft, int index);
// Turns a page clockwise by 90, 180 or 270 degrees; the turned image is written beside the old one
// (pageFiles[index] then names it) and fields read on that page lose their region. InvalidInput
// for another angle, Io when the PNG cannot be written.
Status rotatePage(IncomingDraft& draft, int index, int clockwiseDeg);
// Moves page `from` to position `to` (both 0-based, before the move).
Status movePage(IncomingDraft& draft, int from, int to);

struct CommitOptions {
    bool certify = true;             // make the certified copy with the agency signature
    bool queue = true;               // put the package into the outbox (never for secret documents)
    bool stamp = true;               // draw the ĐẾN stamp
    std::optional<vntime::Instant> receivedAt;   // default: now
    int deadlineWorkingDays = 0;     // > 0: due date this many working days after arrival
                                     // (0: urgent documents 1 day, others none)
};

struct IncomingResult {
    reg::IncomingRecord record;      // number, book, arrival time, due
    bool matchedExisting = false;    // paper copy of a document already registered: linked, no new number
    std::string archiveDir;
    std::string originalPath;        // unchanged bytes of the arriving file (or the scan as PDF)
    std::string stampedPath;         // with the ĐẾN stamp
    std::string certifiedPath;       // stamped + SAO Y corner text + agency signature (the copy kept)
    std::string searchablePath;      // PDF/A-2b with a text layer (scans and image-only files; the
                                     // base of the stamped/certified copies); empty for born-digital
                                     // or signed arrivals, whose own bytes are the base
    std::string metaPath;            // meta.json: the registered fields with their confidences
    std::optional<reg::OutboxItem> outbox;   // the queued package (none for secret documents)
    std::string spoolHint;           // where the spool transport will write it when drained
    std::vector<std::string> warnings;
};

class IncomingFlow {
public:
    explicit IncomingFlow(Station& station, std::string actor);

    // Scans or imports, cleans, separates and reads each document; returns one draft per document.
    // Signed PDFs are verified here (a failing signature is a warning on the draft, and commit()
    // then refuses with SignatureInvalid). Blocking. capture / ocr errors, NoScanner, Cancelled.
    Result<std::vector<IncomingDraft>> capture(const IntakeSource& source, const ProgressFn& progress = {},
                                               const CancelFlag& cancel = {});
    std::future<Result<std::vector<IncomingDraft>>> captureAsync(IntakeSource source, ProgressFn progress = {},
                                                                 CancelFlag cancel = {});

    // Reads the fields again from the draft's current pages (after the page tools changed page 1).
    // Fields the clerk corrected keep the clerk's value; the others take the new reading. Blocking
    // (Tesseract). ocr errors.
    Status reread(IncomingDraft& draft, const ProgressFn& progress = {});

    // Looks the draft up in the register (same DocumentId, or same number+symbol+issuer).
    // Blocking (SQLite). register errors.
    Result<std::vector<reg::DuplicateMatch>> findMatches(const IncomingDraft& draft);

    // Registers the reviewed draft (or links it to the matching electronic record), stamps,
    // certifies, archives and queues it. NeedsReview, SignatureInvalid, Cancelled, plus errors of
    // signing, register and uplink. Blocking.
    Result<IncomingResult> commit(const IncomingDraft& draft, const CommitOptions& options = {},
                                  const ProgressFn& progress = {}, const CancelFlag& cancel = {});
    std::future<Result<IncomingResult>> commitAsync(IncomingDraft draft, CommitOptions options = {},
                                                    ProgressFn progress = {}, CancelFlag cancel = {});

private:
    Station& m_station;
    std::string m_actor;
};

} // namespace vanthu::workflow
