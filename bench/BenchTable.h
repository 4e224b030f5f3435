#pragma once
// The table every benchmark prints: metric, ours, the comparison tool's figure, their ratio.

#include <optional>
#include <string>
#include <vector>

namespace vanthu::bench {

struct Row {
    std::string metric;
    std::string unit;
    double ours = 0;
    std::optional<double> theirs;   // the comparison tool on the same input in the same run
};

// Prints a Markdown table; ratio = ours / theirs (for times: below 1 means we are faster).
void printTable(const std::string& title, const std::string& comparison, const std::vector<Row>& rows);

double percentile(std::vector<double> values, double p);

} // namespace vanthu::bench
