// Operations of an installed station (issue #9), through the real `vanthu` binary and the real
// scripts and unit files of packaging/: vanthu doctor, upgrades from the first released schema,
// a failed migration, backup while the station writes + restore on a fresh data directory with
// rotation, and `systemd-analyze verify` of the units. The .deb itself is exercised by
// packaging/test-install.sh (a debootstrap chroot; too slow for ctest).
#include "RegistrySimulator.h"
#include "TestPki.h"
#include "TestSupport.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include <unistd.h>

using namespace vanthu::test;
namespace fs = std::filesystem;

namespace {

const std::string kPackaging = std::string(VANTHU_SOURCE_DIR) + "/packaging";

// A station with its own data directory and configuration file, the SANE test backend, no $HOME leak.
class Station {
public:
    explicit Station(const std::string& extraConfig = {})
    {
        fs::create_directories(dataDir());
        writeFile(sane.file("dll.conf"), "test\n");
        writeFile(configPath(), "[station]\ndata_dir = " + dataDir() + "\n\n[uplink]\ntransport = spool\nspool_dir = " +
                                    dataDir() + "/spool\n" + extraConfig);
    }
    std::string dataDir() const { return dir.file("data"); }
    std::string configPath() const { return dir.file("vanthu.ini"); }
    std::string backupDir() const { return dir.file("data/backups"); }
    std::vector<std::string> env() const
    {
        return {"SANE_CONFIG_DIR=" + sane.path().string(), "VANTHU_CONFIG=" + configPath(), "XDG_DATA_HOME=" + dir.file("xdg"),
                "VANTHU_BIN=" + std::string(VANTHU_CLI), "VANTHU_BACKUP_DIR=" + backupDir(), "VANTHU_DATA_DIR=" + dataDir(),
                "VANTHU_BACKUP_KEEP=14", "TZ=Asia/Ho_Chi_Minh"};
    }
    ProcessResult vanthu(std::vector<std::string> args, std::vector<std::string> extraEnv = {}) const
    {
        args.insert(args.begin(), VANTHU_CLI);
        auto e = env();
        e.insert(e.end(), extraEnv.begin(), extraEnv.end());
        return run(args, {}, e);
    }
    ProcessResult backupNow(std::vector<std::string> extraEnv = {}) const
    {
        auto e = env();
        e.insert(e.end(), extraEnv.begin(), extraEnv.end());
        return run({"/bin/sh", kPackaging + "/systemd/vanthu-backup-rotate"}, {}, e);
    }

    TempDir dir;
    TempDir sane;
};

std::vector<std::string> incoming(int i)
{
    return {"register", "incoming", "--received", "2026-11-20T09:00:00+07:00", "--set",
            "number_symbol=" + std::to_string(i) + "/QĐ-STC", "--set", "issuer=SỞ TÀI CHÍNH", "--set",
            "issued_date=2026-11-19", "--set", "subject=V/v số " + std::to_string(i)};
}

std::string sqlite(const std::string& db, const std::string& sql)
{
    auto r = run({VANTHU_SQLITE3, db, sql});
    EXPECT_EQ(r.exitCode, 0) << sql << "\n" << r.err;
    return r.out;
}

// The rows a register holds that every schema has: the books, users and the audit chain.
std::string dumpRegister(const std::string& db)
{
    return sqlite(db, "SELECT * FROM incoming ORDER BY id; SELECT * FROM outgoing ORDER BY id;"
                      "SELECT seq, hash FROM audit ORDER BY seq;");
}

std::vector<std::string> lines(const std::string& text)
{
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);)
        out.push_back(l);
    return out;
}

// The line of `doctor` output for one check (the first, e.g. "ocr-vie").
std::string doctorLine(const std::string& out, const std::string& check)
{
    for (const auto& l : lines(out))
        if (l.size() > 6 && l.substr(6, check.size() + 1) == check + " ")
            return l;
    return {};
}

// Relative path -> content of every regular file under root, minus the database and backups.
std::map<std::string, std::string> fileTree(const std::string& root)
{
    std::map<std::string, std::string> files;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
        const std::string rel = fs::relative(e.path(), root).string();
        if (!e.is_regular_file() || rel.starts_with("vanthu.db") || rel.starts_with("backups"))
            continue;
        files[rel] = readFile(e.path().string());
    }
    return files;
}

std::vector<std::string> backups(const std::string& dir, const std::string& suffix)
{
    std::vector<std::string> names;
    if (fs::is_directory(dir))
        for (const auto& e : fs::directory_iterator(dir)) {
            const std::string n = e.path().filename().string();
            if (n.starts_with("vanthu-") && n.ends_with(suffix))
                names.push_back(n);
        }
    std::sort(names.begin(), names.end());
    return names;
}

} // namespace

// --- vanthu doctor ---------------------------------------------------------------------------------

