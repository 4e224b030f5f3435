#pragma once
// PageImage <-> QImage (pixels copied; the formats map one to one), and a PDF page as PNG.

#include "vanthu/core/PageImage.h"

#include <QImage>

namespace vanthu::ui {

QImage toQImage(const PageImage& page);
PageImage fromQImage(const QImage& image, int dpi);

// Renders page `page` (1-based) of a PDF to `outBase`.png at `dpi` with poppler's pdftoppm (the UI
// has no PDF renderer of its own). Blocking: worker thread. The PNG path, or empty on failure.
QString renderPdfPage(const QString& pdf, int page, const QString& outBase, int dpi);

} // namespace vanthu::ui
