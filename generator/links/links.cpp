#include "generator/links/links.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <string_view>
#include <unordered_map>

#include "generator/support/parallel.hpp"
#include "generator/support/text.hpp"
#include "generator/support/urls.hpp"

namespace healthsite::links {

std::string page_href(std::string_view from_url_path, std::string_view to_url_path, bool offline) {
    std::string href = support::relative_url(from_url_path, to_url_path);
    if (offline) href += href.ends_with('/') ? "index.html" : "/index.html";
    return href;
}

std::string href_from(const LinkTarget& target, std::string_view from_url_path, bool offline) {
    if (target.is_page && target.site_path == from_url_path && !target.suffix.empty())
        return support::encode_href(target.suffix);
    std::string url = target.is_page ? page_href(from_url_path, target.site_path, offline)
                                     : support::relative_url(from_url_path, target.site_path);
    url += target.suffix;
    return support::encode_href(url);
}

namespace {

struct Target {
    LinkTarget link;
    std::size_t page = SIZE_MAX;  // SIZE_MAX when the target is a file
};

// Where every page is, by source path and by URL path. Built once and read
// by every thread; the keys point into the pages themselves.
struct PageIndex {
    explicit PageIndex(const std::vector<content::Page>& pages) {
        by_source.reserve(pages.size());
        by_url.reserve(pages.size());
        for (std::size_t i = 0; i < pages.size(); ++i) {
            by_source[pages[i].source_path] = i;
            by_url[pages[i].url_path] = i;
        }
    }
    std::unordered_map<std::string_view, std::size_t> by_source;
    std::unordered_map<std::string_view, std::size_t> by_url;
};

// The folder part of a path under content/, with its slash: "causes/" for
// "causes/venous.md", "" for "faq.md".
std::string folder_of(std::string_view path) {
    const auto slash = path.rfind('/');
    return std::string(slash == std::string_view::npos ? std::string_view() : path.substr(0, slash + 1));
}

// The names of pages and files, for "did you mean" hints. Made when the
// first link to a missing file asks, since most builds have none; then read
// by every thread.
class NameIndex {
public:
    NameIndex(const std::vector<content::Page>& pages, const std::set<std::string>& files)
        : pages_(pages), files_(files) {}

    // The name that differs only in capitals, accents or separators, or else
    // the closest of its folder's names by a letter or two, or else the same
    // name in another folder (a link left as it was when its page moved
    // into or out of a folder); empty if none.
    std::string closest(const std::string& missing) const {
        std::call_once(made_, [this] { make(); });
        if (const auto same = by_skeleton_.find(skeleton(missing)); same != by_skeleton_.end()) return same->second;
        if (auto moved = as_folder_or_page(missing); !moved.empty()) return moved;
        constexpr std::size_t kMostNames = 64;  // keeps a folder of thousands of pages quick
        const auto folder = by_folder_.find(folder_of(missing));
        if (folder != by_folder_.end() && folder->second.size() <= kMostNames) {
            auto near = support::closest_match(missing, folder->second, std::clamp<std::size_t>(missing.size() / 6, 1, 3));
            if (!near.empty()) return near;
        }
        if (file_name_of(missing) == kFolderIndex) return {};  // every folder has one: no hint in another
        const auto elsewhere = by_file_name_.find(skeleton(file_name_of(missing)));
        return elsewhere == by_file_name_.end() ? std::string() : elsewhere->second;
    }

private:
    static constexpr std::string_view kFolderIndex = "_index.md";

    // The same page after it became a folder, or a folder's page after it
    // became a file: "self-care.md" and "self-care/_index.md" publish at the
    // same address, and writers turn one into the other.
    std::string as_folder_or_page(const std::string& missing) const {
        std::string other;
        if (file_name_of(missing) == kFolderIndex && missing.size() > kFolderIndex.size())
            other = missing.substr(0, missing.size() - kFolderIndex.size() - 1) + ".md";
        else if (missing.ends_with(".md"))
            other = missing.substr(0, missing.size() - 3) + "/" + std::string(kFolderIndex);
        const auto found = other.empty() ? by_skeleton_.end() : by_skeleton_.find(skeleton(other));
        return found == by_skeleton_.end() ? std::string() : found->second;
    }

    // "My Café.md" and "my-cafe.md" both give "mycafemd".
    static std::string skeleton(std::string_view name) {
        std::string out = support::slugify(name);
        std::erase(out, '-');
        return out;
    }
    static std::string_view file_name_of(std::string_view name) {
        const auto slash = name.rfind('/');
        return slash == std::string_view::npos ? name : name.substr(slash + 1);
    }
    void add(const std::string& name) const {
        by_skeleton_.emplace(skeleton(name), name);  // of two alike, the first in order stays
        by_folder_[folder_of(name)].push_back(name);
        by_file_name_.emplace(skeleton(file_name_of(name)), name);
    }
    void make() const {
        for (const auto& page : pages_) add(page.source_path);
        for (const auto& file : files_) add(file);
    }

