#include "vanthu/signing/SigningConfig.h"

#include "vanthu/core/Ini.h"
#include "vanthu/signing/Errors.h"

#include <charconv>
#include <map>

namespace vanthu::signing {

namespace {

Result<double> number(const IniEntry& e, const std::string& where, double lo, double hi)
{
    double v = 0;
    const auto* end = e.value.data() + e.value.size();
    const auto r = std::from_chars(e.value.data(), end, v);
    if (r.ec != std::errc() || r.ptr != end || v < lo || v > hi)
        return fail(Errc::InvalidInput, where + "[signing] " + e.key + " must be a number from " + std::to_string(lo)
                                            + " to " + std::to_string(hi));
    return v;
}

Result<bool> boolean(const IniEntry& e, const std::string& where)
{
    if (e.value == "true" || e.value == "yes" || e.value == "1")
        return true;
    if (e.value == "false" || e.value == "no" || e.value == "0")
        return false;
    return fail(Errc::InvalidInput, where + "[signing] " + e.key + " must be true or false");
}

} // namespace

Result<SigningConfig> SigningConfig::load(const StationConfig& station)
{
    SigningConfig c;
    if (station.configPath.empty())
        return c;
    auto ini = Ini::load(station.configPath);
    if (!ini)
        return std::unexpected(ini.error());
    for (const IniEntry& e : ini->entries()) {
        if (e.section != "signing")
            continue;
        const std::string where = station.configPath + ": line " + std::to_string(e.line) + ": ";
        const std::string& k = e.key;
        if (k == "tsa_url") {
            c.tsaUrl = e.value;
        } else if (k == "trust_anchor") {
            c.trustAnchors.push_back(e.value);
        } else if (k == "token_module") {
            c.tokenModule = e.value;
        } else if (k == "token_label") {
            c.tokenLabel = e.value;
        } else if (k == "key_label") {
            c.keyLabel = e.value;
        } else if (k == "pkcs12") {
            c.pkcs12 = e.value;
        } else if (k == "seal_image") {
            c.sealImage = e.value;
        } else if (k == "check_revocation" || k == "stamp_automatic") {
            auto b = boolean(e, where);
            if (!b)
                return std::unexpected(b.error());
            (k == "check_revocation" ? c.checkRevocation : c.stamp.automatic) = *b;
        } else {
            struct Range {
                double lo, hi;
            };
            static const std::map<std::string, Range> ranges{
                {"tsa_timeout_ms", {100, 600000}},   {"revocation_timeout_ms", {100, 600000}},
                {"seal_diameter_mm", {10, 80}},      {"seal_coverage", {0, 1}},
                {"stamp_x_mm", {0, 1000}},           {"stamp_y_mm", {0, 1000}},
            };
            auto it = ranges.find(k);
            if (it == ranges.end())
                return fail(Errc::InvalidInput, where + "unknown key '" + k + "' in [signing]");
            auto v = number(e, where, it->second.lo, it->second.hi);
            if (!v)
                return std::unexpected(v.error());
            if (k == "tsa_timeout_ms")
                c.tsaTimeout = std::chrono::milliseconds(static_cast<long>(*v));
            else if (k == "revocation_timeout_ms")
                c.networkTimeout = std::chrono::milliseconds(static_cast<long>(*v));
            else if (k == "seal_diameter_mm")
                c.sealDiameterMm = *v;
            else if (k == "seal_coverage")
                c.sealCoverage = *v;
            else if (k == "stamp_x_mm")
                c.stamp.preferredTopLeft.x = *v;
            else
                c.stamp.preferredTopLeft.y = *v;
        }
    }
    return c;
}

} // namespace vanthu::signing
