// Field-extraction accuracy on a corpus laid out like shared/corpus/dev, without the `vanthu`
// command: scans/<id>.pdf rendered with Poppler at the scan resolution (capture's import), read by
// ocr::Reader. Prints the table of ocr::eval::Scoreboard; `--json FILE` writes the details.
// Usage: bench_ocr_eval [DIR] [--json FILE] [--only ID]
#include "vanthu/capture/Import.h"
#include "vanthu/ocr/Engine.h"
#include "vanthu/ocr/Evaluation.h"
#include "vanthu/ocr/Reader.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>

using namespace vanthu;

int main(int argc, char** argv)
{
    std::string dir = std::string(VANTHU_SHARED_DIR) + "/corpus/dev", jsonOut, only;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--json") && i + 1 < argc)
            jsonOut = argv[++i];
        else if (!std::strcmp(argv[i], "--only") && i + 1 < argc)
            only = argv[++i];
        else
            dir = argv[i];
    }
    auto truth = ocr::eval::readTruth(dir);
    if (!truth) {
        std::fprintf(stderr, "%s\n", truth.error().toString().c_str());
        return 1;
    }
    auto engine = ocr::Engine::create();
    if (!engine) {
        std::fprintf(stderr, "%s\n", engine.error().toString().c_str());
        return 1;
    }
    ocr::Reader reader(**engine);
    ocr::eval::Scoreboard board;
    for (const auto& t : *truth) {
        if (!only.empty() && t.id != only)
            continue;
        const auto started = std::chrono::steady_clock::now();
        capture::ImportOptions io;
        io.dpi = t.dpi;
        auto file = capture::importFile(dir + "/scans/" + t.id + ".pdf", io);
        if (!file) {
            board.addFailure(t, file.error().toString());
            continue;
        }
        auto x = reader.readDocument(file->pages);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (!x) {
            board.addFailure(t, x.error().toString());
            continue;
        }
        board.add(t, x->meta, seconds, x->headerSeconds);
        const auto got = ocr::eval::fieldsOf(x->meta);
        std::string wrong;
        for (const auto& f : ocr::eval::fieldNames())
            if (ocr::eval::normalize(got.at(f)) != t.fields.at(f))
                wrong += "\n    " + f + ": got [" + got.at(f) + "] want [" + t.fields.at(f) + "]";
        const size_t e = ocr::eval::editDistance(ocr::eval::subjectCore(t.subject), ocr::eval::subjectCore(x->meta.subject));
        if (e > 0)
            wrong += "\n    subject (" + std::to_string(e) + "): got [" + x->meta.subject + "] want [" + t.subject + "]";
        std::fprintf(stderr, "%s %.2fs (header %.2fs)%s\n", t.id.c_str(), seconds, x->headerSeconds, wrong.c_str());
    }
    std::printf("%s", board.table().c_str());
    if (!jsonOut.empty())
        std::ofstream(jsonOut) << board.json() << '\n';
    return 0;
}
