#include "ScanResolution_p.h"

#include "vanthu/core/Log.h"

#include <podofo/podofo.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>

namespace vanthu::capture {

namespace {

using namespace PoDoFo;

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
    long width = 0, height = 0;  // pixels
    Matrix at;                   // maps the unit square onto the page
};

bool numberOf(const PdfVariant& v, double& out)
{
    if (v.IsNumber())
        out = static_cast<double>(v.GetNumber());
    else if (v.IsReal())
        out = v.GetReal();
    else
        return false;
    return true;
}

std::optional<Matrix> matrixOf(const PdfObject* array)
{
    if (!array || !array->IsArray() || array->GetArray().size() != 6)
        return std::nullopt;
    double m[6];
    for (size_t i = 0; i < 6; ++i)
        if (!numberOf(array->GetArray()[i], m[i]))
            return std::nullopt;
    return Matrix{m[0], m[1], m[2], m[3], m[4], m[5]};
}

// Follows one content stream: the current matrix through q/Q and cm, each image XObject painted
// with Do (and those inside form XObjects, to a depth of 3). Inline images are left out: scanners
// do not write pages that way.
void walk(PdfContentsTokenizer& tokens, const PdfObject* resources, Matrix ctm, int depth, std::vector<DrawnImage>& out)
{
    std::vector<Matrix> saved;
    std::vector<PdfVariant> operands;
    EPdfContentsType type;
    const char* keyword = nullptr;
    PdfVariant v;
    while (tokens.ReadNext(type, keyword, v)) {
        if (type == ePdfContentsType_Variant) {
            operands.push_back(v);
            continue;
        }
        if (type != ePdfContentsType_Keyword) {
            operands.clear();
            continue;
        }
        const std::string_view op(keyword);
        if (op == "q") {
            saved.push_back(ctm);
        } else if (op == "Q") {
            if (!saved.empty()) {
                ctm = saved.back();
                saved.pop_back();
            }
        } else if (op == "cm" && operands.size() == 6) {
            double m[6];
            bool ok = true;
            for (size_t i = 0; i < 6; ++i)
                ok = ok && numberOf(operands[i], m[i]);
            if (ok)
                ctm = Matrix{m[0], m[1], m[2], m[3], m[4], m[5]}.then(ctm);
        } else if (op == "Do" && operands.size() == 1 && operands[0].IsName() && resources && resources->IsDictionary()) {
            const PdfObject* xobjects = resources->GetIndirectKey("XObject");
            const PdfObject* x = xobjects && xobjects->IsDictionary() ? xobjects->GetIndirectKey(operands[0].GetName()) : nullptr;
            if (x && x->IsDictionary()) {
                const PdfName subtype = x->GetIndirectKeyAsName("Subtype");
                if (subtype == PdfName("Image")) {
                    out.push_back({static_cast<long>(x->GetIndirectKeyAsLong("Width")),
                                   static_cast<long>(x->GetIndirectKeyAsLong("Height")), ctm});
                } else if (subtype == PdfName("Form") && depth < 3 && x->HasStream()) {
                    char* buffer = nullptr;
                    pdf_long length = 0;
                    x->GetStream()->GetFilteredCopy(&buffer, &length);
                    const std::unique_ptr<char, void (*)(void*)> owned(buffer, podofo_free);
                    PdfContentsTokenizer inner(buffer, static_cast<long>(length));
                    const Matrix form = matrixOf(x->GetIndirectKey("Matrix")).value_or(Matrix{});
                    const PdfObject* own = x->GetIndirectKey("Resources");
                    walk(inner, own ? own : resources, form.then(ctm), depth + 1, out);
                }
            }
        }
        operands.clear();
    }
}

int resolutionOf(PdfPage& page)
{
    PdfRect box = page.GetCropBox();
    if (box.GetWidth() <= 0 || box.GetHeight() <= 0)
        box = page.GetMediaBox();
    if (box.GetWidth() <= 0 || box.GetHeight() <= 0)
        return 0;
    std::vector<DrawnImage> images;
    PdfContentsTokenizer tokens(&page);
    walk(tokens, page.GetResources(), Matrix{}, 0, images);
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
        if (w < 0.9 * box.GetWidth() || h < 0.9 * box.GetHeight())
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
        PdfError::EnableDebug(false);
        PdfError::EnableLogging(false);
        PdfMemDocument doc;
        doc.LoadFromBuffer(bytes.data(), static_cast<long>(bytes.size()));
        const int n = std::min(pages, doc.GetPageCount());
        for (int i = 0; i < n; ++i)
            if (PdfPage* page = doc.GetPage(i))
                out[static_cast<size_t>(i)] = resolutionOf(*page);
    } catch (const PdfError& e) {
        // Poppler reads more damaged files than PoDoFo: such a file is rendered at the default.
        log::debug("vanthu.capture", std::string("scan resolution not read: ") +
                                         (PdfError::ErrorName(e.GetError()) ? PdfError::ErrorName(e.GetError()) : "PdfError"));
    } catch (const std::bad_alloc&) {
        log::debug("vanthu.capture", "scan resolution not read: out of memory");
    }
    return out;
}

} // namespace vanthu::capture
