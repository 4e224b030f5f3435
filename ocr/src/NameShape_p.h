#pragma once
// The signer's family name told by its shape, where OCR could not read it: the seal's ring runs
// through it on a 1-bit scan, and Tesseract makes another word of what is left ("xương" of
// Dương). NĐ 30 sets the name in bold Times New Roman; each family name of a closed list is set
// so in front of the given names as read, scaled and placed so that its given names cover the
// ones on the page, and the family name whose letters cover the ink left of them best is taken.

#include "vanthu/core/PageImage.h"
#include "vanthu/ocr/Engine.h"

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vanthu::ocr::detail {

struct ShapeMatch {
    std::string family;
    double score = 0;     // 0..1: ink both in the print and the set name / ink in either
    double runnerUp = 0;  // the next best family name's
    std::vector<std::pair<std::string, double>> ranked;  // the best few, best first (for the log)
};

struct NameShapeQuery {
    const PageImage* page = nullptr;  // the page (any format; dark ink is below half grey)
    Rect band;                        // the name's line, page pixels
    Rect given;                       // the ink box of the given names as read, page pixels
    std::string givenText;            // their text ("Ngọc Tâm"), as far as it was read ("úy Liên")
    std::string lostStart;            // the letters of the first given name the seal hid ("Th" of Thúy)
    std::function<bool(int x, int y)> ignore;  // pixels not compared (the seal's ring band)
};

// The best of `candidates` and its margin, or nothing when nothing could be compared (no given
// names to scale by, no font). Pure apart from the font lookup; any thread.
std::optional<ShapeMatch> familyByShape(const NameShapeQuery& q, std::span<const std::string_view> candidates);

} // namespace vanthu::ocr::detail
