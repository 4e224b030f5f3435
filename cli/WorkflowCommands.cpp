// vanthu intake | due: the workflow library's flows from the command line (issue #7).
//   intake --scan [--device D] [--source flatbed|adf|duplex] [--pages N] [--dpi N] | --file FILE... | FILE...
//          [--set field=value]... [--yes] [--no-queue] [--no-certify] [--deadline-days N] [--to UNIT]
//   due [--at TIME]
#include "Commands.h"

#include "vanthu/core/VnTime.h"
#include "vanthu/core/AgencyCode.h"
#include "vanthu/workflow/Dossier.h"
#include "vanthu/workflow/Incoming.h"
#include "vanthu/workflow/Outgoing.h"
#include "vanthu/workflow/Station.h"
#include "vanthu/workflow/Tracking.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>

namespace vanthu::cli {

namespace {

int usage(const char* text, bool help)
{
    std::fprintf(help ? stdout : stderr, "%s\n", text);
    return help ? ExitOk : ExitUsage;
}

// Bilingual text for the workflow's own codes; everything else through the shared table.
int reportWf(const Error& e)
{
    const auto say = [&](const char* vi, const char* en) {
        std::fprintf(stderr, "Lỗi: %s / Error: %s [%s]\n", vi, en, e.toString().c_str());
        return exitCodeFor(e);
    };
    if (e.is(workflow::Errc::NeedsReview))
        return say("còn trường bắt buộc để trống, hãy sửa bằng --set", "a required field is empty; correct it with --set");
    if (e.is(workflow::Errc::SignatureInvalid))
        return say("chữ ký số của văn bản đến không hợp lệ, không vào sổ",
                   "the arriving document's signature is not valid; not registered");
    if (e.is(workflow::Errc::NoScanner))
        return say("không tìm thấy máy quét", "no scanner found");
    if (e.is(workflow::Errc::AssetMissing))
        return say("thiếu ảnh con dấu / chữ ký hoặc khóa của cơ quan", "the seal / signature image or agency key is missing");
    if (e.is(workflow::Errc::Cancelled))
        return say("đã hủy", "cancelled");
    if (e.is(workflow::Errc::Incomplete))
        return say("hồ sơ chưa đủ thành phần", "the dossier lacks required components");
    return report(e);
}

Result<std::unique_ptr<workflow::Station>> station(Context& ctx)
{
    // Still single-threaded here: SANE sees the system's scanners and the test device together.
    workflow::Station::prepareProcess(ctx.config);
    auto s = workflow::Station::setup(ctx.config);
    if (s && (*s)->demo())
        std::fprintf(stderr, "[THỬ NGHIỆM / TEST] cơ quan và khóa mẫu, không có giá trị pháp lý / demo agency and "
                             "keys, no legal value\n");
    return s;
}

void printProgress(const workflow::Progress& p)
{
    std::fprintf(stderr, "  … %s / %s", std::string(workflow::vietnameseName(p.step)).c_str(),
                 std::string(workflow::toString(p.step)).c_str());
    if (p.total > 0)
        std::fprintf(stderr, " %d/%d", p.current, p.total);
    else if (p.current > 0 && p.step == workflow::Step::Scan)
        std::fprintf(stderr, " %d", p.current);
    if (!p.message.empty())
        std::fprintf(stderr, " — %s", p.message.c_str());
    std::fprintf(stderr, "\n");
}

void printDraft(const workflow::IncomingDraft& d, int index, int total)
{
    std::printf("\n== Văn bản / Document %d/%d (%zu trang / pages) ==\n", index, total, d.pages.size());
    for (const auto& f : d.fields) {
        const char* mark = f.required && f.value.empty() ? " (!) bắt buộc / required"
                           : f.corrected                  ? " (đã sửa / corrected)"
                                                          : "";
        std::printf("  %-16s %-40s [%3.0f%%] %s%s\n", f.name.c_str(), f.label.c_str(), f.confidence, f.value.c_str(), mark);
    }
    for (const auto& s : d.signatures)
        std::printf("  Chữ ký / Signature: %s — %s\n", s.signer.c_str(), s.valid ? "hợp lệ / valid" : "KHÔNG hợp lệ / NOT valid");
    for (const auto& w : d.warnings)
        std::printf("  Cảnh báo / Warning: %s\n", w.c_str());
    std::fflush(stdout);
    for (const auto& m : d.duplicates)
        std::printf("  Đã có trong sổ / Already registered: số đến %d/%d (id %lld) → sẽ liên kết, không cấp số mới / "
                    "will be linked, no new number\n",
                    m.arrivalNumber, m.year, static_cast<long long>(m.id));
}

void printResult(const workflow::IncomingResult& r)
{
    const auto& rec = r.record;
    if (r.matchedExisting)
        std::printf("Đã liên kết với văn bản đến số %d/%d / Linked to incoming %d/%d (không cấp số mới / no new number)\n",
                    rec.arrivalNumber, rec.year, rec.arrivalNumber, rec.year);
    else
        std::printf("Đã vào sổ %s: số đến %d, năm %d / Registered in the %s book: arrival number %d, year %d\n",
                    rec.book == reg::IncomingBook::Secret ? "MẬT" : "đến", rec.arrivalNumber, rec.year,
                    std::string(reg::toString(rec.book)).c_str(), rec.arrivalNumber, rec.year);
    std::printf("  Thời điểm đến / Arrival time: %s\n", vntime::toIso8601(rec.arrivalTime).c_str());
    if (rec.dueAt)
        std::printf("  Hạn xử lý / Due: %s\n", vntime::toIso8601(*rec.dueAt).c_str());
    std::printf("  Thư mục lưu / Archive:        %s\n", r.archiveDir.c_str());
    std::printf("  Bản gốc / Original (unchanged): %s\n", r.originalPath.c_str());
    if (!r.searchablePath.empty())
        std::printf("  PDF tìm kiếm / Searchable:    %s\n", r.searchablePath.c_str());
    if (!r.stampedPath.empty())
        std::printf("  Dấu ĐẾN / Stamped:            %s\n", r.stampedPath.c_str());
    if (!r.certifiedPath.empty())
        std::printf("  Bản sao y ký số / Certified:  %s\n", r.certifiedPath.c_str());
    if (!r.metaPath.empty())
        std::printf("  Thông tin / Metadata:         %s\n", r.metaPath.c_str());
    if (r.outbox)
        std::printf("  Hàng đợi gửi / Outbox:        #%lld %s (%s)\n  Gửi bằng / Send with: vanthu uplink run → %s\n",
                    static_cast<long long>(r.outbox->id), r.outbox->documentId.c_str(),
                    std::string(reg::toString(r.outbox->state)).c_str(), r.spoolHint.c_str());
    else if (isSecret(rec.meta.secrecy))
        std::printf("  Văn bản mật: không gửi ra ngoài trạm / secret: never leaves the station\n");
    for (const auto& w : r.warnings)
        std::printf("  Ghi chú / Note: %s\n", w.c_str());
}

// The scanner options of `intake --scan` and `issue --scan`: --device (default: the station's
// choice), --source flatbed|adf|duplex, --pages, --dpi. nullopt for an unknown --source.
std::optional<workflow::IntakeSource> scannerSource(const Args& a)
{
    workflow::IntakeSource src;
    src.kind = workflow::IntakeSource::Kind::Scanner;
    src.device = a.value("device").value_or("");
    const std::string source = a.value("source").value_or("flatbed");
    if (source == "adf")
        src.scan.source = capture::Source::Adf;
    else if (source == "duplex")
        src.scan.source = capture::Source::AdfDuplex;
    else if (source != "flatbed")
        return std::nullopt;
    if (auto p = a.value("pages"))
        src.scan.maxPages = std::max(0, std::atoi(p->c_str()));
    if (auto d = a.value("dpi"))
        src.scan.dpi = std::clamp(std::atoi(d->c_str()), 75, 600);
    if (src.device.empty() || src.device.starts_with("test"))
        src.scan.extraOptions["test-picture"] = "Color pattern";   // the SANE test device's pattern
    return src;
}

} // namespace

int cmdIntake(Context& ctx, const std::vector<std::string>& argv)
{
    static const char* kUsageText =
        "Cách dùng / Usage: vanthu intake (--scan [--device D] [--source flatbed|adf|duplex] [--pages N] [--dpi N]\n"
        "                                  | --file FILE... | FILE...)\n"
        "       [--set field=value]... [--yes] [--no-queue] [--no-certify] [--deadline-days N] [--to UNIT] [--at TIME]\n"
        "  Trường / fields: number_symbol issued_date issuer issuer_parent place type subject urgency secrecy\n"
        "  signer_authority signer_position signer_name recipients page_count recipient_unit note document_id\n"
        "  Không có --yes và không phải terminal: chỉ in các trường (không vào sổ) / without --yes on a\n"
        "  non-terminal: print the fields only (nothing registered).";
    const std::vector<std::string> valued{"device", "source", "pages", "dpi", "file", "set", "deadline-days", "to", "at"};
    Args a = Args::parse(argv, valued);
    auto known = valued;
    known.insert(known.end(), {"scan", "yes", "no-queue", "no-certify", "help"});
    if (!a.error().empty() || !a.unknown(known).empty() || a.flag("help"))
        return usage(kUsageText, a.flag("help"));
    workflow::IntakeSource src;
    if (a.flag("scan")) {
        auto scanner = scannerSource(a);
        if (!scanner)
            return usage(kUsageText, false);
        src = std::move(*scanner);
    } else {
        src.kind = workflow::IntakeSource::Kind::Files;
        src.files = a.values("file");
        for (const auto& p : a.positional())
            src.files.push_back(p);
        if (src.files.empty())
            return usage(kUsageText, false);
        if (auto d = a.value("dpi"))
            src.importDpi = std::clamp(std::atoi(d->c_str()), 75, 600);
    }
    if (a.flag("scan") && !a.positional().empty())
        return usage(kUsageText, false);
    workflow::CommitOptions co;
    co.queue = !a.flag("no-queue");
    co.certify = !a.flag("no-certify");
    if (auto d = a.value("deadline-days"))
        co.deadlineWorkingDays = std::max(0, std::atoi(d->c_str()));
    if (auto t = a.value("at")) {
        auto at = vntime::parseIso8601(*t);
        if (!at)
            return report(at.error());
        co.receivedAt = *at;
    }

    auto st = station(ctx);
    if (!st)
        return reportWf(st.error());
    workflow::IncomingFlow flow(**st, ctx.actor);
    auto drafts = flow.capture(src, printProgress);
    if (!drafts)
        return reportWf(drafts.error());
    const bool interactive = !a.flag("yes") && ::isatty(0);
    int rc = ExitOk;
    int n = 0;
    for (auto& d : *drafts) {
        ++n;
        // A scan's signer and recipients are read from its full text after the header: the
        // terminal shows the draft once, whole.
        if (auto w = workflow::awaitLateFields(d); !w)
            return reportWf(w.error());
        for (const auto& s : a.values("set"))
            if (auto r = workflow::applyCorrection(d, s); !r)
                return reportWf(r.error());
        if (auto t = a.value("to"))
            (void)workflow::applyCorrection(d, "recipient_unit", *t);
        if (auto m = flow.findMatches(d))   // after the corrections: they may name a registered document
            d.duplicates = *m;
        printDraft(d, n, static_cast<int>(drafts->size()));
        std::fflush(stdout);
        if (interactive) {
            for (;;) {
                std::printf("Sửa (field=value), Enter để vào sổ, 's' bỏ qua / Correct (field=value), Enter to register, "
                            "'s' to skip: ");
                std::fflush(stdout);
                std::string line;
                if (!std::getline(std::cin, line))
                    return ExitCancelled;
                if (line.empty())
                    break;
                if (line == "s" || line == "q")
                    goto next;
                if (auto r = workflow::applyCorrection(d, line); !r)
                    std::printf("  %s\n", r.error().detail().c_str());
                else
                    printDraft(d, n, static_cast<int>(drafts->size()));
            }
        } else if (!a.flag("yes")) {
            std::printf("(chưa vào sổ: thêm --yes / not registered: add --yes)\n");
            continue;
        }
        {
            auto r = flow.commit(d, co, printProgress);
            if (!r) {
                rc = reportWf(r.error());
                continue;
            }
            printResult(*r);
        }
    next:;
    }
    std::printf("\nDữ liệu / Data: %s\n", (*st)->paths().dataDir.c_str());
    return rc;
}

int cmdDue(Context& ctx, const std::vector<std::string>& argv)
{
    Args a = Args::parse(argv, {"at"});
    if (!a.error().empty() || !a.unknown({"at", "help"}).empty() || a.flag("help") || !a.positional().empty())
        return usage("Cách dùng / Usage: vanthu due [--at TIME]   văn bản quá hạn / overdue documents", a.flag("help"));
    auto now = vntime::now();
    if (auto t = a.value("at")) {
        auto at = vntime::parseIso8601(*t);
        if (!at)
            return report(at.error());
        now = *at;
    }
    auto st = station(ctx);
    if (!st)
        return reportWf(st.error());
    auto items = workflow::overdue(**st, now);
    if (!items)
        return reportWf(items.error());
    if (items->empty()) {
        std::printf("Không có văn bản quá hạn / Nothing overdue (%s)\n", vntime::toIso8601(now).c_str());
        return ExitOk;
    }
    std::printf("Quá hạn tại / Overdue at %s:\n", vntime::toIso8601(now).c_str());
    for (const auto& i : *items)
        std::printf("  %-14s hạn / due %s  %s  — %s\n", i.reference.c_str(), vntime::toIso8601(i.dueAt).c_str(),
                    i.rule == workflow::DueItem::Rule::Deadline ? "quá hạn xử lý / past deadline"
                                                                : "chưa chuyển sau 2 giờ làm việc / not handed over in 2 working hours",
                    i.subject.c_str());
    return ExitFailure;
}

} // namespace vanthu::cli

