#include "vanthu/signing/Errors.h"

namespace vanthu::signing {

namespace {
std::string_view codeName(int c)
{
    switch (static_cast<Errc>(c)) {
    case Errc::InvalidInput: return "InvalidInput";
    case Errc::FileNotFound: return "FileNotFound";
    case Errc::Io: return "Io";
    case Errc::PdfMalformed: return "PdfMalformed";
    case Errc::PdfEncrypted: return "PdfEncrypted";
    case Errc::ResourceLimit: return "ResourceLimit";
    case Errc::KeyFileUnreadable: return "KeyFileUnreadable";
    case Errc::WrongPassword: return "WrongPassword";
    case Errc::WrongPin: return "WrongPin";
    case Errc::PinLocked: return "PinLocked";
    case Errc::TokenNotFound: return "TokenNotFound";
    case Errc::TokenTimeout: return "TokenTimeout";
    case Errc::TokenError: return "TokenError";
    case Errc::KeyNotFound: return "KeyNotFound";
    case Errc::CertificateExpired: return "CertificateExpired";
    case Errc::CertificateNotYetValid: return "CertificateNotYetValid";
    case Errc::UnsupportedKey: return "UnsupportedKey";
    case Errc::SignatureTooLarge: return "SignatureTooLarge";
    case Errc::CryptoFailure: return "CryptoFailure";
    case Errc::ImageInvalid: return "ImageInvalid";
    case Errc::FontMissing: return "FontMissing";
    case Errc::NoSignatures: return "NoSignatures";
    case Errc::Internal: return "Internal";
    }
    return "Unknown";
}

ErrorKind kind(int c)
{
    switch (static_cast<Errc>(c)) {
    case Errc::InvalidInput:
    case Errc::PdfMalformed:
    case Errc::PdfEncrypted:
    case Errc::ResourceLimit:
    case Errc::KeyFileUnreadable:
    case Errc::UnsupportedKey:
    case Errc::ImageInvalid:
    case Errc::CertificateExpired:
    case Errc::CertificateNotYetValid: return ErrorKind::InvalidInput;
    case Errc::FileNotFound:
    case Errc::KeyNotFound:
    case Errc::NoSignatures:
    case Errc::FontMissing: return ErrorKind::NotFound;
    case Errc::Io: return ErrorKind::Io;
    case Errc::WrongPassword:
    case Errc::WrongPin:
    case Errc::PinLocked: return ErrorKind::Denied;
    case Errc::TokenNotFound:
    case Errc::TokenTimeout:
    case Errc::TokenError: return ErrorKind::Device;
    case Errc::SignatureTooLarge:
    case Errc::CryptoFailure:
    case Errc::Internal: return ErrorKind::Internal;
    }
    return ErrorKind::Internal;
}

constexpr ErrorDomain kDomain{"signing", &codeName, &kind};
} // namespace

const ErrorDomain& errorDomain(Errc) { return kDomain; }

} // namespace vanthu::signing
