#pragma once
// PageImage <-> QImage (pixels copied; the formats map one to one).

#include "vanthu/core/PageImage.h"

#include <QImage>

namespace vanthu::ui {

QImage toQImage(const PageImage& page);
PageImage fromQImage(const QImage& image, int dpi);

} // namespace vanthu::ui
