#pragma once
// A thin adapter over the register's public API for what `workflow` does not expose (yet): account
// login, the account list, listing the books, the audit history of a record and the outbox. Every
// call is blocking (SQLite, Argon2id): worker thread only. Each opens its own connection, as the
// workflow flows do.

#include "vanthu/register/Register.h"
#include "vanthu/workflow/Station.h"

namespace vanthu::ui::adapter {

Result<reg::Register> open(workflow::Station& station);

} // namespace vanthu::ui::adapter
