#include "generator/site/site.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>

#include "generator/causes/causes.hpp"
#include "generator/config/site_config.hpp"
#include "generator/content/front_matter.hpp"
#include "generator/discovery/discovery.hpp"
#include "generator/content/page.hpp"
#include "generator/links/links.hpp"
#include "generator/markdown/markdown.hpp"
#include "generator/output/output.hpp"
#include "generator/readability/readability.hpp"
#include "generator/site/safety.hpp"
#include "generator/support/files.hpp"
#include "generator/support/parallel.hpp"
#include "generator/support/text.hpp"
#include "generator/templates/templates.hpp"
#include "generator/views/views.hpp"

namespace healthsite::site {

namespace fs = std::filesystem;
using support::Category;
using support::Diagnostics;

namespace {

// Everything the stages produce, in the order they produce it.
struct State {
    const BuildOptions& options;
    BuildReport& report;
    config::SiteConfig config;
    unsigned jobs = 1;
    std::optional<templates::TemplateSet> templates;
    std::vector<std::string> markdown_files;      // relative to content/
    std::set<std::string> content_files;          // other files in content/
    std::set<std::string> drafts;
    std::vector<content::Page> pages;
    std::vector<markdown::Document> documents;
    links::Resolution links;
    causes::Index causes;
    std::vector<views::View> views;
    std::vector<output::File> files;

