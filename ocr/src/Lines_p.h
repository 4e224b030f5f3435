#pragma once
// Lines of recognised words, shared by the ocr part's sources (the engine, the reader, text layers).

#include "vanthu/ocr/Engine.h"

#include <algorithm>
#include <climits>

namespace vanthu::ocr::detail {

// Whether two boxes are one line: they overlap by half the lower one's height or more (a reading
// that took specks of the seal into the line has a taller box: "2. GIÁM bôC", 68 px over the
// other reading's 25 px "GIAM ĐỌC").
inline bool sameLine(const Rect& a, const Rect& b)
{
    const int overlap = std::min(a.bottom(), b.bottom()) - std::max(a.y, b.y);
    return 2 * overlap >= std::min(a.height, b.height);
}

// Each line's text (its words joined by single spaces), box and mean confidence from the words it
// lists, and the result's text (its lines joined by '\n').
inline void finishLines(OcrResult& out)
{
    out.text.clear();
    for (Line& ln : out.lines) {
        int x0 = INT_MAX, y0 = INT_MAX, x1 = 0, y1 = 0;
        float conf = 0;
        ln.text.clear();
        for (int wi : ln.words) {
            const Word& w = out.words[static_cast<size_t>(wi)];
            if (!ln.text.empty())
                ln.text += ' ';
            ln.text += w.text;
            x0 = std::min(x0, w.box.x);
            y0 = std::min(y0, w.box.y);
            x1 = std::max(x1, w.box.right());
            y1 = std::max(y1, w.box.bottom());
            conf += w.confidence;
        }
        ln.box = {x0, y0, x1 - x0, y1 - y0};
        ln.confidence = ln.words.empty() ? 0 : conf / static_cast<float>(ln.words.size());
        if (!out.text.empty())
            out.text += '\n';
        out.text += ln.text;
    }
}

} // namespace vanthu::ocr::detail
