#pragma once
// Private: keeps SANE backends' reader threads from being cancelled at an arbitrary instruction.
//
// Backends built on sanei_thread (the `test` backend, avision, plustek, snapscan, u12 and others)
// run their reader in a thread that switches itself to PTHREAD_CANCEL_ASYNCHRONOUS
// (sanei/sanei_thread.c, local_thread), and sane_cancel, sane_close and the last sane_read of a
// page pthread_cancel it. A thread cancelled asynchronously inside malloc, free or the dynamic
// loader dies holding that lock, and the next thread to take it waits forever: the scanner
// session, and with it the station, wedges (seen with gdb: a reader's arena lock left held, the
// next reader stuck in free at thread exit while our worker joins it; and dlclose in sane_exit
// waiting on the loader lock). POSIX allows only async-cancel-safe functions under asynchronous
// cancellation; malloc is not one.
//
// The capture library therefore defines pthread_setcanceltype and exports it from every program
// that links it (the link option sits on vanthu_capture): backends are dlopen'ed by libsane's dll
// backend and bind the symbol in the global scope, so they get ours, which turns ASYNCHRONOUS into
// DEFERRED and forwards to the C library. A cancelled reader then stops at its next cancellation
// point (the blocking write to its pipe, usleep, read), where it holds no lock. Nothing else in
// the station asks for asynchronous cancellation.

namespace vanthu::capture {

// True when backends will get the deferring pthread_setcanceltype (the program exports it and
// the C library's one was found). Resolves the C library's function once; call it before the
// first sane_init (it is cheap afterwards). Thread-safe.
bool saneThreadCancellationIsDeferred();

} // namespace vanthu::capture
