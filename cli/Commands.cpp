#include "Commands.h"

#include "vanthu/ocr/Errors.h"
#include "vanthu/core/Calendar.h"
#include "vanthu/core/DocumentMeta.h"
#include "vanthu/core/Hash.h"
#include "vanthu/core/VnText.h"
#include "vanthu/core/VnTime.h"
#include "vanthu/ocr/Errors.h"
#include "vanthu/register/Register.h"
#include "vanthu/register/RegisterPrinter.h"
#include "vanthu/uplink/Errors.h"

#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>

namespace vanthu::cli {

namespace {

using reg::Register;

// ------------------------------------------------------------------ messages (one place per front-end)

struct Message {
    const char* vi;
    const char* en;
};

Message messageFor(const Error& e)
{
    if (e.is(reg::Errc::AccountLocked))
        return {"tài khoản đang bị khóa do đăng nhập sai nhiều lần", "the account is locked after repeated failed logins"};
    if (e.is(reg::Errc::AuthFailed))
        return {"sai tên đăng nhập hoặc mật khẩu", "wrong user name or password"};
    if (e.is(reg::Errc::AccountDisabled))
        return {"tài khoản đã bị vô hiệu hóa", "the account is disabled"};
    if (e.is(reg::Errc::WeakPassword))
        return {"mật khẩu quá ngắn", "the password is too short"};
    if (e.is(reg::Errc::UserExists))
        return {"tên đăng nhập đã tồn tại", "the user name already exists"};
    if (e.is(reg::Errc::DuplicateNumber))
        return {"số và ký hiệu này đã được cấp trong năm", "this number and symbol were already issued this year"};
    if (e.is(reg::Errc::YearClosed))
        return {"sổ của năm này đã khóa", "the books of that year are closed"};
    if (e.is(reg::Errc::Busy))
        return {"cơ sở dữ liệu đang bận, hãy thử lại", "the database is busy; try again"};
    if (e.is(reg::Errc::DiskFull))
        return {"đĩa đầy, chưa ghi gì", "the disk is full; nothing was written"};
    if (e.is(reg::Errc::SchemaTooNew))
        return {"cơ sở dữ liệu của phiên bản vanthu mới hơn", "the database belongs to a newer vanthu"};
    if (e.is(reg::Errc::SecretRefused))
        return {"văn bản mật không được gửi ra khỏi trạm", "a secret document never leaves the station"};
    if (e.is(reg::Errc::RecallPending))
        return {"văn bản đi đang chờ nơi nhận trả lời yêu cầu thu hồi: không gửi, sửa, cấp lại hay thu hồi lần nữa",
                "the outgoing document awaits the answer to its recall: it cannot be sent, amended, re-issued or recalled again"};
    if (e.is(reg::Errc::AlreadyRecalled))
        return {"văn bản đi đã bị thu hồi", "the outgoing document was recalled already"};
    if (e.is(uplink::Errc::Tls))
        return {"không tin cậy được máy chủ trung tâm (chứng thư hết hạn hoặc không do CA đã cấu hình cấp)",
                "the registry cannot be trusted (certificate expired or not issued by the configured CA)"};
    if (e.is(uplink::Errc::SignatureInvalid))
        return {"chữ ký số của gói tin không hợp lệ", "the package's XML signature is not valid"};
    if (e.is(core::Errc::CalendarMissingYear))
        return {"lịch làm việc chưa có bảng ngày nghỉ cho năm này", "the working calendar has no holiday table for that year"};
    if (e.is(ocr::Errc::EngineInit))
        return {"không nạp được dữ liệu nhận dạng tiếng Việt (tesseract-ocr-vie)", "cannot load the Vietnamese OCR data (tesseract-ocr-vie)"};
    if (e.is(core::Errc::ConfigError))
        return {"tệp cấu hình có lỗi", "the configuration file is wrong"};
    switch (e.kind()) {
    case ErrorKind::InvalidInput: return {"dữ liệu không hợp lệ", "invalid input"};
    case ErrorKind::NotFound: return {"không tìm thấy", "not found"};
    case ErrorKind::Conflict: return {"xung đột với dữ liệu đã có", "conflicts with existing data"};
    case ErrorKind::Denied: return {"không được phép", "not allowed"};
    case ErrorKind::Io: return {"lỗi đọc/ghi tệp", "file or disk error"};
    case ErrorKind::Device: return {"lỗi thiết bị", "device error"};
    case ErrorKind::Network: return {"lỗi mạng", "network error"};
    case ErrorKind::Integrity: return {"dữ liệu bị hỏng hoặc bị sửa", "data corrupted or tampered with"};
    case ErrorKind::Cancelled: return {"đã hủy", "cancelled"};
    case ErrorKind::Internal: return {"lỗi nội bộ", "internal error"};
    }
    return {"lỗi", "error"};
}

int usage(const std::string& text)
{
    std::fprintf(stderr, "%s\n", text.c_str());
    return ExitUsage;
}

// Parses argv for one subcommand; reports unknown options. Returns nullopt after printing a usage error.
std::optional<Args> parseArgs(const std::vector<std::string>& argv, const std::vector<std::string>& valued,
                              const std::vector<std::string>& flags)
{
    Args a = Args::parse(argv, valued);
    if (!a.error().empty()) {
        usage(a.error());
        return std::nullopt;
    }
    std::vector<std::string> known = valued;
    known.insert(known.end(), flags.begin(), flags.end());
    known.push_back("help");
    if (auto u = a.unknown(known); !u.empty()) {
        usage("Tùy chọn không có / Unknown option: " + u.front());
        return std::nullopt;
    }
    return a;
}

Result<Register> openRegister(const Context& ctx)
{
    std::error_code ec;
    const auto dir = std::filesystem::path(ctx.config.databasePath).parent_path();
    if (!dir.empty())
        std::filesystem::create_directories(dir, ec);
    reg::OpenOptions o;
    o.accounts = ctx.config.accounts;
    o.numbering = ctx.config.numbering;
    return Register::open(ctx.config.databasePath, o);
}

std::string jsonEscape(std::string_view s)
{
    std::string o;
    for (char c : s) {
        switch (c) {
        case '"': o += "\\\""; break;
        case '\\': o += "\\\\"; break;
        case '\n': o += "\\n"; break;
        case '\t': o += "\\t"; break;
        case '\r': o += "\\r"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char b[8];
                std::snprintf(b, sizeof b, "\\u%04x", c);
                o += b;
            } else {
                o += c;
            }
        }
    }
    return o;
}

std::string q(std::string_view s) { return "\"" + jsonEscape(s) + "\""; }

Result<std::string> readPassword(const Args& a, const char* prompt)
{
    std::string pw;
    if (a.flag("password-stdin") || !isatty(STDIN_FILENO)) {
        if (!std::getline(std::cin, pw))
            return fail(core::Errc::InvalidArgument, "no password on standard input");
        return pw;
    }
    std::fprintf(stderr, "%s", prompt);
    termios old{};
    tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    std::getline(std::cin, pw);
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::fputc('\n', stderr);
    return pw;
}

// ------------------------------------------------------------------ document fields from --set

constexpr const char* kFieldHelp = R"(Trường / fields for --set FIELD=VALUE:
  number_symbol   "220/QĐ-STC", "05/2020/NĐ-CP"      issued_date  2026-11-20
  issuer          "SỞ TÀI CHÍNH"                       issuer_parent "UBND TỈNH LẠNG SƠN"
  type            "Quyết định" or "QĐ" (default: from the symbol, else Công văn)
  subject         trích yếu                            place        "Lạng Sơn"
  urgency         khẩn | thượng khẩn | hỏa tốc         secrecy      mật | tối mật | tuyệt mật
  signer_authority KT. | TM. | Q. | TL. | TUQ.         signer_position, signer_name
  recipients      "A; B; Lưu: VT"                      pages        3
  recipient_unit, note, document_id (incoming)         retained_by, copies, response_for (outgoing)
)";

