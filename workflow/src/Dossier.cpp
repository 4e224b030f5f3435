// One-stop dossiers: intake, completeness, receipt form 01 / form 02, QR, CUPS, upload (issue #7 item 3).
#include "vanthu/workflow/Dossier.h"

#include "Archive_p.h"

#include "vanthu/capture/Import.h"
#include "vanthu/capture/Separation.h"
#include "vanthu/core/Hash.h"
#include "vanthu/core/Log.h"
#include "vanthu/signing/Sign.h"
#include "vanthu/uplink/Edxml.h"

#include <cups/cups.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include <cairo-pdf.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <cstdio>
#include <memory>

namespace vanthu::workflow {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

constexpr std::string_view kLog = "vanthu.workflow";

std::string dateText(const std::optional<vntime::Date>& d) { return d ? vntime::toIsoDate(*d) : ""; }

json toJson(const Dossier& d)
{
    json j;
    j["code"] = d.code;
    j["procedure"] = d.procedureCode;
    j["request"] = d.request;
    j["received_at"] = vntime::toIso8601(d.receivedAt);
    if (d.appointment)
        j["appointment"] = vntime::toIso8601(*d.appointment);
    j["receipt_pdf"] = d.receiptPdf;
    j["queued"] = d.queued;
    const Applicant& a = d.applicant;
    j["applicant"] = {{"full_name", a.fullName}, {"id", a.idNumber},        {"old_id", a.oldIdNumber},
                      {"birth", dateText(a.birthDate)}, {"gender", a.gender}, {"address", a.address},
                      {"id_issued", dateText(a.idIssueDate)}, {"phone", a.phone}, {"email", a.email}};
    j["components"] = json::array();
    for (const auto& c : d.components)
        j["components"].push_back({{"id", c.componentId}, {"files", c.files}, {"pages", c.pages}, {"original", c.original}});
    return j;
}

Result<Dossier> fromJson(const std::string& text, const std::string& dir)
{
    try {
        const json j = json::parse(text);
        Dossier d;
        d.code = j.at("code");
        d.procedureCode = j.at("procedure");
        d.request = j.value("request", "");
        d.dir = dir;
        auto t = vntime::parseIso8601(j.at("received_at").get<std::string>());
        if (!t)
            return std::unexpected(t.error());
        d.receivedAt = *t;
        if (j.contains("appointment"))
            if (auto ap = vntime::parseIso8601(j["appointment"].get<std::string>()))
                d.appointment = *ap;
        d.receiptPdf = j.value("receipt_pdf", "");
        d.queued = j.value("queued", false);
        const auto& a = j.at("applicant");
        d.applicant.fullName = a.value("full_name", "");
        d.applicant.idNumber = a.value("id", "");
        d.applicant.oldIdNumber = a.value("old_id", "");
        if (auto b = vntime::parseIsoDate(a.value("birth", "")))
            d.applicant.birthDate = *b;
        d.applicant.gender = a.value("gender", "");
        d.applicant.address = a.value("address", "");
        if (auto b = vntime::parseIsoDate(a.value("id_issued", "")))
            d.applicant.idIssueDate = *b;
        d.applicant.phone = a.value("phone", "");
        d.applicant.email = a.value("email", "");
        for (const auto& c : j.at("components"))
            d.components.push_back(DossierComponent{c.at("id"), c.at("files").get<std::vector<std::string>>(),
                                                    c.at("pages"), c.at("original")});
        return d;
    } catch (const std::exception& e) {
        return fail(Errc::Io, std::string("dossier.json unreadable: ") + e.what());
    }
}

Status save(const Dossier& d) { return detail::writeFileAtomic(d.dir + "/dossier.json", toJson(d).dump(2) + "\n"); }

struct CairoSurface {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoCtx {
    void operator()(cairo_t* c) const { cairo_destroy(c); }
};
struct GObj {
    void operator()(void* o) const { g_object_unref(o); }
};

// A simple A4 form: lines of text (bold when starting with '#') and an optional QR code top right.
Status writeForm(const std::string& path, const std::vector<std::string>& lines, const std::string& qrText, bool demo)
{
    constexpr double kW = 595.28, kH = 841.89, kMargin = 56;
    const std::string tmp = path + ".tmp-" + hash::randomHex(4);
    std::unique_ptr<cairo_surface_t, CairoSurface> surface(cairo_pdf_surface_create(tmp.c_str(), kW, kH));
    std::unique_ptr<cairo_t, CairoCtx> cr(cairo_create(surface.get()));
    std::unique_ptr<PangoLayout, GObj> layout(pango_cairo_create_layout(cr.get()));
    double y = kMargin;
    if (!qrText.empty()) {
        QRcode* qr = QRcode_encodeString(qrText.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
        if (!qr)
            return fail(Errc::Internal, "QR encoding failed");
        const double module = 2.4;
        const double x0 = kW - kMargin - qr->width * module, y0 = kMargin - 20;
        cairo_set_source_rgb(cr.get(), 0, 0, 0);
        for (int r = 0; r < qr->width; ++r)
            for (int c = 0; c < qr->width; ++c)
                if (qr->data[r * qr->width + c] & 1)
                    cairo_rectangle(cr.get(), x0 + c * module, y0 + r * module, module, module);
        cairo_fill(cr.get());
        QRcode_free(qr);
    }
    if (demo) {
        cairo_set_source_rgb(cr.get(), 0.8, 0, 0);
        std::unique_ptr<PangoFontDescription, decltype(&pango_font_description_free)> f(
            pango_font_description_from_string("DejaVu Sans Bold 9"), pango_font_description_free);
        pango_layout_set_font_description(layout.get(), f.get());
        pango_layout_set_text(layout.get(), "BẢN THỬ NGHIỆM / TEST — không có giá trị pháp lý", -1);
        cairo_move_to(cr.get(), kMargin, 24);
        pango_cairo_show_layout(cr.get(), layout.get());
    }
    cairo_set_source_rgb(cr.get(), 0, 0, 0);
    pango_layout_set_width(layout.get(), static_cast<int>((kW - 2 * kMargin - 100) * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    for (const auto& raw : lines) {
        const bool bold = raw.starts_with("#");
        const std::string text = bold ? raw.substr(1) : raw;
        std::unique_ptr<PangoFontDescription, decltype(&pango_font_description_free)> f(
            pango_font_description_from_string(bold ? "Liberation Serif Bold 13" : "Liberation Serif 12"),
            pango_font_description_free);
        pango_layout_set_font_description(layout.get(), f.get());
        pango_layout_set_text(layout.get(), text.empty() ? " " : text.c_str(), -1);
        int w = 0, h = 0;
        pango_layout_get_pixel_size(layout.get(), &w, &h);
        if (y + h > kH - kMargin) {
            cairo_show_page(cr.get());
            y = kMargin;
        }
        cairo_move_to(cr.get(), kMargin, y);
        pango_cairo_show_layout(cr.get(), layout.get());
        y += h + 3;
        if (y < 150 && !qrText.empty())
            pango_layout_set_width(layout.get(), static_cast<int>((kW - 2 * kMargin - 100) * PANGO_SCALE));
        else
            pango_layout_set_width(layout.get(), static_cast<int>((kW - 2 * kMargin) * PANGO_SCALE));
    }
    cairo_show_page(cr.get());
    layout.reset();
    cr.reset();
    cairo_surface_finish(surface.get());
    const bool ok = cairo_surface_status(surface.get()) == CAIRO_STATUS_SUCCESS;
    surface.reset();
    std::error_code ec;
    if (!ok) {
        fs::remove(tmp, ec);
        return fail(Errc::Io, "cannot write " + path);
    }
    fs::rename(tmp, path, ec);
    if (ec)
        return fail(Errc::Io, "cannot rename to " + path);
    return {};
}

std::string hhmm(vntime::Instant t)
{
    const auto local = vntime::toLocal(t);
    const auto day = std::chrono::floor<std::chrono::days>(local);
    const std::chrono::hh_mm_ss hms{local - day};
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d:%02d", static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()));
    return buf;
}

} // namespace

DossierDesk::DossierDesk(Station& station, std::string actor) : m_station(station), m_actor(std::move(actor)) {}

Result<std::vector<Procedure>> DossierDesk::procedures()
{
    auto text = detail::readFile(m_station.paths().procedureCatalogue);
    if (!text)
        return std::unexpected(text.error());
    return parseCatalogue(*text);
}

Result<Dossier> DossierDesk::create(const std::string& procedureCode, const Applicant& applicant,
                                    const std::string& request, std::optional<vntime::Instant> receivedAt)
{
    auto procs = procedures();
    if (!procs)
        return std::unexpected(procs.error());
    if (std::none_of(procs->begin(), procs->end(), [&](const Procedure& p) { return p.code == procedureCode; }))
        return fail(Errc::NotFound, "no procedure '" + procedureCode + "' in " + m_station.paths().procedureCatalogue);
    Dossier d;
    d.procedureCode = procedureCode;
    d.applicant = applicant;
    d.request = request;
    d.receivedAt = receivedAt.value_or(vntime::now());
    std::error_code ec;
    fs::create_directories(m_station.paths().dossierDir, ec);
    // The day's sequence: the first free NNNN (mkdir is the atomic claim).
    for (int seq = 1; seq <= 9999; ++seq) {
        const std::string code = dossierCode(m_station.config().agency.code, d.receivedAt, seq);
        const std::string dir = m_station.paths().dossierDir + "/" + code;
        if (fs::create_directory(dir, ec)) {
            d.code = code;
            d.dir = dir;
            break;
        }
        if (ec)
            return fail(Errc::Io, "cannot create " + dir + ": " + ec.message());
    }
    if (d.code.empty())
        return fail(Errc::Io, "no dossier number left today");
    if (auto s = save(d); !s)
        return std::unexpected(s.error());
    return d;
}

Result<Dossier> DossierDesk::load(const std::string& code)
{
    const std::string dir = m_station.paths().dossierDir + "/" + code;
    auto text = detail::readFile(dir + "/dossier.json");
    if (!text)
        return fail(Errc::NotFound, "no dossier " + code);
    return fromJson(*text, dir);
}

Result<Dossier> DossierDesk::addComponent(const std::string& code, const std::string& componentId,
                                          const IntakeSource& source, const ProgressFn& progress, const CancelFlag& cancel)
{
    auto d = load(code);
    if (!d)
        return d;
    auto procs = procedures();
    if (!procs)
        return std::unexpected(procs.error());
    const Procedure* proc = nullptr;
    for (const auto& p : *procs)
        if (p.code == d->procedureCode)
            proc = &p;
    if (!proc)
        return fail(Errc::NotFound, "procedure " + d->procedureCode);
    const ProcedureComponent* comp = nullptr;
    for (const auto& c : proc->components)
        if (c.id == componentId)
            comp = &c;
    if (!comp)
        return fail(Errc::InvalidInput, "procedure " + proc->code + " has no component '" + componentId + "'");
    DossierComponent dc;
    dc.componentId = componentId;
    dc.original = comp->original;
    const std::string compDir = d->dir + "/" + componentId;
    std::error_code ec;
    fs::create_directories(compDir, ec);
    std::vector<PageImage> pages;
    if (source.kind == IntakeSource::Kind::Files) {
        int n = 0;
        for (const auto& f : source.files) {
            if (cancelled(cancel))
                return fail(Errc::Cancelled, "cancelled");
            if (progress)
                progress(Progress{Step::Import, ++n, static_cast<int>(source.files.size()), f, {}});
            auto imp = capture::importFile(f);
            if (!imp)
                return std::unexpected(imp.error());
            const std::string dest = compDir + "/" + fs::path(f).filename().string();
            if (auto c = detail::copyFile(f, dest); !c)
                return std::unexpected(c.error());
            dc.files.push_back(dest);
            dc.pages += static_cast<int>(imp->pages.size());
            pages.insert(pages.end(), imp->pages.begin(), imp->pages.end());
        }
    } else {
        IncomingFlow flow(m_station, m_actor);
        auto drafts = flow.capture(source, progress, cancel);
        if (!drafts)
            return std::unexpected(drafts.error());
        for (const auto& dr : *drafts) {
            for (const auto& pf : dr.pageFiles) {
                char name[16];
                std::snprintf(name, sizeof name, "%04zu.png", dc.files.size() + 1);
                const std::string dest = compDir + "/" + name;
                if (auto c = detail::copyFile(pf, dest); !c)
                    return std::unexpected(c.error());
                dc.files.push_back(dest);
            }
            dc.pages += static_cast<int>(dr.pages.size());
            pages.insert(pages.end(), dr.pages.begin(), dr.pages.end());
        }
    }
    // A CCCD QR code fills the applicant block when it is still empty.
    if (d->applicant.idNumber.empty())
        for (const auto& p : pages) {
            auto codes = capture::readBarcodes(p);
            if (!codes)
                continue;
            for (const auto& b : *codes)
                if (auto a = parseCccdQr(b.text)) {
                    a->phone = d->applicant.phone;
                    a->email = d->applicant.email;
                    d->applicant = *a;
                    break;
                }
            if (!d->applicant.idNumber.empty())
                break;
        }
    std::erase_if(d->components, [&](const DossierComponent& c) { return c.componentId == componentId; });
    d->components.push_back(std::move(dc));
    if (auto s = save(*d); !s)
        return std::unexpected(s.error());
    return d;
}

Result<Completeness> DossierDesk::check(const std::string& code)
{
    auto d = load(code);
    if (!d)
        return std::unexpected(d.error());
    auto procs = procedures();
    if (!procs)
        return std::unexpected(procs.error());
    for (const auto& p : *procs) {
        if (p.code != d->procedureCode)
            continue;
        Completeness c;
        for (const auto& comp : p.components) {
            if (!comp.required)
                continue;
            const bool have = std::any_of(d->components.begin(), d->components.end(), [&](const DossierComponent& x) {
                return x.componentId == comp.id && x.pages > 0;
            });
            if (!have)
                c.missing.push_back(comp);
        }
        if (d->applicant.fullName.empty())
            c.missing.push_back(ProcedureComponent{"applicant", "Thông tin người nộp (họ tên) / applicant's name", false, 1, true});
        c.complete = c.missing.empty();
        return c;
    }
    return fail(Errc::NotFound, "procedure " + d->procedureCode);
}

Result<std::string> DossierDesk::requestToComplete(const std::string& code)
{
    auto d = load(code);
    if (!d)
        return std::unexpected(d.error());
    auto c = check(code);
    if (!c)
        return std::unexpected(c.error());
    const auto& cfg = m_station.config();
    std::vector<std::string> lines{"#" + cfg.agency.parentName, "#" + cfg.agency.name, "",
                                   "Mẫu số 02", "#PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
                                   "Mã hồ sơ: " + d->code, "Người nộp: " + d->applicant.fullName,
                                   "Thủ tục: " + d->procedureCode, "", "Hồ sơ cần bổ sung, hoàn thiện các nội dung sau:"};
    int n = 0;
    for (const auto& m : c->missing)
        lines.push_back(std::to_string(++n) + ". " + m.name +
                        (m.id == "applicant" ? "" : m.original ? " (bản chính)" : " (bản sao)"));
    lines.push_back("");
    lines.push_back("Thời điểm lập: " + vntime::toIso8601(vntime::now()));
    const std::string pdf = d->dir + "/form02.pdf";
    if (auto w = writeForm(pdf, lines, "", m_station.demo()); !w)
        return std::unexpected(w.error());
    return pdf;
}

Result<ReceiptResult> DossierDesk::receipt(const std::string& code, const ProgressFn& progress)
{
    auto d = load(code);
    if (!d)
        return std::unexpected(d.error());
    auto c = check(code);
    if (!c)
        return std::unexpected(c.error());
    if (!c->complete) {
        auto f02 = requestToComplete(code);
        return fail(Errc::Incomplete, std::to_string(c->missing.size()) + " component(s) missing; form 02: " +
                                          (f02 ? *f02 : f02.error().toString()));
    }
    auto procs = procedures();
    if (!procs)
        return std::unexpected(procs.error());
    const Procedure* proc = nullptr;
    for (const auto& p : *procs)
        if (p.code == d->procedureCode)
            proc = &p;
    if (!proc)
        return fail(Errc::NotFound, "procedure " + d->procedureCode);
    auto appointment = m_station.calendar().appointment(d->receivedAt, proc->statutoryDays);
    if (!appointment)
        return std::unexpected(appointment.error());
    d->appointment = *appointment;
    const auto& cfg = m_station.config();
    const Applicant& a = d->applicant;
    std::vector<std::string> lines{
        "#" + cfg.agency.parentName,
        "#" + cfg.agency.name,
        "",
        "Mẫu số 01",
        "#GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "Mã hồ sơ: " + d->code,
        (proc->receivingUnit.empty() ? cfg.agency.name : proc->receivingUnit) + " tiếp nhận hồ sơ của:",
        "Ông/Bà: " + a.fullName,
        "Số định danh cá nhân: " + a.idNumber + (a.oldIdNumber.empty() ? "" : " (CMND cũ: " + a.oldIdNumber + ")"),
        "Địa chỉ: " + a.address,
        "Số điện thoại: " + a.phone + "    Email: " + a.email,
        "Nội dung yêu cầu giải quyết: " + (d->request.empty() ? proc->name : d->request),
        "Thủ tục: " + proc->name + " (" + proc->code + ")",
        "",
        "#Thành phần hồ sơ nộp gồm:",
    };
    int n = 0;
    for (const auto& comp : proc->components)
        for (const auto& dc : d->components)
            if (dc.componentId == comp.id)
                lines.push_back(std::to_string(++n) + ". " + comp.name + " — " + (comp.original ? "bản chính" : "bản sao") +
                                ", " + std::to_string(comp.count) + " bộ (" + std::to_string(dc.pages) + " trang)");
    const auto day = vntime::localDate(*appointment);
    lines.insert(lines.end(),
                 {"", "Số lượng hồ sơ: 01 bộ",
                  "Thời gian giải quyết theo quy định: " + std::to_string(proc->statutoryDays) + " ngày làm việc",
                  "Thời gian nhận hồ sơ: " + hhmm(d->receivedAt) + ", " + vntime::vietnameseDate(vntime::localDate(d->receivedAt)),
                  "Thời gian trả kết quả: " + hhmm(*appointment) + ", " + vntime::vietnameseDate(day),
                  "Đăng ký nhận kết quả tại: " + (proc->collectAt.empty() ? cfg.agency.name : proc->collectAt), "",
                  "(" + vntime::toIso8601(d->receivedAt) + " → " + vntime::toIso8601(*appointment) + ")",
                  "", "NGƯỜI NỘP HỒ SƠ                                        NGƯỜI TIẾP NHẬN HỒ SƠ", "", "", ""});
    if (progress)
        progress(Progress{Step::Print, 0, 1, "Lập giấy tiếp nhận / writing the receipt", {}});
    const std::string draft = d->dir + "/receipt-unsigned.pdf";
    if (auto w = writeForm(draft, lines, d->code, m_station.demo()); !w)
        return std::unexpected(w.error());
    if (progress)
        progress(Progress{Step::Sign, 1, 1, {}, {}});
    signing::SignRequest sr;
    sr.input = draft;
    sr.output = d->dir + "/receipt.pdf";
    sr.key = signing::Pkcs12Key{m_station.keys().agencyP12, m_station.keys().agencyP12Password};
    sr.reason = "Tiếp nhận hồ sơ " + d->code;
    sr.location = cfg.agency.place;
    // An invisible agency signature; the QR and the code identify the receipt.
    auto signedOut = signing::signPdf(sr);
    if (!signedOut)
        return std::unexpected(signedOut.error());
    std::error_code ec;
    fs::remove(draft, ec);
    d->receiptPdf = sr.output;

    ReceiptResult r;
    r.pdf = sr.output;
    r.appointment = *appointment;
    if (const std::string printer = m_station.setting("printer"); !printer.empty()) {
        if (progress)
            progress(Progress{Step::Print, 1, 1, printer, {}});
        const int job = cupsPrintFile(printer.c_str(), r.pdf.c_str(), ("Hồ sơ " + d->code).c_str(), 0, nullptr);
        r.printer = printer;
        r.printed = job > 0;
        if (!r.printed)
            log::warning(kLog, "CUPS refused the receipt: " + std::string(cupsLastErrorString()));
    }

    // Upload: the receipt and the components as one package, queued (never a secret: dossiers are not).
    if (progress)
        progress(Progress{Step::Queue, 1, 1, {}, {}});
    auto reg = reg::Register::open(m_station.paths().database,
                                   reg::OpenOptions{.accounts = cfg.accounts, .numbering = cfg.numbering});
    if (!reg)
        return std::unexpected(reg.error());
    uplink::DocumentPackage p;
    p.from = m_station.uplink().organization;
    p.to = {m_station.uplink().organization};
    const std::string seq = d->code.substr(d->code.size() - 4);
    p.codeNumber = std::to_string(std::stoi(seq));
    p.codeNotation = "HS-" + cfg.agency.abbreviation;
    p.promulgationDate = vntime::localDate(d->receivedAt);
    p.documentId = uplink::documentIdFor(cfg.agency.code, p.promulgationDate, p.codeNumber, p.codeNotation);
    p.typeName = "Hồ sơ thủ tục hành chính";
    p.subject = proc->name + " — " + a.fullName;
    p.content = "Mã hồ sơ " + d->code + "; hẹn trả " + vntime::toIso8601(*appointment);
    p.dueDate = day;
    p.signerFullName = cfg.agency.name;
    p.signerPosition = "Bộ phận một cửa";
    p.signerCompetence = "Bộ phận một cửa";
    p.pageAmount = 0;
    for (const auto& dc : d->components)
        p.pageAmount += dc.pages;
    auto bytes = detail::readFile(r.pdf);
    if (!bytes)
        return std::unexpected(bytes.error());
    p.attachments.push_back(uplink::Attachment{"receipt", d->code + "-01.pdf", "application/pdf", "Mẫu 01", *bytes});
    int k = 0;
    for (const auto& dc : d->components)
        for (const auto& f : dc.files) {
            auto b = detail::readFile(f);
            if (!b)
                return std::unexpected(b.error());
            const std::string ext = fs::path(f).extension().string();
            p.attachments.push_back(uplink::Attachment{"c" + std::to_string(++k), dc.componentId + "-" + fs::path(f).filename().string(),
                                                       ext == ".pdf" ? "application/pdf" : ext == ".png" ? "image/png" : "application/octet-stream",
                                                       dc.componentId, *b});
        }
    auto xml = uplink::buildDocumentPackage(p, m_station.uplink().signing);
    if (!xml)
        return std::unexpected(xml.error());
    reg::OutboxEntry e;
    e.documentId = p.documentId;
    e.package = std::move(*xml);
    e.actor = m_actor;
    auto item = reg->enqueue(e);
    if (!item)
        return std::unexpected(item.error());
    r.outbox = *item;
    d->queued = true;
    (void)reg->audit(m_actor, "dossier.receipt", "dossier:" + d->code,
                     "form 01 signed; appointment " + vntime::toIso8601(*appointment));
    if (auto s = save(*d); !s)
        return std::unexpected(s.error());
    r.dossier = *d;
    return r;
}

} // namespace vanthu::workflow
