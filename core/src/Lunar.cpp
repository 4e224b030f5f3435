#include "vanthu/core/Lunar.h"

#include <array>
#include <cassert>
#include <cmath>

// The Vietnamese lunisolar calendar, following the rules Hồ Ngọc Đức describes for the calendar in
// use in Vietnam since 1967 (computed for the UTC+07:00 meridian):
//   * a month starts on the local day that contains the astronomical new moon;
//   * the month containing the winter solstice (sun longitude 270°) is month 11;
//   * if there are 13 months between two months 11, the first month after month 11 that contains
//     no major solar term (trung khí, a multiple of 30° of sun longitude) is the leap month and
//     repeats the number of the month before it.
// Astronomy after J. Meeus, "Astronomical Algorithms" (2nd ed.): chapter 49 for the new moon
// (accurate to well under a minute for our range), chapter 25 (low accuracy, ~0.01°) for the sun,
// and the Espenak–Meeus polynomials for ΔT = TT − UT. All day numbers below are Julian day numbers
// of *local* (UTC+07:00) calendar days.

namespace vanthu::lunar {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kTimeZoneDays = 7.0 / 24.0;
// JDN of 1970-01-01, the epoch of std::chrono::sys_days.
constexpr long kUnixEpochJdn = 2440588;
// Mean synodic month (Meeus 49.1).
constexpr double kSynodicMonth = 29.530588861;
// JDE of the mean new moon with k = 0 (2000-01-06), Meeus 49.1.
constexpr double kNewMoonEpoch = 2451550.09766;

double sinDeg(double deg) { return std::sin(deg * kPi / 180.0); }

long jdnFromDays(std::chrono::sys_days d) { return kUnixEpochJdn + d.time_since_epoch().count(); }

std::chrono::sys_days daysFromJdn(long jdn) { return std::chrono::sys_days{std::chrono::days{jdn - kUnixEpochJdn}}; }

long jdnFromYmd(int y, unsigned m, unsigned d)
{
    return jdnFromDays(std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}});
}

// ΔT = TT − UT in seconds, Espenak–Meeus polynomials (NASA eclipse site). The new moon and sun
// formulas run on Terrestrial Time; the calendar needs civil (UT-based) time. ΔT is about a
// minute here, which only matters for new moons close to local midnight — exactly the cases
// where a calendar goes wrong.
double deltaTSeconds(double decimalYear)
{
    const double y = decimalYear;
    if (y < 1920) {
        const double t = y - 1900;
        return -2.79 + 1.494119 * t - 0.0598939 * t * t + 0.0061966 * t * t * t - 0.000197 * t * t * t * t;
    }
    if (y < 1941) {
        const double t = y - 1920;
        return 21.20 + 0.84493 * t - 0.076100 * t * t + 0.0020936 * t * t * t;
    }
    if (y < 1961) {
        const double t = y - 1950;
        return 29.07 + 0.407 * t - t * t / 233 + t * t * t / 2547;
    }
    if (y < 1986) {
        const double t = y - 1975;
        return 45.45 + 1.067 * t - t * t / 260 - t * t * t / 718;
    }
    if (y < 2005) {
        const double t = y - 2000;
        return 63.86 + 0.3345 * t - 0.060374 * t * t + 0.0017275 * t * t * t + 0.000651814 * t * t * t * t +
               0.00002373599 * t * t * t * t * t;
    }
    if (y < 2050) {
        const double t = y - 2000;
        return 62.92 + 0.32217 * t + 0.005589 * t * t;
    }
    const double u = (y - 1820) / 100;
    if (y < 2150)
        return -20 + 32 * u * u - 0.5628 * (2150 - y);
    return -20 + 32 * u * u;
}

double deltaTDays(double jd) { return deltaTSeconds(2000.0 + (jd - 2451545.0) / 365.25) / 86400.0; }

