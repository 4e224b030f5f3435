// The Outgoing screen's view model on the real kiosk: a quyết định written by Qt's PDF writer is
// read by workflow::OutgoingFlow, sent to agencies picked from the directory, signed with the
// station's key or with a key on a SoftHSM2 token (PIN asked at signing), and checked afterwards in
// the register, the outbox and with pdfsig.
#include "StationUiFixture.h"

#include "DemoDocument.h"
#include "KioskConfig.h"
#include "OutgoingModel.h"

#include "vanthu/register/Register.h"

#include <QFile>
#include <QQuickItem>
#include <QRectF>
#include <QImage>
#include <QUrl>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace {

using namespace vanthu;
using ui::test::waitUntil;

constexpr char kModule[] = "/usr/lib/softhsm/libsofthsm2.so";
constexpr char kPin[] = "47120936";
constexpr char kTokenLabel[] = "vanthu-ui-token";

int typeIndexOf(ui::OutgoingModel& m, const QString& abbreviation)
{
    const auto types = m.types();
    for (int i = 0; i < types.size(); ++i)
        if (types[i].toMap().value(QStringLiteral("abbreviation")).toString() == abbreviation)
            return i;
    return -1;
}

std::string pdfsig(const std::string& nssDir, const std::string& pdf)
{
    auto r = vanthu::test::run({VANTHU_PDFSIG, "-nssdir", nssDir, pdf});
    return r.out + r.err;
}

class Outgoing : public ui::test::StationFixture {
protected:
    ui::OutgoingModel* start()
    {
        signIn("vanthu", reg::Role::VanThu);
        station->show(QStringLiteral("outgoing"));
        auto* m = model<ui::OutgoingModel>("outgoingModel");
        EXPECT_NE(m, nullptr);
        if (!m)
            return nullptr;
        EXPECT_TRUE(waitUntil([&] { return !m->agencies().isEmpty() || !m->errorTitle().isEmpty(); }, 30000));
        return m;
    }

    // Reads the original with type QĐ and one recipient.
    void prepare(ui::OutgoingModel& m)
    {
        const QString original = QString::fromStdString(dir.file("qd-di.pdf"));
        ASSERT_TRUE(ui::writeDemoOriginal(original, QStringLiteral("Về việc phê duyệt kế hoạch số hóa tài liệu")));
        m.setTypeIndex(typeIndexOf(m, QStringLiteral("QĐ")));
        ASSERT_EQ(m.typeIndex(), typeIndexOf(m, QStringLiteral("QĐ")));
        m.setAgencySearch(QStringLiteral("so tai chinh"));
        ASSERT_EQ(m.agencies().size(), 1);
        ASSERT_TRUE(m.addRecipient(m.agencies().front().toMap().value(QStringLiteral("code")).toString()));
        m.chooseFile(QUrl::fromLocalFile(original).toString());
        ASSERT_TRUE(waitUntil([&] { return !m.busy() && (m.hasDraft() || !m.errorTitle().isEmpty()); }, 180000));
        ASSERT_TRUE(m.hasDraft()) << m.errorTitle().toStdString() << ": " << m.errorHint().toStdString();
        // The symbol is read by OCR from the rendered page; a misread is flagged and the clerk fixes it.
        EXPECT_TRUE(m.symbol().startsWith(QStringLiteral("QĐ-"))) << m.symbol().toStdString();
        EXPECT_EQ(m.symbolWarning().isEmpty(), m.symbol() == QStringLiteral("QĐ-STN")) << m.symbolWarning().toStdString();
        EXPECT_FALSE(m.setSymbol(QStringLiteral("12/QĐ")).isEmpty());   // the number is the register's
        ASSERT_EQ(m.setSymbol(QStringLiteral("QĐ-STN")), QString());
        EXPECT_EQ(m.symbol(), QStringLiteral("QĐ-STN"));
        EXPECT_TRUE(m.symbolWarning().isEmpty());
    }

    std::vector<reg::OutgoingRecord> book()
    {
        auto db = openRegister();
        EXPECT_TRUE(db);
        auto list = db->listOutgoing({});
        EXPECT_TRUE(list);
        return list ? *list : std::vector<reg::OutgoingRecord>{};
    }
    size_t outboxSize()
    {
        auto db = openRegister();
        auto items = db->outboxItems(std::nullopt);
        return items ? items->size() : 999;
    }
};

