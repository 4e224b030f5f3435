#include "vanthu/workflow/Errors.h"
#include "vanthu/workflow/Progress.h"

namespace vanthu::workflow {

namespace {

std::string_view codeName(int c)
{
    switch (static_cast<Errc>(c)) {
    case Errc::InvalidInput: return "InvalidInput";
    case Errc::NotFound: return "NotFound";
    case Errc::SetupFailed: return "SetupFailed";
    case Errc::AssetMissing: return "AssetMissing";
    case Errc::NoScanner: return "NoScanner";
    case Errc::Cancelled: return "Cancelled";
    case Errc::SignatureInvalid: return "SignatureInvalid";
    case Errc::NeedsReview: return "NeedsReview";
    case Errc::AlreadyRegistered: return "AlreadyRegistered";
    case Errc::Incomplete: return "Incomplete";
    case Errc::PrintFailed: return "PrintFailed";
    case Errc::Io: return "Io";
    case Errc::Internal: return "Internal";
    }
    return "Unknown";
}

ErrorKind kindOf(int c)
{
    switch (static_cast<Errc>(c)) {
    case Errc::InvalidInput:
    case Errc::NeedsReview:
    case Errc::Incomplete: return ErrorKind::InvalidInput;
    case Errc::NotFound:
    case Errc::AssetMissing: return ErrorKind::NotFound;
    case Errc::AlreadyRegistered: return ErrorKind::Conflict;
    case Errc::NoScanner:
    case Errc::PrintFailed: return ErrorKind::Device;
    case Errc::Cancelled: return ErrorKind::Cancelled;
    case Errc::SignatureInvalid: return ErrorKind::Integrity;
    case Errc::SetupFailed:
    case Errc::Io: return ErrorKind::Io;
    case Errc::Internal: return ErrorKind::Internal;
    }
    return ErrorKind::Internal;
}

const ErrorDomain kDomain{"workflow", codeName, kindOf};

} // namespace

const ErrorDomain& errorDomain(Errc) { return kDomain; }

std::string_view toString(Step s)
{
    switch (s) {
    case Step::Scan: return "scan";
    case Step::Import: return "import";
    case Step::Cleanup: return "cleanup";
    case Step::Separate: return "separate";
    case Step::Verify: return "verify";
    case Step::Extract: return "extract";
    case Step::Review: return "review";
    case Step::Match: return "match";
    case Step::Register: return "register";
    case Step::Number: return "number";
    case Step::Stamp: return "stamp";
    case Step::Searchable: return "searchable";
    case Step::Sign: return "sign";
    case Step::Package: return "package";
    case Step::Queue: return "queue";
    case Step::Print: return "print";
    case Step::Done: return "done";
    }
    return "";
}

std::string_view vietnameseName(Step s)
{
    switch (s) {
    case Step::Scan: return "Quét";
    case Step::Import: return "Nhập tệp";
    case Step::Cleanup: return "Làm sạch";
    case Step::Separate: return "Tách văn bản";
    case Step::Verify: return "Kiểm tra chữ ký";
    case Step::Extract: return "Đọc thông tin";
    case Step::Review: return "Kiểm tra, sửa";
    case Step::Match: return "Đối chiếu trùng";
    case Step::Register: return "Vào sổ";
    case Step::Number: return "Ghi số, ngày";
    case Step::Stamp: return "Đóng dấu ĐẾN";
    case Step::Searchable: return "Lớp chữ";
    case Step::Sign: return "Ký số";
    case Step::Package: return "Đóng gói edXML";
    case Step::Queue: return "Vào hàng đợi gửi";
    case Step::Print: return "In";
    case Step::Done: return "Xong";
    }
    return "";
}

} // namespace vanthu::workflow
