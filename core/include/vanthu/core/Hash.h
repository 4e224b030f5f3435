#pragma once
// SHA-256 digests, hex encoded (lower case). Thread-safe.

#include "vanthu/core/Error.h"

#include <string>
#include <string_view>

namespace vanthu::hash {

std::string sha256Hex(std::string_view bytes);
// core::Errc::Io when the file cannot be read.
Result<std::string> sha256FileHex(const std::string& path);
// `n` bytes from the operating system's CSPRNG, hex encoded (2n characters).
std::string randomHex(size_t n);

} // namespace vanthu::hash
