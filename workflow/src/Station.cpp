// Station setup on embedded defaults (issue #7 item 5): data folders, the demo agency's images,
// the self-signed TEST PKI, the SANE test device and the spool transport.
#include "vanthu/workflow/Station.h"

#include "Archive_p.h"
#include "Process_p.h"

#include "vanthu/capture/Scanner.h"
#include "vanthu/core/Hash.h"
#include "vanthu/core/Ini.h"
#include "vanthu/core/JobThread.h"
#include "vanthu/core/Log.h"
#include "vanthu/register/Register.h"
#include "vanthu/workflow/Dossier.h"

#include <nlohmann/json.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

namespace vanthu::workflow {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kLog = "vanthu.workflow";

bool exists(const std::string& p)
{
    std::error_code ec;
    return !p.empty() && fs::exists(p, ec);
}

std::string readText(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

Status writeText(const std::string& path, const std::string& text, fs::perms perms = fs::perms::owner_read | fs::perms::owner_write)
{
    const std::string tmp = path + ".tmp-" + hash::randomHex(4);
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << text;
        out.flush();
        if (!out)
            return fail(Errc::Io, "cannot write " + tmp);
    }
    std::error_code ec;
    fs::permissions(tmp, perms, ec);
    fs::rename(tmp, path, ec);
    if (ec)
        return fail(Errc::Io, "cannot rename to " + path + ": " + ec.message());
    return {};
}

// The directory holding seal_sample.png and signature_sample.png.
std::string findAssets(const std::string& configured)
{
    std::vector<std::string> candidates;
    if (!configured.empty())
        candidates.push_back(configured);
    if (const char* env = std::getenv("VANTHU_ASSETS"); env && *env)
        candidates.emplace_back(env);
    candidates.emplace_back(VANTHU_INSTALL_ASSETS);
    candidates.emplace_back(std::string(VANTHU_SOURCE_SHARED) + "/assets");
    for (const auto& c : candidates)
        if (exists(c + "/seal_sample.png"))
            return c;
    return {};
}

// A self-signed demo CA and the agency and leader certificates it issues, made with the openssl
// command (present on every Debian). Every subject says TEST so no output can pass as genuine. The
// agency certificate names the agency code, as uplink/PROTOCOL.md requires of the signer of a package.
Status makeDemoPki(const std::string& dir, const std::string& agencyName, const std::string& agencyCode,
                   const std::string& password)
{
    std::error_code ec;
    fs::create_directories(dir, ec);
    fs::permissions(dir, fs::perms::owner_all, ec);
    const auto run = [](const std::vector<std::string>& argv) -> Status {
        auto r = detail::runProcess(argv);
        if (r.exitCode != 0)
            return fail(Errc::SetupFailed, argv[0] + " " + argv[1] + ": " + r.output);
        return {};
    };
    if (!detail::haveProgram("openssl"))
        return fail(Errc::SetupFailed, "the openssl program is needed to make the demo PKI");
    const std::string tmp = dir + "/.work-" + hash::randomHex(4);
    fs::create_directories(tmp, ec);
    const std::string org = "/C=VN/O=" + agencyName + " (TEST)";
    if (auto s = run({"openssl", "req", "-x509", "-utf8", "-nodes", "-newkey", "rsa:2048", "-keyout", tmp + "/ca.key",
                      "-out", tmp + "/ca.pem", "-days", "3650", "-subj",
                      org + "/OU=DEMO - KHONG CO GIA TRI PHAP LY/CN=vanthu TEST demo CA (khong dung that - not for real use)",
                      "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"});
        !s)
        return s;
    const std::string ext = "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n"
                            "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n";
    if (auto s = writeText(tmp + "/leaf.ext", ext); !s)
        return s;
    const std::pair<std::string, std::string> leaves[] = {
        {"agency", "TEST - " + agencyName + " - " + agencyCode},
        {"leader", "TEST - Lãnh đạo thử nghiệm"},
    };
    for (const auto& [name, cn] : leaves) {
        if (auto s = run({"openssl", "req", "-new", "-utf8", "-nodes", "-newkey", "rsa:2048", "-keyout",
                          tmp + "/" + name + "-key.pem", "-out", tmp + "/" + name + ".csr", "-subj",
                          org + "/OU=DEMO - KHONG CO GIA TRI PHAP LY/CN=" + cn});
            !s)
            return s;
        if (auto s = run({"openssl", "x509", "-req", "-in", tmp + "/" + name + ".csr", "-CA", tmp + "/ca.pem", "-CAkey",
                          tmp + "/ca.key", "-CAcreateserial", "-days", "1825", "-sha256", "-extfile", tmp + "/leaf.ext",
                          "-out", tmp + "/" + name + "-cert.pem"});
            !s)
            return s;
        if (auto s = run({"openssl", "pkcs12", "-export", "-inkey", tmp + "/" + name + "-key.pem", "-in",
                          tmp + "/" + name + "-cert.pem", "-certfile", tmp + "/ca.pem", "-name", cn, "-out",
                          tmp + "/" + name + ".p12", "-passout", "pass:" + password});
            !s)
            return s;
    }
    if (detail::haveProgram("certutil")) {
        fs::create_directories(tmp + "/nssdb", ec);
        if (auto s = run({"certutil", "-N", "-d", "sql:" + tmp + "/nssdb", "--empty-password"}); !s)
            return s;
        if (auto s = run({"certutil", "-A", "-d", "sql:" + tmp + "/nssdb", "-n", "vanthu-demo-ca", "-t", "CT,C,C", "-i",
                          tmp + "/ca.pem"});
            !s)
            return s;
    }
    if (auto s = writeText(tmp + "/password", password + "\n"); !s)
        return s;
    if (auto s = writeText(tmp + "/README.txt",
                           "BẢN THỬ NGHIỆM / TEST ONLY\n"
                           "Hạ tầng khóa công khai tự ký để chạy thử vanthu; không có giá trị pháp lý.\n"
                           "Self-signed demo PKI made by vanthu on first run; it has no legal value.\n"
                           "Configure real keys in [workflow] agency_p12 / [uplink] signing_key.\n",
                           fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read);
        !s)
        return s;
    fs::remove(tmp + "/ca.key", ec);   // nothing else is ever issued from the demo CA
    for (const auto& e : fs::directory_iterator(tmp)) {
        fs::rename(e.path(), dir + "/" + e.path().filename().string(), ec);
        if (ec) {
            fs::remove_all(dir + "/" + e.path().filename().string(), ec);
            fs::rename(e.path(), dir + "/" + e.path().filename().string(), ec);
        }
    }
    fs::remove_all(tmp, ec);
    return {};
}

} // namespace

