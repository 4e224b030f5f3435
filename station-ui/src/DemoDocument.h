#pragma once
// A one-page outgoing original (quyết định) laid out as NĐ 30 Phụ lục I prints it, with the number
// and date left blank for issuance: what the screenshot tour and the outgoing tests sign and send.
// A real PDF with a text layer (Qt's PDF writer, Liberation Serif), not a canned file.

#include <QString>

namespace vanthu::ui {

// Writes the original to `path` (temp + rename). `signer` is the printed name under the title.
// False when the file cannot be written.
bool writeDemoOriginal(const QString& path, const QString& subject, const QString& signer = QStringLiteral("Nguyễn Văn Thành"));

} // namespace vanthu::ui
