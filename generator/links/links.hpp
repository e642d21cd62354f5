#pragma once
// Resolves the links written in Markdown (relative .md files with an optional
// #anchor, files beside them, site-absolute paths) to relative output URLs,
// and records which page links to which.
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "generator/content/page.hpp"
#include "generator/markdown/markdown.hpp"
#include "generator/support/diagnostics.hpp"

namespace healthsite::links {

struct Options {
    bool offline = false;  // page links end in index.html, for file://
    unsigned jobs = 1;     // threads to resolve on; the result does not depend on it
    // When set, only the links of the pages it accepts are resolved; the
    // others keep no targets, hrefs or outgoing pages, and backlinks count
    // only the pages resolved. For a build that knows every other page's
    // links are as the last build found them.
    std::function<bool(std::size_t)> wanted;
};

// Where a link points, independent of the page it is written on.
struct LinkTarget {
    std::string site_path;  // "causes/circulation/" or "images/leg.png"; "" is the home page
    bool is_page = true;
    std::string suffix;     // "#anchor" and/or "?query", as written
};

// The URL of target written on the page at from_url_path.
[[nodiscard]] std::string href_from(const LinkTarget& target, std::string_view from_url_path, bool offline);

struct Resolution {
    // Per page, per Link; empty for a page left out (see Options::wanted).
    std::vector<std::vector<LinkTarget>> targets;
    std::vector<std::vector<std::string>> hrefs;       // per page, per Link: the URL to write
    std::vector<std::vector<std::size_t>> outgoing;    // per page: pages it links to, sorted, unique
    std::vector<std::vector<std::size_t>> backlinks;   // per page: pages that link to it, sorted, unique
};

// The relative URL from one page to another (url paths as in content::Page).
[[nodiscard]] std::string page_href(std::string_view from_url_path, std::string_view to_url_path, bool offline);

// pages[i] and documents[i] belong together. content_files lists the other
// files in content/ (published at the same path). drafts lists the source
// paths left out of this build, so that a link to one can say so.
[[nodiscard]] Resolution resolve(const std::vector<content::Page>& pages,
                                 const std::vector<markdown::Document>& documents,
                                 const std::set<std::string>& content_files, const std::set<std::string>& drafts,
                                 const Options& options, support::Diagnostics& diagnostics);

}  // namespace healthsite::links
