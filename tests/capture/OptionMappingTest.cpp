// The vendor option table, replayed on recorded `scanimage -A` descriptors of real backends
// (tests/data/scanimage/*.txt; each file says where it comes from and which parts were captured
// and which reconstructed). Duplex and vendor source names cannot be tested on SANE's test
// backend, which has neither.
#include "vanthu/capture/Scanner.h"

#include "TestSupport.h"

#include <gtest/gtest.h>

#include <filesystem>

using namespace vanthu;
using capture::ColorMode;
using capture::OptionDescriptor;
using capture::Source;

namespace {

std::vector<OptionDescriptor> recorded(const std::string& name)
{
    const std::string path = std::string(VANTHU_TEST_DATA) + "/scanimage/" + name + ".txt";
    EXPECT_TRUE(std::filesystem::exists(path)) << path;
    return capture::parseScanimageOptions(test::readFile(path));
}

const OptionDescriptor* find(const std::vector<OptionDescriptor>& opts, const std::string& name)
{
    for (const auto& o : opts)
        if (o.name == name && o.type != OptionDescriptor::Type::Group)
            return &o;
    return nullptr;
}

struct Expect {
    const char* file;
    std::optional<std::string> flatbed;      // nullopt: UnsupportedOption expected
    std::optional<std::string> adf;
    std::optional<std::string> duplex;
    std::optional<std::string> duplexOption = std::nullopt;   // separate switch for duplex
    std::optional<std::string> duplexOn = std::nullopt;
    std::optional<std::string> color = std::nullopt, gray = std::nullopt, lineart = std::nullopt;
};

} // namespace

TEST(OptionMapping, ParsesTheTestBackendDescriptorsWithTypesAndConstraints)
{
    const auto opts = recorded("test");
    const auto* mode = find(opts, "mode");
    ASSERT_TRUE(mode);
    EXPECT_EQ(mode->type, OptionDescriptor::Type::String);
    EXPECT_EQ(mode->stringList, (std::vector<std::string>{"Gray", "Color"}));
    const auto* depth = find(opts, "depth");
    ASSERT_TRUE(depth);
    EXPECT_EQ(depth->wordList, (std::vector<double>{1, 8, 16}));
    const auto* res = find(opts, "resolution");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->min, 1.0);
    EXPECT_EQ(res->max, 1200.0);
    EXPECT_EQ(res->quant, 1.0);
    EXPECT_EQ(res->unit, "dpi");
    // scanimage prints no type: a FIXED option with whole-number limits reads as Int (the live
    // descriptor says Fixed; ScannerTest checks that on the device).
    EXPECT_EQ(res->type, OptionDescriptor::Type::Int);
    const auto* hand = find(opts, "hand-scanner");
    ASSERT_TRUE(hand);
    EXPECT_EQ(hand->type, OptionDescriptor::Type::Bool);
    EXPECT_TRUE(hand->active);
    const auto* threePass = find(opts, "three-pass");
    ASSERT_TRUE(threePass);
    EXPECT_FALSE(threePass->active);
    const auto* brx = find(opts, "br-x");
    ASSERT_TRUE(brx);
    EXPECT_EQ(brx->max, 200.0);
    EXPECT_EQ(brx->unit, "mm");
    EXPECT_NE(brx->title.find("Width of scan-area"), std::string::npos);
    const auto* fixedRange = find(opts, "fixed-constraint-range");
    ASSERT_TRUE(fixedRange);
    EXPECT_EQ(fixedRange->type, OptionDescriptor::Type::Fixed);
    EXPECT_DOUBLE_EQ(*fixedRange->min, -42.17);
    EXPECT_EQ(fixedRange->unit, "us");
    const auto* words = find(opts, "int-constraint-word-list");
    ASSERT_TRUE(words);
    EXPECT_EQ(words->wordList.back(), 1073741824.0);
    EXPECT_EQ(words->unit, "bit");
    EXPECT_EQ(find(opts, "fixed")->type, OptionDescriptor::Type::Fixed);
    EXPECT_EQ(find(opts, "string")->type, OptionDescriptor::Type::String);
    EXPECT_EQ(find(opts, "int")->type, OptionDescriptor::Type::Int);
    EXPECT_EQ(find(opts, "print-options")->type, OptionDescriptor::Type::Button);
    const auto* longList = find(opts, "string-constraint-long-string-list");
    ASSERT_TRUE(longList);
    EXPECT_EQ(longList->stringList.size(), 46u);
    int groups = 0;
    for (const auto& o : opts)
        groups += o.type == OptionDescriptor::Type::Group;
    EXPECT_EQ(groups, 8);
}