struct Fields {
    DocumentMeta meta;
    std::map<std::string, std::string> extra;
};

Result<Fields> parseFields(const std::vector<std::string>& sets, const std::vector<std::string>& extraKeys)
{
    Fields f;
    bool typeGiven = false;
    for (const std::string& raw : sets) {
        const auto eq = raw.find('=');
        if (eq == std::string::npos)
            return fail(core::Errc::InvalidArgument, "--set takes FIELD=VALUE, got '" + raw + "'");
        const std::string key = raw.substr(0, eq);
        const std::string value = text::nfc(raw.substr(eq + 1));
        DocumentMeta& m = f.meta;
        if (key == "number_symbol") {
            auto ns = parseNumberSymbol(value);
            if (!ns)
                return std::unexpected(ns.error());
            m.numberSymbol = *ns;
        } else if (key == "issued_date") {
            auto d = vntime::parseIsoDate(value);
            if (!d)
                return std::unexpected(d.error());
            m.issuedDate = *d;
        } else if (key == "issuer") {
            m.issuer = value;
        } else if (key == "issuer_parent") {
            m.issuerParent = value;
        } else if (key == "place") {
            m.place = value;
        } else if (key == "type") {
            auto t = doctype::byAbbreviation(value);
            if (!t)
                t = doctype::byName(value);
            if (!t)
                return fail(core::Errc::InvalidArgument, "unknown document type '" + value + "'");
            m.type = *t;
            typeGiven = true;
        } else if (key == "subject") {
            m.subject = value;
        } else if (key == "urgency") {
            auto u = parseUrgency(value);
            if (!u)
                return fail(core::Errc::InvalidArgument, "urgency is khẩn, thượng khẩn or hỏa tốc");
            m.urgency = *u;
        } else if (key == "secrecy") {
            auto s = parseSecrecy(value);
            if (!s)
                return fail(core::Errc::InvalidArgument, "secrecy is mật, tối mật or tuyệt mật");
            m.secrecy = *s;
        } else if (key == "signer_authority") {
            m.signer.authority = value;
        } else if (key == "signer_position") {
            m.signer.position = value;
        } else if (key == "signer_name") {
            m.signer.fullName = value;
        } else if (key == "recipients") {
            std::string item;
            for (size_t i = 0; i <= value.size(); ++i) {
                if (i == value.size() || value[i] == ';') {
                    if (auto t = text::simplifySpaces(item); !t.empty())
                        m.recipients.push_back(t);
                    item.clear();
                } else {
                    item += value[i];
                }
            }
        } else if (key == "pages") {
            try {
                m.pageCount = std::stoi(value);
            } catch (...) {
                return fail(core::Errc::InvalidArgument, "pages must be a number");
            }
        } else if (std::find(extraKeys.begin(), extraKeys.end(), key) != extraKeys.end()) {
            f.extra[key] = value;
        } else {
            return fail(core::Errc::InvalidArgument, "unknown field '" + key + "'");
        }
    }
    if (!typeGiven) {
        const std::string abbr = f.meta.numberSymbol.typeAbbreviation();
        f.meta.type = abbr.empty() ? doctype::congVan() : *doctype::byAbbreviation(abbr);
    }
    return f;
}

