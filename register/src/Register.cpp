#include "vanthu/register/Register.h"

#include "Schema_p.h"
#include "Sqlite_p.h"

#include "vanthu/core/Hash.h"
#include "vanthu/core/Log.h"
#include "vanthu/core/VnText.h"

#include <argon2.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <sstream>

namespace vanthu::reg {

static_assert(Register::kSchemaVersion == 4, "add a migration in Schema.cpp when the schema changes");

using namespace std::chrono;
using sql::Stmt;

// ---------------------------------------------------------------------------------------------
// Names of enum values as stored in the database.

std::string_view toString(IncomingBook b) { return b == IncomingBook::Secret ? "secret" : "regular"; }
std::string_view toString(Channel c) { return c == Channel::Electronic ? "electronic" : "paper"; }

std::string_view toString(RecordStatus s)
{
    switch (s) {
    case RecordStatus::Registered: return "registered";
    case RecordStatus::Cancelled: return "cancelled";
    case RecordStatus::RecallRequested: return "recall_requested";
    }
    return "registered";
}

std::string_view toString(Role r)
{
    switch (r) {
    case Role::VanThu: return "van-thu";
    case Role::LanhDao: return "lanh-dao";
    case Role::ChuyenVien: return "chuyen-vien";
    case Role::QuanTri: return "quan-tri";
    case Role::MotCua: return "mot-cua";
    case Role::LuuTru: return "luu-tru";
    }
    return "van-thu";
}

std::optional<Role> parseRole(std::string_view s)
{
    std::string k = text::searchKey(s);
    for (auto& c : k)
        if (c == ' ' || c == '_')
            c = '-';
    for (Role r : {Role::VanThu, Role::LanhDao, Role::ChuyenVien, Role::QuanTri, Role::MotCua, Role::LuuTru})
        if (k == toString(r))
            return r;
    if (k == "admin")
        return Role::QuanTri;
    return std::nullopt;
}

std::string seriesFor(const DocumentMeta& meta, const NumberingConfig& numbering)
{
    if (meta.type && meta.type->isCopy)
        return "copies";
    if (isSecret(meta.secrecy))
        return "secret";
    if (numbering.perTypeSeries) {
        const std::string abbr = meta.type ? std::string(meta.type->abbreviation) : meta.numberSymbol.typeAbbreviation();
        return "type:" + (abbr.empty() ? std::string("CV") : abbr);
    }
    return "general";
}

namespace {

constexpr std::string_view kLog = "vanthu.register";

constexpr std::string_view kGenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

std::string joinLines(const std::vector<std::string>& v)
{
    std::string s;
    for (const auto& x : v) {
        if (!s.empty())
            s += '\n';
        s += text::nfc(x);
    }
    return s;
}

std::vector<std::string> splitLines(const std::string& s)
{
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string line; std::getline(in, line);)
        out.push_back(line);
    return out;
}

std::optional<std::string> isoOpt(const std::optional<Instant>& t)
{
    return t ? std::optional<std::string>(vntime::toIso8601(*t)) : std::nullopt;
}

Instant parseStoredTime(const std::string& s)
{
    auto t = vntime::parseIso8601(s);
    return t ? *t : Instant{};
}

std::optional<Instant> parseStoredTime(const std::optional<std::string>& s)
{
    if (!s)
        return std::nullopt;
    return parseStoredTime(*s);
}

// The audit hash covers every field, each length-prefixed so no two entries serialise alike.
std::string auditHash(int64_t seq, std::string_view at, std::string_view actor, std::string_view action,
                      std::string_view subject, std::string_view detail, std::string_view prevHash)
{
    std::string buf;
    for (std::string_view f : {std::string_view(std::to_string(seq)), at, actor, action, subject, detail, prevHash}) {
        buf += std::to_string(f.size());
        buf += ':';
        buf += f;
        buf += '\n';
    }
    return hash::sha256Hex(buf);
}

// Appends one audit entry; the caller holds the write transaction.
Status appendAudit(sqlite3* db, std::string_view actor, std::string_view action, std::string_view subject,
                   std::string_view detail)
{
    auto last = Stmt::prepare(db, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
    if (!last)
        return std::unexpected(last.error());
    auto row = last->step();
    if (!row)
        return std::unexpected(row.error());
    const int64_t seq = *row ? last->int64(0) + 1 : 1;
    const std::string prev = *row ? last->text(1) : std::string(kGenesisHash);
    const std::string at = vntime::toIso8601(vntime::now());
    const std::string a = text::nfc(actor), ac = text::nfc(action), s = text::nfc(subject), dt = text::nfc(detail);
    auto ins = Stmt::prepare(db, "INSERT INTO audit (seq, at, actor, action, subject, detail, prev_hash, hash) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!ins)
        return std::unexpected(ins.error());
    ins->bind(1, seq).bind(2, at).bind(3, a).bind(4, ac).bind(5, s).bind(6, dt).bind(7, prev);
    ins->bind(8, auditHash(seq, at, a, ac, s, dt, prev));
    return ins->run();
}

// Common columns of a document's face, in this order, in both books.
constexpr std::string_view kMetaColumns =
    "number, number_year, symbol, issued_date, place, issuer_parent, issuer, type_name, subject, urgency, "
    "secrecy, signer_authority, signer_position, signer_name, recipients, page_count";
constexpr int kMetaColumnCount = 16;

// Binds the kMetaColumns starting at parameter `first`.
void bindMeta(Stmt& st, int first, const DocumentMeta& m)
{
    int i = first;
    st.bind(i++, m.numberSymbol.number);
    st.bind(i++, m.numberSymbol.year);
    st.bind(i++, text::nfc(m.numberSymbol.symbol));
    st.bind(i++, m.issuedDate ? std::optional<std::string>(vntime::toIsoDate(*m.issuedDate)) : std::nullopt);
    st.bind(i++, text::nfc(m.place));
    st.bind(i++, text::nfc(m.issuerParent));
    st.bind(i++, text::nfc(m.issuer));
    st.bind(i++, m.type ? std::optional<std::string>(std::string(m.type->name)) : std::nullopt);
    st.bind(i++, text::nfc(text::simplifySpaces(m.subject)));
    st.bind(i++, toString(m.urgency));
    st.bind(i++, toString(m.secrecy));
    st.bind(i++, text::nfc(m.signer.authority));
    st.bind(i++, text::nfc(m.signer.position));
    st.bind(i++, text::nfc(m.signer.fullName));
    st.bind(i++, joinLines(m.recipients));
    st.bind(i++, m.pageCount);
}

DocumentMeta readMeta(const Stmt& st, int first)
{
    DocumentMeta m;
    int i = first;
    m.numberSymbol.number = st.optInt(i++);
    m.numberSymbol.year = st.optInt(i++);
    m.numberSymbol.symbol = st.text(i++);
    if (auto d = st.optText(i++)) {
        if (auto date = vntime::parseIsoDate(*d))
            m.issuedDate = *date;
    }
    m.place = st.text(i++);
    m.issuerParent = st.text(i++);
    m.issuer = st.text(i++);
    if (auto t = st.optText(i++))
        m.type = doctype::byName(*t);
    m.subject = st.text(i++);
    m.urgency = parseUrgency(st.text(i++)).value_or(Urgency::None);
    m.secrecy = parseSecrecy(st.text(i++)).value_or(Secrecy::None);
    m.signer.authority = st.text(i++);
    m.signer.position = st.text(i++);
    m.signer.fullName = st.text(i++);
    m.recipients = splitLines(st.text(i++));
    m.pageCount = st.integer(i++);
    return m;
}

std::string searchText(const DocumentMeta& m, std::string_view numberSymbol)
{
    return text::searchKey(std::string(numberSymbol) + ' ' + m.issuerParent + ' ' + m.issuer + ' ' +
                           (m.type ? std::string(m.type->name) : std::string()) + ' ' + m.subject);
}

// Same (số, ký hiệu, issuer) after folding; empty when the number is blank (nothing to match on).
std::string duplicateKey(const DocumentMeta& m)
{
    if (!m.numberSymbol.number || m.numberSymbol.symbol.empty() || m.issuer.empty())
        return {};
    return text::searchKey(m.numberSymbol.format()) + '|' + text::searchKey(m.issuer);
}

// The recall of a record, as four columns after the meta columns (correlated subqueries, so the
// WHERE clauses appended to the selects keep naming the book's own columns).
std::string recallColumns(std::string_view table)
{
    std::string r;
    for (const char* c : {"at", "reason", "source", "actor"})
        r += std::string(", (SELECT ") + c + " FROM recall WHERE recall." + std::string(table) + "_id = " +
             std::string(table) + ".id)";
    return r;
}

std::optional<RecallInfo> readRecall(const Stmt& st, int first)
{
    auto at = st.optText(first);
    if (!at)
        return std::nullopt;
    return RecallInfo{parseStoredTime(*at), st.text(first + 1), st.text(first + 2), st.text(first + 3)};
}

const std::string kIncomingSelect = "SELECT id, book, year, arrival_number, arrival_time, received_at, channel, "
                                    "intake_key, document_id, recipient_unit, handed_over_at, due_at, note, status, "
                                    "created_by, " +
                                    std::string(kMetaColumns) + recallColumns("incoming") + " FROM incoming";

IncomingRecord readIncoming(const Stmt& st)
{
    IncomingRecord r;
    r.id = st.int64(0);
    r.book = st.text(1) == "secret" ? IncomingBook::Secret : IncomingBook::Regular;
    r.year = st.integer(2);
    r.arrivalNumber = st.integer(3);
    r.arrivalTime = parseStoredTime(st.text(4));
    r.receivedAt = parseStoredTime(st.text(5));
    r.channel = st.text(6) == "electronic" ? Channel::Electronic : Channel::Paper;
    r.intakeKey = st.text(7);
    r.documentId = st.optText(8).value_or("");
    r.recipientUnit = st.text(9);
    r.handedOverAt = parseStoredTime(st.optText(10));
    r.dueAt = parseStoredTime(st.optText(11));
    r.note = st.text(12);
    r.status = st.text(13) == "cancelled" ? RecordStatus::Cancelled : RecordStatus::Registered;
    r.createdBy = st.text(14);
    r.meta = readMeta(st, 15);
    r.recall = readRecall(st, 15 + kMetaColumnCount);
    return r;
}

const std::string kOutgoingSelect = "SELECT id, series, year, number, issued_at, retained_by, copies, intake_key, "
                                    "response_for, note, status, created_by, " +
                                    std::string(kMetaColumns) + recallColumns("outgoing") + " FROM outgoing";

OutgoingRecord readOutgoing(const Stmt& st)
{
    OutgoingRecord r;
    r.id = st.int64(0);
    r.series = st.text(1);
    r.year = st.integer(2);
    r.number = st.integer(3);
    r.issuedAt = parseStoredTime(st.text(4));
    r.retainedBy = st.text(5);
    r.copies = st.integer(6);
    r.intakeKey = st.text(7);
    r.responseFor = st.text(8);
    r.note = st.text(9);
    r.status = st.text(10) == "cancelled" ? RecordStatus::Cancelled : RecordStatus::Registered;   // see loadRecallRequest
    r.createdBy = st.text(11);
    r.meta = readMeta(st, 12);
    r.recipients = r.meta.recipients;
    r.recall = readRecall(st, 12 + kMetaColumnCount);
    return r;
}

// The per-agency tracking states of an outgoing record, by organ.
Status loadTracking(sqlite3* db, OutgoingRecord& r)
{
    auto st = Stmt::prepare(db, "SELECT organ, code, status_time, message_id FROM outgoing_tracking "
                                "WHERE outgoing_id = ? ORDER BY organ");
    if (!st)
        return std::unexpected(st.error());
    st->bind(1, r.id);
    r.tracking.clear();
    for (;;) {
        auto row = st->step();
        if (!row)
            return std::unexpected(row.error());
        if (!*row)
            return {};
        r.tracking.push_back(TrackingState{st->text(0), st->text(1), parseStoredTime(st->text(2)), st->text(3)});
    }
}

std::string_view toString(RecallRequestInfo::State s)
{
    switch (s) {
    case RecallRequestInfo::State::Pending: return "pending";
    case RecallRequestInfo::State::Agreed: return "agreed";
    case RecallRequestInfo::State::Refused: return "refused";
    }
    return "pending";
}

// The latest recall we asked for; a pending one makes the record RecallRequested (frozen).
Status loadRecallRequest(sqlite3* db, OutgoingRecord& r)
{
    auto st = Stmt::prepare(db, "SELECT version, state, requested_at, reason, actor, outbox_id, answered_at, "
                                "answer_source FROM outgoing_recall_request WHERE outgoing_id = ? ORDER BY id DESC LIMIT 1");
    if (!st)
        return std::unexpected(st.error());
    st->bind(1, r.id);
    auto row = st->step();
    if (!row)
        return std::unexpected(row.error());
    r.recallRequest.reset();
    if (!*row)
        return {};
    RecallRequestInfo q;
    q.version = st->integer(0);
    const std::string state = st->text(1);
    q.state = state == "agreed" ? RecallRequestInfo::State::Agreed
              : state == "refused" ? RecallRequestInfo::State::Refused
                                   : RecallRequestInfo::State::Pending;
    q.requestedAt = parseStoredTime(st->text(2));
    q.reason = st->text(3);
    q.actor = st->text(4);
    if (!st->isNull(5))
        q.outboxId = st->int64(5);
    q.answeredAt = parseStoredTime(st->optText(6));
    q.answerSource = st->text(7);
    if (q.state == RecallRequestInfo::State::Pending && r.status != RecordStatus::Cancelled)
        r.status = RecordStatus::RecallRequested;
    r.recallRequest = std::move(q);
    return {};
}

// What may still happen to an outgoing record, read inside the caller's transaction.
enum class OutgoingState { Issued, Frozen, Cancelled };

Result<OutgoingState> outgoingState(sqlite3* db, int64_t id)
{
    auto st = Stmt::prepare(db, "SELECT status, EXISTS (SELECT 1 FROM outgoing_recall_request q WHERE "
                                "q.outgoing_id = outgoing.id AND q.state = 'pending') FROM outgoing WHERE id = ?");
    if (!st)
        return std::unexpected(st.error());
    st->bind(1, id);
    auto row = st->step();
    if (!row)
        return std::unexpected(row.error());
    if (!*row)
        return fail(Errc::NotFound, "no outgoing document with id " + std::to_string(id));
    if (st->text(0) == "cancelled")
        return OutgoingState::Cancelled;
    return st->integer(1) ? OutgoingState::Frozen : OutgoingState::Issued;
}

// The refusal for a record a recall froze or cancelled, or nothing.
Status requireSendable(sqlite3* db, int64_t id, std::string_view what)
{
    auto state = outgoingState(db, id);
    if (!state)
        return std::unexpected(state.error());
    if (*state == OutgoingState::Frozen)
        return fail(Errc::RecallPending, "outgoing " + std::to_string(id) + " is frozen by a pending recall: " +
                                             std::string(what) + " refused until the recipients answer");
    if (*state == OutgoingState::Cancelled)
        return fail(Errc::AlreadyRecalled, "outgoing " + std::to_string(id) + " was recalled: " + std::string(what) +
                                               " refused");
    return {};
}

// The version the next recall package of a record gets: after every earlier request and every recall
// package already queued for it.
Result<int> nextRecallVersion(sqlite3* db, int64_t id)
{
    auto st = Stmt::prepare(db, "SELECT COALESCE(MAX(v), 0) + 1 FROM (SELECT version AS v FROM outgoing_recall_request "
                                "WHERE outgoing_id = ?1 UNION ALL SELECT version FROM outbox WHERE outgoing_id = ?1 "
                                "AND kind = 'document' AND business_type = 1)");
    if (!st)
        return std::unexpected(st.error());
    st->bind(1, id);
    if (auto r = st->step(); !r)
        return std::unexpected(r.error());
    return st->integer(0);
}

std::string outgoingSubject(sqlite3* db, int64_t id);

// Freezes a record for a recall (the caller holds the transaction and has checked it is issued):
// the pending request row and the "outgoing.recall" audit entry. Returns the request's row id.
Result<int64_t> freezeForRecall(sqlite3* db, int64_t id, int version, const std::string& reason,
                                const std::string& actor, Instant at)
{
    auto ins = Stmt::prepare(db, "INSERT INTO outgoing_recall_request (outgoing_id, version, requested_at, reason, actor) "
                                 "VALUES (?,?,?,?,?)");
    if (!ins)
        return std::unexpected(ins.error());
    ins->bind(1, id).bind(2, version).bind(3, vntime::toIso8601(at == Instant{} ? vntime::now() : at));
    ins->bind(4, text::nfc(reason)).bind(5, text::nfc(actor));
    if (auto s = ins->run(); !s)
        return std::unexpected(s.error());
    const int64_t row = sqlite3_last_insert_rowid(db);
    if (auto s = appendAudit(db, actor, "outgoing.recall", outgoingSubject(db, id),
                             "reason=" + text::nfc(reason) + " version=" + std::to_string(version));
        !s)
        return std::unexpected(s.error());
    return row;
}

Status linkRecallPackage(sqlite3* db, int64_t requestRow, int64_t outboxId)
{
    auto up = Stmt::prepare(db, "UPDATE outgoing_recall_request SET outbox_id = ? WHERE id = ?");
    if (!up)
        return std::unexpected(up.error());
    up->bind(1, outboxId).bind(2, requestRow);
    return up->run();
}

// Ends the pending request of a record with the recipients' answer; false when none was pending.
Result<bool> answerRecallRequest(sqlite3* db, int64_t id, RecallRequestInfo::State answer, Instant at,
                                 const std::string& source)
{
    auto up = Stmt::prepare(db, "UPDATE outgoing_recall_request SET state = ?, answered_at = ?, answer_source = ? "
                                "WHERE outgoing_id = ? AND state = 'pending'");
    if (!up)
        return std::unexpected(up.error());
    up->bind(1, toString(answer)).bind(2, vntime::toIso8601(at == Instant{} ? vntime::now() : at)).bind(3, source);
    up->bind(4, id);
    if (auto s = up->run(); !s)
        return std::unexpected(s.error());
    return sqlite3_changes(db) > 0;
}

std::string outgoingSubject(sqlite3* db, int64_t id)
{
    auto st = Stmt::prepare(db, "SELECT series, year, number FROM outgoing WHERE id = ?");
    if (!st)
        return "outgoing:#" + std::to_string(id);
    st->bind(1, id);
    auto row = st->step();
    if (!row || !*row)
        return "outgoing:#" + std::to_string(id);
    return "outgoing:" + st->text(0) + "/" + std::to_string(st->integer(1)) + "/" + std::to_string(st->integer(2));
}

// Marks a record of `table` cancelled and records the recall, inside the caller's transaction.
// false when it was cancelled already (nothing written).
Result<bool> writeRecall(sqlite3* db, std::string_view table, int64_t id, const RecallRequest& rq,
                         std::string_view action, const std::string& subject)
{
    auto upd = Stmt::prepare(db, "UPDATE " + std::string(table) +
                                     " SET status = 'cancelled' WHERE id = ? AND status <> 'cancelled'");
    if (!upd)
        return std::unexpected(upd.error());
    upd->bind(1, id);
    if (auto s = upd->run(); !s)
        return std::unexpected(s.error());
    if (sqlite3_changes(db) == 0)
        return false;
    const Instant at = rq.at == Instant{} ? vntime::now() : rq.at;
    auto ins = Stmt::prepare(db, "INSERT INTO recall (" + std::string(table) +
                                     "_id, at, reason, source, actor) VALUES (?,?,?,?,?)");
    if (!ins)
        return std::unexpected(ins.error());
    ins->bind(1, id).bind(2, vntime::toIso8601(at)).bind(3, text::nfc(rq.reason)).bind(4, rq.source);
    ins->bind(5, text::nfc(rq.actor));
    if (auto s = ins->run(); !s)
        return std::unexpected(s.error());
    if (auto s = appendAudit(db, rq.actor, action, subject, "reason=" + text::nfc(rq.reason) + " source=" + rq.source); !s)
        return std::unexpected(s.error());
    return true;
}

// Filters shared by both list queries. Appends to `where` and returns the bound values in order.
struct Where {
    std::string sql;
    std::vector<std::string> params;
    void add(const std::string& clause, std::string value)
    {
        sql += sql.empty() ? " WHERE " : " AND ";
        sql += clause;
        params.push_back(std::move(value));
    }
};

Where commonWhere(const ListFilter& f, std::string_view dateColumn)
{
    Where w;
    if (f.year)
        w.add("year = CAST(? AS INTEGER)", std::to_string(*f.year));
    if (f.from)
        w.add(std::string(dateColumn) + " >= ?", vntime::toIsoDate(*f.from));
    if (f.to)
        w.add(std::string(dateColumn) + " <= ?", vntime::toIsoDate(*f.to));
    if (!f.search.empty())
        w.add("search_key LIKE ? ESCAPE '\\'", [&] {
            std::string k = "%";
            for (char c : text::searchKey(f.search)) {
                if (c == '%' || c == '_' || c == '\\')
                    k += '\\';
                k += c;
            }
            return k + "%";
        }());
    return w;
}

bool validUsername(std::string_view u)
{
    if (u.size() < 2 || u.size() > 32)
        return false;
    for (char c : u)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
            return false;
    return true;
}

// Argon2id, RFC 9106 second recommended option (64 MiB, 3 passes), 16-byte salt, 32-byte tag.
constexpr uint32_t kArgonTime = 3, kArgonMemoryKiB = 64 * 1024, kArgonLanes = 1;

Result<std::string> hashPassword(const std::string& password)
{
    std::string saltHex = hash::randomHex(16);
    unsigned char salt[16];
    for (size_t i = 0; i < 16; ++i)
        salt[i] = static_cast<unsigned char>(std::stoi(saltHex.substr(2 * i, 2), nullptr, 16));
    const size_t len = argon2_encodedlen(kArgonTime, kArgonMemoryKiB, kArgonLanes, 16, 32, Argon2_id);
    std::string encoded(len, '\0');
    const int rc = argon2id_hash_encoded(kArgonTime, kArgonMemoryKiB, kArgonLanes, password.data(), password.size(),
                                         salt, sizeof salt, 32, encoded.data(), len);
    if (rc != ARGON2_OK)
        return fail(Errc::Sqlite, std::string("argon2: ") + argon2_error_message(rc));
    encoded.resize(std::char_traits<char>::length(encoded.c_str()));
    return encoded;
}

bool verifyPassword(const std::string& encoded, const std::string& password)
{
    return argon2id_verify(encoded.c_str(), password.data(), password.size()) == ARGON2_OK;
}

// fsync a directory so a rename in it survives a power cut.
void syncDir(const std::filesystem::path& dir)
{
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

void syncFile(const std::string& path)
{
    const int fd = ::open(path.c_str(), O_RDONLY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

Result<sql::DbPtr> openDb(const std::string& path, int flags, int busyTimeoutMs)
{
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    sql::DbPtr db(raw);
    if (rc != SQLITE_OK)
        return fail(Errc::OpenFailed, path + ": " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
    sqlite3_busy_timeout(db.get(), busyTimeoutMs);
    sqlite3_extended_result_codes(db.get(), 1);
    return db;
}

// Copies every page of `from` into `to` in one step (one write transaction on `to`).
Status copyDatabase(sqlite3* from, sqlite3* to, Errc errc)
{
    sqlite3_backup* b = sqlite3_backup_init(to, "main", from, "main");
    if (!b)
        return fail(errc, sqlite3_errmsg(to));
    int rc;
    int attempts = 0;
    while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED) {
        if (++attempts > 300)
            break;
        sqlite3_sleep(50);
    }
    const int finish = sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE || finish != SQLITE_OK)
        return fail(errc, std::string("backup step: ") + sqlite3_errstr(rc != SQLITE_DONE ? rc : finish));
    return {};
}

// ---------------------------------------------------------------------------------------------
// Outbox helpers (issue #6); the caller holds the write transaction unless said otherwise.

int64_t nowMs()
{
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// Refuses a secret document: the audit entry is committed on its own, nothing else is written.
std::unexpected<Error> refuseSecret(sqlite3* db, std::string_view actor, const std::string& subject)
{
    log::warning(kLog, "refused to enqueue a secret document (" + subject + ")");
    if (auto tx = sql::Transaction::begin(db)) {
        if (appendAudit(db, actor.empty() ? "system" : actor, "outbox.refused", subject,
                        "secret document: never leaves the station"))
            tx->commit();
    }
    return fail(Errc::SecretRefused, "a secret document (Mật, Tối mật, Tuyệt mật) cannot be sent: " + subject);
}

// Inserts an outbox row, or finds the existing one with the same key. Returns (id, created).
Result<std::pair<int64_t, bool>> insertOutbox(sqlite3* db, const OutboxEntry& e)
{
    if (isSecret(e.secrecy))
        return fail(Errc::SecretRefused, "a secret document cannot enter the outbox");
    if (e.documentId.empty() || e.package.empty() || e.version < 1 || e.actor.empty())
        return fail(Errc::InvalidInput, "an outbox entry needs a DocumentId, a package, a version >= 1 and an actor");
    const std::string key = e.key();
    auto existing = Stmt::prepare(db, "SELECT id FROM outbox WHERE idem_key = ?");
    if (!existing)
        return std::unexpected(existing.error());
    existing->bind(1, key);
    auto found = existing->step();
    if (!found)
        return std::unexpected(found.error());
    if (*found)
        return std::pair<int64_t, bool>{existing->int64(0), false};
    // A record named by the entry must not be secret either, whatever the caller said.
    for (const auto& [table, rid] : {std::pair<std::string_view, std::optional<int64_t>>{"outgoing", e.outgoingId},
                                     {"incoming", e.incomingId}}) {
        if (!rid)
            continue;
        auto sec = Stmt::prepare(db, "SELECT secrecy FROM " + std::string(table) + " WHERE id = ?");
        if (!sec)
            return std::unexpected(sec.error());
        sec->bind(1, *rid);
        auto row = sec->step();
        if (!row)
            return std::unexpected(row.error());
        if (!*row)
            return fail(Errc::NotFound, "no " + std::string(table) + " record " + std::to_string(*rid));
        if (isSecret(parseSecrecy(sec->text(0)).value_or(Secrecy::None)))
            return fail(Errc::SecretRefused, std::string(table) + " record " + std::to_string(*rid) + " is secret");
    }
    auto ins = Stmt::prepare(db, "INSERT INTO outbox (idem_key, document_id, kind, business_type, version, outgoing_id, "
                                 "incoming_id, package_sha256, package_size, next_attempt_ms, created_at, created_by) "
                                 "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!ins)
        return std::unexpected(ins.error());
    ins->bind(1, key).bind(2, text::nfc(e.documentId)).bind(3, toString(e.kind)).bind(4, e.businessType);
    ins->bind(5, e.version);
    if (e.outgoingId)
        ins->bind(6, *e.outgoingId);
    else
        ins->bindNull(6);
    if (e.incomingId)
        ins->bind(7, *e.incomingId);
    else
        ins->bindNull(7);
    ins->bind(8, hash::sha256Hex(e.package)).bind(9, static_cast<int64_t>(e.package.size()));
    ins->bind(10, nowMs()).bind(11, vntime::toIso8601(vntime::now())).bind(12, text::nfc(e.actor));
    if (auto s = ins->run(); !s)
        return std::unexpected(s.error());
    const int64_t id = sqlite3_last_insert_rowid(db);
    auto pkg = Stmt::prepare(db, "INSERT INTO outbox_package (outbox_id, package) VALUES (?, ?)");
    if (!pkg)
        return std::unexpected(pkg.error());
    pkg->bind(1, id).bind(2, e.package);
    if (auto s = pkg->run(); !s)
        return std::unexpected(s.error());
    if (auto s = appendAudit(db, e.actor, "outbox.enqueue", "outbox:" + std::to_string(id), key); !s)
        return std::unexpected(s.error());
    return std::pair<int64_t, bool>{id, true};
}

constexpr std::string_view kOutboxSelect =
    "SELECT id, idem_key, document_id, kind, business_type, version, outgoing_id, incoming_id, package_sha256, "
    "package_size, state, attempts, next_attempt_ms, last_error, created_at, sent_at, receipt FROM outbox";

OutboxItem readOutbox(const Stmt& st)
{
    OutboxItem o;
    o.id = st.int64(0);
    o.key = st.text(1);
    o.documentId = st.text(2);
    o.kind = st.text(3) == "status" ? OutboxKind::Status : OutboxKind::Document;
    o.businessType = st.integer(4);
    o.version = st.integer(5);
    if (!st.isNull(6))
        o.outgoingId = st.int64(6);
    if (!st.isNull(7))
        o.incomingId = st.int64(7);
    o.packageSha256 = st.text(8);
    o.packageSize = st.int64(9);
    o.state = parseOutboxState(st.text(10)).value_or(OutboxState::Pending);
    o.attempts = st.integer(11);
    o.nextAttemptMs = st.int64(12);
    o.lastError = st.text(13);
    o.createdAt = parseStoredTime(st.text(14));
    o.sentAt = parseStoredTime(st.optText(15));
    o.receipt = st.text(16);
    return o;
}

Result<std::vector<OutboxItem>> readOutboxRows(Stmt& st)
{
    std::vector<OutboxItem> out;
    for (;;) {
        auto row = st.step();
        if (!row)
            return std::unexpected(row.error());
        if (!*row)
            return out;
        out.push_back(readOutbox(st));
    }
}

} // namespace

// ---------------------------------------------------------------------------------------------

std::string_view toString(OutboxKind k) { return k == OutboxKind::Status ? "status" : "document"; }

std::string_view toString(OutboxState s)
{
    switch (s) {
    case OutboxState::Pending: return "pending";
    case OutboxState::Sent: return "sent";
    case OutboxState::Dead: return "dead";
    }
    return "pending";
}

std::optional<OutboxState> parseOutboxState(std::string_view s)
{
    for (OutboxState x : {OutboxState::Pending, OutboxState::Sent, OutboxState::Dead})
        if (s == toString(x))
            return x;
    return std::nullopt;
}

std::string OutboxEntry::key() const
{
    return text::nfc(documentId) + "|" + std::string(toString(kind)) + ":" + std::to_string(businessType) + "|v" +
           std::to_string(version);
}

// ---------------------------------------------------------------------------------------------

struct Register::Impl {
    sql::DbPtr db;
    std::string path;
    OpenOptions options;

    Status requireWritable() const
    {
        if (options.readOnly)
            return fail(Errc::InvalidInput, "the register was opened read-only");
        return {};
    }

    Result<bool> yearClosed(int year)
    {
        auto st = Stmt::prepare(db.get(), "SELECT 1 FROM closed_years WHERE year = ?");
        if (!st)
            return std::unexpected(st.error());
        st->bind(1, year);
        return st->step();
    }
};

Register::Register(std::unique_ptr<Impl> impl) : d(std::move(impl)) {}
Register::~Register() = default;
Register::Register(Register&&) noexcept = default;
Register& Register::operator=(Register&&) noexcept = default;

Result<Register> Register::open(const std::string& path, OpenOptions options)
{
    const int flags = options.readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    auto db = openDb(path, flags, options.busyTimeoutMs);
    if (!db) {
        log::error(kLog, db.error().detail());
        return std::unexpected(db.error());
    }
    sqlite3* h = db->get();
    if (!options.readOnly) {
        // WAL: readers never block the writer. synchronous=FULL: a committed registration survives a
        // power cut (NORMAL may lose the last transactions in WAL mode).
        auto wal = Stmt::prepare(h, "PRAGMA journal_mode = WAL");
        if (!wal)
            return std::unexpected(wal.error());
        auto row = wal->step();
        if (!row)
            return fail(Errc::OpenFailed, path + ": " + row.error().detail());
        if (wal->text(0) != "wal")
            return fail(Errc::OpenFailed, path + ": cannot switch to WAL journal (got " + wal->text(0) + ")");
    }
    if (auto s = sql::exec(h, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON"); !s)
        return std::unexpected(s.error());
    if (options.readOnly) {
        auto v = schema::version(h);
        if (!v)
            return std::unexpected(v.error());
        if (*v != kSchemaVersion)
            return fail(Errc::SchemaTooNew, path + ": schema " + std::to_string(*v) + ", expected " +
                                                std::to_string(kSchemaVersion));
    } else if (auto s = schema::migrate(h, kSchemaVersion); !s) {
        return std::unexpected(s.error());
    }
    auto impl = std::make_unique<Impl>();
    impl->db = std::move(*db);
    impl->path = path;
    impl->options = options;
    return Register(std::move(impl));
}

int Register::schemaVersion() const { return schema::version(d->db.get()).value_or(0); }
const std::string& Register::path() const { return d->path; }

// ---------------------------------------------------------------------------------------------
// Incoming

Result<IncomingRecord> Register::registerIncoming(const IncomingRequest& req)
{
    return registerIncomingAndEnqueue(req, {});
}

Result<IncomingRecord> Register::registerIncomingAndEnqueue(const IncomingRequest& req, const IncomingOutboxHook& hook)
{
    if (auto s = d->requireWritable(); !s)
        return std::unexpected(s.error());
    if (hook && isSecret(req.meta.secrecy))
        return refuseSecret(d->db.get(), req.actor, "incoming:" + req.intakeKey);
    if (req.intakeKey.empty())
        return fail(Errc::InvalidInput, "an intake key is required");
    if (req.actor.empty())
        return fail(Errc::InvalidInput, "the acting user is required");
    if (text::simplifySpaces(req.meta.issuer).empty())
        return fail(Errc::InvalidInput, "the issuing agency (Tác giả) is required");
    if (req.arrivalTime == Instant{} || req.receivedAt == Instant{})
        return fail(Errc::InvalidInput, "arrival and receipt times are required");
    sqlite3* db = d->db.get();
    auto tx = sql::Transaction::begin(db);
    if (!tx)
        return std::unexpected(tx.error());

    // Idempotency: the same intake registered again (a retry after a crash) gets its first record.
    auto existing = Stmt::prepare(db, "SELECT id FROM incoming WHERE intake_key = ?");
    if (!existing)
        return std::unexpected(existing.error());
    existing->bind(1, req.intakeKey);
    auto found = existing->step();
    if (!found)
        return std::unexpected(found.error());
    if (*found) {
        const int64_t id = existing->int64(0);
        tx->commit();
        auto r = incoming(id);
        if (r)
            r->created = false;
        return r;
    }

    const int year = int(vntime::localDate(req.arrivalTime).year());
    auto closed = d->yearClosed(year);
    if (!closed)
        return std::unexpected(closed.error());
    if (*closed)
        return fail(Errc::YearClosed, "the " + std::to_string(year) + " books are closed");

    const IncomingBook book = isSecret(req.meta.secrecy) ? IncomingBook::Secret : IncomingBook::Regular;
    auto next = Stmt::prepare(db, "SELECT COALESCE(MAX(arrival_number), 0) + 1 FROM incoming WHERE book = ? AND year = ?");
    if (!next)
        return std::unexpected(next.error());
    next->bind(1, toString(book)).bind(2, year);
    if (auto r = next->step(); !r)
        return std::unexpected(r.error());
    const int number = next->integer(0);
    if (req.expectedNumber && *req.expectedNumber != number)
        return fail(Errc::NumberTaken, "arrival number " + std::to_string(*req.expectedNumber) +
                                           " was taken meanwhile; the next is " + std::to_string(number));

    const std::string numberSymbol = text::nfc(req.meta.numberSymbol.format());
    auto ins = Stmt::prepare(db, "INSERT INTO incoming (book, year, arrival_number, arrival_time, arrival_date, "
                                 "received_at, channel, intake_key, document_id, number_symbol, recipient_unit, "
                                 "due_at, note, created_by, dup_key, search_key, " +
                                     std::string(kMetaColumns) +
                                     ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,"
                                     "?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!ins)
        return std::unexpected(ins.error());
    ins->bind(1, toString(book)).bind(2, year).bind(3, number);
    ins->bind(4, vntime::toIso8601(req.arrivalTime));
    ins->bind(5, vntime::toIsoDate(vntime::localDate(req.arrivalTime)));
    ins->bind(6, vntime::toIso8601(req.receivedAt));
    ins->bind(7, toString(req.channel));
    ins->bind(8, req.intakeKey);
    ins->bindText(9, req.documentId);
    ins->bind(10, numberSymbol);
    ins->bind(11, text::nfc(req.recipientUnit));
    ins->bind(12, isoOpt(req.dueAt));
    ins->bind(13, text::nfc(req.note));
    ins->bind(14, text::nfc(req.actor));
    ins->bind(15, duplicateKey(req.meta));
    ins->bind(16, searchText(req.meta, numberSymbol));
    bindMeta(*ins, 17, req.meta);
    static_assert(17 + kMetaColumnCount - 1 == 32);
    if (auto s = ins->run(); !s)
        return std::unexpected(s.error());
    const int64_t id = sqlite3_last_insert_rowid(db);

    const std::string subject = "incoming:" + std::string(toString(book)) + "/" + std::to_string(year) + "/" +
                                std::to_string(number);
    // The audit detail of a secret document names no content, only its number.
    const std::string detail = book == IncomingBook::Secret ? "key=" + req.intakeKey
                                                            : numberSymbol + " | " + req.meta.issuer + " | key=" + req.intakeKey;
    if (auto s = appendAudit(db, req.actor, "incoming.register", subject, detail); !s)
        return std::unexpected(s.error());
    if (hook) {
        auto record = incoming(id);
        if (!record)
            return std::unexpected(record.error());
        auto entry = hook(*record);
        if (!entry)
            return std::unexpected(entry.error());
        entry->incomingId = id;
        if (auto item = insertOutbox(db, *entry); !item)
            return std::unexpected(item.error());
    }
    if (auto s = tx->commit(); !s)
        return std::unexpected(s.error());
    return incoming(id);
}

Result<std::vector<DuplicateMatch>> Register::findDuplicates(const DocumentMeta& meta, std::string_view documentId)
{
    std::vector<DuplicateMatch> out;
    const auto collect = [&](std::string_view sqlWhere, std::string_view value, DuplicateMatch::Reason reason) -> Status {
        auto st = Stmt::prepare(d->db.get(), "SELECT id, book, year, arrival_number FROM incoming WHERE " +
                                                 std::string(sqlWhere) + " ORDER BY id");
        if (!st)
            return std::unexpected(st.error());
        st->bind(1, value);
        for (;;) {
            auto row = st->step();
            if (!row)
                return std::unexpected(row.error());
            if (!*row)
                return {};
            const int64_t id = st->int64(0);
            if (std::any_of(out.begin(), out.end(), [&](const DuplicateMatch& m) { return m.id == id; }))
                continue;
            out.push_back({id, st->text(1) == "secret" ? IncomingBook::Secret : IncomingBook::Regular, st->integer(2),
                           st->integer(3), reason});
        }
    };
    if (!documentId.empty())
        if (auto s = collect("document_id = ?", documentId, DuplicateMatch::Reason::SameDocumentId); !s)
            return std::unexpected(s.error());
    if (const std::string key = duplicateKey(meta); !key.empty())
        if (auto s = collect("dup_key = ?", key, DuplicateMatch::Reason::SameNumberSymbolIssuer); !s)
            return std::unexpected(s.error());
    return out;
}

Result<IncomingRecord> Register::incoming(int64_t id)
{
    auto st = Stmt::prepare(d->db.get(), kIncomingSelect + " WHERE id = ?");
    if (!st)
        return std::unexpected(st.error());
    st->bind(1, id);
    auto row = st->step();
    if (!row)
        return std::unexpected(row.error());
    if (!*row)
        return fail(Errc::NotFound, "no incoming document with id " + std::to_string(id));
    return readIncoming(*st);
}

Result<IncomingRecord> Register::recallIncoming(int64_t id, const RecallRequest& rq, const IncomingOutboxHook& hook)
{
    if (auto s = d->requireWritable(); !s)
        return std::unexpected(s.error());
    if (text::simplifySpaces(rq.reason).empty() || rq.actor.empty())
        return fail(Errc::InvalidInput, "a recall needs a reason and the acting user");
    sqlite3* db = d->db.get();
    auto before = incoming(id);
    if (!before)
        return std::unexpected(before.error());
    const std::string subject = "incoming:" + std::string(toString(before->book)) + "/" + std::to_string(before->year) +
                                "/" + std::to_string(before->arrivalNumber);
    if (before->status == RecordStatus::Cancelled) {
        before->created = false;
        return before;
    }
    // Before the transaction: the refusal commits its own audit entry.
    if (hook && isSecret(before->meta.secrecy))
        return refuseSecret(db, rq.actor, subject);
    auto tx = sql::Transaction::begin(db);
    if (!tx)
        return std::unexpected(tx.error());
    auto written = writeRecall(db, "incoming", id, rq, "incoming.recall", subject);
    if (!written)
        return std::unexpected(written.error());
    if (!*written) {   // another process recalled it while we waited for the lock
        tx->commit();
        auto r = incoming(id);
        if (r)
            r->created = false;
        return r;
    }
    if (hook) {
        auto record = incoming(id);
        if (!record)
            return std::unexpected(record.error());
        auto entry = hook(*record);
        if (!entry)
            return std::unexpected(entry.error());
        entry->incomingId = id;
        if (auto item = insertOutbox(db, *entry); !item)
            return std::unexpected(item.error());
    }
    if (auto s = tx->commit(); !s)
        return std::unexpected(s.error());
    return incoming(id);
}

Result<IncomingRecord> Register::incomingByNumber(IncomingBook book, int year, int arrivalNumber)
{
    auto st = Stmt::prepare(d->db.get(), kIncomingSelect + " WHERE book = ? AND year = ? AND arrival_number = ?");
    if (!st)
        return std::unexpected(st.error());
    st->bind(1, toString(book)).bind(2, year).bind(3, arrivalNumber);
    auto row = st->step();
    if (!row)
        return std::unexpected(row.error());
    if (!*row)
        return fail(Errc::NotFound, "no incoming document number " + std::to_string(arrivalNumber) + " in " +
                                        std::to_string(year));
    return readIncoming(*st);
}

Result<std::vector<IncomingRecord>> Register::listIncoming(const ListFilter& f)
{
    Where w = commonWhere(f, "arrival_date");
    w.add("book = ?", std::string(toString(f.book.value_or(IncomingBook::Regular))));
    std::string q = kIncomingSelect + w.sql + " ORDER BY year, arrival_number";
    if (f.limit > 0)
        q += " LIMIT " + std::to_string(f.limit);
    auto st = Stmt::prepare(d->db.get(), q);
    if (!st)
        return std::unexpected(st.error());
    for (size_t i = 0; i < w.params.size(); ++i)
        st->bind(static_cast<int>(i + 1), w.params[i]);
    std::vector<IncomingRecord> out;
    for (;;) {
        auto row = st->step();
        if (!row)
            return std::unexpected(row.error());
        if (!*row)
            return out;
        out.push_back(readIncoming(*st));
    }
}

// ---------------------------------------------------------------------------------------------
// Outgoing

Result<OutgoingRecord> Register::issueOutgoing(const OutgoingRequest& req)
{
    return issueOutgoingAndEnqueue(req, {});
}

Result<OutgoingRecord> Register::issueOutgoingAndEnqueue(const OutgoingRequest& req, const OutgoingOutboxHook& hook)
{
    if (auto s = d->requireWritable(); !s)
        return std::unexpected(s.error());
    if (hook && isSecret(req.meta.secrecy))
        return refuseSecret(d->db.get(), req.actor, "outgoing:" + req.intakeKey);
    if (req.intakeKey.empty() || req.actor.empty())
        return fail(Errc::InvalidInput, "an intake key and the acting user are required");
    const std::string symbol = text::nfc(req.meta.numberSymbol.symbol);
    if (symbol.empty() || symbol.find('/') != std::string::npos)
        return fail(Errc::InvalidInput, "a symbol (ký hiệu) such as 'QĐ-STN' is required");
    if (req.issuedAt == Instant{})
        return fail(Errc::InvalidInput, "the date of issue is required");
    if (req.copies < 1)
        return fail(Errc::InvalidInput, "the number of copies must be at least 1");
    sqlite3* db = d->db.get();
    auto tx = sql::Transaction::begin(db);
    if (!tx)
        return std::unexpected(tx.error());

    auto existing = Stmt::prepare(db, "SELECT id FROM outgoing WHERE intake_key = ?");
    if (!existing)
        return std::unexpected(existing.error());
    existing->bind(1, req.intakeKey);
    auto found = existing->step();
    if (!found)
        return std::unexpected(found.error());
    if (*found) {
        const int64_t id = existing->int64(0);
        // The same original again: its record, unless a recall froze or cancelled it.
        if (auto s = requireSendable(db, id, "issuing it again"); !s)
            return std::unexpected(s.error());
        tx->commit();
        auto r = outgoing(id);
        if (r)
            r->created = false;
        return r;
    }

    const vntime::Date date = vntime::localDate(req.issuedAt);
    const int year = int(date.year());
    auto closed = d->yearClosed(year);
    if (!closed)
        return std::unexpected(closed.error());
    if (*closed)
        return fail(Errc::YearClosed, "the " + std::to_string(year) + " books are closed");

    const std::string series = req.series.empty() ? seriesFor(req.meta, d->options.numbering) : req.series;
    auto next = Stmt::prepare(db, "SELECT COALESCE(MAX(number), 0) + 1 FROM outgoing WHERE series = ? AND year = ?");
    if (!next)
        return std::unexpected(next.error());
    next->bind(1, series).bind(2, year);
    if (auto r = next->step(); !r)
        return std::unexpected(r.error());
    const int number = next->integer(0);
    if (req.expectedNumber && *req.expectedNumber != number)
        return fail(Errc::NumberTaken, "number " + std::to_string(*req.expectedNumber) + " of series " + series +
                                           " was taken meanwhile; the next is " + std::to_string(number));

    DocumentMeta meta = req.meta;
    meta.numberSymbol.number = number;
    meta.numberSymbol.symbol = symbol;
    meta.issuedDate = date;
    meta.recipients = req.recipients;
    const std::string numberSymbol = meta.numberSymbol.format();
    const std::string key = text::searchKey(numberSymbol);

    auto clash = Stmt::prepare(db, "SELECT series FROM outgoing WHERE year = ? AND number_symbol_key = ?");
    if (!clash)
        return std::unexpected(clash.error());
    clash->bind(1, year).bind(2, key);
    auto c = clash->step();
    if (!c)
        return std::unexpected(c.error());
    if (*c)
        return fail(Errc::DuplicateNumber, numberSymbol + " was already issued in " + std::to_string(year) +
                                               " (series " + clash->text(0) + ")");

    auto ins = Stmt::prepare(db, "INSERT INTO outgoing (series, year, number_symbol, number_symbol_key, issued_at, "
                                 "retained_by, copies, intake_key, response_for, note, created_by, search_key, " +
                                     std::string(kMetaColumns) +
                                     ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!ins)
        return std::unexpected(ins.error());
    ins->bind(1, series).bind(2, year).bind(3, numberSymbol).bind(4, key);
    ins->bind(5, vntime::toIso8601(req.issuedAt));
    ins->bind(6, text::nfc(req.retainedBy));
    ins->bind(7, req.copies);
    ins->bind(8, req.intakeKey);
    ins->bind(9, req.responseFor);
    ins->bind(10, text::nfc(req.note));
    ins->bind(11, text::nfc(req.actor));
    ins->bind(12, searchText(meta, numberSymbol));
    bindMeta(*ins, 13, meta);
    static_assert(13 + kMetaColumnCount - 1 == 28);
    if (auto s = ins->run(); !s)
        return std::unexpected(s.error());
    const int64_t id = sqlite3_last_insert_rowid(db);
    const std::string detail = series == "secret" ? numberSymbol + " | key=" + req.intakeKey
                                                  : numberSymbol + " | " + meta.subject + " | key=" + req.intakeKey;
    if (auto s = appendAudit(db, req.actor, "outgoing.issue", "outgoing:" + series + "/" + std::to_string(year) + "/" +
                                                                   std::to_string(number),
                             detail);
        !s)
        return std::unexpected(s.error());
    if (hook) {
        auto record = outgoing(id);
        if (!record)
            return std::unexpected(record.error());
        auto entry = hook(*record);
        if (!entry)
            return std::unexpected(entry.error());
        entry->outgoingId = id;
        if (auto item = insertOutbox(db, *entry); !item)
            return std::unexpected(item.error());
    }
    if (auto s = tx->commit(); !s)
        return std::unexpected(s.error());
    return outgoing(id);
}

Result<int> Register::nextArrivalNumber(const IncomingRequest& req)
{
    const IncomingBook book = isSecret(req.meta.secrecy) ? IncomingBook::Secret : IncomingBook::Regular;
    auto next = Stmt::prepare(d->db.get(), "SELECT COALESCE(MAX(arrival_number), 0) + 1 FROM incoming WHERE book = ? AND year = ?");
    if (!next)
        return std::unexpected(next.error());
    next->bind(1, toString(book)).bind(2, int(vntime::localDate(req.arrivalTime).year()));
    if (auto r = next->step(); !r)
        return std::unexpected(r.error());
    return next->integer(0);
}

Result<int> Register::nextOutgoingNumber(const OutgoingRequest& req)
{
    const std::string series = req.series.empty() ? seriesFor(req.meta, d->options.numbering) : req.series;
    auto next = Stmt::prepare(d->db.get(), "SELECT COALESCE(MAX(number), 0) + 1 FROM outgoing WHERE series = ? AND year = ?");
    if (!next)
        return std::unexpected(next.error());
    next->bind(1, series).bind(2, int(vntime::localDate(req.issuedAt).year()));
    if (auto r = next->step(); !r)
        return std::unexpected(r.error());
    return next->integer(0);
}

Result<OutgoingRecord> Register::outgoingByKey(const std::string& intakeKey)
{
    auto st = Stmt::prepare(d->db.get(), "SELECT id FROM outgoing WHERE intake_key = ?");
    if (!st)
        return std::unexpected(st.error());
    st->bind(1, intakeKey);
    auto row = st->step();
    if (!row)
        return std::unexpected(row.error());
    if (!*row)
        return fail(Errc::NotFound, "no outgoing document with intake key " + intakeKey);
    return outgoing(st->int64(0));
}

Result<IncomingRecord> Register::incomingByKey(const std::string& intakeKey)
{
    auto st = Stmt::prepare(d->db.get(), "SELECT id FROM incoming WHERE intake_key = ?");
    if (!st)
        return std::unexpected(st.error());
    st->bind(1, intakeKey);
    auto row = st->step();
    if (!row)
        return std::unexpected(row.error());
    if (!*row)
        return fail(Errc::NotFound, "no incoming document with intake key " + intakeKey);
    return incoming(st->int64(0));
}

Result<OutgoingRecord> Register::previewOutgoing(const OutgoingRequest& req)
{
    auto number = nextOutgoingNumber(req);
    if (!number)
        return std::unexpected(number.error());
    const vntime::Date date = vntime::localDate(req.issuedAt);
    OutgoingRecord r;
    r.series = req.series.empty() ? seriesFor(req.meta, d->options.numbering) : req.series;
    r.year = int(date.year());
    r.number = *number;
    r.meta = req.meta;
    r.meta.numberSymbol.number = *number;
    r.meta.numberSymbol.symbol = text::nfc(req.meta.numberSymbol.symbol);
    r.meta.issuedDate = date;
    r.meta.recipients = req.recipients;
    r.meta.subject = text::nfc(text::simplifySpaces(req.meta.subject));
    r.issuedAt = req.issuedAt;
    r.recipients = req.recipients;
    r.retainedBy = req.retainedBy;
    r.copies = req.copies;
    r.intakeKey = req.intakeKey;
    r.responseFor = req.responseFor;
    r.note = req.note;
    r.createdBy = req.actor;
    r.created = false;
    return r;
}

Result<IncomingRecord> Register::previewIncoming(const IncomingRequest& req)
{
    auto number = nextArrivalNumber(req);
    if (!number)
        return std::unexpected(number.error());
    IncomingRecord r;
    r.book = isSecret(req.meta.secrecy) ? IncomingBook::Secret : IncomingBook::Regular;
    r.year = int(vntime::localDate(req.arrivalTime).year());
    r.arrivalNumber = *number;
    r.arrivalTime = req.arrivalTime;
    r.receivedAt = req.receivedAt;
    r.channel = req.channel;
    r.intakeKey = req.intakeKey;
    r.documentId = req.documentId;
    r.meta = req.meta;
    r.meta.subject = text::nfc(text::simplifySpaces(req.meta.subject));
    r.recipientUnit = text::nfc(req.recipientUnit);
    r.dueAt = req.dueAt;
    r.note = text::nfc(req.note);
    r.createdBy = req.actor;
    r.created = false;
    return r;
}

Result<OutgoingRecord> Register::outgoing(int64_t id)
{
    auto st = Stmt::prepare(d->db.get(), kOutgoingSelect + " WHERE id = ?");
    if (!st)
        return std::unexpected(st.error());
    st->bind(1, id);
    auto row = st->step();
    if (!row)
        return std::unexpected(row.error());
    if (!*row)
        return fail(Errc::NotFound, "no outgoing document with id " + std::to_string(id));
    OutgoingRecord r = readOutgoing(*st);
    if (auto t = loadTracking(d->db.get(), r); !t)
        return std::unexpected(t.error());
    if (auto q = loadRecallRequest(d->db.get(), r); !q)
        return std::unexpected(q.error());
    return r;
}

Result<OutgoingRecord> Register::cancelOutgoing(int64_t id, const RecallRequest& rq)
{
    if (auto s = d->requireWritable(); !s)
        return std::unexpected(s.error());
    if (text::simplifySpaces(rq.reason).empty() || rq.actor.empty())
        return fail(Errc::InvalidInput, "a recall needs a reason and the acting user");
    sqlite3* db = d->db.get();
    auto tx = sql::Transaction::begin(db);
    if (!tx)
        return std::unexpected(tx.error());
    if (auto r = outgoing(id); !r)
        return std::unexpected(r.error());
    auto written = writeRecall(db, "outgoing", id, rq, "outgoing.recalled", outgoingSubject(db, id));
    if (!written)
        return std::unexpected(written.error());
    if (*written)
        if (auto a = answerRecallRequest(db, id, RecallRequestInfo::State::Agreed, rq.at, rq.source); !a)
            return std::unexpected(a.error());
    if (auto s = tx->commit(); !s)
        return std::unexpected(s.error());
    auto r = outgoing(id);
    if (r)
        r->created = *written;
    return r;
}

Result<OutgoingRecord> Register::requestOutgoingRecall(int64_t id, const RecallRequest& rq, const RecallOutboxHook& hook)
{
    if (auto s = d->requireWritable(); !s)
        return std::unexpected(s.error());
    if (text::simplifySpaces(rq.reason).empty() || rq.actor.empty() || !hook)
        return fail(Errc::InvalidInput, "a recall needs a reason, the acting user and its package");
    sqlite3* db = d->db.get();
    auto before = outgoing(id);
    if (!before)
        return std::unexpected(before.error());
    // Before the transaction: the refusal commits its own audit entry.
    if (isSecret(before->meta.secrecy))
        return refuseSecret(db, rq.actor, outgoingSubject(db, id));
    auto tx = sql::Transaction::begin(db);
    if (!tx)
        return std::unexpected(tx.error());
    // Checked again under the write lock: another process may have recalled it meanwhile.
    auto state = outgoingState(db, id);
    if (!state)
        return std::unexpected(state.error());
    if (*state == OutgoingState::Frozen)
        return fail(Errc::RecallPending, "outgoing " + std::to_string(id) +
                                             " already has a recall waiting for the recipients' answer");
    if (*state == OutgoingState::Cancelled)
        return fail(Errc::AlreadyRecalled, "outgoing " + std::to_string(id) + " was recalled already");
    auto version = nextRecallVersion(db, id);
    if (!version)
        return std::unexpected(version.error());
    auto request = freezeForRecall(db, id, *version, rq.reason, rq.actor, rq.at);
    if (!request)
        return std::unexpected(request.error());
    auto frozen = outgoing(id);   // the hook sees the frozen record
    if (!frozen)
        return std::unexpected(frozen.error());
    auto entry = hook(*frozen, *version);
    if (!entry)
        return std::unexpected(entry.error());
    if (entry->kind != OutboxKind::Document || entry->businessType != 1 || entry->version != *version)
        return fail(Errc::InvalidInput, "the recall package must be a document package, business 1, version " +
                                            std::to_string(*version));
    entry->outgoingId = id;
    auto item = insertOutbox(db, *entry);
    if (!item)
        return std::unexpected(item.error());
    if (!item->second)   // a package with this key was queued by another route: it is not this recall's
        return fail(Errc::InvalidInput, "a recall package " + entry->key() + " is already queued");
    if (auto s = linkRecallPackage(db, *request, item->first); !s)
        return std::unexpected(s.error());
    if (auto s = tx->commit(); !s)
        return std::unexpected(s.error());
    return outgoing(id);
}

Result<std::vector<OutgoingRecord>> Register::listOutgoing(const ListFilter& f)
{
    Where w = commonWhere(f, "issued_date");
    if (!f.series.empty())
        w.add("series = ?", f.series);
    std::string q = kOutgoingSelect + w.sql + " ORDER BY year, issued_at, id";
    if (f.limit > 0)
        q += " LIMIT " + std::to_string(f.limit);
    auto st = Stmt::prepare(d->db.get(), q);
    if (!st)
        return std::unexpected(st.error());
    for (size_t i = 0; i < w.params.size(); ++i)
        st->bind(static_cast<int>(i + 1), w.params[i]);
    std::vector<OutgoingRecord> out;
    for (;;) {
        auto row = st->step();
        if (!row)
            return std::unexpected(row.error());
        if (!*row)
            return out;
        out.push_back(readOutgoing(*st));
        if (auto t = loadTracking(d->db.get(), out.back()); !t)
            return std::unexpected(t.error());
        if (auto rr = loadRecallRequest(d->db.get(), out.back()); !rr)
            return std::unexpected(rr.error());
    }
}

Status Register::closeYear(int year, const std::string& actor)
{
    if (auto s = d->requireWritable(); !s)
        return s;
    auto tx = sql::Transaction::begin(d->db.get());
    if (!tx)
        return std::unexpected(tx.error());
    auto ins = Stmt::prepare(d->db.get(), "INSERT OR IGNORE INTO closed_years (year, closed_at, closed_by) VALUES (?,?,?)");
    if (!ins)
        return std::unexpected(ins.error());
    ins->bind(1, year).bind(2, vntime::toIso8601(vntime::now())).bind(3, actor);
    if (auto s = ins->run(); !s)
        return s;
    if (sqlite3_changes(d->db.get()) > 0)
        if (auto s = appendAudit(d->db.get(), actor, "year.close", "year:" + std::to_string(year), ""); !s)
            return s;
    return tx->commit();
}

Result<bool> Register::isYearClosed(int year) { return d->yearClosed(year); }

// ---------------------------------------------------------------------------------------------
// Accounts

Status Register::addUser(const std::string& username, const std::string& fullName, Role role,
                         const std::string& password, const std::string& actor)
{
    if (auto s = d->requireWritable(); !s)
        return s;
    if (!validUsername(username))
        return fail(Errc::InvalidInput, "user names are 2–32 characters of a-z, 0-9, '.', '_', '-'");
    if (text::simplifySpaces(fullName).empty())
        return fail(Errc::InvalidInput, "the full name is required");
    if (static_cast<int>(password.size()) < d->options.accounts.minPasswordLength)
        return fail(Errc::WeakPassword, "passwords need at least " + std::to_string(d->options.accounts.minPasswordLength) +
                                            " characters");
    auto hashed = hashPassword(password); // slow (~0.1 s): outside the write transaction
    if (!hashed)
        return std::unexpected(hashed.error());
    auto tx = sql::Transaction::begin(d->db.get());
    if (!tx)
        return std::unexpected(tx.error());
    auto ins = Stmt::prepare(d->db.get(), "INSERT INTO users (username, full_name, role, password_hash, created_at) "
                                          "VALUES (?,?,?,?,?) ON CONFLICT (username) DO NOTHING");
    if (!ins)
        return std::unexpected(ins.error());
    ins->bind(1, username).bind(2, text::nfc(text::simplifySpaces(fullName))).bind(3, toString(role));
    ins->bind(4, *hashed).bind(5, vntime::toIso8601(vntime::now()));
    if (auto s = ins->run(); !s)
        return s;
    if (sqlite3_changes(d->db.get()) == 0)
        return fail(Errc::UserExists, "user '" + username + "' already exists");
    if (auto s = appendAudit(d->db.get(), actor, "user.add", "user:" + username, std::string(toString(role))); !s)
        return s;
    return tx->commit();
}

Status Register::setPassword(const std::string& username, const std::string& password, const std::string& actor)
{
    if (auto s = d->requireWritable(); !s)
        return s;
    if (static_cast<int>(password.size()) < d->options.accounts.minPasswordLength)
        return fail(Errc::WeakPassword, "passwords need at least " + std::to_string(d->options.accounts.minPasswordLength) +
                                            " characters");
    auto hashed = hashPassword(password);
    if (!hashed)
        return std::unexpected(hashed.error());
    auto tx = sql::Transaction::begin(d->db.get());
    if (!tx)
        return std::unexpected(tx.error());
    auto upd = Stmt::prepare(d->db.get(), "UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL "
                                          "WHERE username = ?");
    if (!upd)
        return std::unexpected(upd.error());
    upd->bind(1, *hashed).bind(2, username);
    if (auto s = upd->run(); !s)
        return s;
    if (sqlite3_changes(d->db.get()) == 0)
        return fail(Errc::NotFound, "no user '" + username + "'");
    if (auto s = appendAudit(d->db.get(), actor, "user.passwd", "user:" + username, ""); !s)
        return s;
    return tx->commit();
}

Status Register::setDisabled(const std::string& username, bool disabled, const std::string& actor)
{
    if (auto s = d->requireWritable(); !s)
        return s;
    auto tx = sql::Transaction::begin(d->db.get());
    if (!tx)
        return std::unexpected(tx.error());
    auto upd = Stmt::prepare(d->db.get(), "UPDATE users SET disabled = ? WHERE username = ?");
    if (!upd)
        return std::unexpected(upd.error());
    upd->bind(1, disabled ? 1 : 0).bind(2, username);
    if (auto s = upd->run(); !s)
        return s;
    if (sqlite3_changes(d->db.get()) == 0)
        return fail(Errc::NotFound, "no user '" + username + "'");
    if (auto s = appendAudit(d->db.get(), actor, disabled ? "user.disable" : "user.enable", "user:" + username, ""); !s)
        return s;
    return tx->commit();
}

Result<User> Register::authenticate(const std::string& username, const std::string& password, Instant now)
{
    if (auto s = d->requireWritable(); !s)
        return std::unexpected(s.error());
    auto st = Stmt::prepare(d->db.get(), "SELECT username, full_name, role, password_hash, failed_logins, locked_until, "
                                         "disabled FROM users WHERE username = ?");
    if (!st)
        return std::unexpected(st.error());
    st->bind(1, username);
    auto row = st->step();
    if (!row)
        return std::unexpected(row.error());
    if (!*row) {
        // Spend the same time as a real check so the answer does not reveal which names exist.
        static const std::string dummy = hashPassword("vanthu-dummy-password").value_or("");
        verifyPassword(dummy, password);
        return fail(Errc::AuthFailed, "wrong user name or password");
    }
    User u;
    u.username = st->text(0);
    u.fullName = st->text(1);
    u.role = parseRole(st->text(2)).value_or(Role::ChuyenVien);
    const std::string encoded = st->text(3);
    u.failedLogins = st->integer(4);
    u.lockedUntil = parseStoredTime(st->optText(5));
    u.disabled = st->integer(6) != 0;
    if (u.disabled)
        return fail(Errc::AccountDisabled, "account '" + username + "' is disabled");
    if (u.lockedUntil && *u.lockedUntil > now)
        return fail(Errc::AccountLocked, "account '" + username + "' is locked until " + vntime::toIso8601(*u.lockedUntil));

    const bool ok = verifyPassword(encoded, password);
    auto tx = sql::Transaction::begin(d->db.get());
    if (!tx)
        return std::unexpected(tx.error());
    if (ok) {
        auto upd = Stmt::prepare(d->db.get(), "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE username = ?");
        if (!upd)
            return std::unexpected(upd.error());
        upd->bind(1, username);
        if (auto s = upd->run(); !s)
            return std::unexpected(s.error());
        if (auto s = appendAudit(d->db.get(), username, "login.ok", "user:" + username, ""); !s)
            return std::unexpected(s.error());
        if (auto s = tx->commit(); !s)
            return std::unexpected(s.error());
        u.failedLogins = 0;
        u.lockedUntil.reset();
        return u;
    }
    // Failures since the last success or lock (a lock that has expired starts a new count).
    const int failures = (u.lockedUntil ? 0 : u.failedLogins) + 1;
    const bool lock = failures >= d->options.accounts.maxFailedLogins;
    auto upd = Stmt::prepare(d->db.get(), "UPDATE users SET failed_logins = ?, locked_until = ? WHERE username = ?");
    if (!upd)
        return std::unexpected(upd.error());
    upd->bind(1, lock ? 0 : failures);
    upd->bind(2, lock ? std::optional<std::string>(vntime::toIso8601(now + minutes{d->options.accounts.lockoutMinutes}))
                      : std::nullopt);
    upd->bind(3, username);
    if (auto s = upd->run(); !s)
        return std::unexpected(s.error());
    if (auto s = appendAudit(d->db.get(), username, lock ? "login.locked" : "login.fail", "user:" + username,
                             "failures=" + std::to_string(failures));
        !s)
        return std::unexpected(s.error());
    if (auto s = tx->commit(); !s)
        return std::unexpected(s.error());
    if (lock) {
        log::warning(kLog, "account '" + username + "' locked after " + std::to_string(failures) + " failed logins");
        return fail(Errc::AccountLocked, "too many failed logins: account '" + username + "' locked for " +
                                             std::to_string(d->options.accounts.lockoutMinutes) + " minutes");
    }
    return fail(Errc::AuthFailed, "wrong user name or password");
}

Result<std::vector<User>> Register::users()
{
    auto st = Stmt::prepare(d->db.get(), "SELECT username, full_name, role, failed_logins, locked_until, disabled "
                                         "FROM users ORDER BY username");
    if (!st)
        return std::unexpected(st.error());
    std::vector<User> out;
    for (;;) {
        auto row = st->step();
        if (!row)
            return std::unexpected(row.error());
        if (!*row)
            return out;
        User u;
        u.username = st->text(0);
        u.fullName = st->text(1);
        u.role = parseRole(st->text(2)).value_or(Role::ChuyenVien);
        u.failedLogins = st->integer(3);
        u.lockedUntil = parseStoredTime(st->optText(4));
        u.disabled = st->integer(5) != 0;
        out.push_back(std::move(u));
    }
}

// ---------------------------------------------------------------------------------------------
// Audit

Status Register::audit(const std::string& actor, const std::string& action, const std::string& subject,
                       const std::string& detail)
{
    if (auto s = d->requireWritable(); !s)
        return s;
    auto tx = sql::Transaction::begin(d->db.get());
    if (!tx)
        return std::unexpected(tx.error());
    if (auto s = appendAudit(d->db.get(), actor, action, subject, detail); !s)
        return s;
    return tx->commit();
}

Result<std::vector<AuditEntry>> Register::auditLog(int64_t fromSeq, int limit)
{
    std::string q = "SELECT seq, at, actor, action, subject, detail, prev_hash, hash FROM audit WHERE seq >= ? ORDER BY seq";
    if (limit > 0)
        q += " LIMIT " + std::to_string(limit);
    auto st = Stmt::prepare(d->db.get(), q);
    if (!st)
        return std::unexpected(st.error());
    st->bind(1, fromSeq);
    std::vector<AuditEntry> out;
    for (;;) {
        auto row = st->step();
        if (!row)
            return std::unexpected(row.error());
        if (!*row)
            return out;
        out.push_back({st->int64(0), parseStoredTime(st->text(1)), st->text(2), st->text(3), st->text(4), st->text(5),
                       st->text(6), st->text(7)});
    }
}

Result<std::vector<AuditEntry>> Register::auditFor(const std::vector<std::string>& subjects)
{
    std::vector<AuditEntry> out;
    if (subjects.empty())
        return out;
    std::string q = "SELECT seq, at, actor, action, subject, detail, prev_hash, hash FROM audit WHERE subject IN (";
    for (size_t i = 0; i < subjects.size(); ++i)
        q += i ? ",?" : "?";
    q += ") ORDER BY seq";
    auto st = Stmt::prepare(d->db.get(), q);
    if (!st)
        return std::unexpected(st.error());
    for (size_t i = 0; i < subjects.size(); ++i)
        st->bind(static_cast<int>(i + 1), subjects[i]);
    for (;;) {
        auto row = st->step();
        if (!row)
            return std::unexpected(row.error());
        if (!*row)
            return out;
        out.push_back({st->int64(0), parseStoredTime(st->text(1)), st->text(2), st->text(3), st->text(4), st->text(5),
                       st->text(6), st->text(7)});
    }
}

Result<AuditReport> Register::verifyAudit()
{
    // Read in rowid order as stored, not by seq, so rows moved around are seen out of order.
    auto st = Stmt::prepare(d->db.get(), "SELECT seq, at, actor, action, subject, detail, prev_hash, hash FROM audit "
                                         "ORDER BY rowid");
    if (!st)
        return std::unexpected(st.error());
    AuditReport report;
    std::string prevHash(kGenesisHash);
    int64_t expectedSeq = 1;
    for (;;) {
        auto row = st->step();
        if (!row)
            return std::unexpected(row.error());
        if (!*row)
            break;
        ++report.entries;
        if (!report.intact)
            continue;
        const int64_t seq = st->int64(0);
        const std::string storedHash = st->text(7);
        const auto bad = [&](std::string problem) {
            report.intact = false;
            report.firstBadSeq = seq;
            report.problem = std::move(problem);
        };
        if (seq != expectedSeq) {
            bad(seq > expectedSeq ? "entries " + std::to_string(expectedSeq) + "–" + std::to_string(seq - 1) + " are missing"
                                  : "entry " + std::to_string(seq) + " is out of order");
            continue;
        }
        if (st->text(6) != prevHash) {
            bad("entry " + std::to_string(seq) + " does not link to the entry before it (deleted or reordered entries)");
            continue;
        }
        if (auditHash(seq, st->text(1), st->text(2), st->text(3), st->text(4), st->text(5), st->text(6)) != storedHash) {
            bad("entry " + std::to_string(seq) + " was changed after it was written");
            continue;
        }
        prevHash = storedHash;
        ++expectedSeq;
    }
    if (!report.intact)
        log::error(kLog, d->path + ": audit log does not verify: " + report.problem);
    return report;
}

// ---------------------------------------------------------------------------------------------
// Backup and restore

Status Register::backupTo(const std::string& destination)
{
    namespace fs = std::filesystem;
    const fs::path dest(destination);
    const fs::path dir = dest.has_parent_path() ? dest.parent_path() : fs::path(".");
    std::error_code ec;
    fs::create_directories(dir, ec);
    std::string tmpl = (dir / (dest.filename().string() + ".tmp-XXXXXX")).string();
    const int fd = mkstemp(tmpl.data());
    if (fd < 0)
        return fail(Errc::BackupFailed, "cannot create a file in " + dir.string());
    ::close(fd);
    const auto cleanup = [&] { fs::remove(tmpl, ec); };
    {
        auto out = openDb(tmpl, SQLITE_OPEN_READWRITE, d->options.busyTimeoutMs);
        if (!out) {
            cleanup();
            return fail(Errc::BackupFailed, out.error().detail());
        }
        if (auto s = copyDatabase(d->db.get(), out->get(), Errc::BackupFailed); !s) {
            cleanup();
            return s;
        }
        // A backup is one self-contained file: no -wal beside it.
        sql::exec(out->get(), "PRAGMA journal_mode = DELETE");
    }
    syncFile(tmpl);
    if (::rename(tmpl.c_str(), destination.c_str()) != 0) {
        log::error(kLog, "backup: cannot rename into " + destination);
        cleanup();
        return fail(Errc::BackupFailed, "cannot rename the backup into " + destination);
    }
    syncDir(dir);
    log::info(kLog, "backup written to " + destination);
    return {};
}

Status Register::restore(const std::string& source, const std::string& target)
{
    OpenOptions ro;
    ro.readOnly = true;
    auto src = Register::open(source, ro);
    if (!src)
        return fail(Errc::RestoreFailed, source + ": " + src.error().toString());
    {
        auto st = Stmt::prepare(src->d->db.get(), "PRAGMA integrity_check");
        if (!st)
            return fail(Errc::RestoreFailed, st.error().detail());
        auto row = st->step();
        if (!row || !*row || st->text(0) != "ok")
            return fail(Errc::RestoreFailed, source + ": integrity check failed");
    }
    auto report = src->verifyAudit();
    if (!report)
        return fail(Errc::RestoreFailed, report.error().detail());
    if (!report->intact)
        return fail(Errc::RestoreFailed, source + ": audit chain broken: " + report->problem);

    auto dst = openDb(target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, 15000);
    if (!dst)
        return fail(Errc::RestoreFailed, dst.error().detail());
    if (auto s = copyDatabase(src->d->db.get(), dst->get(), Errc::RestoreFailed); !s)
        return s;
    if (auto s = sql::exec(dst->get(), "PRAGMA journal_mode = WAL"); !s)
        return fail(Errc::RestoreFailed, s.error().detail());
    return {};
}

// ---------------------------------------------------------------------------------------------
// Outbox (issue #6)

Result<OutboxItem> Register::enqueue(const OutboxEntry& entry)
{
    if (auto s = d->requireWritable(); !s)
        return std::unexpected(s.error());
    sqlite3* db = d->db.get();
    if (isSecret(entry.secrecy))
        return refuseSecret(db, entry.actor, "outbox:" + entry.key());
    // The transaction ends (commit or rollback) before a refusal is audited on its own.
    auto inserted = [&]() -> Result<std::pair<int64_t, bool>> {
        auto tx = sql::Transaction::begin(db);
        if (!tx)
            return std::unexpected(tx.error());
        // A document package about one of our outgoing records: not while a recall froze it, not after
        // it was recalled (a retry of a package already queued is still answered with that item).
        const bool document = entry.kind == OutboxKind::Document && entry.outgoingId;
        if (document) {
            auto queued = Stmt::prepare(db, "SELECT 1 FROM outbox WHERE idem_key = ?");
            if (!queued)
                return std::unexpected(queued.error());
            queued->bind(1, entry.key());
            auto q = queued->step();
            if (!q)
                return std::unexpected(q.error());
            if (!*q)
                if (auto s = requireSendable(db, *entry.outgoingId, "queuing " + entry.key()); !s)
                    return std::unexpected(s.error());
        }
        auto r = insertOutbox(db, entry);
        if (!r)
            return r;
        // A recall package entering the outbox freezes the record, whichever route queued it.
        if (document && r->second && entry.businessType == 1) {
            auto request = freezeForRecall(db, *entry.outgoingId, entry.version,
                                           "Gói thu hồi xếp hàng trực tiếp / recall package queued directly (" +
                                               entry.key() + ")",
                                           entry.actor, vntime::now());
            if (!request)
                return std::unexpected(request.error());
            if (auto s = linkRecallPackage(db, *request, r->first); !s)
                return std::unexpected(s.error());
        }
        if (auto s = tx->commit(); !s)
            return std::unexpected(s.error());
        return r;
    }();
    if (!inserted) {
        if (inserted.error().is(Errc::SecretRefused))
            return refuseSecret(db, entry.actor, "outbox:" + entry.key());
        return std::unexpected(inserted.error());
    }
    auto item = outboxItem(inserted->first);
    if (item)
        item->created = inserted->second;
    return item;
}

Result<std::vector<OutboxItem>> Register::outboxDue(int64_t now, int limit)
{
    auto st = Stmt::prepare(d->db.get(), std::string(kOutboxSelect) +
                                             " o WHERE o.state = 'pending' AND o.next_attempt_ms <= ? AND NOT EXISTS "
                                             "(SELECT 1 FROM outbox p WHERE p.document_id = o.document_id AND p.id < o.id "
                                             "AND p.state <> 'sent') ORDER BY o.id LIMIT ?");
    if (!st)
        return std::unexpected(st.error());
    st->bind(1, now).bind(2, limit > 0 ? limit : -1);
    return readOutboxRows(*st);
}

Result<std::string> Register::outboxPackage(int64_t id)
{
    auto st = Stmt::prepare(d->db.get(), "SELECT package FROM outbox_package WHERE outbox_id = ?");
    if (!st)
        return std::unexpected(st.error());
    st->bind(1, id);
    auto row = st->step();
    if (!row)
        return std::unexpected(row.error());
    if (!*row)
        return fail(Errc::NotFound, "no outbox item " + std::to_string(id));
    return st->text(0);
}

Result<OutboxItem> Register::outboxItem(int64_t id)
{
    auto st = Stmt::prepare(d->db.get(), std::string(kOutboxSelect) + " WHERE id = ?");
    if (!st)
        return std::unexpected(st.error());
    st->bind(1, id);
    auto rows = readOutboxRows(*st);
    if (!rows)
        return std::unexpected(rows.error());
    if (rows->empty())
        return fail(Errc::NotFound, "no outbox item " + std::to_string(id));
    return rows->front();
}

Result<OutboxItem> Register::outboxItemByKey(const std::string& key)
{
    auto st = Stmt::prepare(d->db.get(), std::string(kOutboxSelect) + " WHERE idem_key = ?");
    if (!st)
        return std::unexpected(st.error());
    st->bind(1, key);
    auto rows = readOutboxRows(*st);
    if (!rows)
        return std::unexpected(rows.error());
    if (rows->empty())
        return fail(Errc::NotFound, "no outbox item with key " + key);
    return rows->front();
}

Status Register::outboxSent(int64_t id, const std::string& receipt)
{
    return outboxSent(std::vector<std::pair<int64_t, std::string>>{{id, receipt}});
}

Status Register::outboxSent(const std::vector<std::pair<int64_t, std::string>>& receipts)
{
    if (auto s = d->requireWritable(); !s)
        return s;
    if (receipts.empty())
        return {};
    sqlite3* db = d->db.get();
    auto tx = sql::Transaction::begin(db);
    if (!tx)
        return std::unexpected(tx.error());
    auto up = Stmt::prepare(db, "UPDATE outbox SET state = 'sent', sent_at = ?, receipt = ?, attempts = attempts + 1, "
                                "last_error = '' WHERE id = ? AND state <> 'sent'");
    if (!up)
        return std::unexpected(up.error());
    const std::string now = vntime::toIso8601(vntime::now());
    for (const auto& [id, receipt] : receipts) {
        up->reset();
        up->bind(1, now).bind(2, receipt).bind(3, id);
        if (auto s = up->run(); !s)
            return s;
        if (sqlite3_changes(db) > 0)
            if (auto s = appendAudit(db, "uplink", "outbox.sent", "outbox:" + std::to_string(id), "receipt=" + receipt); !s)
                return s;
    }
    return tx->commit();
}

Status Register::outboxFailed(int64_t id, const std::string& error, int64_t nextAttemptMs, bool dead)
{
    if (auto s = d->requireWritable(); !s)
        return s;
    sqlite3* db = d->db.get();
    auto tx = sql::Transaction::begin(db);
    if (!tx)
        return std::unexpected(tx.error());
    auto up = Stmt::prepare(db, "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_ms = ?, "
                                "state = ? WHERE id = ? AND state = 'pending'");
    if (!up)
        return std::unexpected(up.error());
    up->bind(1, error).bind(2, nextAttemptMs).bind(3, dead ? "dead" : "pending").bind(4, id);
    if (auto s = up->run(); !s)
        return s;
    if (dead && sqlite3_changes(db) > 0)
        if (auto s = appendAudit(db, "uplink", "outbox.dead", "outbox:" + std::to_string(id), error); !s)
            return s;
    return tx->commit();
}

Result<int> Register::outboxRetry(std::optional<int64_t> id, const std::string& actor)
{
    if (auto s = d->requireWritable(); !s)
        return std::unexpected(s.error());
    sqlite3* db = d->db.get();
    auto tx = sql::Transaction::begin(db);
    if (!tx)
        return std::unexpected(tx.error());
    auto up = Stmt::prepare(db, std::string("UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_ms = ? "
                                            "WHERE state = 'dead'") +
                                    (id ? " AND id = ?" : ""));
    if (!up)
        return std::unexpected(up.error());
    up->bind(1, nowMs());
    if (id)
        up->bind(2, *id);
    if (auto s = up->run(); !s)
        return std::unexpected(s.error());
    const int n = sqlite3_changes(db);
    if (n > 0)
        if (auto s = appendAudit(db, actor, "outbox.retry", id ? "outbox:" + std::to_string(*id) : "outbox:dead",
                                 std::to_string(n) + " item(s)");
            !s)
            return std::unexpected(s.error());
    if (auto s = tx->commit(); !s)
        return std::unexpected(s.error());
    return n;
}

Result<std::vector<OutboxItem>> Register::outboxItems(std::optional<OutboxState> state, int limit)
{
    std::string q = std::string(kOutboxSelect) + (state ? " WHERE state = ?" : "") + " ORDER BY id";
    if (limit > 0)
        q += " LIMIT " + std::to_string(limit);
    auto st = Stmt::prepare(d->db.get(), q);
    if (!st)
        return std::unexpected(st.error());
    if (state)
        st->bind(1, toString(*state));
    return readOutboxRows(*st);
}

Result<OutboxCounts> Register::outboxCounts()
{
    auto st = Stmt::prepare(d->db.get(), "SELECT state, COUNT(*) FROM outbox GROUP BY state");
    if (!st)
        return std::unexpected(st.error());
    OutboxCounts c;
    for (;;) {
        auto row = st->step();
        if (!row)
            return std::unexpected(row.error());
        if (!*row)
            return c;
        const std::string s = st->text(0);
        (s == "sent" ? c.sent : s == "dead" ? c.dead : c.pending) = st->int64(1);
    }
}

Result<bool> Register::applyExchangeStatus(const ExchangeStatus& m, const std::string& actor)
{
    if (auto s = d->requireWritable(); !s)
        return std::unexpected(s.error());
    if (m.messageId.empty() || m.documentId.empty() || m.code.empty())
        return fail(Errc::InvalidInput, "a status message needs a message id, a DocumentId and a code");
    sqlite3* db = d->db.get();
    auto tx = sql::Transaction::begin(db);
    if (!tx)
        return std::unexpected(tx.error());
    auto ins = Stmt::prepare(db, "INSERT OR IGNORE INTO exchange_status (message_id, document_id, code, description, "
                                 "from_organ, status_time, received_at) VALUES (?,?,?,?,?,?,?)");
    if (!ins)
        return std::unexpected(ins.error());
    ins->bind(1, m.messageId).bind(2, text::nfc(m.documentId)).bind(3, m.code).bind(4, text::nfc(m.description));
    ins->bind(5, m.fromOrgan).bind(6, vntime::toIso8601(m.statusTime));
    ins->bind(7, vntime::toIso8601(m.receivedAt == Instant{} ? vntime::now() : m.receivedAt));
    if (auto s = ins->run(); !s)
        return std::unexpected(s.error());
    const bool applied = sqlite3_changes(db) > 0;
    if (applied)
        if (auto s = appendAudit(db, actor, "exchange.status", "document:" + m.documentId,
                                 "code=" + m.code + " from=" + m.fromOrgan + " message=" + m.messageId);
            !s)
            return std::unexpected(s.error());
    if (applied) {
        // Our outgoing documents this message is about: the outbox items of its DocumentId name them.
        auto ours = Stmt::prepare(db, "SELECT DISTINCT outgoing_id FROM outbox WHERE document_id = ? AND "
                                      "outgoing_id IS NOT NULL ORDER BY outgoing_id");
        if (!ours)
            return std::unexpected(ours.error());
        ours->bind(1, text::nfc(m.documentId));
        std::vector<int64_t> ids;
        for (;;) {
            auto row = ours->step();
            if (!row)
                return std::unexpected(row.error());
            if (!*row)
                break;
            ids.push_back(ours->int64(0));
        }
        const std::string statusTime = vntime::toIso8601(m.statusTime);
        for (int64_t id : ids) {
            const std::string subject = outgoingSubject(db, id);
            // Messages may arrive out of order: an agency's state only moves to a later status time.
            auto up = Stmt::prepare(db, "INSERT INTO outgoing_tracking (outgoing_id, organ, code, status_time, message_id) "
                                        "VALUES (?,?,?,?,?) ON CONFLICT (outgoing_id, organ) DO UPDATE SET "
                                        "code = excluded.code, status_time = excluded.status_time, "
                                        "message_id = excluded.message_id "
                                        "WHERE excluded.status_time >= outgoing_tracking.status_time");
            if (!up)
                return std::unexpected(up.error());
            up->bind(1, id).bind(2, m.fromOrgan).bind(3, m.code).bind(4, statusTime).bind(5, m.messageId);
            if (auto s = up->run(); !s)
                return std::unexpected(s.error());
            const bool moved = sqlite3_changes(db) > 0;
            if (auto s = appendAudit(db, actor, "outgoing.tracking", subject,
                                     "code=" + m.code + " from=" + m.fromOrgan + " message=" + m.messageId +
                                         (moved ? "" : " (older than the state held: kept)"));
                !s)
                return std::unexpected(s.error());
            const bool agree = m.code == d->options.recallAgreedCode, refuse = m.code == d->options.recallRefusedCode;
            if (!agree && !refuse)
                continue;
            auto state = outgoingState(db, id);
            if (!state)
                return std::unexpected(state.error());
            if (*state != OutgoingState::Frozen)
                continue;   // an answer to an update, or to a recall already settled: the record stays
            if (refuse) {
                // The recipient keeps the document: the record is issued again, the refusal on the trail.
                auto a = answerRecallRequest(db, id, RecallRequestInfo::State::Refused, m.statusTime, "status:" + m.messageId);
                if (!a)
                    return std::unexpected(a.error());
                if (auto s = appendAudit(db, actor, "outgoing.recall.refused", subject,
                                         "from=" + m.fromOrgan + " message=" + m.messageId +
                                             (m.description.empty() ? std::string() : " " + text::nfc(m.description)));
                    !s)
                    return std::unexpected(s.error());
                continue;
            }
            if (auto a = answerRecallRequest(db, id, RecallRequestInfo::State::Agreed, m.statusTime, "status:" + m.messageId); !a)
                return std::unexpected(a.error());
            RecallRequest rq;
            rq.reason = "Nơi nhận đồng ý thu hồi / the recipient agreed to the recall" +
                        (m.description.empty() ? std::string() : ": " + m.description);
            rq.at = m.statusTime;
            rq.source = "status:" + m.messageId;
            rq.actor = actor;
            if (auto w = writeRecall(db, "outgoing", id, rq, "outgoing.recalled", subject); !w)
                return std::unexpected(w.error());
        }
    }
    if (auto s = tx->commit(); !s)
        return std::unexpected(s.error());
    return applied;
}

Result<std::vector<ExchangeStatus>> Register::exchangeStatuses(const std::string& documentId)
{
    auto st = Stmt::prepare(d->db.get(), "SELECT message_id, document_id, code, description, from_organ, status_time, "
                                         "received_at FROM exchange_status WHERE document_id = ? ORDER BY id");
    if (!st)
        return std::unexpected(st.error());
    st->bind(1, text::nfc(documentId));
    std::vector<ExchangeStatus> out;
    for (;;) {
        auto row = st->step();
        if (!row)
            return std::unexpected(row.error());
        if (!*row)
            return out;
        ExchangeStatus m;
        m.messageId = st->text(0);
        m.documentId = st->text(1);
        m.code = st->text(2);
        m.description = st->text(3);
        m.fromOrgan = st->text(4);
        m.statusTime = parseStoredTime(st->text(5));
        m.receivedAt = parseStoredTime(st->text(6));
        out.push_back(std::move(m));
    }
}

} // namespace vanthu::reg
