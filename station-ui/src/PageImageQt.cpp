#include "PageImageQt.h"

#include <QFileInfo>
#include <QProcess>

#include <cstring>

namespace vanthu::ui {

QImage toQImage(const PageImage& page)
{
    if (page.empty())
        return {};
    QImage::Format f = QImage::Format_Grayscale8;
    if (page.format == PixelFormat::Rgb24)
        f = QImage::Format_RGB888;
    else if (page.format == PixelFormat::Mono1)
        f = QImage::Format_Mono;
    QImage out(page.width, page.height, f);
    if (f == QImage::Format_Mono)
        out.setColorTable({qRgb(255, 255, 255), qRgb(0, 0, 0)});   // PageImage: 1 = black
    const size_t row = std::min(page.stride, static_cast<size_t>(out.bytesPerLine()));
    for (int y = 0; y < page.height; ++y)
        std::memcpy(out.scanLine(y), page.pixels->data() + static_cast<size_t>(y) * page.stride, row);
    if (page.dpi > 0) {
        const int dpm = static_cast<int>(page.dpi / 0.0254 + 0.5);
        out.setDotsPerMeterX(dpm);
        out.setDotsPerMeterY(dpm);
    }
    return out;
}

PageImage fromQImage(const QImage& image, int dpi)
{
    PageImage page;
    if (image.isNull())
        return page;
    QImage src = image;
    if (image.format() == QImage::Format_Mono || image.format() == QImage::Format_MonoLSB) {
        src = image.convertToFormat(QImage::Format_Mono);
        page.format = PixelFormat::Mono1;
        // QImage Mono indexes a colour table; PageImage wants 1 = black.
        if (qGray(src.color(0)) < qGray(src.color(1)))
            src.invertPixels();
    } else if (image.isGrayscale()) {
        src = image.convertToFormat(QImage::Format_Grayscale8);
        page.format = PixelFormat::Gray8;
    } else {
        src = image.convertToFormat(QImage::Format_RGB888);
        page.format = PixelFormat::Rgb24;
    }
    page.width = src.width();
    page.height = src.height();
    page.dpi = dpi;
    page.stride = PageImage::strideFor(page.format, page.width);
    auto pixels = std::make_shared<std::vector<uint8_t>>(page.stride * static_cast<size_t>(page.height));
    for (int y = 0; y < page.height; ++y)
        std::memcpy(pixels->data() + static_cast<size_t>(y) * page.stride, src.constScanLine(y), page.stride);
    page.pixels = std::move(pixels);
    return page;
}

QString renderPdfPage(const QString& pdf, int page, const QString& outBase, int dpi)
{
    QProcess p;
    const QString n = QString::number(page);
    p.start(QStringLiteral("pdftoppm"), {QStringLiteral("-png"), QStringLiteral("-r"), QString::number(dpi), QStringLiteral("-f"), n,
                                         QStringLiteral("-l"), n, QStringLiteral("-singlefile"), pdf, outBase});
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return {};
    const QString png = outBase + QStringLiteral(".png");
    return QFileInfo::exists(png) ? png : QString();
}

} // namespace vanthu::ui