Result<vntime::Instant> parseTimeArg(const std::optional<std::string>& v)
{
    if (!v)
        return vntime::now();
    return vntime::parseIso8601(*v);
}

void printIncoming(const reg::IncomingRecord& r)
{
    const auto& m = r.meta;
    std::printf("Số đến / Arrival no.: %d (%s %d)\n", r.arrivalNumber,
                r.book == reg::IncomingBook::Secret ? "sổ mật / secret book" : "sổ đến / incoming book", r.year);
    std::printf("Ngày đến / Arrived:   %s\n", vntime::toIso8601(r.arrivalTime).c_str());
    std::printf("Nhận lúc / Received:  %s (%s)\n", vntime::toIso8601(r.receivedAt).c_str(),
                std::string(reg::toString(r.channel)).c_str());
    std::printf("Số, ký hiệu:          %s\n", m.numberSymbol.format().c_str());
    std::printf("Ngày văn bản / Date:  %s\n", m.issuedDate ? vntime::toIsoDate(*m.issuedDate).c_str() : "");
    std::printf("Tác giả / Issuer:     %s%s%s\n", m.issuerParent.c_str(), m.issuerParent.empty() ? "" : " — ",
                m.issuer.c_str());
    std::printf("Loại / Type:          %s\n", m.type ? std::string(m.type->name).c_str() : "");
    std::printf("Trích yếu / Subject:  %s\n", m.subject.c_str());
    if (m.urgency != Urgency::None)
        std::printf("Độ khẩn / Urgency:    %s\n", std::string(toString(m.urgency)).c_str());
    if (m.secrecy != Secrecy::None)
        std::printf("Độ mật / Secrecy:     %s\n", std::string(toString(m.secrecy)).c_str());
    if (r.dueAt)
        std::printf("Hạn / Due:            %s\n", vntime::toIso8601(*r.dueAt).c_str());
    if (r.status == reg::RecordStatus::Cancelled)
        std::printf("Trạng thái / Status:  đã thu hồi / recalled\n");
    std::printf("Mã / Id:              %lld\n", static_cast<long long>(r.id));
}

std::string incomingJson(const reg::IncomingRecord& r)
{
    const auto& m = r.meta;
    return "{\"id\":" + std::to_string(r.id) + ",\"book\":" + q(reg::toString(r.book)) +
           ",\"year\":" + std::to_string(r.year) + ",\"arrival_number\":" + std::to_string(r.arrivalNumber) +
           ",\"arrival_time\":" + q(vntime::toIso8601(r.arrivalTime)) + ",\"channel\":" + q(reg::toString(r.channel)) +
           ",\"number_symbol\":" + q(m.numberSymbol.format()) + ",\"issued_date\":" +
           (m.issuedDate ? q(vntime::toIsoDate(*m.issuedDate)) : "null") + ",\"issuer\":" + q(m.issuer) +
           ",\"type\":" + (m.type ? q(m.type->name) : "null") + ",\"subject\":" + q(m.subject) +
           ",\"urgency\":" + q(toString(m.urgency)) + ",\"secrecy\":" + q(toString(m.secrecy)) +
           ",\"status\":" + q(r.status == reg::RecordStatus::Cancelled ? "cancelled" : "registered") + "}";
}

// The latest registry status per recipient agency: [{"organ":..,"code":..,"at":..}].
std::string trackingJson(const reg::OutgoingRecord& r)
{
    std::string out = "[";
    for (const auto& t : r.tracking)
        out += (out.size() > 1 ? "," : "") + std::string("{\"organ\":") + q(t.organ) + ",\"code\":" + q(t.code) +
               ",\"at\":" + q(vntime::toIso8601(t.at)) + "}";
    return out + "]";
}

