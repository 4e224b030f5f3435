#pragma once
// What a document says about itself on its face (NĐ 30/2020 Phụ lục I). Text fields are NFC.

#include "vanthu/core/DocumentType.h"
#include "vanthu/core/Error.h"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vanthu {

// Độ khẩn (ô 10b).
enum class Urgency { None, Khan /* KHẨN */, ThuongKhan /* THƯỢNG KHẨN */, HoaToc /* HỎA TỐC */ };
// Độ mật (ô 10a). Anything but None never leaves the station.
enum class Secrecy { None, Mat /* MẬT */, ToiMat /* TỐI MẬT */, TuyetMat /* TUYỆT MẬT */ };

std::string_view toString(Urgency u);   // "", "Khẩn", "Thượng khẩn", "Hỏa tốc"
std::string_view toString(Secrecy s);   // "", "Mật", "Tối mật", "Tuyệt mật"
// Accepts the printed forms in any case, with or without diacritics; "" means None.
std::optional<Urgency> parseUrgency(std::string_view s);
std::optional<Secrecy> parseSecrecy(std::string_view s);
inline bool isSecret(Secrecy s) { return s != Secrecy::None; }

// Người ký (ô 7).
struct Signer {
    std::string authority;  // "TM.", "KT.", "Q.", "TL.", "TUQ." or empty
    std::string position;   // "PHÓ GIÁM ĐỐC"
    std::string fullName;   // "Nguyễn Văn A"
};

// Số và ký hiệu (ô 3): "220/QĐ-STC", "05/2020/NĐ-CP", "1779/UBND-KGVX", "  /QĐ-STC" (blank number).
struct NumberSymbol {
    std::optional<int> number;       // số; nullopt when printed blank (to be filled at issuance)
    std::optional<int> year;         // the year part of legal normative documents ("05/2020/NĐ-CP")
    std::string symbol;              // ký hiệu after the slash(es): "QĐ-STC", "NĐ-CP", "UBND-KGVX"

    // "05/2020/NĐ-CP": number with at least two digits, as NĐ 30 prints numbers below 10.
    std::string format() const;
    // The type abbreviation inside the symbol ("QĐ" of "QĐ-STC"), empty for a công văn.
    std::string typeAbbreviation() const;
    // The issuer part ("STC" of "QĐ-STC", "UBND-KGVX" of a công văn).
    std::string issuerPart() const;
};

// Parses "Số: 05/2020/NĐ-CP", "220/QĐ-STC", "Số:   /QĐ-STC", "1779/UBND-KGVX"; spaces around the
// slash tolerated; the look-alike "Ð" (U+00D0) read as "Đ". core::Errc::ParseError otherwise.
Result<NumberSymbol> parseNumberSymbol(std::string_view text);

struct DocumentMeta {
    NumberSymbol numberSymbol;
    std::optional<std::chrono::year_month_day> issuedDate;  // nullopt: blank or unreadable
    std::string place;                 // "Lạng Sơn"
    std::string issuerParent;          // cơ quan chủ quản, may be empty
    std::string issuer;                // cơ quan ban hành
    std::optional<DocumentType> type;
    std::string subject;               // trích yếu
    Urgency urgency = Urgency::None;
    Secrecy secrecy = Secrecy::None;
    Signer signer;
    std::vector<std::string> recipients;  // nơi nhận
    int pageCount = 0;
};

} // namespace vanthu
