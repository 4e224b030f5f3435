#pragma once
// Small file helpers shared by the flows. Private to workflow.

#include "vanthu/core/Error.h"

#include <chrono>
#include <functional>
#include <string>

namespace vanthu::workflow::detail {

// Copies a file byte for byte (temp + rename). workflow::Errc::Io.
Status copyFile(const std::string& from, const std::string& to);
// Writes text atomically (temp + rename). workflow::Errc::Io.
Status writeFileAtomic(const std::string& path, const std::string& bytes);
// Reads a whole file. workflow::Errc::Io / NotFound.
Result<std::string> readFile(const std::string& path);
// A new empty folder `<parent>/.pending-<pid>-<random>`. workflow::Errc::Io.
Result<std::string> pendingDir(const std::string& parent);
// Removes `<parent>/.pending-*` folders of processes that no longer run (and unnamed ones older than
// `unnamedAge`): what a crash between writing and publishing leaves. A stale folder `rescue` takes
// (returns true: a registration committed before the crash, its folder published) stays. Returns how
// many were removed.
int removeStalePending(const std::string& parent, std::chrono::seconds unnamedAge = std::chrono::hours(1),
                       const std::function<bool(const std::string& dir)>& rescue = {});

// The marker a flow writes into its pending folder before the registration commits: the record's
// intake key and where the folder goes. A folder with it, left by a crash after the commit, is
// published at the next start instead of removed (Station::setup).
inline constexpr const char* kPublishMarker = ".publish.json";
// Moves a pending folder to `target` (which must not exist; a numbered suffix is added when it does).
// Returns the final path. workflow::Errc::Io.
Result<std::string> publishDir(const std::string& pending, const std::string& target);

} // namespace vanthu::workflow::detail
