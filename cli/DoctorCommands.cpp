// vanthu doctor: one line per thing a station needs (issue #9), OK / WARN / FAIL, Vietnamese first,
// then English, then what to do. Exit 1 (ExitFailure) when any check FAILs, 0 otherwise.
#include "Commands.h"

#include "vanthu/capture/Scanner.h"
#include "vanthu/core/Ini.h"
#include "vanthu/core/VnTime.h"
#include "vanthu/ocr/Engine.h"
#include "vanthu/register/Register.h"
#include "vanthu/signing/Errors.h"
#include "vanthu/signing/Sign.h"
#include "vanthu/signing/SigningConfig.h"
#include "vanthu/uplink/Errors.h"
#include "vanthu/uplink/UplinkConfig.h"

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/timex.h>
#include <sys/wait.h>
#include <unistd.h>
#include <fcntl.h>
#include <dlfcn.h>

#include <algorithm>
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

// Returns the `vie` engine, for the check that reads with it (none when `vie` is missing).
std::unique_ptr<ocr::Engine> checkTesseract(Doctor& d)
{
    std::unique_ptr<ocr::Engine> vie;
    for (const char* lang : {"vie", "eng"}) {
        auto engine = ocr::Engine::create(1, lang);
        if (engine)
            d.line(Level::Ok, "ocr-" + std::string(lang), std::string("Tesseract có ngôn ngữ ") + lang,
                   std::string("Tesseract language ") + lang + " present");
        else
            d.line(std::string(lang) == "vie" ? Level::Fail : Level::Warn, "ocr-" + std::string(lang),
                   std::string("Tesseract thiếu ngôn ngữ ") + lang, std::string("Tesseract language ") + lang + " missing",
                   std::string("`apt install tesseract-ocr-") + lang + "` [" + engine.error().toString() + "]");
        if (engine && std::string_view(lang) == "vie")
            vie = std::move(*engine);
    }
    return vie;
}

