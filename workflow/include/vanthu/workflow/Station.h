#pragma once
// The station on embedded defaults: everything a flow needs besides the request itself — the
// configuration, the data directory and its folders, the agency's seal and signature images, its
// keys (a self-signed demo PKI made on first run when none is configured, clearly labelled TEST),
// the scanner (the SANE `test` device through a private SANE_CONFIG_DIR when no real scanner is
// found), the upload transport (spool by default) and the OCR engine (created on first use).
//
// Layout of the data directory (default $XDG_DATA_HOME/vanthu, or [station] data_dir):
//   vanthu.db                  register (incoming/outgoing books, outbox, audit)
//   jobs/<job-id>/             capture work folders (pages as PNG, original files unchanged)
//   archive/<year>/in-<book>-<số đến>/   original.pdf|original.<ext> (unchanged bytes), stamped.pdf,
//                              certified.pdf (the registered digital copy), meta.json
//   archive/<year>/out-<series>-<số>/    original, numbered.pdf, signed.pdf, meta.json
//   dossiers/<code>/           one-stop dossiers: components, receipt.pdf, dossier.json
//   spool/out/*.edxml          packages for the central registry (spool transport)
//   demo-pki/                  the TEST PKI (ca.pem, agency.p12, agency-key.pem, agency-cert.pem,
//                              leader.p12, nssdb/ for pdfsig) — only when no keys are configured
//   sane/                      private SANE configuration selecting the `test` backend
//   procedures.ini             the one-stop procedure catalogue (copied from the built-in one)
//
// Threading: a Station is set up once and then read-only, except the OCR engine which is created
// once under a lock and is itself thread-safe. Flows open their own Register connection per call.

#include "vanthu/core/Config.h"
#include "vanthu/core/Error.h"
#include "vanthu/ocr/Engine.h"
#include "vanthu/uplink/UplinkConfig.h"
#include "vanthu/workflow/Errors.h"

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace vanthu {
class JobThread;
}

namespace vanthu::workflow {

struct StationPaths {
    std::string dataDir;
    std::string database;
    std::string jobsDir;
    std::string archiveDir;
    std::string dossierDir;
    std::string spoolDir;
    std::string pkiDir;
    std::string saneConfigDir;
    std::string procedureCatalogue;
};

// The agency's keys and images. With `demo` the keys are the self-signed TEST PKI of pkiDir.
struct AgencyKeys {
    std::string agencyP12;           // PKCS#12 of the agency (cơ quan) signature: certified copies, issuance
    std::string agencyP12Password;
    std::string leaderP12;           // PKCS#12 of a leader (demo only: signs outgoing in tests/demos)
    std::string leaderP12Password;
    std::string agencyKeyPem;        // the same agency key as PEM, for edXML XMLDSig
    std::string agencyCertPem;
    std::string caCertPem;           // trust anchor that verifies the above (demo CA)
    std::string nssDir;              // NSS database trusting caCertPem (for `pdfsig -nssdir`)
    std::vector<std::string> trustAnchors;   // PEM files trusted when verifying arriving PDFs
    std::string sealImage;           // PNG, transparent background
    std::string signerImage;         // PNG, the signer's signature image
    bool demo = false;               // TEST keys: every output says so
};

struct SetupOptions {
    // Where ../shared/assets lives (seal_sample.png, signature_sample.png); empty: next to the
    // executable's share dir, then the source tree (VANTHU_SHARED_DIR at build time).
    std::string assetsDir;
    bool createDemoPki = true;       // make the TEST PKI when no agency key is configured
    bool probeScanner = true;        // look for a SANE device (else the test device is used)
};

class Station {
public:
    // Prepares the data directory, the demo PKI, the SANE test configuration and the procedure
    // catalogue when missing, then opens (creating, migrating) the register once to check it.
    // Blocking (the first run makes RSA keys and may list SANE devices: a few seconds).
    // SetupFailed, AssetMissing, plus register errors.
    // Also removes archive/.pending-* folders left by a process that died mid-commit (their owner's
    // pid is in the name and no longer runs; unnamed ones older than an hour).
    static Result<std::unique_ptr<Station>> setup(const StationConfig& config, const SetupOptions& options = {});

