// vanthu doctor: one line per thing a station needs (issue #9), OK / WARN / FAIL, Vietnamese first,
// then English, then what to do. Exit 1 (ExitFailure) when any check FAILs, 0 otherwise.
#include "Commands.h"

#include "vanthu/capture/Scanner.h"
#include "vanthu/ocr/Engine.h"
#include "vanthu/register/Register.h"
#include "vanthu/signing/SigningConfig.h"
#include "vanthu/uplink/UplinkConfig.h"

#include <grp.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/timex.h>
#include <sys/wait.h>
#include <unistd.h>
#include <fcntl.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace vanthu::cli {

namespace {

namespace fs = std::filesystem;

enum class Level { Ok, Warn, Fail };

struct Doctor {
    int fails = 0;
    int warns = 0;

    void line(Level level, const std::string& what, const std::string& vi, const std::string& en,
              const std::string& todo = {})
    {
        const char* tag = level == Level::Ok ? "OK  " : level == Level::Warn ? "WARN" : "FAIL";
        if (level == Level::Fail)
            ++fails;
        if (level == Level::Warn)
            ++warns;
        std::printf("%s  %-11s %s / %s", tag, what.c_str(), vi.c_str(), en.c_str());
        if (!todo.empty())
            std::printf("  → %s", todo.c_str());
        std::printf("\n");
        std::fflush(stdout);
    }
};

// Runs a command (argv[0] looked up in PATH) with stdin from /dev/null; its stdout is returned with
// the exit status. No shell: arguments come from the configuration and are never interpreted.
struct RunResult {
    int status = -1;   // exit status, -1 when it could not run
    std::string out;
};

RunResult run(const std::vector<std::string>& argv)
{
    RunResult r;
    int pipefd[2];
    if (pipe(pipefd) != 0)
        return r;
    const pid_t pid = fork();
    if (pid < 0) {
        close(pipefd[0]);
        close(pipefd[1]);
        return r;
    }
    if (pid == 0) {
        dup2(pipefd[1], STDOUT_FILENO);
        const int devnull = open("/dev/null", O_RDWR);
        if (devnull >= 0) {
            dup2(devnull, STDIN_FILENO);
            dup2(devnull, STDERR_FILENO);
        }
        close(pipefd[0]);
        close(pipefd[1]);
        std::vector<char*> args;
        for (const auto& a : argv)
            args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        execvp(args[0], args.data());
        _exit(127);
    }
    close(pipefd[1]);
    std::array<char, 4096> buf{};
    ssize_t n;
    while ((n = read(pipefd[0], buf.data(), buf.size())) > 0)
        r.out.append(buf.data(), static_cast<size_t>(n));
    close(pipefd[0]);
    int status = 0;
    if (waitpid(pid, &status, 0) == pid && WIFEXITED(status))
        r.status = WEXITSTATUS(status) == 127 ? -1 : WEXITSTATUS(status);
    return r;
}

bool inGroup(const char* name)
{
    const group* g = getgrnam(name);
    if (!g)
        return false;
    if (getegid() == g->gr_gid)
        return true;
    const int n = getgroups(0, nullptr);
    std::vector<gid_t> gids(static_cast<size_t>(n > 0 ? n : 0));
    if (n > 0 && getgroups(n, gids.data()) == n)
        for (gid_t id : gids)
            if (id == g->gr_gid)
                return true;
    return false;
}

void checkScanner(Doctor& d)
{
    const bool root = geteuid() == 0;
    const bool grouped = root || inGroup("scanner");
    auto devices = capture::ScannerSession::listDevices().get();
    if (!devices) {
        d.line(Level::Fail, "scanner", "không đọc được danh sách máy quét (SANE)", "cannot list scanners (SANE)",
               "kiểm tra sane-utils, `scanimage -L` / check sane-utils, run `scanimage -L` [" + devices.error().toString() + "]");
        return;
    }
    std::string names;
    for (const auto& dev : *devices)
        names += (names.empty() ? "" : ", ") + dev.name;
    if (devices->empty()) {
        d.line(grouped ? Level::Warn : Level::Fail, "scanner", "không thấy máy quét nào", "no scanner found",
               grouped ? "cắm máy quét, bật nguồn, chạy `scanimage -L` / connect and power the scanner, run `scanimage -L`"
                       : "thêm người dùng vào nhóm scanner: `adduser $USER scanner` / add the user to the scanner group");
        return;
    }
    if (!grouped)
        d.line(Level::Warn, "scanner", "thấy máy quét nhưng người dùng không ở nhóm scanner: " + names,
               "scanner found but the user is not in the scanner group", "`adduser $USER scanner`");
    else
        d.line(Level::Ok, "scanner", "máy quét: " + names, "scanners: " + names);
}

void checkTesseract(Doctor& d)
{
    for (const char* lang : {"vie", "eng"}) {
        auto engine = ocr::Engine::create(1, lang);
        if (engine)
            d.line(Level::Ok, "ocr-" + std::string(lang), std::string("Tesseract có ngôn ngữ ") + lang,
                   std::string("Tesseract language ") + lang + " present");
        else
            d.line(std::string(lang) == "vie" ? Level::Fail : Level::Warn, "ocr-" + std::string(lang),
                   std::string("Tesseract thiếu ngôn ngữ ") + lang, std::string("Tesseract language ") + lang + " missing",
                   std::string("`apt install tesseract-ocr-") + lang + "` [" + engine.error().toString() + "]");
    }
}

void checkFonts(Doctor& d)
{
    // fontconfig's own answer: Liberation Serif files that cover the Vietnamese orthography.
    const auto r = run({"fc-list", "Liberation Serif:lang=vi", "file"});
    if (r.status < 0) {
        d.line(Level::Fail, "fonts", "không chạy được fc-list", "fc-list cannot run", "`apt install fontconfig`");
        return;
    }
    if (r.out.empty())
        d.line(Level::Fail, "fonts", "thiếu phông Liberation Serif có dấu tiếng Việt",
               "Liberation Serif with Vietnamese glyphs missing", "`apt install fonts-liberation2`");
    else
        d.line(Level::Ok, "fonts", "Liberation Serif có dấu tiếng Việt", "Liberation Serif covers Vietnamese");
}

// `openssl x509 -checkend`: 0 = valid for `seconds` more, 1 = expires within them (or already has).
void checkPemCertificate(Doctor& d, const std::string& what, const std::string& path)
{
    std::error_code ec;
    if (!fs::exists(path, ec)) {
        d.line(Level::Fail, what, "không có tệp chứng thư " + path, "certificate file missing: " + path,
               "đặt chứng thư vào đúng chỗ hoặc sửa /etc/vanthu/vanthu.ini / install it or fix the configuration");
        return;
    }
    const auto now = run({"openssl", "x509", "-noout", "-checkend", "0", "-in", path});
    const auto month = run({"openssl", "x509", "-noout", "-checkend", "2592000", "-in", path});
    const auto end = run({"openssl", "x509", "-noout", "-enddate", "-in", path});
    std::string until = end.out.substr(end.out.find('=') == std::string::npos ? 0 : end.out.find('=') + 1);
    while (!until.empty() && (until.back() == '\n' || until.back() == '\r'))
        until.pop_back();
    if (now.status < 0)
        d.line(Level::Warn, what, "không kiểm được hạn (thiếu openssl)", "cannot check expiry (openssl missing)",
               "`apt install openssl`");
    else if (now.status == 1 && end.status != 0)
        d.line(Level::Fail, what, "không đọc được chứng thư " + path, "unreadable certificate " + path,
               "kiểm tra tệp PEM / check the PEM file");
    else if (now.status == 1)
        d.line(Level::Fail, what, "chứng thư đã hết hạn (" + until + ")", "certificate expired (" + until + ")",
               "xin cấp lại chứng thư / renew the certificate");
    else if (month.status == 1)
        d.line(Level::Warn, what, "chứng thư hết hạn trong 30 ngày (" + until + ")",
               "certificate expires within 30 days (" + until + ")", "xin gia hạn / renew it now");
    else
        d.line(Level::Ok, what, "chứng thư còn hạn đến " + until, "certificate valid until " + until);
}

void checkSigning(Doctor& d, const Context& ctx)
{
    auto cfg = signing::SigningConfig::load(ctx.config);
    if (!cfg) {
        d.line(Level::Fail, "signing", "mục [signing] của cấu hình sai", "the [signing] configuration is wrong",
               cfg.error().toString());
        return;
    }
    std::error_code ec;
    if (!cfg->pkcs12.empty()) {
        if (!fs::exists(cfg->pkcs12, ec))
            d.line(Level::Fail, "signing", "không có tệp khóa PKCS#12 " + cfg->pkcs12, "PKCS#12 key file missing: " + cfg->pkcs12,
                   "sửa pkcs12 trong [signing] / fix pkcs12 in [signing]");
        else if (access(cfg->pkcs12.c_str(), R_OK) != 0)
            d.line(Level::Fail, "signing", "không đọc được tệp PKCS#12 " + cfg->pkcs12, "PKCS#12 file not readable: " + cfg->pkcs12,
                   "`chown vanthu: " + cfg->pkcs12 + "; chmod 0600 " + cfg->pkcs12 + "`");
        else
            d.line(Level::Ok, "signing", "có khóa PKCS#12 " + cfg->pkcs12 + " (hạn kiểm khi ký, cần mật khẩu)",
                   "PKCS#12 key present (its expiry is checked when signing: it needs the password)");
    } else if (!cfg->tokenLabel.empty()) {
        if (!fs::exists(cfg->tokenModule, ec)) {
            d.line(Level::Fail, "signing", "không có thư viện token " + cfg->tokenModule, "token module missing: " + cfg->tokenModule,
                   "cài trình điều khiển USB token của nhà cung cấp / install the token vendor's PKCS#11 driver");
        } else {
            const auto r = run({"pkcs11-tool", "--module", cfg->tokenModule, "--list-token-slots"});
            if (r.status < 0)
                d.line(Level::Warn, "signing", "không kiểm được token (thiếu pkcs11-tool)", "cannot list tokens (pkcs11-tool missing)",
                       "`apt install opensc`");
            else if (r.out.find(cfg->tokenLabel) == std::string::npos)
                d.line(Level::Fail, "signing", "không thấy token " + cfg->tokenLabel, "token " + cfg->tokenLabel + " not present",
                       "cắm USB token / plug in the USB token");
            else
                d.line(Level::Ok, "signing", "token " + cfg->tokenLabel + " đã cắm (hạn kiểm khi ký, cần PIN)",
                       "token present (its certificate's expiry is checked when signing: it needs the PIN)");
        }
    } else {
        d.line(Level::Warn, "signing", "chưa cấu hình khóa ký số", "no signing key configured",
               "đặt token_label hoặc pkcs12 trong [signing] / set token_label or pkcs12 in [signing]");
    }
    for (const auto& anchor : cfg->trustAnchors)
        checkPemCertificate(d, "trust", anchor);
}

// A TCP connection to host:port within the timeout (no TLS, no request): is the registry reachable.
std::string tcpConnect(const std::string& host, const std::string& port, int timeoutMs)
{
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* res = nullptr;
    if (const int rc = getaddrinfo(host.c_str(), port.c_str(), &hints, &res); rc != 0)
        return std::string("DNS: ") + gai_strerror(rc);
    std::string err = "no address";
    for (addrinfo* ai = res; ai; ai = ai->ai_next) {
        const int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK, ai->ai_protocol);
        if (fd < 0)
            continue;
        int rc = connect(fd, ai->ai_addr, ai->ai_addrlen);
        if (rc != 0 && errno == EINPROGRESS) {
            pollfd p{fd, POLLOUT, 0};
            rc = poll(&p, 1, timeoutMs) == 1 ? 0 : -1;
            int soerr = 0;
            socklen_t len = sizeof soerr;
            if (rc == 0 && (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) != 0 || soerr != 0)) {
                errno = soerr;
                rc = -1;
            } else if (rc != 0) {
                errno = ETIMEDOUT;
            }
        }
        const int saved = errno;
        close(fd);
        if (rc == 0) {
            freeaddrinfo(res);
            return {};
        }
        err = std::strerror(saved);
    }
    freeaddrinfo(res);
    return err;
}