TEST(Doctor, AHealthyStationHasNoFailAndEveryLineIsBilingual)
{
    Station s;
    ASSERT_EQ(s.vanthu({"status"}).exitCode, 0);
    auto b = s.backupNow();
    ASSERT_EQ(b.exitCode, 0) << b.out << b.err;
    auto d = s.vanthu({"doctor"});
    EXPECT_EQ(d.exitCode, 0) << d.out << d.err;
    EXPECT_NE(doctorLine(d.out, "scanner").find("OK"), std::string::npos) << d.out;
    EXPECT_NE(doctorLine(d.out, "scanner").find("test:0"), std::string::npos) << d.out;
    EXPECT_TRUE(doctorLine(d.out, "ocr-vie").starts_with("OK")) << d.out;
    EXPECT_TRUE(doctorLine(d.out, "ocr-openmp").starts_with("OK")) << d.out;
    EXPECT_NE(doctorLine(d.out, "ocr-openmp").find("inline"), std::string::npos) << d.out;
    EXPECT_TRUE(doctorLine(d.out, "fonts").starts_with("OK")) << d.out;
    EXPECT_TRUE(doctorLine(d.out, "uplink").starts_with("OK")) << d.out;
    EXPECT_NE(doctorLine(d.out, "uplink").find(s.dataDir() + "/spool"), std::string::npos) << d.out;
    EXPECT_TRUE(doctorLine(d.out, "register").starts_with("OK")) << d.out;
    EXPECT_NE(doctorLine(d.out, "register").find("schema 4"), std::string::npos) << d.out;
    EXPECT_TRUE(doctorLine(d.out, "backup").starts_with("OK")) << d.out;
    EXPECT_FALSE(doctorLine(d.out, "disk").empty()) << d.out;
    EXPECT_FALSE(doctorLine(d.out, "clock").empty()) << d.out;
    // No signing key configured: a warning that says what to set.
    EXPECT_TRUE(doctorLine(d.out, "signing").starts_with("WARN")) << d.out;
    EXPECT_NE(doctorLine(d.out, "signing").find("token_label"), std::string::npos) << d.out;
    // Every check line: a level, Vietnamese, " / ", English.
    int checks = 0;
    for (const auto& l : lines(d.out))
        if (l.starts_with("OK") || l.starts_with("WARN") || l.starts_with("FAIL")) {
            ++checks;
            EXPECT_NE(l.find(" / "), std::string::npos) << l;
        }
    EXPECT_GE(checks, 10) << d.out;
}

// Tesseract's OpenMP regions sent back through libgomp (VANTHU_OPENMP=libgomp): the OCR still
// works, a fifth slower, and the doctor says so and what to unset.
TEST(Doctor, OpenMpRegionsThroughLibgompAreAWarningThatSaysWhatToUnset)
{
    Station s;
    auto d = s.vanthu({"doctor", "--no-scanner"}, {"VANTHU_OPENMP=libgomp"});
    const std::string line = doctorLine(d.out, "ocr-openmp");
    EXPECT_TRUE(line.starts_with("WARN")) << d.out;
    EXPECT_NE(line.find("unset VANTHU_OPENMP"), std::string::npos) << line;
}

TEST(Doctor, ProblemsAreFailLinesWithWhatToDoAndExitOne)
{
    TempDir pki;
    // A trust anchor that expires in 10 days (openssl, not our code, makes it).
    auto cert = run({VANTHU_OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "10", "-subj",
                     "/CN=Root CA sap het han", "-keyout", pki.file("k.pem"), "-out", pki.file("ca.pem")});
    ASSERT_EQ(cert.exitCode, 0) << cert.err;
    Station s("\n[signing]\npkcs12 = " + pki.file("missing.p12") + "\ntrust_anchor = " + pki.file("ca.pem") + "\n");
    // Rewrite the uplink as HTTPS to a port nothing listens on.
    writeFile(s.configPath(), "[station]\ndata_dir = " + s.dataDir() +
                                  "\n\n[uplink]\ntransport = https\nendpoint = https://127.0.0.1:9/edxml/v1\nconnect_timeout_ms = 2000\n"
                                  "\n[signing]\npkcs12 = " + pki.file("missing.p12") + "\ntrust_anchor = " + pki.file("ca.pem") + "\n");
    auto d = s.vanthu({"doctor", "--no-scanner"});
    EXPECT_EQ(d.exitCode, 1) << d.out << d.err;
    const std::string sign = doctorLine(d.out, "signing");
    EXPECT_TRUE(sign.starts_with("FAIL")) << d.out;
    EXPECT_NE(sign.find("missing.p12"), std::string::npos) << sign;
    EXPECT_NE(sign.find("→"), std::string::npos) << sign;
    const std::string trust = doctorLine(d.out, "trust");
    EXPECT_TRUE(trust.starts_with("WARN")) << d.out;
    EXPECT_NE(trust.find("30"), std::string::npos) << trust;
    const std::string up = doctorLine(d.out, "uplink");
    EXPECT_TRUE(up.starts_with("FAIL")) << d.out;
    EXPECT_NE(up.find("127.0.0.1:9"), std::string::npos) << up;
    EXPECT_NE(up.find("→"), std::string::npos) << up;
    // No register, no backup yet: warnings naming the command that fixes them.
    EXPECT_TRUE(doctorLine(d.out, "register").starts_with("WARN")) << d.out;
    EXPECT_TRUE(doctorLine(d.out, "backup").starts_with("WARN")) << d.out;
    EXPECT_TRUE(doctorLine(d.out, "scanner").empty()) << "--no-scanner skips the SANE probe";
    EXPECT_NE(d.out.find("FAIL"), std::string::npos);

    EXPECT_EQ(s.vanthu({"doctor", "--bogus"}).exitCode, 2);
}

