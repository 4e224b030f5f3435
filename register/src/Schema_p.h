#pragma once
#include "vanthu/core/Error.h"

#include <sqlite3.h>

namespace vanthu::reg::schema {

// 'VTHU': marks a file as a vanthu register (PRAGMA application_id).
inline constexpr int kApplicationId = 0x56544855;

// Brings the database up to `target`, one migration per transaction; a failing step is rolled back
// and the file keeps its previous version. SchemaTooNew when the file is newer than `target`;
// Corrupt when it belongs to another application.
Status migrate(sqlite3* db, int target);
Result<int> version(sqlite3* db);

} // namespace vanthu::reg::schema
