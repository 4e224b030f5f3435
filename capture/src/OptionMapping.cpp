// The vendor table: SANE backends name the same things differently. Source values seen in
// backends' option lists (sane-backends 1.2, sane-airscan, HPLIP, Brother brscan):
//
//   flatbed  "Flatbed" (most), "FlatBed" (brother), "Document Table" (epkowa), "Normal" (older
//            HP/avision), "Platen"
//   feeder   "ADF" (hpaio, airscan), "ADF Front" (fujitsu, canon_dr, epsonds), "Automatic Document
//            Feeder" (epson2, test, plustek), "Automatic Document Feeder(left aligned)" (brother),
//            "ADF Simplex", "Document Feeder"
//   duplex   "ADF Duplex" (fujitsu, canon_dr, epsonds, airscan, avision), "Duplex" (hpaio),
//            "Automatic Document Feeder(left aligned,Duplex)" (brother); epson2 keeps the source
//            "Automatic Document Feeder" and has a separate string option adf-mode Simplex|Duplex;
//            a few backends have a bool "duplex".
//   back     "ADF Back" scans only the back sides: never chosen for simplex.
//
// Modes: "Color"/"Colour"/"24bit Color" ("24bit Color[Fast]"), "Gray"/"Grayscale"/"True Gray"
// (brother's "Gray[Error Diffusion]" is dithered, so chosen last), "Lineart"/"Binary"/
// "Black & White"/"Monochrome", "Halftone" last.
#include "vanthu/capture/Scanner.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <sstream>

