// vanthu — the records-office capture station, headless.
#include "Commands.h"

#include "vanthu/core/VnText.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <functional>
#include <map>

namespace {

constexpr const char* kUsage = R"(vanthu — trạm số hóa văn thư / records-office capture station

Cách dùng / Usage: vanthu [--config FILE] [--db FILE] [--as USER] <command> ...

Lệnh / Commands:
  status                                  cấu hình, sổ, lịch / configuration, registers, calendar
  register incoming --set FIELD=VALUE ... vào sổ văn bản đến / register an incoming document
  register outgoing --set FIELD=VALUE ... cấp số văn bản đi / issue an outgoing number
  register list [--book B] [--year Y] [--from D] [--to D] [--search T] [--json]
  register show ID [--book B]
  register print --book B (--year Y | --from D --to D) --out FILE.pdf
  register close-year YEAR
  audit verify | audit list [--from SEQ] [--limit N]
  user add NAME --full-name "..." --role ROLE [--password-stdin]
  user passwd NAME [--password-stdin] | user list | user login NAME [--password-stdin]
  user disable NAME | user enable NAME
  calendar next-working [TIME] | calendar add-days TIME N [--one-stop]
  calendar due TIME N | calendar is-working DATE | calendar draft-year YEAR
  backup FILE | restore FILE
  devices                                 máy quét / scanners (SANE)
  scan [--profile P] [--device D] [--source flatbed|adf|duplex] [--pages N] [--dpi 300] [--mode color|gray|lineart] [--out DIR]
  import FILE... [--dpi 300] [--out DIR]  nhập PDF/TIFF/PNG/JPEG như bản quét / import files as if scanned
  eval DIR [--json FILE] [--only ID] [--dpi N]
                                          đo độ chính xác trích xuất / measure field extraction on a corpus
  extract FILE [--dpi 300] [--json] [--pdf OUT.pdf]
                                          đọc các trường, ghi PDF/A tìm kiếm được / read a document's fields, write a searchable PDF/A
  ocr FILE [--dpi 300] [--pdf OUT.pdf]    nhận dạng toàn văn (và PDF tìm kiếm được) / full-text OCR (and searchable PDF)
  sign FILE --out OUT (--p12 F [--password-fd N] | --token LABEL [--pin-fd N]) [--tsa URL] [--signer-image PNG] [--seal PNG --seal-mm 40] [--at X,Y | --signer-name NAME]
  verify FILE [--trust CA.pem]... [--no-revocation]   kiểm tra chữ ký số / verify signatures
  stamp FILE --out OUT --number N [--date ISO] [--to T] [--dossier HS]   dấu ĐẾN / arrival stamp
  copy FILE --out OUT (--p12 F | --token LABEL) [--symbol S]   sao y điện tử / certified electronic copy
  fill-number FILE --out OUT --number N --date YYYY-MM-DD   ghi số, ngày vào chỗ trống / fill number and date blanks
  intake (--scan [--device D] [--source adf] [--pages N] | FILE...) [--set F=V]... [--yes]   tiếp nhận văn bản đến / incoming intake
  issue (FILE | --scan [--device D] [--dpi N]) --type QĐ --subject S --to CODE[=NAME]... [--reply in:YYYY/N] [--yes]
                                          ban hành văn bản đi / issue an outgoing document
  dossier new|add|check|receipt ...       hồ sơ một cửa / one-stop dossier
  recall OUTGOING-ID --reason R           thu hồi văn bản đi / recall an outgoing document
  recall --incoming N [--year Y] [--book B] --reason R | --document-id ID --reason R | --package F.edxml
                                          hủy văn bản đến bị thu hồi, trả lời nơi gửi / cancel a recalled arrival
  due [--at TIME]                         văn bản quá hạn / overdue documents
  uplink status|run|retry|export ...      gửi lên hệ thống trung tâm (edXML) / upload to the central registry
  doctor [--backup-dir DIR] [--no-scanner]  kiểm tra trạm / check the station (OK/WARN/FAIL)

  B = incoming | secret | outgoing.   TIME = ISO 8601 (2026-11-20T17:45, +07:00 assumed).
  Every command takes --help. Exit codes: see README ("Exit codes").
)";

std::string osUser()
{
    if (const passwd* pw = getpwuid(getuid()); pw && pw->pw_name)
        return pw->pw_name;
    return "uid" + std::to_string(getuid());
}

} // namespace

int main(int argc, char** argv)
{
    using namespace vanthu::cli;
    std::vector<std::string> args(argv + 1, argv + argc);
    std::optional<std::string> configPath, dbPath, actor;
    size_t i = 0;
    for (; i < args.size(); ++i) {
        const std::string& a = args[i];
        const auto takeValue = [&](std::optional<std::string>& into) {
            if (i + 1 >= args.size())
                return false;
            into = args[++i];
            return true;
        };
        if (a == "--help" || a == "-h") {
            std::fputs(kUsage, stdout);
            return ExitOk;
        }
        if (a == "--version") {
            std::puts("vanthu 0.1.0");
            return ExitOk;
        }
        if (a == "--config" || a == "--db" || a == "--as") {
            if (!takeValue(a == "--config" ? configPath : a == "--db" ? dbPath : actor)) {
                std::fprintf(stderr, "%s cần một giá trị / needs a value\n", a.c_str());
                return ExitUsage;
            }
            continue;
        }
        break;
    }
    if (i >= args.size()) {
        std::fputs(kUsage, stderr);
        return ExitUsage;
    }
    const std::string command = args[i];
    const std::vector<std::string> rest(args.begin() + static_cast<long>(i) + 1, args.end());
    for (const auto& w : rest)
        if (!vanthu::text::isValidUtf8(w)) {
            std::fputs("Lỗi: tham số không phải UTF-8 / Error: an argument is not valid UTF-8\n", stderr);
            return ExitUsage;
        }

    auto config = vanthu::StationConfig::load(configPath);
    if (!config)
        return report(config.error());
    if (dbPath)
        config->databasePath = *dbPath;
    Context ctx{*config, actor ? *actor : "os:" + osUser()};

    static const std::map<std::string, std::function<int(Context&, const std::vector<std::string>&)>> commands{
        {"status", cmdStatus},     {"register", cmdRegister}, {"audit", cmdAudit},     {"user", cmdUser},
        {"calendar", cmdCalendar}, {"backup", cmdBackup},     {"restore", cmdRestore}, {"devices", cmdDevices},
        {"scan", cmdScan},         {"import", cmdImport},     {"eval", cmdEval},
        {"extract", cmdExtract},   {"ocr", cmdOcr},
        {"sign", cmdSign},         {"verify", cmdVerify},     {"stamp", cmdStamp},     {"copy", cmdCopy},
        {"fill-number", cmdFillNumber},
        {"issue", cmdIssue},
        {"intake", cmdIntake},
        {"due", cmdDue},
        {"dossier", cmdDossier},
        {"recall", cmdRecall},
        {"uplink", cmdUplink},
        {"doctor", cmdDoctor},
    };
    auto it = commands.find(command);
    if (it == commands.end()) {
        std::fprintf(stderr, "Lệnh không có / Unknown command: %s\n\n%s", command.c_str(), kUsage);
        return ExitUsage;
    }
    return it->second(ctx, rest);
}
