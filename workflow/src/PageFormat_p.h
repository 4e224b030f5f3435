#pragma once
// Page formats in the incoming flow. Private to workflow.

#include "vanthu/core/PageImage.h"

namespace vanthu::workflow::detail {

// The page as Gray8 when it is an Rgb24 page whose every pixel has R = G = B (a grey scan inside a
// PDF, which poppler renders as RGB); any other page unchanged. Lossless: the grey page holds the
// same values, in a third of the bytes that cleanup, the job folder's PNGs, OCR and the PDF
// writers then handle. Stops at the first coloured pixel (a colour page costs little). Pure; any
// thread.
PageImage grayIfNeutral(const PageImage& page);

} // namespace vanthu::workflow::detail
