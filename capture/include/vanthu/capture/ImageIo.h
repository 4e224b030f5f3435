#pragma once
// Reading and writing page images (PNG, TIFF, JPEG) with their resolution. Thread-safe.

#include "vanthu/capture/Errors.h"
#include "vanthu/core/PageImage.h"

#include <string>
#include <vector>

namespace vanthu::capture {

// Reads the first image of a PNG, JPEG or TIFF file. UnreadableFile.
Result<PageImage> readImage(const std::string& path);
// Reads every page of a (multi-page) TIFF. UnreadableFile.
Result<std::vector<PageImage>> readTiffPages(const std::string& path);
// Writes PNG (lossless, zlib's fastest level: for work files) atomically: a temporary file beside
// `path`, then rename. Io.
Status writePng(const PageImage& page, const std::string& path);

} // namespace vanthu::capture
