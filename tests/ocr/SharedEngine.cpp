#include "SharedEngine.h"

#include <gtest/gtest.h>

#include <cstdio>

namespace vanthu::test {

ocr::Engine& ocrEngine()
{
    static auto e = ocr::Engine::create(2);
    if (!e)
        ADD_FAILURE() << e.error().toString();
    return **e;
}

std::string shell(const std::string& cmd, int* status)
{
    std::string out;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p)
        return out;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0)
        out.append(buf, n);
    const int rc = pclose(p);
    if (status)
        *status = rc;
    return out;
}

} // namespace vanthu::test
