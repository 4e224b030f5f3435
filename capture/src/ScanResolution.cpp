#include "ScanResolution_p.h"

#include "vanthu/core/Log.h"

// qpdf 11: we use none of its old PointerHolder type (qpdf/PointerHolder.hh asks for this).
#define POINTERHOLDER_TRANSITION 4
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>

#include <algorithm>
#include <cmath>
#include <exception>
#include <optional>

namespace vanthu::capture {

namespace {

// An affine map of PDF space (ISO 32000-1 8.3.3): x' = a x + c y + e, y' = b x + d y + f.
struct Matrix {
    double a = 1, b = 0, c = 0, d = 1, e = 0, f = 0;
    // This map, then `n` (the order of "M cm" on the current matrix: M × CTM).
    Matrix then(const Matrix& n) const
    {
        return {a * n.a + b * n.c, a * n.b + b * n.d, c * n.a + d * n.c, c * n.b + d * n.d, e * n.a + f * n.c + n.e,
                e * n.b + f * n.d + n.f};
    }
};

struct DrawnImage {
    long long width = 0, height = 0;  // pixels
    Matrix at;                        // maps the unit square onto the page
};

std::optional<Matrix> matrixOf(QPDFObjectHandle array)
{
    if (!array.isArray() || array.getArrayNItems() != 6)
        return std::nullopt;
    double m[6];
    for (int i = 0; i < 6; ++i) {
        QPDFObjectHandle v = array.getArrayItem(i);
        if (!v.isNumber())
            return std::nullopt;
        m[i] = v.getNumericValue();
    }
    return Matrix{m[0], m[1], m[2], m[3], m[4], m[5]};
}

// Follows one content stream: the current matrix through q/Q and cm, each image XObject painted
// with Do (and those inside form XObjects, to a depth of 3). Inline images are left out: scanners
// do not write pages that way.
class Painter : public QPDFObjectHandle::ParserCallbacks {
public:
    Painter(QPDFObjectHandle resources, Matrix ctm, int depth, std::vector<DrawnImage>& out)
        : m_resources(resources), m_ctm(ctm), m_depth(depth), m_out(out)
    {
    }

    void handleObject(QPDFObjectHandle obj) override
    {
        if (!obj.isOperator()) {
            m_operands.push_back(obj);
            return;
        }
        const std::string op = obj.getOperatorValue();
        if (op == "q") {
            m_saved.push_back(m_ctm);
        } else if (op == "Q") {
            if (!m_saved.empty()) {
                m_ctm = m_saved.back();
                m_saved.pop_back();
            }
        } else if (op == "cm" && m_operands.size() == 6) {
            QPDFObjectHandle array = QPDFObjectHandle::newArray(m_operands);
            if (auto m = matrixOf(array))
                m_ctm = m->then(m_ctm);
        } else if (op == "Do" && m_operands.size() == 1 && m_operands[0].isName()) {
            paint(m_operands[0].getName());
        }
        m_operands.clear();
    }

    void handleEOF() override {}

private:
    void paint(const std::string& name)
    {
        if (!m_resources.isDictionary())
            return;
        QPDFObjectHandle xobjects = m_resources.getKey("/XObject");
        if (!xobjects.isDictionary())
            return;
        QPDFObjectHandle x = xobjects.getKey(name);
        if (!x.isStream())
            return;
        QPDFObjectHandle dict = x.getDict();
        QPDFObjectHandle subtype = dict.getKey("/Subtype");
        if (subtype.isNameAndEquals("/Image")) {
            QPDFObjectHandle w = dict.getKey("/Width"), h = dict.getKey("/Height");
            if (w.isInteger() && h.isInteger())
                m_out.push_back({w.getIntValue(), h.getIntValue(), m_ctm});
        } else if (subtype.isNameAndEquals("/Form") && m_depth < 3) {
            QPDFObjectHandle own = dict.getKey("/Resources");
            Painter inner(own.isDictionary() ? own : m_resources,
                          matrixOf(dict.getKey("/Matrix")).value_or(Matrix{}).then(m_ctm), m_depth + 1, m_out);
            x.parseAsContents(&inner);
        }
    }

    QPDFObjectHandle m_resources;
    Matrix m_ctm;
    int m_depth;
    std::vector<DrawnImage>& m_out;
    std::vector<Matrix> m_saved;
    std::vector<QPDFObjectHandle> m_operands;
};

int resolutionOf(QPDFPageObjectHelper& page)
{
    const QPDFObjectHandle::Rectangle box = page.getCropBox().getArrayAsRectangle();
    const double boxWidth = box.urx - box.llx, boxHeight = box.ury - box.lly;
    if (boxWidth <= 0 || boxHeight <= 0)
        return 0;
    std::vector<DrawnImage> images;
    Painter painter(page.getAttribute("/Resources", false), Matrix{}, 0, images);
    page.parseContents(&painter);
    int best = 0;
    for (const DrawnImage& im : images) {
        if (im.width <= 0 || im.height <= 0)
            continue;
        const Matrix& m = im.at;
        // The unit square's corners on the page: its bounding box against the page's.
        const double xs[] = {m.e, m.e + m.a, m.e + m.c, m.e + m.a + m.c};
        const double ys[] = {m.f, m.f + m.b, m.f + m.d, m.f + m.b + m.d};
        const double w = *std::max_element(std::begin(xs), std::end(xs)) - *std::min_element(std::begin(xs), std::end(xs));
        const double h = *std::max_element(std::begin(ys), std::end(ys)) - *std::min_element(std::begin(ys), std::end(ys));
        if (w < 0.9 * boxWidth || h < 0.9 * boxHeight)
            continue;
        // The image's own axes as drawn, in points: its columns along (a, b), its rows along (c, d).
        const double across = std::hypot(m.a, m.b), down = std::hypot(m.c, m.d);
        if (across <= 0 || down <= 0)
            continue;
        const double dpiAcross = static_cast<double>(im.width) * 72.0 / across;
        const double dpiDown = static_cast<double>(im.height) * 72.0 / down;
        if (std::abs(dpiAcross - dpiDown) > 0.03 * std::max(dpiAcross, dpiDown))
            continue;
        best = std::max(best, static_cast<int>(std::lround((dpiAcross + dpiDown) / 2)));
    }
    return best;
}

} // namespace

std::vector<int> scanResolutions(const std::string& bytes, int pages)
{
    std::vector<int> out(static_cast<size_t>(std::max(0, pages)), 0);
    try {
        QPDF pdf;
        pdf.setSuppressWarnings(true);
        pdf.processMemoryFile("import", bytes.data(), bytes.size());
        std::vector<QPDFPageObjectHelper> all = QPDFPageDocumentHelper(pdf).getAllPages();
        const size_t n = std::min(out.size(), all.size());
        for (size_t i = 0; i < n; ++i)
            out[i] = resolutionOf(all[i]);
    } catch (const std::exception& e) {
        // Poppler may read a file qpdf gives up on: such a file is rendered at the asked resolution.
        log::debug("vanthu.capture", std::string("scan resolution not read: ") + e.what());
    }
    return out;
}

} // namespace vanthu::capture
