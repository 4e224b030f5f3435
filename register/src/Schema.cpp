#include "Schema_p.h"

#include "Sqlite_p.h"

#include "vanthu/core/Log.h"
#include "vanthu/core/VnTime.h"

#include <array>
#include <string>

namespace vanthu::reg::schema {

namespace {
// Each entry takes the schema from version i to i + 1. Never edit a released entry: add one.
constexpr std::array<std::string_view, 4> kMigrations{
    // 0 -> 1: the first schema.
    R"sql(
CREATE TABLE schema_migrations (
    version     INTEGER PRIMARY KEY,   -- the schema version this step produced
    applied_at  TEXT NOT NULL,         -- ISO 8601 +07:00
    vanthu      TEXT NOT NULL          -- the vanthu version that applied it
);
CREATE TABLE incoming (
    id              INTEGER PRIMARY KEY,
    book            TEXT    NOT NULL CHECK (book IN ('regular', 'secret')),
    year            INTEGER NOT NULL,
    arrival_number  INTEGER NOT NULL CHECK (arrival_number > 0),
    arrival_time    TEXT    NOT NULL,   -- ISO 8601 +07:00, when it counts as received
    arrival_date    TEXT    NOT NULL,   -- YYYY-MM-DD Vietnam time, for range queries
    received_at     TEXT    NOT NULL,   -- wall clock of the station
    channel         TEXT    NOT NULL CHECK (channel IN ('paper', 'electronic')),
    intake_key      TEXT    NOT NULL UNIQUE,
    document_id     TEXT,
    number          INTEGER,
    number_year     INTEGER,
    symbol          TEXT    NOT NULL,
    number_symbol   TEXT    NOT NULL,
    issued_date     TEXT,
    place           TEXT    NOT NULL DEFAULT '',
    issuer_parent   TEXT    NOT NULL DEFAULT '',
    issuer          TEXT    NOT NULL DEFAULT '',
    type_name       TEXT,
    subject         TEXT    NOT NULL DEFAULT '',
    urgency         TEXT    NOT NULL DEFAULT '',
    secrecy         TEXT    NOT NULL DEFAULT '',
    signer_authority TEXT   NOT NULL DEFAULT '',
    signer_position TEXT    NOT NULL DEFAULT '',
    signer_name     TEXT    NOT NULL DEFAULT '',
    recipients      TEXT    NOT NULL DEFAULT '',   -- one per line
    page_count      INTEGER NOT NULL DEFAULT 0,
    recipient_unit  TEXT    NOT NULL DEFAULT '',
    handed_over_at  TEXT,
    due_at          TEXT,
    note            TEXT    NOT NULL DEFAULT '',
    status          TEXT    NOT NULL DEFAULT 'registered' CHECK (status IN ('registered', 'cancelled')),
    created_by      TEXT    NOT NULL,
    dup_key         TEXT    NOT NULL,   -- searchKey(number/symbol) | searchKey(issuer)
    search_key      TEXT    NOT NULL,
    UNIQUE (book, year, arrival_number)
);
CREATE INDEX incoming_dup ON incoming (dup_key);
CREATE INDEX incoming_docid ON incoming (document_id);
CREATE INDEX incoming_date ON incoming (arrival_date);

CREATE TABLE outgoing (
    id              INTEGER PRIMARY KEY,
    series          TEXT    NOT NULL,
    year            INTEGER NOT NULL,
    number          INTEGER NOT NULL CHECK (number > 0),
    number_year     INTEGER,
    symbol          TEXT    NOT NULL,
    number_symbol   TEXT    NOT NULL,
    number_symbol_key TEXT  NOT NULL,
    issued_at       TEXT    NOT NULL,
    issued_date     TEXT    NOT NULL,
    place           TEXT    NOT NULL DEFAULT '',
    issuer_parent   TEXT    NOT NULL DEFAULT '',
    issuer          TEXT    NOT NULL DEFAULT '',
    type_name       TEXT,
    subject         TEXT    NOT NULL DEFAULT '',
    urgency         TEXT    NOT NULL DEFAULT '',
    secrecy         TEXT    NOT NULL DEFAULT '',
    signer_authority TEXT   NOT NULL DEFAULT '',
    signer_position TEXT    NOT NULL DEFAULT '',
    signer_name     TEXT    NOT NULL DEFAULT '',
    recipients      TEXT    NOT NULL DEFAULT '',
    page_count      INTEGER NOT NULL DEFAULT 0,
    retained_by     TEXT    NOT NULL DEFAULT '',
    copies          INTEGER NOT NULL DEFAULT 1,
    intake_key      TEXT    NOT NULL UNIQUE,
    response_for    TEXT    NOT NULL DEFAULT '',
    note            TEXT    NOT NULL DEFAULT '',
    status          TEXT    NOT NULL DEFAULT 'registered' CHECK (status IN ('registered', 'cancelled')),
    created_by      TEXT    NOT NULL,
    search_key      TEXT    NOT NULL,
    UNIQUE (series, year, number),
    UNIQUE (year, number_symbol_key)
);
CREATE INDEX outgoing_date ON outgoing (issued_date);

CREATE TABLE closed_years (
    year        INTEGER PRIMARY KEY,
    closed_at   TEXT NOT NULL,
    closed_by   TEXT NOT NULL
);

CREATE TABLE users (
    username        TEXT PRIMARY KEY,
    full_name       TEXT NOT NULL,
    role            TEXT NOT NULL,
    password_hash   TEXT NOT NULL,     -- Argon2id encoded string
    failed_logins   INTEGER NOT NULL DEFAULT 0,
    locked_until    TEXT,
    disabled        INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL
);

CREATE TABLE audit (
    seq         INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    subject     TEXT NOT NULL,
    detail      TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
-- Append-only: the application never updates or deletes audit rows. The verifier catches anyone
-- who drops these triggers and edits the table anyway.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)sql",
    // 1 -> 2: the uplink outbox (issue #6) and the status messages received from the registry.
    R"sql(
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,          -- also the sending order
    idem_key        TEXT    NOT NULL UNIQUE,      -- DocumentId | kind:business type | version
    document_id     TEXT    NOT NULL,             -- edXML DocumentId; order is kept per document
    kind            TEXT    NOT NULL CHECK (kind IN ('document', 'status')),
    business_type   INTEGER NOT NULL,             -- BussinessDocType 0..3, or the status code
    version         INTEGER NOT NULL CHECK (version > 0),
    outgoing_id     INTEGER REFERENCES outgoing (id),
    incoming_id     INTEGER REFERENCES incoming (id),
    package_sha256  TEXT    NOT NULL,
    package_size    INTEGER NOT NULL,             -- bytes
    state           TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms INTEGER NOT NULL,             -- Unix time in milliseconds
    last_error      TEXT    NOT NULL DEFAULT '',
    created_at      TEXT    NOT NULL,
    created_by      TEXT    NOT NULL,
    sent_at         TEXT,
    receipt         TEXT    NOT NULL DEFAULT ''   -- the registry's acknowledgement
);
CREATE INDEX outbox_document ON outbox (document_id, id);
-- The package bytes live apart: in the outbox row they would sit in overflow pages that every scan
-- of the queue's small columns has to walk.
CREATE TABLE outbox_package (
    outbox_id       INTEGER PRIMARY KEY REFERENCES outbox (id),
    package         TEXT    NOT NULL              -- the complete signed edXML package
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_ms);

CREATE TABLE exchange_status (
    id              INTEGER PRIMARY KEY,
    message_id      TEXT    NOT NULL UNIQUE,      -- the registry's id: applying a message twice is a no-op
    document_id     TEXT    NOT NULL,
    code            TEXT    NOT NULL,             -- edXML StatusCode, "01".."16"
    description     TEXT    NOT NULL DEFAULT '',
    from_organ      TEXT    NOT NULL DEFAULT '',
    status_time     TEXT    NOT NULL,
    received_at     TEXT    NOT NULL
);
CREATE INDEX exchange_status_document ON exchange_status (document_id);
)sql",
    // 2 -> 3: what registry status messages and recalls do to the records (issue #7). New tables only:
    // the rows of the books stay byte for byte as they were.
    R"sql(
CREATE TABLE outgoing_tracking (
    outgoing_id     INTEGER NOT NULL REFERENCES outgoing (id),
    organ           TEXT    NOT NULL,             -- OrganId of the agency that reported ('' when unnamed)
    code            TEXT    NOT NULL,             -- its latest edXML StatusCode "01".."16"
    status_time     TEXT    NOT NULL,             -- ISO 8601 +07:00, when the agency set it
    message_id      TEXT    NOT NULL,             -- the status message it came from
    PRIMARY KEY (outgoing_id, organ)
);
CREATE TABLE recall (
    id              INTEGER PRIMARY KEY,
    incoming_id     INTEGER UNIQUE REFERENCES incoming (id),
    outgoing_id     INTEGER UNIQUE REFERENCES outgoing (id),
    at              TEXT    NOT NULL,             -- when the recall took effect, ISO 8601 +07:00
    reason          TEXT    NOT NULL DEFAULT '',
    source          TEXT    NOT NULL DEFAULT '',  -- 'clerk', 'package:<DocumentId>', 'status:<message id>'
    actor           TEXT    NOT NULL,
    CHECK ((incoming_id IS NULL) <> (outgoing_id IS NULL))
);
)sql",
    // 3 -> 4: a recall we ask for freezes the outgoing record until the recipients answer (issue #7
    // item 4, DOMAIN.md §3 "the sender freezes the outgoing one"). A new table only: the rows of the
    // books stay byte for byte as they were. A recall package schema 3 had already queued becomes the
    // record's request (pending, or agreed when the record was cancelled), so the freeze holds for it.
    R"sql(
