#pragma once
// Printable registers (NĐ 30/2020 Phụ lục IV): the incoming and outgoing books as PDF, A4 landscape,
// with the columns of the regulation, a title page block naming the agency, book and period.

#include "vanthu/core/Config.h"
#include "vanthu/register/Register.h"

#include <string>
#include <vector>

namespace vanthu::reg {

struct PrintHeader {
    std::string agencyParent;   // "UBND TỈNH MẪU"
    std::string agencyName;     // "SỞ THỬ NGHIỆM TỈNH MẪU"
    std::string period;         // "Năm 2026" or "Từ 01/01/2026 đến 30/06/2026"
    bool demo = false;          // prints "BẢN THỬ NGHIỆM / TEST" on every page
};

// Writes the incoming book (Sổ đăng ký văn bản đến; "... văn bản mật đến" for the secret book).
// Written to a temporary file beside `pdfPath` and renamed into place. reg::Errc::Io on failure.
Status printIncomingBook(const std::vector<IncomingRecord>& rows, IncomingBook book,
                         const PrintHeader& header, const std::string& pdfPath);
// Writes the outgoing book (Sổ đăng ký văn bản đi).
Status printOutgoingBook(const std::vector<OutgoingRecord>& rows, const PrintHeader& header,
                         const std::string& pdfPath);

} // namespace vanthu::reg