TEST(Doctor, AnOldBackupIsAFailure)
{
    Station s;
    ASSERT_EQ(s.vanthu({"status"}).exitCode, 0);
    ASSERT_EQ(s.backupNow().exitCode, 0);
    const auto names = backups(s.backupDir(), ".db");
    ASSERT_EQ(names.size(), 1u);
    fs::last_write_time(s.backupDir() + "/" + names[0], fs::file_time_type::clock::now() - std::chrono::hours(24 * 9));
    auto d = s.vanthu({"doctor", "--no-scanner"});
    EXPECT_EQ(d.exitCode, 1) << d.out;
    EXPECT_TRUE(doctorLine(d.out, "backup").starts_with("FAIL")) << d.out;
    EXPECT_NE(doctorLine(d.out, "backup").find("vanthu-backup"), std::string::npos) << d.out;
}

namespace {

constexpr char kSoftHsm[] = "/usr/lib/softhsm/libsofthsm2.so";
constexpr char kTokenPin[] = "48151623";

void must(const ProcessResult& r, const std::string& what)
{
    ASSERT_EQ(r.exitCode, 0) << what << "\n" << r.out << r.err;
}

// A self-signed certificate valid for `days` more days, made by openssl (not our code): <dir>/<name>.{crt,key}.
PemPair selfSigned(const std::string& dir, const std::string& name, const std::string& cn, int days)
{
    PemPair p{dir + "/" + name + ".crt", dir + "/" + name + ".key"};
    must(run({VANTHU_OPENSSL, "req", "-utf8", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", std::to_string(days), "-subj",
              "/CN=" + cn, "-keyout", p.keyPath, "-out", p.certPath}),
         "openssl req " + name);
    return p;
}

// A SoftHSM2 token of its own (SOFTHSM2_CONF in env()) holding keys with their certificates, put
// there by softhsm2-util and OpenSC's pkcs11-tool exactly as an agency's token is loaded.
class SoftToken {
public:
    explicit SoftToken(const std::vector<std::string>& labels)
    {
        fs::create_directories(m_dir.file("tokens"));
        writeFile(m_dir.file("softhsm2.conf"), "directories.tokendir = " + m_dir.file("tokens") +
                                                   "\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n");
        for (const auto& label : labels)
            must(run({VANTHU_SOFTHSM2_UTIL, "--init-token", "--free", "--label", label, "--pin", kTokenPin, "--so-pin",
                      "11223344"}, {}, env()),
                 "softhsm2-util --init-token");
    }
    std::vector<std::string> env() const { return {"SOFTHSM2_CONF=" + m_dir.file("softhsm2.conf")}; }
    // A key and its certificate, both labelled keyLabel, on the token `token`.
    void add(const std::string& token, const PemPair& pair, const std::string& keyLabel, const std::string& hexId)
    {
        const std::string pk8 = m_dir.file(token + "-" + keyLabel + ".pk8");
        must(run({VANTHU_OPENSSL, "pkcs8", "-topk8", "-nocrypt", "-in", pair.keyPath, "-out", pk8}), "openssl pkcs8");
        must(run({VANTHU_SOFTHSM2_UTIL, "--import", pk8, "--token", token, "--label", keyLabel, "--id", hexId, "--pin",
                  kTokenPin}, {}, env()),
             "softhsm2-util --import");
        addCertificate(token, pair.certPath, keyLabel, hexId);
    }
    // A certificate without a key (a CA of the chain, as tokens carry them).
    void addCertificate(const std::string& token, const std::string& certPath, const std::string& label,
                        const std::string& hexId)
    {
        const std::string der = m_dir.file(token + "-" + label + ".der");
        must(run({VANTHU_OPENSSL, "x509", "-in", certPath, "-outform", "DER", "-out", der}), "openssl x509");
        must(run({VANTHU_PKCS11_TOOL, "--module", kSoftHsm, "--token-label", token, "--login", "--pin", kTokenPin,
                  "--write-object", der, "--type", "cert", "--id", hexId, "--label", label}, {}, env()),
             "pkcs11-tool --write-object");
    }

private:
    TempDir m_dir;
};

std::string withSigning(const Station& s, const std::string& signing)
{
    return "[station]\ndata_dir = " + s.dataDir() + "\n\n[uplink]\ntransport = spool\nspool_dir = " + s.dataDir() +
           "/spool\n\n[signing]\n" + signing;
}

} // namespace

