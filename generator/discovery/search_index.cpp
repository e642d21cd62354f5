#include "generator/discovery/discovery.hpp"

#include <nlohmann/json.hpp>

#include "generator/support/hash.hpp"

namespace healthsite::discovery {

namespace {

// Enough of a page's text to find it by; the whole text of a long page would
// make every visitor download the whole site.
constexpr std::size_t kTextLimit = 1500;

std::string truncated(const std::string& text) {
    if (text.size() <= kTextLimit) return text;
    std::size_t cut = text.rfind(' ', kTextLimit);
    return text.substr(0, cut == std::string::npos ? kTextLimit : cut);
}

// Filled key by key: an initializer list would build and copy each pair,
// the page's text among them.
nlohmann::ordered_json page_entry(const content::Page& page, const markdown::Document& document) {
    nlohmann::ordered_json entry = nlohmann::ordered_json::object();
    entry["title"] = page.front.title;
    entry["url"] = page.url_path;
    entry["kind"] = "page";
    entry["description"] = page.front.description;
    auto& headings = entry["headings"] = nlohmann::ordered_json::array();
    for (const auto& h : document.headings) headings.push_back(h.text);
    if (!page.front.tags.empty()) entry["tags"] = page.front.tags;
    entry["text"] = truncated(document.text);
    return entry;
}

nlohmann::ordered_json condition_entry(const content::Page& page, const content::Condition& condition) {
    nlohmann::ordered_json entry = nlohmann::ordered_json::object();
    entry["title"] = condition.name;
    entry["url"] = page.url_path + "#" + condition.anchor;
    entry["kind"] = "condition";
    entry["description"] = page.front.title;
    entry["symptoms"] = condition.symptoms;
    entry["eased_by"] = condition.eased_by;
    entry["worse_with"] = condition.worse_with;
    return entry;
}

}  // namespace

std::string search_entries(const content::Page& page, const markdown::Document& document) {
    auto dump = [](const nlohmann::ordered_json& entry) {
        return entry.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    };
    std::string out = dump(page_entry(page, document));
    for (const auto& condition : page.front.conditions) out += "," + dump(condition_entry(page, condition));
    out.shrink_to_fit();  // kept for the whole build, and in the build state
    return out;
}

namespace {

// At most this many pages per part, and more than half as many: 0.7-1.4 MB
// of index per part on the benchmark's pages, whatever the site's size.
constexpr std::size_t kPagesPerPart = 500;
constexpr std::string_view kPartsFolder = "search-index/";

// The entries as the rest of a JSON array, after the pieces that open it.
support::Pieces entries_after(support::Pieces pieces, const std::vector<std::string_view>& page_entries) {
    for (std::size_t i = 0; i < page_entries.size(); ++i) {
        if (i > 0) pieces.emplace_back(",");
        pieces.push_back(page_entries[i]);
    }
    pieces.emplace_back("];\n");
    return pieces;
}

}  // namespace

support::Pieces search_index(const std::vector<std::string_view>& page_entries) {
    // Loaded with a <script> tag rather than fetched, so it works from file:// too.
    return entries_after({"window.healthsiteSearch = ["}, page_entries);
}

// A power of two, so that the parts change only when the site doubles or halves.
std::size_t search_parts(std::size_t pages) {
    std::size_t parts = 1;
    while (parts * kPagesPerPart < pages) parts *= 2;
    return parts;
}

std::size_t search_part_of(std::string_view url_path, std::size_t parts) {
    return static_cast<std::size_t>(support::hash_bytes(url_path) % parts);
}

std::string search_part_path(std::size_t part) { return std::string(kPartsFolder) + std::to_string(part) + ".js"; }

std::vector<std::string> search_index_paths(std::size_t parts) {
    std::vector<std::string> paths{std::string(kSearchIndexPath)};
    if (parts > 1)
        for (std::size_t part = 0; part < parts; ++part) paths.push_back(search_part_path(part));
    return paths;
}

bool is_search_index_file(std::string_view path) {
    return path == kSearchIndexPath || (path.starts_with(kPartsFolder) && path.ends_with(".js"));
}

std::string search_index_of_parts(std::size_t parts) {
    return "window.healthsiteSearchPartCount = " + std::to_string(parts) + ";\n";
}

// Each part puts its entries in its own place, whatever order the parts
// arrive in: the index is the parts in order.
std::string search_part_start(std::size_t part) {
    return "(window.healthsiteSearchParts = window.healthsiteSearchParts || [])[" + std::to_string(part) + "] = [";
}

support::Pieces search_part(std::string_view start, const std::vector<std::string_view>& page_entries) {
    return entries_after({start}, page_entries);
}

}  // namespace healthsite::discovery
