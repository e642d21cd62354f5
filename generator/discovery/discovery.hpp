#pragma once
// What hosts, search engines and feed readers look for beside the pages:
// sitemap.xml, robots.txt, an Atom feed, .nojekyll, CNAME, and the offline
// search index the theme's search box reads.
#include <string>
#include <vector>

#include "generator/config/site_config.hpp"
#include "generator/content/page.hpp"
#include "generator/markdown/markdown.hpp"
#include "generator/output/output.hpp"

namespace healthsite::discovery {

// One public page as the discovery files list it.
struct Entry {
    std::string url_path;  // "causes/circulation/"
    std::string title;
    std::string description;
    std::string last_reviewed;  // ISO date or ""
};

// Every page and the cause index, for the sitemap and the feed.
[[nodiscard]] std::vector<Entry> public_entries(const config::SiteConfig& config,
                                                const std::vector<content::Page>& pages, bool has_cause_index);

// sitemap.xml, robots.txt, feed.xml, .nojekyll, js/search.js and (when
// site.toml sets a domain) CNAME.
[[nodiscard]] std::vector<output::File> discovery_files(const config::SiteConfig& config,
                                                        const std::vector<Entry>& entries);
// Where discovery_files() writes them, without making them: their bytes show
// only the configuration and what every page shows of itself to other pages,
// so a build that finds neither changed can keep the last build's.
[[nodiscard]] std::vector<std::string> discovery_paths(const config::SiteConfig& config);

// search-index.js: a script that sets window.healthsiteSearch to a list of
// pages and conditions (title, address from the site's root, headings,
// symptoms, text), so that search works from file:// as well as a server.
// The search box's script (js/search.js): ranks entries of
// window.healthsiteSearch against what the reader typed. It belongs to the
// generator, not to a theme, because it reads the index the generator writes.
[[nodiscard]] std::string_view search_script();

// One page's entries in search-index.js: the page and each of its
// conditions, as JSON objects separated by commas. Made when the page is
// parsed and kept in the build state, so that an edit to one page does not
// serialize every other page's again.
[[nodiscard]] std::string search_entries(const content::Page& page, const markdown::Document& document);

inline constexpr std::string_view kSearchIndexPath = "search-index.js";

// search-index.js from each page's search_entries(), in site order, as the
// pieces to write one after another: joined, they would be a copy as large
// as every entry together.
[[nodiscard]] support::Pieces search_index(const std::vector<std::string_view>& page_entries);

// A large site's index comes in parts, so that an edit to one page writes
// one part again rather than the whole index (26 MB at 10,000 pages), and a
// returning reader's browser downloads again only the parts that changed.
// search-index.js then says how many parts there are, and the search
// script loads them all when someone searches. A page's part follows from
// its address alone: pages keep their part as others come and go.
[[nodiscard]] std::size_t search_parts(std::size_t pages);  // 1: search-index.js holds the entries
[[nodiscard]] std::size_t search_part_of(std::string_view url_path, std::size_t parts);
[[nodiscard]] std::string search_part_path(std::size_t part);  // "search-index/3.js"
// search-index.js and, with more than one part, each part's file.
[[nodiscard]] std::vector<std::string> search_index_paths(std::size_t parts);
[[nodiscard]] bool is_search_index_file(std::string_view path);
// search-index.js of a site whose index has `parts` parts (more than one).
[[nodiscard]] std::string search_index_of_parts(std::size_t parts);
// One part's file: its start (the pieces only point at it), then its pages'
// search_entries() in site order.
[[nodiscard]] std::string search_part_start(std::size_t part);
[[nodiscard]] support::Pieces search_part(std::string_view start, const std::vector<std::string_view>& page_entries);

}  // namespace healthsite::discovery
