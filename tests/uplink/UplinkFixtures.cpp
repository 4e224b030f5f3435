#include "UplinkFixtures.h"

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
    std::string out = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
    std::vector<size_t> offsets;
    for (size_t i = 0; i < objs.size(); ++i) {
        offsets.push_back(out.size());
        out += std::to_string(i + 1) + " 0 obj\n" + objs[i] + "\nendobj\n";
    }
    const size_t xref = out.size();
    out += "xref\n0 " + std::to_string(objs.size() + 1) + "\n0000000000 65535 f \n";
    for (size_t off : offsets) {
        char buf[24];
        std::snprintf(buf, sizeof buf, "%010zu 00000 n \n", off);
        out += buf;
    }
    out += "trailer\n<< /Size " + std::to_string(objs.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
           std::to_string(xref) + "\n%%EOF\n";
    return out;
}

} // namespace vanthu::test
