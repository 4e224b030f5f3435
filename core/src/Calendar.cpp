#include "vanthu/core/Calendar.h"

#include "vanthu/core/Ini.h"
#include "vanthu/core/Lunar.h"

#include <algorithm>
#include <cassert>
#include <utility>

namespace vanthu::calendar {

using namespace std::chrono;

namespace {

// How far the day loops may run before giving up. A year has at most ~120 days off (weekends plus
// holidays), so a working day is always found within this bound unless the settings make every
// weekday a rest day; then we return an error instead of looping forever.
constexpr int kMaxDaySearch = 400;

std::string lineError(int line, const std::string& what) { return "line " + std::to_string(line) + ": " + what; }

std::string missingYear(int y) { return "no holiday table for year " + std::to_string(y); }

int yearOf(sys_days d) { return static_cast<int>(year_month_day{d}.year()); }

sys_days ymd(int y, unsigned m, unsigned d) { return sys_days{year{y} / month{m} / day{d}}; }

// The local (Vietnam) calendar day of `t` and the time elapsed since local midnight.
std::pair<sys_days, seconds> splitLocal(Instant t)
{
    const vntime::LocalTime lt = vntime::toLocal(t);
    const auto dayStart = floor<days>(lt);
    return {sys_days{dayStart.time_since_epoch()}, lt - dayStart};
}

Instant atLocal(sys_days d, seconds sinceMidnight)
{
    return vntime::fromLocal(vntime::LocalTime{d.time_since_epoch()} + sinceMidnight);
}

bool isRestWeekday(const Settings& s, sys_days d) { return s.restWeekdays.contains(weekday{d}.c_encoding()); }

// 2/9 and its adjacent day. BLLĐ 2019 Điều 112.1.đ gives "02/9 and one day before or after" and
// the Prime Minister picks the day each year. This reproduces the choices made since 2021, which
// put the extra day next to a weekend or bridge to one: Thursday 2021 -> Friday 3/9, Friday 2022 ->
// Thursday 1/9, Saturday 2023 -> Friday 1/9, Monday 2024 -> Tuesday 3/9, Tuesday 2025 -> Monday
// 1/9. No decision to copy yet for Wednesday (we take 3/9) or Sunday (Monday 3/9, the weekday
// next to it; the Sunday itself is compensated separately under Điều 111.3).
sys_days nationalDayAdjacent(int y)
{
    const sys_days nd = ymd(y, 9, 2);
    switch (weekday{nd}.c_encoding()) {
    case 2: // Tuesday
    case 5: // Friday
    case 6: // Saturday
        return nd - days{1};
    default: // Monday, Wednesday, Thursday, Sunday
        return nd + days{1};
    }
}

// A run of consecutive holiday days that earns compensatory days as one unit (the Tết block is
// five days; the others are single days).
struct HolidayGroup {
    std::vector<sys_days> dates;
    std::string name;
};

} // namespace

Result<std::vector<YearTable>> parseHolidayTable(std::string_view text)
{
    auto ini = Ini::parse(text);
    if (!ini)
        return std::unexpected(ini.error());

    std::map<int, YearTable> years;
    std::map<sys_days, int> seen;  // date -> line of its first mention, to catch contradictions
    for (const IniEntry& e : ini->entries()) {
        const std::string& sec = e.section;
        if (sec.size() != 4 || !std::all_of(sec.begin(), sec.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return fail(core::Errc::ConfigError,
                        lineError(e.line, "section must be a 4-digit year, got [" + sec + "]"));
        const int y = std::stoi(sec);
        YearTable& table = years[y];
        table.year = y;

        if (e.key == "source") {
            table.source = e.value;
            continue;
        }
        if (e.key != "off" && e.key != "work")
            return fail(core::Errc::ConfigError, lineError(e.line, "unknown key '" + e.key + "' (expected source, off, work)"));

        const std::string_view v = e.value;
        const auto sp = v.find_first_of(" \t");
        const std::string_view dateText = v.substr(0, sp);
        auto date = vntime::parseIsoDate(dateText);
        if (!date)
            return fail(core::Errc::ConfigError, lineError(e.line, "bad date: " + date.error().detail()));
        if (static_cast<int>(date->year()) != y)
            return fail(core::Errc::ConfigError,
                        lineError(e.line, std::string(dateText) + " is not in year " + sec));
        const sys_days d{*date};
        if (auto it = seen.find(d); it != seen.end())
            return fail(core::Errc::ConfigError, lineError(e.line, std::string(dateText) + " already listed on line " +
                                                                       std::to_string(it->second)));
        seen.emplace(d, e.line);

        std::string name;
        if (sp != std::string_view::npos) {
            const std::string_view rest = v.substr(sp);
            const auto b = rest.find_first_not_of(" \t");
            if (b != std::string_view::npos)
                name = std::string(rest.substr(b));
        }
        (e.key == "off" ? table.daysOff : table.workdays).push_back(DayEntry{*date, std::move(name)});
    }

    std::vector<YearTable> out;
    out.reserve(years.size());
    for (auto& [y, table] : years)
        out.push_back(std::move(table));
    return out;
}

YearTable ruleYearTable(int y, const Settings& settings)
{
    YearTable t;
    t.year = y;
    // The 2019 Labour Code (in force 1/1/2021) added the day next to 2/9; before, BLLĐ 2012
    // Điều 115 had the same holidays with 2/9 alone, and the same compensation rule (115.3).
    const bool code2019 = y >= 2021;
    t.source = code2019 ? "rule: BLLĐ 2019 Điều 111–112, computed" : "rule: BLLĐ 2012 Điều 115, computed";

    std::vector<HolidayGroup> groups;
    // BLLĐ 2019 Điều 112.1.a: Tết Dương lịch, 1/1.
    groups.push_back({{ymd(y, 1, 1)}, "Tết Dương lịch"});
    // Điều 112.1.b: Tết Âm lịch, 5 days. The Prime Minister fixes the exact days each year; the
    // usual choice (and the one we draft) is the last day of the old lunar year plus mùng 1–4.
    {
        const sys_days tet{lunar::tet(y)};
        HolidayGroup g{{}, "Tết Âm lịch"};
        for (int i = -1; i <= 3; ++i)
            g.dates.push_back(tet + days{i});
        groups.push_back(std::move(g));
    }
    // Điều 112.1.e: Giỗ Tổ Hùng Vương, 10/3 lunar.
    groups.push_back({{sys_days{lunar::toSolar(lunar::LunarDate{10, 3, y, false})}}, "Giỗ Tổ Hùng Vương"});
    // Điều 112.1.c and d: 30/4 and 1/5.
    groups.push_back({{ymd(y, 4, 30)}, "Ngày Chiến thắng"});
    groups.push_back({{ymd(y, 5, 1)}, "Quốc tế Lao động"});
    // Điều 112.1.đ: 2/9 plus one adjacent day (from 2021).
    groups.push_back({{ymd(y, 9, 2)}, "Quốc khánh"});
    if (code2019)
        groups.push_back({{nationalDayAdjacent(y)}, "Quốc khánh (ngày liền kề)"});

    std::map<sys_days, std::string> off;
    for (const HolidayGroup& g : groups)
        for (sys_days d : g.dates)
            off.emplace(d, g.name);  // a coincidence of two holidays keeps the first name

    // BLLĐ 2019 Điều 111.3: a holiday on a weekly rest day gives a compensatory day off on the
    // next working day. "Working day" here excludes the other holidays (30/4 on a Sunday makes
    // 2/5 off, not the 1/5 holiday) and days already given as compensation.
    std::set<sys_days> counted;  // holiday dates already compensated, in case two groups coincide
    for (const HolidayGroup& g : groups) {
        int owed = 0;
        for (sys_days d : g.dates)
            if (isRestWeekday(settings, d) && counted.insert(d).second)
                ++owed;
        sys_days d = g.dates.back();
        for (int guard = 0; owed > 0 && guard < kMaxDaySearch; ++guard) {
            d += days{1};
            if (isRestWeekday(settings, d) || off.contains(d))
                continue;
            off.emplace(d, "Nghỉ bù " + g.name);
            --owed;
        }
        assert(owed == 0 && "ruleYearTable: no working day for a compensatory day");
    }

    for (const auto& [d, name] : off)
        t.daysOff.push_back(DayEntry{year_month_day{d}, name});
    return t;
}

WorkingCalendar::WorkingCalendar(Settings settings, std::vector<YearTable> years)
    : m_settings(std::move(settings))
{
    assert(!m_settings.hours.empty() && "WorkingCalendar: no office hours");
    std::sort(m_settings.hours.begin(), m_settings.hours.end(),
              [](const Period& a, const Period& b) { return a.start < b.start; });
    for (size_t i = 0; i < m_settings.hours.size(); ++i) {
        assert(m_settings.hours[i].start < m_settings.hours[i].end && "WorkingCalendar: empty period");
        assert((i == 0 || m_settings.hours[i - 1].end <= m_settings.hours[i].start) && "WorkingCalendar: overlapping periods");
        assert(m_settings.hours[i].end <= minutes{24 * 60} && "WorkingCalendar: period past midnight");
    }
    // A later table for the same year replaces an earlier one (a local file overriding the
    // built-in table).
    for (YearTable& y : years)
        m_years.insert_or_assign(y.year, std::move(y));
    for (const auto& [y, table] : m_years) {
        for (const DayEntry& e : table.daysOff)
            m_off.insert_or_assign(sys_days{e.date}, e.name);
        for (const DayEntry& e : table.workdays)
            m_work.insert_or_assign(sys_days{e.date}, e.name);
    }
}

WorkingCalendar WorkingCalendar::builtin()
{
    static const WorkingCalendar cal = [] {
        auto years = parseHolidayTable(builtinHolidayIni());
        assert(years && "the built-in data/holidays-vn.ini does not parse");
        return WorkingCalendar(Settings{}, years ? std::move(*years) : std::vector<YearTable>{});
    }();
    return cal;
}

std::vector<int> WorkingCalendar::coveredYears() const
{
    std::vector<int> out;
    out.reserve(m_years.size());
    for (const auto& [y, table] : m_years)
        out.push_back(y);
    return out;
}

Result<bool> WorkingCalendar::dayOff(sys_days d, std::string* reason) const
{
    const int y = yearOf(d);
    if (!m_years.contains(y))
        return fail(core::Errc::CalendarMissingYear, missingYear(y));
    if (reason)
        reason->clear();
    if (auto it = m_off.find(d); it != m_off.end()) {
        if (reason)
            *reason = it->second;
        return true;
    }
    if (auto it = m_work.find(d); it != m_work.end()) {
        if (reason)
            *reason = it->second;  // a swapped rest day: say why it is worked
        return false;
    }
    return isRestWeekday(m_settings, d);
}

Instant WorkingCalendar::periodStart(sys_days d, const Period& p) const { return atLocal(d, p.start); }

Result<bool> WorkingCalendar::isWorkingDay(Date d, std::string* reason) const
{
    if (!d.ok())
        return fail(core::Errc::InvalidArgument, "not a calendar date");
    auto off = dayOff(sys_days{d}, reason);
    if (!off)
        return std::unexpected(off.error());
    return !*off;
}

Result<bool> WorkingCalendar::isWorkingMoment(Instant t) const
{
    const auto [d, tod] = splitLocal(t);
    auto off = dayOff(d, nullptr);
    if (!off)
        return std::unexpected(off.error());
    if (*off)
        return false;
    return std::any_of(m_settings.hours.begin(), m_settings.hours.end(),
                       [tod = tod](const Period& p) { return tod >= p.start && tod < p.end; });
}

Result<Instant> WorkingCalendar::nextWorkingMoment(Instant t) const
{
    const auto [d0, tod] = splitLocal(t);
    for (int i = 0; i < kMaxDaySearch; ++i) {
        const sys_days d = d0 + days{i};
        auto off = dayOff(d, nullptr);
        if (!off)
            return std::unexpected(off.error());
        if (*off)
            continue;
        if (i > 0)
            return periodStart(d, m_settings.hours.front());
        for (const Period& p : m_settings.hours) {
            if (tod < p.end)
                return tod >= p.start ? t : periodStart(d, p);
        }
    }
    return fail(core::Errc::InvalidArgument,
                "no working period within " + std::to_string(kMaxDaySearch) + " days of " + vntime::toIso8601(t));
}

Result<Date> WorkingCalendar::nextWorkingDay(Date d) const
{
    if (!d.ok())
        return fail(core::Errc::InvalidArgument, "not a calendar date");
    for (int i = 1; i <= kMaxDaySearch; ++i) {
        const sys_days next = sys_days{d} + days{i};
        auto off = dayOff(next, nullptr);
        if (!off)
            return std::unexpected(off.error());
        if (!*off)
            return Date{next};
    }
    return fail(core::Errc::InvalidArgument,
                "no working day within " + std::to_string(kMaxDaySearch) + " days after " + vntime::toIsoDate(d));
}

Result<Instant> WorkingCalendar::addWorkingDays(Instant t, int n) const
{
    if (n < 0)
        return fail(core::Errc::InvalidArgument, "negative number of working days");
    auto start = nextWorkingMoment(t);
    if (!start)
        return start;
    const auto [d0, tod] = splitLocal(*start);
    Date d{d0};
    for (int i = 0; i < n; ++i) {
        auto next = nextWorkingDay(d);
        if (!next)
            return std::unexpected(next.error());
        d = *next;
    }
    return atLocal(sys_days{d}, tod);
}

Result<Instant> WorkingCalendar::dueBy(Instant t, int n) const
{
    if (n < 1)
        return fail(core::Errc::InvalidArgument, "a period needs at least one working day");
    // BLDS 2015 Điều 147.1: a period in days starts on the day after the event, so day 1 is the
    // first working day after the local date of `t`, whatever the time of day. Counting working
    // days only, the last day is always a working day, and Điều 148.5 ends the period at the end
    // of that working day: the close of its last office period.
    Date d = vntime::localDate(t);
    for (int i = 0; i < n; ++i) {
        auto next = nextWorkingDay(d);
        if (!next)
            return std::unexpected(next.error());
        d = *next;
    }
    return atLocal(sys_days{d}, m_settings.hours.back().end);
}

Result<Instant> WorkingCalendar::addWorkingTime(Instant t, minutes d) const
{
    if (d < minutes{0})
        return fail(core::Errc::InvalidArgument, "negative working time");
    auto cur = nextWorkingMoment(t);
    if (!cur)
        return cur;
    seconds remaining = d;
    // Each round either finishes or uses up one period; the day bound of nextWorkingMoment keeps
    // each round finite, this bound keeps the number of rounds finite.
    const int maxRounds = kMaxDaySearch * static_cast<int>(m_settings.hours.size()) + 1;
    for (int round = 0; round < maxRounds; ++round) {
        const auto [day, tod] = splitLocal(*cur);
        const auto p = std::find_if(m_settings.hours.begin(), m_settings.hours.end(),
                                    [tod = tod](const Period& q) { return tod >= q.start && tod < q.end; });
        assert(p != m_settings.hours.end() && "nextWorkingMoment returned a time outside office hours");
        const seconds available = p->end - tod;
        if (remaining <= available)
            return *cur + remaining;
        remaining -= available;
        cur = nextWorkingMoment(atLocal(day, p->end));
        if (!cur)
            return cur;
    }
    return fail(core::Errc::InvalidArgument, "working time too long to place");
}

Result<Instant> WorkingCalendar::arrivalTime(Instant t) const
{
    // Provincial document-handling rules count an arrival outside office hours as received at the
    // start of the next working period; not confirmed nationally, hence the setting.
    if (!m_settings.afterHoursNextPeriod)
        return t;
    return nextWorkingMoment(t);
}

Result<Instant> WorkingCalendar::oneStopStart(Instant t) const
{
    // NĐ 61/2018 Điều 18 as amended (NĐ 118/2025): a dossier received in person after 15:00 is
    // handed on, and its clock started, at the start of the next working day.
    const auto [d, tod] = splitLocal(t);
    auto off = dayOff(d, nullptr);
    if (!off)
        return std::unexpected(off.error());
    if (!*off && tod < m_settings.oneStopCutoff)
        return nextWorkingMoment(t);
    auto next = nextWorkingDay(Date{d});
    if (!next)
        return std::unexpected(next.error());
    return periodStart(sys_days{*next}, m_settings.hours.front());
}

Result<Instant> WorkingCalendar::appointment(Instant t, int n) const
{
    auto start = oneStopStart(t);
    if (!start)
        return start;
    return addWorkingDays(*start, n);
}

} // namespace vanthu::calendar