namespace vanthu::capture {

namespace {

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool has(const std::string& haystack, std::string_view needle) { return haystack.find(needle) != std::string::npos; }

const OptionDescriptor* findOption(const std::vector<OptionDescriptor>& device, std::string_view name)
{
    for (const auto& o : device)
        if (o.name == name && o.type != OptionDescriptor::Type::Group)
            return &o;
    return nullptr;
}

bool isDuplex(const std::string& v) { return has(v, "duplex"); }
bool isBackOnly(const std::string& v) { return has(v, "back") && !isDuplex(v); }
bool isFeeder(const std::string& v)
{
    return has(v, "adf") || has(v, "feeder") || has(v, "automatic document") || has(v, "sheet");
}
bool isFlatbed(const std::string& v)
{
    return has(v, "flatbed") || has(v, "platen") || has(v, "document table") || v == "normal" || has(v, "glass");
}

// The first value (in the device's order) whose lower-case form satisfies one of the predicates,
// tried in order: the earlier predicates are preferred matches.
template <class... P>
std::optional<std::string> pick(const std::vector<std::string>& values, P... preds)
{
    std::optional<std::string> found;
    const auto tryOne = [&](auto pred) {
        if (found)
            return;
        for (const auto& v : values)
            if (pred(lower(v))) {
                found = v;
                return;
            }
    };
    (tryOne(preds), ...);
    return found;
}

} // namespace

Result<OptionMapping> mapOptions(const std::vector<OptionDescriptor>& device, Source source, ColorMode mode)
{
    OptionMapping m;
    const OptionDescriptor* src = findOption(device, "source");
    const bool hasSources = src && src->active && !src->stringList.empty();
    // A separate duplex switch: epson2's adf-mode (Simplex|Duplex), or a bool "duplex".
    const OptionDescriptor* dupOpt = nullptr;
    for (const char* name : {"adf-mode", "duplex", "adf_mode"})
        if (const auto* o = findOption(device, name); o && o->settable)
            if (o->type == OptionDescriptor::Type::Bool ||
                (o->type == OptionDescriptor::Type::String &&
                 std::any_of(o->stringList.begin(), o->stringList.end(), [](const std::string& v) { return isDuplex(lower(v)); }))) {
                dupOpt = o;
                break;
            }
    const auto separateDuplex = [&](bool on) {
        m.duplexOption = dupOpt->name;
        if (dupOpt->type == OptionDescriptor::Type::Bool) {
            m.duplexValue = on ? "yes" : "no";
        } else {
            m.duplexValue = on ? pick(dupOpt->stringList, [](const std::string& v) { return isDuplex(v); })
                               : pick(dupOpt->stringList, [](const std::string& v) { return has(v, "simplex"); },
                                      [](const std::string& v) { return !isDuplex(v); });
        }
    };

    switch (source) {
    case Source::Flatbed:
        if (hasSources) {
            m.sourceValue = pick(src->stringList, [](const std::string& v) { return isFlatbed(v); });
            if (!m.sourceValue)
                return fail(Errc::UnsupportedOption, "the device has no flatbed (sources: " + [&] {
                    std::string s;
                    for (const auto& v : src->stringList)
                        s += (s.empty() ? "" : ", ") + v;
                    return s;
                }() + ")");
        }
        break;
    case Source::Adf:
        if (!hasSources)
            return fail(Errc::UnsupportedOption, "the device has no document feeder");
        m.sourceValue = pick(
            src->stringList,
            [](const std::string& v) { return isFeeder(v) && !isDuplex(v) && !isBackOnly(v) && (has(v, "front") || has(v, "simplex")); },
            [](const std::string& v) { return isFeeder(v) && !isDuplex(v) && !isBackOnly(v); });
        if (!m.sourceValue)
            return fail(Errc::UnsupportedOption, "the device has no document feeder");
        if (dupOpt)
            separateDuplex(false);
        break;
    case Source::AdfDuplex:
        if (!hasSources)
            return fail(Errc::UnsupportedOption, "the device has no document feeder");
        m.sourceValue = pick(src->stringList, [](const std::string& v) { return isDuplex(v) && isFeeder(v); },
                             [](const std::string& v) { return isDuplex(v); });
        if (!m.sourceValue && dupOpt) {
            m.sourceValue = pick(src->stringList, [](const std::string& v) { return isFeeder(v) && !isBackOnly(v); });
            if (m.sourceValue)
                separateDuplex(true);
        }
        if (!m.sourceValue || (m.duplexOption && !m.duplexValue))
            return fail(Errc::UnsupportedOption, "the device cannot scan both sides (no duplex source)");
        break;
    }

    if (const OptionDescriptor* md = findOption(device, "mode"); md && md->active && !md->stringList.empty()) {
        const auto& l = md->stringList;
        switch (mode) {
        case ColorMode::Color:
            m.modeValue = pick(
                l, [](const std::string& v) { return v == "color" || v == "colour"; },
                [](const std::string& v) { return (has(v, "color") || has(v, "colour")) && !has(v, "fast"); },
                [](const std::string& v) { return has(v, "color") || has(v, "colour") || has(v, "rgb"); });
            break;
        case ColorMode::Gray:
            m.modeValue = pick(
                l, [](const std::string& v) { return v == "gray" || v == "grey" || v == "grayscale" || v == "true gray"; },
                [](const std::string& v) { return (has(v, "gray") || has(v, "grey")) && !has(v, "diffusion"); },
                [](const std::string& v) { return has(v, "gray") || has(v, "grey"); });
            break;
        case ColorMode::Lineart:
            m.modeValue = pick(
                l,
                [](const std::string& v) {
                    return v == "lineart" || v == "binary" || v == "black & white" || v == "black and white" ||
                           v == "monochrome" || v == "bw";
                },
                [](const std::string& v) { return has(v, "lineart") || has(v, "line art") || has(v, "black"); },
                [](const std::string& v) { return has(v, "halftone"); });
            break;
        }
        if (!m.modeValue)
            return fail(Errc::UnsupportedOption, "the device has no such colour mode");
    } else if (mode != ColorMode::Color && mode != ColorMode::Gray) {
        // Without a mode option the device delivers its one mode; lineart is made in cleanup.
    }
    return m;
}

namespace {

std::string trim(std::string_view s)
{
    size_t a = 0, b = s.size();
    while (a < b && std::isspace(static_cast<unsigned char>(s[a])))
        ++a;
    while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1])))
        --b;
    return std::string(s.substr(a, b - a));
}

size_t indentOf(const std::string& line)
{
    size_t n = 0;
    while (n < line.size() && line[n] == ' ')
        ++n;
    return n;
}

// "1200dpi" -> (1200, "dpi"); false when it does not start with a number.
bool numberWithUnit(std::string_view s, double& value, std::string& unit)
{
    size_t end = 0;
    while (end < s.size() && (std::isdigit(static_cast<unsigned char>(s[end])) || s[end] == '.' || s[end] == '-' || s[end] == '+' ||
                              s[end] == 'e'))
        ++end;
    // "e" belongs to the number only when followed by a digit or sign (1e+06); not the unit "ex".
    while (end > 0 && s[end - 1] == 'e')
        --end;
    if (end == 0)
        return false;
    const std::string num(s.substr(0, end));
    try {
        size_t used = 0;
        value = std::stod(num, &used);
        if (used != num.size())
            return false;
    } catch (...) {
        return false;
    }
    unit = trim(s.substr(end));
    return true;
}

