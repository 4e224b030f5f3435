#pragma once
// Running a helper program (openssl, certutil, lp) without a shell: argv as given, stdout and stderr
// captured, exit status returned. Private to workflow.

#include <string>
#include <vector>

namespace vanthu::workflow::detail {

struct ProcessResult {
    int exitCode = -1;        // -1: could not start
    std::string output;       // stdout and stderr together
};

ProcessResult runProcess(const std::vector<std::string>& argv);
// Whether `program` is found on PATH.
bool haveProgram(const std::string& program);

} // namespace vanthu::workflow::detail
