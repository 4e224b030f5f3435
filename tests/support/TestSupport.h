#pragma once
// Helpers shared by the test executables: temporary directories, running tools, reading files.

#include <filesystem>
#include <string>
#include <vector>

namespace vanthu::test {

// A fresh directory under $TMPDIR, removed when the object goes out of scope.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return m_path; }
    std::string file(const std::string& name) const { return (m_path / name).string(); }

private:
    std::filesystem::path m_path;
};

struct ProcessResult {
    int exitCode = -1;      // -1 when killed by a signal
    std::string out;        // stdout
    std::string err;        // stderr
};

// Runs argv[0] with the arguments (no shell), optional stdin text, extra environment "K=V" entries.
ProcessResult run(const std::vector<std::string>& argv, const std::string& input = {},
                  const std::vector<std::string>& env = {});

std::string readFile(const std::string& path);
void writeFile(const std::string& path, const std::string& data);

// A PDF file of the given objects (numbered from 1, the first the catalog), written byte by byte
// with a correct cross-reference table: made without any PDF library of ours.
std::string pdfOfObjects(const std::vector<std::string>& objects);

} // namespace vanthu::test
