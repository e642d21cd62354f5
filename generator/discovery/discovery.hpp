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

}  // namespace healthsite::discovery
