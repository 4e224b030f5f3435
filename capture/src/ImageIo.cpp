#include "vanthu/capture/ImageIo.h"

#include "Pix_p.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>

namespace vanthu::capture {

Result<PageImage> readImage(const std::string& path)
{
    PixPtr pix(pixRead(path.c_str()));
    if (!pix)
        return fail(Errc::UnreadableFile, "cannot decode image " + path);
    return fromPix(pix.get());
}

Result<std::vector<PageImage>> readTiffPages(const std::string& path)
{
    PixaPtr pixa(pixaReadMultipageTiff(path.c_str()));
    if (!pixa || pixaGetCount(pixa.get()) == 0)
        return fail(Errc::UnreadableFile, "cannot decode TIFF " + path);
    std::vector<PageImage> out;
    for (l_int32 i = 0; i < pixaGetCount(pixa.get()); ++i) {
        PixPtr pix(pixaGetPix(pixa.get(), i, L_CLONE));
        out.push_back(fromPix(pix.get()));
    }
    return out;
}

Status writePng(const PageImage& page, const std::string& path)
{
    if (page.empty())
        return fail(Errc::ImageError, "empty page for " + path);
    PixPtr pix = toPix(page);
    if (!pix)
        return fail(Errc::ImageError, "out of memory converting " + path);
    const std::string tmp = path + ".tmp-" + std::to_string(getpid());
    if (pixWrite(tmp.c_str(), pix.get(), IFF_PNG) != 0) {
        std::remove(tmp.c_str());
        return fail(Errc::Io, "cannot write " + path + " (disk full or no permission?)");
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::remove(tmp.c_str());
        return fail(Errc::Io, "cannot rename into " + path);
    }
    return {};
}

} // namespace vanthu::capture