std::vector<std::string> splitBars(const std::string& s)
{
    std::vector<std::string> out;
    size_t start = 0;
    for (;;) {
        const size_t bar = s.find('|', start);
        out.push_back(s.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
        if (bar == std::string::npos)
            break;
        start = bar + 1;
    }
    return out;
}

void parseConstraint(OptionDescriptor& o, std::string c)
{
    using T = OptionDescriptor::Type;
    if (c.ends_with(",...")) // an array option: the constraint of each element
        c.erase(c.size() - 4);
    if (c.empty()) {
        o.type = T::Button;
        return;
    }
    if (c == "<int>") {
        o.type = T::Int;
        return;
    }
    if (c == "<float>") {
        o.type = T::Fixed;
        return;
    }
    if (c == "<string>") {
        o.type = T::String;
        return;
    }
    // Range: "1..1200dpi (in steps of 1)", "-42.17..32768us (in steps of 2)", "0..255".
    if (const size_t dots = c.find(".."); dots != std::string::npos && c.find('|') == std::string::npos) {
        std::string rest = c.substr(dots + 2);
        std::string steps;
        if (const size_t p = rest.find(" (in steps of "); p != std::string::npos) {
            steps = rest.substr(p + 14);
            if (steps.ends_with(")"))
                steps.pop_back();
            rest = rest.substr(0, p);
        }
        double lo = 0, hi = 0, q = 0;
        std::string unitLo, unit, unitQ;
        if (numberWithUnit(c.substr(0, dots), lo, unitLo) && numberWithUnit(rest, hi, unit)) {
            o.min = lo;
            o.max = hi;
            o.unit = unit;
            const bool fractional = c.substr(0, dots).find('.') != std::string::npos || rest.find('.') != std::string::npos;
            if (!steps.empty() && numberWithUnit(steps, q, unitQ))
                o.quant = q;
            o.type = fractional || steps.find('.') != std::string::npos ? T::Fixed : T::Int;
            return;
        }
    }
    // A list: numbers (the last one carries the unit) or strings.
    const std::vector<std::string> items = splitBars(c);
    std::vector<double> numbers;
    std::string unit;
    bool numeric = true, fractional = false;
    for (size_t i = 0; i < items.size() && numeric; ++i) {
        double v = 0;
        std::string u;
        if (!numberWithUnit(items[i], v, u) || (!u.empty() && i + 1 != items.size())) {
            numeric = false;
            break;
        }
        fractional = fractional || items[i].find('.') != std::string::npos;
        numbers.push_back(v);
        unit = u;
    }
    if (numeric) {
        o.wordList = std::move(numbers);
        o.unit = unit;
        o.type = fractional ? T::Fixed : T::Int;
    } else {
        o.stringList = items;
        o.type = T::String;
    }
}

} // namespace