TEST(Doctor, TokenCertificateExpiryIsReadWithoutThePin)
{
    TempDir pki;
    const std::string dir = pki.path().string();
    const PemPair ca = makeCa(dir, "doctor");
    const PemPair good = issue(dir, "good", ca, "SỞ THỬ NGHIỆM CÒN HẠN", false);
    SoftToken token({"vanthu-doctor-token", "vanthu-doctor-chain"});
    token.add("vanthu-doctor-token", good, "agency", "01");
    token.add("vanthu-doctor-token", selfSigned(dir, "soon", "SỞ THỬ NGHIỆM SẮP HẾT HẠN", 10), "soon", "02");
    token.add("vanthu-doctor-token", issue(dir, "old", ca, "SỞ THỬ NGHIỆM HẾT HẠN", false, true), "old", "03");
    // A token as agencies get them: the CA certificate first, then the agency's key and certificate.
    token.addCertificate("vanthu-doctor-chain", ca.certPath, "ca", "09");
    token.add("vanthu-doctor-chain", good, "agency", "01");
    Station s;
    const auto doctor = [&](const std::string& signing) {
        writeFile(s.configPath(), withSigning(s, signing));
        // No PIN anywhere: not in the environment, not on stdin.
        return s.vanthu({"doctor", "--no-scanner"}, token.env());
    };
    const std::string tok = "token_module = " + std::string(kSoftHsm) + "\ntoken_label = vanthu-doctor-token\n";

    auto d = doctor(tok + "key_label = agency\n");
    std::string line = doctorLine(d.out, "signing");
    EXPECT_TRUE(line.starts_with("OK")) << d.out << d.err;
    EXPECT_NE(line.find("SỞ THỬ NGHIỆM CÒN HẠN"), std::string::npos) << line;
    EXPECT_NE(line.find("valid until"), std::string::npos) << line;
    EXPECT_NE(line.find("+07:00"), std::string::npos) << "Vietnam time: " << line;
    // The year the certificate ends, as openssl reads it.
    const auto end = run({VANTHU_OPENSSL, "x509", "-noout", "-enddate", "-in", good.certPath});
    ASSERT_EQ(end.exitCode, 0);
    EXPECT_NE(line.find(end.out.substr(end.out.size() - 9, 4)), std::string::npos) << end.out << line;

    // Without key_label: the end-entity certificate (the agency's), not the CA stored before it.
    line = doctorLine(doctor("token_module = " + std::string(kSoftHsm) + "\ntoken_label = vanthu-doctor-chain\n").out, "signing");
    EXPECT_TRUE(line.starts_with("OK")) << line;
    EXPECT_NE(line.find("SỞ THỬ NGHIỆM CÒN HẠN"), std::string::npos) << line;

    d = doctor(tok + "key_label = soon\n");
    line = doctorLine(d.out, "signing");
    EXPECT_TRUE(line.starts_with("WARN")) << d.out;
    EXPECT_NE(line.find("30"), std::string::npos) << line;
    EXPECT_EQ(d.exitCode, 0) << "a warning alone does not fail the station";

    d = doctor(tok + "key_label = old\n");
    line = doctorLine(d.out, "signing");
    EXPECT_TRUE(line.starts_with("FAIL")) << d.out;
    EXPECT_NE(line.find("expired"), std::string::npos) << line;
    EXPECT_NE(line.find("→"), std::string::npos) << line;
    EXPECT_EQ(d.exitCode, 1);

    d = doctor("token_module = " + std::string(kSoftHsm) + "\ntoken_label = not-plugged-in\n");
    line = doctorLine(d.out, "signing");
    EXPECT_TRUE(line.starts_with("FAIL")) << d.out;
    EXPECT_NE(line.find("plug in the USB token"), std::string::npos) << line;

    d = doctor(tok + "key_label = nosuchkey\n");
    EXPECT_TRUE(doctorLine(d.out, "signing").starts_with("FAIL")) << d.out;
    EXPECT_NE(doctorLine(d.out, "signing").find("key_label"), std::string::npos) << d.out;
}

