#include "vanthu/uplink/Transport.h"

#include "Xml_p.h"

#include "vanthu/core/Log.h"

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <mutex>

namespace vanthu::uplink {

namespace {

constexpr std::string_view kLog = "vanthu.uplink";

struct CurlFree {
    void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistFree {
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

struct Response {
    long status = 0;
    std::string body;
};

size_t collect(char* data, size_t size, size_t n, void* user)
{
    static_cast<std::string*>(user)->append(data, size * n);
    return size * n;
}

std::string percentEncode(std::string_view s)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
            c == '_' || c == '~')
            out += char(c);
        else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

// Which failures mean "retry later" and which mean "nothing will work until someone fixes trust".
Error curlError(CURLcode rc, const char* buf, const std::string& what)
{
    const std::string detail = what + ": " + curl_easy_strerror(rc) + (buf && *buf ? std::string(" (") + buf + ")" : "");
    switch (rc) {
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
        return Error(Errc::Tls, detail);
    case CURLE_OPERATION_TIMEDOUT: return Error(Errc::Timeout, detail);
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_SSL_CONNECT_ERROR:   // also a handshake cut short by a server going away: retry
        return Error(Errc::Connect, detail);
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        return Error(Errc::ServerError, detail);
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
        return Error(Errc::ConfigError, detail);
    default: return Error(Errc::Connect, detail);
    }
}

class HttpsTransport final : public Transport {
public:
    explicit HttpsTransport(HttpsOptions o) : m_o(std::move(o)), m_curl(curl_easy_init()) {}

    Result<Receipt> submit(const std::string& key, const std::string& documentId, std::string_view package) override
    {
        auto r = request("PUT", "/packages/" + percentEncode(key), package,
                         {"Content-Type: application/xml; charset=utf-8", "X-Document-Id: " + percentEncode(documentId)});
        if (!r)
            return std::unexpected(r.error());
        if (r->status != 200 && r->status != 201)
            return std::unexpected(statusError(*r, "submit " + key));
        return receiptFrom(*r, r->status == 200);
    }

    Result<std::optional<Receipt>> lookup(const std::string& key) override
    {
        auto r = request("GET", "/packages/" + percentEncode(key), {}, {});
        if (!r)
            return std::unexpected(r.error());
        if (r->status == 404)
            return std::optional<Receipt>();
        if (r->status != 200)
            return std::unexpected(statusError(*r, "lookup " + key));
        auto rec = receiptFrom(*r, true);
        if (!rec)
            return std::unexpected(rec.error());
        return std::optional<Receipt>(*rec);
    }

    Result<std::vector<InboundMessage>> fetchStatuses() override
    {
        auto r = request("GET", "/statuses?organ=" + percentEncode(m_o.agencyId), {}, {});
        if (!r)
            return std::unexpected(r.error());
        if (r->status != 200)
            return std::unexpected(statusError(*r, "fetch statuses"));
        std::vector<InboundMessage> out;
        try {
            const auto j = nlohmann::json::parse(r->body);
            for (const auto& m : j.at("messages")) {
                InboundMessage msg;
                msg.id = m.at("id").get<std::string>();
                if (!xml::base64Decode(m.at("package").get<std::string>(), msg.package))
                    return fail(Errc::Protocol, "status message " + msg.id + ": package is not base64");
                out.push_back(std::move(msg));
            }
        } catch (const nlohmann::json::exception& e) {
            return fail(Errc::Protocol, std::string("fetch statuses: bad JSON: ") + e.what());
        }
        return out;
    }

    Status acknowledge(const std::string& messageId) override
    {
        auto r = request("POST", "/statuses/" + percentEncode(messageId) + "/ack", "", {});
        if (!r)
            return std::unexpected(r.error());
        if (r->status != 204 && r->status != 200)
            return std::unexpected(statusError(*r, "acknowledge " + messageId));
        return {};
    }

    std::string describe() const override { return m_o.endpoint; }

private:
    static Error statusError(const Response& r, const std::string& what)
    {
        const std::string detail = what + ": HTTP " + std::to_string(r.status) + " " + r.body.substr(0, 300);
        if (r.status >= 500 || r.status == 429 || r.status == 408)
            return Error(Errc::ServerError, detail);
        if (r.status >= 400)
            return Error(Errc::Rejected, detail);
        return Error(Errc::Protocol, detail);
    }