// Tesseract's OpenMP regions run inline on the OCR workers (ocr/src/OpenMpInline.cpp): through
// libgomp the same text costs about a fifth more CPU. A made-up line of print read once shows which
// way this program runs them.
void checkOpenMp(Doctor& d, ocr::Engine* engine)
{
    // A Tesseract built without OpenMP loads no libgomp and starts no regions: nothing to inline.
    void* libgomp = dlopen("libgomp.so.1", RTLD_LAZY | RTLD_NOLOAD);
    if (!libgomp) {
        d.line(Level::Ok, "ocr-openmp", "Tesseract không dùng OpenMP", "Tesseract runs without OpenMP");
        return;
    }
    dlclose(libgomp);  // (NOLOAD: only the count the call added)
    if (!engine)
        return;  // ocr-vie says why
    // "I o I o …" in 3 mm capitals and 2 mm rings, the way a line of print looks to Tesseract.
    PageImage print = PageImage::blank(600, 120, 300, PixelFormat::Gray8);
    auto ink = std::make_shared<std::vector<uint8_t>>(*print.pixels);
    const auto dot = [&](int x, int y) { (*ink)[static_cast<size_t>(y) * print.stride + static_cast<size_t>(x)] = 0; };
    for (int x = 40; x + 30 < print.width - 40; x += 60) {
        for (int y = 40; y < 80; ++y)
            for (int w = 0; w < 6; ++w)
                dot(x + w, y);
        for (int y = 56; y < 80; ++y)
            for (int w = 0; w < 24; ++w)
                if (y < 61 || y >= 75 || w < 5 || w >= 19)
                    dot(x + 20 + w, y);
    }
    print.pixels = std::move(ink);
    ocr::Request line;
    line.page = print;
    line.layout = ocr::Layout::SingleLine;
    const long before = ocr::openMpRegionsRunInline();
    const auto read = engine->recognize(line).get();
    const long inlined = ocr::openMpRegionsRunInline() - before;
    const char* mode = std::getenv("VANTHU_OPENMP");
    if (!read)
        d.line(Level::Warn, "ocr-openmp", "không đọc thử được một dòng", "a test line could not be read", read.error().toString());
    else if (inlined > 0)
        d.line(Level::Ok, "ocr-openmp", "các vùng OpenMP của Tesseract chạy ngay trên luồng OCR",
               "Tesseract's OpenMP regions run inline on the OCR workers");
    else if (mode && std::string_view(mode) == "libgomp")
        d.line(Level::Warn, "ocr-openmp", "các vùng OpenMP của Tesseract chạy qua libgomp (VANTHU_OPENMP=libgomp): OCR tốn thêm khoảng 1/5 CPU",
               "Tesseract's OpenMP regions go through libgomp (VANTHU_OPENMP=libgomp): OCR takes about a fifth more CPU",
               "bỏ biến VANTHU_OPENMP / unset VANTHU_OPENMP");
    else
        d.line(Level::Warn, "ocr-openmp", "các vùng OpenMP của Tesseract không chạy ngay trên luồng OCR: OCR tốn thêm khoảng 1/5 CPU",
               "Tesseract's OpenMP regions do not run inline on the OCR workers: OCR takes about a fifth more CPU",
               "báo lỗi kèm `nm -D` của libtesseract / report it with libtesseract's `nm -D`");
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

// One line for a key's certificate from its dates: FAIL when expired or not yet valid, WARN within
// 30 days of the end, else OK with the end date (Vietnam time).
void certificateDatesLine(Doctor& d, const std::string& what, const std::string& source,
                          const signing::CertificateDates& c)
{
    const auto now = vntime::now();
    const std::string until = vntime::toIso8601(c.notAfter);
    const std::string who = "\"" + c.commonName + "\" (" + source + ")";
    if (now > c.notAfter)
        d.line(Level::Fail, what, "chứng thư " + who + " đã hết hạn " + until, "certificate " + who + " expired " + until,
               "xin cấp lại chứng thư số / renew the certificate");
    else if (now < c.notBefore)
        d.line(Level::Fail, what, "chứng thư " + who + " chưa đến hạn dùng (" + vntime::toIso8601(c.notBefore) + ")",
               "certificate " + who + " not valid before " + vntime::toIso8601(c.notBefore),
               "kiểm tra đồng hồ của trạm / check the station clock");
    else if (c.notAfter - now < std::chrono::days(30))
        d.line(Level::Warn, what, "chứng thư " + who + " hết hạn trong 30 ngày: " + until,
               "certificate " + who + " expires within 30 days: " + until, "xin gia hạn ngay / renew it now");
    else
        d.line(Level::Ok, what, "chứng thư " + who + " còn hạn đến " + until, "certificate " + who + " valid until " + until);
}

// A PKCS#12 key: expiry when a password source is configured (the file's own key, or
// $VANTHU_P12_PASSWORD), else only that the file is there and readable.
void checkPkcs12(Doctor& d, const std::string& what, const std::string& path, const std::string& password,
                 const std::string& passwordSource, const std::string& configKey)
{
    std::error_code ec;
    if (!fs::exists(path, ec)) {
        d.line(Level::Fail, what, "không có tệp khóa PKCS#12 " + path, "PKCS#12 key file missing: " + path,
               "sửa " + configKey + " / fix " + configKey);
        return;
    }
    if (access(path.c_str(), R_OK) != 0) {
        d.line(Level::Fail, what, "không đọc được tệp PKCS#12 " + path, "PKCS#12 file not readable: " + path,
               "`chown vanthu: " + path + "; chmod 0600 " + path + "`");
        return;
    }
    if (passwordSource.empty()) {
        d.line(Level::Ok, what, "có khóa PKCS#12 " + path + " (chỉ kiểm có tệp: hạn cần mật khẩu, kiểm khi ký)",
               "PKCS#12 key present (presence only: its expiry needs the password and is checked when signing)");
        return;
    }
    auto c = signing::readCertificate(signing::Pkcs12Key{path, password});
    if (!c) {
        const bool wrong = c.error().is(signing::Errc::WrongPassword);
        d.line(Level::Fail, what,
               wrong ? "mật khẩu từ " + passwordSource + " không mở được " + path
                     : "không đọc được chứng thư trong " + path,
               wrong ? "the password from " + passwordSource + " does not open " + path
                     : "cannot read the certificate in " + path,
               wrong ? "sửa mật khẩu / fix the password" : c.error().toString());
        return;
    }
    certificateDatesLine(d, what, "PKCS#12 " + path, *c);
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
        const char* env = std::getenv("VANTHU_P12_PASSWORD");
        checkPkcs12(d, "signing", cfg->pkcs12, env ? env : "", env ? "$VANTHU_P12_PASSWORD" : "", "pkcs12 [signing]");
    } else if (!cfg->tokenLabel.empty()) {
        if (!fs::exists(cfg->tokenModule, ec)) {
            d.line(Level::Fail, "signing", "không có thư viện token " + cfg->tokenModule, "token module missing: " + cfg->tokenModule,
                   "cài trình điều khiển USB token của nhà cung cấp / install the token vendor's PKCS#11 driver");
        } else {
            // The certificate objects on a token are public: read without the PIN.
            signing::TokenKey key;
            key.modulePath = cfg->tokenModule;
            key.tokenLabel = cfg->tokenLabel;
            key.keyLabel = cfg->keyLabel;
            key.timeout = std::chrono::seconds(20);
            auto c = signing::readCertificate(key);
            if (c)
                certificateDatesLine(d, "signing", "token " + cfg->tokenLabel, *c);
            else if (c.error().is(signing::Errc::TokenNotFound))
                d.line(Level::Fail, "signing", "không thấy token " + cfg->tokenLabel, "token " + cfg->tokenLabel + " not present",
                       "cắm USB token / plug in the USB token");
            else if (c.error().is(signing::Errc::KeyNotFound))
                d.line(Level::Fail, "signing", "token " + cfg->tokenLabel + " không có chứng thư " + cfg->keyLabel,
                       "no certificate " + cfg->keyLabel + " on token " + cfg->tokenLabel,
                       "sửa key_label trong [signing] / fix key_label in [signing] [" + c.error().toString() + "]");
            else
                d.line(Level::Fail, "signing", "không đọc được token " + cfg->tokenLabel, "cannot read token " + cfg->tokenLabel,
                       "rút ra cắm lại token / replug the token [" + c.error().toString() + "]");
        }
    } else {
        d.line(Level::Warn, "signing", "chưa cấu hình khóa ký số", "no signing key configured",
               "đặt token_label hoặc pkcs12 trong [signing] / set token_label or pkcs12 in [signing]");
    }
    for (const auto& anchor : cfg->trustAnchors)
        checkPemCertificate(d, "trust", anchor);
}

