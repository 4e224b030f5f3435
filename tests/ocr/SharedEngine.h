#pragma once
// One OCR engine (two workers) shared by every test of ocr_test: Tesseract loads `vie` once.
#include "vanthu/ocr/Engine.h"

namespace vanthu::test {
ocr::Engine& ocrEngine();
} // namespace vanthu::test
