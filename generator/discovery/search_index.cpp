#include "generator/discovery/discovery.hpp"

#include "generator/support/hash.hpp"
#include "generator/support/json.hpp"

namespace healthsite::discovery {

namespace {

// Enough of a page's text to find it by; the whole text of a long page would
// make every visitor download the whole site.
constexpr std::size_t kTextLimit = 1500;

// Cut at a space where there is one, else at a character's start, so that
// no UTF-8 sequence is split.
std::string_view truncated(std::string_view text) {
    if (text.size() <= kTextLimit) return text;
    std::size_t cut = text.rfind(' ', kTextLimit);
    if (cut == std::string_view::npos) {
        cut = kTextLimit;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    }
    return text.substr(0, cut);
}

void page_entry(support::JsonWriter& out, const content::Page& page, const markdown::Document& document) {
    out.begin_object()
        .field("title", page.front.title)
        .field("url", page.url_path)
        .field("kind", "page")
        .field("description", page.front.description)
        .key("headings")
        .begin_array();
    for (const auto& h : document.headings) out.string(h.text);
    out.end_array();
    if (!page.front.tags.empty()) out.field("tags", page.front.tags);
    out.field("text", truncated(document.text)).end_object();
}

void condition_entry(support::JsonWriter& out, const content::Page& page, const content::Condition& condition) {
    out.begin_object()
        .field("title", condition.name)
        .field("url", page.url_path + "#" + condition.anchor)
        .field("kind", "condition")
        .field("description", page.front.title)
        .field("symptoms", condition.symptoms)
        .field("eased_by", condition.eased_by)
        .field("worse_with", condition.worse_with)
        .end_object();
}

}  // namespace

std::string search_entries(const content::Page& page, const markdown::Document& document) {
    support::JsonWriter writer;
    page_entry(writer, page, document);
    std::string out = writer.take();
    for (const auto& condition : page.front.conditions) {
        condition_entry(writer, page, condition);
        out += ',';
        out += writer.take();
    }
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