// The agency's PKCS#12 of [workflow] (certified copies, issuance, receipts), when one is configured
// (else the station runs on its TEST demo PKI and there is nothing to check).
void checkAgencyKey(Doctor& d, const Context& ctx)
{
    if (ctx.config.configPath.empty())
        return;
    auto ini = Ini::load(ctx.config.configPath);
    if (!ini)
        return;   // the other checks already said the file is unreadable
    std::string p12, password;
    for (const IniEntry& e : ini->entries())
        if (e.section == "workflow" && e.key == "agency_p12")
            p12 = e.value;
        else if (e.section == "workflow" && e.key == "agency_p12_password")
            password = e.value;
    if (p12.empty())
        return;
    std::string source = password.empty() ? "" : "agency_p12_password";
    if (const char* env = std::getenv("VANTHU_P12_PASSWORD"); password.empty() && env) {
        password = env;
        source = "$VANTHU_P12_PASSWORD";
    }
    checkPkcs12(d, "agency", p12, password, source, "agency_p12 [workflow]");
}

// Passwords kept in the configuration file (client_key_password, signing_key_password,
// agency_p12_password) must not be readable by anyone but root and the station user.
void checkConfigSecrets(Doctor& d, const Context& ctx)
{
    const std::string& path = ctx.config.configPath;
    if (path.empty())
        return;
    auto ini = Ini::load(path);
    if (!ini)
        return;
    std::string keys;
    for (const IniEntry& e : ini->entries())
        if (e.key.ends_with("password") && !e.value.empty())
            keys += (keys.empty() ? "" : ", ") + e.key;
    if (keys.empty()) {
        d.line(Level::Ok, "secrets", "tệp cấu hình không chứa mật khẩu", "no password stored in the configuration file");
        return;
    }
    struct stat st{};
    if (stat(path.c_str(), &st) != 0) {
        d.line(Level::Warn, "secrets", "không kiểm được quyền của " + path, "cannot check the permissions of " + path);
        return;
    }
    const passwd* user = getpwnam("vanthu");
    const group* grp = getgrnam("vanthu");
    const bool ownerOk = st.st_uid == 0 || (user && st.st_uid == user->pw_uid);
    const bool groupOk = !(st.st_mode & S_IRGRP) || st.st_gid == 0 || (grp && st.st_gid == grp->gr_gid);
    const bool othersOk = !(st.st_mode & S_IROTH);
    if (ownerOk && groupOk && othersOk)
        d.line(Level::Ok, "secrets", "mật khẩu trong " + path + " chỉ root/vanthu đọc được",
               "passwords in " + path + " (" + keys + ") readable by root/vanthu only");
    else
        d.line(Level::Warn, "secrets", "mật khẩu (" + keys + ") trong " + path + " ai cũng đọc được",
               "passwords (" + keys + ") in " + path + " are readable by other users",
               "`chown root:vanthu " + path + " && chmod 0640 " + path + "`");
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
    if (cfg->https.endpoint.empty()) {
        d.line(Level::Fail, "uplink", "chưa có địa chỉ hệ thống trung tâm", "no registry endpoint configured",
               "đặt endpoint trong [uplink] / set endpoint in [uplink]");
        return;
    }
    // A real request with the station's TLS settings and client certificate: the read-only status
    // list of PROTOCOL.md (GET /statuses?organ=...), nothing is acknowledged or sent.
    uplink::HttpsOptions probe = cfg->https;
    probe.totalTimeoutMs = std::min(probe.totalTimeoutMs, probe.connectTimeoutMs + 15000);
    const std::string& url = probe.endpoint;
    auto transport = uplink::makeHttpsTransport(probe);
    if (!transport) {
        d.line(Level::Fail, "uplink", "cấu hình HTTPS chưa đủ (" + url + ")", "the HTTPS uplink is not fully configured (" + url + ")",
               "sửa [uplink] / fix [uplink] [" + transport.error().toString() + "]");
        return;
    }
    auto answer = (*transport)->fetchStatuses();
    if (answer) {
        d.line(Level::Ok, "uplink", "hệ thống trung tâm trả lời qua TLS (" + url + "), " + std::to_string(answer->size()) +
                   " thông báo trạng thái chờ",
               "registry answered over TLS with our client certificate (" + url + "), " +
                   std::to_string(answer->size()) + " status message(s) waiting");
    } else {
        const Error& e = answer.error();
        if (e.is(uplink::Errc::Connect) || e.is(uplink::Errc::Timeout))
            d.line(Level::Fail, "uplink", "không kết nối được " + url, "registry unreachable at " + url,
                   "kiểm tra mạng, proxy, tường lửa / check the network, proxy and firewall [" + e.toString() + "]");
        else if (e.is(uplink::Errc::Tls) || e.is(uplink::Errc::TlsHandshake))
            d.line(Level::Fail, "uplink", "bắt tay TLS với " + url + " thất bại", "TLS handshake with " + url + " failed",
                   "kiểm tra ca_file, client_cert, client_key và đồng hồ / check ca_file, client_cert, client_key and the clock [" +
                       e.toString() + "]");
        else
            d.line(Level::Fail, "uplink", "hệ thống trung tâm từ chối hoặc trả lời sai", "the registry refused or answered wrongly",
                   "kiểm tra endpoint và mã cơ quan / check endpoint and the agency code [" + e.toString() + "]");
    }
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
    const auto vie = checkTesseract(d);
    checkOpenMp(d, vie.get());
    checkFonts(d);
    checkSigning(d, ctx);
    checkAgencyKey(d, ctx);
    checkConfigSecrets(d, ctx);
    checkUplink(d, ctx);
    checkRegister(d, ctx);
    checkDisk(d, ctx);
    checkClock(d);
    checkBackup(d, backupDir);
    std::printf("Kết quả / Result: %d lỗi / FAIL, %d cảnh báo / WARN\n", d.fails, d.warns);
    return d.fails > 0 ? ExitFailure : ExitOk;
}

} // namespace vanthu::cli