    Diagnostics& diagnostics() { return report.diagnostics; }
    fs::path source() const { return options.source; }
    std::string config_path() const { return (options.source / "site.toml").lexically_normal().string(); }
};

bool load_config(State& s) {
    auto config = config::load_config(s.source() / "site.toml", s.config_path(), s.diagnostics());
    if (!config) return false;
    s.config = std::move(*config);
    if (s.options.base_url) {
        std::string url = *s.options.base_url;
        if (url.empty() || url.back() != '/') url += '/';
        s.config.base_url = url;
    }
    s.jobs = s.options.jobs ? s.options.jobs : support::default_jobs();
    s.report.max_grade = s.config.max_grade;
    return true;
}

bool choose_output(State& s) {
    s.report.output_dir = s.options.output ? *s.options.output : s.source() / s.config.output_dir;
    const char* home = std::getenv("HOME");
    const std::string reason = unsafe_output_reason(s.source(), s.report.output_dir, home ? home : "");
    if (reason.empty()) return true;
    s.diagnostics().error(s.report.output_dir.string(), {}, "refusing to build here: " + reason, Category::config);
    return false;
}

std::string theme_list(const fs::path& themes) {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(themes, ec))
        if (entry.is_directory(ec)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out.empty() ? "none" : out;
}

bool load_templates(State& s) {
    const fs::path theme = s.source() / "themes" / s.config.theme;
    std::error_code ec;
    if (!fs::is_directory(theme / "templates", ec)) {
        s.diagnostics().error(s.config_path(), {}, "unknown theme '" + s.config.theme + "': no folder themes/" + s.config.theme +
                                                 "/templates (themes here: " + theme_list(s.source() / "themes") + ")",
                              Category::config);
        return false;
    }
    s.templates = templates::TemplateSet::load({s.source() / "templates", theme / "templates"},
                                               {"templates", "themes/" + s.config.theme + "/templates"}, s.diagnostics());
    return s.templates.has_value();
}

void list_content(State& s) {
    for (auto& path : support::list_files(s.source() / "content")) {
        // TOML files beside the pages are data (such as the glossary), not files to publish.
        if (path.ends_with(".md")) s.markdown_files.push_back(std::move(path));
        else if (!path.ends_with(".toml")) s.content_files.insert(std::move(path));
    }
}

// Reads one file into a page, refusing what would confuse later stages.
std::optional<content::Page> read_page(const State& s, const std::string& relative, Diagnostics& diagnostics) {
    const std::string display = "content/" + relative;
    const fs::path file = s.source() / "content" / relative;
    std::error_code ec;
    const auto size = fs::file_size(file, ec);
    if (!ec && size > static_cast<std::uintmax_t>(s.config.max_file_bytes)) {
        diagnostics.error(display, {}, "file is " + std::to_string(size) + " bytes, over the limit of " +
                                           std::to_string(s.config.max_file_bytes) + " ([limits] max_file_size)");
        return std::nullopt;
    }
    auto read = support::read_file(file);
    if (!read.text) return diagnostics.error(display, {}, read.error, Category::io), std::nullopt;
    std::string text = content::normalize_newlines(std::move(*read.text));
    if (const auto bad = support::find_invalid_utf8(text))
        return diagnostics.error(display, support::position_at(text, *bad), "the file is not valid UTF-8 text"), std::nullopt;
    if (const auto nul = text.find('\0'); nul != std::string::npos)
        return diagnostics.error(display, support::position_at(text, nul), "the file contains a NUL byte"), std::nullopt;
    return content::parse_page(relative, display, std::move(text), s.config, diagnostics);
}

markdown::Document render_markdown(const State& s, const content::Page& page, Diagnostics& diagnostics) {
    markdown::Options options;
    options.path = page.display_path;
    options.first_line = page.body_line;
    options.raw_html = s.config.raw_html;
    options.split_sections = views::template_for(page, s.config.cause_section) == "faq";
    return markdown::render(page.body, options, diagnostics);
}

struct Parsed {
    std::optional<content::Page> page;
    markdown::Document document;
    Diagnostics diagnostics;
};

bool parse_content(State& s) {
    std::vector<Parsed> parsed(s.markdown_files.size());
    support::parallel_for(parsed.size(), s.jobs, [] { return 0; }, [&](int, std::size_t i) {
        auto& slot = parsed[i];
        slot.page = read_page(s, s.markdown_files[i], slot.diagnostics);
        if (slot.page && (!slot.page->front.draft || s.options.drafts))
            slot.document = render_markdown(s, *slot.page, slot.diagnostics);
    });
    for (std::size_t i = 0; i < parsed.size(); ++i) {
        s.diagnostics().append(parsed[i].diagnostics);
        if (!parsed[i].page) continue;
        if (parsed[i].page->front.draft && !s.options.drafts) {
            s.drafts.insert(parsed[i].page->source_path);
            continue;
        }
        s.pages.push_back(std::move(*parsed[i].page));
        s.documents.push_back(std::move(parsed[i].document));
    }
    s.report.pages = s.pages.size();
    return !s.diagnostics().has_errors();
}

// Two sources may not publish to the same place, not even in another case:
// a case-insensitive file system (or a checkout on one) would merge them.
bool check_output_paths(State& s) {
    std::map<std::string, std::string> seen;
    auto claim = [&](const std::string& output, const std::string& source) {
        const auto [it, inserted] = seen.emplace(support::to_lower_ascii(output), source);
        if (!inserted)
            s.diagnostics().error(source, {}, "publishes to " + output + ", which " + it->second + " also does");
    };
    for (const auto& page : s.pages) claim(page.url_path + "index.html", page.display_path);
    for (const auto& file : s.content_files) claim(file, "content/" + file);
    claim(s.config.cause_index_path + "index.html", "the cause index ([causes] index_path in site.toml)");
    for (const char* generated : {"404.html", "sitemap.xml", "robots.txt", "feed.xml", "search-index.js", "CNAME"})
        claim(generated, std::string("the generated ") + generated);
    return !s.diagnostics().has_errors();
}

bool check_templates(State& s) {
    for (const auto& view : s.views) {
        if (s.templates->has(view.template_name)) continue;
        const std::string where = view.source.empty() ? "the " + view.template_name + " page" : view.source;
        s.diagnostics().error(where, view.template_position,
                              "no template '" + view.template_name + ".mustache' (looked in " + s.templates->searched() + ")",
                              Category::content);
    }
    return !s.diagnostics().has_errors();
}

struct Rendered {
    std::string html;
    std::set<std::string> missing;
};

void render_views(State& s) {
    std::vector<Rendered> rendered(s.views.size());
    support::parallel_for(
        s.views.size(), s.jobs, [&] { return std::make_unique<templates::Compiled>(*s.templates); },
        [&](std::unique_ptr<templates::Compiled>& compiled, std::size_t i) {
            rendered[i].html = compiled->render(s.views[i].template_name, s.views[i].data, rendered[i].missing);
        });
    for (std::size_t i = 0; i < s.views.size(); ++i) {
        if (s.options.strict)
            for (const auto& key : rendered[i].missing)
                s.diagnostics().warning("templates/" + s.views[i].template_name + ".mustache", {},
                                        "'" + key + "' is not in the view of " + s.views[i].output_path);
        s.files.push_back({s.views[i].output_path, std::move(rendered[i].html)});
    }
}

void add_static_files(State& s) {
    const fs::path static_dir = s.source() / "themes" / s.config.theme / "static";
    for (const auto& path : support::list_files(static_dir)) {
        auto read = support::read_file(static_dir / path);
        if (read.text) s.files.push_back({path, std::move(*read.text)});
        else s.diagnostics().error("themes/" + s.config.theme + "/static/" + path, {}, read.error, Category::io);
    }
    for (const auto& path : s.content_files) {
        auto read = support::read_file(s.source() / "content" / path);
        if (read.text) s.files.push_back({path, std::move(*read.text)});
        else s.diagnostics().error("content/" + path, {}, read.error, Category::io);
    }
}

void add_generated_files(State& s) {
    const auto entries = discovery::public_entries(s.config, s.pages, !s.causes.causes.empty());
    for (auto& file : discovery::discovery_files(s.config, entries)) s.files.push_back(std::move(file));
    s.files.push_back(discovery::search_index(s.pages, s.documents));
}

void fill_page_reports(State& s) {
    for (std::size_t i = 0; i < s.pages.size(); ++i) {
        const auto& page = s.pages[i];
        PageReport r;
        r.path = page.display_path;
        r.title = page.front.title;
        r.grade = readability::flesch_kincaid_grade(s.documents[i].counts);
        r.words = s.documents[i].counts.words;
        r.is_cause = causes::is_cause_page(page, s.config.cause_section);
        r.references = page.front.references.size();
        r.reviewed_by = page.front.reviewed_by;
        r.last_reviewed = page.front.last_reviewed ? page.front.last_reviewed->iso() : "";
        r.next_review = page.front.next_review ? page.front.next_review->iso() : "";
        s.report.page_reports.push_back(std::move(r));
    }
}

// Config, templates, content, links, causes, views: everything before output.
bool run_stages(State& s) {
    if (!load_config(s) || !choose_output(s) || !load_templates(s)) return false;
    list_content(s);
    if (!parse_content(s) || !check_output_paths(s)) return false;
    s.links = links::resolve(s.pages, s.documents, s.content_files, s.drafts, {s.options.offline}, s.diagnostics());
    s.causes = causes::build(s.pages, s.documents, s.config.cause_section, s.diagnostics());
    if (s.diagnostics().has_errors()) return false;
    s.views = views::build_views({s.config, s.pages, s.documents, s.links, s.causes, s.options.offline});
    return check_templates(s);
}

template <typename Fn>
BuildReport timed(const BuildOptions& options, Fn fn) {
    const auto start = std::chrono::steady_clock::now();
    BuildReport report;
    State state{options, report, {}, 1, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}};
    fn(state);
    report.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    return report;
}

}  // namespace

BuildReport build(const BuildOptions& options) {
    return timed(options, [](State& s) {
        if (!run_stages(s)) return;
        render_views(s);
        add_static_files(s);
        add_generated_files(s);
        if (s.report.failed(s.options.strict)) return;
        const auto stats = output::write_site(s.report.output_dir, s.files, s.diagnostics());
        s.report.written = stats.written;
        s.report.unchanged = stats.unchanged;
        s.report.removed = stats.removed;
    });
}

BuildReport check(const BuildOptions& options) {
    return timed(options, [](State& s) {
        if (run_stages(s)) fill_page_reports(s);
    });
}

}  // namespace healthsite::site
