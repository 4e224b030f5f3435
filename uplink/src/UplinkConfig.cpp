#include "vanthu/uplink/UplinkConfig.h"

#include "vanthu/core/Ini.h"

#include <cctype>
#include <charconv>
#include <map>

namespace vanthu::uplink {

namespace {

Result<int64_t> toInt(const IniEntry& e, int64_t lo, int64_t hi)
{
    int64_t v = 0;
    const auto* end = e.value.data() + e.value.size();
    const auto r = std::from_chars(e.value.data(), end, v);
    if (r.ec != std::errc() || r.ptr != end || v < lo || v > hi)
        return fail(Errc::ConfigError, "line " + std::to_string(e.line) + ": [uplink] " + e.key + " must be a number from " +
                                           std::to_string(lo) + " to " + std::to_string(hi));
    return v;
}

} // namespace

Result<UplinkConfig> UplinkConfig::load(const StationConfig& station)
{
    UplinkConfig c;
    c.spoolDir = station.dataDir + "/spool";
    c.organization.organId = station.agency.code;
    c.organization.organName = station.agency.name;
    c.organization.organizationInCharge = station.agency.parentName;
    c.https.agencyId = station.agency.code;
    if (station.configPath.empty())
        return c;
    auto ini = Ini::load(station.configPath);
    if (!ini)
        return std::unexpected(ini.error());
    std::map<std::string, std::string*> strings = {
        {"spool_dir", &c.spoolDir},
        {"endpoint", &c.https.endpoint},
        {"ca_file", &c.https.caFile},
        {"client_cert", &c.https.clientCert},
        {"client_key", &c.https.clientKey},
        {"client_key_password", &c.https.clientKeyPassword},
        {"proxy", &c.https.proxy},
        {"signing_key", &c.signing.keyPath},
        {"signing_cert", &c.signing.certPath},
        {"signing_key_password", &c.signing.password},
        {"organ_address", &c.organization.organAdd},
        {"organ_email", &c.organization.email},
        {"organ_telephone", &c.organization.telephone},
        {"organ_fax", &c.organization.fax},
        {"organ_website", &c.organization.website},
        {"status_code_arrived", &c.codes.arrived},
        {"status_code_rejected", &c.codes.rejected},
        {"status_code_accepted", &c.codes.accepted},
        {"status_code_assigned", &c.codes.assigned},
        {"status_code_in_progress", &c.codes.inProgress},
        {"status_code_done", &c.codes.done},
        {"status_code_take_back", &c.codes.takeBack},
        {"status_code_agree", &c.codes.agree},
        {"status_code_refuse", &c.codes.refuse},
    };
    for (const IniEntry& e : ini->entries()) {
        if (e.section != "uplink")
            continue;
        const std::string where = station.configPath + ": line " + std::to_string(e.line) + ": ";
        if (auto it = strings.find(e.key); it != strings.end()) {
            if (e.key.starts_with("status_code_") &&
                (e.value.size() != 2 || !std::isdigit(static_cast<unsigned char>(e.value[0])) ||
                 !std::isdigit(static_cast<unsigned char>(e.value[1]))))
                return fail(Errc::ConfigError, where + e.key + " must be two digits (\"15\")");
            *it->second = e.value;
        } else if (e.key == "transport") {
            if (e.value == "spool")
                c.transport = TransportKind::Spool;
            else if (e.value == "https")
                c.transport = TransportKind::Https;
            else
                return fail(Errc::ConfigError, where + "transport must be spool or https");
        } else if (e.key == "trusted_cert") {
            c.trustedCerts.push_back(e.value);
        } else if (e.key == "connect_timeout_ms" || e.key == "total_timeout_ms" || e.key == "retry_base_ms" ||
                   e.key == "retry_max_ms" || e.key == "retry_max_attempts") {
            auto v = toInt(e, 1, e.key == "retry_max_attempts" ? 1000 : 24LL * 3600 * 1000);
            if (!v)
                return fail(Errc::ConfigError, station.configPath + ": " + v.error().detail());
            if (e.key == "connect_timeout_ms")
                c.https.connectTimeoutMs = long(*v);
            else if (e.key == "total_timeout_ms")
                c.https.totalTimeoutMs = long(*v);
            else if (e.key == "retry_base_ms")
                c.retry.baseDelayMs = *v;
            else if (e.key == "retry_max_ms")
                c.retry.maxDelayMs = *v;
            else
                c.retry.maxAttempts = int(*v);
        } else {
            return fail(Errc::ConfigError, where + "unknown key '" + e.key + "' in [uplink]");
        }
    }
    return c;
}

Result<std::unique_ptr<Transport>> UplinkConfig::makeTransport() const
{
    if (transport == TransportKind::Https)
        return makeHttpsTransport(https);
    return makeSpoolTransport(spoolDir);
}

Sender UplinkConfig::sender(const std::string& actor) const
{
    Sender s;
    s.organization = organization;
    s.key = signing;
    s.codes = codes;
    s.actor = actor;
    return s;
}

} // namespace vanthu::uplink