    // Call first in main(), before any other thread starts and before anything uses SANE. When
    // SANE_CONFIG_DIR is unset (or empty), points it at "<data_dir>/sane-plus:" — the system's SANE
    // configuration plus the `test` backend as a dll.d entry — so that defaultScanner() can fall back
    // to the test device at any later time without touching the environment again (SANE reads
    // SANE_CONFIG_DIR once per process, at its first sane_init). Returns false and changes nothing
    // when other threads already run (setenv would race with their getenv) or the folder cannot be
    // written. Main thread only.
    static bool prepareProcess(const StationConfig& config);

    ~Station();
    Station(const Station&) = delete;
    Station& operator=(const Station&) = delete;

    const StationConfig& config() const { return m_config; }
    const StationPaths& paths() const { return m_paths; }
    const AgencyKeys& keys() const { return m_keys; }
    const uplink::UplinkConfig& uplink() const { return m_uplink; }
    // True when anything (agency code, keys) is the embedded TEST/DEMO default.
    bool demo() const { return m_config.agency.demo || m_keys.demo; }

    // The scanner to use when none is named ([workflow] scanner): the first real SANE device, else
    // the test device. After prepareProcess() this works whenever it is called (SANE initialised or
    // not). Without it, real devices are probed in a child (`scanimage -L`) and the test device is
    // reached through useTestScanner(), which only works before SANE's first use in this process.
    // Blocking (SANE device listing). NoScanner when no device and the test backend is missing, or
    // when the test device cannot be reached any more (call prepareProcess() at start).
    Result<std::string> defaultScanner();
    // Points SANE at the private configuration holding only the `test` backend (tests, demos). Sets
    // SANE_CONFIG_DIR only when it is unset and the process runs a single thread; false otherwise
    // (an already set SANE_CONFIG_DIR is left alone and counts as true when it is this one).
    bool useTestScanner();

    // The OCR engine, created on first use (loads Tesseract `vie` on each worker). Thread-safe.
    Result<ocr::Engine*> ocrEngine();

    // The station's two background threads. Reading: jobs that read and post OCR work (the
    // incoming flow reads its drafts' signer and "Nơi nhận" there and starts their full text).
    // Waiting: jobs that wait for OCR work posted before them (a closing read from a full text once
    // it is done), so that one draft waiting for its text does not hold up the next draft's reading.
    enum class Lane { Reading, Waiting };
    // Runs `job` on the lane's thread, after the jobs posted to it before. A job may wait for the
    // OCR engine. `stopping` turns true when the station is being destroyed: a job still queued then
    // runs with it true and must return at once, a running one must check it while it waits. The
    // reading lane stops first, so its jobs may post to the waiting lane until then. Each thread
    // starts with its first job. Thread-safe.
    using BackgroundJob = std::function<void(const std::atomic<bool>& stopping)>;
    void background(BackgroundJob job, Lane lane = Lane::Reading);

    // A key of the [workflow] section of the configuration file ("" when unset): assets_dir,
    // seal_image, signer_image, agency_p12, agency_p12_password, trust_anchor, scanner, procedures,
    // printer, deadline_days.
    std::string setting(const std::string& key) const;

    // The working calendar of the configuration (built-in table plus holiday_file).
    const calendar::WorkingCalendar& calendar() const { return *m_calendar; }

private:
    Station() = default;
    StationConfig m_config;
    StationPaths m_paths;
    AgencyKeys m_keys;
    uplink::UplinkConfig m_uplink;
    std::unique_ptr<calendar::WorkingCalendar> m_calendar;
    std::mutex m_engineLock;
    std::unique_ptr<ocr::Engine> m_engine;
    // After m_engine: their jobs use the engine, so they stop first; the reading lane before the
    // waiting lane (its jobs post there).
    std::unique_ptr<JobThread> m_waiting;
    std::unique_ptr<JobThread> m_background;
    bool m_testScanner = false;
    std::map<std::string, std::string> m_settings;
};

} // namespace vanthu::workflow
