// vanthu uplink status | run | retry | export: the outbox to the central registry (issue #6).
#include "Commands.h"

#include "vanthu/core/VnTime.h"
#include "vanthu/register/Register.h"
#include "vanthu/uplink/Edxml.h"
#include "vanthu/uplink/UplinkConfig.h"
#include "vanthu/uplink/Uploader.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace vanthu::cli {

namespace {

constexpr const char* kUplinkUsage =
    "vanthu uplink status [--all] [--document DOCUMENT_ID] | uplink run [--once] [--max N] [--no-statuses]\n"
    "       uplink retry (ID | --all) | uplink export (ID | --all) --out PATH | uplink export --schema --out FILE";

int uplinkUsage()
{
    std::fprintf(stderr, "%s\n", kUplinkUsage);
    return ExitUsage;
}

std::optional<Args> parse(const std::vector<std::string>& argv, const std::vector<std::string>& valued,
                          const std::vector<std::string>& flags)
{
    Args a = Args::parse(argv, valued);
    if (!a.error().empty()) {
        std::fprintf(stderr, "%s\n", a.error().c_str());
        return std::nullopt;
    }
    std::vector<std::string> known = valued;
    known.insert(known.end(), flags.begin(), flags.end());
    known.push_back("help");
    if (auto u = a.unknown(known); !u.empty()) {
        std::fprintf(stderr, "Tùy chọn không có / Unknown option: %s\n", u.front().c_str());
        return std::nullopt;
    }
    return a;
}

Result<reg::Register> openDb(const Context& ctx)
{
    std::error_code ec;
    const auto dir = std::filesystem::path(ctx.config.databasePath).parent_path();
    if (!dir.empty())
        std::filesystem::create_directories(dir, ec);
    reg::OpenOptions o;
    o.accounts = ctx.config.accounts;
    o.numbering = ctx.config.numbering;
    return reg::Register::open(ctx.config.databasePath, o);
}

const char* stateVi(reg::OutboxState s)
{
    switch (s) {
    case reg::OutboxState::Pending: return "chờ gửi";
    case reg::OutboxState::Sent: return "đã gửi";
    case reg::OutboxState::Dead: return "GỬI HỎNG";
    }
    return "";
}

std::string_view statusName(uplink::StatusEvent e)
{
    using uplink::StatusEvent;
    switch (e) {
    case StatusEvent::Arrived: return "đã đến / arrived";
    case StatusEvent::Rejected: return "từ chối tiếp nhận / rejected";
    case StatusEvent::Accepted: return "đã tiếp nhận / accepted";
    case StatusEvent::Assigned: return "phân công / assigned";
    case StatusEvent::InProgress: return "đang xử lý / in progress";
    case StatusEvent::Done: return "hoàn thành / done";
    case StatusEvent::TakeBack: return "đề nghị lấy lại / take-back request";
    case StatusEvent::Agree: return "đồng ý cập nhật, lấy lại / agreed";
    case StatusEvent::Refuse: return "từ chối cập nhật, lấy lại / refused";
    }
    return "";
}

void printItem(const reg::OutboxItem& it)
{
    std::printf("%6lld  %-8s / %-7s  lần thử / attempts %2d  %s%s%s\n", static_cast<long long>(it.id), stateVi(it.state),
                std::string(reg::toString(it.state)).c_str(), it.attempts, it.key.c_str(),
                it.receipt.empty() ? "" : ("  biên nhận / receipt " + it.receipt).c_str(),
                it.lastError.empty() || it.state == reg::OutboxState::Sent ? "" : ("\n        lỗi / error: " + it.lastError).c_str());
}

Status writeAtomically(const std::string& path, std::string_view data)
{
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out.write(data.data(), static_cast<std::streamsize>(data.size()));
        out.flush();
        if (!out)
            return fail(uplink::Errc::Io, tmp + ": cannot write");
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec)
        return fail(uplink::Errc::Io, path + ": " + ec.message());
    return {};
}

} // namespace