// The latest recall we asked for: {"version":..,"state":"pending|agreed|refused","reason":..,...} or null.
std::string recallRequestJson(const reg::OutgoingRecord& r)
{
    if (!r.recallRequest)
        return "null";
    const auto& x = *r.recallRequest;
    const char* state = x.state == reg::RecallRequestInfo::State::Pending  ? "pending"
                        : x.state == reg::RecallRequestInfo::State::Agreed ? "agreed"
                                                                           : "refused";
    return "{\"version\":" + std::to_string(x.version) + ",\"state\":" + q(state) + ",\"reason\":" + q(x.reason) +
           ",\"requested_at\":" + q(vntime::toIso8601(x.requestedAt)) + ",\"actor\":" + q(x.actor) +
           ",\"answered_at\":" + (x.answeredAt ? q(vntime::toIso8601(*x.answeredAt)) : "null") +
           ",\"answer_source\":" + q(x.answerSource) + "}";
}

std::string outgoingJson(const reg::OutgoingRecord& r)
{
    const auto& m = r.meta;
    return "{\"id\":" + std::to_string(r.id) + ",\"series\":" + q(r.series) + ",\"year\":" + std::to_string(r.year) +
           ",\"number\":" + std::to_string(r.number) + ",\"number_symbol\":" + q(m.numberSymbol.format()) +
           ",\"issued_at\":" + q(vntime::toIso8601(r.issuedAt)) + ",\"type\":" + (m.type ? q(m.type->name) : "null") +
           ",\"subject\":" + q(m.subject) + ",\"signer\":" + q(m.signer.fullName) +
           ",\"status\":" + q(reg::toString(r.status)) + ",\"tracking\":" + trackingJson(r) +
           ",\"recall_request\":" + recallRequestJson(r) + "}";
}

// ------------------------------------------------------------------ register subcommands

Result<reg::ListFilter> listFilter(const Args& a)
{
    reg::ListFilter f;
    if (auto y = a.value("year")) {
        try {
            f.year = std::stoi(*y);
        } catch (...) {
            return fail(core::Errc::InvalidArgument, "--year takes a year");
        }
    }
    if (auto v = a.value("from")) {
        auto d = vntime::parseIsoDate(*v);
        if (!d)
            return std::unexpected(d.error());
        f.from = *d;
    }
    if (auto v = a.value("to")) {
        auto d = vntime::parseIsoDate(*v);
        if (!d)
            return std::unexpected(d.error());
        f.to = *d;
    }
    f.search = a.value("search").value_or("");
    if (auto l = a.value("limit"))
        f.limit = std::atoi(l->c_str());
    return f;
}

int registerIncoming(Context& ctx, const Args& a)
{
    auto fields = parseFields(a.values("set"), {"recipient_unit", "note", "document_id"});
    if (!fields)
        return report(fields.error());
    auto cal = ctx.config.workingCalendar();
    if (!cal)
        return report(cal.error());
    auto received = parseTimeArg(a.value("received"));
    if (!received)
        return report(received.error());
    auto arrival = cal->arrivalTime(*received);
    if (!arrival)
        return report(arrival.error());
    auto r = openRegister(ctx);
    if (!r)
        return report(r.error());
    reg::IncomingRequest req;
    req.meta = fields->meta;
    req.receivedAt = *received;
    req.arrivalTime = *arrival;
    req.channel = a.value("channel") == "electronic" ? reg::Channel::Electronic : reg::Channel::Paper;
    req.documentId = fields->extra["document_id"];
    req.recipientUnit = fields->extra["recipient_unit"];
    req.note = fields->extra["note"];
    req.actor = ctx.actor;
    // Without an explicit key, one is made from the fields and the receipt time: retrying the very
    // same command cannot register twice.
    req.intakeKey = a.value("key").value_or(
        "cli:" + hash::sha256Hex(req.meta.numberSymbol.format() + '|' + req.meta.issuer + '|' + vntime::toIso8601(*received)));
    // NĐ 30: the next working day at the latest; urgent documents immediately.
    if (req.meta.urgency == Urgency::None) {
        if (auto due = cal->dueBy(*arrival, 1))
            req.dueAt = *due;
    } else {
        req.dueAt = *arrival;
    }
    if (!a.flag("allow-duplicate")) {
        auto dups = r->findDuplicates(req.meta, req.documentId);
        if (!dups)
            return report(dups.error());
        if (!dups->empty()) {
            auto existing = r->incoming(dups->front().id);
            if (existing && existing->intakeKey == req.intakeKey) {
                // the same intake again: fall through, registerIncoming returns the first record
            } else {
                std::fprintf(stderr,
                             "Cảnh báo: văn bản có thể đã được đăng ký (số đến %d/%d) / Warning: possibly already "
                             "registered (arrival no. %d in %d). Dùng / use --allow-duplicate để vẫn đăng ký.\n",
                             dups->front().arrivalNumber, dups->front().year, dups->front().arrivalNumber,
                             dups->front().year);
                return ExitConflict;
            }
        }
    }
    auto rec = r->registerIncoming(req);
    if (!rec)
        return report(rec.error());
    if (!rec->created)
        std::printf("(đã đăng ký trước đó / already registered earlier)\n");
    if (a.flag("json"))
        std::printf("%s\n", incomingJson(*rec).c_str());
    else
        printIncoming(*rec);
    return ExitOk;
}