TEST(OutgoingDirectory, SearchIgnoresDiacriticsAndFindsCodesAndBadLinesAreSkipped)
{
    vanthu::test::TempDir tmp;
    vanthu::test::writeFile(tmp.file("agencies.tsv"), "# danh bạ\n"
                                                      "000.00.02.T01\tSở Tài chính tỉnh Mẫu\n"
                                                      "000.00.04.T01;Sở Nội vụ tỉnh Mẫu\n"
                                                      "12.34\tMã sai\n"
                                                      "000.00.05.T01\tSở Tư pháp tỉnh Mẫu\n");
    int skipped = -1;
    const auto all = ui::readAgencyDirectory(QString::fromStdString(tmp.file("agencies.tsv")), &skipped);
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(skipped, 1);
    EXPECT_EQ(all[1].code, QStringLiteral("000.00.04.T01"));
    auto hit = ui::searchAgencies(all, QStringLiteral("so TAI chinh"));
    ASSERT_EQ(hit.size(), 1u);
    EXPECT_EQ(hit[0].name, QStringLiteral("Sở Tài chính tỉnh Mẫu"));
    hit = ui::searchAgencies(all, QStringLiteral("000.00.05"));
    ASSERT_EQ(hit.size(), 1u);
    EXPECT_EQ(hit[0].name, QStringLiteral("Sở Tư pháp tỉnh Mẫu"));
    EXPECT_EQ(ui::searchAgencies(all, QStringLiteral("sở")).size(), 3u);
    EXPECT_TRUE(ui::searchAgencies(all, QStringLiteral("bộ quốc phòng")).empty());
    // The built-in directory is in the QML module's resources.
    ui::test::app();
    EXPECT_GE(ui::readAgencyDirectory(QStringLiteral(":/Vanthu/Station/data/agencies.tsv")).size(), 20u);
}

// [kiosk] agencies names the directory (relative to the configuration file); --agencies overrides it.
class OutgoingConfiguredDirectory : public Outgoing {
protected:
    std::string extraConfig() const override { return "[kiosk]\nagencies = danh-ba/co-quan.tsv\n"; }
};

TEST_F(OutgoingConfiguredDirectory, TheConfiguredDirectoryIsTheListAndTheFlagOverridesIt)
{
    std::filesystem::create_directories(dir.file("danh-ba"));
    vanthu::test::writeFile(dir.file("danh-ba/co-quan.tsv"), "000.00.31.H42\tSở Xây dựng tỉnh Thử\n"
                                                            "000.00.32.H42\tSở Y tế tỉnh Thử\n"
                                                            "000.00.00.T99\tChính cơ quan mình (không tự gửi cho mình)\n");
    auto* m = start();
    ASSERT_NE(m, nullptr);
    ASSERT_EQ(m->agencies().size(), 2) << m->errorTitle().toStdString();
    EXPECT_EQ(m->agencyDirectory().toStdString(), dir.file("danh-ba/co-quan.tsv"));
    m->setAgencySearch(QStringLiteral("y te"));
    ASSERT_EQ(m->agencies().size(), 1);
    EXPECT_EQ(m->agencies().front().toMap().value(QStringLiteral("code")).toString(), QStringLiteral("000.00.32.H42"));
    EXPECT_TRUE(m->addRecipient(QStringLiteral("000.00.31.H42")));
    EXPECT_FALSE(m->addRecipient(QStringLiteral("000.00.02.T01")));   // the built-in list is not in use

    // The command line's --agencies wins over the configuration.
    vanthu::test::writeFile(dir.file("flag.tsv"), "000.00.40.H42\tSở Công Thương tỉnh Thử\n");
    m->setAgencyDirectory(QString::fromStdString(dir.file("flag.tsv")));
    m->setAgencySearch({});
    m->reload();
    ASSERT_TRUE(waitUntil([&] { return m->agencyDirectory().toStdString() == dir.file("flag.tsv"); }, 30000));
    ASSERT_EQ(m->agencies().size(), 1);
    EXPECT_EQ(m->agencies().front().toMap().value(QStringLiteral("name")).toString(), QStringLiteral("Sở Công Thương tỉnh Thử"));
}