TEST(OptionMapping, ValuesWithBracketsAndReadOnlyMarks)
{
    const auto brother = recorded("brother4-ads1600w");
    const auto* mode = find(brother, "mode");
    ASSERT_TRUE(mode);
    EXPECT_EQ(mode->stringList,
              (std::vector<std::string>{"Black & White", "Gray[Error Diffusion]", "True Gray", "24bit Color[Fast]"}));
    const auto* brightness = find(brother, "brightness");
    ASSERT_TRUE(brightness);
    EXPECT_FALSE(brightness->active);
    EXPECT_EQ(brightness->unit, "%");
    const auto fujitsu = recorded("fujitsu-fi7260");
    const auto* side = find(fujitsu, "side");
    ASSERT_TRUE(side);
    EXPECT_FALSE(side->settable);
    EXPECT_EQ(side->type, OptionDescriptor::Type::Bool);
    EXPECT_EQ(find(fujitsu, "resolution")->max, 600.0);
    EXPECT_EQ(find(fujitsu, "br-y")->type, OptionDescriptor::Type::Fixed);
}

TEST(OptionMapping, VendorSourceAndModeNamesMapToOurSettings)
{
    const Expect cases[] = {
        {"test", "Flatbed", "Automatic Document Feeder", std::nullopt, {}, {}, "Color", "Gray", std::nullopt},
        {"fujitsu-fi7260", "Flatbed", "ADF Front", "ADF Duplex", {}, {}, "Color", "Gray", "Lineart"},
        {"fujitsu-ix500", std::nullopt, "ADF Front", "ADF Duplex", {}, {}, "Color", "Gray", "Lineart"},
        {"canon_dr-drc225", std::nullopt, "ADF Front", "ADF Duplex", {}, {}, "Color", "Gray", "Lineart"},
        {"epsonds-ds530", std::nullopt, "ADF Front", "ADF Duplex", {}, {}, "Color", "Gray", "Lineart"},
        {"brother4-ads1600w", std::nullopt, "Automatic Document Feeder(left aligned)",
         "Automatic Document Feeder(left aligned,Duplex)", {}, {}, "24bit Color[Fast]", "True Gray", "Black & White"},
        {"brother4-mfc-flatbed", "FlatBed", "Automatic Document Feeder(left aligned)", std::nullopt, {}, {}, "24bit Color",
         "True Gray", "Black & White"},
        {"hpaio-officejet", "Flatbed", "ADF", "Duplex", {}, {}, "Color", "Gray", "Lineart"},
        {"airscan-ds940dw", std::nullopt, "ADF", "ADF Duplex", {}, {}, "Color", "Gray", std::nullopt},
        {"epson2-adf-mode", "Flatbed", "Automatic Document Feeder", "Automatic Document Feeder", "adf-mode", "Duplex", "Color",
         "Gray", "Lineart"},
        {"canon_pixma-tr8550", "", std::nullopt, std::nullopt, {}, {}, "Color", "Gray", std::nullopt},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.file);
        const auto opts = recorded(c.file);
        ASSERT_FALSE(opts.empty());
        const auto check = [&](Source source, const std::optional<std::string>& want) {
            auto m = capture::mapOptions(opts, source, ColorMode::Color);
            if (!want) {
                ASSERT_FALSE(m) << "source " << static_cast<int>(source) << " mapped to " << m->sourceValue.value_or("(none)");
                EXPECT_TRUE(m.error().is(capture::Errc::UnsupportedOption)) << m.error().toString();
                return;
            }
            ASSERT_TRUE(m) << m.error().toString();
            // "" stands for: no source option at all, the device's only source.
            if (want->empty())
                EXPECT_FALSE(m->sourceValue);
            else
                EXPECT_EQ(m->sourceValue, *want);
        };
        check(Source::Flatbed, c.flatbed);
        check(Source::Adf, c.adf);
        check(Source::AdfDuplex, c.duplex);
        if (c.duplexOption) {
            auto d = capture::mapOptions(opts, Source::AdfDuplex, ColorMode::Gray);
            ASSERT_TRUE(d);
            EXPECT_EQ(d->duplexOption, c.duplexOption);
            EXPECT_EQ(d->duplexValue, c.duplexOn);
            // Simplex through the feeder switches the separate option off again.
            auto s = capture::mapOptions(opts, Source::Adf, ColorMode::Gray);
            ASSERT_TRUE(s);
            EXPECT_EQ(s->duplexOption, c.duplexOption);
            EXPECT_EQ(s->duplexValue, "Simplex");
        }
        const auto mode = [&](ColorMode m, const std::optional<std::string>& want) {
            const Source any = c.flatbed ? Source::Flatbed : Source::Adf;
            auto r = capture::mapOptions(opts, any, m);
            if (!want) {
                ASSERT_FALSE(r);
                EXPECT_TRUE(r.error().is(capture::Errc::UnsupportedOption));
                return;
            }
            ASSERT_TRUE(r) << r.error().toString();
            EXPECT_EQ(r->modeValue, *want);
        };
        mode(ColorMode::Color, c.color);
        mode(ColorMode::Gray, c.gray);
        mode(ColorMode::Lineart, c.lineart);
    }
}