Station::~Station() = default;

void Station::background(BackgroundJob job, Lane lane)
{
    std::lock_guard lock(m_engineLock);
    std::unique_ptr<JobThread>& thread = lane == Lane::Reading ? m_background : m_waiting;
    if (!thread)
        thread = std::make_unique<JobThread>();
    thread->post(std::move(job));
}

Result<std::unique_ptr<Station>> Station::setup(const StationConfig& config, const SetupOptions& options)
{
    std::unique_ptr<Station> s(new Station());
    s->m_config = config;
    std::map<std::string, std::string> wf;
    if (!config.configPath.empty()) {
        auto ini = Ini::load(config.configPath);
        if (!ini)
            return std::unexpected(ini.error());
        static const std::set<std::string> known{"assets_dir", "seal_image", "signer_image", "agency_p12",
                                                 "agency_p12_password", "trust_anchor", "scanner", "procedures",
                                                 "printer", "deadline_days"};
        for (const IniEntry& e : ini->entries()) {
            if (e.section != "workflow")
                continue;
            if (!known.contains(e.key))
                return fail(core::Errc::ConfigError, config.configPath + ": line " + std::to_string(e.line) +
                                                         ": unknown key '" + e.key + "' in [workflow]");
            wf[e.key] = e.value;
        }
    }
    s->m_settings = wf;

    StationPaths& p = s->m_paths;
    p.dataDir = config.dataDir;
    p.database = config.databasePath;
    p.jobsDir = p.dataDir + "/jobs";
    p.archiveDir = p.dataDir + "/archive";
    p.dossierDir = p.dataDir + "/dossiers";
    p.spoolDir = p.dataDir + "/spool";
    p.pkiDir = p.dataDir + "/demo-pki";
    p.saneConfigDir = p.dataDir + "/sane";
    p.procedureCatalogue = wf.contains("procedures") ? wf["procedures"] : p.dataDir + "/procedures.ini";
    std::error_code ec;
    for (const auto& d : {p.dataDir, p.jobsDir, p.archiveDir, p.dossierDir, p.saneConfigDir}) {
        fs::create_directories(d, ec);
        if (ec)
            return fail(Errc::SetupFailed, "cannot create " + d + ": " + ec.message());
    }
    // A crash's leftovers: a folder whose registration committed (its marker names an intake key the
    // register holds) is published where it belongs; any other is removed.
    std::optional<reg::Register> books;
    const auto rescue = [&](const std::string& dir) -> bool {
        std::ifstream in(dir + "/" + detail::kPublishMarker);
        if (!in)
            return false;
        std::string kind, key, target;
        try {
            const auto m = nlohmann::json::parse(in);
            kind = m.at("kind");
            key = m.at("intake_key");
            target = m.at("target");
        } catch (const std::exception& e) {
            log::warning(kLog, dir + ": unreadable " + detail::kPublishMarker + ": " + e.what());
            return false;
        }
        if (!books) {
            auto opened = reg::Register::open(p.database, reg::OpenOptions{.accounts = config.accounts,
                                                                             .numbering = config.numbering});
            if (!opened) {
                log::warning(kLog, "cannot open the register to finish " + dir + ": " + opened.error().toString());
                return true;   // keep it: decided at a later start
            }
            books.emplace(std::move(*opened));
        }
        int64_t id = 0;
        std::string subject;
        if (kind == "outgoing") {
            auto r = books->outgoingByKey(key);
            if (!r)
                return false;   // not committed: the crash came before the registration
            id = r->id;
            subject = "outgoing:" + std::to_string(id);
        } else {
            auto r = books->incomingByKey(key);
            if (!r)
                return false;
            id = r->id;
            subject = "incoming:" + std::string(reg::toString(r->book)) + "/" + std::to_string(r->year) + "/" +
                      std::to_string(r->arrivalNumber);
        }
        std::error_code fec;
        if (fs::exists(target, fec))
            return false;   // published before the crash: this is a second copy
        auto published = detail::publishDir(dir, target);
        if (!published) {
            log::warning(kLog, published.error().toString());
            return true;
        }
        fs::remove(*published + "/" + detail::kPublishMarker, fec);
        if (kind == "outgoing")   // the recipients' agency codes, for a later recall
            if (auto m = detail::readFile(*published + "/meta.json"))
                (void)detail::writeFileAtomic(p.archiveDir + "/outgoing-" + std::to_string(id) + ".json", *m);
        (void)books->audit("system", "archive.recovered", subject,
                         "folder finished after a crash between registration and publishing: " + *published);
        log::info(kLog, "finished " + *published + " left by a crash after its registration");
        return true;
    };
    if (const int stale = detail::removeStalePending(p.archiveDir, std::chrono::hours(1), rescue); stale > 0)
        log::info(kLog, "removed " + std::to_string(stale) + " unfinished archive folder(s) left by a crash");
    if (!exists(p.saneConfigDir + "/dll.conf"))
        if (auto w = writeText(p.saneConfigDir + "/dll.conf", "# vanthu: SANE's test backend only (no scanner found)\ntest\n",
                               fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read);
            !w)
            return std::unexpected(w.error());
    if (!wf.contains("procedures") && !exists(p.procedureCatalogue))
        if (auto w = writeText(p.procedureCatalogue, std::string(builtinCatalogue()),
                               fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read);
            !w)
            return std::unexpected(w.error());

    // Images of the seal and the signer.
    AgencyKeys& k = s->m_keys;
    const std::string assets = findAssets(options.assetsDir.empty() ? wf["assets_dir"] : options.assetsDir);
    k.sealImage = wf.contains("seal_image") ? wf["seal_image"] : (assets.empty() ? "" : assets + "/seal_sample.png");
    k.signerImage = wf.contains("signer_image") ? wf["signer_image"] : (assets.empty() ? "" : assets + "/signature_sample.png");
    if (!exists(k.sealImage) || !exists(k.signerImage))
        return fail(Errc::AssetMissing, "seal / signature images not found (set [workflow] assets_dir or VANTHU_ASSETS): '" +
                                            k.sealImage + "', '" + k.signerImage + "'");

    // Keys.
    if (wf.contains("agency_p12")) {
        k.agencyP12 = wf["agency_p12"];
        k.agencyP12Password = wf["agency_p12_password"];
        if (const char* env = std::getenv("VANTHU_P12_PASSWORD"); k.agencyP12Password.empty() && env)
            k.agencyP12Password = env;
        if (!exists(k.agencyP12))
            return fail(Errc::AssetMissing, "agency_p12 not found: " + k.agencyP12);
    } else if (options.createDemoPki) {
        if (!exists(p.pkiDir + "/agency.p12")) {
            log::info(kLog, "making the TEST demo PKI in " + p.pkiDir);
            if (auto m = makeDemoPki(p.pkiDir, config.agency.name, config.agency.code, hash::randomHex(12)); !m)
                return std::unexpected(m.error());
        }
        std::string pw = readText(p.pkiDir + "/password");
        while (!pw.empty() && (pw.back() == '\n' || pw.back() == '\r'))
            pw.pop_back();
        k.demo = true;
        k.agencyP12 = p.pkiDir + "/agency.p12";
        k.agencyP12Password = pw;
        k.leaderP12 = p.pkiDir + "/leader.p12";
        k.leaderP12Password = pw;
        k.agencyKeyPem = p.pkiDir + "/agency-key.pem";
        k.agencyCertPem = p.pkiDir + "/agency-cert.pem";
        k.caCertPem = p.pkiDir + "/ca.pem";
        if (exists(p.pkiDir + "/nssdb"))
            k.nssDir = "sql:" + p.pkiDir + "/nssdb";
        k.trustAnchors.push_back(k.caCertPem);
    } else {
        return fail(Errc::AssetMissing, "no agency key configured ([workflow] agency_p12) and the demo PKI is disabled");
    }
    for (const auto& [key, value] : wf)
        if (key == "trust_anchor")
            k.trustAnchors.push_back(value);

    auto up = uplink::UplinkConfig::load(config);
    if (!up)
        return std::unexpected(up.error());
    s->m_uplink = *up;
    if (s->m_uplink.spoolDir.empty())
        s->m_uplink.spoolDir = p.spoolDir;
    p.spoolDir = s->m_uplink.spoolDir;
    if (s->m_uplink.signing.keyPath.empty() && k.demo) {
        s->m_uplink.signing.keyPath = k.agencyKeyPem;
        s->m_uplink.signing.certPath = k.agencyCertPem;
    }
    if (s->m_uplink.trustedCerts.empty() && !k.caCertPem.empty())
        s->m_uplink.trustedCerts.push_back(k.caCertPem);

    auto cal = config.workingCalendar();
    if (!cal)
        return std::unexpected(cal.error());
    s->m_calendar = std::make_unique<calendar::WorkingCalendar>(*cal);

    auto reg = reg::Register::open(p.database, reg::OpenOptions{.accounts = config.accounts, .numbering = config.numbering});
    if (!reg)
        return std::unexpected(reg.error());

    if (const char* env = std::getenv("SANE_CONFIG_DIR"); !options.probeScanner && (!env || !*env))
        s->useTestScanner();
    return s;
}