int registerOutgoing(Context& ctx, const Args& a)
{
    auto fields = parseFields(a.values("set"), {"retained_by", "copies", "response_for", "note", "series"});
    if (!fields)
        return report(fields.error());
    auto issued = parseTimeArg(a.value("issued"));
    if (!issued)
        return report(issued.error());
    auto r = openRegister(ctx);
    if (!r)
        return report(r.error());
    reg::OutgoingRequest req;
    req.meta = fields->meta;
    if (req.meta.issuer.empty())
        req.meta.issuer = ctx.config.agency.name;
    if (req.meta.place.empty())
        req.meta.place = ctx.config.agency.place;
    if (req.meta.numberSymbol.symbol.empty() && req.meta.type)
        req.meta.numberSymbol.symbol = (req.meta.type->abbreviation.empty() ? std::string()
                                                                            : std::string(req.meta.type->abbreviation) + "-") +
                                       ctx.config.agency.abbreviation;
    req.issuedAt = *issued;
    req.recipients = req.meta.recipients;
    req.retainedBy = fields->extra["retained_by"];
    req.responseFor = fields->extra["response_for"];
    req.note = fields->extra["note"];
    req.series = fields->extra["series"];
    if (auto c = fields->extra.find("copies"); c != fields->extra.end())
        req.copies = std::atoi(c->second.c_str());
    req.actor = ctx.actor;
    req.intakeKey = a.value("key").value_or("cli:" + hash::randomHex(16));
    auto rec = r->issueOutgoing(req);
    if (!rec)
        return report(rec.error());
    if (a.flag("json")) {
        std::printf("%s\n", outgoingJson(*rec).c_str());
    } else {
        std::printf("Số, ký hiệu / Number: %s\n", rec->meta.numberSymbol.format().c_str());
        std::printf("Sổ / Series:          %s %d\n", rec->series.c_str(), rec->year);
        std::printf("Ngày / Date:          %s, %s\n", rec->meta.place.c_str(),
                    vntime::vietnameseDate(*rec->meta.issuedDate).c_str());
        std::printf("Mã / Id:              %lld\n", static_cast<long long>(rec->id));
    }
    return ExitOk;
}

std::string periodText(const reg::ListFilter& f)
{
    if (f.year)
        return "Năm " + std::to_string(*f.year);
    std::string s;
    if (f.from)
        s += "Từ ngày " + vntime::toDmy(*f.from);
    if (f.to)
        s += std::string(s.empty() ? "Đến" : " đến") + " ngày " + vntime::toDmy(*f.to);
    return s;
}

int cmdRegisterImpl(Context& ctx, const std::vector<std::string>& argv)
{
    auto a = parseArgs(argv, {"set", "book", "year", "from", "to", "search", "limit", "out", "received", "issued",
                              "channel", "key"},
                       {"json", "allow-duplicate"});
    if (!a)
        return ExitUsage;
    const auto& pos = a->positional();
    if (pos.empty() || a->flag("help")) {
        std::printf("vanthu register incoming|outgoing|list|show|print|close-year ...\n%s", kFieldHelp);
        return pos.empty() && !a->flag("help") ? ExitUsage : ExitOk;
    }
    const std::string sub = pos[0];
    const std::string book = a->value("book").value_or("incoming");
    if (book != "incoming" && book != "secret" && book != "outgoing")
        return usage("--book is incoming, secret or outgoing");
    if (sub == "incoming")
        return registerIncoming(ctx, *a);
    if (sub == "outgoing")
        return registerOutgoing(ctx, *a);
    if (sub == "close-year") {
        if (pos.size() != 2)
            return usage("vanthu register close-year YEAR");
        auto r = openRegister(ctx);
        if (!r)
            return report(r.error());
        if (auto s = r->closeYear(std::atoi(pos[1].c_str()), ctx.actor); !s)
            return report(s.error());
        std::printf("Đã khóa sổ năm %s / Books of %s closed\n", pos[1].c_str(), pos[1].c_str());
        return ExitOk;
    }
    auto filter = listFilter(*a);
    if (!filter)
        return report(filter.error());
    filter->book = book == "secret" ? reg::IncomingBook::Secret : reg::IncomingBook::Regular;
    auto r = openRegister(ctx);
    if (!r)
        return report(r.error());
    if (sub == "list") {
        if (book == "outgoing") {
            auto rows = r->listOutgoing(*filter);
            if (!rows)
                return report(rows.error());
            for (const auto& x : *rows) {
                if (a->flag("json"))
                    std::printf("%s\n", outgoingJson(x).c_str());
                else
                {
                    std::string state = x.status == reg::RecordStatus::Cancelled ? "  [thu hồi / recalled]"
                                        : x.status == reg::RecordStatus::RecallRequested
                                            ? "  [đang thu hồi, chờ trả lời / recall requested]"
                                            : "";
                    for (const auto& t : x.tracking)
                        state += "  [" + (t.organ.empty() ? std::string("?") : t.organ) + ": " + t.code + "]";
                    std::printf("%-22s %s  %s%s\n", x.meta.numberSymbol.format().c_str(),
                                vntime::toDmy(*x.meta.issuedDate).c_str(), x.meta.subject.c_str(), state.c_str());
                }
            }
            return ExitOk;
        }
        auto rows = r->listIncoming(*filter);
        if (!rows)
            return report(rows.error());
        for (const auto& x : *rows) {
            if (a->flag("json"))
                std::printf("%s\n", incomingJson(x).c_str());
            else
                std::printf("%4d/%d  %s  %-22s %s\n", x.arrivalNumber, x.year,
                            vntime::toIso8601(x.arrivalTime).substr(0, 16).c_str(),
                            x.meta.numberSymbol.format().c_str(), x.meta.subject.c_str());
        }
        return ExitOk;
    }
    if (sub == "show") {
        if (pos.size() != 2)
            return usage("vanthu register show ID [--book outgoing]");
        const int64_t id = std::atoll(pos[1].c_str());
        if (book == "outgoing") {
            auto rec = r->outgoing(id);
            if (!rec)
                return report(rec.error());
            std::printf("%s\n", outgoingJson(*rec).c_str());
            return ExitOk;
        }
        auto rec = r->incoming(id);
        if (!rec)
            return report(rec.error());
        if (a->flag("json"))
            std::printf("%s\n", incomingJson(*rec).c_str());
        else
            printIncoming(*rec);
        return ExitOk;
    }
    if (sub == "print") {
        auto out = a->value("out");
        if (!out)
            return usage("vanthu register print --book B (--year Y | --from D --to D) --out FILE.pdf");
        if (!filter->year && !filter->from && !filter->to)
            return usage("register print needs --year or --from/--to");
        reg::PrintHeader h{ctx.config.agency.parentName, ctx.config.agency.name, periodText(*filter),
                           ctx.config.agency.demo};
        Status s;
        size_t count = 0;
        if (book == "outgoing") {
            auto rows = r->listOutgoing(*filter);
            if (!rows)
                return report(rows.error());
            count = rows->size();
            s = reg::printOutgoingBook(*rows, h, *out);
        } else {
            auto rows = r->listIncoming(*filter);
            if (!rows)
                return report(rows.error());
            count = rows->size();
            s = reg::printIncomingBook(*rows, *filter->book, h, *out);
        }
        if (!s)
            return report(s.error());
        if (auto st = r->audit(ctx.actor, "register.print", "book:" + book, periodText(*filter)); !st)
            return report(st.error());
        std::printf("%s (%zu văn bản / documents)\n", out->c_str(), count);
        return ExitOk;
    }
    return usage("Lệnh không có / Unknown: register " + sub);
}

} // namespace

