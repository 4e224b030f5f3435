#pragma once
// One OCR engine (two workers) shared by every test of ocr_test: Tesseract loads `vie` once.
#include "vanthu/ocr/Engine.h"

#include <string>

namespace vanthu::test {
ocr::Engine& ocrEngine();
// Runs a shell command line and returns its standard output; `status` gets pclose's status.
std::string shell(const std::string& cmd, int* status = nullptr);
} // namespace vanthu::test