CREATE TABLE outgoing_recall_request (
    id              INTEGER PRIMARY KEY,
    outgoing_id     INTEGER NOT NULL REFERENCES outgoing (id),
    version         INTEGER NOT NULL CHECK (version > 0),   -- the recall package's version
    outbox_id       INTEGER REFERENCES outbox (id),          -- the recall package
    requested_at    TEXT    NOT NULL,                        -- ISO 8601 +07:00
    reason          TEXT    NOT NULL,
    actor           TEXT    NOT NULL,
    state           TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'agreed', 'refused')),
    answered_at     TEXT,                                    -- when the recipients answered
    answer_source   TEXT    NOT NULL DEFAULT '',             -- 'status:<message id>', 'clerk'
    UNIQUE (outgoing_id, version)
);
-- At most one pending request per record: the freeze itself.
CREATE UNIQUE INDEX outgoing_recall_pending ON outgoing_recall_request (outgoing_id) WHERE state = 'pending';
INSERT INTO outgoing_recall_request (outgoing_id, version, outbox_id, requested_at, reason, actor, state, answered_at,
                                     answer_source)
    SELECT o.outgoing_id, o.version, o.id, o.created_at, '(xếp hàng trước lược đồ 4 / queued before schema 4)',
           o.created_by, CASE WHEN g.status = 'cancelled' THEN 'agreed' ELSE 'pending' END,
           (SELECT at FROM recall WHERE recall.outgoing_id = g.id), COALESCE((SELECT source FROM recall
           WHERE recall.outgoing_id = g.id), '')
    FROM outbox o JOIN outgoing g ON g.id = o.outgoing_id
    WHERE o.kind = 'document' AND o.business_type = 1 AND o.id = (SELECT MAX(p.id) FROM outbox p
        WHERE p.outgoing_id = o.outgoing_id AND p.kind = 'document' AND p.business_type = 1);
)sql",
};
} // namespace

