#pragma once
// One plain view model per output page: everything a template may show, and
// nothing it must compute.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "generator/causes/causes.hpp"
#include "generator/config/site_config.hpp"
#include "generator/content/page.hpp"
#include "generator/glossary/glossary.hpp"
#include "generator/links/links.hpp"
#include "generator/markdown/markdown.hpp"
#include "generator/support/value.hpp"

namespace healthsite::views {

// Everything the views are made from, built by the earlier stages.
struct SiteModel {
    const config::SiteConfig& config;
    const std::vector<content::Page>& pages;
    const std::vector<markdown::Document>& documents;
    const links::Resolution& links;
    const causes::Index& causes;
    bool offline = false;
    // When set, fields that hold a page's rendered HTML hold (*html_keys)[i]
    // instead: a hash of what that HTML is made from. Views built this way
    // are for deciding what to rebuild, without parsing unchanged pages.
    const std::vector<std::string>* html_keys = nullptr;
    // With html_keys also set: those fields hold the HTML for templates, and
    // hash as the key (support::Value::hashed_as). Such a view hashes as the
    // keyed view does and renders as the full one: built once for both.
    bool html_with_keys = false;
    // The site's glossary: listed on the page whose layout is "glossary", and
    // the first use of each term on every other page linked to its entry.
    const glossary::Glossary* glossary = nullptr;
    unsigned jobs = 1;  // threads to build views on; the result does not depend on it
};

struct View {
    std::string output_path;    // "causes/circulation/index.html"
    std::string template_name;  // "cause"
    std::string source;         // the page's display path, or "" for generated pages
    support::Position template_position;  // where the page chose its template
    support::Value data;
};

// The template a page uses: its layout, or one chosen by its kind.
[[nodiscard]] std::string template_for(const content::Page& page, std::string_view cause_section);

// Pages in site order, then the cause index and the 404 page. When wanted is
// given, views it declines keep their paths and template but no data.
[[nodiscard]] std::vector<View> build_views(const SiteModel& model,
                                            const std::function<bool(std::size_t)>& wanted = {});

// The same views one at a time, in the same order, so that each can be
// rendered and dropped before the next is built: together, the views of a
// large site take more memory than everything else in a build.
class ViewBuilder {
public:
    explicit ViewBuilder(const SiteModel& model);
    ~ViewBuilder();
    ViewBuilder(const ViewBuilder&) = delete;
    ViewBuilder& operator=(const ViewBuilder&) = delete;

    [[nodiscard]] std::size_t size() const;
    // Safe to call from several threads at once.
    [[nodiscard]] View build(std::size_t index, bool with_data = true) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace healthsite::views