    const std::vector<content::Page>& pages_;
    const std::set<std::string>& files_;
    mutable std::once_flag made_;
    mutable std::map<std::string, std::string> by_skeleton_;
    mutable std::map<std::string, std::vector<std::string>> by_folder_;
    mutable std::map<std::string, std::string> by_file_name_;  // skeleton of the name alone -> the first path with it
};

// Resolves links with its own diagnostics, so that each thread can have one.
class Resolver {
public:
    Resolver(const std::vector<content::Page>& pages, const std::vector<markdown::Document>& documents,
             const std::set<std::string>& files, const std::set<std::string>& drafts, const PageIndex& index,
             const NameIndex& names, support::Diagnostics& diagnostics)
        : pages_(pages), documents_(documents), files_(files), drafts_(drafts), index_(index), names_(names),
          diagnostics_(diagnostics) {}

    std::optional<Target> resolve(std::size_t from, const markdown::Link& link);

private:
    std::optional<Target> resolve_path(std::size_t from, const markdown::Link& link, std::string_view path);
    std::optional<Target> resolve_absolute(std::size_t from, const markdown::Link& link, std::string_view path);
    static Target to_page(const content::Page& page, std::size_t index);
    static Target to_file(const std::string& file);
    bool has_anchor(std::size_t page, std::string_view id) const;
    std::string anchor_hint(std::size_t page, std::string_view anchor) const;
    std::string file_hint(std::size_t from, const std::string& missing);
    // Reports a link that cannot be resolved; returns nullopt for convenience.
    std::nullopt_t fail(std::size_t from, const markdown::Link& link, const std::string& message) const;