Result<int> version(sqlite3* db)
{
    auto st = sql::Stmt::prepare(db, "PRAGMA user_version");
    if (!st)
        return std::unexpected(st.error());
    auto row = st->step();
    if (!row)
        return std::unexpected(row.error());
    return st->integer(0);
}

Status migrate(sqlite3* db, int target)
{
    auto appId = sql::Stmt::prepare(db, "PRAGMA application_id");
    if (!appId)
        return std::unexpected(appId.error());
    if (auto r = appId->step(); !r)
        return std::unexpected(r.error());
    const int id = appId->integer(0);
    auto current = version(db);
    if (!current)
        return std::unexpected(current.error());
    if (id != 0 && id != kApplicationId)
        return fail(Errc::Corrupt, "the file is not a vanthu register (application_id " + std::to_string(id) + ")");
    if (id == 0 && *current != 0)
        return fail(Errc::Corrupt, "the file is an SQLite database of another application");
    if (*current > target)
        return fail(Errc::SchemaTooNew, "the register has schema " + std::to_string(*current) +
                                            "; this vanthu understands up to " + std::to_string(target));
    if (target > static_cast<int>(kMigrations.size()))
        return fail(Errc::MigrationFailed, "no migration to schema " + std::to_string(target));
    for (int v = *current; v < target; ++v) {
        auto tx = sql::Transaction::begin(db);
        if (!tx)
            return std::unexpected(tx.error());
        // Another process may have migrated while we waited for the lock.
        auto now = version(db);
        if (!now)
            return std::unexpected(now.error());
        if (*now > v) {
            v = *now - 1;
            continue;
        }
        if (auto s = sql::exec(db, kMigrations[static_cast<size_t>(v)]); !s) {
            log::error("vanthu.register", "migration " + std::to_string(v) + " -> " + std::to_string(v + 1) +
                                              " failed, database left unchanged: " + s.error().detail());
            return fail(Errc::MigrationFailed, "schema " + std::to_string(v) + " -> " + std::to_string(v + 1) + ": " +
                                                   s.error().detail() + " (database left at schema " + std::to_string(v) + ")");
        }
        // The version lives twice: PRAGMA user_version is what SQLite checks cheaply on open, the
        // schema_migrations table is the history an administrator reads.
        const std::string pragmas = "PRAGMA application_id = " + std::to_string(kApplicationId) +
                                    "; PRAGMA user_version = " + std::to_string(v + 1) +
                                    "; INSERT INTO schema_migrations (version, applied_at, vanthu) VALUES (" +
                                    std::to_string(v + 1) + ", '" + vntime::toIso8601(vntime::now()) + "', '0.1.0')";
        if (auto s = sql::exec(db, pragmas); !s)
            return fail(Errc::MigrationFailed, s.error().detail());
        if (auto s = tx->commit(); !s)
            return fail(Errc::MigrationFailed, s.error().detail());
        log::info("vanthu.register", "schema migrated to version " + std::to_string(v + 1));
    }
    return {};
}

} // namespace vanthu::reg::schema