int cmdUplink(Context& ctx, const std::vector<std::string>& argv)
{
    auto a = parse(argv, {"max", "out", "document"}, {"all", "once", "no-statuses", "schema"});
    if (!a)
        return ExitUsage;
    const auto& pos = a->positional();
    if (pos.empty() || a->flag("help"))
        return uplinkUsage();
    auto cfg = uplink::UplinkConfig::load(ctx.config);
    if (!cfg)
        return report(cfg.error());
    const std::string sub = pos[0];

    if (sub == "export" && a->flag("schema")) {
        if (!a->value("out"))
            return uplinkUsage();
        if (auto s = writeAtomically(*a->value("out"), uplink::edxmlSchema()); !s)
            return report(s.error());
        std::printf("Đã ghi lược đồ / schema written: %s\n", a->value("out")->c_str());
        return ExitOk;
    }

    auto r = openDb(ctx);
    if (!r)
        return report(r.error());

    if (sub == "status" && a->value("document")) {
        // What the registry and the recipients reported about one document.
        auto statuses = r->exchangeStatuses(*a->value("document"));
        if (!statuses)
            return report(statuses.error());
        for (const auto& st : *statuses) {
            const auto ev = cfg->codes.event(st.code);
            std::printf("%s  %s  %s  %s%s%s\n", vntime::toIso8601(st.statusTime).c_str(), st.code.c_str(),
                        ev ? std::string(statusName(*ev)).c_str() : "?", st.fromOrgan.c_str(),
                        st.description.empty() ? "" : "  ", st.description.c_str());
        }
        if (statuses->empty())
            std::printf("Chưa có trạng thái / no status messages yet\n");
        return ExitOk;
    }
    if (sub == "status") {
        auto counts = r->outboxCounts();
        if (!counts)
            return report(counts.error());
        std::printf("Kênh gửi / transport: %s\n",
                    cfg->transport == uplink::UplinkConfig::TransportKind::Https ? cfg->https.endpoint.c_str()
                                                                                 : ("spool " + cfg->spoolDir).c_str());
        std::printf("Chờ gửi / pending: %lld   Đã gửi / sent: %lld   Gửi hỏng / dead: %lld\n",
                    static_cast<long long>(counts->pending), static_cast<long long>(counts->sent),
                    static_cast<long long>(counts->dead));
        auto items = a->flag("all") ? r->outboxItems(std::nullopt) : r->outboxItems(reg::OutboxState::Dead);
        if (!items)
            return report(items.error());
        if (!a->flag("all") && !items->empty())
            std::printf("Gửi hỏng, cần xử lý (vanthu uplink retry) / dead letters, to retry:\n");
        for (const auto& it : *items)
            printItem(it);
        return ExitOk;
    }

    if (sub == "retry") {
        std::optional<int64_t> id;
        if (!a->flag("all")) {
            if (pos.size() != 2)
                return uplinkUsage();
            id = std::atoll(pos[1].c_str());
        }
        auto n = r->outboxRetry(id, ctx.actor);
        if (!n)
            return report(n.error());
        std::printf("Đưa lại vào hàng đợi / requeued: %d\n", *n);
        return *n == 0 && id ? ExitNotFound : ExitOk;
    }

    if (sub == "export") {
        if (!a->value("out") || (pos.size() != 2 && !a->flag("all")))
            return uplinkUsage();
        const std::string out = *a->value("out");
        if (a->flag("all")) {
            // Every pending package into a directory, named as the spool transport names them.
            std::error_code ec;
            std::filesystem::create_directories(out, ec);
            auto items = r->outboxItems(reg::OutboxState::Pending);
            if (!items)
                return report(items.error());
            for (const auto& it : *items) {
                auto pkg = r->outboxPackage(it.id);
                if (!pkg)
                    return report(pkg.error());
                if (auto s = writeAtomically(out + "/" + uplink::spoolFileName(it.key), *pkg); !s)
                    return report(s.error());
            }
            std::printf("Đã xuất / exported: %zu gói / packages to %s\n", items->size(), out.c_str());
            return ExitOk;
        }
        auto pkg = r->outboxPackage(std::atoll(pos[1].c_str()));
        if (!pkg)
            return report(pkg.error());
        if (auto s = writeAtomically(out, *pkg); !s)
            return report(s.error());
        std::printf("Đã xuất / exported: %s\n", out.c_str());
        return ExitOk;
    }

    if (sub == "run") {
        auto transport = cfg->makeTransport();
        if (!transport)
            return report(transport.error());
        uplink::Uploader up(*r, **transport, cfg->retry);
        uplink::RunOptions o;
        o.waitForBackoff = !a->flag("once");
        if (a->value("max"))
            o.maxItems = std::atoi(a->value("max")->c_str());
        auto rep = up.run(o);
        if (!rep)
            return report(rep.error());
        std::printf("Đã gửi / sent: %d (trùng / already there: %d)   thử lại sau / to retry: %d   gửi hỏng / dead: %d\n",
                    rep->sent, rep->duplicates, rep->failed, rep->dead);
        if (rep->stoppedBy) {
            std::fprintf(stderr, "Dừng gửi: kết nối tới hệ thống trung tâm không tin cậy được hoặc cấu hình sai / "
                                 "Uploads stopped: the registry could not be trusted or the configuration is wrong\n");
            return report(*rep->stoppedBy);
        }
        if (!a->flag("no-statuses") && cfg->trustedCerts.empty()) {
            std::printf("Không nhận trạng thái: chưa cấu hình chứng thư tin cậy ([uplink] trusted_cert) / "
                        "status messages not fetched: no trusted certificate configured\n");
        } else if (!a->flag("no-statuses")) {
            auto applied = up.pullStatuses(cfg->trustedCerts);
            if (!applied)
                return report(applied.error());
            std::printf("Trạng thái mới / status messages applied: %d\n", *applied);
        }
        return rep->dead > 0 ? ExitFailure : ExitOk;
    }
    return uplinkUsage();
}

} // namespace vanthu::cli
