#include "generator/discovery/discovery.hpp"

#include <nlohmann/json.hpp>

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

support::Pieces search_index(const std::vector<std::string_view>& page_entries) {
    // Loaded with a <script> tag rather than fetched, so it works from file:// too.
    support::Pieces pieces{"window.healthsiteSearch = ["};
    for (std::size_t i = 0; i < page_entries.size(); ++i) {
        if (i > 0) pieces.emplace_back(",");
        pieces.push_back(page_entries[i]);
    }
    pieces.emplace_back("];\n");
    return pieces;
}

}  // namespace healthsite::discovery
