#pragma once
// How dates, grades and labels are written on a page.
#include <string>
#include <string_view>

#include "generator/support/toml.hpp"

namespace healthsite::views {

// "25 November 2026"
[[nodiscard]] std::string long_date(const support::TomlDate& date);
// "7.4"
[[nodiscard]] std::string one_decimal(double value);
// "see-a-doctor" -> "See a doctor"
[[nodiscard]] std::string urgency_label(std::string_view urgency);

}  // namespace healthsite::views
