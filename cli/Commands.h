#pragma once
// The `vanthu` subcommands. Each returns the process exit code.

#include "Args.h"

#include "vanthu/core/Config.h"
#include "vanthu/core/Error.h"

#include <string>
#include <vector>

namespace vanthu::cli {

// Exit codes, one per ErrorKind (README "Exit codes").
enum ExitCode : int {
    ExitOk = 0,
    ExitFailure = 1,      // a check ran and found a problem (e.g. audit verify found tampering)
    ExitUsage = 2,
    ExitInvalidInput = 3,
    ExitNotFound = 4,
    ExitConflict = 5,
    ExitDenied = 6,
    ExitIo = 7,
    ExitDevice = 8,
    ExitNetwork = 9,
    ExitIntegrity = 10,
    ExitCancelled = 11,
    ExitInternal = 70,
};

int exitCodeFor(const Error& e);
// Prints "Lỗi: <Vietnamese> / Error: <English> [domain.Code: detail]" to stderr; returns the exit code.
int report(const Error& e);

struct Context {
    StationConfig config;
    std::string actor;     // who acts, for the audit log
};

int cmdStatus(Context& ctx, const std::vector<std::string>& argv);
int cmdRegister(Context& ctx, const std::vector<std::string>& argv);
int cmdAudit(Context& ctx, const std::vector<std::string>& argv);
int cmdUser(Context& ctx, const std::vector<std::string>& argv);
int cmdCalendar(Context& ctx, const std::vector<std::string>& argv);
int cmdBackup(Context& ctx, const std::vector<std::string>& argv);
int cmdRestore(Context& ctx, const std::vector<std::string>& argv);
int cmdDevices(Context& ctx, const std::vector<std::string>& argv);
int cmdScan(Context& ctx, const std::vector<std::string>& argv);
int cmdImport(Context& ctx, const std::vector<std::string>& argv);
int cmdEval(Context& ctx, const std::vector<std::string>& argv);
int cmdExtract(Context& ctx, const std::vector<std::string>& argv);
int cmdOcr(Context& ctx, const std::vector<std::string>& argv);
int cmdSign(Context& ctx, const std::vector<std::string>& argv);
int cmdVerify(Context& ctx, const std::vector<std::string>& argv);
int cmdStamp(Context& ctx, const std::vector<std::string>& argv);
int cmdCopy(Context& ctx, const std::vector<std::string>& argv);
int cmdFillNumber(Context& ctx, const std::vector<std::string>& argv);
int cmdIssue(Context& ctx, const std::vector<std::string>& argv);
int cmdIntake(Context& ctx, const std::vector<std::string>& argv);
int cmdDue(Context& ctx, const std::vector<std::string>& argv);
int cmdDossier(Context& ctx, const std::vector<std::string>& argv);
int cmdRecall(Context& ctx, const std::vector<std::string>& argv);
int cmdUplink(Context& ctx, const std::vector<std::string>& argv);

} // namespace vanthu::cli