// Julian day (UT) of the true new moon number k (k = 0: January 2000), Meeus chapter 49.
double newMoonJd(long k)
{
    const double kk = static_cast<double>(k);
    const double t = kk / 1236.85;
    const double t2 = t * t, t3 = t2 * t, t4 = t3 * t;
    double jde = kNewMoonEpoch + kSynodicMonth * kk + 0.00015437 * t2 - 0.000000150 * t3 + 0.00000000073 * t4;
    const double e = 1 - 0.002516 * t - 0.0000074 * t2;
    const double m = 2.5534 + 29.10535670 * kk - 0.0000014 * t2 - 0.00000011 * t3;  // sun's anomaly
    const double mp = 201.5643 + 385.81693528 * kk + 0.0107582 * t2 + 0.00001238 * t3 - 0.000000058 * t4;  // moon's
    const double f = 160.7108 + 390.67050284 * kk - 0.0016118 * t2 - 0.00000227 * t3 + 0.000000011 * t4;
    const double om = 124.7746 - 1.56375588 * kk + 0.0020672 * t2 + 0.00000215 * t3;
    jde += -0.40720 * sinDeg(mp) + 0.17241 * e * sinDeg(m) + 0.01608 * sinDeg(2 * mp) + 0.01039 * sinDeg(2 * f) +
           0.00739 * e * sinDeg(mp - m) - 0.00514 * e * sinDeg(mp + m) + 0.00208 * e * e * sinDeg(2 * m) -
           0.00111 * sinDeg(mp - 2 * f) - 0.00057 * sinDeg(mp + 2 * f) + 0.00056 * e * sinDeg(2 * mp + m) -
           0.00042 * sinDeg(3 * mp) + 0.00042 * e * sinDeg(m + 2 * f) + 0.00038 * e * sinDeg(m - 2 * f) -
           0.00024 * e * sinDeg(2 * mp - m) - 0.00017 * sinDeg(om) - 0.00007 * sinDeg(mp + 2 * m) +
           0.00004 * sinDeg(2 * mp - 2 * f) + 0.00004 * sinDeg(3 * m) + 0.00003 * sinDeg(mp + m - 2 * f) +
           0.00003 * sinDeg(2 * mp + 2 * f) - 0.00003 * sinDeg(mp + m + 2 * f) + 0.00003 * sinDeg(mp - m + 2 * f) -
           0.00002 * sinDeg(mp - m - 2 * f) - 0.00002 * sinDeg(3 * mp + m) + 0.00002 * sinDeg(4 * mp);
    // Planetary arguments (Meeus table 49.A, "additional corrections").
    static constexpr std::array<std::array<double, 3>, 14> kPlanetary{{
        {299.77, 0.107408, 0.000325}, {251.88, 0.016321, 0.000165}, {251.83, 26.651886, 0.000164},
        {349.42, 36.412478, 0.000126}, {84.66, 18.206239, 0.000110}, {141.74, 53.303771, 0.000062},
        {207.14, 2.453732, 0.000060}, {154.84, 7.306860, 0.000056}, {34.52, 27.261239, 0.000047},
        {207.19, 0.121824, 0.000042}, {291.34, 1.844379, 0.000040}, {161.72, 24.198154, 0.000037},
        {239.56, 25.513099, 0.000035}, {331.55, 3.592518, 0.000023},
    }};
    for (size_t i = 0; i < kPlanetary.size(); ++i) {
        double arg = kPlanetary[i][0] + kPlanetary[i][1] * kk;
        if (i == 0)
            arg -= 0.009173 * t2;
        jde += kPlanetary[i][2] * sinDeg(arg);
    }
    return jde - deltaTDays(jde);
}

// The local day (JDN) on which new moon k falls.
long newMoonDay(long k) { return static_cast<long>(std::floor(newMoonJd(k) + 0.5 + kTimeZoneDays)); }

// Apparent geometric longitude of the sun in degrees [0, 360) at Julian day `jd` (UT),
// Meeus chapter 25, low accuracy.
double sunLongitude(double jd)
{
    const double t = (jd + deltaTDays(jd) - 2451545.0) / 36525.0;
    const double l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t * t;
    const double m = 357.52911 + 35999.05029 * t - 0.0001537 * t * t;
    const double c = (1.914602 - 0.004817 * t - 0.000014 * t * t) * sinDeg(m) + (0.019993 - 0.000101 * t) * sinDeg(2 * m) +
                     0.000289 * sinDeg(3 * m);
    const double omega = 125.04 - 1934.136 * t;
    double lambda = l0 + c - 0.00569 - 0.00478 * sinDeg(omega);
    lambda = std::fmod(lambda, 360.0);
    if (lambda < 0)
        lambda += 360.0;
    return lambda;
}

// Sun longitude at the start (local midnight) of local day `jdn`. A solar term that happens during
// a day belongs to that day, hence to the month containing that day.
double sunLongitudeAtDayStart(long jdn) { return sunLongitude(static_cast<double>(jdn) - 0.5 - kTimeZoneDays); }

// Index 0..11 of the 30° sector the sun is in at the start of local day `jdn`.
int majorTermIndex(long jdn) { return static_cast<int>(sunLongitudeAtDayStart(jdn) / 30.0); }

// The largest k whose new moon falls on or before local day `jdn`.
long lastNewMoonOnOrBefore(long jdn)
{
    long k = static_cast<long>(std::floor((static_cast<double>(jdn) - kNewMoonEpoch) / kSynodicMonth)) + 1;
    while (newMoonDay(k) > jdn)
        --k;
    while (newMoonDay(k + 1) <= jdn)
        ++k;
    return k;
}