bool writableDir(const std::string& dir)
{
    std::error_code ec;
    fs::create_directories(dir, ec);
    const std::string probe = (fs::path(dir) / ".vanthu-doctor-probe").string();
    {
        std::ofstream f(probe, std::ios::trunc);
        if (!f || !(f << "ok") || !f.flush())
            return false;
    }
    return fs::remove(probe, ec);
}

void checkUplink(Doctor& d, const Context& ctx)
{
    auto cfg = uplink::UplinkConfig::load(ctx.config);
    if (!cfg) {
        d.line(Level::Fail, "uplink", "mục [uplink] của cấu hình sai", "the [uplink] configuration is wrong",
               cfg.error().toString());
        return;
    }
    if (cfg->transport == uplink::UplinkConfig::TransportKind::Spool) {
        if (writableDir(cfg->spoolDir))
            d.line(Level::Ok, "uplink", "gửi qua thư mục " + cfg->spoolDir + " (ghi được)",
                   "spool transport, " + cfg->spoolDir + " writable");
        else
            d.line(Level::Fail, "uplink", "không ghi được thư mục gửi " + cfg->spoolDir, "spool directory not writable: " + cfg->spoolDir,
                   "`chown -R vanthu: " + cfg->spoolDir + "`");
        return;
    }
    const std::string& url = cfg->https.endpoint;
    const auto schemeEnd = url.find("://");
    std::string rest = schemeEnd == std::string::npos ? url : url.substr(schemeEnd + 3);
    rest = rest.substr(0, rest.find('/'));
    std::string host = rest, port = "443";
    if (const auto colon = rest.rfind(':'); colon != std::string::npos && rest.find(']') == std::string::npos) {
        host = rest.substr(0, colon);
        port = rest.substr(colon + 1);
    }
    if (host.empty()) {
        d.line(Level::Fail, "uplink", "chưa có địa chỉ hệ thống trung tâm", "no registry endpoint configured",
               "đặt endpoint trong [uplink] / set endpoint in [uplink]");
        return;
    }
    if (const std::string err = tcpConnect(host, port, static_cast<int>(cfg->https.connectTimeoutMs)); err.empty())
        d.line(Level::Ok, "uplink", "kết nối được " + host + ":" + port, "registry reachable at " + host + ":" + port);
    else
        d.line(Level::Fail, "uplink", "không kết nối được " + host + ":" + port, "registry unreachable at " + host + ":" + port + " (" + err + ")",
               "kiểm tra mạng, proxy, tường lửa / check the network, proxy and firewall");
    if (!cfg->https.clientCert.empty())
        checkPemCertificate(d, "uplink-tls", cfg->https.clientCert);
}

