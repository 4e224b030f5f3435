#include "vanthu/core/AgencyCode.h"

namespace vanthu {

Result<AgencyCode> AgencyCode::parse(std::string_view code)
{
    // QCVN 102:2016: ^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}$ — checked by hand, the shape is fixed.
    static constexpr std::string_view shape = "999.99.99.A99";
    bool ok = code.size() == shape.size();
    for (size_t i = 0; ok && i < shape.size(); ++i) {
        const char c = code[i];
        switch (shape[i]) {
        case '9': ok = c >= '0' && c <= '9'; break;
        case 'A': ok = c >= 'A' && c <= 'Z'; break;
        default: ok = c == shape[i]; break;
        }
    }
    if (!ok)
        return fail(core::Errc::InvalidAgencyCode,
                    "'" + std::string(code) + "' is not of the form V1V2V3.Z1Z2.Y1Y2.MX1X2 (e.g. 000.00.00.H49)");
    return AgencyCode(std::string(code));
}

} // namespace vanthu
