#include "vanthu/capture/Job.h"

#include "vanthu/capture/ImageIo.h"
#include "vanthu/core/Hash.h"
#include "vanthu/core/Ini.h"
#include "vanthu/core/VnTime.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>

namespace fs = std::filesystem;

namespace vanthu::capture {

namespace {

std::string pageStem(int index)
{
    char b[16];
    std::snprintf(b, sizeof b, "%04d", index);
    return b;
}

// Writes text to path via a temporary file, fsync and rename: the name exists only when complete.
Status writeAtomically(const std::string& path, const std::string& text)
{
    const std::string tmp = path + ".tmp-" + std::to_string(getpid());
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << text;
        out.flush();
        if (!out) {
            std::remove(tmp.c_str());
            return fail(Errc::Io, "cannot write " + path + " (disk full?)");
        }
    }
    if (const int fd = ::open(tmp.c_str(), O_RDONLY); fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::remove(tmp.c_str());
        return fail(Errc::Io, "cannot rename into " + path);
    }
    return {};
}

std::string iniText(const std::string& section, const std::map<std::string, std::string>& kv)
{
    std::string s = "[" + section + "]\n";
    for (const auto& [k, v] : kv) {
        std::string value = v;
        std::replace(value.begin(), value.end(), '\n', ' ');
        s += k + " = " + value + "\n";
    }
    return s;
}

} // namespace

Result<JobFolder> JobFolder::create(const std::string& root, const std::map<std::string, std::string>& info)
{
    const std::string stamp = vntime::toIso8601(vntime::now());
    // 2026-11-22T09:30:00+07:00 -> 20261122-093000
    std::string id = stamp.substr(0, 4) + stamp.substr(5, 2) + stamp.substr(8, 2) + "-" + stamp.substr(11, 2) +
                     stamp.substr(14, 2) + stamp.substr(17, 2) + "-" + hash::randomHex(3);
    const fs::path dir = fs::path(root) / id;
    std::error_code ec;
    fs::create_directories(dir / "pages", ec);
    if (!ec)
        fs::create_directories(dir / "original", ec);
    if (ec)
        return fail(Errc::Io, "cannot create job folder " + dir.string() + ": " + ec.message());
    auto withStart = info;
    withStart["started"] = stamp;
    if (auto s = writeAtomically((dir / "job.ini").string(), iniText("job", withStart)); !s)
        return std::unexpected(s.error());
    return JobFolder(dir.string());
}

Result<JobFolder> JobFolder::open(const std::string& dir)
{
    if (!fs::is_regular_file(fs::path(dir) / "job.ini") || !fs::is_directory(fs::path(dir) / "pages"))
        return fail(Errc::Io, dir + " is not a capture job folder");
    return JobFolder(dir);
}

std::string JobFolder::id() const { return fs::path(m_dir).filename().string(); }

Result<std::string> JobFolder::writePage(int index, const std::string& stage, const PageImage& page)
{
    const std::string path = (fs::path(m_dir) / "pages" / (pageStem(index) + "." + stage + ".png")).string();
    if (auto s = writePng(page, path); !s)
        return std::unexpected(s.error());
    return path;
}

Status JobFolder::writeFacts(int index, const std::map<std::string, std::string>& facts)
{
    return writeAtomically((fs::path(m_dir) / "pages" / (pageStem(index) + ".ini")).string(), iniText("page", facts));
}

Result<std::string> JobFolder::keepOriginal(const std::string& path)
{
    const fs::path dest = fs::path(m_dir) / "original" / fs::path(path).filename();
    const std::string tmp = dest.string() + ".tmp-" + std::to_string(getpid());
    std::error_code ec;
    fs::copy_file(path, tmp, fs::copy_options::overwrite_existing, ec);
    if (ec) {
        fs::remove(tmp, ec);
        return fail(Errc::Io, "cannot keep the original " + path + ": " + ec.message());
    }
    if (const int fd = ::open(tmp.c_str(), O_RDONLY); fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
    fs::rename(tmp, dest, ec);
    if (ec)
        return fail(Errc::Io, "cannot rename into " + dest.string());
    return dest.string();
}

Result<std::vector<JobPage>> JobFolder::pages() const
{
    static const std::regex name(R"((\d{4})\.([a-z0-9_-]+)\.png)");
    std::map<int, JobPage> byIndex;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(fs::path(m_dir) / "pages", ec)) {
        const std::string file = e.path().filename().string();
        if (file.find(".tmp-") != std::string::npos) {
            fs::remove(e.path(), ec); // a write interrupted by a crash: never complete, never used
            continue;
        }
        std::smatch m;
        if (std::regex_match(file, m, name)) {
            const int index = std::stoi(m[1]);
            byIndex[index].index = index;
            byIndex[index].stages[m[2]] = e.path().string();
        }
    }
    if (ec)
        return fail(Errc::Io, "cannot list " + m_dir + ": " + ec.message());
    std::vector<JobPage> out;
    for (auto& [index, page] : byIndex) {
        if (auto facts = Ini::load((fs::path(m_dir) / "pages" / (pageStem(index) + ".ini")).string()))
            for (const auto& e : facts->entries())
                page.facts[e.key] = e.value;
        out.push_back(std::move(page));
    }
    return out;
}

std::map<std::string, std::string> JobFolder::info() const
{
    std::map<std::string, std::string> out;
    if (auto ini = Ini::load((fs::path(m_dir) / "job.ini").string()))
        for (const auto& e : ini->entries())
            out[e.key] = e.value;
    return out;
}

} // namespace vanthu::capture