void checkDisk(Doctor& d, const Context& ctx)
{
    std::error_code ec;
    fs::path p = ctx.config.dataDir;
    while (!p.empty() && !fs::exists(p, ec))
        p = p.parent_path();
    const auto space = fs::space(p.empty() ? fs::path("/") : p, ec);
    if (ec) {
        d.line(Level::Fail, "disk", "không đọc được dung lượng đĩa", "cannot read disk space", ec.message());
        return;
    }
    const double gib = static_cast<double>(space.available) / (1024.0 * 1024.0 * 1024.0);
    char amount[64];
    std::snprintf(amount, sizeof amount, "%.1f GiB", gib);
    if (gib < 1.0)
        d.line(Level::Fail, "disk", std::string("đĩa gần đầy: còn ") + amount, std::string("disk almost full: ") + amount + " free",
               "chép bản quét cũ/bản sao lưu sang nơi khác / move old scans and backups elsewhere");
    else if (gib < 5.0)
        d.line(Level::Warn, "disk", std::string("đĩa còn ít: ") + amount, std::string("disk space low: ") + amount + " free",
               "dọn đĩa sớm / free some space soon");
    else
        d.line(Level::Ok, "disk", std::string("còn trống ") + amount, amount + std::string(" free"));
}

void checkClock(Doctor& d)
{
    // systemd-timesyncd/chrony/ntpd tell the kernel when the clock is disciplined (STA_UNSYNC cleared).
    timex tx{};
    const int state = adjtimex(&tx);
    const bool kernelSynced = state != -1 && state != TIME_ERROR && !(tx.status & STA_UNSYNC);
    const auto td = run({"timedatectl", "show", "--property=NTPSynchronized", "--value"});
    const bool timedatectlSynced = td.status == 0 && td.out.starts_with("yes");
    if (kernelSynced || timedatectlSynced)
        d.line(Level::Ok, "clock", "đồng hồ đã đồng bộ", "clock synchronised");
    else
        d.line(Level::Warn, "clock", "đồng hồ chưa đồng bộ (ngày đến, ngày ký phụ thuộc vào nó)",
               "clock not synchronised (arrival and signing times depend on it)",
               "`timedatectl set-ntp true` hoặc cài systemd-timesyncd / or install systemd-timesyncd");
}

