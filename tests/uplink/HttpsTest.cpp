// Uploading to the registry simulator over real HTTPS on loopback: mutual TLS, the pinned CA,
// injected faults, status messages.

#include "RegistrySimulator.h"
#include "TestSupport.h"
#include "UplinkFixtures.h"

#include "vanthu/uplink/Edxml.h"
#include "vanthu/uplink/Uploader.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>

using namespace vanthu;
using namespace vanthu::test;
using namespace vanthu::uplink;

namespace {

// Everything one HTTPS test needs: the agencies' PKI, a registry PKI, the simulator, a register.
struct HttpsSetup {
    TempDir dir;
    TestAgency agency = makeAgency(dir.path());
    PemPair registryCa = makeCa(dir.path(), "registry");
    PemPair server = issue(dir.path(), "registry-server", registryCa, "localhost", true);
    PemPair client = issue(dir.path(), "station-client", agency.ca, "000.00.00.T99", false);
    reg::Register db = *reg::Register::open(dir.file("v.db"));

    std::unique_ptr<RegistrySimulator> simulator(const PemPair& serverCert, uint32_t seed = 1)
    {
        auto s = std::make_unique<RegistrySimulator>(
            SimulatorOptions{serverCert.certPath, serverCert.keyPath, agency.ca.certPath, seed, {}});
        s->start();
        return s;
    }

    HttpsOptions options(const RegistrySimulator& sim) const
    {
        HttpsOptions o;
        o.endpoint = sim.endpoint();
        o.caFile = registryCa.certPath;
        o.clientCert = client.certPath;
        o.clientKey = client.keyPath;
        o.agencyId = agency.sender.organization.organId;
        o.connectTimeoutMs = 2000;
        o.totalTimeoutMs = 5000;
        return o;
    }

    void queueDocuments(int n, size_t pdfSize = 0)
    {
        for (int i = 0; i < n; ++i) {
            auto r = issueAndSend(db, outgoingRequest("doc-" + std::to_string(i)), {agency.peer},
                                  pdfAttachment("doc-" + std::to_string(i), pdfSize), agency.sender);
            ASSERT_TRUE(r) << r.error().toString();
        }
    }

    // Every outbox key is at the registry exactly once, with the bytes we queued and the receipt
    // we recorded; the registry holds nothing else.
    void expectExactlyOnce(const RegistrySimulator& sim)
    {
        const auto stored = sim.stored();
        auto items = db.outboxItems(std::nullopt);
        ASSERT_TRUE(items);
        std::set<std::string> keys;
        for (const auto& it : *items) {
            keys.insert(it.key);
            EXPECT_EQ(it.state, reg::OutboxState::Sent) << it.key << " " << it.lastError;
            auto s = stored.find(it.key);
            ASSERT_NE(s, stored.end()) << "lost: " << it.key;
            EXPECT_EQ(s->second.receipt, it.receipt) << it.key;
            EXPECT_EQ(s->second.package, *db.outboxPackage(it.id)) << it.key;
            EXPECT_EQ(s->second.documentId, it.documentId);
        }
        for (const auto& [key, s] : stored)
            EXPECT_TRUE(keys.count(key)) << "unexpected package at the registry: " << key;
        EXPECT_EQ(stored.size(), keys.size());
    }
};

RunOptions untilDone()
{
    RunOptions o;
    o.waitForBackoff = true;
    return o;
}

} // namespace

TEST(UplinkHttps, PackagesTravelOverMutualTls)
{
    HttpsSetup s;
    s.queueDocuments(5);
    auto sim = s.simulator(s.server);
    auto t = makeHttpsTransport(s.options(*sim));
    ASSERT_TRUE(t) << t.error().toString();
    Uploader up(s.db, **t);
    auto report = up.run();
    ASSERT_TRUE(report) << report.error().toString();
    EXPECT_FALSE(report->stoppedBy);
    EXPECT_EQ(report->sent, 5);
    s.expectExactlyOnce(*sim);
    // What arrived is a signed, schema-valid edXML package (checked by the independent tools).
    const auto first = sim->stored().begin()->second;
    writeFile(s.dir.file("arrived.xml"), first.package);
    EXPECT_EQ(run({VANTHU_XMLLINT, "--noout", "--schema", std::string(VANTHU_SOURCE_DIR) + "/uplink/schema/edxml.xsd",
                   s.dir.file("arrived.xml")})
                  .exitCode,
              0);
    EXPECT_EQ(run({VANTHU_XMLSEC1, "--verify", "--trusted-pem", s.agency.ca.certPath, s.dir.file("arrived.xml")}).exitCode, 0);
}