// The new-moon number of month 11 of the cycle whose winter solstice falls in December of
// `solarYear`: the month containing the solstice.
long month11(int solarYear)
{
    const long k = lastNewMoonOnOrBefore(jdnFromYmd(solarYear, 12, 31));
    // The last month starting in December (or late November) contains the solstice unless the
    // sun had already passed 270° when it started; then the solstice is in the month before.
    // December longitudes are ~250°..280°, so no wrap-around to worry about.
    return sunLongitudeAtDayStart(newMoonDay(k)) >= 270.0 ? k - 1 : k;
}

// The months from month 11 of `solarYear` up to (not including) month 11 of the next year.
struct Cycle {
    int solarYear = 0;
    int months = 0;                  // 12 or 13
    std::array<long, 14> starts{};   // local JDN of each month's first day; starts[months] = next month 11
    std::array<int, 13> number{};    // month number 1..12
    std::array<bool, 13> leap{};
    std::array<int, 13> lunarYear{}; // year of Tết of the lunar year the month belongs to
};

Cycle cycleOf(int solarYear)
{
    Cycle c;
    c.solarYear = solarYear;
    const long k11 = month11(solarYear);
    const long next11 = month11(solarYear + 1);
    c.months = static_cast<int>(next11 - k11);
    assert((c.months == 12 || c.months == 13) && "lunar: a year has 12 or 13 months");
    for (int j = 0; j <= c.months; ++j)
        c.starts[static_cast<size_t>(j)] = newMoonDay(k11 + j);

    // Leap month: the first month after month 11 with no major solar term, i.e. the sun is in the
    // same 30° sector at its start and at the start of the next month.
    int leapOffset = -1;
    if (c.months == 13) {
        for (int j = 1; j < c.months; ++j) {
            if (majorTermIndex(c.starts[static_cast<size_t>(j)]) == majorTermIndex(c.starts[static_cast<size_t>(j + 1)])) {
                leapOffset = j;
                break;
            }
        }
        assert(leapOffset > 0 && "lunar: a 13-month cycle has a month without a major term");
    }

    int month = 11;
    int year = solarYear;  // months 11 and 12 belong to the lunar year that began in this solar year
    for (int j = 0; j < c.months; ++j) {
        const auto i = static_cast<size_t>(j);
        if (j == leapOffset) {
            c.number[i] = month;  // repeats the previous month's number
            c.leap[i] = true;
        } else {
            if (j > 0)
                month = month % 12 + 1;
            if (j > 0 && month == 1)
                ++year;
            c.number[i] = month;
            c.leap[i] = false;
        }
        c.lunarYear[i] = year;
    }
    return c;
}

} // namespace

LunarDate fromSolar(std::chrono::year_month_day solar)
{
    const long jdn = jdnFromDays(std::chrono::sys_days{solar});
    const int y = static_cast<int>(solar.year());
    // Month 11 of year y starts late November or in December; earlier days belong to the cycle
    // that started the year before.
    Cycle c = cycleOf(y);
    if (jdn < c.starts[0])
        c = cycleOf(y - 1);
    int j = 0;
    while (j + 1 < c.months && c.starts[static_cast<size_t>(j + 1)] <= jdn)
        ++j;
    const auto i = static_cast<size_t>(j);
    LunarDate out;
    out.day = static_cast<int>(jdn - c.starts[i]) + 1;
    out.month = c.number[i];
    out.year = c.lunarYear[i];
    out.leap = c.leap[i];
    return out;
}

std::chrono::year_month_day toSolar(const LunarDate& lunar)
{
    // Months 11 and 12 of lunar year Y lie in the cycle starting December Y; months 1–10 in the
    // cycle starting December Y−1.
    const Cycle c = cycleOf(lunar.month >= 11 ? lunar.year : lunar.year - 1);
    int found = -1;
    for (int j = 0; j < c.months; ++j) {
        const auto i = static_cast<size_t>(j);
        if (c.number[i] == lunar.month && c.lunarYear[i] == lunar.year) {
            if (c.leap[i] == lunar.leap) {
                found = j;
                break;
            }
            if (found < 0 && !c.leap[i])
                found = j;  // fallback for a leap month that does not exist this year
        }
    }
    assert(found >= 0 && "lunar: month out of range");
    if (found < 0)
        found = 0;
    return std::chrono::year_month_day{daysFromJdn(c.starts[static_cast<size_t>(found)] + lunar.day - 1)};
}

std::chrono::year_month_day tet(int year) { return toSolar(LunarDate{1, 1, year, false}); }

} // namespace vanthu::lunar