void checkRegister(Doctor& d, const Context& ctx)
{
    std::error_code ec;
    if (!fs::exists(ctx.config.databasePath, ec)) {
        d.line(Level::Warn, "register", "chưa có sổ " + ctx.config.databasePath, "no register yet at " + ctx.config.databasePath,
               "`vanthu status` tạo sổ / creates it");
        return;
    }
    reg::OpenOptions o;
    o.accounts = ctx.config.accounts;
    o.numbering = ctx.config.numbering;
    auto r = reg::Register::open(ctx.config.databasePath, o);
    if (!r)
        d.line(Level::Fail, "register", "không mở được sổ " + ctx.config.databasePath, "cannot open the register",
               r.error().toString());
    else
        d.line(Level::Ok, "register", "sổ mở được, lược đồ " + std::to_string(r->schemaVersion()),
               "register opens, schema " + std::to_string(r->schemaVersion()));
}

void checkBackup(Doctor& d, const std::string& dir)
{
    std::error_code ec;
    fs::file_time_type newest{};
    std::string newestName;
    if (fs::is_directory(dir, ec))
        for (const auto& e : fs::directory_iterator(dir, ec)) {
            const std::string name = e.path().filename().string();
            if (!e.is_regular_file(ec) || !name.starts_with("vanthu-") || !name.ends_with(".db"))
                continue;
            const auto t = e.last_write_time(ec);
            if (!ec && (newestName.empty() || t > newest)) {
                newest = t;
                newestName = name;
            }
        }
    if (newestName.empty()) {
        d.line(Level::Warn, "backup", "chưa có bản sao lưu trong " + dir, "no backup in " + dir,
               "`systemctl start vanthu-backup` hoặc `vanthu backup FILE` / or run a backup by hand");
        return;
    }
    const auto age = std::chrono::duration_cast<std::chrono::hours>(fs::file_time_type::clock::now() - newest).count();
    const std::string ageText = std::to_string(age) + " h";
    if (age > 24 * 7)
        d.line(Level::Fail, "backup", "bản sao lưu mới nhất đã " + ageText, "newest backup is " + ageText + " old",
               "`systemctl status vanthu-backup.timer`; xem `journalctl -u vanthu-backup` / see its journal");
    else if (age > 48)
        d.line(Level::Warn, "backup", "bản sao lưu mới nhất đã " + ageText, "newest backup is " + ageText + " old",
               "`journalctl -u vanthu-backup`");
    else
        d.line(Level::Ok, "backup", "sao lưu gần nhất " + newestName + " (" + ageText + ")",
               "newest backup " + newestName + " (" + ageText + " old)");
}

} // namespace

