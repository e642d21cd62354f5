#pragma once
// Mustache templates: found in templates/ over themes/<theme>/templates/,
// each file parsed on its own at load so that an error names its own
// file:line:col, partials expanded once (cycles refused), then rendered from a
// plain Value. The only place that includes kainjow Mustache.
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "generator/support/diagnostics.hpp"
#include "generator/support/hash.hpp"
#include "generator/support/value.hpp"

namespace healthsite::templates {

struct Source {
    std::string name;          // "cause", or "partials/head" for {{> head}}
    std::string display_path;  // "themes/default/templates/cause.mustache"
    std::string text;
};

// Page templates with their partials expanded, checked and ready to compile.
class TemplateSet {
public:
    // Reads *.mustache from each folder; a file in an earlier folder hides the
    // file of the same name in a later one.
    [[nodiscard]] static std::optional<TemplateSet> load(const std::vector<std::filesystem::path>& folders,
                                                         const std::vector<std::string>& display_folders,
                                                         support::Diagnostics& diagnostics);
    [[nodiscard]] static std::optional<TemplateSet> from_sources(std::vector<Source> sources,
                                                                 support::Diagnostics& diagnostics);

    [[nodiscard]] bool has(const std::string& name) const { return expanded_.count(name) > 0; }
    [[nodiscard]] std::vector<std::string> names() const;
    // Hash of a template and every partial it uses: what a rebuild depends on.
    [[nodiscard]] support::Hash fingerprint(const std::string& name) const;
    [[nodiscard]] const std::string& expanded(const std::string& name) const { return expanded_.at(name); }
    [[nodiscard]] const std::string& searched() const { return searched_; }

private:
    std::map<std::string, std::string> expanded_;  // page template -> text with partials inlined
    std::map<std::string, support::Hash> fingerprints_;
    std::string searched_;  // where templates were looked for, for messages
};

// Parsed templates for one thread: kainjow's render is not safe to share.
class Compiled {
public:
    explicit Compiled(const TemplateSet& set);
    ~Compiled();
    Compiled(const Compiled&) = delete;
    Compiled& operator=(const Compiled&) = delete;

    // Renders the named template. Keys the template asked for and the view did
    // not have are added to missing_keys. The view is taken apart as it is
    // handed to kainjow: pass a copy to keep one.
    [[nodiscard]] std::string render(const std::string& name, support::Value view,
                                     std::set<std::string>& missing_keys) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace healthsite::templates
