#include "RegisterAdapter.h"

namespace vanthu::ui::adapter {

Result<reg::Register> open(workflow::Station& station)
{
    reg::OpenOptions options;
    options.accounts = station.config().accounts;
    options.numbering = station.config().numbering;
    return reg::Register::open(station.paths().database, options);
}

} // namespace vanthu::ui::adapter
