#pragma once
// Private: the resolution a PDF page was scanned at, read from the page's own drawing (qpdf).

#include <string>
#include <vector>

namespace vanthu::capture {

// For each of the first `pages` pages of the PDF in `bytes`: the resolution in dpi of the image
// that covers the page (at least 90 % of its crop box each way, the same resolution both ways
// within 3 %; the finest such image where several do), rounded to whole dpi; 0 where no image
// covers the page (born-digital pages, pages of several small pictures) or the file cannot be
// parsed. A scanner's or a copier's PDF draws one image per page, full size.
std::vector<int> scanResolutions(const std::string& bytes, int pages);

} // namespace vanthu::capture
