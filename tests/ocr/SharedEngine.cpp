#include "SharedEngine.h"

#include <gtest/gtest.h>

namespace vanthu::test {

ocr::Engine& ocrEngine()
{
    static auto e = ocr::Engine::create(2);
    if (!e)
        ADD_FAILURE() << e.error().toString();
    return **e;
}

} // namespace vanthu::test
