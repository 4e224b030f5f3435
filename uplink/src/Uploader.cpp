#include "vanthu/uplink/Uploader.h"

#include "vanthu/core/Log.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

namespace vanthu::uplink {

namespace {

constexpr std::string_view kLog = "vanthu.uplink";
constexpr size_t kReceiptBatch = 16;

int64_t nowMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

int priorityOf(Urgency u)
{
    switch (u) {
    case Urgency::None: return 0;
    case Urgency::Khan: return 1;
    case Urgency::ThuongKhan: return 2;
    case Urgency::HoaToc: return 3;
    }
    return 0;
}

std::string codeNumberOf(const NumberSymbol& ns)
{
    std::string s = ns.format();
    const auto slash = s.rfind('/');
    return slash == std::string::npos ? s : s.substr(0, slash);
}

} // namespace

int64_t backoffDelayMs(int attempts, const RetryPolicy& p, std::mt19937_64& rng)
{
    const int n = std::max(1, attempts);
    // 2^(n-1) overflows nothing below the cap: stop doubling once past it.
    double d = static_cast<double>(p.baseDelayMs);
    for (int i = 1; i < n && d < static_cast<double>(p.maxDelayMs); ++i)
        d *= 2;
    d = std::min(d, static_cast<double>(p.maxDelayMs));
    const double j = std::clamp(p.jitter, 0.0, 1.0);
    std::uniform_real_distribution<double> share(0.0, j);
    return std::max<int64_t>(1, static_cast<int64_t>(std::llround(d * (1.0 - share(rng)))));
}

Uploader::Uploader(reg::Register& reg, Transport& transport, RetryPolicy policy)
    : m_reg(reg), m_transport(transport), m_policy(policy), m_rng(std::random_device{}())
{
}

Result<RunReport> Uploader::run(const RunOptions& o)
{
    RunReport report;
    // Receipts are committed in batches (one durable transaction for many packages). A receipt lost
    // in a crash is harmless: the key is sent again and the registry answers with the same receipt.
    std::vector<std::pair<int64_t, std::string>> acked;
    const auto flush = [&]() -> Status {
        auto s = m_reg.outboxSent(acked);
        acked.clear();
        return s;
    };
    const auto stop = [&] {
        return (o.cancel && o.cancel->load()) || (o.maxItems > 0 && report.attempted >= o.maxItems) ||
               (o.deadlineMs > 0 && nowMs() >= o.deadlineMs);
    };
    while (!stop()) {
        if (auto s = flush(); !s)
            return std::unexpected(s.error());
        auto due = m_reg.outboxDue(nowMs(), 64);
        if (!due)
            return std::unexpected(due.error());
        if (due->empty()) {
            if (!o.waitForBackoff)
                break;
            // Items that head their document's queue, whenever they are due. None: everything left
            // waits behind a dead letter (a clerk must retry it), so waiting would never end.
            auto heads = m_reg.outboxDue(INT64_MAX, 0);
            if (!heads)
                return std::unexpected(heads.error());
            if (heads->empty())
                break;
            // Sleep until the earliest of them is due (bounded so cancel is noticed).
            int64_t next = nowMs() + 1000;
            for (const auto& it : *heads)
                next = std::min(next, it.nextAttemptMs);
            std::this_thread::sleep_for(std::chrono::milliseconds(std::clamp<int64_t>(next - nowMs(), 1, 200)));
            continue;
        }
        for (const reg::OutboxItem& item : *due) {
            if (stop())
                break;
            ++report.attempted;
            // After a failed attempt the package may have arrived anyway (the answer was lost):
            // ask first instead of uploading it again.
            std::optional<Receipt> receipt;
            Error failure(Errc::Protocol);
            bool failed = false;
            if (item.attempts > 0) {
                auto known = m_transport.lookup(item.key);
                if (known && *known) {
                    receipt = **known;
                    receipt->duplicate = true;
                } else if (!known) {
                    failure = known.error();
                    failed = true;
                }
            }
            if (!receipt && !failed) {
                auto pkg = m_reg.outboxPackage(item.id);
                if (!pkg)
                    return std::unexpected(pkg.error());
                auto r = m_transport.submit(item.key, item.documentId, *pkg);
                if (r)
                    receipt = *r;
                else {
                    failure = r.error();
                    failed = true;
                }
            }
            if (receipt) {
                acked.emplace_back(item.id, receipt->id);
                if (acked.size() >= kReceiptBatch)
                    if (auto s = flush(); !s)
                        return std::unexpected(s.error());
                ++report.sent;
                if (receipt->duplicate)
                    ++report.duplicates;
                continue;
            }
            if (auto s = flush(); !s)
                return std::unexpected(s.error());
            if (stopsRun(failure)) {
                // Not the item's fault: nothing will get through until an operator fixes trust or
                // configuration, so the attempt is not counted against the item.
                log::error(kLog, "uploads stopped: " + failure.toString());
                report.stoppedBy = failure;
                return report;
            }
            const int attempts = item.attempts + 1;
            const bool dead = !isTransient(failure) || attempts >= m_policy.maxAttempts;
            const int64_t next = nowMs() + backoffDelayMs(attempts, m_policy, m_rng);
            if (auto s = m_reg.outboxFailed(item.id, failure.toString(), next, dead); !s)
                return std::unexpected(s.error());
            log::warning(kLog, "outbox " + std::to_string(item.id) + " attempt " + std::to_string(attempts) +
                                   (dead ? " failed for good (dead-letter): " : " failed, will retry: ") +
                                   failure.toString());
            if (dead)
                ++report.dead;
            else
                ++report.failed;
            // Later items of the same document now wait behind this one; the next query skips them.
            break;
        }
    }
    if (auto s = flush(); !s)
        return std::unexpected(s.error());
    return report;
}

Result<int> Uploader::pullStatuses(const std::vector<std::string>& trustedCerts)
{
    // Without a trusted certificate nothing could be verified, and an unverified status must not
    // change the register.
    if (trustedCerts.empty())
        return fail(Errc::ConfigError, "no trusted certificate ([uplink] trusted_cert): status messages cannot be verified");
    auto messages = m_transport.fetchStatuses();
    if (!messages)
        return std::unexpected(messages.error());
    int applied = 0;
    for (const auto& m : *messages) {
        auto parsed = parsePackage(m.package, trustedCerts);
        if (!parsed || !parsed->isStatus) {
            log::error(kLog, "status message " + m.id + " refused: " +
                                 (parsed ? std::string("not a status package") : parsed.error().toString()));
            continue;
        }
        reg::ExchangeStatus st;
        st.messageId = m.id;
        st.documentId = parsed->status.responseFor.documentId;
        st.code = parsed->status.statusCode;
        st.description = parsed->status.description;
        st.fromOrgan = parsed->status.from.organId;
        st.statusTime = parsed->status.timestamp;
        auto r = m_reg.applyExchangeStatus(st, "uplink");
        if (!r)
            return std::unexpected(r.error());
        if (*r)
            ++applied;
        // Acknowledge only after the register committed it: a crash in between re-delivers the
        // message, which applyExchangeStatus ignores by its id.
        if (auto s = m_transport.acknowledge(m.id); !s)
            return std::unexpected(s.error());
    }
    return applied;
}

DocumentPackage packageFor(const reg::OutgoingRecord& r, const Organization& from, const std::vector<Organization>& to,
                           std::vector<Attachment> attachments)
{
    DocumentPackage p;
    p.from = from;
    p.to = to;
    p.codeNumber = codeNumberOf(r.meta.numberSymbol);
    p.codeNotation = r.meta.numberSymbol.symbol;
    p.place = r.meta.place;
    p.promulgationDate = r.meta.issuedDate.value_or(vntime::localDate(r.issuedAt));
    p.documentId = documentIdFor(from.organId, p.promulgationDate, p.codeNumber, p.codeNotation);
    p.typeName = r.meta.type ? std::string(r.meta.type->name) : std::string("Công văn");
    p.type = r.meta.numberSymbol.year ? 2 : 1;
    p.subject = r.meta.subject;
    p.signerCompetence = r.meta.signer.authority;
    p.signerPosition = r.meta.signer.position;
    p.signerFullName = r.meta.signer.fullName;
    p.priority = priorityOf(r.meta.urgency);
    p.promulgationAmount = r.copies;
    p.pageAmount = r.meta.pageCount;
    p.toPlaces = r.recipients;
    p.secrecy = r.meta.secrecy;
    p.attachments = std::move(attachments);
    return p;
}

Result<reg::OutgoingRecord> issueAndSend(reg::Register& reg, const reg::OutgoingRequest& request,
                                         const std::vector<Organization>& to, const std::vector<Attachment>& attachments,
                                         const Sender& sender)
{
    return reg.issueOutgoingAndEnqueue(request, [&](const reg::OutgoingRecord& record) -> Result<reg::OutboxEntry> {
        DocumentPackage p = packageFor(record, sender.organization, to, attachments);
        auto xml = buildDocumentPackage(p, sender.key);
        if (!xml)
            return std::unexpected(xml.error());
        reg::OutboxEntry e;
        e.documentId = p.documentId;
        e.kind = reg::OutboxKind::Document;
        e.businessType = static_cast<int>(BusinessDocType::New);
        e.version = 1;
        e.secrecy = record.meta.secrecy;
        e.package = std::move(*xml);
        e.actor = request.actor;
        return e;
    });
}

Result<reg::OutboxItem> sendFollowUp(reg::Register& reg, const reg::OutgoingRecord& record, BusinessDocType business,
                                     int version, const std::string& reason, const std::vector<Organization>& to,
                                     const std::vector<Attachment>& attachments, const Sender& sender)
{
    DocumentPackage p = packageFor(record, sender.organization, to, attachments);
    if (isSecret(record.meta.secrecy)) {
        // No package is built; the register refuses the entry and audits the refusal.
        reg::OutboxEntry e;
        e.documentId = p.documentId;
        e.secrecy = record.meta.secrecy;
        e.businessType = static_cast<int>(business);
        e.version = version;
        e.actor = sender.actor;
        e.outgoingId = record.id;
        return reg.enqueue(e);
    }
    p.business = business;
    p.businessReason = reason;
    if (business == BusinessDocType::Replace)
        p.replaces = {p.documentId};
    auto xml = buildDocumentPackage(p, sender.key);
    if (!xml)
        return std::unexpected(xml.error());
    reg::OutboxEntry e;
    e.documentId = p.documentId;
    e.kind = reg::OutboxKind::Document;
    e.businessType = static_cast<int>(business);
    e.version = version;
    e.package = std::move(*xml);
    e.actor = sender.actor;
    e.outgoingId = record.id;
    return reg.enqueue(e);
}

Result<reg::IncomingRecord> registerAndReply(reg::Register& reg, const reg::IncomingRequest& request,
                                             const DocumentPackage& received, const Sender& sender, StatusEvent event)
{
    return reg.registerIncomingAndEnqueue(request, [&](const reg::IncomingRecord& record) -> Result<reg::OutboxEntry> {
        StatusPackage s;
        s.from = sender.organization;
        s.responseFor.organId = received.from.organId;
        s.responseFor.code = received.codeNumber + "/" + received.codeNotation;
        s.responseFor.promulgationDate = received.promulgationDate;
        s.responseFor.documentId = received.documentId;
        s.staff = sender.actor;
        s.statusCode = sender.codes.code(event);
        s.description = "Số đến " + std::to_string(record.arrivalNumber);
        s.timestamp = vntime::now();
        auto xml = buildStatusPackage(s, sender.key);
        if (!xml)
            return std::unexpected(xml.error());
        reg::OutboxEntry e;
        e.documentId = received.documentId;
        e.kind = reg::OutboxKind::Status;
        e.businessType = std::stoi(s.statusCode);
        e.version = 1;
        e.secrecy = record.meta.secrecy;
        e.package = std::move(*xml);
        e.actor = request.actor;
        return e;
    });
}

} // namespace vanthu::uplink
