#include "Sandbox_p.h"

#include "vanthu/core/Log.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <new>

namespace vanthu::signing::detail {

namespace {

constexpr std::string_view kLog = "vanthu.signing";

bool writeAll(int fd, std::string_view data)
{
    while (!data.empty()) {
        const ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

[[noreturn]] void childMain(int fd, const SandboxTask& task, const SandboxLimits& limits)
{
    rlimit as{limits.memoryBytes, limits.memoryBytes};
    ::setrlimit(RLIMIT_AS, &as);
    rlimit core{0, 0};   // a crashing parser must not leave a core file with document contents
    ::setrlimit(RLIMIT_CORE, &core);
    std::string msg;
    try {
        auto result = task();
        if (result) {
            msg = "O";
            msg += *result;
        } else {
            msg = "E";
            putField(msg, std::to_string(result.error().code()));
            putField(msg, result.error().detail());
        }
    } catch (const std::bad_alloc&) {
        msg = "E";
        putField(msg, std::to_string(static_cast<int>(limits.onCrash)));
        putField(msg, "out of memory in the sandbox");
    } catch (const std::exception& e) {
        msg = "E";
        putField(msg, std::to_string(static_cast<int>(limits.onCrash)));
        putField(msg, e.what());
    } catch (...) {
        msg = "E";
        putField(msg, std::to_string(static_cast<int>(limits.onCrash)));
        putField(msg, "unknown exception in the sandbox");
    }
    const bool ok = writeAll(fd, msg);
    ::close(fd);
    ::_exit(ok ? 0 : 3);
}

} // namespace

void putField(std::string& out, std::string_view field)
{
    out += std::to_string(field.size());
    out += ':';
    out += field;
}

bool getField(std::string_view in, std::size_t& pos, std::string& field)
{
    const auto colon = in.find(':', pos);
    if (colon == std::string_view::npos || colon == pos)
        return false;
    std::size_t len = 0;
    for (std::size_t i = pos; i < colon; ++i) {
        if (in[i] < '0' || in[i] > '9')
            return false;
        len = len * 10 + static_cast<std::size_t>(in[i] - '0');
    }
    if (colon + 1 + len > in.size())
        return false;
    field.assign(in.substr(colon + 1, len));
    pos = colon + 1 + len;
    return true;
}

Result<std::string> runSandboxed(const SandboxTask& task, const SandboxLimits& limits)
{
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        return fail(Errc::Internal, std::string("pipe: ") + std::strerror(errno));
    const pid_t pid = ::fork();
    if (pid < 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        return fail(Errc::Internal, std::string("fork: ") + std::strerror(errno));
    }
    if (pid == 0) {
        ::close(fds[0]);
        childMain(fds[1], task, limits);
    }
    ::close(fds[1]);

    std::string data;
    bool timedOut = false;
    const auto deadline = std::chrono::steady_clock::now() + limits.timeout;
    char buf[65536];
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            timedOut = true;
            break;
        }
        pollfd p{fds[0], POLLIN, 0};
        const int r = ::poll(&p, 1, static_cast<int>(left.count()));
        if (r < 0 && errno == EINTR)
            continue;
        if (r == 0) {
            timedOut = true;
            break;
        }
        const ssize_t n = ::read(fds[0], buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        data.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fds[0]);
    if (timedOut)
        ::kill(pid, SIGKILL);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (timedOut) {
        log::warning(kLog, "sandboxed task exceeded its deadline and was killed");
        return fail(limits.onTimeout, "no answer within " + std::to_string(limits.timeout.count()) + " ms");
    }
    if (WIFSIGNALED(status)) {
        log::warning(kLog, "sandboxed task died with signal " + std::to_string(WTERMSIG(status)));
        return fail(limits.onCrash, "the worker process died with signal " + std::to_string(WTERMSIG(status)));
    }
    if (data.empty())
        return fail(limits.onCrash, "the worker process exited without an answer");
    if (data[0] == 'O')
        return data.substr(1);
    std::size_t pos = 1;
    std::string code, detail;
    if (!getField(data, pos, code) || !getField(data, pos, detail))
        return fail(Errc::Internal, "garbled answer from the worker process");
    const auto number = parseInteger<int>(code);
    if (!number)
        return fail(Errc::Internal, "garbled error code from the worker process");
    return std::unexpected(Error(static_cast<Errc>(*number), detail));
}

} // namespace vanthu::signing::detail