int cmdDoctor(Context& ctx, const std::vector<std::string>& argv)
{
    Args a = Args::parse(argv, {"backup-dir"});
    if (!a.error().empty() || !a.unknown({"backup-dir", "no-scanner", "help"}).empty() || a.flag("help")
        || !a.positional().empty()) {
        std::fprintf(stderr, "vanthu doctor [--backup-dir DIR] [--no-scanner]\n"
                             "  kiểm tra trạm, mỗi mục một dòng / checks the station, one line each; exit 1 on FAIL\n");
        return ExitUsage;
    }
    std::string backupDir;
    if (auto v = a.value("backup-dir"))
        backupDir = *v;
    else if (const char* env = std::getenv("VANTHU_BACKUP_DIR"); env && *env)
        backupDir = env;
    else
        backupDir = (fs::path(ctx.config.dataDir) / "backups").string();

    std::printf("vanthu doctor — %s\n", ctx.config.configPath.empty() ? "(cấu hình mặc định / built-in defaults)"
                                                                       : ctx.config.configPath.c_str());
    Doctor d;
    if (!a.flag("no-scanner"))
        checkScanner(d);
    checkTesseract(d);
    checkFonts(d);
    checkSigning(d, ctx);
    checkUplink(d, ctx);
    checkRegister(d, ctx);
    checkDisk(d, ctx);
    checkClock(d);
    checkBackup(d, backupDir);
    std::printf("Kết quả / Result: %d lỗi / FAIL, %d cảnh báo / WARN\n", d.fails, d.warns);
    return d.fails > 0 ? ExitFailure : ExitOk;
}

} // namespace vanthu::cli