TEST(KioskConfig, UnknownKeysAndEmptyValuesAreErrorsAndCoreLeavesTheSectionToTheKiosk)
{
    vanthu::test::TempDir tmp;
    vanthu::test::writeFile(tmp.file("ok.ini"), "[kiosk]\nagencies = /etc/vanthu/co-quan.tsv\n");
    auto station = StationConfig::load(tmp.file("ok.ini"));
    ASSERT_TRUE(station) << station.error().toString();
    auto kiosk = ui::KioskConfig::load(*station);
    ASSERT_TRUE(kiosk);
    EXPECT_EQ(kiosk->agencies, QStringLiteral("/etc/vanthu/co-quan.tsv"));
    EXPECT_TRUE(ui::KioskConfig::load(StationConfig::defaults())->agencies.isEmpty());

    vanthu::test::writeFile(tmp.file("typo.ini"), "[kiosk]\nagency = co-quan.tsv\n");
    station = StationConfig::load(tmp.file("typo.ini"));
    ASSERT_TRUE(station);
    kiosk = ui::KioskConfig::load(*station);
    ASSERT_FALSE(kiosk);
    EXPECT_TRUE(kiosk.error().is(core::Errc::ConfigError));
    EXPECT_NE(kiosk.error().detail().find("agency"), std::string::npos);

    vanthu::test::writeFile(tmp.file("empty.ini"), "[kiosk]\nagencies =\n");
    station = StationConfig::load(tmp.file("empty.ini"));
    ASSERT_TRUE(station);
    EXPECT_FALSE(ui::KioskConfig::load(*station));
}

TEST_F(Outgoing, SignAndSendWithTheStationKeyGivesTheNumberAndTheSignedPage)
{
    auto* m = start();
    ASSERT_NE(m, nullptr);
    EXPECT_FALSE(m->needsPin());
    prepare(*m);
    EXPECT_EQ(m->numberPreview(), QStringLiteral("Số: 01/QĐ-STN (dự kiến)"));
    EXPECT_TRUE(m->datePreview().startsWith(QStringLiteral("Mẫu, ngày "))) << m->datePreview().toStdString();
    EXPECT_FALSE(m->previewUrl().isEmpty());
    EXPECT_TRUE(m->signerOnPreview());
    // The signature block was found under "GIÁM ĐỐC" (about 120 mm across, 230-250 mm down).
    EXPECT_NEAR(m->sealXMm(), 135, 25);
    EXPECT_NEAR(m->sealYMm(), 235, 25);
    auto draft = m->currentDraft();
    ASSERT_TRUE(draft);
    ASSERT_EQ(draft->request.to.size(), 1u);
    EXPECT_EQ(draft->request.to[0].organId, "000.00.02.T01");

    // Through the screen: the button, then the confirmation (no token configured).
    click(item("signAndSend"));
    ASSERT_TRUE(waitUntil([&] { return item("confirmSign") != nullptr; }, 5000));
    click(item("confirmSign"));
    ASSERT_TRUE(waitUntil([&] { return !m->busy() && (m->issued() || !m->errorTitle().isEmpty()); }, 180000))
        << m->stepText().toStdString();
    ASSERT_TRUE(m->issued()) << m->errorTitle().toStdString() << ": " << m->errorHint().toStdString();
    EXPECT_EQ(m->outgoingNumber(), 1);
    EXPECT_EQ(m->resultText(), QStringLiteral("Số 01/QĐ-STN"));

    const auto records = book();
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].number, 1);
    EXPECT_EQ(records[0].meta.numberSymbol.symbol, "QĐ-STN");
    EXPECT_EQ(records[0].createdBy, "vanthu");
    ASSERT_EQ(records[0].recipients.size(), 1u);
    EXPECT_EQ(records[0].recipients[0], "Sở Tài chính tỉnh Mẫu");
    EXPECT_EQ(outboxSize(), 1u);

    // The signed PDF verifies with an independent tool; the signed page is shown.
    const std::string sig = pdfsig(station->session().station()->keys().nssDir, m->signedPath().toStdString());
    EXPECT_NE(sig.find("Signature #1"), std::string::npos) << sig;
    EXPECT_EQ(sig.find("Signature is Invalid"), std::string::npos) << sig;
    const QString png = QUrl(m->signedUrl()).toLocalFile();
    ASSERT_TRUE(QFile::exists(png)) << m->signedUrl().toStdString();
    EXPECT_GT(QImage(png).height(), QImage(png).width());
}

