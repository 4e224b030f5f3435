#include "vanthu/core/Hash.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cassert>
#include <fstream>
#include <memory>
#include <vector>

namespace vanthu::hash {

namespace {
struct MdCtxDeleter {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

std::string toHex(const unsigned char* p, size_t n)
{
    static constexpr char digits[] = "0123456789abcdef";
    std::string s(n * 2, '0');
    for (size_t i = 0; i < n; ++i) {
        s[2 * i] = digits[p[i] >> 4];
        s[2 * i + 1] = digits[p[i] & 15];
    }
    return s;
}
} // namespace

std::string sha256Hex(std::string_view bytes)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    const int ok = EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr);
    assert(ok == 1 && "EVP_Digest(SHA-256) failed");
    (void)ok;
    return toHex(md, len);
}

Result<std::string> sha256FileHex(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return fail(core::Errc::Io, "cannot read " + path);
    MdCtx ctx(EVP_MD_CTX_new());
    EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
    std::vector<char> buf(1 << 16);
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        EVP_DigestUpdate(ctx.get(), buf.data(), static_cast<size_t>(in.gcount()));
    }
    if (in.bad())
        return fail(core::Errc::Io, "read error in " + path);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx.get(), md, &len);
    return toHex(md, len);
}

std::string randomHex(size_t n)
{
    std::vector<unsigned char> b(n);
    const int ok = RAND_bytes(b.data(), static_cast<int>(n));
    assert(ok == 1 && "RAND_bytes failed");
    (void)ok;
    return toHex(b.data(), n);
}

} // namespace vanthu::hash
