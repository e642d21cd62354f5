#pragma once
// What `healthsite check` finds in a checked site: pages above the reading
// grade, review dates that have passed, pages with no reviewer or no sources.
#include <string>

#include "generator/site/site.hpp"

namespace healthsite::cli {

// Adds one diagnostic per finding to report.diagnostics (warnings; the caller
// decides whether --strict makes them fail). today is "YYYY-MM-DD".
void add_check_findings(site::BuildReport& report, const std::string& today);

// The report as JSON: pages with their measures, and every diagnostic.
[[nodiscard]] std::string check_json(const site::BuildReport& report);

}  // namespace healthsite::cli
