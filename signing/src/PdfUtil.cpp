#include "Pdf_p.h"
#include "Sandbox_p.h"

#include "vanthu/core/Log.h"
#include "vanthu/core/VnTime.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <new>

namespace vanthu::signing::detail {

using namespace PoDoFo;

std::string vietnameseFontPath(bool bold, bool italic)
{
    std::error_code ec;
    if (italic) {
        for (const char* p : {"/usr/share/fonts/truetype/liberation2/LiberationSerif-Italic.ttf",
                              "/usr/share/fonts/truetype/liberation/LiberationSerif-Italic.ttf",
                              "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Italic.ttf"})
            if (std::filesystem::exists(p, ec))
                return p;
        return {};
    }
    const char* const regular[] = {
        "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    };
    const char* const boldFaces[] = {
        "/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf",
    };
    for (const char* p : bold ? boldFaces : regular)
        if (std::filesystem::exists(p, ec))
            return p;
    return {};
}

PdfFont* createVietnameseFont(PdfDocument& doc, bool bold, bool italic)
{
    const std::string path = vietnameseFontPath(bold, italic);
    if (path.empty())
        return nullptr;
    const std::string name = std::filesystem::path(path).stem().string();
    // CreateFontSubset (not CreateFont with a subsetting flag: in 0.9.8 that path keeps no font
    // data, so EmbedFont falls back to the whole ~400 KB TTF) + Identity-H gives a CID font whose
    // used glyphs only are embedded when the document is written.
    return doc.CreateFontSubset(name.c_str(), bold, italic, false, PdfEncodingFactory::GlobalIdentityEncodingInstance(),
                                path.c_str());
}

void silencePodofo()
{
    PdfError::EnableDebug(false);
    PdfError::EnableLogging(false);
}

Result<std::string> guardPodofo(const std::function<Result<std::string>()>& work)
{
    try {
        return work();
    } catch (const PdfError& e) {
        const std::string what = PdfError::ErrorName(e.GetError()) ? PdfError::ErrorName(e.GetError()) : "PdfError";
        switch (e.GetError()) {
        case ePdfError_InvalidPassword:
        case ePdfError_UnsupportedFilter:
            if (e.GetError() == ePdfError_InvalidPassword)
                return fail(Errc::PdfEncrypted, what);
            return fail(Errc::PdfMalformed, what);
        case ePdfError_FileNotFound: return fail(Errc::FileNotFound, what);
        case ePdfError_OutOfMemory: return fail(Errc::ResourceLimit, what);
        case ePdfError_UnexpectedEOF:
        case ePdfError_NoPdfFile:
        case ePdfError_NoXRef:
        case ePdfError_NoTrailer:
        case ePdfError_NoNumber:
        case ePdfError_NoObject:
        case ePdfError_NoEOFToken:
        case ePdfError_InvalidTrailerSize:
        case ePdfError_InvalidLinearization:
        case ePdfError_InvalidDataType:
        case ePdfError_InvalidXRef:
        case ePdfError_InvalidXRefStream:
        case ePdfError_InvalidXRefType:
        case ePdfError_InvalidPredictor:
        case ePdfError_InvalidStrokeStyle:
        case ePdfError_InvalidHexString:
        case ePdfError_InvalidStream:
        case ePdfError_InvalidStreamLength:
        case ePdfError_InvalidKey:
        case ePdfError_InvalidName:
        case ePdfError_InvalidEncryptionDict:
        case ePdfError_InvalidContentStream:
        case ePdfError_BrokenFile:
        case ePdfError_PageNotFound:
        case ePdfError_ValueOutOfRange:
        case ePdfError_InvalidHandle:
        case ePdfError_InvalidEnumValue:
            return fail(Errc::PdfMalformed, what);
        default: return fail(Errc::Internal, what);
        }
    } catch (const std::bad_alloc&) {
        return fail(Errc::ResourceLimit, "out of memory");
    } catch (const std::exception& e) {
        return fail(Errc::Internal, e.what());
    }
}

Status loadForUpdate(PdfMemDocument& doc, const std::string& path)
{
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        return fail(Errc::FileNotFound, path);
    doc.Load(path.c_str(), true);
    if (doc.GetEncrypted())
        return fail(Errc::PdfEncrypted, path);
    return {};
}

std::string pdfDateVn(std::chrono::sys_seconds t)
{
    // toIso8601 gives "2026-11-22T09:30:00+07:00".
    const std::string iso = vntime::toIso8601(t);
    std::string d = "D:";
    for (char c : iso.substr(0, 19))
        if (c >= '0' && c <= '9')
            d += c;
    return d + "+07'00'";
}

Result<std::string> makeTempBeside(const std::string& output, const std::string& tag)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path dir = fs::absolute(output, ec).parent_path();
    if (ec)
        return fail(Errc::Io, "cannot resolve " + output + ": " + ec.message());
    std::string tmp = (dir / ("." + fs::path(output).filename().string() + ".vanthu-" + tag + "-XXXXXX")).string();
    const int fd = ::mkstemp(tmp.data());
    if (fd < 0)
        return fail(Errc::Io, "cannot create a file in " + dir.string());
    ::close(fd);
    return tmp;
}

Result<std::string> writeInChild(const std::string& output, const std::string& tag, const std::string& what,
                                 const std::function<Result<std::string>(const std::string& tmp)>& write)
{
    auto made = makeTempBeside(output, tag);
    if (!made)
        return std::unexpected(made.error());
    const std::string tmp = *made;
    SandboxLimits limits;
    limits.timeout = std::chrono::seconds(60);
    auto res = runSandboxed([&] { return guardPodofo([&] { return write(tmp); }); }, limits);
    if (!res) {
        ::unlink(tmp.c_str());
        log::warning("vanthu.signing", what + ": " + res.error().toString());
        return std::unexpected(res.error());
    }
    if (auto st = commitTemp(tmp, output); !st)
        return std::unexpected(st.error());
    return res;
}

Status commitTemp(const std::string& tmp, const std::string& output)
{
    const int fd = ::open(tmp.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        const int e = errno;
        ::unlink(tmp.c_str());
        return fail(Errc::Io, "open " + tmp + ": " + std::strerror(e));
    }
    const bool synced = ::fchmod(fd, S_IRUSR | S_IWUSR) == 0 && ::fsync(fd) == 0;
    const int e = errno;
    ::close(fd);
    if (!synced) {
        ::unlink(tmp.c_str());
        return fail(Errc::Io, "fsync " + tmp + ": " + std::strerror(e));
    }
    if (::rename(tmp.c_str(), output.c_str()) != 0) {
        const int re = errno;
        ::unlink(tmp.c_str());
        return fail(Errc::Io, "rename to " + output + ": " + std::strerror(re));
    }
    // The rename itself is durable only once the directory is on disk.
    std::error_code ec;
    const std::string dir = std::filesystem::absolute(output, ec).parent_path().string();
    const int dfd = ec ? -1 : ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0)
        return fail(Errc::Io, "open directory of " + output);
    const bool dirSynced = ::fsync(dfd) == 0;
    ::close(dfd);
    if (!dirSynced)
        return fail(Errc::Io, "fsync directory of " + output);
    return {};
}

} // namespace vanthu::signing::detail