TEST(OptionMapping, ABoolDuplexSwitchAndAnEmptyDevice)
{
    // A backend with a bool "duplex" next to its feeder source (e.g. utsushi's --duplex=yes).
    std::vector<OptionDescriptor> opts(2);
    opts[0].name = "source";
    opts[0].type = OptionDescriptor::Type::String;
    opts[0].stringList = {"Flatbed", "ADF"};
    opts[1].name = "duplex";
    opts[1].type = OptionDescriptor::Type::Bool;
    auto d = capture::mapOptions(opts, Source::AdfDuplex, ColorMode::Color);
    ASSERT_TRUE(d) << d.error().toString();
    EXPECT_EQ(d->sourceValue, "ADF");
    EXPECT_EQ(d->duplexOption, "duplex");
    EXPECT_EQ(d->duplexValue, "yes");
    auto s = capture::mapOptions(opts, Source::Adf, ColorMode::Color);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->duplexValue, "no");
    // Nothing described at all: a flatbed in its own colour mode; no feeder.
    EXPECT_TRUE(capture::mapOptions({}, Source::Flatbed, ColorMode::Color));
    EXPECT_FALSE(capture::mapOptions({}, Source::Adf, ColorMode::Color));
    // Garbage text parses to nothing rather than crashing.
    EXPECT_TRUE(capture::parseScanimageOptions("").empty());
    EXPECT_TRUE(capture::parseScanimageOptions("\x01\x02 not scanimage\n    \n").empty());
    const auto odd = capture::parseScanimageOptions("    --x-resolution 1..\n    --odd [\n    --e 1e|ex\n");
    EXPECT_EQ(odd.size(), 3u);
}

TEST(OptionMapping, ScanProfilesFromConfigurationKeys)
{
    auto p = capture::scanProfile("luu-tru", {{"source", "duplex"}, {"dpi", "200"}, {"mode", "Gray"}, {"width_mm", "210"},
                                              {"height_mm", "297"}, {"brightness", "-10"}, {"pages", "0"},
                                              {"option.swdeskew", "yes"}});
    ASSERT_TRUE(p) << p.error().toString();
    EXPECT_EQ(p->name, "luu-tru");
    EXPECT_EQ(p->settings.source, Source::AdfDuplex);
    EXPECT_EQ(p->settings.dpi, 200);
    EXPECT_EQ(p->settings.mode, ColorMode::Gray);
    EXPECT_EQ(p->settings.brightness, -10);
    EXPECT_EQ(p->settings.extraOptions.at("swdeskew"), "yes");
    auto defaults = capture::scanProfile("trong", {});
    ASSERT_TRUE(defaults);
    EXPECT_EQ(defaults->settings.dpi, 300);
    EXPECT_EQ(defaults->settings.source, Source::Flatbed);
    for (const auto& [k, v] : std::vector<std::pair<std::string, std::string>>{
             {"dpi", "300.5"}, {"dpi", "20"}, {"source", "tray"}, {"mode", "sepia"}, {"pages", "-1"}, {"colour", "yes"}, {"option.", "x"}}) {
        auto bad = capture::scanProfile("x", {{k, v}});
        ASSERT_FALSE(bad) << k << "=" << v;
        EXPECT_TRUE(bad.error().is(capture::Errc::InvalidOption));
        EXPECT_NE(bad.error().detail().find(k), std::string::npos);
    }
}