    const std::vector<content::Page>& pages_;
    const std::vector<markdown::Document>& documents_;
    const std::set<std::string>& files_;
    const std::set<std::string>& drafts_;
    const PageIndex& index_;
    const NameIndex& names_;
    support::Diagnostics& diagnostics_;
    int hints_given_ = 0;
};

std::nullopt_t Resolver::fail(std::size_t from, const markdown::Link& link, const std::string& message) const {
    diagnostics_.error(pages_[from].display_path, link.position,
                       "link to '" + link.destination + "': " + message);
    return std::nullopt;
}

// "; did you mean 'x'?" when one of the page's heading ids is close.
std::string Resolver::anchor_hint(std::size_t page, std::string_view anchor) const {
    std::vector<std::string> ids;
    for (const auto& heading : documents_[page].headings) ids.push_back(heading.id);
    const std::size_t slips = std::clamp<std::size_t>(anchor.size() / 4, 1, 3);
    const std::string meant = support::closest_match(anchor, ids, slips);
    return meant.empty() ? "" : "; did you mean '" + meant + "'?";
}

// "; did you mean content/café.md?" for a link to a missing file whose name
// is close to a page's or a file's, with the link to write when it is in
// another folder. A few per page: a page of a hundred broken links needs no
// hundred searches.
std::string Resolver::file_hint(std::size_t from, const std::string& missing) {
    constexpr int kHintsPerPage = 5;
    if (hints_given_ >= kHintsPerPage) return {};
    ++hints_given_;
    const std::string meant = names_.closest(missing);
    if (meant.empty()) return {};
    if (folder_of(missing) == folder_of(meant))
        return "; did you mean content/" + meant + "?";
    return "; did you mean '" + support::relative_url(pages_[from].section, meant) + "' (content/" + meant + ")?";
}

bool Resolver::has_anchor(std::size_t page, std::string_view id) const {
    const auto& headings = documents_[page].headings;
    return std::any_of(headings.begin(), headings.end(), [&](const markdown::Heading& h) { return h.id == id; });
}

Target Resolver::to_page(const content::Page& page, std::size_t index) {
    return Target{{page.url_path, true, {}}, index};
}

Target Resolver::to_file(const std::string& file) {
    return Target{{file, false, {}}, SIZE_MAX};
}

std::optional<Target> Resolver::resolve_absolute(std::size_t from, const markdown::Link& link,
                                                 std::string_view path) {
    const auto decoded = support::percent_decode(path.substr(1));
    auto normalized = decoded ? support::normalize_site_path(*decoded) : std::nullopt;
    if (!normalized) return fail(from, link, "the path climbs above the site's root");
    std::string key = *normalized;
    if (key.ends_with("index.html")) key.resize(key.size() - 10);
    if (!key.empty() && !key.ends_with('/') && index_.by_url.count(key + "/")) key += '/';
    if (const auto it = index_.by_url.find(key); it != index_.by_url.end()) return to_page(pages_[it->second], it->second);
    if (files_.count(*normalized)) return to_file(*normalized);
    return fail(from, link,
                "no page or file is published at '" + std::string(path) +
                    "'; link to the page's .md file with a relative path instead (it also works under a subpath)");
}

std::optional<Target> Resolver::resolve_path(std::size_t from, const markdown::Link& link, std::string_view path) {
    if (path.starts_with('/')) return resolve_absolute(from, link, path);
    if (path.find('\\') != std::string_view::npos)
        return fail(from, link, "use '/' between folders, not '\\'");
    const auto decoded = support::percent_decode(path);
    const auto normalized = decoded ? support::normalize_site_path(pages_[from].section + *decoded) : std::nullopt;
    if (!normalized) return fail(from, link, "the path leaves the content folder");
    if (const auto it = index_.by_source.find(*normalized); it != index_.by_source.end()) return to_page(pages_[it->second], it->second);
    if (const auto it = index_.by_source.find(*normalized + (normalized->ends_with('/') || normalized->empty() ? "" : "/") +
                                              "_index.md");
        it != index_.by_source.end())
        return to_page(pages_[it->second], it->second);
    if (files_.count(*normalized)) return to_file(*normalized);
    if (drafts_.count(*normalized))
        return fail(from, link,
                    "content/" + *normalized + " is a draft, left out of this build (build with --drafts to include it)");
    return fail(from, link, "no file content/" + *normalized + file_hint(from, *normalized));
}

std::optional<Target> Resolver::resolve(std::size_t from, const markdown::Link& link) {
    const std::string_view destination = link.destination;
    const auto hash = destination.find('#');
    const std::string_view path = destination.substr(0, std::min(hash, destination.find('?')));
    const std::string_view suffix = destination.substr(path.size());
    const std::string_view written_anchor =
        hash == std::string_view::npos ? std::string_view() : destination.substr(hash + 1);
    // "#%D0%B1..." as a browser's address bar copies it is the heading "#б...".
    const std::string anchor = support::percent_decode(written_anchor).value_or(std::string(written_anchor));
    auto target = path.empty() ? Target{{pages_[from].url_path, true, {}}, from} : resolve_path(from, link, path);
    if (!target) return std::nullopt;
    if (!anchor.empty() && target->page != SIZE_MAX && !has_anchor(target->page, anchor)) {
        fail(from, link,
             "no heading '" + anchor + "' in " + pages_[target->page].display_path + anchor_hint(target->page, anchor));
        return std::nullopt;
    }
    target->link.suffix = suffix;
    return target;
}

std::vector<std::size_t> sorted_unique(std::vector<std::size_t> items) {
    std::sort(items.begin(), items.end());
    items.erase(std::unique(items.begin(), items.end()), items.end());
    return items;
}

}  // namespace

Resolution resolve(const std::vector<content::Page>& pages, const std::vector<markdown::Document>& documents,
                   const std::set<std::string>& content_files, const std::set<std::string>& drafts,
                   const Options& options, support::Diagnostics& diagnostics) {
    const PageIndex index(pages);
    const NameIndex names(pages, content_files);
    Resolution out;
    out.targets.resize(pages.size());
    out.hrefs.resize(pages.size());
    out.outgoing.resize(pages.size());
    out.backlinks.resize(pages.size());
    // Each page's links on any thread, each with its own diagnostics, added
    // in page order afterwards: the result does not depend on the threads.
    std::vector<support::Diagnostics> found(pages.size());
    support::parallel_for(pages.size(), options.jobs, [] { return 0; }, [&](int, std::size_t from) {
        if (options.wanted && !options.wanted(from)) return;
        Resolver resolver(pages, documents, content_files, drafts, index, names, found[from]);
        const auto& links = documents[from].links;
        out.targets[from].reserve(links.size());
        out.hrefs[from].reserve(links.size());
        for (const auto& link : links) {
            auto target = resolver.resolve(from, link);
            out.targets[from].push_back(target ? std::move(target->link) : LinkTarget{pages[from].url_path, true, "#"});
            out.hrefs[from].push_back(href_from(out.targets[from].back(), pages[from].url_path, options.offline));
            if (target && target->page != SIZE_MAX && target->page != from) out.outgoing[from].push_back(target->page);
        }
        out.outgoing[from] = sorted_unique(std::move(out.outgoing[from]));
    });
    for (std::size_t from = 0; from < pages.size(); ++from) {
        diagnostics.append(found[from]);
        for (const std::size_t to : out.outgoing[from]) out.backlinks[to].push_back(from);
    }
    return out;
}

}  // namespace healthsite::links