// ------------------------------------------------------------------ public

int exitCodeFor(const Error& e)
{
    switch (e.kind()) {
    case ErrorKind::InvalidInput: return ExitInvalidInput;
    case ErrorKind::NotFound: return ExitNotFound;
    case ErrorKind::Conflict: return ExitConflict;
    case ErrorKind::Denied: return ExitDenied;
    case ErrorKind::Io: return ExitIo;
    case ErrorKind::Device: return ExitDevice;
    case ErrorKind::Network: return ExitNetwork;
    case ErrorKind::Integrity: return ExitIntegrity;
    case ErrorKind::Cancelled: return ExitCancelled;
    case ErrorKind::Internal: return ExitInternal;
    }
    return ExitInternal;
}

int report(const Error& e)
{
    const Message m = messageFor(e);
    std::fprintf(stderr, "Lỗi: %s / Error: %s [%s]\n", m.vi, m.en, e.toString().c_str());
    return exitCodeFor(e);
}

int cmdRegister(Context& ctx, const std::vector<std::string>& argv) { return cmdRegisterImpl(ctx, argv); }

int cmdStatus(Context& ctx, const std::vector<std::string>& argv)
{
    auto a = parseArgs(argv, {}, {});
    if (!a)
        return ExitUsage;
    std::printf("vanthu 0.1.0\n");
    std::printf("Cấu hình / Config:    %s\n", ctx.config.configPath.empty() ? "(mặc định / built-in defaults)"
                                                                             : ctx.config.configPath.c_str());
    std::printf("Cơ quan / Agency:     %s (%s)%s\n", ctx.config.agency.name.c_str(), ctx.config.agency.code.c_str(),
                ctx.config.agency.demo ? "  [THỬ NGHIỆM / TEST]" : "");
    std::printf("Dữ liệu / Data:       %s\n", ctx.config.dataDir.c_str());
    std::printf("Sổ / Register:        %s\n", ctx.config.databasePath.c_str());
    auto r = openRegister(ctx);
    if (!r)
        return report(r.error());
    std::printf("Lược đồ / Schema:     %d\n", r->schemaVersion());
    const int year = int(vntime::localDate(vntime::now()).year());
    reg::ListFilter f;
    f.year = year;
    auto in = r->listIncoming(f);
    f.book = reg::IncomingBook::Secret;
    auto sec = r->listIncoming(f);
    auto out = r->listOutgoing(f);
    if (!in || !sec || !out)
        return report(!in ? in.error() : !sec ? sec.error() : out.error());
    std::printf("Năm / Year %d:         đến / incoming %zu, mật / secret %zu, đi / outgoing %zu\n", year, in->size(),
                sec->size(), out->size());
    auto audit = r->verifyAudit();
    if (!audit)
        return report(audit.error());
    std::printf("Nhật ký / Audit:      %lld mục / entries, %s\n", static_cast<long long>(audit->entries),
                audit->intact ? "toàn vẹn / intact" : ("BỊ SỬA / TAMPERED: " + audit->problem).c_str());
    auto cal = ctx.config.workingCalendar();
    if (!cal)
        return report(cal.error());
    const auto years = cal->coveredYears();
    std::printf("Lịch / Calendar:      %d–%d\n", years.empty() ? 0 : years.front(), years.empty() ? 0 : years.back());
    const auto now = vntime::now();
    if (auto next = cal->nextWorkingMoment(now))
        std::printf("Bây giờ / Now:        %s; giờ làm việc tiếp theo / next working moment %s\n",
                    vntime::toIso8601(now).c_str(), vntime::toIso8601(*next).c_str());
    return audit->intact ? ExitOk : ExitIntegrity;
}