TEST_F(Outgoing, MovingTheSealChangesWhereTheFlowDrawsIt)
{
    auto* m = start();
    ASSERT_NE(m, nullptr);
    prepare(*m);
    m->placeSeal(60, 150);
    EXPECT_DOUBLE_EQ(m->sealXMm(), 60);
    EXPECT_DOUBLE_EQ(m->sealYMm(), 150);
    auto d = m->currentDraft();
    ASSERT_TRUE(d);
    EXPECT_DOUBLE_EQ(d->request.sealCentre.x, 60);
    EXPECT_DOUBLE_EQ(d->request.sealCentre.y, 150);

    // The preview's boxes are where signing draws the images: sign the same original with the
    // station's key and images at the same point and compare (signing reports its boxes in points
    // from the bottom-left).
    auto* st = station->session().station();
    ASSERT_NE(st, nullptr);
    signing::SignRequest sr;
    sr.input = m->file().toStdString();
    sr.output = dir.file("seal-check.pdf");
    sr.key = signing::Pkcs12Key{st->keys().agencyP12, st->keys().agencyP12Password};
    signing::VisibleAppearance va;
    va.signerCentre = d->request.sealCentre;
    va.signerImage = st->keys().signerImage;
    va.sealImage = st->keys().sealImage;
    sr.visible = va;
    auto signedCheck = signing::signPdf(sr);
    ASSERT_TRUE(signedCheck) << signedCheck.error().toString();
    ASSERT_TRUE(signedCheck->sealBox && signedCheck->signerBox);
    const double pageHeightPt = m->pageHeightMm() * 72.0 / 25.4;
    const auto toMm = [&](const signing::SignOutcome::Box& b) {
        return QRectF(b.x * 25.4 / 72.0, (pageHeightPt - b.y - b.height) * 25.4 / 72.0, b.width * 25.4 / 72.0, b.height * 25.4 / 72.0);
    };
    const auto near = [](const QRectF& a, const QRectF& b) {
        return std::abs(a.x() - b.x()) < 0.5 && std::abs(a.y() - b.y()) < 0.5 && std::abs(a.width() - b.width()) < 0.5 &&
               std::abs(a.height() - b.height()) < 0.5;
    };
    const QRectF drawnSeal = toMm(*signedCheck->sealBox), drawnSigner = toMm(*signedCheck->signerBox);
    EXPECT_TRUE(near(m->sealBoxMm(), drawnSeal)) << "preview " << m->sealBoxMm().x() << "," << m->sealBoxMm().y() << " "
                                                 << m->sealBoxMm().width() << "x" << m->sealBoxMm().height() << " drawn "
                                                 << drawnSeal.x() << "," << drawnSeal.y() << " " << drawnSeal.width() << "x"
                                                 << drawnSeal.height();
    EXPECT_TRUE(near(m->signerBoxMm(), drawnSigner)) << "preview " << m->signerBoxMm().width() << "x" << m->signerBoxMm().height()
                                                     << " drawn " << drawnSigner.width() << "x" << drawnSigner.height();
    // The seal preview on the screen has that size too.
    ASSERT_TRUE(waitUntil([&] { return item("sealPreview") != nullptr; }, 20000));
    auto* sealItem = item("sealPreview");
    ASSERT_GT(sealItem->parentItem()->width(), 0);
    EXPECT_NEAR(sealItem->width() / sealItem->parentItem()->width(), drawnSeal.width() / m->pageWidthMm(), 0.01);
    // Removing the only recipient leaves nothing to send to: the button is off.
    ASSERT_TRUE(m->removeRecipient(QStringLiteral("000.00.02.T01")));
    EXPECT_FALSE(m->removeRecipient(QStringLiteral("000.00.02.T01")));
    EXPECT_TRUE(m->recipients().isEmpty());
    auto* button = item("signAndSend");
    ASSERT_NE(button, nullptr);
    EXPECT_FALSE(button->isEnabled());
    EXPECT_FALSE(m->addRecipient(QStringLiteral("999.99.99.Z99")));   // not in the directory
}

// The station signs with a key on a PKCS#11 token ([signing] token_label): the PIN is asked.
class OutgoingToken : public Outgoing {
protected:
    std::string extraConfig() const override
    {
        return std::string("[signing]\ntoken_module = ") + kModule + "\ntoken_label = " + kTokenLabel + "\n";
    }