std::vector<OptionDescriptor> parseScanimageOptions(const std::string& text)
{
    std::vector<OptionDescriptor> out;
    std::istringstream in(text);
    std::string line;
    ptrdiff_t current = -1; // index of the option whose description follows
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        const size_t indent = indentOf(line);
        const std::string body = trim(line);
        // '#' lines never occur in scanimage output: recorded files carry their provenance there.
        if (body.empty() || body.starts_with("#") || body.starts_with("All options specific to device") ||
            body.starts_with("Output format") || body.starts_with("scanimage:"))
            continue;
        if (!body.starts_with("-")) {
            if (indent >= 6 && current >= 0) { // description of the option above
                std::string& t = out[static_cast<size_t>(current)].title;
                t += (t.empty() ? "" : " ") + body;
            } else if (body.ends_with(":")) { // a group heading
                OptionDescriptor g;
                g.type = OptionDescriptor::Type::Group;
                g.title = body.substr(0, body.size() - 1);
                out.push_back(std::move(g));
                current = -1;
            }
            continue;
        }
        OptionDescriptor o;
        // The name: "--mode", "-l", "--hand-scanner[=(yes|no)]".
        size_t nameEnd = 0;
        while (nameEnd < body.size() && body[nameEnd] != ' ' && body[nameEnd] != '[')
            ++nameEnd;
        std::string name = body.substr(0, nameEnd);
        std::string rest = body.substr(nameEnd);
        if (name == "-l")
            name = "tl-x";
        else if (name == "-t")
            name = "tl-y";
        else if (name == "-x")
            name = "br-x";
        else if (name == "-y")
            name = "br-y";
        else
            name = name.substr(name.find_first_not_of('-'));
        o.name = name;
        bool isBool = false;
        if (rest.starts_with("[=(")) {
            const size_t close = rest.find(")]");
            isBool = true;
            rest = close == std::string::npos ? "" : rest.substr(close + 2);
        }
        rest = trim(rest);
        // Trailing bracket groups: the current value, [inactive], [read-only], [hardware],
        // [advanced]. A value may itself contain brackets ("Gray[Error Diffusion]"), so a group
        // starts at " [" or at the beginning.
        while (rest.ends_with("]")) {
            size_t open = rest.rfind(" [");
            if (open == std::string::npos) {
                if (!rest.starts_with("["))
                    break;
                open = 0;
            } else {
                open += 1;
            }
            const std::string group = rest.substr(open + 1, rest.size() - open - 2);
            if (group == "inactive")
                o.active = false;
            else if (group == "read-only" || group == "hardware")
                o.settable = false;
            rest = trim(rest.substr(0, open));
        }
        if (isBool) {
            o.type = OptionDescriptor::Type::Bool;
        } else {
            parseConstraint(o, rest);
        }
        out.push_back(std::move(o));
        current = static_cast<ptrdiff_t>(out.size()) - 1;
    }
    return out;
}

Result<ScanProfile> scanProfile(const std::string& name, const std::map<std::string, std::string>& keys)
{
    ScanProfile p;
    p.name = name;
    ScanSettings& s = p.settings;
    const auto bad = [&](const std::string& key, const std::string& why) {
        return fail(Errc::InvalidOption, "[profile." + name + "] " + key + ": " + why);
    };
    const auto number = [](const std::string& v, double lo, double hi) -> std::optional<double> {
        try {
            size_t used = 0;
            const double d = std::stod(v, &used);
            if (used != v.size() || d < lo || d > hi)
                return std::nullopt;
            return d;
        } catch (const std::exception&) {
            return std::nullopt;
        }
    };
    for (const auto& [key, value] : keys) {
        const std::string v = lower(value);
        if (key == "source") {
            if (v == "flatbed")
                s.source = Source::Flatbed;
            else if (v == "adf")
                s.source = Source::Adf;
            else if (v == "duplex")
                s.source = Source::AdfDuplex;
            else
                return bad(key, "flatbed, adf or duplex, not '" + value + "'");
        } else if (key == "mode") {
            if (v == "color" || v == "colour")
                s.mode = ColorMode::Color;
            else if (v == "gray" || v == "grey")
                s.mode = ColorMode::Gray;
            else if (v == "lineart")
                s.mode = ColorMode::Lineart;
            else
                return bad(key, "color, gray or lineart, not '" + value + "'");
        } else if (key == "dpi") {
            auto d = number(value, 50, 1200);
            if (!d || *d != std::floor(*d))
                return bad(key, "a whole number 50..1200, not '" + value + "'");
            s.dpi = static_cast<int>(*d);
        } else if (key == "width_mm" || key == "height_mm") {
            auto d = number(value, 10, 2000);
            if (!d)
                return bad(key, "millimetres 10..2000, not '" + value + "'");
            (key == "width_mm" ? s.widthMm : s.heightMm) = *d;
        } else if (key == "brightness") {
            auto d = number(value, -1000, 1000);
            if (!d || *d != std::floor(*d))
                return bad(key, "a whole number in the device's units, not '" + value + "'");
            s.brightness = static_cast<int>(*d);
        } else if (key == "pages") {
            auto d = number(value, 0, 10000);
            if (!d || *d != std::floor(*d))
                return bad(key, "a page count (0 = until the feeder is empty), not '" + value + "'");
            s.maxPages = static_cast<int>(*d);
        } else if (key.starts_with("option.") && key.size() > 7) {
            s.extraOptions[key.substr(7)] = value;
        } else {
            return bad(key, "unknown key (source, dpi, mode, width_mm, height_mm, brightness, pages, option.<name>)");
        }
    }
    return p;
}

} // namespace vanthu::capture
