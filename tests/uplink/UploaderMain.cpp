// uplink_test_uploader: a small child process for the kill -9 test. Drains the outbox of a register
// to the registry over HTTPS until nothing is pending, then exits 0.
//   uplink_test_uploader <db> <endpoint> <ca.pem> <client.crt> <client.key> <organ id>

#include "vanthu/register/Register.h"
#include "vanthu/uplink/Transport.h"
#include "vanthu/uplink/Uploader.h"

#include <cstdio>

using namespace vanthu;

int main(int argc, char** argv)
{
    if (argc != 7) {
        std::fprintf(stderr, "usage: %s db endpoint ca cert key organ\n", argv[0]);
        return 2;
    }
    auto r = reg::Register::open(argv[1]);
    if (!r) {
        std::fprintf(stderr, "%s\n", r.error().toString().c_str());
        return 3;
    }
    uplink::HttpsOptions o;
    o.endpoint = argv[2];
    o.caFile = argv[3];
    o.clientCert = argv[4];
    o.clientKey = argv[5];
    o.agencyId = argv[6];
    o.totalTimeoutMs = 5000;
    auto t = uplink::makeHttpsTransport(o);
    if (!t) {
        std::fprintf(stderr, "%s\n", t.error().toString().c_str());
        return 3;
    }
    uplink::RetryPolicy p;
    p.baseDelayMs = 5;
    p.maxDelayMs = 50;
    p.maxAttempts = 1000;
    uplink::Uploader up(*r, **t, p);
    uplink::RunOptions ro;
    ro.waitForBackoff = true;
    auto report = up.run(ro);
    if (!report) {
        std::fprintf(stderr, "%s\n", report.error().toString().c_str());
        return 4;
    }
    std::printf("sent %d duplicates %d failed %d\n", report->sent, report->duplicates, report->failed);
    return report->stoppedBy ? 5 : 0;
}
