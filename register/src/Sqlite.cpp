#include "Sqlite_p.h"

namespace vanthu::reg::sql {

Error toError(sqlite3* db, int rc, std::string_view what)
{
    std::string detail(what);
    detail += ": ";
    detail += db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return Error(Errc::Busy, detail);
    case SQLITE_FULL: return Error(Errc::DiskFull, detail);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return Error(Errc::Corrupt, detail);
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM: return Error(Errc::Io, detail);
    default: return Error(Errc::Sqlite, detail);
    }
}

Result<Stmt> Stmt::prepare(sqlite3* db, std::string_view sql)
{
    sqlite3_stmt* raw = nullptr;
    const int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &raw, nullptr);
    if (rc != SQLITE_OK)
        return std::unexpected(toError(db, rc, "prepare"));
    Stmt s;
    s.m_stmt.reset(raw);
    s.m_db = db;
    return s;
}

Stmt& Stmt::bind(int i, std::string_view v)
{
    sqlite3_bind_text(m_stmt.get(), i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
}
Stmt& Stmt::bind(int i, int64_t v)
{
    sqlite3_bind_int64(m_stmt.get(), i, v);
    return *this;
}
Stmt& Stmt::bindNull(int i)
{
    sqlite3_bind_null(m_stmt.get(), i);
    return *this;
}

Result<bool> Stmt::step()
{
    const int rc = sqlite3_step(m_stmt.get());
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    return std::unexpected(toError(m_db, rc, "step"));
}

Status Stmt::run()
{
    for (;;) {
        auto r = step();
        if (!r)
            return std::unexpected(r.error());
        if (!*r)
            return {};
    }
}

void Stmt::reset()
{
    sqlite3_reset(m_stmt.get());
    sqlite3_clear_bindings(m_stmt.get());
}

std::string Stmt::text(int col) const
{
    const auto* p = sqlite3_column_text(m_stmt.get(), col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(m_stmt.get(), col)))
             : std::string();
}
std::optional<std::string> Stmt::optText(int col) const
{
    if (isNull(col))
        return std::nullopt;
    return text(col);
}
int64_t Stmt::int64(int col) const { return sqlite3_column_int64(m_stmt.get(), col); }
std::optional<int> Stmt::optInt(int col) const
{
    if (isNull(col))
        return std::nullopt;
    return integer(col);
}
bool Stmt::isNull(int col) const { return sqlite3_column_type(m_stmt.get(), col) == SQLITE_NULL; }

Status exec(sqlite3* db, std::string_view sql)
{
    char* msg = nullptr;
    const std::string s(sql);
    const int rc = sqlite3_exec(db, s.c_str(), nullptr, nullptr, &msg);
    sqlite3_free(msg);
    if (rc != SQLITE_OK)
        return std::unexpected(toError(db, rc, "exec"));
    return {};
}

Result<Transaction> Transaction::begin(sqlite3* db)
{
    if (auto s = exec(db, "BEGIN IMMEDIATE"); !s)
        return std::unexpected(s.error());
    return Transaction(db);
}

Transaction::~Transaction()
{
    if (m_db)
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
}

Status Transaction::commit()
{
    auto s = exec(m_db, "COMMIT");
    if (s)
        m_db = nullptr;
    return s;
}

} // namespace vanthu::reg::sql
