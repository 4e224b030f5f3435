#pragma once
// Realistic documents and requests for the register tests.

#include "vanthu/core/VnTime.h"
#include "vanthu/register/Register.h"

#include <gtest/gtest.h>

#include <string>

namespace vanthu::test {

inline vntime::Instant at(const char* iso)
{
    auto t = vntime::parseIso8601(iso);
    EXPECT_TRUE(t) << iso;
    return t.value_or(vntime::Instant{});
}

inline DocumentMeta sampleMeta(int number, const std::string& symbol = "QĐ-STC",
                               const std::string& issuer = "SỞ TÀI CHÍNH")
{
    DocumentMeta m;
    m.numberSymbol = *parseNumberSymbol(std::to_string(number) + "/" + symbol);
    m.issuedDate = std::chrono::year_month_day{std::chrono::year{2026}, std::chrono::month{11}, std::chrono::day{19}};
    m.place = "Lạng Sơn";
    m.issuerParent = "UBND TỈNH LẠNG SƠN";
    m.issuer = issuer;
    const std::string abbr = m.numberSymbol.typeAbbreviation();
    m.type = abbr.empty() ? doctype::congVan() : *doctype::byAbbreviation(abbr);
    m.subject = "Về việc phê duyệt kế hoạch chuyển đổi số năm 2027";
    m.signer = {"KT.", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An"};
    m.recipients = {"Như Điều 3", "UBND tỉnh (b/c)", "Lưu: VT, KHTC"};
    m.pageCount = 2;
    return m;
}

inline reg::IncomingRequest incomingRequest(const std::string& key, const DocumentMeta& meta,
                                            const char* when = "2026-11-20T09:15:00+07:00")
{
    reg::IncomingRequest r;
    r.meta = meta;
    r.receivedAt = at(when);
    r.arrivalTime = r.receivedAt;
    r.intakeKey = key;
    r.actor = "lan";
    r.recipientUnit = "Phòng Kế hoạch - Tài chính";
    return r;
}

} // namespace vanthu::test