TEST(UplinkHttps, AThousandDocumentsArriveExactlyOnceThroughEveryFault)
{
    HttpsSetup s;
    s.queueDocuments(1000);
    auto sim = s.simulator(s.server, 20261129);
    Faults f;
    f.refuse = 0.03;
    f.error500 = 0.05;
    f.slow = 0.004;
    f.slowMs = 1300;   // beyond the client's total timeout below: the answer is lost, the package is not
    f.dropMidUpload = 0.03;
    f.dropAfterStore = 0.03;
    sim->setFaults(f);
    HttpsOptions o = s.options(*sim);
    o.totalTimeoutMs = 1000;
    auto t = makeHttpsTransport(o);
    ASSERT_TRUE(t);
    RetryPolicy p;
    p.baseDelayMs = 5;
    p.maxDelayMs = 100;
    p.maxAttempts = 1000;
    Uploader up(s.db, **t, p);

    // Part way through, the registry goes away entirely (connections refused) and comes back.
    std::atomic<bool> done{false};
    std::thread outage([&] {
        while (!done && sim->puts() < 300)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        sim->stop();
        std::this_thread::sleep_for(std::chrono::milliseconds(400));
        sim->start();
    });
    auto report = up.run(untilDone());
    done = true;
    outage.join();
    ASSERT_TRUE(report) << report.error().toString();
    EXPECT_FALSE(report->stoppedBy) << report->stoppedBy->toString();
    EXPECT_EQ(report->sent, 1000);
    EXPECT_GT(report->failed, 50) << "faults were injected and retried";
    EXPECT_GT(report->duplicates, 0) << "some packages arrived but their answer was lost";
    EXPECT_EQ(report->dead, 0);
    EXPECT_GT(sim->faultsInjected(), 100);
    EXPECT_GE(sim->puts(), 1000);   // retries ask first (GET) instead of uploading again
    EXPECT_EQ(s.db.outboxCounts()->sent, 1000);
    s.expectExactlyOnce(*sim);
}

TEST(UplinkHttps, AnUnknownCaStopsUploadsWithAClearError)
{
    HttpsSetup s;
    s.queueDocuments(3);
    const PemPair rogueCa = makeCa(s.dir.path(), "rogue");
    const PemPair rogueServer = issue(s.dir.path(), "rogue-server", rogueCa, "localhost", true);
    auto sim = s.simulator(rogueServer);
    auto t = makeHttpsTransport(s.options(*sim));
    ASSERT_TRUE(t);
    Uploader up(s.db, **t);
    auto report = up.run(untilDone());
    ASSERT_TRUE(report);
    ASSERT_TRUE(report->stoppedBy);
    EXPECT_TRUE(report->stoppedBy->is(uplink::Errc::Tls)) << report->stoppedBy->toString();
    EXPECT_EQ(report->stoppedBy->kind(), ErrorKind::Network);
    EXPECT_NE(report->stoppedBy->detail().find("certificate"), std::string::npos) << report->stoppedBy->detail();
    EXPECT_EQ(report->sent, 0);
    EXPECT_TRUE(sim->stored().empty());
    // Not counted against the documents: they wait, untouched, for the trust problem to be fixed.
    const auto items = s.db.outboxItems(std::nullopt);
    for (const auto& it : *items) {
        EXPECT_EQ(it.state, reg::OutboxState::Pending);
        EXPECT_EQ(it.attempts, 0);
    }
}

TEST(UplinkHttps, AnExpiredServerCertificateStopsUploads)
{
    HttpsSetup s;
    s.queueDocuments(2);
    const PemPair expired = issue(s.dir.path(), "expired-server", s.registryCa, "localhost", true, true);
    auto sim = s.simulator(expired);
    auto t = makeHttpsTransport(s.options(*sim));
    ASSERT_TRUE(t);
    Uploader up(s.db, **t);
    auto report = up.run(untilDone());
    ASSERT_TRUE(report);
    ASSERT_TRUE(report->stoppedBy);
    EXPECT_TRUE(report->stoppedBy->is(uplink::Errc::Tls)) << report->stoppedBy->toString();
    EXPECT_NE(report->stoppedBy->detail().find("expired"), std::string::npos) << report->stoppedBy->detail();
    EXPECT_TRUE(sim->stored().empty());
}

