#include "vanthu/register/Errors.h"

namespace vanthu::reg {

namespace {
std::string_view codeName(int c)
{
    switch (static_cast<Errc>(c)) {
    case Errc::OpenFailed: return "OpenFailed";
    case Errc::Busy: return "Busy";
    case Errc::SchemaTooNew: return "SchemaTooNew";
    case Errc::MigrationFailed: return "MigrationFailed";
    case Errc::DiskFull: return "DiskFull";
    case Errc::Corrupt: return "Corrupt";
    case Errc::Io: return "Io";
    case Errc::Sqlite: return "Sqlite";
    case Errc::InvalidInput: return "InvalidInput";
    case Errc::NotFound: return "NotFound";
    case Errc::DuplicateNumber: return "DuplicateNumber";
    case Errc::YearClosed: return "YearClosed";
    case Errc::UserExists: return "UserExists";
    case Errc::WeakPassword: return "WeakPassword";
    case Errc::InvalidRole: return "InvalidRole";
    case Errc::AuthFailed: return "AuthFailed";
    case Errc::AccountLocked: return "AccountLocked";
    case Errc::AccountDisabled: return "AccountDisabled";
    case Errc::AuditTampered: return "AuditTampered";
    case Errc::BackupFailed: return "BackupFailed";
    case Errc::RestoreFailed: return "RestoreFailed";
    case Errc::SecretRefused: return "SecretRefused";
    case Errc::RecallPending: return "RecallPending";
    case Errc::AlreadyRecalled: return "AlreadyRecalled";
    case Errc::NumberTaken: return "NumberTaken";
    }
    return "Unknown";
}

ErrorKind kind(int c)
{
    switch (static_cast<Errc>(c)) {
    case Errc::OpenFailed:
    case Errc::DiskFull:
    case Errc::Io:
    case Errc::BackupFailed:
    case Errc::RestoreFailed: return ErrorKind::Io;
    case Errc::Busy:
    case Errc::DuplicateNumber:
    case Errc::YearClosed:
    case Errc::UserExists:
    case Errc::RecallPending:
    case Errc::AlreadyRecalled:
    case Errc::NumberTaken: return ErrorKind::Conflict;
    case Errc::SchemaTooNew:
    case Errc::InvalidInput:
    case Errc::WeakPassword:
    case Errc::InvalidRole: return ErrorKind::InvalidInput;
    case Errc::NotFound: return ErrorKind::NotFound;
    case Errc::AuthFailed:
    case Errc::AccountLocked:
    case Errc::AccountDisabled:
    case Errc::SecretRefused: return ErrorKind::Denied;
    case Errc::Corrupt:
    case Errc::AuditTampered: return ErrorKind::Integrity;
    case Errc::MigrationFailed:
    case Errc::Sqlite: return ErrorKind::Internal;
    }
    return ErrorKind::Internal;
}

constexpr ErrorDomain kDomain{"register", &codeName, &kind};
} // namespace

const ErrorDomain& errorDomain(Errc) { return kDomain; }

} // namespace vanthu::reg
