#pragma once
// Runs a piece of work in a forked child process with a wall-clock deadline and an address-space
// limit, and returns what it wrote. Used for untrusted PDFs (PoDoFo 0.9.8 is an old parser) and
// for PKCS#11 sessions (libp11 0.4.12 hangs on a missing/uninitialised token:
// https://github.com/OpenSC/libp11/issues/525).

#include "vanthu/core/Error.h"
#include "vanthu/signing/Errors.h"

#include <charconv>
#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace vanthu::signing::detail {

struct SandboxLimits {
    std::chrono::milliseconds timeout{30000};
    std::size_t memoryBytes = std::size_t{1} << 30;   // RLIMIT_AS of the child
    Errc onTimeout = Errc::ResourceLimit;              // what a deadline overrun is reported as
    Errc onCrash = Errc::PdfMalformed;                 // what a crash / OOM of the child is
};

// The child's work: returns its payload or an Error (both are sent back to the parent).
using SandboxTask = std::function<Result<std::string>()>;

// Forks, runs `task` in the child, returns its result. The child never returns into the caller's
// code (it _exit()s). Thread affinity: any thread.
Result<std::string> runSandboxed(const SandboxTask& task, const SandboxLimits& limits);

// Length-prefixed fields for payloads.
void putField(std::string& out, std::string_view field);
// Reads the next field at `pos` (advanced); false when the payload is truncated.
bool getField(std::string_view in, std::size_t& pos, std::string& field);

// A decimal integer filling the whole field, or nullopt. Never throws: a subverted child may answer
// anything, and an exception must not cross into the caller.
template <class T>
std::optional<T> parseInteger(std::string_view s)
{
    T value{};
    const char* end = s.data() + s.size();
    const auto [ptr, ec] = std::from_chars(s.data(), end, value);
    if (s.empty() || ec != std::errc() || ptr != end)
        return std::nullopt;
    return value;
}

} // namespace vanthu::signing::detail