    static Result<Receipt> receiptFrom(const Response& r, bool duplicate)
    {
        try {
            const auto j = nlohmann::json::parse(r.body);
            Receipt rec;
            rec.id = j.at("receipt").get<std::string>();
            rec.duplicate = duplicate || j.value("duplicate", false);
            if (rec.id.empty())
                return fail(Errc::Protocol, "empty receipt");
            return rec;
        } catch (const nlohmann::json::exception& e) {
            return fail(Errc::Protocol, std::string("bad receipt: ") + e.what());
        }
    }

    Result<Response> request(const char* method, const std::string& path, std::string_view body,
                             const std::vector<std::string>& headers)
    {
        CURL* c = m_curl.get();
        if (!c)
            return fail(Errc::Connect, "curl_easy_init failed");
        // reset keeps the connection cache: one TLS session serves many packages.
        curl_easy_reset(c);
        char errbuf[CURL_ERROR_SIZE] = {};
        Response resp;
        const std::string url = m_o.endpoint + path;
        curl_easy_setopt(c, CURLOPT_URL, url.c_str());
        curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
        curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https");
        curl_easy_setopt(c, CURLOPT_SSLVERSION, long(CURL_SSLVERSION_TLSv1_2));
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
        // Pinned: the registry CA from the configuration, never the system store.
        curl_easy_setopt(c, CURLOPT_CAINFO, m_o.caFile.c_str());
        curl_easy_setopt(c, CURLOPT_CAPATH, nullptr);
        if (!m_o.clientCert.empty()) {
            curl_easy_setopt(c, CURLOPT_SSLCERT, m_o.clientCert.c_str());
            curl_easy_setopt(c, CURLOPT_SSLCERTTYPE, "PEM");
            curl_easy_setopt(c, CURLOPT_SSLKEY, m_o.clientKey.c_str());
            curl_easy_setopt(c, CURLOPT_SSLKEYTYPE, "PEM");
            if (!m_o.clientKeyPassword.empty())
                curl_easy_setopt(c, CURLOPT_KEYPASSWD, m_o.clientKeyPassword.c_str());
        }
        curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, m_o.connectTimeoutMs);
        curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, m_o.totalTimeoutMs);
        // CURLOPT_NOSIGNAL stays off: libcurl then ignores SIGPIPE while it runs, so a registry
        // that resets the connection cannot kill the process (DNS uses the threaded resolver).
        // Only the configured proxy: "" switches off http(s)_proxy from the environment.
        curl_easy_setopt(c, CURLOPT_PROXY, m_o.proxy.c_str());
        curl_easy_setopt(c, CURLOPT_NOPROXY, "");   // and no_proxy from the environment neither
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &collect);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, &resp.body);
        std::unique_ptr<curl_slist, SlistFree> list;
        const auto addHeader = [&](const std::string& h) { list.reset(curl_slist_append(list.release(), h.c_str())); };
        addHeader("Expect:");   // no 100-continue round trip before each package
        addHeader("Accept: application/json");
        if (!m_o.agencyId.empty())
            addHeader("X-Organ-Id: " + m_o.agencyId);
        for (const auto& h : headers)
            addHeader(h);
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, list.get());
        const std::string m = method;
        if (m != "GET") {
            curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
            curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
            curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.size()));
        }
        const CURLcode rc = curl_easy_perform(c);
        curl_easy_setopt(c, CURLOPT_ERRORBUFFER, nullptr);
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, nullptr);
        if (rc != CURLE_OK) {
            Error e = curlError(rc, errbuf, std::string(method) + " " + url);
            log::warning(kLog, e.toString());
            return std::unexpected(e);
        }
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &resp.status);
        return resp;
    }

    HttpsOptions m_o;
    std::unique_ptr<CURL, CurlFree> m_curl;
};

} // namespace

Result<std::unique_ptr<Transport>> makeHttpsTransport(const HttpsOptions& o)
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    if (!o.endpoint.starts_with("https://"))
        return fail(Errc::ConfigError, "the registry endpoint must be an https:// URL ([uplink] endpoint)");
    if (o.caFile.empty())
        return fail(Errc::ConfigError, "the registry CA must be configured ([uplink] ca_file): it is pinned");
    if (o.clientCert.empty() != o.clientKey.empty())
        return fail(Errc::ConfigError, "client_cert and client_key go together");
    if (o.connectTimeoutMs <= 0 || o.totalTimeoutMs <= 0)
        return fail(Errc::ConfigError, "timeouts must be positive");
    return std::unique_ptr<Transport>(new HttpsTransport(o));
}

} // namespace vanthu::uplink