std::string Station::setting(const std::string& key) const
{
    auto it = m_settings.find(key);
    return it == m_settings.end() ? std::string{} : it->second;
}

namespace {

// Threads of this process (entries of /proc/self/task); 0 when unknown.
int threadCount()
{
    std::error_code ec;
    int n = 0;
    for (auto it = fs::directory_iterator("/proc/self/task", ec); !ec && it != fs::directory_iterator(); it.increment(ec))
        ++n;
    return ec ? 0 : n;
}

std::string saneEnv()
{
    const char* env = std::getenv("SANE_CONFIG_DIR");
    return env ? env : "";
}

constexpr std::string_view kPlusSuffix = "/sane-plus:";

} // namespace

bool Station::prepareProcess(const StationConfig& config)
{
    if (!saneEnv().empty())
        return saneEnv().ends_with(kPlusSuffix);
    if (threadCount() != 1) {
        log::warning(kLog, "prepareProcess() called with other threads running: SANE_CONFIG_DIR left unset");
        return false;
    }
    // dll.d entries of every directory on the path are read; dll.conf and the backends' own files
    // come from the first directory that has them, here the system's (the trailing colon).
    const std::string dir = config.dataDir + "/sane-plus";
    std::error_code ec;
    fs::create_directories(dir + "/dll.d", ec);
    if (ec || !writeText(dir + "/dll.d/vanthu-test", "# vanthu: SANE's test device beside the real scanners\ntest\n",
                         fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read)) {
        log::warning(kLog, "cannot prepare " + dir + ": SANE_CONFIG_DIR left unset");
        return false;
    }
    ::setenv("SANE_CONFIG_DIR", (dir + ":").c_str(), 1);
    return true;
}

