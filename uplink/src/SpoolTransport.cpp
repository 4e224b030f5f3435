#include "vanthu/uplink/Transport.h"

#include "vanthu/core/Hash.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace vanthu::uplink {

namespace fs = std::filesystem;

namespace {

Status syncPath(const fs::path& p, int flags)
{
    const int fd = ::open(p.c_str(), flags);
    if (fd < 0)
        return fail(Errc::Io, p.string() + ": " + std::strerror(errno));
    const int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0)
        return fail(Errc::Io, p.string() + ": fsync: " + std::strerror(errno));
    return {};
}

Status writeAll(int fd, std::string_view data)
{
    while (!data.empty()) {
        const ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return fail(Errc::Io, std::strerror(errno));
        }
        data.remove_prefix(static_cast<size_t>(n));
    }
    return {};
}

} // namespace

Status writeFileAtomically(const std::string& path, std::string_view data)
{
    const fs::path target(path);
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::string tmpl = (dir / ("." + target.filename().string() + ".XXXXXX")).string();
    const int fd = ::mkstemp(tmpl.data());
    if (fd < 0)
        return fail(Errc::Io, path + ": cannot create a temporary file: " + std::strerror(errno));
    Status s = writeAll(fd, data);
    if (s && ::fchmod(fd, 0640) != 0)
        s = fail(Errc::Io, std::strerror(errno));
    if (s && ::fsync(fd) != 0)
        s = fail(Errc::Io, std::string("fsync: ") + std::strerror(errno));
    if (::close(fd) != 0 && s)
        s = fail(Errc::Io, std::string("close: ") + std::strerror(errno));
    if (s && ::rename(tmpl.c_str(), path.c_str()) != 0)
        s = fail(Errc::Io, std::string("rename: ") + std::strerror(errno));
    if (!s) {
        ::unlink(tmpl.c_str());
        return fail(Errc::Io, path + ": " + s.error().detail());
    }
    return syncPath(dir, O_RDONLY | O_DIRECTORY);
}

namespace {

class SpoolTransport final : public Transport {
public:
    explicit SpoolTransport(fs::path dir) : m_dir(std::move(dir)) {}

    Result<Receipt> submit(const std::string& key, const std::string&, std::string_view package) override
    {
        const fs::path out = m_dir / "out";
        const fs::path final = out / spoolFileName(key);
        std::error_code ec;
        if (fs::exists(final, ec))
            return Receipt{"spool:" + final.filename().string(), true};
        // Write-then-rename: a courier lists *.edxml and never sees a partial package; a crash
        // leaves at most a .tmp-* file, which the next attempt replaces.
        const fs::path tmp = out / (".tmp-" + final.filename().string());
        const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
        if (fd < 0)
            return fail(Errc::Io, tmp.string() + ": " + std::strerror(errno));
        Status s = writeAll(fd, package);
        if (s && ::fsync(fd) != 0)
            s = fail(Errc::Io, tmp.string() + ": fsync: " + std::strerror(errno));
        ::close(fd);
        if (!s) {
            fs::remove(tmp, ec);
            return std::unexpected(Error(Errc::Io, tmp.string() + ": " + s.error().detail()));
        }
        if (::rename(tmp.c_str(), final.c_str()) != 0)
            return fail(Errc::Io, final.string() + ": rename: " + std::strerror(errno));
        if (auto d = syncPath(out, O_RDONLY | O_DIRECTORY); !d)
            return std::unexpected(d.error());
        return Receipt{"spool:" + final.filename().string(), false};
    }

    Result<std::optional<Receipt>> lookup(const std::string& key) override
    {
        std::error_code ec;
        const fs::path final = m_dir / "out" / spoolFileName(key);
        if (fs::exists(final, ec))
            return std::optional<Receipt>(Receipt{"spool:" + final.filename().string(), true});
        return std::optional<Receipt>();
    }

    Result<std::vector<InboundMessage>> fetchStatuses() override
    {
        std::vector<InboundMessage> out;
        std::error_code ec;
        std::vector<fs::path> files;
        for (const auto& e : fs::directory_iterator(m_dir / "in", ec))
            if (e.is_regular_file() && e.path().extension() == ".edxml")
                files.push_back(e.path());
        if (ec)
            return fail(Errc::Io, (m_dir / "in").string() + ": " + ec.message());
        std::sort(files.begin(), files.end());
        for (const auto& f : files) {
            std::ifstream in(f, std::ios::binary);
            std::ostringstream ss;
            ss << in.rdbuf();
            if (!in && !in.eof())
                return fail(Errc::Io, f.string() + ": cannot read");
            out.push_back({f.filename().string(), ss.str()});
        }
        return out;
    }

    Status acknowledge(const std::string& messageId) override
    {
        if (messageId.find('/') != std::string::npos || messageId.starts_with("."))
            return fail(Errc::Protocol, "bad message id " + messageId);
        std::error_code ec;
        fs::rename(m_dir / "in" / messageId, m_dir / "in" / "done" / messageId, ec);
        if (ec)
            return fail(Errc::Io, messageId + ": " + ec.message());
        return {};
    }

    std::string describe() const override { return "spool:" + m_dir.string(); }

private:
    fs::path m_dir;
};

} // namespace

std::string spoolFileName(const std::string& key)
{
    // Readable prefix (DocumentId characters outside [A-Za-z0-9.-] become '_') plus a digest, so two
    // keys that fold to the same prefix still get different files.
    std::string prefix;
    for (unsigned char c : key) {
        if (prefix.size() >= 80)
            break;
        prefix += (std::isalnum(c) && c < 0x80) || c == '.' || c == '-' ? char(c) : '_';
    }
    return prefix + "-" + hash::sha256Hex(key).substr(0, 16) + ".edxml";
}

Result<std::unique_ptr<Transport>> makeSpoolTransport(const std::string& dir)
{
    if (dir.empty())
        return fail(Errc::ConfigError, "no spool directory configured ([uplink] spool_dir)");
    std::error_code ec;
    for (const char* sub : {"out", "in", "in/done"}) {
        fs::create_directories(fs::path(dir) / sub, ec);
        if (ec)
            return fail(Errc::Io, dir + "/" + sub + ": " + ec.message());
    }
    return std::unique_ptr<Transport>(new SpoolTransport(dir));
}

} // namespace vanthu::uplink