TEST(Doctor, Pkcs12ExpiryWhenAPasswordSourceIsConfiguredElsePresenceOnly)
{
    TempDir pki;
    const PemPair soon = selfSigned(pki.path().string(), "soon", "SỞ THỬ NGHIỆM PKCS12", 12);
    const std::string p12 = pki.file("agency.p12");
    must(run({VANTHU_OPENSSL, "pkcs12", "-export", "-inkey", soon.keyPath, "-in", soon.certPath, "-passout",
              "pass:mat-khau-dung", "-out", p12}),
         "openssl pkcs12 -export");
    Station s;
    writeFile(s.configPath(), withSigning(s, "pkcs12 = " + p12 + "\n"));

    auto d = s.vanthu({"doctor", "--no-scanner"});
    std::string line = doctorLine(d.out, "signing");
    EXPECT_TRUE(line.starts_with("OK")) << d.out;
    EXPECT_NE(line.find("presence only"), std::string::npos) << line;

    d = s.vanthu({"doctor", "--no-scanner"}, {"VANTHU_P12_PASSWORD=mat-khau-dung"});
    line = doctorLine(d.out, "signing");
    EXPECT_TRUE(line.starts_with("WARN")) << d.out;
    EXPECT_NE(line.find("SỞ THỬ NGHIỆM PKCS12"), std::string::npos) << line;
    EXPECT_NE(line.find("30"), std::string::npos) << line;

    d = s.vanthu({"doctor", "--no-scanner"}, {"VANTHU_P12_PASSWORD=mk-sai-9931"});
    line = doctorLine(d.out, "signing");
    EXPECT_TRUE(line.starts_with("FAIL")) << d.out;
    EXPECT_NE(line.find("VANTHU_P12_PASSWORD"), std::string::npos) << line;
    EXPECT_EQ(d.out.find("mk-sai-9931"), std::string::npos) << "the password itself is never printed: " << line;

    // The agency key of [workflow], its password in the file: expired → FAIL on the "agency" line.
    const PemPair ca = makeCa(pki.path().string(), "agency");
    const PemPair old = issue(pki.path().string(), "old", ca, "CƠ QUAN HẾT HẠN", false, true);
    const std::string oldP12 = pki.file("old.p12");
    must(run({VANTHU_OPENSSL, "pkcs12", "-export", "-inkey", old.keyPath, "-in", old.certPath, "-passout", "pass:pw-agency",
              "-out", oldP12}),
         "openssl pkcs12 -export old");
    writeFile(s.configPath(), withSigning(s, "pkcs12 = " + p12 + "\n") + "\n[workflow]\nagency_p12 = " + oldP12 +
                                  "\nagency_p12_password = pw-agency\n");
    d = s.vanthu({"doctor", "--no-scanner"});
    line = doctorLine(d.out, "agency");
    EXPECT_TRUE(line.starts_with("FAIL")) << d.out;
    EXPECT_NE(line.find("CƠ QUAN HẾT HẠN"), std::string::npos) << line;
    EXPECT_NE(line.find("expired"), std::string::npos) << line;
    EXPECT_EQ(line.find("pw-agency"), std::string::npos) << line;
    EXPECT_EQ(d.exitCode, 1);
}

TEST(Doctor, APasswordInAConfigurationFileOthersCanReadIsAWarning)
{
    Station s;
    auto d = s.vanthu({"doctor", "--no-scanner"});
    EXPECT_TRUE(doctorLine(d.out, "secrets").starts_with("OK")) << d.out;

    writeFile(s.configPath(), readFile(s.configPath()) + "\n[workflow]\nagency_p12_password = bi-mat\n");
    fs::permissions(s.configPath(), fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                                        fs::perms::others_read);
    d = s.vanthu({"doctor", "--no-scanner"});
    std::string line = doctorLine(d.out, "secrets");
    EXPECT_TRUE(line.starts_with("WARN")) << d.out;
    EXPECT_NE(line.find("agency_p12_password"), std::string::npos) << line;
    EXPECT_NE(line.find("chmod 0640"), std::string::npos) << line;
    EXPECT_EQ(d.out.find("bi-mat"), std::string::npos) << "the password itself is never printed";

    fs::permissions(s.configPath(), fs::perms::owner_read | fs::perms::owner_write);
    d = s.vanthu({"doctor", "--no-scanner"});
    line = doctorLine(d.out, "secrets");
    if (geteuid() == 0)
        EXPECT_TRUE(line.starts_with("OK")) << "0600 root-owned: " << d.out;
    else
        EXPECT_TRUE(line.starts_with("WARN")) << "owned by a user who is neither root nor vanthu: " << d.out;
}

