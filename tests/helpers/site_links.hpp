#pragma once
// Checks that every internal link and #anchor in a built site resolves: each
// relative href or src names a file in the output (a folder means its
// index.html) and each #fragment names an id in that file.
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "tests/helpers/temp_dir.hpp"

namespace healthsite::testing {

struct LinkCheck {
    std::size_t pages = 0;
    std::size_t links = 0;
    std::size_t fragments = 0;
    std::vector<std::string> broken;  // "from -> href: why"
};

inline std::set<std::string> ids_in(const std::string& html) {
    static const std::regex id_attribute(R"re(\sid="([^"]+)")re");
    std::set<std::string> ids;
    for (auto it = std::sregex_iterator(html.begin(), html.end(), id_attribute); it != std::sregex_iterator(); ++it)
        ids.insert((*it)[1]);
    return ids;
}

inline std::vector<std::string> local_urls_in(const std::string& html) {
    static const std::regex url_attribute(R"re(\s(?:href|src)="([^"]*)")re");
    std::vector<std::string> urls;
    for (auto it = std::sregex_iterator(html.begin(), html.end(), url_attribute); it != std::sregex_iterator(); ++it) {
        const std::string url = (*it)[1];
        const bool external = url.find("://") != std::string::npos || url.starts_with("mailto:") || url.starts_with("//");
        if (!external) urls.push_back(url);
    }
    return urls;
}

// base_path is the path the site is served under ("/sub/"), used for
// root-absolute links such as those of the 404 page.
inline LinkCheck check_site_links(const fs::path& root, const std::string& base_path = "/") {
    LinkCheck result;
    const auto files = snapshot(root);
    for (const auto& [path, html] : files) {
        if (!path.ends_with(".html")) continue;
        ++result.pages;
        const fs::path dir = fs::path(path).parent_path();
        for (std::string url : local_urls_in(html)) {
            ++result.links;
            for (std::size_t amp; (amp = url.find("&amp;")) != std::string::npos;) url.replace(amp, 5, "&");
            const auto hash = url.find('#');
            const std::string fragment = hash == std::string::npos ? "" : url.substr(hash + 1);
            std::string target_path = url.substr(0, std::min(hash, url.find('?')));
            fs::path target;
            if (target_path.empty()) target = path;
            else if (target_path.starts_with(base_path)) target = target_path.substr(base_path.size());
            else if (target_path.starts_with("/")) {
                result.broken.push_back(path + " -> " + url + ": outside the base path");
                continue;
            } else target = (dir / target_path).lexically_normal();
            std::string key = target.generic_string();
            if (key.empty() || key == "." || key.ends_with("/")) key = (key == "." ? "" : key) + "index.html";
            else if (!files.count(key) && files.count(key + "/index.html")) key += "/index.html";
            if (key.starts_with("./")) key = key.substr(2);
            if (!files.count(key)) {
                result.broken.push_back(path + " -> " + url + ": no file " + key);
                continue;
            }
            if (fragment.empty()) continue;
            ++result.fragments;
            if (!ids_in(files.at(key)).count(fragment))
                result.broken.push_back(path + " -> " + url + ": no id '" + fragment + "' in " + key);
        }
    }
    return result;
}

}  // namespace healthsite::testing