TEST(UplinkHttps, TheRegistryRefusesAStationWithoutItsClientCertificate)
{
    HttpsSetup s;
    s.queueDocuments(1);
    auto sim = s.simulator(s.server);
    HttpsOptions o = s.options(*sim);
    o.clientCert.clear();
    o.clientKey.clear();
    auto t = makeHttpsTransport(o);
    ASSERT_TRUE(t);
    RetryPolicy p;
    p.maxAttempts = 1;
    Uploader up(s.db, **t, p);
    auto report = up.run();
    ASSERT_TRUE(report);
    EXPECT_EQ(report->sent, 0);
    EXPECT_TRUE(sim->stored().empty());
    EXPECT_EQ(s.db.outboxCounts()->sent, 0);
}

TEST(UplinkHttps, RefusedConnectionsAreRetriedLater)
{
    HttpsSetup s;
    s.queueDocuments(2);
    auto sim = s.simulator(s.server);
    auto t = makeHttpsTransport(s.options(*sim));
    ASSERT_TRUE(t);
    sim->stop();   // nothing listens: connect() is refused
    RetryPolicy p;
    p.baseDelayMs = 100;
    Uploader up(s.db, **t, p);
    RunOptions once;
    once.maxItems = 2;   // one attempt each, however slow the machine
    auto first = up.run(once);
    ASSERT_TRUE(first);
    EXPECT_FALSE(first->stoppedBy);
    EXPECT_EQ(first->failed, 2);
    auto items = s.db.outboxItems(std::nullopt);
    EXPECT_NE(items->front().lastError.find("uplink.Connect"), std::string::npos) << items->front().lastError;
    sim->start();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    auto second = up.run(untilDone());
    ASSERT_TRUE(second);
    EXPECT_EQ(second->sent, 2);
    s.expectExactlyOnce(*sim);
}

TEST(UplinkHttps, StatusMessagesFromTheRegistryUpdateTheRegister)
{
    HttpsSetup s;
    s.queueDocuments(1);
    auto sim = s.simulator(s.server);
    auto t = makeHttpsTransport(s.options(*sim));
    ASSERT_TRUE(t);
    Uploader up(s.db, **t);
    ASSERT_EQ(up.run()->sent, 1);
    const auto item = s.db.outboxItems(std::nullopt)->front();
    const auto record = *s.db.outgoing(*item.outgoingId);

    const PemPair peer = issue(s.dir.path(), "peer-signer", s.agency.ca, "UBND TỈNH LẠNG SƠN", false);
    const auto status = [&](const std::string& code, const char* when) {
        StatusPackage st;
        st.from = s.agency.peer;
        st.responseFor = {s.agency.sender.organization.organId, record.meta.numberSymbol.format(), *record.meta.issuedDate,
                          item.documentId};
        st.statusCode = code;
        st.timestamp = at(when);
        return *buildStatusPackage(st, {peer.keyPath, peer.certPath, ""});
    };
    sim->queueStatus("m-1", "000.00.00.T99", status("01", "2026-11-21T08:00:00+07:00"));
    sim->queueStatus("m-2", "000.00.00.T99", status("03", "2026-11-21T08:05:00+07:00"));
    sim->queueStatus("m-x", "000.00.00.Z01", status("06", "2026-11-21T08:05:00+07:00"));   // someone else's

    auto applied = up.pullStatuses({s.agency.ca.certPath});
    ASSERT_TRUE(applied) << applied.error().toString();
    EXPECT_EQ(*applied, 2);
    auto statuses = s.db.exchangeStatuses(item.documentId);
    ASSERT_EQ(statuses->size(), 2u);
    EXPECT_EQ((*statuses)[0].code, "01");
    EXPECT_EQ((*statuses)[1].code, "03");
    EXPECT_EQ(sim->acknowledged(), (std::vector<std::string>{"m-1", "m-2"}));

    // The registry delivers acknowledged messages again: they are not applied twice.
    Faults f;
    f.duplicateStatus = 1.0;
    sim->setFaults(f);
    EXPECT_EQ(*up.pullStatuses({s.agency.ca.certPath}), 0);
    EXPECT_EQ(s.db.exchangeStatuses(item.documentId)->size(), 2u);
}

