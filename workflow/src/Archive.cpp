#include "Archive_p.h"

#include "vanthu/core/Hash.h"
#include "vanthu/workflow/Errors.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace vanthu::workflow::detail {

namespace fs = std::filesystem;

Status writeFileAtomic(const std::string& path, const std::string& bytes)
{
    const std::string tmp = path + ".tmp-" + hash::randomHex(4);
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return fail(Errc::Io, "cannot create " + tmp);
    size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n <= 0) {
            ::close(fd);
            ::unlink(tmp.c_str());
            return fail(Errc::Io, "cannot write " + path + " (disk full?)");
        }
        done += static_cast<size_t>(n);
    }
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    if (!synced || ::rename(tmp.c_str(), path.c_str()) != 0) {
        ::unlink(tmp.c_str());
        return fail(Errc::Io, "cannot write " + path);
    }
    return {};
}

Result<std::string> readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return fail(Errc::NotFound, "cannot read " + path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

Status copyFile(const std::string& from, const std::string& to)
{
    auto bytes = readFile(from);
    if (!bytes)
        return std::unexpected(bytes.error());
    return writeFileAtomic(to, *bytes);
}

Result<std::string> pendingDir(const std::string& parent)
{
    std::error_code ec;
    fs::create_directories(parent, ec);
    // The owner's pid in the name: a folder whose process is gone is a crash's leftover.
    const std::string d = parent + "/.pending-" + std::to_string(::getpid()) + "-" + hash::randomHex(6);
    if (!fs::create_directory(d, ec) || ec)
        return fail(Errc::Io, "cannot create " + d);
    return d;
}

int removeStalePending(const std::string& parent, std::chrono::seconds unnamedAge,
                       const std::function<bool(const std::string& dir)>& rescue)
{
    std::error_code ec;
    int removed = 0;
    const auto now = fs::file_time_type::clock::now();
    for (auto it = fs::directory_iterator(parent, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (!name.starts_with(".pending-") || !it->is_directory(ec))
            continue;
        const std::string rest = name.substr(9);
        const auto dash = rest.find('-');
        bool stale = false;
        if (dash != std::string::npos && dash > 0 && rest.find_first_not_of("0123456789") == dash) {
            const long pid = std::strtol(rest.substr(0, dash).c_str(), nullptr, 10);
            // kill(pid, 0): ESRCH = no such process. A pid reused by another process keeps the folder
            // until a later open; never the other way round.
            stale = pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
        } else {
            // Written before the pid was in the name: stale when nothing touched it for a while.
            std::error_code tec;
            const auto t = fs::last_write_time(it->path(), tec);
            stale = !tec && now - t > unnamedAge;
        }
        if (!stale || (rescue && rescue(it->path().string())))
            continue;
        std::error_code rec;
        fs::remove_all(it->path(), rec);
        if (!rec)
            ++removed;
    }
    return removed;
}

Result<std::string> publishDir(const std::string& pending, const std::string& target)
{
    std::error_code ec;
    fs::create_directories(fs::path(target).parent_path(), ec);
    std::string t = target;
    for (int i = 2; fs::exists(t, ec); ++i)
        t = target + "." + std::to_string(i);
    fs::rename(pending, t, ec);
    if (ec)
        return fail(Errc::Io, "cannot move " + pending + " to " + t + ": " + ec.message());
    return t;
}

} // namespace vanthu::workflow::detail
