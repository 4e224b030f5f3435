#include "UplinkFixtures.h"

#include "TestSupport.h"

#include <random>
#include <sstream>

namespace vanthu::test {

std::string tinyPdf(const std::string& label, size_t padTo)
{
    // A one-page PDF with correct xref offsets; `padTo` grows it with an incompressible (random)
    // image-like stream so sizes are realistic for a scanned page.
    std::string pad;
    if (padTo > 800) {
        std::mt19937 rng(static_cast<unsigned>(std::hash<std::string>{}(label)));
        pad.resize(padTo - 800);
        for (auto& c : pad)
            c = char(rng() & 0xff);
    }
    const std::string content = "BT /F1 12 Tf 72 720 Td (" + label + ") Tj ET";
    std::vector<std::string> objs = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        "<< /Length " + std::to_string(pad.size()) + " >>\nstream\n" + pad + "\nendstream",
    };
    return pdfOfObjects(objs);
}

} // namespace vanthu::test