int cmdAudit(Context& ctx, const std::vector<std::string>& argv)
{
    auto a = parseArgs(argv, {"from", "limit"}, {"json"});
    if (!a)
        return ExitUsage;
    const auto& pos = a->positional();
    if (pos.empty())
        return usage("vanthu audit verify | audit list [--from SEQ] [--limit N]");
    auto r = openRegister(ctx);
    if (!r)
        return report(r.error());
    if (pos[0] == "verify") {
        auto rep = r->verifyAudit();
        if (!rep)
            return report(rep.error());
        if (rep->intact) {
            std::printf("Nhật ký toàn vẹn / Audit log intact: %lld mục / entries\n", static_cast<long long>(rep->entries));
            return ExitOk;
        }
        std::printf("NHẬT KÝ BỊ SỬA / AUDIT LOG TAMPERED at entry %lld: %s\n",
                    static_cast<long long>(rep->firstBadSeq.value_or(0)), rep->problem.c_str());
        return ExitIntegrity;
    }
    if (pos[0] == "list") {
        auto rows = r->auditLog(a->value("from") ? std::atoll(a->value("from")->c_str()) : 1,
                                a->value("limit") ? std::atoi(a->value("limit")->c_str()) : 0);
        if (!rows)
            return report(rows.error());
        for (const auto& e : *rows)
            std::printf("%6lld %s %-14s %-18s %-28s %s\n", static_cast<long long>(e.seq), vntime::toIso8601(e.at).c_str(),
                        e.actor.c_str(), e.action.c_str(), e.subject.c_str(), e.detail.c_str());
        return ExitOk;
    }
    return usage("vanthu audit verify | audit list");
}

int cmdUser(Context& ctx, const std::vector<std::string>& argv)
{
    auto a = parseArgs(argv, {"full-name", "role"}, {"password-stdin"});
    if (!a)
        return ExitUsage;
    const auto& pos = a->positional();
    if (pos.empty())
        return usage("vanthu user add|passwd|list|login|disable|enable ...\n  roles: van-thu, lanh-dao, chuyen-vien, "
                     "quan-tri, mot-cua, luu-tru");
    auto r = openRegister(ctx);
    if (!r)
        return report(r.error());
    const std::string sub = pos[0];
    if (sub == "list") {
        auto users = r->users();
        if (!users)
            return report(users.error());
        for (const auto& u : *users)
            std::printf("%-16s %-12s %s%s%s\n", u.username.c_str(), std::string(reg::toString(u.role)).c_str(),
                        u.fullName.c_str(), u.disabled ? "  [vô hiệu / disabled]" : "",
                        u.lockedUntil && *u.lockedUntil > vntime::now() ? "  [khóa / locked]" : "");
        return ExitOk;
    }
    if (pos.size() != 2)
        return usage("vanthu user " + sub + " NAME");
    const std::string name = pos[1];
    if (sub == "add") {
        auto role = reg::parseRole(a->value("role").value_or(""));
        if (!role)
            return usage("--role is one of van-thu, lanh-dao, chuyen-vien, quan-tri, mot-cua, luu-tru");
        auto full = a->value("full-name");
        if (!full)
            return usage("--full-name is required");
        auto pw = readPassword(*a, "Mật khẩu / Password: ");
        if (!pw)
            return report(pw.error());
        if (auto s = r->addUser(name, *full, *role, *pw, ctx.actor); !s)
            return report(s.error());
        std::printf("Đã thêm / Added user %s (%s)\n", name.c_str(), std::string(reg::toString(*role)).c_str());
        return ExitOk;
    }
    if (sub == "passwd") {
        auto pw = readPassword(*a, "Mật khẩu mới / New password: ");
        if (!pw)
            return report(pw.error());
        if (auto s = r->setPassword(name, *pw, ctx.actor); !s)
            return report(s.error());
        std::printf("Đã đổi mật khẩu / Password changed for %s\n", name.c_str());
        return ExitOk;
    }
    if (sub == "login") {
        auto pw = readPassword(*a, "Mật khẩu / Password: ");
        if (!pw)
            return report(pw.error());
        auto u = r->authenticate(name, *pw, vntime::now());
        if (!u)
            return report(u.error());
        std::printf("Đăng nhập được / Login ok: %s (%s)\n", u->fullName.c_str(), std::string(reg::toString(u->role)).c_str());
        return ExitOk;
    }
    if (sub == "disable" || sub == "enable") {
        if (auto s = r->setDisabled(name, sub == "disable", ctx.actor); !s)
            return report(s.error());
        std::printf("%s: %s\n", name.c_str(), sub == "disable" ? "vô hiệu / disabled" : "kích hoạt / enabled");
        return ExitOk;
    }
    return usage("Lệnh không có / Unknown: user " + sub);
}

