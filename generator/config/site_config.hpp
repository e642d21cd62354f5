#pragma once
// site.toml as an immutable, validated SiteConfig.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "generator/support/diagnostics.hpp"

namespace healthsite::config {

struct SiteConfig {
    std::string title;
    std::string description;
    std::string base_url = "/";   // always ends with '/'
    std::string language = "en";
    std::string theme = "default";
    std::string output_dir = "public";
    std::string publisher;
    std::string domain;            // custom domain: written to CNAME when set
    bool raw_html = false;         // [markdown] raw_html
    double max_grade = 8.0;        // [readability] max_grade
    std::string cause_section = "causes";               // [causes] section
    std::string cause_index_title = "Causes and symptoms A to Z";  // [causes] index_title
    std::string cause_index_path = "cause-index/";      // [causes] index_path
    std::int64_t max_file_bytes = 1 << 20;              // [limits] max_file_size
    std::int64_t feed_limit = 50;                       // [feed] limit: newest entries in feed.xml; 0 for all
    support::Position base_url_at;  // where `base_url` is set, if it is (not part of the fingerprint)
    support::Position theme_at;  // where `theme` is set, for errors about it (not part of the fingerprint)

    // Everything above in one canonical string; a change to any of it is a
    // change to every output.
    [[nodiscard]] std::string fingerprint() const;
};

// The text of the site.toml in folder, or nullopt after an error that says
// where to run when there is none.
[[nodiscard]] std::optional<std::string> read_config_text(const std::filesystem::path& folder,
                                                          const std::string& display_path,
                                                          support::Diagnostics& diagnostics);

// Reads and validates site.toml. Unknown keys are warnings at their line; a
// wrong type or a bad value is an error at its line.
[[nodiscard]] std::optional<SiteConfig> load_config(const std::filesystem::path& file, const std::string& display_path,
                                                    support::Diagnostics& diagnostics);

// The same from text already read (for tests).
[[nodiscard]] std::optional<SiteConfig> parse_config(std::string_view text, const std::string& display_path,
                                                     support::Diagnostics& diagnostics);

}  // namespace healthsite::config