TEST(Doctor, RegistryReachabilityIsATlsRequestWithTheClientCertificate)
{
    TempDir pki;
    const std::string dir = pki.path().string();
    const PemPair ca = makeCa(dir, "registry");
    const PemPair server = issue(dir, "server", ca, "registry.test", true);
    const PemPair client = issue(dir, "client", ca, "000.00.00.T99", false);
    const PemPair otherCa = makeCa(dir, "other");
    const PemPair stranger = issue(dir, "stranger", otherCa, "000.00.00.T99", false);
    SimulatorOptions options;
    options.certFile = server.certPath;
    options.keyFile = server.keyPath;
    options.clientCaFile = ca.certPath;   // mutual TLS: only clients it issued
    RegistrySimulator sim(options);
    sim.start();
    sim.queueStatus("S1", "000.00.00.T99", "<status/>");

    Station s;
    const auto doctor = [&](const std::string& endpoint, const PemPair& cert) {
        writeFile(s.configPath(), "[station]\ndata_dir = " + s.dataDir() + "\n\n[agency]\ncode = 000.00.00.T99\n\n"
                                  "[uplink]\ntransport = https\nendpoint = " + endpoint + "\nca_file = " + ca.certPath +
                                  "\nclient_cert = " + cert.certPath + "\nclient_key = " + cert.keyPath +
                                  "\nconnect_timeout_ms = 3000\n");
        return s.vanthu({"doctor", "--no-scanner"});
    };

    auto d = doctor(sim.endpoint(), client);
    std::string line = doctorLine(d.out, "uplink");
    EXPECT_TRUE(line.starts_with("OK")) << d.out << d.err;
    EXPECT_NE(line.find("TLS"), std::string::npos) << line;
    EXPECT_NE(line.find("1 status message"), std::string::npos) << "the simulator's queued status was listed: " << line;
    EXPECT_TRUE(sim.acknowledged().empty()) << "the probe reads, it never acknowledges";
    EXPECT_TRUE(doctorLine(d.out, "uplink-tls").starts_with("OK")) << d.out;

    // A client certificate the registry does not trust: the handshake fails.
    d = doctor(sim.endpoint(), stranger);
    line = doctorLine(d.out, "uplink");
    EXPECT_TRUE(line.starts_with("FAIL")) << d.out;
    EXPECT_NE(line.find("TLS"), std::string::npos) << line;
    EXPECT_NE(line.find("client_cert"), std::string::npos) << line;

    // A wrong path on the right server: an answer that is not the protocol's.
    d = doctor("https://127.0.0.1:" + std::to_string(sim.port()) + "/wrong/v1", client);
    line = doctorLine(d.out, "uplink");
    EXPECT_TRUE(line.starts_with("FAIL")) << d.out;
    EXPECT_NE(line.find("endpoint"), std::string::npos) << line;

    // Nobody listening.
    sim.stop();
    d = doctor(sim.endpoint(), client);
    line = doctorLine(d.out, "uplink");
    EXPECT_TRUE(line.starts_with("FAIL")) << d.out;
    EXPECT_NE(line.find("unreachable"), std::string::npos) << line;
    EXPECT_EQ(d.exitCode, 1);
}

// --- upgrades ----------------------------------------------------------------------------------------

namespace {

// Migration 0 -> 1 exactly as released: the first raw string of kMigrations in register/src/Schema.cpp
// (entries are never edited once released).
std::string firstMigrationSql()
{
    const std::string src = readFile(std::string(VANTHU_SOURCE_DIR) + "/register/src/Schema.cpp");
    const auto begin = src.find("R\"sql(");
    const auto end = src.find(")sql\"", begin);
    if (begin == std::string::npos || end == std::string::npos)
        return {};
    return src.substr(begin + 6, end - begin - 6);
}

// A register file at schema 1, made by sqlite3 from migration 1's SQL, holding the data of `source`
// (a register written by today's code: its books, users and audit chain, table by table, for the
// tables and columns schema 1 has).
void makeSchemaOneRegister(const std::string& source, const std::string& target)
{
    const std::string sql = firstMigrationSql();
    ASSERT_NE(sql.find("CREATE TABLE incoming"), std::string::npos);
    ASSERT_EQ(sql.find("CREATE TABLE outbox"), std::string::npos) << "migration 1 predates the outbox";
    // application_id as the register sets it (read from the source, not restated here).
    const std::string appId = sqlite(source, "PRAGMA application_id;");
    sqlite(target, sql + "; PRAGMA application_id = " + appId + "; PRAGMA user_version = 1;"
                         "INSERT INTO schema_migrations (version, applied_at, vanthu) VALUES (1, '2026-01-05T08:00:00+07:00', '0.1.0');");
    std::string copy = "ATTACH '" + source + "' AS cur; PRAGMA foreign_keys = OFF;";
    for (const auto& table : lines(sqlite(target, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                                                  "AND name <> 'schema_migrations' ORDER BY name;"))) {
        std::string cols;
        for (const auto& c : lines(sqlite(target, "SELECT name FROM pragma_table_info('" + table + "');")))
            cols += (cols.empty() ? "" : ", ") + c;
        copy += "INSERT INTO main." + table + " (" + cols + ") SELECT " + cols + " FROM cur." + table + ";";
    }
    sqlite(target, copy);
}

} // namespace

