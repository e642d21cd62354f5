#include "generator/views/format.hpp"

#include <array>
#include <cmath>
#include <cstdio>

namespace healthsite::views {

std::string long_date(const support::TomlDate& date) {
    constexpr std::array<const char*, 12> kMonths{"January", "February", "March",     "April",   "May",      "June",
                                                  "July",    "August",   "September", "October", "November", "December"};
    const char* month = date.month >= 1 && date.month <= 12 ? kMonths[static_cast<std::size_t>(date.month - 1)] : "?";
    return std::to_string(date.day) + " " + month + " " + std::to_string(date.year);
}

std::string one_decimal(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f", std::round(value * 10) / 10);
    return buffer;
}

std::string urgency_label(std::string_view urgency) {
    if (urgency == "self-care") return "Self-care";
    if (urgency == "see-a-doctor") return "See a doctor";
    if (urgency == "urgent") return "Urgent: same day";
    if (urgency == "emergency") return "Emergency: call 999";
    return std::string(urgency);
}

}  // namespace healthsite::views
