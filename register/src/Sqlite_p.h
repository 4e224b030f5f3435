#pragma once
// Private RAII wrapper over the SQLite C API. Errors become reg::Errc values with SQLite's message.

#include "vanthu/register/Errors.h"

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace vanthu::reg::sql {

// Maps an SQLite result code to our error, keeping SQLite's message as detail.
Error toError(sqlite3* db, int rc, std::string_view what);

struct DbCloser {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using DbPtr = std::unique_ptr<sqlite3, DbCloser>;

class Stmt {
public:
    Stmt() = default;
    static Result<Stmt> prepare(sqlite3* db, std::string_view sql);

    Stmt& bind(int i, std::string_view v);
    Stmt& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
    Stmt& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
    Stmt& bind(int i, int64_t v);
    Stmt& bind(int i, int v) { return bind(i, static_cast<int64_t>(v)); }
    Stmt& bindNull(int i);
    Stmt& bind(int i, const std::optional<std::string>& v) { return v ? bind(i, std::string_view(*v)) : bindNull(i); }
    Stmt& bind(int i, const std::optional<int>& v) { return v ? bind(i, *v) : bindNull(i); }
    // Binds NULL for an empty string.
    Stmt& bindText(int i, std::string_view v) { return v.empty() ? bindNull(i) : bind(i, v); }

    // Next row: true while rows remain.
    Result<bool> step();
    // Runs to completion (for statements that return no rows).
    Status run();
    void reset();

    std::string text(int col) const;
    std::optional<std::string> optText(int col) const;
    int64_t int64(int col) const;
    int integer(int col) const { return static_cast<int>(int64(col)); }
    std::optional<int> optInt(int col) const;
    bool isNull(int col) const;

private:
    struct Finalizer {
        void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
    };
    std::unique_ptr<sqlite3_stmt, Finalizer> m_stmt;
    sqlite3* m_db = nullptr;
};

Status exec(sqlite3* db, std::string_view sql);

// A write transaction begun with BEGIN IMMEDIATE (takes the write lock up front, so two writers
// never both read the same "next number"). Rolls back unless commit() succeeded.
class Transaction {
public:
    static Result<Transaction> begin(sqlite3* db);
    Transaction(Transaction&& o) noexcept : m_db(o.m_db) { o.m_db = nullptr; }
    Transaction& operator=(Transaction&&) = delete;
    ~Transaction();
    Status commit();

private:
    explicit Transaction(sqlite3* db) : m_db(db) {}
    sqlite3* m_db;
};

} // namespace vanthu::reg::sql
