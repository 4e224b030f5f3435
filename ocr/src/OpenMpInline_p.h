#pragma once

// Tesseract's OpenMP regions run inline on the engine's workers (OpenMpInline.cpp says why).

namespace vanthu::ocr::detail {

// From now on, the OpenMP regions Tesseract starts on the calling thread run inline on it (on:
// true) or through libgomp (false, every thread's start).
void runOpenMpInline(bool on);

// How many OpenMP regions have run inline, on every thread so far.
long openMpRegionsRunInline();

} // namespace vanthu::ocr::detail
