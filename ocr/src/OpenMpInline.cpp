#include "OpenMpInline_p.h"

#include <atomic>
#include <utility>

#include <dlfcn.h>

// Tesseract 5 starts an OpenMP parallel region for each time step of each LSTM layer (the four
// gates as `parallel sections`) and for the fully connected layers: tens of thousands of regions a
// page. The engine's workers run them one thread each (limitOpenMpToOneThread in Engine.cpp: the
// pages are the parallelism), yet libgomp still builds a team of one for every region and ends it
// with a futex wake-up, a system call, whether a thread waits or not: `vanthu ocr` of DEV-001's
// two pages made 229,573 futex calls (strace -c -f; 42 with the regions inline), and perf put 13 %
// of a worker's CPU in libgomp and the kernel on this machine. No libgomp setting skips that
// wake-up, and Debian's Tesseract is built with OpenMP.
//
// So the station defines the four libgomp entry points Tesseract calls (the GCC OpenMP ABI:
// GOMP_parallel, GOMP_parallel_sections, GOMP_sections_next, GOMP_sections_end_nowait; `nm -D` of
// libtesseract.so.5 lists no others). Defined in the program, they come before libgomp's when
// libtesseract's calls are bound. On a thread that asked for it (the engine's workers), a region
// runs inline: its body once, on this thread, which is what a team of one does; its sections one
// after another in their order, as libgomp hands them to a team of one. The arithmetic is the
// same, so the text is the same to the last confidence (OcrEngine test). Every other thread, and
// any workers when VANTHU_OPENMP=libgomp, goes through libgomp as before.
//
// Measured (bench_ocr 8 --repeat 3, the same engine both ways): the full text 0.80 s CPU a page
// against 0.99 s through libgomp, 141 against 114 pages/min, the same text layer (CER 4.795 % both).
// What this does not cover: an orphaned `sections` construct (GOMP_sections_start, which
// libtesseract does not import) right inside a `parallel sections` region run inline would take
// its next section from here; libtesseract 5.0.3 has none, and a test fails when the libtesseract
// loaded imports any GOMP entry point beyond these four.

namespace {

using Body = void (*)(void*);

thread_local bool t_inline = false;

// The sections of the innermost `parallel sections` region run inline on this thread; null in a
// plain region or none.
struct Sections {
    unsigned next = 1, count = 0;
};
thread_local Sections* t_sections = nullptr;

std::atomic<long> g_inlineRegions{0};

// libgomp's own entry point, by the symbol version libtesseract asks for.
template <class F>
F libgomp(const char* name, const char* version)
{
    return reinterpret_cast<F>(dlvsym(RTLD_NEXT, name, version));
}

} // namespace

namespace vanthu::ocr::detail {

void runOpenMpInline(bool on) { t_inline = on; }

long openMpRegionsRunInline() { return g_inlineRegions.load(std::memory_order_relaxed); }

} // namespace vanthu::ocr::detail

extern "C" {

void GOMP_parallel(Body fn, void* data, unsigned threads, unsigned flags)
{
    static const auto real = libgomp<void (*)(Body, void*, unsigned, unsigned)>("GOMP_parallel", "GOMP_4.0");
    if (!t_inline && real)
        return real(fn, data, threads, flags);
    g_inlineRegions.fetch_add(1, std::memory_order_relaxed);
    Sections* const outer = std::exchange(t_sections, nullptr);
    fn(data);
    t_sections = outer;
}

void GOMP_parallel_sections(Body fn, void* data, unsigned threads, unsigned count, unsigned flags)
{
    static const auto real =
        libgomp<void (*)(Body, void*, unsigned, unsigned, unsigned)>("GOMP_parallel_sections", "GOMP_4.0");
    if (!t_inline && real)
        return real(fn, data, threads, count, flags);
    g_inlineRegions.fetch_add(1, std::memory_order_relaxed);
    Sections these{1, count};
    Sections* const outer = std::exchange(t_sections, &these);
    fn(data);  // takes its sections from GOMP_sections_next until it gets 0
    t_sections = outer;
}

unsigned GOMP_sections_next(void)
{
    static const auto real = libgomp<unsigned (*)()>("GOMP_sections_next", "GOMP_1.0");
    if (t_sections)
        return t_sections->next <= t_sections->count ? t_sections->next++ : 0;
    return real ? real() : 0;
}

void GOMP_sections_end_nowait(void)
{
    static const auto real = libgomp<void (*)()>("GOMP_sections_end_nowait", "GOMP_1.0");
    if (!t_sections && real)
        real();
}

} // extern "C"
