#pragma once
// A content page: its place in the site, its validated front matter and its
// Markdown body.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "generator/config/site_config.hpp"
#include "generator/support/diagnostics.hpp"
#include "generator/support/toml.hpp"

namespace healthsite::content {

struct Reference {
    std::string title;
    std::string publisher;
    std::string url;
};

// One condition a cause page covers; the cause index is built from these.
struct Condition {
    std::string name;
    std::string anchor;  // a heading id in the page's body
    std::vector<std::string> symptoms;
    std::vector<std::string> eased_by;
    std::vector<std::string> worse_with;
    std::string urgency;  // self-care | see-a-doctor | urgent | emergency
    support::Position position;         // the [[conditions]] entry
    support::Position anchor_position;  // its anchor key, or the entry when there is none
};

struct FrontMatter {
    std::string title;
    std::string description;
    std::int64_t weight = 0;
    bool draft = false;
    bool in_menu = true;
    std::string slug;
    std::string layout;
    std::vector<std::string> tags;
    std::optional<support::TomlDate> last_reviewed;
    std::optional<support::TomlDate> next_review;
    std::string reviewed_by;
    std::vector<std::string> authors;
    std::vector<Reference> references;
    std::vector<Condition> conditions;
    // Where each key is, in the order the front matter gives them: a
    // handful, searched in turn, and one allocation where a map took one per key.
    std::vector<std::pair<std::string, support::Position>> key_positions;
};

struct Page {
    std::string source_path;   // relative to content/: "causes/circulation.md"
    std::string display_path;  // as the user sees it: "content/causes/circulation.md"
    std::string section;       // "causes/" for pages in content/causes/, "" at the top
    bool is_section_index = false;  // an _index.md
    std::string url_path;      // "causes/circulation/"; "" for the home page
    FrontMatter front;
    std::string body;          // Markdown after the closing +++
    int body_line = 1;         // line of the body's first character in the file

    [[nodiscard]] bool is_home() const { return is_section_index && section.empty(); }
    [[nodiscard]] support::Position position_of(std::string_view key) const;
};

// The site path a source file is published at: "causes/circulation.md" ->
// "causes/circulation/", "causes/_index.md" -> "causes/", "_index.md" -> "".
[[nodiscard]] std::string url_path_for(std::string_view source_path, std::string_view slug);

// Reads one page from its text. Problems are reported against display_path;
// nullopt when the page cannot be used.
[[nodiscard]] std::optional<Page> parse_page(std::string source_path, std::string display_path, std::string text,
                                             const config::SiteConfig& config, support::Diagnostics& diagnostics);

}  // namespace healthsite::content
