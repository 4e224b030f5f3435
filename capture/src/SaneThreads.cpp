// The deferring pthread_setcanceltype for SANE backends' reader threads; SaneThreads_p.h says why.
#include "SaneThreads_p.h"

#include <dlfcn.h>
#include <pthread.h>

#include <atomic>
#include <cerrno>

namespace {

using SetCancelType = int (*)(int, int*);

std::atomic<SetCancelType> g_libcSetCancelType{nullptr};

// The C library's pthread_setcanceltype: the next definition after the program's own.
SetCancelType libcSetCancelType()
{
    SetCancelType f = g_libcSetCancelType.load(std::memory_order_acquire);
    if (!f) {
        f = reinterpret_cast<SetCancelType>(dlsym(RTLD_NEXT, "pthread_setcanceltype"));
        g_libcSetCancelType.store(f, std::memory_order_release);
    }
    return f;
}

} // namespace

// Interposes the C library's function for the whole program (exported by the link option on
// vanthu_capture). Only sanei_thread asks for asynchronous cancellation in this program.
extern "C" __attribute__((visibility("default"))) int pthread_setcanceltype(int type, int* oldtype)
{
    const SetCancelType f = libcSetCancelType();
    if (!f)
        return ENOSYS;
    return f(type == PTHREAD_CANCEL_ASYNCHRONOUS ? PTHREAD_CANCEL_DEFERRED : type, oldtype);
}

namespace vanthu::capture {

bool saneThreadCancellationIsDeferred()
{
    if (!libcSetCancelType())
        return false;
    // What a dlopen'ed backend binds: the first definition in the global scope.
    const SetCancelType bound = reinterpret_cast<SetCancelType>(dlsym(RTLD_DEFAULT, "pthread_setcanceltype"));
    return bound == &::pthread_setcanceltype;
}

} // namespace vanthu::capture
