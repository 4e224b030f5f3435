#include "DemoDocument.h"

#include <QFile>
#include <QFont>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>

namespace vanthu::ui {

bool writeDemoOriginal(const QString& path, const QString& subject, const QString& signer)
{
    const QString tmp = path + QStringLiteral(".tmp");
    {
        QPdfWriter pdf(tmp);
        pdf.setPageSize(QPageSize(QPageSize::A4));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        pdf.setResolution(72);   // painter units are PDF points
        pdf.setTitle(subject);
        QPainter p;
        if (!p.begin(&pdf))
            return false;
        auto text = [&p](double x, double y, const QString& t, int pt, bool bold = false, bool italic = false) {
            QFont f(QStringLiteral("Liberation Serif"));
            f.setPointSizeF(pt);
            f.setBold(bold);
            f.setItalic(italic);
            p.setFont(f);
            p.drawText(QPointF(x, y + pt), t);   // y is the top of the line
        };
        text(60, 50, QStringLiteral("UBND TỈNH MẪU"), 13);
        text(40, 68, QStringLiteral("SỞ THỬ NGHIỆM TỈNH MẪU"), 13, true);
        text(300, 50, QStringLiteral("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), 12, true);
        text(330, 68, QStringLiteral("Độc lập - Tự do - Hạnh phúc"), 13, true);
        text(70, 100, QStringLiteral("Số:        /QĐ-STN"), 13);
        text(320, 100, QStringLiteral("Mẫu, ngày      tháng      năm 2026"), 13, false, true);
        text(240, 150, QStringLiteral("QUYẾT ĐỊNH"), 14, true);
        text(110, 172, subject, 13, true);
        text(70, 220, QStringLiteral("Điều 1. Phê duyệt kế hoạch số hóa tài liệu lưu trữ của Sở."), 13);
        text(70, 240, QStringLiteral("Điều 2. Văn phòng Sở chịu trách nhiệm thi hành Quyết định này."), 13);
        text(70, 600, QStringLiteral("Nơi nhận:"), 12, true, true);
        text(70, 616, QStringLiteral("- Như Điều 2;"), 11);
        text(70, 630, QStringLiteral("- Lưu: VT."), 11);
        text(360, 600, QStringLiteral("GIÁM ĐỐC"), 13, true);
        text(350, 700, signer, 13, true);
        p.end();
    }
    QFile::remove(path);
    return QFile::rename(tmp, path);
}

} // namespace vanthu::ui