    // The station's (demo) agency key and certificate on a fresh SoftHSM2 token.
    void makeToken()
    {
        const std::string d = dir.file("softhsm");
        std::filesystem::create_directories(d + "/tokens");
        vanthu::test::writeFile(d + "/softhsm2.conf", "directories.tokendir = " + d + "/tokens\nobjectstore.backend = file\n"
                                                      "log.level = ERROR\nslots.removable = false\n");
        ::setenv("SOFTHSM2_CONF", (d + "/softhsm2.conf").c_str(), 1);
        const auto& keys = station->session().station()->keys();
        auto must = [](const std::vector<std::string>& argv) {
            auto r = vanthu::test::run(argv);
            ASSERT_EQ(r.exitCode, 0) << argv[0] << " " << argv[1] << ": " << r.out << r.err;
        };
        must({VANTHU_SOFTHSM2_UTIL, "--init-token", "--free", "--label", kTokenLabel, "--pin", kPin, "--so-pin", "11223344"});
        must({VANTHU_OPENSSL, "pkcs8", "-topk8", "-nocrypt", "-in", keys.agencyKeyPem, "-out", d + "/agency.pk8"});
        must({VANTHU_OPENSSL, "x509", "-in", keys.agencyCertPem, "-outform", "DER", "-out", d + "/agency.der"});
        must({VANTHU_SOFTHSM2_UTIL, "--import", d + "/agency.pk8", "--token", kTokenLabel, "--label", "agency", "--id", "01", "--pin", kPin});
        must({VANTHU_PKCS11_TOOL, "--module", kModule, "--token-label", kTokenLabel, "--login", "--pin", kPin, "--write-object",
              d + "/agency.der", "--type", "cert", "--id", "01", "--label", "agency"});
    }
};

TEST_F(OutgoingToken, WrongPinIsAClearMessageAndLosesNothingThenTheRightPinIssues)
{
    makeToken();
    auto* m = start();
    ASSERT_NE(m, nullptr);
    ASSERT_TRUE(waitUntil([&] { return m->needsPin(); }, 10000));
    prepare(*m);

    // The PIN dialog: masked field, wrong PIN.
    click(item("signAndSend"));
    ASSERT_TRUE(waitUntil([&] { return item("pinField") != nullptr; }, 5000));
    auto* field = item("pinField");
    EXPECT_EQ(field->property("echoMode").toInt(), 2);   // TextInput.Password
    type(field, QStringLiteral("00000000"));
    click(item("pinOk"));
    ASSERT_TRUE(waitUntil([&] { return !m->busy() && (!m->pinError().isEmpty() || m->issued() || !m->errorTitle().isEmpty()); }, 120000));
    EXPECT_TRUE(m->pinError().startsWith(QStringLiteral("Sai mã PIN"))) << m->pinError().toStdString() << m->errorTitle().toStdString();
    EXPECT_FALSE(m->issued());
    // Nothing lost: the draft, the recipients and the dialog are still there; nothing was issued or queued.
    EXPECT_TRUE(m->hasDraft());
    EXPECT_EQ(m->recipients().size(), 1);
    ASSERT_NE(item("pinError"), nullptr);
    EXPECT_TRUE(item("pinField")->property("text").toString().isEmpty());
    EXPECT_TRUE(book().empty());
    EXPECT_EQ(outboxSize(), 0u);

    type(item("pinField"), QString::fromLatin1(kPin));
    click(item("pinOk"));
    ASSERT_TRUE(waitUntil([&] { return !m->busy() && (m->issued() || !m->pinError().isEmpty() || !m->errorTitle().isEmpty()); }, 180000));
    ASSERT_TRUE(m->issued()) << m->pinError().toStdString() << m->errorTitle().toStdString() << m->errorHint().toStdString();
    // The refused attempt used no number.
    EXPECT_EQ(m->outgoingNumber(), 1);
    ASSERT_EQ(book().size(), 1u);
    EXPECT_EQ(outboxSize(), 1u);
    const std::string sig = pdfsig(station->session().station()->keys().nssDir, m->signedPath().toStdString());
    EXPECT_EQ(sig.find("Signature is Invalid"), std::string::npos) << sig;
    EXPECT_NE(sig.find("Signature #1"), std::string::npos) << sig;
}

} // namespace
