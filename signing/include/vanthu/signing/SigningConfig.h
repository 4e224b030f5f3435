#pragma once
// The [signing] section of the station configuration (docs/CONFIG.md): TSA, trust anchors, the
// agency's key (token or PKCS#12 — never its PIN or password), the seal image and the default
// place of the ĐẾN stamp. Read here, not in core (signing depends on core, not back).

#include "vanthu/core/Config.h"
#include "vanthu/core/Error.h"
#include "vanthu/signing/Sign.h"
#include "vanthu/signing/Stamp.h"
#include "vanthu/signing/Verify.h"

#include <chrono>
#include <string>
#include <vector>

namespace vanthu::signing {

struct SigningConfig {
    std::string tsaUrl;                                   // tsa_url: empty = B-B
    std::chrono::milliseconds tsaTimeout{10000};          // tsa_timeout_ms
    std::vector<std::string> trustAnchors;                // trust_anchor (repeatable, PEM)
    bool checkRevocation = true;                          // check_revocation
    std::chrono::milliseconds networkTimeout{5000};       // revocation_timeout_ms
    std::string tokenModule = "/usr/lib/softhsm/libsofthsm2.so";   // token_module
    std::string tokenLabel;                               // token_label: the agency token
    std::string keyLabel;                                 // key_label
    std::string pkcs12;                                   // pkcs12: a software key (tests, demo)
    std::string sealImage;                                // seal_image (PNG)
    double sealDiameterMm = 40;                           // seal_diameter_mm
    double sealCoverage = 0.33;                           // seal_coverage (0.30–0.36 per NĐ 30 "one third")
    StampPlacement stamp;                                 // stamp_x_mm, stamp_y_mm, stamp_automatic

    // Defaults, then [signing] of station.configPath. Errc::InvalidInput (with the line) on an
    // unknown key or a bad value; core::Errc::Io when the file cannot be read.
    static Result<SigningConfig> load(const StationConfig& station);
};

} // namespace vanthu::signing