TEST(Upgrade, ARegisterOfTheFirstReleasedSchemaIsMigratedForwardKeepingItsData)
{
    Station s;
    for (int i = 1; i <= 5; ++i)
        ASSERT_EQ(s.vanthu(incoming(i)).exitCode, 0);
    const std::string current = s.dataDir() + "/vanthu.db";
    Station old;
    const std::string v1 = old.dataDir() + "/vanthu.db";
    makeSchemaOneRegister(current, v1);
    ASSERT_EQ(sqlite(v1, "PRAGMA user_version;"), "1\n");
    ASSERT_EQ(sqlite(v1, "SELECT count(*) FROM sqlite_master WHERE name = 'outbox';"), "0\n");
    const std::string before = dumpRegister(v1);
    ASSERT_NE(before.find("5/QĐ-STC"), std::string::npos);

    // What the package's postinst runs after an upgrade.
    auto st = old.vanthu({"status"});
    ASSERT_EQ(st.exitCode, 0) << st.err;
    EXPECT_NE(st.out.find("Schema:     4"), std::string::npos) << st.out;
    EXPECT_EQ(sqlite(v1, "PRAGMA user_version;"), "4\n");
    EXPECT_EQ(sqlite(v1, "SELECT version FROM schema_migrations ORDER BY version;"), "1\n2\n3\n4\n");
    EXPECT_EQ(dumpRegister(v1), before) << "every row of schema 1 kept as it was";
    auto audit = old.vanthu({"audit", "verify"});
    EXPECT_EQ(audit.exitCode, 0) << audit.out << audit.err;
    // The migrated register works: the next arrival number follows on, the outbox exists.
    auto next = old.vanthu(incoming(6));
    EXPECT_EQ(next.exitCode, 0) << next.err;
    EXPECT_NE(old.vanthu({"register", "list", "--year", "2026"}).out.find("6/QĐ-STC"), std::string::npos);
    EXPECT_EQ(old.vanthu({"uplink", "status"}).exitCode, 0);
}

TEST(Upgrade, AFailedMigrationLeavesTheOldDatabaseUntouchedAndSaysWhy)
{
    Station s;
    for (int i = 1; i <= 3; ++i)
        ASSERT_EQ(s.vanthu(incoming(i)).exitCode, 0);
    Station old;
    const std::string v1 = old.dataDir() + "/vanthu.db";
    makeSchemaOneRegister(s.dataDir() + "/vanthu.db", v1);
    // Someone created a table named like one migration 2 creates: the migration cannot apply.
    sqlite(v1, "CREATE TABLE outbox (note TEXT); INSERT INTO outbox VALUES ('hand-made');");
    const std::string before = sqlite(v1, ".dump");

    auto st = old.vanthu({"status"});
    EXPECT_NE(st.exitCode, 0);
    EXPECT_NE(st.err.find("Lỗi:"), std::string::npos) << st.err;
    EXPECT_NE(st.err.find("schema 1 -> 2"), std::string::npos) << st.err;
    EXPECT_NE(st.err.find("outbox"), std::string::npos) << "the reason names the conflict: " << st.err;
    EXPECT_NE(st.err.find("left at schema 1"), std::string::npos) << st.err;
    EXPECT_EQ(sqlite(v1, ".dump"), before) << "the old database is exactly as it was";
    EXPECT_EQ(sqlite(v1, "PRAGMA user_version;"), "1\n");
    // Once the conflict is removed, the same file migrates.
    sqlite(v1, "DROP TABLE outbox;");
    EXPECT_EQ(old.vanthu({"status"}).exitCode, 0);
    EXPECT_EQ(sqlite(v1, "PRAGMA user_version;"), "4\n");
}

// --- backup and restore as an operation ------------------------------------------------------------

