#pragma once
// PoDoFo 0.9.8 helpers shared by signing and stamping. PoDoFo types stay in src/.

#include "vanthu/core/Error.h"
#include "vanthu/signing/Errors.h"

#include <podofo/podofo.h>

#include <chrono>
#include <functional>
#include <string>

namespace vanthu::signing::detail {

constexpr double kPtPerMm = 72.0 / 25.4;
inline double mmToPt(double mm) { return mm * kPtPerMm; }
inline double ptToMm(double pt) { return pt / kPtPerMm; }

// The first installed serif font with Vietnamese glyphs (Liberation Serif, else DejaVu Serif).
// Empty when none is installed.
std::string vietnameseFontPath(bool bold, bool italic = false);

// A Type 0 (CID, Identity-H) font, embedded as a subset when the document is written.
PoDoFo::PdfFont* createVietnameseFont(PoDoFo::PdfDocument& doc, bool bold, bool italic = false);

inline PoDoFo::PdfString utf8(const std::string& s)
{
    return PoDoFo::PdfString(reinterpret_cast<const PoDoFo::pdf_utf8*>(s.c_str()));
}

// Runs `work`, turning PoDoFo and standard exceptions into Errors (PdfMalformed for parse
// failures, PdfEncrypted, Io, Internal).
Result<std::string> guardPodofo(const std::function<Result<std::string>()>& work);

// Quiet PoDoFo's own stderr logging (call in each process that uses PoDoFo).
void silencePodofo();

// Loads `path` for an incremental update; PdfEncrypted when it is encrypted.
Status loadForUpdate(PoDoFo::PdfMemDocument& doc, const std::string& path);

// Creates an empty temporary file (mkstemp) next to `output`, named after it and `tag`, so that
// commitTemp can rename it over `output` on the same file system. Io.
Result<std::string> makeTempBeside(const std::string& output, const std::string& tag);

// Makes the finished temporary file `tmp` (from mkstemp, next to `output`) the file `output`
// durably and privately: mode 0600, fsync of the data, rename over `output` (which may be the
// input), fsync of the directory. On failure `tmp` is removed and `output` is left as it was.
Status commitTemp(const std::string& tmp, const std::string& output);

// Writes `output` from a sandboxed PoDoFo child (60 s deadline): `write(tmp)` runs in the child on a
// private temporary file beside `output` and returns its answer; on success the file replaces
// `output` (commitTemp), on failure it is removed and the error logged under `what`. Returns the
// child's answer.
Result<std::string> writeInChild(const std::string& output, const std::string& tag, const std::string& what,
                                 const std::function<Result<std::string>(const std::string& tmp)>& write);

// "D:20261129093000+07'00'" for the Vietnam wall clock of `t`.
std::string pdfDateVn(std::chrono::sys_seconds t);

} // namespace vanthu::signing::detail
