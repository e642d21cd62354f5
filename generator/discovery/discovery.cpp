#include "generator/discovery/discovery.hpp"

#include <algorithm>

#include "generator/support/text.hpp"
#include "generator/support/urls.hpp"

namespace healthsite::discovery {

std::vector<Entry> public_entries(const config::SiteConfig& config, const std::vector<content::Page>& pages,
                                  bool has_cause_index) {
    std::vector<Entry> entries;
    for (const auto& page : pages)
        entries.push_back({page.url_path, page.front.title, page.front.description,
                           page.front.last_reviewed ? page.front.last_reviewed->iso() : ""});
    if (has_cause_index) entries.push_back({config.cause_index_path, config.cause_index_title, "", ""});
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.url_path < b.url_path; });
    return entries;
}

namespace {

std::string xml(std::string_view text) { return support::escape_html(text); }

std::string sitemap(const config::SiteConfig& config, const std::vector<Entry>& entries) {
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
    for (const auto& entry : entries) {
        out += "  <url><loc>" + xml(support::join_url(config.base_url, entry.url_path)) + "</loc>";
        if (!entry.last_reviewed.empty()) out += "<lastmod>" + entry.last_reviewed + "</lastmod>";
        out += "</url>\n";
    }
    return out + "</urlset>\n";
}

std::string robots(const config::SiteConfig& config) {
    return "User-agent: *\nAllow: /\n\nSitemap: " + support::join_url(config.base_url, "sitemap.xml") + "\n";
}

// Pages with a review date, newest first, up to [feed] limit; the feed says
// what was reviewed.
std::string feed(const config::SiteConfig& config, std::vector<Entry> entries) {
    std::erase_if(entries, [](const Entry& e) { return e.last_reviewed.empty(); });
    std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return a.last_reviewed != b.last_reviewed ? a.last_reviewed > b.last_reviewed : a.url_path < b.url_path;
    });
    if (config.feed_limit > 0 && entries.size() > static_cast<std::size_t>(config.feed_limit))
        entries.resize(static_cast<std::size_t>(config.feed_limit));
    const std::string updated = entries.empty() ? "1970-01-01" : entries.front().last_reviewed;
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
    out += "  <title>" + xml(config.title) + "</title>\n";
    if (!config.description.empty()) out += "  <subtitle>" + xml(config.description) + "</subtitle>\n";
    out += "  <link href=\"" + xml(support::join_url(config.base_url, "feed.xml")) + "\" rel=\"self\"/>\n";
    out += "  <link href=\"" + xml(config.base_url) + "\"/>\n";
    out += "  <id>" + xml(config.base_url) + "</id>\n  <updated>" + updated + "T00:00:00Z</updated>\n";
    out += "  <author><name>" + xml(config.publisher.empty() ? config.title : config.publisher) + "</name></author>\n";
    for (const auto& e : entries) {
        const std::string url = xml(support::join_url(config.base_url, e.url_path));
        out += "  <entry>\n    <title>" + xml(e.title) + "</title>\n    <link href=\"" + url + "\"/>\n    <id>" + url +
               "</id>\n    <updated>" + e.last_reviewed + "T00:00:00Z</updated>\n";
        if (!e.description.empty()) out += "    <summary>" + xml(e.description) + "</summary>\n";
        out += "  </entry>\n";
    }
    return out + "</feed>\n";
}

std::string discovery_file(std::string_view path, const config::SiteConfig& config, const std::vector<Entry>& entries) {
    if (path == "sitemap.xml") return sitemap(config, entries);
    if (path == "robots.txt") return robots(config);
    if (path == "feed.xml") return feed(config, entries);
    if (path == "js/search.js") return std::string(search_script());
    if (path == "CNAME") return config.domain + "\n";
    return {};  // .nojekyll: GitHub Pages would otherwise run Jekyll and hide files starting with '_'.
}

}  // namespace

std::vector<std::string> discovery_paths(const config::SiteConfig& config) {
    std::vector<std::string> paths{"sitemap.xml", "robots.txt", "feed.xml", ".nojekyll", "js/search.js"};
    if (!config.domain.empty()) paths.emplace_back("CNAME");
    return paths;
}

std::vector<output::File> discovery_files(const config::SiteConfig& config, const std::vector<Entry>& entries) {
    std::vector<output::File> files;
    for (auto& path : discovery_paths(config)) {
        std::string bytes = discovery_file(path, config, entries);
        files.push_back({std::move(path), std::move(bytes)});
    }
    return files;
}

}  // namespace healthsite::discovery