int cmdCalendar(Context& ctx, const std::vector<std::string>& argv)
{
    auto a = parseArgs(argv, {}, {"one-stop"});
    if (!a)
        return ExitUsage;
    const auto& pos = a->positional();
    if (pos.empty())
        return usage("vanthu calendar next-working [TIME] | add-days TIME N [--one-stop] | due TIME N | "
                     "is-working DATE | draft-year YEAR");
    const std::string sub = pos[0];
    if (sub == "draft-year") {
        if (pos.size() != 2)
            return usage("vanthu calendar draft-year YEAR");
        const auto t = calendar::ruleYearTable(std::atoi(pos[1].c_str()), ctx.config.calendar);
        std::printf("[%d]\nsource = %s\n", t.year, t.source.c_str());
        for (const auto& e : t.daysOff)
            std::printf("off = %s %s\n", vntime::toIsoDate(e.date).c_str(), e.name.c_str());
        for (const auto& e : t.workdays)
            std::printf("work = %s %s\n", vntime::toIsoDate(e.date).c_str(), e.name.c_str());
        return ExitOk;
    }
    auto cal = ctx.config.workingCalendar();
    if (!cal)
        return report(cal.error());
    if (sub == "is-working") {
        if (pos.size() != 2)
            return usage("vanthu calendar is-working DATE");
        auto d = vntime::parseIsoDate(pos[1]);
        if (!d)
            return report(d.error());
        std::string reason;
        auto w = cal->isWorkingDay(*d, &reason);
        if (!w)
            return report(w.error());
        std::printf("%s: %s%s%s\n", pos[1].c_str(), *w ? "ngày làm việc / working day" : "ngày nghỉ / day off",
                    reason.empty() ? "" : " — ", reason.c_str());
        return ExitOk;
    }
    if (sub == "next-working") {
        auto t = parseTimeArg(pos.size() > 1 ? std::optional<std::string>(pos[1]) : std::nullopt);
        if (!t)
            return report(t.error());
        auto n = cal->nextWorkingMoment(*t);
        if (!n)
            return report(n.error());
        std::printf("%s\n", vntime::toIso8601(*n).c_str());
        return ExitOk;
    }
    if (sub == "add-days" || sub == "due") {
        if (pos.size() != 3)
            return usage("vanthu calendar " + sub + " TIME N");
        auto t = vntime::parseIso8601(pos[1]);
        if (!t)
            return report(t.error());
        int n = 0;
        try {
            n = std::stoi(pos[2]);
        } catch (...) {
            return usage("N must be a whole number of working days");
        }
        if (n < 0 || (sub == "due" && n < 1))
            return usage("N must be at least " + std::string(sub == "due" ? "1" : "0"));
        auto res = sub == "due" ? cal->dueBy(*t, n) : a->flag("one-stop") ? cal->appointment(*t, n) : cal->addWorkingDays(*t, n);
        if (!res)
            return report(res.error());
        std::printf("%s\n", vntime::toIso8601(*res).c_str());
        return ExitOk;
    }
    return usage("Lệnh không có / Unknown: calendar " + sub);
}

int cmdBackup(Context& ctx, const std::vector<std::string>& argv)
{
    auto a = parseArgs(argv, {}, {});
    if (!a)
        return ExitUsage;
    if (a->positional().size() != 1)
        return usage("vanthu backup FILE");
    auto r = openRegister(ctx);
    if (!r)
        return report(r.error());
    const std::string dest = a->positional()[0];
    if (auto s = r->backupTo(dest); !s)
        return report(s.error());
    if (auto s = r->audit(ctx.actor, "backup", "file:" + dest, ""); !s)
        return report(s.error());
    std::printf("Đã sao lưu / Backed up to %s\n", dest.c_str());
    return ExitOk;
}

int cmdRestore(Context& ctx, const std::vector<std::string>& argv)
{
    auto a = parseArgs(argv, {}, {});
    if (!a)
        return ExitUsage;
    if (a->positional().size() != 1)
        return usage("vanthu restore FILE");
    const std::string src = a->positional()[0];
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(ctx.config.databasePath).parent_path(), ec);
    if (auto s = Register::restore(src, ctx.config.databasePath); !s)
        return report(s.error());
    auto r = openRegister(ctx);
    if (!r)
        return report(r.error());
    if (auto s = r->audit(ctx.actor, "restore", "file:" + src, ""); !s)
        return report(s.error());
    std::printf("Đã khôi phục / Restored %s from %s\n", ctx.config.databasePath.c_str(), src.c_str());
    return ExitOk;
}

} // namespace vanthu::cli
