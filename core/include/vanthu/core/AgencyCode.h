#pragma once
// Agency identification code (mã định danh) of QCVN 102:2016: V1V2V3.Z1Z2.Y1Y2.MX1X2, 13 characters,
// e.g. "000.00.00.H49". Only valid values can be constructed.

#include "vanthu/core/Error.h"

#include <string>
#include <string_view>

namespace vanthu {

class AgencyCode {
public:
    // core::Errc::InvalidAgencyCode unless `code` matches ^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}$.
    static Result<AgencyCode> parse(std::string_view code);

    const std::string& str() const { return m_code; }
    bool operator==(const AgencyCode&) const = default;

private:
    explicit AgencyCode(std::string code) : m_code(std::move(code)) {}
    std::string m_code;
};

} // namespace vanthu