bool Station::useTestScanner()
{
    const std::string env = saneEnv();
    if (env == m_paths.saneConfigDir) {
        m_testScanner = true;
        return true;
    }
    if (!env.empty())
        return false;
    if (threadCount() != 1) {
        log::warning(kLog, "useTestScanner(): other threads run, SANE_CONFIG_DIR not set (call Station::prepareProcess first)");
        return false;
    }
    ::setenv("SANE_CONFIG_DIR", m_paths.saneConfigDir.c_str(), 1);
    m_testScanner = true;
    return true;
}

Result<std::string> Station::defaultScanner()
{
    if (auto s = setting("scanner"); !s.empty())
        return s;
    const std::string env = saneEnv();
    if (!m_testScanner && env.empty()) {
        // Probe the system's SANE configuration in a child (scanimage -L): SANE reads SANE_CONFIG_DIR
        // once per process, so this process must not initialise SANE before choosing the test device.
        if (detail::haveProgram("scanimage")) {
            const auto r = detail::runProcess({"scanimage", "-L"});
            std::istringstream lines(r.output);
            std::string line;
            while (std::getline(lines, line)) {
                const auto open = line.find("device `");
                const auto close = line.find('\'', open == std::string::npos ? 0 : open + 8);
                if (open == std::string::npos || close == std::string::npos)
                    continue;
                const std::string name = line.substr(open + 8, close - open - 8);
                if (!name.starts_with("test"))
                    return name;
            }
        } else {
            auto devices = capture::ScannerSession::listDevices().get();
            if (devices)
                for (const auto& d : *devices)
                    if (!d.name.starts_with("test"))
                        return d.name;
        }
        log::info(kLog, "no scanner found: using SANE's test device");
        if (!useTestScanner())
            return fail(Errc::NoScanner, "no scanner found, and the SANE test device cannot be reached from this "
                                         "process any more (call Station::prepareProcess() at program start)");
    }
    auto devices = capture::ScannerSession::listDevices().get();
    if (!devices)
        return std::unexpected(devices.error());
    // A real device first (prepareProcess() lists the system's scanners and the test device together).
    for (const auto& d : *devices)
        if (!d.name.starts_with("test"))
            return d.name;
    for (const auto& d : *devices)
        if (d.name.starts_with("test"))
            return d.name;
    if (m_testScanner || env.ends_with(kPlusSuffix))
        return fail(Errc::NoScanner, "no scanner, and SANE's test backend is not installed (sane-backends)");
    return fail(Errc::NoScanner, "no scanner found (SANE_CONFIG_DIR=" + env + ")");
}

Result<ocr::Engine*> Station::ocrEngine()
{
    std::lock_guard lock(m_engineLock);
    if (!m_engine) {
        auto e = ocr::Engine::create();
        if (!e)
            return std::unexpected(e.error());
        m_engine = std::move(*e);
    }
    return m_engine.get();
}

} // namespace vanthu::workflow