TEST(BackupOperation, NightlyBackupWhileTheStationWritesRestoresRegistersAndFilesOnAFreshInstall)
{
    Station s;
    for (int i = 1; i <= 5; ++i)
        ASSERT_EQ(s.vanthu(incoming(i)).exitCode, 0);
    // Files the station keeps beside the register (scans, spool packages).
    fs::create_directories(s.dataDir() + "/jobs/2026-11-20-001");
    writeFile(s.dataDir() + "/jobs/2026-11-20-001/page-001.png", std::string("\x89PNG\r\n\x1a\n", 8) + std::string(5000, '\x11'));
    fs::create_directories(s.dataDir() + "/spool/out");
    writeFile(s.dataDir() + "/spool/out/000.00.00.T99-5.edxml", "<edXMLEnvelope>Sở Tài chính</edXMLEnvelope>");

    // The station keeps registering while the backup runs (another process, as the kiosk would).
    std::atomic<bool> stop{false};
    std::atomic<int> written{0};
    std::thread writer([&] {
        for (int i = 100; i < 140 && !stop; ++i)
            if (s.vanthu(incoming(i)).exitCode == 0)
                ++written;
    });
    while (written < 2)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    auto b = s.backupNow();
    stop = true;
    writer.join();
    ASSERT_EQ(b.exitCode, 0) << b.out << b.err;
    const auto dbs = backups(s.backupDir(), ".db");
    const auto tars = backups(s.backupDir(), ".files.tar");
    ASSERT_EQ(dbs.size(), 1u);
    ASSERT_EQ(tars.size(), 1u);
    EXPECT_EQ(dbs[0].substr(0, 22), tars[0].substr(0, 22)) << "the two halves share a time stamp";
    for (const auto& e : fs::directory_iterator(s.backupDir()))
        EXPECT_EQ(e.path().filename().string().find("partial"), std::string::npos);
    const std::string backupDb = s.backupDir() + "/" + dbs[0];
    const std::string inBackup = dumpRegister(backupDb);
    EXPECT_NE(inBackup.find("5/QĐ-STC"), std::string::npos);
    EXPECT_NE(inBackup.find("101/QĐ-STC"), std::string::npos) << "written before the backup started";

    // A fresh install: an empty data directory, the documented restore steps.
    Station fresh;
    auto r = fresh.vanthu({"restore", backupDb});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto x = run({"/bin/tar", "-xf", s.backupDir() + "/" + tars[0], "-C", fresh.dataDir()});
    ASSERT_EQ(x.exitCode, 0) << x.err;
    // The restore adds its own audit entry; the books and the chain up to the backup are the same.
    const std::string restored = dumpRegister(fresh.dataDir() + "/vanthu.db");
    EXPECT_EQ(restored.substr(0, inBackup.size()), inBackup);
    EXPECT_EQ(fresh.vanthu({"audit", "verify"}).exitCode, 0);
    EXPECT_EQ(fileTree(fresh.dataDir()), fileTree(s.dataDir())) << "scans and spool identical";
    EXPECT_FALSE(fs::exists(fresh.dataDir() + "/backups")) << "backups are not inside the files archive";
    auto next = fresh.vanthu(incoming(999));
    EXPECT_EQ(next.exitCode, 0) << next.err;
}

TEST(BackupOperation, RotationKeepsTheNewestBackups)
{
    Station s;
    ASSERT_EQ(s.vanthu(incoming(1)).exitCode, 0);
    for (int i = 0; i < 3; ++i) {
        if (i > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(1100));   // names have one-second resolution
        auto b = s.backupNow({"VANTHU_BACKUP_KEEP=2"});
        ASSERT_EQ(b.exitCode, 0) << b.err;
    }
    const auto dbs = backups(s.backupDir(), ".db");
    const auto tars = backups(s.backupDir(), ".files.tar");
    EXPECT_EQ(dbs.size(), 2u);
    EXPECT_EQ(tars.size(), 2u);
    auto bad = s.backupNow({"VANTHU_BACKUP_KEEP=zero"});
    EXPECT_EQ(bad.exitCode, 2);
    EXPECT_NE(bad.err.find("VANTHU_BACKUP_KEEP"), std::string::npos);
    // A backup that cannot be written fails and leaves nothing half-written behind.
    auto fail = s.backupNow({"VANTHU_BIN=/bin/false"});
    EXPECT_NE(fail.exitCode, 0);
    EXPECT_EQ(backups(s.backupDir(), ".db").size(), 2u);
    for (const auto& e : fs::directory_iterator(s.backupDir()))
        EXPECT_EQ(e.path().filename().string().find("partial"), std::string::npos);
}

// --- systemd units --------------------------------------------------------------------------------

TEST(SystemdUnits, VerifyPassesAndEveryUnitShipsInThePackage)
{
    // systemd-analyze verify also checks that ExecStart= programs exist. On this build machine the
    // package is not installed, so each unit is verified as written except for our two programs,
    // which point at this build's binary and this checkout's script (packaging/test-install.sh
    // verifies the units as installed from the .deb).
    const std::string install = readFile(kPackaging + "/debian/vanthu.install");
    TempDir dir;
    int units = 0;
    for (const auto& e : fs::directory_iterator(kPackaging + "/systemd")) {
        const std::string name = e.path().filename().string();
        if (!name.ends_with(".service") && !name.ends_with(".timer"))
            continue;
        ++units;
        EXPECT_NE(install.find("packaging/systemd/" + name), std::string::npos) << name << " is not installed by the package";
        std::string text = readFile(e.path().string());
        for (const auto& [from, to] : {std::pair<std::string, std::string>{"=/usr/bin/vanthu ", "=" + std::string(VANTHU_CLI) + " "},
                                       {"=/usr/libexec/vanthu/vanthu-backup-rotate", "=" + kPackaging + "/systemd/vanthu-backup-rotate"}})
            for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
                text.replace(at, from.size(), to);
        writeFile(dir.file(name), text);
    }
    for (const auto& e : fs::directory_iterator(dir.path())) {
        auto v = run({VANTHU_SYSTEMD_ANALYZE, "verify", e.path().string()});
        EXPECT_EQ(v.exitCode, 0) << e.path().filename() << "\n" << v.out << v.err;
        EXPECT_EQ(v.out + v.err, "") << e.path().filename();
    }
    EXPECT_EQ(units, 6);
}
