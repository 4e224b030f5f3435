#pragma once
// A capture job's work folder: every page of every stage is written as soon as it exists, as an
// inspectable PNG, so a crash mid-batch loses at most the page being read, and a restarted job
// lists what it already has.
//
//   <root>/<job-id>/job.ini                    what the job is (source, settings, started)
//   <root>/<job-id>/original/<file>            imported files, byte for byte
//   <root>/<job-id>/pages/0001.raw.png         as scanned / rendered
//   <root>/<job-id>/pages/0001.clean.png       after cleanup
//   <root>/<job-id>/pages/0001.ini             rotation, skew, blank score, ...
//
// Files are written to a temporary name and renamed, so a name that exists is complete.

#include "vanthu/capture/Errors.h"
#include "vanthu/core/PageImage.h"

#include <map>
#include <string>
#include <vector>

namespace vanthu::capture {

struct JobPage {
    int index = 0;                               // 1-based
    std::map<std::string, std::string> stages;   // stage name -> file path ("raw", "clean")
    std::map<std::string, std::string> facts;    // from <n>.ini
};

class JobFolder {
public:
    // Creates <root>/<id> (id: time-based and unique). Io.
    static Result<JobFolder> create(const std::string& root, const std::map<std::string, std::string>& info = {});
    // Opens an existing job folder. Io when it is not one.
    static Result<JobFolder> open(const std::string& dir);

    const std::string& dir() const { return m_dir; }
    std::string id() const;

    // Writes page `index` of `stage` ("raw", "clean", ...) atomically. Io (e.g. disk full).
    Result<std::string> writePage(int index, const std::string& stage, const PageImage& page);
    // Records facts about a page (rotation, skew, blank score ...), atomically.
    Status writeFacts(int index, const std::map<std::string, std::string>& facts);
    // Copies an original file into original/ unchanged. Io.
    Result<std::string> keepOriginal(const std::string& path);
    // Pages present on disk, in order, complete files only (temporary leftovers are removed).
    Result<std::vector<JobPage>> pages() const;
    std::map<std::string, std::string> info() const;

private:
    explicit JobFolder(std::string dir) : m_dir(std::move(dir)) {}
    std::string m_dir;
};

} // namespace vanthu::capture