TEST(UplinkHttps, ARefusedPackageIsDeadLetteredAtOnce)
{
    HttpsSetup s;
    s.queueDocuments(2);
    // Someone edits a queued package in the database: its signature no longer matches.
    const auto items = s.db.outboxItems(std::nullopt);
    auto edit = run({VANTHU_SQLITE3, s.dir.file("v.db"),
                     "UPDATE outbox_package SET package = replace(package, 'thử nghiệm', 'thu nghiem') WHERE outbox_id = " +
                         std::to_string(items->front().id)});
    ASSERT_EQ(edit.exitCode, 0) << edit.err;
    auto sim = std::make_unique<RegistrySimulator>(SimulatorOptions{
        s.server.certPath, s.server.keyPath, s.agency.ca.certPath, 1, {s.agency.ca.certPath}});
    sim->start();
    auto t = makeHttpsTransport(s.options(*sim));
    ASSERT_TRUE(t);
    Uploader up(s.db, **t);
    auto report = up.run(untilDone());
    ASSERT_TRUE(report);
    EXPECT_EQ(report->sent, 1);
    EXPECT_EQ(report->dead, 1);
    auto dead = s.db.outboxItems(reg::OutboxState::Dead);
    ASSERT_EQ(dead->size(), 1u);
    EXPECT_EQ(dead->front().attempts, 1) << "a refusal is not retried";
    EXPECT_NE(dead->front().lastError.find("HTTP 422"), std::string::npos) << dead->front().lastError;
    EXPECT_EQ(sim->stored().size(), 1u);
}

TEST(UplinkHttps, ATimedOutUploadIsLookedUpNotRepeated)
{
    HttpsSetup s;
    s.queueDocuments(1);
    auto sim = s.simulator(s.server);
    Faults slow;
    slow.slow = 1.0;
    slow.slowMs = 1500;   // the registry stores the package, then answers too late
    sim->setFaults(slow);
    HttpsOptions o = s.options(*sim);
    o.totalTimeoutMs = 400;
    auto t = makeHttpsTransport(o);
    ASSERT_TRUE(t);
    RetryPolicy p;
    p.baseDelayMs = 600;   // not due again within the first run
    Uploader up(s.db, **t, p);
    auto first = up.run();
    ASSERT_TRUE(first);
    EXPECT_EQ(first->failed, 1);
    EXPECT_NE(s.db.outboxItems(std::nullopt)->front().lastError.find("uplink.Timeout"), std::string::npos)
        << s.db.outboxItems(std::nullopt)->front().lastError;
    EXPECT_EQ(sim->stored().size(), 1u) << "it did arrive";
    sim->setFaults({});
    auto second = up.run(untilDone());
    ASSERT_TRUE(second);
    EXPECT_EQ(second->sent, 1);
    EXPECT_EQ(second->duplicates, 1) << "found at the registry by its key";
    EXPECT_EQ(sim->puts(), 1) << "the package was not uploaded a second time";
    s.expectExactlyOnce(*sim);
}

TEST(UplinkHttps, UploadsGoThroughTheConfiguredProxy)
{
    HttpsSetup s;
    s.queueDocuments(3);
    auto sim = s.simulator(s.server);
    ConnectProxy proxy;
    HttpsOptions o = s.options(*sim);
    o.proxy = "http://127.0.0.1:" + std::to_string(proxy.port());
    auto t = makeHttpsTransport(o);
    ASSERT_TRUE(t);
    Uploader up(s.db, **t);
    auto report = up.run();
    ASSERT_TRUE(report);
    EXPECT_EQ(report->sent, 3);
    EXPECT_GE(proxy.tunnels(), 1) << "the connection went through the proxy";
    s.expectExactlyOnce(*sim);
}

TEST(UplinkHttps, ConfigurationMistakesAreErrors)
{
    HttpsOptions o;
    o.endpoint = "http://127.0.0.1:1/edxml/v1";
    o.caFile = "/x";
    EXPECT_TRUE(makeHttpsTransport(o).error().is(uplink::Errc::ConfigError));
    o.endpoint = "https://127.0.0.1:1/edxml/v1";
    o.caFile.clear();
    EXPECT_TRUE(makeHttpsTransport(o).error().is(uplink::Errc::ConfigError));
}
