#include "BenchTable.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace vanthu::bench {

void printTable(const std::string& title, const std::string& comparison, const std::vector<Row>& rows)
{
    std::printf("\n### %s\n\n", title.c_str());
    std::printf("| metric | unit | vanthu | %s | ratio (vanthu / %s) |\n", comparison.c_str(), comparison.c_str());
    std::printf("|---|---|---:|---:|---:|\n");
    for (const Row& r : rows) {
        if (r.theirs)
            std::printf("| %s | %s | %.3f | %.3f | %.2f |\n", r.metric.c_str(), r.unit.c_str(), r.ours, *r.theirs,
                        *r.theirs > 0 ? r.ours / *r.theirs : 0.0);
        else
            std::printf("| %s | %s | %.3f | n/a (not measurable by %s) | – |\n", r.metric.c_str(), r.unit.c_str(), r.ours,
                        comparison.c_str());
    }
    std::fflush(stdout);
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const double rank = p / 100.0 * double(v.size() - 1);
    const size_t lo = static_cast<size_t>(std::floor(rank));
    const size_t hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (v[hi] - v[lo]) * (rank - double(lo));
}

} // namespace vanthu::bench
