#include "generator/cli/check_report.hpp"

#include <cstdio>

#include <nlohmann/json.hpp>

namespace healthsite::cli {

static std::string one_decimal(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f", value);
    return buffer;
}

void add_check_findings(site::BuildReport& report, const std::string& today) {
    auto& d = report.diagnostics;
    for (const auto& page : report.page_reports) {
        if (page.grade > report.max_grade)
            d.warning(page.path, {}, "reading grade " + one_decimal(page.grade) + " is above the site's maximum of " +
                                         one_decimal(report.max_grade) + " ([readability] max_grade)");
        if (page.last_reviewed.empty() || page.next_review.empty())
            d.warning(page.path, {}, "no review dates: add last_reviewed and next_review to the front matter");
        else if (page.next_review < today)
            d.warning(page.path, page.next_review_at, "review overdue: next_review was " + page.next_review);
        if (!page.last_reviewed.empty() && page.last_reviewed > today)
            d.warning(page.path, page.last_reviewed_at,
                      "last_reviewed (" + page.last_reviewed + ") is after today (" + today +
                          "): write the date the page was last reviewed");
        if (page.reviewed_by.empty()) d.warning(page.path, {}, "no reviewer: add reviewed_by to the front matter");
        if (page.is_cause && page.references == 0)
            d.warning(page.path, {}, "a cause page without sources: add [[references]] to the front matter");
    }
}

std::string check_json(const site::BuildReport& report) {
    nlohmann::ordered_json out;
    out["max_grade"] = report.max_grade;
    out["pages"] = nlohmann::json::array();
    for (const auto& page : report.page_reports) {
        out["pages"].push_back({{"path", page.path},
                                {"title", page.title},
                                {"reading_grade", std::stod(one_decimal(page.grade))},
                                {"words", page.words},
                                {"is_cause", page.is_cause},
                                {"references", page.references},
                                {"reviewed_by", page.reviewed_by},
                                {"last_reviewed", page.last_reviewed},
                                {"next_review", page.next_review}});
    }
    out["diagnostics"] = nlohmann::json::array();
    for (const auto& d : report.diagnostics.sorted()) {
        out["diagnostics"].push_back({{"path", d.path},
                                      {"line", d.position.line},
                                      {"column", d.position.column},
                                      {"severity", d.severity == support::Severity::error ? "error" : "warning"},
                                      {"message", d.message}});
    }
    return out.dump(2) + "\n";
}

}  // namespace healthsite::cli
