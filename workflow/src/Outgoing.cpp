// The outgoing flow (issue #7 item 2).
#include "vanthu/workflow/Outgoing.h"

#include "Archive_p.h"
#include "Fields_p.h"
#include "PdfPages_p.h"
#include "Scan_p.h"

#include "vanthu/capture/Cleanup.h"
#include "vanthu/capture/Import.h"
#include "vanthu/capture/Job.h"
#include "vanthu/core/Hash.h"
#include "vanthu/core/Log.h"
#include "vanthu/core/VnText.h"
#include "vanthu/ocr/Reader.h"
#include "vanthu/signing/Stamp.h"
#include "vanthu/signing/Verify.h"
#include "vanthu/uplink/Uploader.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <cstdio>
#include <regex>
#include <set>

namespace vanthu::workflow {

namespace fs = std::filesystem;

namespace {

void report(const ProgressFn& fn, Step step, int current, int total, std::string message = {})
{
    if (fn)
        fn(Progress{step, current, total, std::move(message), {}});
}

Result<reg::Register> openRegister(const Station& st)
{
    return reg::Register::open(st.paths().database,
                               reg::OpenOptions{.accounts = st.config().accounts, .numbering = st.config().numbering});
}

// "in:2026/12", "in:#5" or a DocumentId → the ResponseFor of the incoming record it names.
Result<std::pair<std::string, uplink::ResponseFor>> resolveResponse(reg::Register& reg, const Station& st,
                                                                   const std::string& ref)
{
    static const std::regex byNumber(R"(^in:(\d{4})/(\d+)$)"), byId(R"(^in:#(\d+)$)");
    std::smatch m;
    Result<reg::IncomingRecord> rec = fail(Errc::NotFound, "incoming document " + ref);
    if (std::regex_match(ref, m, byNumber))
        rec = reg.incomingByNumber(reg::IncomingBook::Regular, std::stoi(m[1]), std::stoi(m[2]));
    else if (std::regex_match(ref, m, byId))
        rec = reg.incoming(std::stoll(m[1]));
    else {
        uplink::ResponseFor r;
        r.documentId = ref;
        const auto comma = ref.find(',');
        r.organId = comma == std::string::npos ? st.config().agency.code : ref.substr(0, comma);
        return std::pair{ref, r};
    }
    if (!rec)
        return std::unexpected(rec.error());
    uplink::ResponseFor r;
    const auto& meta = rec->meta;
    r.code = meta.numberSymbol.symbol.empty() ? std::to_string(rec->arrivalNumber) : meta.numberSymbol.format();
    r.promulgationDate = meta.issuedDate.value_or(vntime::localDate(rec->arrivalTime));
    r.organId = st.config().agency.code;
    r.documentId = !rec->documentId.empty()
                       ? rec->documentId
                       : uplink::documentIdFor(st.config().agency.code, vntime::localDate(rec->arrivalTime),
                                               std::to_string(rec->arrivalNumber), "ĐẾN-" + std::to_string(rec->year));
    if (const auto comma = r.documentId.find(','); comma != std::string::npos)
        r.organId = r.documentId.substr(0, comma);
    return std::pair{r.documentId, r};
}

std::string twoDigits(int n) { return n < 10 ? "0" + std::to_string(n) : std::to_string(n); }

// Issues `rq` with its outputs (number written in, seal, signature, package: `hook`) made BEFORE the
// write transaction, for the number the register will give next; the transaction then only checks
// that number is still free and inserts (milliseconds of write lock, not the seconds signing takes).
// When another registration took the number meanwhile (NumberTaken) the outputs are made again;
// after kAttempts the outputs are made inside the transaction (the lock held, progress guaranteed).
// A crash anywhere leaves either no record (the outputs sit in a pending folder, removed at the next
// start) or the record with its package: never a gap or a duplicate.
Result<reg::OutgoingRecord> registerBeforeHand(reg::Register& reg, reg::OutgoingRequest rq, const reg::OutgoingOutboxHook& hook)
{
    constexpr int kAttempts = 3;
    for (int attempt = 0; attempt < kAttempts; ++attempt) {
        auto would = reg.previewOutgoing(rq);
        if (!would)
            return std::unexpected(would.error());
        auto entry = hook(*would);
        if (!entry)
            return std::unexpected(entry.error());
        rq.expectedNumber = would->number;
        auto rec = reg.issueOutgoingAndEnqueue(rq, [&](const reg::OutgoingRecord&) -> Result<reg::OutboxEntry> { return *entry; });
        if (rec || !rec.error().is(reg::Errc::NumberTaken))
            return rec;
        log::info("vanthu.workflow", "outgoing number " + std::to_string(would->number) +
                                         " was taken while signing; making the outputs again");
    }
    rq.expectedNumber.reset();
    return reg.issueOutgoingAndEnqueue(rq, hook);
}

} // namespace

Status applyCorrection(OutgoingDraft& draft, std::string_view field, std::string_view value)
{
    std::string unit, note;
    if (auto s = detail::setField(draft.meta, unit, note, field, value); !s)
        return s;
    std::set<std::string> corrected{std::string(field)};
    for (const auto& f : draft.fields)
        if (f.corrected)
            corrected.insert(f.name);
    auto conf = detail::sourcesOf(draft.fields);
    conf[std::string(field)].confidence = 100;
    draft.fields = detail::reviewFields(draft.meta, conf, {}, {});
    for (auto& f : draft.fields)
        if (corrected.contains(f.name))
            f.corrected = true;
    return {};
}

OutgoingFlow::OutgoingFlow(Station& station, std::string actor) : m_station(station), m_actor(std::move(actor)) {}

Result<OutgoingDraft> OutgoingFlow::prepare(const IssueRequest& request, const ProgressFn& progress,
                                            const CancelFlag& cancel)
{
    const Station& st = m_station;
    OutgoingDraft d;
    d.request = request;
    std::vector<PageImage> pages;
    const auto cleanAll = [&](capture::JobFolder& job, const std::vector<PageImage>& raw) -> Status {
        int n = 0;
        for (const auto& p : raw) {
            if (cancelled(cancel))
                return fail(Errc::Cancelled, "cancelled");
            report(progress, Step::Cleanup, ++n, static_cast<int>(raw.size()));
            auto c = capture::cleanPage(p);
            pages.push_back(c ? c->page : p);
            (void)job.writePage(n, "clean", pages.back());
        }
        return {};
    };
    if (request.scanner) {
        // The signed paper on the scanner: all pages are one document. The scan as it came is kept as
        // the original (an image PDF); issue() numbers and signs the cleaned pages.
        auto device = detail::scannerFor(m_station, *request.scanner);
        if (!device)
            return std::unexpected(device.error());
        auto job = capture::JobFolder::create(st.paths().jobsDir, {{"source", "issue-scan"}, {"device", *device}});
        if (!job)
            return std::unexpected(job.error());
        auto raw = detail::scanInto(*device, request.scanner->scan, *job, progress, cancel);
        if (!raw)
            return std::unexpected(raw.error());
        d.jobDir = job->dir();
        d.request.file = job->dir() + "/scan-original.pdf";
        if (auto w = detail::writeImagePdf(*raw, d.request.file, "Bản quét văn bản đi / scanned outgoing original"); !w)
            return std::unexpected(w.error());
        if (auto c = cleanAll(*job, *raw); !c)
            return std::unexpected(c.error());
        d.scannedPages = pages;
    } else {
        report(progress, Step::Import, 1, 1, request.file);
        auto job = capture::JobFolder::create(st.paths().jobsDir, {{"source", "issue"}, {"file", request.file}});
        if (!job)
            return std::unexpected(job.error());
        auto kept = job->keepOriginal(request.file);
        if (!kept)
            return std::unexpected(kept.error());
        d.jobDir = job->dir();
        d.request.file = *kept;
        auto imported = capture::importFile(*kept);
        if (!imported)
            return std::unexpected(imported.error());
        d.bornDigital = imported->hasTextLayer;
        if (imported->hasSignature) {
            report(progress, Step::Verify, 1, 1);
            signing::VerifyOptions vo;
            vo.trustAnchors = st.keys().trustAnchors;
            vo.checkRevocation = false;
            if (auto reps = signing::verifyPdf(*kept, vo)) {
                for (const auto& r : *reps) {
                    d.signatures.push_back({r.signerName, r.valid(), signing::describe(r)});
                    if (!r.valid())
                        d.warnings.push_back("Chữ ký của bản gốc không hợp lệ / the original's signature is not valid: " +
                                             r.signerName);
                }
            }
        }
        if (auto c = cleanAll(*job, imported->pages); !c)
            return std::unexpected(c.error());
    }
    if (pages.empty())
        return fail(Errc::InvalidInput, "the original has no pages");
    report(progress, Step::Extract, 1, 1);
    auto engine = m_station.ocrEngine();
    if (!engine)
        return std::unexpected(engine.error());
    ocr::Reader reader(**engine);
    // A born-digital original is read from its own text layer, as typed (OCR of its rendering misread
    // the demo original's "STN" as "S5TN").
    auto x = detail::readFields(reader, d.bornDigital, d.request.file, pages);
    if (!x)
        return std::unexpected(x.error());
    d.meta = x->meta;
    for (const auto& w : x->warnings)
        d.warnings.push_back(detail::bilingualWarning(w));
    if (auto it = x->fields.find("signer"); it != x->fields.end() && !pages.empty()) {
        const auto& info = it->second;
        const PageImage& pg = pages[static_cast<size_t>(std::clamp(info.page, 0, static_cast<int>(pages.size()) - 1))];
        const double mmPerPx = pg.dpi > 0 ? 25.4 / pg.dpi : 25.4 / 300;
        d.signerAt = signing::MmPoint{(info.region.x + info.region.width / 2.0) * mmPerPx,
                                      (info.region.y + info.region.height / 2.0) * mmPerPx};
        d.signerPage = info.page;
    }
    // A scan has no text layer to find the blanks in: the number goes after "Số:" on the line the
    // number was read from, day and month into the place-date line read on the same page. These are
    // proportional positions on the read lines (clerk-given positions in the request win).
    if (!d.bornDigital && !pages.empty()) {
        const double mmPerPx = pages.front().dpi > 0 ? 25.4 / pages.front().dpi : 25.4 / 300;
        auto lineAt = [&](const char* field, double share) -> std::optional<signing::MmPoint> {
            auto it = x->fields.find(field);
            if (it == x->fields.end() || it->second.page != 0 || it->second.region.width <= 0)
                return std::nullopt;
            const auto& r = it->second.region;
            return signing::MmPoint{(r.x + r.width * share) * mmPerPx, (r.y + r.height * 0.8) * mmPerPx};
        };
        if (!d.request.numberAt)
            d.request.numberAt = lineAt("number_symbol", 0.2);
        if (!d.request.dayAt && !d.request.monthAt) {
            d.request.dayAt = lineAt("issued_date", 0.45);
            d.request.monthAt = lineAt("issued_date", 0.65);
        }
        // Nothing read where the number or the date goes (a page that is no letter, a header the OCR
        // missed): the NĐ 30 positions on A4, scaled to this page, and the clerk is told.
        const PageImage& first = pages.front();
        const auto scaled = [&](signing::MmPoint a4) {
            return signing::MmPoint{a4.x * first.width * mmPerPx / 210.0, a4.y * first.height * mmPerPx / 297.0};
        };
        const auto where = [](signing::MmPoint p) {
            char buf[48];
            std::snprintf(buf, sizeof buf, "%.0f mm, %.0f mm", p.x, p.y);
            return std::string(buf);
        };
        if (!d.request.numberAt) {
            d.request.numberAt = scaled(kDefaultNumberAt);
            d.defaultPlacement = true;
            d.warnings.push_back("Không đọc được dòng \"Số:\" trên bản quét: số ghi ở vị trí mặc định (" +
                                 where(*d.request.numberAt) + " từ góc trên trái) — kiểm tra bản đã ký / the \"Số:\" "
                                 "line was not read on the scan: the number is written at the default position (" +
                                 where(*d.request.numberAt) + " from the top-left corner) — check the signed copy");
        }
        if (!d.request.dayAt || !d.request.monthAt) {
            if (!d.request.dayAt)
                d.request.dayAt = scaled(kDefaultDayAt);
            if (!d.request.monthAt)
                d.request.monthAt = scaled(kDefaultMonthAt);
            d.defaultPlacement = true;
            d.warnings.push_back("Không đọc được dòng địa danh, ngày tháng: ngày và tháng ghi ở vị trí mặc định (" +
                                 where(*d.request.dayAt) + "; " + where(*d.request.monthAt) +
                                 ") / the place-date line was not read: day and month are written at the default "
                                 "position (" + where(*d.request.dayAt) + "; " + where(*d.request.monthAt) + ")");
        }
        if (!d.signerAt) {
            const PageImage& last = pages.back();
            const double lastMmPerPx = last.dpi > 0 ? 25.4 / last.dpi : 25.4 / 300;
            d.signerAt = signing::MmPoint{kDefaultSignerAt.x * last.width * lastMmPerPx / 210.0,
                                          kDefaultSignerAt.y * last.height * lastMmPerPx / 297.0};
            d.signerPage = static_cast<int>(pages.size()) - 1;
            d.defaultPlacement = true;
            d.warnings.push_back("Không tìm thấy khối chữ ký: dấu và chữ ký đặt ở vị trí mặc định (" + where(*d.signerAt) +
                                 ", trang cuối) / no signature block was read: the seal and signature go to the default "
                                 "position (" + where(*d.signerAt) + ", last page)");
        }
    }
    // The request's values win over what was read.
    DocumentMeta& m = d.meta;
    if (!request.typeAbbreviation.empty() || m.numberSymbol.symbol.empty()) {
        auto t = request.typeAbbreviation.empty() ? std::optional(doctype::congVan())
                                                  : doctype::byAbbreviation(request.typeAbbreviation);
        if (!t)
            return fail(Errc::InvalidInput, "unknown document type abbreviation '" + request.typeAbbreviation + "'");
        m.type = *t;
        const std::string abbr = st.config().agency.abbreviation;
        if (m.numberSymbol.symbol.empty() || !m.numberSymbol.symbol.starts_with(std::string(t->abbreviation)))
            m.numberSymbol.symbol = t->abbreviation.empty() ? abbr : std::string(t->abbreviation) + "-" + abbr;
    }
    m.numberSymbol.number.reset();   // the number comes from the register
    if (!request.subject.empty())
        m.subject = text::nfc(request.subject);
    if (request.signer)
        m.signer = *request.signer;
    if (request.urgency != Urgency::None)
        m.urgency = request.urgency;
    if (request.secrecy != Secrecy::None)
        m.secrecy = request.secrecy;
    if (!request.recipientNames.empty())
        m.recipients = request.recipientNames;
    else if (!request.to.empty()) {
        m.recipients.clear();
        for (const auto& o : request.to)
            m.recipients.push_back(o.organName.empty() ? o.organId : o.organName);
    }
    m.issuer = st.config().agency.name;
    m.issuerParent = st.config().agency.parentName;
    m.place = st.config().agency.place;
    m.pageCount = static_cast<int>(pages.size());
    if (request.date)
        m.issuedDate = request.date;
    d.fields = detail::reviewFields(m, detail::sources(*x), {}, {});
    for (auto& f : d.fields)
        if (f.name == "number_symbol")
            f.required = false;   // the number is assigned; the symbol is checked in issue()
    return d;
}

Result<IssueResult> OutgoingFlow::issue(const OutgoingDraft& draft, std::optional<signing::KeySource> key,
                                        const ProgressFn& progress, const CancelFlag& cancel)
{
    const Station& st = m_station;
    if (draft.meta.numberSymbol.symbol.empty())
        return fail(Errc::NeedsReview, "no symbol (type abbreviation) for the number");
    if (draft.meta.subject.empty())
        return fail(Errc::NeedsReview, "no subject (trích yếu)");
    if (cancelled(cancel))
        return fail(Errc::Cancelled, "cancelled");
    auto regOpen = openRegister(st);
    if (!regOpen)
        return std::unexpected(regOpen.error());
    reg::Register& reg = *regOpen;
    IssueResult result;

    reg::OutgoingRequest rq;
    rq.meta = draft.meta;
    const auto date = draft.meta.issuedDate.value_or(vntime::localDate(vntime::now()));
    rq.meta.issuedDate = date;
    rq.issuedAt = vntime::fromLocal(std::chrono::local_days{date} + std::chrono::hours{9});
    rq.series = draft.request.series;
    rq.recipients = draft.meta.recipients;
    rq.retainedBy = draft.request.retainedBy;
    rq.copies = draft.request.copies;
    auto bytes = detail::readFile(draft.request.file);
    if (!bytes)
        return std::unexpected(bytes.error());
    rq.intakeKey = "issue:" + hash::sha256Hex(*bytes);
    rq.actor = m_actor;
    std::optional<uplink::ResponseFor> response;
    if (!draft.request.responseFor.empty()) {
        auto r = resolveResponse(reg, st, draft.request.responseFor);
        if (!r)
            return std::unexpected(r.error());
        rq.responseFor = r->first;
        response = r->second;
    }

    auto pending = detail::pendingDir(st.paths().archiveDir);
    if (!pending)
        return std::unexpected(pending.error());
    const std::string ext = fs::path(draft.request.file).extension().string();
    const std::string original = *pending + "/original" + ext;
    if (auto c = detail::copyFile(draft.request.file, original); !c)
        return std::unexpected(c.error());
    std::string basePdf = original;
    if (!draft.scannedPages.empty()) {
        // A scan: the cleaned pages prepare() read (the positions it found or defaulted are on them).
        basePdf = *pending + "/scan.pdf";
        if (auto w = detail::writeImagePdf(draft.scannedPages, basePdf, draft.meta.subject); !w) {
            std::error_code ec;
            fs::remove_all(*pending, ec);
            return std::unexpected(w.error());
        }
    } else if (ext != ".pdf" && ext != ".PDF") {
        auto imported = capture::importFile(original);
        if (!imported)
            return std::unexpected(imported.error());
        // The pages as prepare() read them (cleanup is deterministic), so that positions found by
        // the OCR (signer, number and date lines) land on the same pixels.
        std::vector<PageImage> cleaned;
        for (const auto& p : imported->pages) {
            auto c = capture::cleanPage(p);
            cleaned.push_back(c ? c->page : p);
        }
        basePdf = *pending + "/scan.pdf";
        if (auto w = detail::writeImagePdf(cleaned, basePdf, draft.meta.subject); !w)
            return std::unexpected(w.error());
    }
    const std::string numbered = *pending + "/numbered.pdf";
    const std::string signedPdf = *pending + "/signed.pdf";
    const signing::KeySource signingKey =
        key.value_or(signing::KeySource{signing::Pkcs12Key{st.keys().agencyP12, st.keys().agencyP12Password}});

    auto produce = [&](const reg::OutgoingRecord& r) -> Status {
        report(progress, Step::Number, 1, 1);
        signing::IssueFill fill;
        fill.number = twoDigits(r.number);
        fill.date = date;
        fill.numberAt = draft.request.numberAt;
        fill.dayAt = draft.request.dayAt;
        fill.monthAt = draft.request.monthAt;
        auto w = signing::writeIssueNumber(basePdf, numbered, fill);
        if (!w)
            return std::unexpected(w.error());
        if (cancelled(cancel))
            return fail(Errc::Cancelled, "cancelled");
        report(progress, Step::Sign, 1, 1, "Đóng dấu, ký số cơ quan / seal and agency signature");
        signing::SignRequest sr;
        sr.input = numbered;
        sr.output = signedPdf;
        sr.key = signingKey;
        sr.reason = "Ban hành văn bản / issued by the agency";
        sr.location = st.config().agency.place;
        if (draft.request.drawSeal || draft.request.drawSignerImage) {
            signing::VisibleAppearance va;
            va.page = draft.signerPage;
            signing::MmPoint centre = draft.request.sealCentre;
            if (centre.y <= 0)
                centre = draft.signerAt.value_or(signing::MmPoint{140, 230});
            va.signerCentre = centre;
            va.signerImage = st.keys().signerImage;
            va.drawSigner = draft.request.drawSignerImage;
            if (draft.request.drawSeal)
                va.sealImage = st.keys().sealImage;
            sr.visible = va;
        }
        if (st.demo())
            sr.cornerText = signing::CornerText{{"BẢN THỬ NGHIỆM / TEST"}};
        auto s = signing::signPdf(sr);
        if (!s)
            return std::unexpected(s.error());
        return {};
    };
    auto to = draft.request.to;
    const auto metaOf = [&](const reg::OutgoingRecord& r, const std::string& documentId) {
        nlohmann::json j;
        j["series"] = r.series;
        j["year"] = r.year;
        j["number"] = r.number;
        j["number_symbol"] = r.meta.numberSymbol.format();
        j["issued"] = vntime::toIsoDate(date);
        j["subject"] = r.meta.subject;
        j["document_id"] = documentId;
        j["response_for"] = rq.responseFor;
        j["demo"] = st.demo();
        for (const auto& o : to)
            j["to"].push_back({{"id", o.organId}, {"name", o.organName}});
        return j;
    };
    const auto targetOf = [&](const reg::OutgoingRecord& r) {
        return st.paths().archiveDir + "/" + std::to_string(r.year) + "/out-" + r.series + "-" + std::to_string(r.number);
    };
    auto hook = [&](const reg::OutgoingRecord& r) -> Result<reg::OutboxEntry> {
        if (auto p = produce(r); !p)
            return std::unexpected(p.error());
        report(progress, Step::Package, 1, 1);
        auto pdf = detail::readFile(signedPdf);
        if (!pdf)
            return std::unexpected(pdf.error());
        const std::string fileName = std::to_string(r.number) + "-" + r.meta.numberSymbol.symbol + ".pdf";
        auto p = uplink::packageFor(r, st.uplink().organization, to,
                                    {uplink::Attachment{"document", fileName, "application/pdf", r.meta.subject, *pdf}});
        if (response)
            p.responseFor.push_back(*response);
        auto xml = uplink::buildDocumentPackage(p, st.uplink().signing);
        if (!xml)
            return std::unexpected(xml.error());
        result.documentId = p.documentId;
        // Before the commit: what the folder is and where it goes, so that a crash between the commit
        // and the publish is finished at the next start instead of losing the folder.
        if (auto w = detail::writeFileAtomic(*pending + "/meta.json", metaOf(r, p.documentId).dump(2) + "\n"); !w)
            return std::unexpected(w.error());
        const nlohmann::json marker{{"kind", "outgoing"}, {"intake_key", r.intakeKey}, {"target", targetOf(r)}};
        if (auto w = detail::writeFileAtomic(*pending + "/" + detail::kPublishMarker, marker.dump(2) + "\n"); !w)
            return std::unexpected(w.error());
        reg::OutboxEntry e;
        e.documentId = p.documentId;
        e.kind = reg::OutboxKind::Document;
        e.secrecy = r.meta.secrecy;
        e.package = std::move(*xml);
        e.actor = m_actor;
        e.outgoingId = r.id;
        if (auto rid = draft.request.responseFor; !rid.empty() && response) {
            // nothing: the ResponseFor travels in the package
        }
        return e;
    };
    const bool secret = isSecret(draft.meta.secrecy);
    if (!secret && to.empty()) {
        std::error_code ec;
        fs::remove_all(*pending, ec);
        return fail(Errc::NeedsReview, "no recipients with agency codes (--to CODE[=NAME])");
    }
    report(progress, Step::Register, 1, 1);
    Result<reg::OutgoingRecord> rec = secret ? reg.issueOutgoing(rq) : registerBeforeHand(reg, rq, hook);
    if (rec && !rec->created)
        result.documentId.clear();   // made for a number that was not issued: the queued item says it
    if (!rec) {
        std::error_code ec;
        fs::remove_all(*pending, ec);
        return std::unexpected(rec.error());
    }
    result.record = *rec;
    if (secret && rec->created)
        if (auto p = produce(*rec); !p)
            result.warnings.push_back("Chưa ký được / not signed: " + p.error().toString());

    const nlohmann::json j = metaOf(*rec, result.documentId);
    if (auto w = detail::writeFileAtomic(*pending + "/meta.json", j.dump(2) + "\n"); !w)
        return std::unexpected(w.error());
    std::string dir;
    const std::string target = targetOf(*rec);
    if (rec->created) {
        auto dd = detail::publishDir(*pending, target);
        if (!dd)
            return std::unexpected(dd.error());
        dir = *dd;
        std::error_code ec;
        fs::remove(dir + "/" + detail::kPublishMarker, ec);
        (void)detail::writeFileAtomic(st.paths().archiveDir + "/outgoing-" + std::to_string(rec->id) + ".json",
                                      j.dump(2) + "\n");
        (void)reg.audit(m_actor, "outgoing.signed", "outgoing:" + std::to_string(rec->id),
                        "number written, seal + agency signature; " + dir + "/signed.pdf");
    } else {
        std::error_code ec;
        fs::remove_all(*pending, ec);
        dir = target;
        result.warnings.push_back("Đã cấp số trước đó (cùng tệp) / issued before (same file)");
    }
    result.archiveDir = dir;
    result.originalPath = dir + "/" + fs::path(original).filename().string();
    result.numberedPath = dir + "/numbered.pdf";
    result.signedPath = dir + "/signed.pdf";
    if (!secret) {
        auto items = reg.outboxItems(std::nullopt);
        if (items)
            for (const auto& it : *items)
                if (it.outgoingId == rec->id)
                    result.outbox = it;
        if (result.outbox && result.documentId.empty())
            result.documentId = result.outbox->documentId;
    }
    report(progress, Step::Done, 1, 1);
    return result;
}

std::future<Result<IssueResult>> OutgoingFlow::issueAsync(OutgoingDraft draft, std::optional<signing::KeySource> key,
                                                          ProgressFn progress, CancelFlag cancel)
{
    return std::async(std::launch::async, [this, draft = std::move(draft), key = std::move(key),
                                           progress = std::move(progress), cancel = std::move(cancel)] {
        return issue(draft, key, progress, cancel);
    });
}

} // namespace vanthu::workflow
