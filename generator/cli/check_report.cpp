#include "generator/cli/check_report.hpp"

#include <cstdio>

#include "generator/support/json.hpp"

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
    support::JsonWriter out(2);
    out.begin_object().field("max_grade", report.max_grade).key("pages").begin_array();
    for (const auto& page : report.page_reports) {
        out.begin_object()
            .field("path", page.path)
            .field("title", page.title)
            .field("reading_grade", std::stod(one_decimal(page.grade)))
            .field("words", page.words)
            .field("is_cause", page.is_cause)
            .field("references", page.references)
            .field("reviewed_by", page.reviewed_by)
            .field("last_reviewed", page.last_reviewed)
            .field("next_review", page.next_review)
            .end_object();
    }
    out.end_array().key("diagnostics").begin_array();
    for (const auto& d : report.diagnostics.sorted()) {
        out.begin_object()
            .field("path", d.path)
            .field("line", d.position.line)
            .field("column", d.position.column)
            .field("severity", d.severity == support::Severity::error ? "error" : "warning")
            .field("message", d.message)
            .end_object();
    }
    out.end_array().end_object();
    return out.take() + "\n";
}

}  // namespace healthsite::cli
