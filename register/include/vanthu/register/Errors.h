#pragma once
#include "vanthu/core/Error.h"

namespace vanthu::reg {

enum class Errc {
    OpenFailed = 1,     // the database file cannot be opened or created
    Busy,               // another process held the write lock past the busy timeout
    SchemaTooNew,       // the file was written by a newer vanthu
    MigrationFailed,    // an upgrade step failed; the database was left as it was
    DiskFull,           // SQLITE_FULL / ENOSPC: nothing was written
    Corrupt,            // integrity check failed or the file is not a vanthu database
    Io,                 // other I/O failure
    Sqlite,             // an unexpected SQLite error (a bug)
    InvalidInput,       // a request field is missing or malformed
    NotFound,
    DuplicateNumber,    // number+symbol already issued this year
    YearClosed,         // the book for that year is closed
    UserExists,
    WeakPassword,
    InvalidRole,
    AuthFailed,         // wrong user name or password (never says which)
    AccountLocked,
    AccountDisabled,
    AuditTampered,      // the audit chain does not verify
    BackupFailed,
    RestoreFailed,
    SecretRefused,      // a secret document may not enter the outbox (it never leaves the station)
    RecallPending,      // an outgoing record is frozen by a recall we asked for: nothing more of it may be
                        // sent, amended or recalled until the recipients answer
    AlreadyRecalled,    // the outgoing record was recalled (cancelled): it cannot be sent or recalled again
    NumberTaken,        // the number a request expected (outputs made before the transaction carry it)
                        // went to another registration meanwhile: nothing written, make them again
};
const ErrorDomain& errorDomain(Errc);

} // namespace vanthu::reg