namespace vanthu::cli {

int cmdIssue(Context& ctx, const std::vector<std::string>& argv)
{
    static const char* kText =
        "Cách dùng / Usage: vanthu issue (FILE | --scan [--device D] [--source flatbed|adf|duplex] [--pages N] [--dpi N])\n"
        "       --type QĐ|TB|CV... [--subject S] --to CODE[=NAME]... [--reply in:YYYY/N]\n"
        "       [--date YYYY-MM-DD] [--series S] [--copies N] [--urgency U] [--secrecy S] [--set field=value]...\n"
        "       [--token LABEL --module SO (PIN from VANTHU_PIN or asked)] [--signer-image] [--no-seal] [--yes]";
    const std::vector<std::string> valued{"type", "subject", "to", "reply", "date", "series", "copies", "urgency",
                                          "secrecy", "set", "token", "module", "key-label",
                                          "device", "source", "pages", "dpi"};
    Args a = Args::parse(argv, valued);
    auto known = valued;
    known.insert(known.end(), {"yes", "no-seal", "signer-image", "scan", "help"});
    const bool scan = a.flag("scan");
    if (!a.error().empty() || !a.unknown(known).empty() || a.flag("help") ||
        a.positional().size() != (scan ? 0u : 1u) || !a.value("type"))
        return usage(kText, a.flag("help"));
    workflow::IssueRequest rq;
    if (scan) {
        // The signed paper on the scanner, the device chosen as for `intake --scan`.
        auto scanner = scannerSource(a);
        if (!scanner)
            return usage(kText, false);
        rq.scanner = std::move(*scanner);
    } else {
        rq.file = a.positional()[0];
    }
    rq.typeAbbreviation = *a.value("type") == "CV" ? "" : *a.value("type");
    rq.subject = a.value("subject").value_or("");
    rq.responseFor = a.value("reply").value_or("");
    rq.series = a.value("series").value_or("");
    rq.copies = std::max(1, std::atoi(a.value("copies").value_or("1").c_str()));
    rq.drawSeal = !a.flag("no-seal");
    rq.drawSignerImage = a.flag("signer-image");
    for (const auto& t : a.values("to")) {
        const auto eq = t.find('=');
        uplink::Organization o;
        o.organId = t.substr(0, eq);
        o.organName = eq == std::string::npos ? o.organId : t.substr(eq + 1);
        if (auto c = AgencyCode::parse(o.organId); !c)
            return report(c.error());
        rq.to.push_back(o);
    }
    if (auto d = a.value("date")) {
        auto date = vntime::parseIsoDate(*d);
        if (!date)
            return report(date.error());
        rq.date = *date;
    }
    if (auto u = a.value("urgency")) {
        auto v = parseUrgency(*u);
        if (!v)
            return usage(kText, false);
        rq.urgency = *v;
    }
    if (auto s = a.value("secrecy")) {
        auto v = parseSecrecy(*s);
        if (!v)
            return usage(kText, false);
        rq.secrecy = *v;
    }
    std::optional<signing::KeySource> key;
    if (auto token = a.value("token")) {
        signing::TokenKey tk;
        tk.tokenLabel = *token;
        tk.modulePath = a.value("module").value_or("/usr/lib/softhsm/libsofthsm2.so");
        tk.keyLabel = a.value("key-label").value_or("");
        if (const char* pin = std::getenv("VANTHU_PIN"))
            tk.pin = pin;
        else {
            // The PIN is asked at the moment of signing, never stored.
            std::fprintf(stderr, "PIN của token / token PIN: ");
            std::getline(std::cin, tk.pin);
        }
        key = tk;
    }
    auto st = station(ctx);
    if (!st)
        return reportWf(st.error());
    workflow::OutgoingFlow flow(**st, ctx.actor);
    auto draft = flow.prepare(rq, printProgress);
    if (!draft)
        return reportWf(draft.error());
    for (const auto& s : a.values("set"))
        if (auto kv = s.find('='); kv == std::string::npos)
            return usage(kText, false);
        else if (auto r = workflow::applyCorrection(*draft, s.substr(0, kv), s.substr(kv + 1)); !r)
            return reportWf(r.error());
    std::printf("== Văn bản đi / Outgoing document ==\n");
    for (const auto& f : draft->fields)
        if (f.name != "recipient_unit" && f.name != "note")
            std::printf("  %-16s %-40s [%3.0f%%] %s\n", f.name.c_str(), f.label.c_str(), f.confidence, f.value.c_str());
    for (const auto& s : draft->signatures)
        std::printf("  Chữ ký trên bản gốc / Signature on the original: %s — %s\n", s.signer.c_str(),
                    s.valid ? "hợp lệ / valid" : "KHÔNG hợp lệ / NOT valid");
    for (const auto& w : draft->warnings)
        std::printf("  Cảnh báo / Warning: %s\n", w.c_str());
    if (!a.flag("yes")) {
        std::printf("(chưa cấp số: thêm --yes / not issued: add --yes)\n");
        return ExitOk;
    }
    auto r = flow.issue(*draft, key, printProgress);
    if (!r)
        return reportWf(r.error());
    std::printf("Đã cấp số / Issued: %s, ngày / date %s (sổ / series %s)\n", r->record.meta.numberSymbol.format().c_str(),
                vntime::toIsoDate(vntime::localDate(r->record.issuedAt)).c_str(), r->record.series.c_str());
    std::printf("  Bản gốc / Original:         %s\n  Đã ghi số / Numbered:       %s\n  Đã ký, đóng dấu / Signed:   %s\n",
                r->originalPath.c_str(), r->numberedPath.c_str(), r->signedPath.c_str());
    if (r->outbox)
        std::printf("  edXML: %s — hàng đợi / outbox #%lld\n", r->documentId.c_str(), static_cast<long long>(r->outbox->id));
    for (const auto& w : r->warnings)
        std::printf("  Ghi chú / Note: %s\n", w.c_str());
    return ExitOk;
}

int cmdRecall(Context& ctx, const std::vector<std::string>& argv)
{
    static const char* kText =
        "Cách dùng / Usage:\n"
        "  vanthu recall OUTGOING-ID --reason R                      thu hồi văn bản đi / recall an outgoing document\n"
        "  vanthu recall --incoming N [--year Y] [--book regular|secret] --reason R\n"
        "                                                            hủy văn bản đến bị thu hồi, trả lời nơi gửi /\n"
        "                                                            cancel a recalled incoming document, answer the sender\n"
        "  vanthu recall --document-id ID --reason R                 the same, by the edXML DocumentId\n"
        "  vanthu recall --package FILE.edxml                        the same, from an arriving recall package";
    Args a = Args::parse(argv, {"reason", "incoming", "year", "book", "document-id", "package"});
    const bool incoming = a.value("incoming") || a.value("document-id") || a.value("package");
    if (!a.error().empty() || !a.unknown({"reason", "incoming", "year", "book", "document-id", "package", "help"}).empty() ||
        a.flag("help") || (!incoming && (a.positional().size() != 1 || !a.value("reason"))) ||
        (incoming && !a.positional().empty()) || (incoming && !a.value("package") && !a.value("reason")))
        return usage(kText, a.flag("help"));
    auto st = station(ctx);
    if (!st)
        return reportWf(st.error());
    if (!incoming) {
        auto done = workflow::recallOutgoing(**st, std::atoll(a.positional()[0].c_str()), *a.value("reason"), ctx.actor);
        if (!done)
            return reportWf(done.error());
        std::printf("Đã yêu cầu thu hồi văn bản đi %s / Recall requested for outgoing %s: gói / package #%lld %s\n",
                    done->record.meta.numberSymbol.format().c_str(), done->record.meta.numberSymbol.format().c_str(),
                    static_cast<long long>(done->package.id), done->package.key.c_str());
        std::printf("  Trạng thái / Status: đang thu hồi, văn bản bị khóa đến khi nơi nhận trả lời / recall requested, "
                    "the document is frozen until the recipients answer (%s)\n",
                    std::string(reg::toString(done->record.status)).c_str());
        return ExitOk;
    }
    Result<workflow::IncomingRecallResult> r = fail(workflow::Errc::InvalidInput, "");
    if (auto pkg = a.value("package")) {
        std::ifstream in(*pkg, std::ios::binary);
        if (!in)
            return reportWf(Error(workflow::Errc::NotFound, "cannot read " + *pkg));
        const std::string xml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        r = workflow::applyRecallPackage(**st, xml, ctx.actor);
    } else {
        workflow::IncomingRecall rc;
        rc.reason = *a.value("reason");
        if (auto n = a.value("incoming")) {
            rc.arrivalNumber = std::atoi(n->c_str());
            rc.year = a.value("year") ? std::atoi(a.value("year")->c_str())
                                      : static_cast<int>(vntime::localDate(vntime::now()).year());
            const std::string book = a.value("book").value_or("regular");
            if (book != "regular" && book != "secret")
                return usage(kText, false);
            rc.book = book == "secret" ? reg::IncomingBook::Secret : reg::IncomingBook::Regular;
            if (rc.arrivalNumber <= 0)
                return usage(kText, false);
        } else {
            rc.documentId = *a.value("document-id");
        }
        r = workflow::recallIncoming(**st, rc, ctx.actor);
    }
    if (!r)
        return reportWf(r.error());
    const auto& rec = r->record;
    std::printf("%s văn bản đến số %d/%d (sổ %s) / %s incoming %d/%d (%s book): %s\n",
                r->already ? "Đã thu hồi trước đó:" : "Đã thu hồi:", rec.arrivalNumber, rec.year,
                std::string(reg::toString(rec.book)).c_str(), r->already ? "recalled before:" : "recalled:",
                rec.arrivalNumber, rec.year, std::string(reg::toString(rec.book)).c_str(),
                rec.recall ? rec.recall->reason.c_str() : "");
    if (r->answer)
        std::printf("  Trả lời nơi gửi (đồng ý thu hồi) / answer to the sender (agree to take back): hàng đợi / outbox "
                    "#%lld %s\n",
                    static_cast<long long>(r->answer->id), r->answer->key.c_str());
    for (const auto& w : r->warnings)
        std::printf("  Ghi chú / Note: %s\n", w.c_str());
    return ExitOk;
}

int cmdDossier(Context& ctx, const std::vector<std::string>& argv)
{
    static const char* kText =
        "Cách dùng / Usage:\n"
        "  vanthu dossier procedures\n"
        "  vanthu dossier new --procedure CODE [--cccd \"ID|old|name|DDMMYYYY|gender|address|DDMMYYYY\"]\n"
        "                 [--name N --id ID] [--phone P] [--email E] [--request TEXT] [--at TIME]\n"
        "  vanthu dossier add CODE --component ID (FILE... | --scan [--device D])\n"
        "  vanthu dossier check CODE\n"
        "  vanthu dossier receipt CODE";
    if (argv.empty())
        return usage(kText, false);
    const std::string sub = argv[0];
    const std::vector<std::string> rest(argv.begin() + 1, argv.end());
    const std::vector<std::string> valued{"procedure", "cccd", "name", "id", "phone", "email", "request", "at",
                                          "component", "device"};
    Args a = Args::parse(rest, valued);
    auto known = valued;
    known.insert(known.end(), {"scan", "help"});
    if (!a.error().empty() || !a.unknown(known).empty() || a.flag("help"))
        return usage(kText, a.flag("help"));
    auto st = station(ctx);
    if (!st)
        return reportWf(st.error());
    workflow::DossierDesk desk(**st, ctx.actor);
    if (sub == "procedures") {
        auto procs = desk.procedures();
        if (!procs)
            return reportWf(procs.error());
        for (const auto& p : *procs) {
            std::printf("%s  %s  (%d ngày làm việc / working days)\n", p.code.c_str(), p.name.c_str(), p.statutoryDays);
            for (const auto& c : p.components)
                std::printf("    %-10s %s — %s x%d%s\n", c.id.c_str(), c.name.c_str(), c.original ? "bản chính" : "bản sao",
                            c.count, c.required ? "" : " (không bắt buộc / optional)");
        }
        return ExitOk;
    }
    if (sub == "new") {
        if (!a.value("procedure"))
            return usage(kText, false);
        workflow::Applicant ap;
        if (auto q = a.value("cccd")) {
            auto parsed = workflow::parseCccdQr(*q);
            if (!parsed)
                return reportWf(parsed.error());
            ap = *parsed;
        }
        if (auto v = a.value("name"))
            ap.fullName = *v;
        if (auto v = a.value("id"))
            ap.idNumber = *v;
        ap.phone = a.value("phone").value_or("");
        ap.email = a.value("email").value_or("");
        std::optional<vntime::Instant> at;
        if (auto t = a.value("at")) {
            auto p = vntime::parseIso8601(*t);
            if (!p)
                return report(p.error());
            at = *p;
        }
        auto d = desk.create(*a.value("procedure"), ap, a.value("request").value_or(""), at);
        if (!d)
            return reportWf(d.error());
        std::printf("%s\n", d->code.c_str());
        std::fprintf(stderr, "Đã mở hồ sơ / Dossier opened: %s (%s)\n", d->code.c_str(), d->dir.c_str());
        return ExitOk;
    }
    if (a.positional().size() < 1)
        return usage(kText, false);
    const std::string code = a.positional()[0];
    if (sub == "add") {
        if (!a.value("component"))
            return usage(kText, false);
        workflow::IntakeSource src;
        if (a.flag("scan")) {
            src.kind = workflow::IntakeSource::Kind::Scanner;
            src.device = a.value("device").value_or("");
        } else {
            src.files.assign(a.positional().begin() + 1, a.positional().end());
            if (src.files.empty())
                return usage(kText, false);
        }
        auto d = desk.addComponent(code, *a.value("component"), src, printProgress);
        if (!d)
            return reportWf(d.error());
        std::printf("Đã thêm / Added %s to %s; người nộp / applicant: %s %s\n", a.value("component")->c_str(), code.c_str(),
                    d->applicant.fullName.c_str(), d->applicant.idNumber.c_str());
        return ExitOk;
    }
    if (sub == "check") {
        auto c = desk.check(code);
        if (!c)
            return reportWf(c.error());
        if (c->complete) {
            std::printf("Hồ sơ đủ thành phần / The dossier is complete\n");
            return ExitOk;
        }
        std::printf("Còn thiếu / Missing:\n");
        for (const auto& m : c->missing)
            std::printf("  %s — %s\n", m.id.c_str(), m.name.c_str());
        auto f = desk.requestToComplete(code);
        if (f)
            std::printf("Mẫu 02 / Form 02: %s\n", f->c_str());
        return ExitFailure;
    }
    if (sub == "receipt") {
        auto r = desk.receipt(code, printProgress);
        if (!r)
            return reportWf(r.error());
        std::printf("Giấy tiếp nhận (mẫu 01, đã ký) / Receipt (form 01, signed): %s\n", r->pdf.c_str());
        std::printf("  Nhận / Received:    %s\n  Hẹn trả / Appointment: %s\n",
                    vntime::toIso8601(r->dossier.receivedAt).c_str(), vntime::toIso8601(r->appointment).c_str());
        if (!r->printer.empty())
            std::printf("  In / Printed on %s: %s\n", r->printer.c_str(), r->printed ? "đã gửi / sent" : "LỖI / FAILED");
        if (r->outbox)
            std::printf("  Hàng đợi gửi / Outbox: #%lld\n", static_cast<long long>(r->outbox->id));
        return ExitOk;
    }
    return usage(kText, false);
}

} // namespace vanthu::cli
