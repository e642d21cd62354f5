#include "generator/site/site.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "generator/causes/causes.hpp"
#include "generator/config/site_config.hpp"
#include "generator/content/front_matter.hpp"
#include "generator/content/new_page.hpp"
#include "generator/content/page.hpp"
#include "generator/discovery/discovery.hpp"
#include "generator/glossary/glossary.hpp"
#include "generator/links/links.hpp"
#include "generator/markdown/markdown.hpp"
#include "generator/output/output.hpp"
#include "generator/readability/readability.hpp"
#include "generator/site/safety.hpp"
#include "generator/state/build_state.hpp"
#include "generator/support/files.hpp"
#include "generator/support/hash.hpp"
#include "generator/support/parallel.hpp"
#include "generator/support/spill.hpp"
#include "generator/support/text.hpp"
#include "generator/templates/templates.hpp"
#include "generator/views/views.hpp"

namespace healthsite::site {

namespace fs = std::filesystem;
using support::Category;
using support::Diagnostics;

fs::path state_file(const fs::path& source, const fs::path& output_dir) {
    std::error_code ec;
    const auto absolute = fs::weakly_canonical(fs::absolute(output_dir, ec), ec).lexically_normal();
    return source / ".healthsite-cache" / (support::to_hex(support::hash_bytes(absolute.string())) + ".state");
}

namespace {

// Changes to any of these make every cached parse stale.
constexpr std::string_view kParseVersion = "healthsite parse 1";

// One Markdown source: parsed now (with HTML) or taken from the build state.
struct Source {
    std::string path;  // relative to content/
    state::Stamp stamp;
    support::Hash hash = 0;
    // Whether the source made a page. Its page and document are parsed
    // straight into the build's own list (see parse_content); a draft left
    // out of the build keeps them here instead.
    bool has_page = false;
    std::unique_ptr<state::ParsedPage> left_out;
    bool has_html = false;
    bool parsed = false;  // read from disk in this build, not taken from the build state
    bool body_waits = false;  // its Markdown parses after the others' (see parse_content)
    support::Hash public_digest = 0;
    std::string made_search_entries;  // this page's part of search-index.js, when parsed in this build
    std::string_view search_entries;  // the same, or the part the build state kept
    // When taken from the build state: the part of its record not decoded
    // yet, empty once the page is complete (see complete_pages).
    std::string_view rest;
    std::optional<support::SpillFile::Slot> html;  // where document.html went, if it was spilled
    Diagnostics diagnostics;
    // When taken from the build state: its record there, checked when its
    // search entries or rest are first used (see state::intact). Its node
    // keeps its place in memory when it moves to the next state.
    const state::CachedPage* record = nullptr;
    bool record_checked = false;  // found intact once: not hashed again
};

// Whether a source's record in the build state, if it has one, is as it was
// stored (see state::intact).
bool record_intact(Source& source) {
    if (!source.record || source.record_checked) return true;
    source.record_checked = state::intact(*source.record);
    return source.record_checked;
}

// content/ as this build found it: listed once, and each Markdown file's
// stamp taken on every core. The no-op check and the content stage both
// use it.
struct ContentScan {
    state::ContentListing listing;      // every file, sorted, and the folders they are in
    std::vector<std::string> markdown;  // the .md files among them, in the same order
    std::vector<state::Stamp> stamps;   // of each of those; {} when it could not be read
    bool implicit_home = false;         // "_index.md" is among them but not on disk (see add_implicit_home)
};

// Everything the stages produce, in the order they produce it.
struct State {
    State(const BuildOptions& build_options, BuildReport& build_report) : options(build_options), report(build_report) {}

    const BuildOptions& options;
    BuildReport& report;
    config::SiteConfig config;
    std::string config_text;
    unsigned jobs = 1;
    std::optional<templates::TemplateSet> templates;
    std::optional<ContentScan> scan;  // see scan_content()
    std::vector<Source> sources;
    std::set<std::string> content_files;  // other files in content/
    std::set<std::string> drafts;
    std::vector<std::size_t> page_sources;  // sources[page_sources[i]] is pages[i]
    std::vector<content::Page> pages;
    std::vector<markdown::Document> documents;
    std::vector<std::optional<support::SpillFile::Slot>> spilled_html;  // per page, see Source::html
    // Where parsed pages' HTML waits for rendering, when the build can
    // make one; otherwise the HTML stays in memory.
    std::unique_ptr<support::SpillFile> spill;
    links::Resolution links;
    std::vector<char> links_resolved;  // per page: whether s.links holds its links (see resolve_links)
    bool same_shape = false;           // see same_site_shape()
    // A record of the build state was found damaged where it was first
    // used, too late to parse its page again: this build commits nothing,
    // and a clean one follows (see build).
    bool damaged_state = false;
    causes::Index causes;
    state::BuildState previous;
    // previous.outputs by path, for the several lookups each output gets.
    // An output kept as it was moves its entry from previous.outputs to
    // next.outputs (see keep); the record stays where it is in memory.
    struct PreviousOutput {
        const state::OutputRecord* record;
        std::map<std::string, state::OutputRecord>::iterator entry;
        std::size_t index;  // its place in previous.outputs, and in disk_stamps
    };
    std::unordered_map<std::string_view, PreviousOutput> previous_outputs;
    // The entries of outputs kept as they were, at their places in
    // previous.outputs, until they go into next.outputs (see keep).
    std::vector<std::map<std::string, state::OutputRecord>::node_type> kept_outputs;
    state::BuildState next;
    std::optional<output::Lock> lock;
    std::unique_ptr<output::Transaction> transaction;
    // Stamps of what the last build left in the output folder, looked up
    // relative to it: every output is checked on each build.
    std::unique_ptr<state::FolderStamps> output_stamps;
    // When the previous state was written. A file modified in the same
    // moment may keep its stamp across an edit, so such a file is checked by
    // its content instead (git's "racily clean" entries).
    std::int64_t previous_saved_ns = 0;
    glossary::Glossary glossary{};  // content/glossary.toml
    // How each output of the last build is on disk now, by its place in
    // previous.outputs: taken on a thread of its own while the build reads
    // its sources (see stamp_previous_outputs). Declared last, so that the
    // thread is joined before anything it reads goes.
    std::vector<std::optional<state::Stamp>> disk_stamps;
    std::thread disk_stamper;

    ~State() { await_disk_stamps(); }
    State(const State&) = delete;
    State& operator=(const State&) = delete;
    void await_disk_stamps() {
        if (disk_stamper.joinable()) disk_stamper.join();
    }

    // Removes what a build leaves on disk while it runs (the staged files and
    // the lock) and keeps only memory: what the destructor would do to
    // files, for a state that is not destroyed (BuildOptions::keep_memory).
    void close_files() {
        await_disk_stamps();
        transaction.reset();
        output_stamps.reset();
        spill.reset();
        lock.reset();
    }

    Diagnostics& diagnostics() { return report.diagnostics; }
    fs::path source() const { return options.source; }
    fs::path output() const { return report.output_dir; }
    std::string config_path() const { return (options.source / "site.toml").lexically_normal().string(); }
    void explain(const std::string& path, const std::string& why) {
        if (options.explain) report.explanations.push_back(path + ": " + why);
    }
};

// ---- configuration, output folder and templates ----

// A sitemap, a feed and canonical links need the site's full address:
// with paths alone, search engines and feed readers cannot use them. A build
// to read from disk (--offline) has no address and needs none.
void warn_without_site_address(State& s) {
    if (s.options.offline || s.config.base_url.starts_with("http")) return;
    const bool given = s.config.base_url_at.line > 0 || s.options.base_url;
    s.diagnostics().warning(s.config_path(), s.config.base_url_at,
                            std::string(given ? "base_url is not the site's full address" : "there is no base_url") +
                                ": the sitemap, the feed and each page's canonical link need one, such as base_url = "
                                "\"https://example.org/\" (or build with --base-url)",
                            Category::config);
}

bool load_config(State& s) {
    auto text = config::read_config_text(s.source(), s.config_path(), s.diagnostics());
    if (!text) return false;
    s.config_text = std::move(*text);
    auto config = config::parse_config(s.config_text, s.config_path(), s.diagnostics());
    if (!config) return false;
    s.config = std::move(*config);
    if (s.options.base_url) {
        std::string url = *s.options.base_url;
        if (url.empty() || url.back() != '/') url += '/';
        s.config.base_url = url;
    }
    s.jobs = s.options.jobs ? s.options.jobs : support::default_jobs();
    s.report.max_grade = s.config.max_grade;
    warn_without_site_address(s);
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

// Takes the output folder for this build: one build at a time, and any
// commit a killed build left half done is finished first.
bool take_output(State& s) {
    s.lock = output::Lock::try_acquire(state_file(s.source(), s.output()).replace_extension(".lock"));
    if (!s.lock) {
        s.diagnostics().error(s.output().string(), {},
                              "another build of this output folder is running; wait for it to finish and try again",
                              Category::io);
        return false;
    }
    output::Transaction::recover(s.output());
    s.transaction = std::make_unique<output::Transaction>(s.output());
    s.output_stamps = std::make_unique<state::FolderStamps>(s.output());
    return true;
}

bool cancelled(State& s) {
    if (!s.options.cancel || !s.options.cancel->load()) return false;
    s.report.cancelled = true;
    s.diagnostics().error(s.output().string(), {}, "the build was stopped; the output was left as it was", Category::io);
    return true;
}

std::vector<std::string> theme_names(const fs::path& themes) {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(themes, ec))
        if (entry.is_directory(ec)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

// "themes here: clear, default", and the one the name was likely meant to be.
std::string themes_hint(const fs::path& themes, const std::string& wanted) {
    const auto names = theme_names(themes);
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    out = "themes here: " + (out.empty() ? std::string("none") : out);
    if (const auto meant = support::closest_match(wanted, names, 2); !meant.empty())
        out += "; did you mean '" + meant + "'?";
    return out;
}

fs::path theme_dir(const State& s) { return s.source() / "themes" / s.config.theme; }

bool load_templates(State& s) {
    std::error_code ec;
    if (!fs::is_directory(theme_dir(s) / "templates", ec)) {
        s.diagnostics().error(s.config_path(), s.config.theme_at,
                              "unknown theme '" + s.config.theme + "': no folder themes/" + s.config.theme +
                                  "/templates (" + themes_hint(s.source() / "themes", s.config.theme) + ")",
                              Category::config);
        return false;
    }
    s.templates = templates::TemplateSet::load({s.source() / "templates", theme_dir(s) / "templates"},
                                               {"templates", "themes/" + s.config.theme + "/templates"}, s.diagnostics());
    return s.templates.has_value();
}

// ---- build state ----

support::Hash parse_inputs_hash(const State& s) {
    support::Hasher h;
    h.add(kParseVersion).add(s.options.generator_id).add(markdown::library_version());
    h.add(s.config_text).add(s.options.drafts ? "drafts" : "");
    return h.digest();
}

void load_previous_state(State& s) {
    s.next.inputs = parse_inputs_hash(s);
    if (!s.options.incremental) return;
    auto loaded = state::load(state_file(s.source(), s.output()));
    if (!loaded) {
        s.explain("*", "no usable build state: building everything");
        return;
    }
    s.previous_saved_ns = state::stamp_of(state_file(s.source(), s.output())).value_or(state::Stamp{}).mtime_ns;
    if (loaded->inputs != s.next.inputs) {
        s.explain("*", "site.toml, --drafts or the generator changed: parsing every page again");
        loaded->pages.clear();
    }
    s.previous = std::move(*loaded);
    s.previous_outputs.reserve(s.previous.outputs.size());
    std::size_t index = 0;
    for (auto entry = s.previous.outputs.begin(); entry != s.previous.outputs.end(); ++entry)
        s.previous_outputs.emplace(entry->first, State::PreviousOutput{&entry->second, entry, index++});
    s.kept_outputs.resize(index);
}

// Stats every output of the last build, to find those deleted or changed by
// hand. Ten thousand stats take a good part of an edit's rebuild, and while
// the build reads its sources (much of it on one thread) a second core has
// little else to do: they run on a thread of their own, unless the build
// was asked for one thread.
void stamp_previous_outputs(State& s) {
    s.disk_stamps.resize(s.previous.outputs.size());
    auto stamp_all = [&s] {
        std::size_t i = 0;
        for (const auto& entry : s.previous.outputs) s.disk_stamps[i++] = s.output_stamps->of(entry.first);
    };
    if (s.jobs > 1) s.disk_stamper = std::thread(stamp_all);
    else stamp_all();
}

// What the last build recorded of an output, or nullptr if it made none there.
const state::OutputRecord* previous_output(const State& s, std::string_view path) {
    const auto found = s.previous_outputs.find(path);
    return found == s.previous_outputs.end() ? nullptr : found->second.record;
}

// ---- content ----

// A symlink inside content/ may point anywhere; one that leads outside would
// publish files the site's authors never put there.
bool check_symlinks(State& s, const std::vector<std::string>& symlinks) {
    std::error_code ec;
    const fs::path root = fs::canonical(s.source() / "content", ec);
    for (const auto& link : symlinks) {
        const fs::path target = fs::canonical(s.source() / "content" / link, ec);
        const auto relative = target.lexically_relative(root);
        if (ec || relative.empty() || *relative.begin() == "..")
            s.diagnostics().error("content/" + link, {}, "this symbolic link leads outside content/; copy the file in instead");
    }
    return !s.diagnostics().has_errors();
}

// A file changed in the same moment the last build read it may look as it
// did then (git's "racily clean" entries): such a stamp is not trusted.
constexpr std::int64_t kRacyWindowNs = 2'000'000'000;

bool racy(const State& s, const state::Stamp& stamp) { return stamp.mtime_ns >= s.previous_saved_ns - kRacyWindowNs; }

// Takes the last build's listing of content/ when none of its folders has
// changed since (see state::ContentListing): reading ten thousand entries
// takes longer than a stat of each folder.
bool reuse_listing(const State& s, const state::FolderStamps& stamps, state::ContentListing& recorded,
                   ContentScan& scan) {
    if (recorded.folders.empty()) return false;
    for (const auto& [folder, stamp] : recorded.folders) {
        const auto now = stamps.of_folder(folder);
        if (!now || *now != stamp || racy(s, stamp)) return false;
    }
    scan.listing = std::move(recorded);
    return true;
}

void list_folders(const State& s, ContentScan& scan) {
    std::vector<support::ListedFolder> folders;
    auto& listing = scan.listing;
    listing.files = support::list_files(s.source() / "content", &listing.symlinks, &folders);
    for (auto& folder : folders)
        listing.folders.emplace_back(std::move(folder.path), state::Stamp{folder.mtime_ns, folder.size, folder.ctime_ns});
}

constexpr std::string_view kHomeSource = "_index.md";

// A site without content/_index.md still gets a home page, made from
// site.toml (see content::implicit_home_text). It takes the file's place
// among the sources, stamped with its text's hash, never a file's stamp.
void add_implicit_home(const State& s, ContentScan& scan) {
    if (!fs::is_directory(s.source() / "content")) return;
    const auto at = std::lower_bound(scan.markdown.begin(), scan.markdown.end(), kHomeSource);
    if (at != scan.markdown.end() && *at == kHomeSource) return;
    const auto text = content::implicit_home_text(s.config.title, s.config.description);
    constexpr std::int64_t kNoFileTime = 1;  // not a time a file has, and never "racy"
    scan.stamps.insert(scan.stamps.begin() + (at - scan.markdown.begin()), {kNoFileTime, support::hash_bytes(text)});
    scan.markdown.insert(at, std::string(kHomeSource));
    scan.implicit_home = true;
}

// Lists content/ (or takes over the recorded listing, when given and still
// right) and stamps each Markdown file.
const ContentScan& scan_content(State& s, state::ContentListing* recorded = nullptr) {
    if (s.scan) return *s.scan;
    ContentScan scan;
    const state::FolderStamps stamps(s.source() / "content");
    if (!recorded || !reuse_listing(s, stamps, *recorded, scan)) list_folders(s, scan);
    for (const auto& path : scan.listing.files)
        if (path.ends_with(".md")) scan.markdown.push_back(path);
    scan.stamps.resize(scan.markdown.size());
    support::parallel_for(scan.markdown.size(), s.jobs, [] { return 0; }, [&](int, std::size_t i) {
        scan.stamps[i] = stamps.of(scan.markdown[i]).value_or(state::Stamp{});
    });
    add_implicit_home(s, scan);
    return s.scan.emplace(std::move(scan));
}

bool is_implicit_home(const State& s, std::string_view source_path) {
    return s.scan && s.scan->implicit_home && source_path == kHomeSource;
}

// "Notes.MD" or "notes.markdown" would be published as they are, front
// matter and all, rather than made into pages: say so.
void warn_if_markdown_by_another_name(State& s, const std::string& path) {
    const fs::path file(path);
    const std::string extension = support::to_lower_ascii(file.extension().string());
    if (extension != ".md" && extension != ".markdown" && extension != ".mdown" && extension != ".mkd") return;
    s.diagnostics().warning("content/" + path, {},
                            "this file is published as it is, not made into a page: only files whose names end in "
                            "'.md' (in lowercase) are pages; rename it to " + file.stem().string() + ".md");
}

// One source per Markdown file, in the order scan_content() lists them.
void list_content(State& s) {
    if (!fs::is_directory(s.source() / "content")) {
        s.diagnostics().error("content/", {},
                              "there is no content folder in " + support::absolute_folder(s.source()).string() +
                                  "; run healthsite in the site's folder (the one with site.toml), or pass --source",
                              Category::config);
        return;
    }
    const auto& scan = scan_content(s);
    if (!check_symlinks(s, scan.listing.symlinks)) return;
    s.sources.resize(scan.markdown.size());
    for (std::size_t i = 0; i < scan.markdown.size(); ++i) s.sources[i].path = scan.markdown[i];
    for (const auto& path : scan.listing.files) {
        // TOML files beside the pages are data (such as the glossary), not
        // files to publish. They are read, so the build with nothing to do
        // checks them too: their stamps are taken before they are read.
        if (path.ends_with(".toml")) {
            if (const auto stamp = state::stamp_of(s.source() / "content" / path))
                s.next.other_inputs["content/" + path] = *stamp;
            continue;
        }
        if (path.ends_with(".md")) continue;
        warn_if_markdown_by_another_name(s, path);
        s.content_files.insert(path);
    }
    s.glossary = glossary::load(s.source(), s.diagnostics());
}

// Reads one file, refusing what would confuse later stages.
// size_seen: the file's size when content/ was listed, if known.
std::optional<std::string> read_source_text(const State& s, const std::string& relative, Diagnostics& diagnostics,
                                            std::optional<std::uintmax_t> size_seen = std::nullopt) {
    if (is_implicit_home(s, relative)) return content::implicit_home_text(s.config.title, s.config.description);
    const std::string display = "content/" + relative;
    const fs::path file = s.source() / "content" / relative;
    auto read = support::read_file(file, static_cast<std::uintmax_t>(s.config.max_file_bytes), size_seen);
    if (read.too_big) {
        diagnostics.error(display, {}, "file is " + std::to_string(read.too_big) + " bytes, over the limit of " +
                                           std::to_string(s.config.max_file_bytes) + " ([limits] max_file_size)");
        return std::nullopt;
    }
    if (!read.text) {
        diagnostics.error(display, {}, read.error, Category::io);
        return std::nullopt;
    }
    std::string text = content::normalize_newlines(std::move(*read.text));
    if (const auto bad = support::find_invalid_utf8(text)) {
        diagnostics.error(display, support::position_at(text, *bad), "the file is not valid UTF-8 text");
        return std::nullopt;
    }
    if (!content::check_control_characters(text, display, diagnostics)) return std::nullopt;
    return text;
}

markdown::Document render_markdown(const State& s, const content::Page& page, Diagnostics& diagnostics,
                                   std::optional<bool> autolink_candidates = std::nullopt) {
    markdown::Options options;
    options.autolink_candidates = autolink_candidates;
    options.path = page.display_path;
    options.first_line = page.body_line;
    options.raw_html = s.config.raw_html;
    options.split_sections = views::template_for(page, s.config.cause_section) == "faq";
    return markdown::render(page.body, options, diagnostics);
}

// Frees a string's memory now (assigning an empty string may keep it).
void release(std::string& text) {
    text.clear();
    text.shrink_to_fit();
}

// Reads a source from disk and parses its front matter into page; true when
// its Markdown is to be parsed too (it is not a left-out draft).
bool parse_front_matter(const State& s, Source& source, content::Page& page) {
    auto text = read_source_text(s, source.path, source.diagnostics, source.stamp.size);
    if (!text) return false;
    source.hash = support::hash_bytes(*text);
    auto parsed = content::parse_page(source.path, "content/" + source.path, std::move(*text), s.config, source.diagnostics);
    if (!parsed) return false;
    page = std::move(*parsed);
    source.has_page = true;
    return !page.front.draft || s.options.drafts;
}

// Parses a page's Markdown into document, HTML included. Its callers have
// set source.body_waits from the body's autolink candidates, which the
// Markdown stage would otherwise look for again.
void parse_body(const State& s, Source& source, content::Page& page, markdown::Document& document) {
    document = render_markdown(s, page, source.diagnostics, source.body_waits);
    source.made_search_entries = discovery::search_entries(page, document);
    source.search_entries = source.made_search_entries;
    release(document.text);  // only the search index shows it
    if (s.spill) source.html = s.spill->put(document.html);
    if (source.html) release(document.html);
    release(page.body);
    source.has_html = true;
}

void record_public_digest(State& s, std::size_t i) {
    auto& source = s.sources[i];
    if (source.has_page) source.public_digest = state::public_digest(s.pages[i], s.documents[i]);
}

// Takes a source from the build state when its file has not changed.
bool reuse_source(State& s, Source& source, content::Page& page, markdown::Document& document) {
    const auto found = s.previous.pages.find(source.path);
    if (found == s.previous.pages.end() || found->second.stamp != source.stamp) return false;
    auto& cached = found->second;
    if (racy(s, source.stamp)) {
        Diagnostics ignored;
        const auto text = read_source_text(s, source.path, ignored);
        if (!text || support::hash_bytes(*text) != cached.source_hash) return false;
    }
    // The head is decoded straight into the build's page; the rest waits
    // until the build knows it needs it (see complete_pages).
    if (!state::decode_head(cached.head, page, document)) {
        page = content::Page{};
        document = markdown::Document{};
        return false;
    }
    source.has_page = true;
    source.hash = cached.source_hash;
    source.public_digest = cached.public_digest;
    source.search_entries = cached.search_entries;
    source.rest = cached.rest;
    source.record = &cached;
    for (auto& d : cached.diagnostics) source.diagnostics.add(std::move(d));
    return true;
}

// Moves page i, parsed into place i of the build's lists, to place k (k <= i).
void move_page(State& s, std::size_t i, std::size_t k) {
    if (i == k) return;
    s.pages[k] = std::move(s.pages[i]);
    s.documents[k] = std::move(s.documents[i]);
}

// Parses source i from disk, or takes it from the build state. Its Markdown
// waits if it may hold web or e-mail addresses: cmark-gfm parses such text
// apart from text without them (see markdown::has_autolink_candidates), so
// it all comes after the rest (see parse_waiting_bodies).
void parse_or_reuse(State& s, std::size_t i) {
    auto& source = s.sources[i];
    source.stamp = s.scan->stamps[i];
    if (reuse_source(s, source, s.pages[i], s.documents[i])) return;
    source.parsed = true;
    if (parse_front_matter(s, source, s.pages[i])) {
        source.body_waits = markdown::has_autolink_candidates(s.pages[i].body);
        if (source.body_waits) return;
        parse_body(s, source, s.pages[i], s.documents[i]);
    }
    record_public_digest(s, i);
}

void parse_waiting_bodies(State& s) {
    std::vector<std::size_t> waiting;
    for (std::size_t i = 0; i < s.sources.size(); ++i)
        if (s.sources[i].body_waits) waiting.push_back(i);
    support::parallel_for(waiting.size(), s.jobs, [] { return 0; }, [&](int, std::size_t k) {
        const std::size_t i = waiting[k];
        parse_body(s, s.sources[i], s.pages[i], s.documents[i]);
        record_public_digest(s, i);
    });
}

// Each source is parsed (or taken from the build state) straight into its own
// place in the build's lists of pages and documents; the places of sources
// that made no page, or a draft left out, are then closed up. A site without
// such sources moves nothing.
bool parse_content(State& s) {
    s.pages.resize(s.sources.size());
    s.documents.resize(s.sources.size());
    support::parallel_for(s.sources.size(), s.jobs, [] { return 0; }, [&](int, std::size_t i) { parse_or_reuse(s, i); });
    parse_waiting_bodies(s);
    s.page_sources.reserve(s.sources.size());
    s.spilled_html.reserve(s.sources.size());
    for (std::size_t i = 0; i < s.sources.size(); ++i) {
        auto& source = s.sources[i];
        s.report.parsed += source.parsed ? 1 : 0;
        s.diagnostics().append(source.diagnostics);
        if (!source.has_page) continue;
        if (s.pages[i].front.draft && !s.options.drafts) {
            s.drafts.insert(s.pages[i].source_path);
            source.left_out = std::make_unique<state::ParsedPage>();
            source.left_out->page = std::move(s.pages[i]);
            source.left_out->document = std::move(s.documents[i]);
            continue;
        }
        move_page(s, i, s.page_sources.size());
        s.page_sources.push_back(i);
        s.spilled_html.push_back(source.html);
    }
    s.pages.resize(s.page_sources.size());
    s.documents.resize(s.page_sources.size());
    s.report.pages = s.pages.size();
    return !s.diagnostics().has_errors();
}

// Two sources may not publish to the same place, not even in another case:
// a case-insensitive file system (or a checkout on one) would merge them.
bool check_output_paths(State& s) {
    std::unordered_map<std::string, std::string> seen;
    seen.reserve(s.pages.size() + s.content_files.size() + 8);
    auto claim = [&](const std::string& output, const std::string& source, support::Position at = {}) {
        const auto [it, inserted] = seen.emplace(support::to_lower_ascii(output), source);
        if (!inserted)
            s.diagnostics().error(source, at,
                                  "publishes to " + output + ", which " + it->second +
                                      " also does; rename one of them or give it another slug");
    };
    // Pages with a chosen slug claim last: the slug is the likelier mistake,
    // so the error points at it.
    for (const bool slugged : {false, true})
        for (const auto& page : s.pages)
            if (page.front.slug.empty() != slugged)
                claim(page.url_path + "index.html", page.display_path,
                      slugged ? page.position_of("slug") : support::Position{});
    for (const auto& file : s.content_files) claim(file, "content/" + file);
    claim(s.config.cause_index_path + "index.html", "the cause index ([causes] index_path in site.toml)");
    for (const char* generated : {"404.html", "sitemap.xml", "robots.txt", "feed.xml", "js/search.js", "CNAME"})
        claim(generated, std::string("the generated ") + generated);
    for (const auto& path : discovery::search_index_paths(discovery::search_parts(s.pages.size())))
        claim(path, "the generated search index");
    return !s.diagnostics().has_errors();
}

bool check_templates(State& s, const std::vector<views::View>& views) {
    for (const auto& view : views) {
        if (s.templates->has(view.template_name)) continue;
        const std::string where = view.source.empty() ? "the " + view.template_name + " page" : view.source;
        s.diagnostics().error(where, view.template_position,
                              "no template '" + view.template_name + ".mustache' (looked in " + s.templates->searched() +
                                  ")",
                              Category::content);
    }
    return !s.diagnostics().has_errors();
}

// Config, templates, content, links, causes: everything views are made from.
bool run_stages(State& s) {
    if (!load_config(s) || !choose_output(s) || !load_templates(s)) return false;
    list_content(s);
    if (s.diagnostics().has_errors() || !parse_content(s) || !check_output_paths(s)) return false;
    s.links = links::resolve(s.pages, s.documents, s.content_files, s.drafts, {s.options.offline, s.jobs, {}}, s.diagnostics());
    s.causes = causes::build(s.pages, s.documents, s.config.cause_section, s.diagnostics());
    return !s.diagnostics().has_errors();
}

views::SiteModel model_of(const State& s, const std::vector<std::string>* html_keys, bool html_with_keys = false) {
    return {s.config, s.pages, s.documents, s.links, s.causes, s.options.offline, html_keys, html_with_keys, &s.glossary, s.jobs};
}

// ---- pages an edit cannot have changed ----

// Options and templates decide what views and pages look like, but not how
// sources parse.
support::Hash view_inputs_hash(const State& s) {
    support::Hasher h;
    h.add(s.options.generator_id).add(s.options.offline ? "offline" : "").add(s.config.base_url);
    for (const auto& name : s.templates->names()) h.add(name).add(support::to_hex(s.templates->fingerprint(name)));
    return h.digest();
}

support::Hash glossary_digest(const glossary::Glossary& glossary) {
    support::Hasher h;
    for (const auto& term : glossary.terms) {
        h.add(term.id).add(term.name).add(term.abbr).add(term.definition);
        for (const auto& name : term.also) h.add(name);
        h.add("");
    }
    return h.digest();
}

// Everything a page's view may show besides its own page (see
// BuildState::site_shape).
support::Hash site_shape(const State& s) {
    support::Hasher h;
    h.add(support::to_hex(s.next.inputs)).add(support::to_hex(view_inputs_hash(s)));
    h.add(support::to_hex(glossary_digest(s.glossary)));
    h.add("files");
    for (const auto& file : s.content_files) h.add(file);
    h.add("drafts");
    for (const auto& draft : s.drafts) h.add(draft);
    h.add("pages");
    for (const auto& source : s.sources)
        if (source.has_page) h.add(source.path).add_number(source.public_digest);
    return h.digest();
}

bool backlinks_fit(const std::vector<std::vector<std::uint32_t>>& backlinks, std::size_t pages) {
    if (backlinks.size() != pages) return false;
    for (const auto& from : backlinks)
        if (!std::is_sorted(from.begin(), from.end()) || (!from.empty() && from.back() >= pages)) return false;
    return true;
}

// True when the site's shape is as the last build left it. Then no page
// changed in what other pages show of it: every page links where it did, and
// only the pages parsed again can look different.
bool same_site_shape(State& s) {
    s.next.site_shape = site_shape(s);
    if (!s.options.incremental || s.next.site_shape != s.previous.site_shape) return false;
    if (!backlinks_fit(s.previous.backlinks, s.pages.size())) return false;
    s.explain("*", "no page changed in what other pages show of it: checking only the edited pages");
    return true;
}

bool parsed_again(const State& s, std::size_t page) { return s.sources[s.page_sources[page]].parsed; }

// ---- pages taken from the build state ----

// Parses page i again from its source: the page and its document in full,
// HTML included. Warnings were repeated from the build state already, so only
// errors are kept.
void parse_again(State& s, std::size_t i, Diagnostics& errors) {
    Diagnostics diagnostics;
    auto text = read_source_text(s, s.pages[i].source_path, diagnostics);
    auto page = text ? content::parse_page(s.pages[i].source_path, s.pages[i].display_path, std::move(*text), s.config,
                                           diagnostics)
                     : std::nullopt;
    if (page) {
        s.documents[i] = render_markdown(s, *page, diagnostics);
        release(page->body);
        s.pages[i] = std::move(*page);
    }
    for (const auto& item : diagnostics.items())
        if (item.severity == support::Severity::error) errors.add(item);
}

bool has_urgent_callout(const markdown::Document& document) {
    return std::any_of(document.callouts.begin(), document.callouts.end(),
                       [](const markdown::Callout& c) { return c.kind == "urgent"; });
}

// The pages whose links a build resolves when the site's shape is unchanged:
// those parsed again, and those whose urgent callouts the urgent-help page
// shows with their links.
bool links_wanted(const State& s, std::size_t page) {
    return parsed_again(s, page) || has_urgent_callout(s.documents[page]);
}

// Decodes the rest of the record (see state::decode_rest) of each page taken
// from the build state that `needed` accepts. A record that is damaged or
// cannot be decoded means its page is parsed again from its source.
void complete_pages(State& s, const std::function<bool(std::size_t)>& needed) {
    std::vector<std::size_t> pages;
    for (std::size_t i = 0; i < s.pages.size(); ++i)
        if (!s.sources[s.page_sources[i]].rest.empty() && needed(i)) pages.push_back(i);
    std::vector<Diagnostics> errors(pages.size());
    std::vector<char> parsed(pages.size(), 0);
    support::parallel_for(pages.size(), s.jobs, [] { return 0; }, [&](int, std::size_t k) {
        const std::size_t i = pages[k];
        auto& source = s.sources[s.page_sources[i]];
        if (!record_intact(source) || !state::decode_rest(source.rest, s.pages[i], s.documents[i])) {
            parse_again(s, i, errors[k]);
            parsed[k] = 1;
        }
        source.rest = {};
    });
    s.report.parsed += static_cast<std::size_t>(std::count(parsed.begin(), parsed.end(), 1));
    for (const auto& e : errors) s.diagnostics().append(e);
}

void complete_all_pages(State& s) {
    complete_pages(s, [](std::size_t) { return true; });
}

// What a build reads of each page beyond its record's head. Every page in
// full, unless the site's shape is unchanged; then only the pages whose links
// it resolves, the pages those links lead to (for their headings: the same
// pages as last time, found from the stored backlinks) and the cause pages
// (for the conditions the cause index and related causes are made from).
void complete_needed_pages(State& s) {
    if (!s.same_shape) return complete_all_pages(s);
    std::vector<char> needed(s.pages.size(), 0);
    for (std::size_t i = 0; i < s.pages.size(); ++i)
        needed[i] = links_wanted(s, i) || causes::is_cause_page(s.pages[i], s.config.cause_section);
    for (std::size_t to = 0; to < s.pages.size(); ++to)
        for (const std::uint32_t from : s.previous.backlinks[to])
            if (links_wanted(s, from)) needed[to] = 1;
    complete_pages(s, [&needed](std::size_t i) { return needed[i] != 0; });
}

// ---- links ----

// Resolves every page's links, or, when the site's shape is unchanged, only
// those of the pages whose views this build may build: the pages parsed
// again, and the pages whose urgent callouts the urgent-help page shows with
// their links. What links to each page is then as the last build found it.
void resolve_links(State& s) {
    links::Options options{s.options.offline, s.jobs, {}};
    s.links_resolved.assign(s.pages.size(), 1);
    if (s.same_shape) {
        for (std::size_t i = 0; i < s.pages.size(); ++i) s.links_resolved[i] = links_wanted(s, i);
        options.wanted = [&s](std::size_t i) { return s.links_resolved[i] != 0; };
    }
    s.links = links::resolve(s.pages, s.documents, s.content_files, s.drafts, options, s.diagnostics());
    if (!s.same_shape) return;
    for (std::size_t i = 0; i < s.pages.size(); ++i)
        s.links.backlinks[i].assign(s.previous.backlinks[i].begin(), s.previous.backlinks[i].end());
}

// ---- deciding what to render ----

// What a page's HTML is made from: its source, the options, and where each of
// its links points. Equal keys mean equal HTML.
std::string html_key(const State& s, std::size_t i) {
    support::Hasher h;
    h.add(support::to_hex(s.sources[s.page_sources[i]].hash));
    for (const auto& href : s.links.hrefs[i]) h.add(href);
    return "html:" + support::to_hex(h.digest());
}

std::vector<std::string> html_keys(const State& s) {
    std::vector<std::string> keys(s.pages.size());
    for (std::size_t i = 0; i < s.pages.size(); ++i)
        if (s.links_resolved[i]) keys[i] = html_key(s, i);  // else its view is not built with keys (see views_to_check)
    return keys;
}

// Which views to build in full to find what changed: every one, unless the
// site's shape is unchanged. Then only the pages parsed again can look
// different; every other view is the one the last build rendered.
std::function<bool(std::size_t)> views_to_check(const State& s) {
    if (!s.same_shape) return {};
    return [&s](std::size_t i) { return i < s.pages.size() && parsed_again(s, i); };
}

struct Decision {
    support::Hash template_hash = 0;
    support::Hash view_hash = 0;
    bool render = true;
    // A new output is rendered whatever its view: the view is built once,
    // when it is rendered, and hashed then (see views::SiteModel::html_with_keys).
    bool hash_when_rendered = false;
};

// Whether an output of the last build is still on disk as it wrote it. Asked
// only once the stamps are in (see stamp_previous_outputs and decide).
bool output_on_disk_matches(const State& s, const std::string& path, const state::OutputRecord& record) {
    const auto found = s.previous_outputs.find(path);
    if (found == s.previous_outputs.end() || s.disk_stamper.joinable()) return false;
    const auto& stamp = s.disk_stamps[found->second.index];
    return stamp && stamp->size == record.size && stamp->mtime_ns == record.modified_ns;
}

// The pages whose source text differs from the last build's, by display
// path ("content/faq.md"): for --explain only.
std::unordered_set<std::string> edited_sources(const State& s) {
    std::unordered_set<std::string> edited;
    if (!s.options.explain) return edited;
    for (const auto& source : s.sources) {
        const auto previous = s.previous.pages.find(source.path);
        if (source.parsed && (previous == s.previous.pages.end() || previous->second.source_hash != source.hash))
            edited.insert("content/" + source.path);
    }
    return edited;
}

// For --explain: the first three names, then how many more.
std::string first_few(const std::vector<std::string>& names) {
    constexpr std::size_t kNamed = 3;
    std::string out;
    for (std::size_t i = 0; i < std::min(names.size(), kNamed); ++i) out += (i > 0 ? ", " : "") + names[i];
    if (names.size() > kNamed) out += " and " + std::to_string(names.size() - kNamed) + " more";
    return out;
}

// What changed that any page's view may show of other pages, by name, for
// --explain: the pages added, removed, or changed in what other pages show
// of them (a title, description, heading, link or callout; see
// state::public_digest), or site.toml and the options. A view that changed
// while its own source did not changed through one of these.
std::string shared_changes(const State& s) {
    if (!s.options.explain) return "what it shows of other pages changed";  // never empty: empty means "up to date"
    if (s.next.inputs != s.previous.inputs) return "site.toml, --drafts or the generator changed";
    std::vector<std::string> named;
    std::set<std::string_view> current;
    for (const auto& source : s.sources) {
        if (!source.has_page) continue;
        current.insert(source.path);
        const auto previous = s.previous.pages.find(source.path);
        if (previous == s.previous.pages.end()) named.push_back("content/" + source.path + " (new)");
        else if (previous->second.public_digest != source.public_digest) named.push_back("content/" + source.path);
    }
    for (const auto& [path, page] : s.previous.pages)
        if (!current.count(path)) named.push_back("content/" + path + " (gone)");
    if (named.empty()) return "what it shows of other pages, the glossary, the options or site.toml changed";
    return "what it shows of other pages changed, in " + first_few(named);
}

std::string rebuild_reason(const State& s, const views::View& shell, const Decision& d,
                           const std::unordered_set<std::string>& edited, const std::string& shared) {
    const auto* previous = previous_output(s, shell.output_path);
    if (!previous) return "new output";
    if (previous->template_hash != d.template_hash) return "its template or a partial it uses changed";
    if (previous->view_hash != d.view_hash) return edited.count(shell.source) ? shell.source + " changed" : shared;
    if (!output_on_disk_matches(s, shell.output_path, *previous))
        return "the file in the output folder is missing or was changed";
    return {};
}

// A view left unbuilt (see views_to_check) is the view the last build rendered.
support::Hash previous_view_hash(const State& s, const std::string& path) {
    const auto* previous = previous_output(s, path);
    return previous ? previous->view_hash : 0;
}

// Every view with its paths and template but without its data.
std::vector<views::View> view_shells(const views::ViewBuilder& builder) {
    std::vector<views::View> shells(builder.size());
    for (std::size_t i = 0; i < shells.size(); ++i) shells[i] = builder.build(i, false);
    return shells;
}

// Hashes each view that `check` wants (built with HTML keys, see html_keys)
// and drops it straight away; the others are taken to be as last time.
std::vector<Decision> decide(State& s, const views::ViewBuilder& keyed, const std::vector<views::View>& shells,
                             const std::function<bool(std::size_t)>& check) {
    s.await_disk_stamps();
    // The generator's own code renders too: a new one rebuilds everything.
    // Worked out once per template, not once per page.
    std::map<std::string, support::Hash, std::less<>> template_hashes;
    for (const auto& shell : shells) {
        if (template_hashes.count(shell.template_name)) continue;
        support::Hasher template_and_code;
        template_and_code.add(support::to_hex(s.templates->fingerprint(shell.template_name))).add(s.options.generator_id);
        template_hashes.emplace(shell.template_name, template_and_code.digest());
    }
    std::vector<Decision> decisions(shells.size());
    std::vector<std::string> reasons(shells.size());
    const auto edited = edited_sources(s);
    const auto shared = shared_changes(s);
    support::parallel_for(shells.size(), s.jobs, [] { return 0; }, [&](int, std::size_t i) {
        decisions[i].template_hash = template_hashes.find(shells[i].template_name)->second;
        if (!previous_output(s, shells[i].output_path)) {
            decisions[i].hash_when_rendered = true;
            reasons[i] = "new output";
            return;
        }
        decisions[i].view_hash = !check || check(i) ? keyed.build(i).data.digest() : previous_view_hash(s, shells[i].output_path);
        reasons[i] = rebuild_reason(s, shells[i], decisions[i], edited, shared);
    });
    for (std::size_t i = 0; i < shells.size(); ++i) {
        decisions[i].render = !reasons[i].empty();
        if (decisions[i].render) s.explain(shells[i].output_path, reasons[i]);
    }
    return decisions;
}

// A page whose output must be written again for another reason than an edit
// (its file went missing from the output folder) may have been left out by
// resolve_links: its links are resolved now, and its HTML key made.
void resolve_links_of_rendered(State& s, const std::vector<Decision>& decisions, std::vector<std::string>& keys) {
    std::vector<std::size_t> pages;
    for (std::size_t i = 0; i < s.pages.size(); ++i)
        if (decisions[i].render && !s.links_resolved[i]) pages.push_back(i);
    if (pages.empty()) return;
    complete_all_pages(s);  // their own fields, and the headings of the pages they link to
    const std::set<std::size_t> wanted(pages.begin(), pages.end());
    links::Options options{s.options.offline, s.jobs, [&wanted](std::size_t i) { return wanted.count(i) != 0; }};
    auto more = links::resolve(s.pages, s.documents, s.content_files, s.drafts, options, s.diagnostics());
    for (const std::size_t i : pages) {
        s.links.targets[i] = std::move(more.targets[i]);
        s.links.hrefs[i] = std::move(more.hrefs[i]);
        s.links_resolved[i] = 1;
        keys[i] = html_key(s, i);
    }
}

// Pages whose HTML came from the build state are parsed again when their own
// output must be rendered.
void load_missing_html(State& s, const std::vector<Decision>& decisions) {
    std::vector<std::size_t> needed;
    for (std::size_t i = 0; i < s.pages.size(); ++i)
        if (decisions[i].render && !s.sources[s.page_sources[i]].has_html) needed.push_back(i);
    std::vector<Diagnostics> errors(needed.size());
    support::parallel_for(needed.size(), s.jobs, [] { return 0; },
                          [&](int, std::size_t k) { parse_again(s, needed[k], errors[k]); });
    s.report.parsed += needed.size();
    for (const auto& e : errors) s.diagnostics().append(e);
}

// ---- writing ----

struct Written {
    support::Hash bytes_hash = 0;
    std::uint64_t size = 0;
    std::int64_t modified_ns = 0;  // of the file in the output, once the build is committed
    support::WriteOutcome outcome = support::WriteOutcome::unchanged;
    std::string error;
};

// Writes bytes unless the last build wrote the same bytes and they are still there.
Written write_output(const State& s, const std::string& path, const support::Pieces& pieces) {
    support::Hasher hash;
    std::uint64_t size = 0;
    for (const auto piece : pieces) {
        hash.add_bytes(piece);
        size += piece.size();
    }
    Written w{hash.digest(), size, 0, support::WriteOutcome::unchanged, {}};
    const auto* previous = previous_output(s, path);
    if (previous && previous->bytes_hash == w.bytes_hash && output_on_disk_matches(s, path, *previous)) {
        w.modified_ns = previous->modified_ns;
        return w;
    }
    w.outcome = s.transaction->stage(path, pieces, w.error, &w.modified_ns);
    return w;
}

Written write_output(const State& s, const std::string& path, std::string_view bytes) {
    return write_output(s, path, support::Pieces{bytes});
}

void record(State& s, const std::string& path, const Written& w, support::Hash template_hash, support::Hash view_hash) {
    if (w.outcome == support::WriteOutcome::failed) {
        s.diagnostics().error((s.output() / path).string(), {}, w.error, Category::io);
        return;
    }
    if (w.outcome == support::WriteOutcome::written) ++s.report.written;
    else ++s.report.unchanged;
    // Outputs mostly come in path order: the hint makes each insertion cheap.
    s.next.outputs.insert_or_assign(s.next.outputs.end(), path, state::OutputRecord{template_hash, view_hash, w.bytes_hash, w.size, w.modified_ns});
}

// Records a file made outside the views (a static file, the sitemap, the
// search index) and, with --explain, why it was written when it was:
// `changed` names what it is made from.
void record_made(State& s, const std::string& path, const Written& w, const std::string& changed) {
    if (s.options.explain && w.outcome == support::WriteOutcome::written) {
        const auto* previous = previous_output(s, path);
        if (!previous) s.explain(path, "new output");
        else if (previous->bytes_hash == w.bytes_hash) s.explain(path, "the file in the output folder is missing or was changed");
        else s.explain(path, changed);
    }
    record(s, path, w, 0, 0);
}

// Keeps an output of the last build as it is. Its entry moves from the last
// state to the next without a copy (a map node changes hands), so each
// output is kept at most once. Outputs are kept in the site's order, not
// their paths': the entry waits at its place in the last state's order,
// and all go into the next state at the end (see move_kept_outputs).
void keep(State& s, const std::string& path) {
    const auto& previous = s.previous_outputs.at(path);
    s.kept_outputs[previous.index] = s.previous.outputs.extract(previous.entry);
    ++s.report.unchanged;
}

// Each kept entry goes in beside the one before it, in path order: one by
// one as they were kept, each would have searched the whole map.
void move_kept_outputs(State& s) {
    auto hint = s.next.outputs.begin();
    for (auto& entry : s.kept_outputs)
        if (!entry.empty()) hint = std::next(s.next.outputs.insert(hint, std::move(entry)));
    s.kept_outputs.clear();
}

void release_html(markdown::Document& document) {
    release(document.html);
    release(document.intro_html);
    for (auto& section : document.sections) release(section.html);
}

// Brings page i's HTML back from the spill file, if it went there. Each page
// is rendered on one thread, which alone touches its document's HTML.
bool unspill_html(State& s, std::size_t i, Written& written) {
    if (i >= s.spilled_html.size() || !s.spilled_html[i]) return true;
    auto html = s.spill->get(*s.spilled_html[i]);
    if (!html) {
        written.outcome = support::WriteOutcome::failed;
        written.error = "cannot read back the page's HTML from the build's temporary file";
        return false;
    }
    s.documents[i].html = std::move(*html);
    return true;
}

// Each view is built, rendered, written and dropped on one thread, so that
// only a few views are in memory at a time. The views hold the pages' HTML,
// which hashes as their keys: a new output's view hash is taken from them.
void render_outputs(State& s, const std::vector<views::View>& shells, std::vector<Decision>& decisions,
                    const std::vector<std::string>& keys) {
    const views::ViewBuilder full(model_of(s, &keys, true));
    std::vector<Written> written(shells.size());
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < shells.size(); ++i)
        if (decisions[i].render) order.push_back(i);
    std::vector<std::set<std::string>> missing(shells.size());
    support::parallel_for(
        order.size(), s.jobs, [&] { return std::make_unique<templates::Compiled>(*s.templates); },
        [&](std::unique_ptr<templates::Compiled>& compiled, std::size_t k) {
            const std::size_t i = order[k];
            if (!unspill_html(s, i, written[i])) return;
            views::View view = full.build(i);
            if (decisions[i].hash_when_rendered) decisions[i].view_hash = view.data.digest();
            written[i] = write_output(s, view.output_path,
                                      compiled->render(view.template_name, std::move(view.data), missing[i]));
            // A page's HTML is in its own view only (other views show its
            // callouts, not its body), so it can go once its page is written.
            if (i < s.documents.size()) release_html(s.documents[i]);
        });
    s.report.rendered = order.size();
    for (std::size_t i = 0; i < shells.size(); ++i) {
        const auto& path = shells[i].output_path;
        if (!decisions[i].render) {
            keep(s, path);
            continue;
        }
        record(s, path, written[i], decisions[i].template_hash, decisions[i].view_hash);
        if (s.options.strict)
            for (const auto& key : missing[i])
                s.diagnostics().warning("templates/" + shells[i].template_name + ".mustache", {},
                                        "'" + key + "' is not in the view of " + path);
    }
}

// Copies a file unless its source and its copy are as the last build left them.
void copy_file(State& s, const fs::path& from, const std::string& display, const std::string& to) {
    const auto stamp = state::stamp_of(from);
    const std::string key = display;
    const auto before = s.previous.other_inputs.find(key);
    const auto* output = previous_output(s, to);
    if (stamp && !racy(s, *stamp) && before != s.previous.other_inputs.end() && before->second == *stamp && output &&
        output_on_disk_matches(s, to, *output)) {
        s.next.other_inputs[key] = *stamp;
        keep(s, to);
        return;
    }
    auto read = support::read_file(from);
    if (!read.text) return s.diagnostics().error(display, {}, read.error, Category::io);
    if (stamp) s.next.other_inputs[key] = *stamp;
    record_made(s, to, write_output(s, to, *read.text), display + " changed");
}

void copy_static_files(State& s) {
    const fs::path static_dir = theme_dir(s) / "static";
    for (const auto& path : support::list_files(static_dir))
        copy_file(s, static_dir / path, "themes/" + s.config.theme + "/static/" + path, path);
    for (const auto& path : s.content_files) copy_file(s, s.source() / "content" / path, "content/" + path, path);
}

// With the site's shape unchanged, the sitemap, feed and the other discovery
// files are the last build's bytes (see discovery_paths): kept as they are
// when they are still in the output folder.
bool keep_discovery_files(State& s) {
    if (!s.same_shape) return false;
    const auto paths = discovery::discovery_paths(s.config);
    for (const auto& path : paths) {
        const auto* previous = previous_output(s, path);
        if (!previous || !output_on_disk_matches(s, path, *previous)) return false;
    }
    for (const auto& path : paths) keep(s, path);
    return true;
}

// ---- files made from the whole site ----

// A file made from every page rather than from one view: a discovery file
// (sitemap, feed, robots.txt ...) or a file of the search index. Planned
// before the views render, made and staged on a thread of its own while they
// render, and recorded after them: made after the views, they kept one core
// busy at the end of a large build while the other had nothing left to do.
struct SiteFile {
    std::string path;
    std::function<Written()> stage;  // makes and stages it, reading only the build's pages and sources
    std::string changed;             // what changed it, for --explain
    Written written;
};

using SearchParts = std::vector<std::vector<std::size_t>>;

struct SiteFiles {
    SearchParts search_parts;
    bool make_discovery = false;          // false when the last build's are kept
    std::vector<output::File> discovery;  // made on the maker's thread
    std::vector<Written> discovery_written;
    std::vector<SiteFile> search;         // the search index's files to write, in order
};

// The sources of each part's pages, in site order. Worked out while the
// pages are at hand: the build state takes them before the index is written.
SearchParts search_parts_of(const State& s) {
    SearchParts sources_in(discovery::search_parts(s.pages.size()));
    for (std::size_t k = 0; k < s.pages.size(); ++k)
        sources_in[discovery::search_part_of(s.pages[k].url_path, sources_in.size())].push_back(s.page_sources[k]);
    return sources_in;
}

// The search index is made of each page's entries in site order. With the
// site's shape unchanged (the same pages, in the same order, so each in the
// same part), a file of it is the last build's when every page in it that
// was parsed again made the entries it made before: then it is kept without
// being made, hashed or compared (26 MB at 10,000 pages in one file).
bool search_file_unchanged(const State& s, const std::vector<std::size_t>& sources, const std::string& path) {
    if (!s.same_shape) return false;
    for (const std::size_t i : sources) {
        const auto& source = s.sources[i];
        if (!source.parsed) continue;
        const auto previous = s.previous.pages.find(source.path);
        if (previous == s.previous.pages.end() || previous->second.search_entries != source.search_entries) return false;
    }
    const auto* output = previous_output(s, path);
    return output && output_on_disk_matches(s, path, *output);
}

// Written from each page's entries in place: the whole index would be a
// copy of all of them.
std::vector<std::string_view> search_entries_of(const State& s, const std::vector<std::size_t>& sources) {
    std::vector<std::string_view> entries;
    entries.reserve(sources.size());
    for (const std::size_t i : sources) entries.push_back(s.sources[i].search_entries);
    return entries;
}

// For --explain: the pages whose search entries changed since the last
// build, by name, or what else changed the file.
std::string search_changes(const State& s, const std::vector<std::size_t>& sources) {
    if (!s.options.explain) return {};
    std::vector<std::string> named;
    for (const std::size_t i : sources) {
        const auto& source = s.sources[i];
        const auto previous = s.previous.pages.find(source.path);
        if (source.parsed && (previous == s.previous.pages.end() || previous->second.search_entries != source.search_entries))
            named.push_back("content/" + source.path);
    }
    if (named.empty()) return "the pages in it, or their order, changed";
    return "what it holds of its pages changed, in " + first_few(named);
}

// Whether the entries of the pages taken from the build state are as they
// were stored (see state::intact): checked only for a file about to be
// written again, as the log is read no further.
bool stored_entries_intact(State& s, const std::vector<std::size_t>& sources) {
    return std::all_of(sources.begin(), sources.end(), [&](std::size_t i) {
        auto& source = s.sources[i];
        return source.parsed || record_intact(source);
    });
}

// Keeps the search index's files that are as the last build left them and
// plans the others: false, with s.damaged_state set, if a page's stored
// entries turn out damaged (see build).
bool plan_search_index(State& s, SiteFiles& files) {
    const auto& parts = files.search_parts;
    const auto plan = [&](std::string path, const std::vector<std::size_t>& sources, std::string start) {
        if (search_file_unchanged(s, sources, path)) {
            keep(s, path);
            return true;
        }
        s.damaged_state = !stored_entries_intact(s, sources);
        if (s.damaged_state) return false;
        auto stage = [&s, path, sources, start = std::move(start), whole = parts.size() == 1] {
            const auto entries = search_entries_of(s, sources);
            return write_output(s, path, whole ? discovery::search_index(entries) : discovery::search_part(start, entries));
        };
        files.search.push_back({std::move(path), std::move(stage), search_changes(s, sources), {}});
        return true;
    };
    const std::string index(discovery::kSearchIndexPath);
    if (parts.size() == 1) return plan(index, parts[0], {});
    auto stage_index = [&s, index, count = parts.size()] {
        return write_output(s, index, discovery::search_index_of_parts(count));
    };
    files.search.push_back({index, std::move(stage_index), "the number of its parts changed", {}});
    for (std::size_t part = 0; part < parts.size(); ++part)
        if (!plan(discovery::search_part_path(part), parts[part], discovery::search_part_start(part))) return false;
    return true;
}

// What is kept is kept here; nullopt if the build state is damaged.
std::optional<SiteFiles> plan_site_files(State& s) {
    SiteFiles files;
    files.search_parts = search_parts_of(s);
    files.make_discovery = !keep_discovery_files(s);
    if (files.make_discovery) complete_all_pages(s);  // review dates
    if (!plan_search_index(s, files)) return std::nullopt;
    return files;
}

// Makes and stages the planned files; nothing is recorded yet.
void make_site_files(const State& s, SiteFiles& files) {
    if (files.make_discovery) {
        const auto entries = discovery::public_entries(s.config, s.pages, !s.causes.causes.empty());
        files.discovery = discovery::discovery_files(s.config, entries);
        for (const auto& file : files.discovery) files.discovery_written.push_back(write_output(s, file.path, file.bytes));
    }
    for (auto& file : files.search) file.written = file.stage();
}

void record_site_files(State& s, const SiteFiles& files) {
    for (std::size_t i = 0; i < files.discovery.size(); ++i)
        record_made(s, files.discovery[i].path, files.discovery_written[i],
                    "what it shows of the pages or of site.toml changed");
    for (const auto& file : files.search) record_made(s, file.path, file.written, file.changed);
}

// Every file this build produces, known before anything is written.
std::vector<std::string> output_paths(const State& s, const std::vector<views::View>& views, const SearchParts& search_parts) {
    std::vector<std::string> paths;
    for (const auto& view : views) paths.push_back(view.output_path);
    for (const auto& path : support::list_files(theme_dir(s) / "static")) paths.push_back(path);
    for (const auto& path : s.content_files) paths.push_back(path);
    for (auto& path : discovery::discovery_paths(s.config)) paths.push_back(std::move(path));
    for (auto& path : discovery::search_index_paths(search_parts.size())) paths.push_back(std::move(path));
    return paths;
}

// Moves the staged files into place, removes the outputs of the last build
// that this one does not produce, and writes the manifest.
void commit_output(State& s, const std::vector<std::string>& paths) {
    if (s.options.explain) {
        const std::set<std::string> current(paths.begin(), paths.end());
        for (const auto& [path, record] : s.previous.outputs)
            if (!current.count(path)) s.explain(path, "removed: its source is gone");
    }
    auto committed = s.transaction->commit(paths, s.diagnostics());
    s.report.removed = committed.removed.size();
    auto& changed = s.report.changed_files = std::move(committed.written);
    changed.insert(changed.end(), committed.removed.begin(), committed.removed.end());
    std::sort(changed.begin(), changed.end());
    s.next.manifest = state::stamp_of(s.output() / output::kManifestName).value_or(state::Stamp{});
}

// A page taken from the build state is stored again as it was loaded,
// without encoding it again: its entry moves from the last state to the next
// (a map node changes hands; nothing is copied). Sources come in path order,
// as the map holds them, so the entry is looked for from where the last one
// was (next), before the whole map is searched.
bool keep_previous_record(State& s, const Source& source, state::PageMap::iterator& next) {
    if (source.parsed) return false;
    while (next != s.previous.pages.end() && next->first < source.path) ++next;
    auto previous = next != s.previous.pages.end() && next->first == source.path ? next : s.previous.pages.find(source.path);
    if (previous == s.previous.pages.end() || previous->second.encoded.empty()) return false;
    if (previous == next) ++next;
    auto node = s.previous.pages.extract(previous);
    node.mapped().stamp = source.stamp;
    node.mapped().diagnostics = source.diagnostics.items();
    s.next.pages.insert(s.next.pages.end(), std::move(node));  // sources come in path order
    return true;
}

// Moves what the next build needs into s.next, not copied: each page's
// parse, or its record as it was. The pages are gone from s.pages afterwards.
void prepare_state(State& s) {
    std::vector<std::size_t> page_of_source(s.sources.size(), SIZE_MAX);
    for (std::size_t k = 0; k < s.page_sources.size(); ++k) page_of_source[s.page_sources[k]] = k;
    auto next_previous = s.previous.pages.begin();
    for (std::size_t i = 0; i < s.sources.size(); ++i) {
        auto& source = s.sources[i];
        if (!source.has_page) continue;
        if (keep_previous_record(s, source, next_previous)) continue;
        const std::size_t k = page_of_source[i];
        auto& page = k == SIZE_MAX ? source.left_out->page : s.pages[k];
        auto& document = k == SIZE_MAX ? source.left_out->document : s.documents[k];
        // Not reached by a page taken from the build state (its record is
        // kept as it was), but a record must never be stored half decoded.
        if (!source.rest.empty() && (!record_intact(source) || !state::decode_rest(source.rest, page, document)))
            continue;
        state::CachedPage cached;
        cached.stamp = source.stamp;
        cached.source_hash = source.hash;
        cached.diagnostics = source.diagnostics.items();
        cached.public_digest = source.public_digest;
        cached.search_entries = source.search_entries;
        cached.parsed = std::make_unique<state::ParsedPage>();
        cached.parsed->page = std::move(page);
        cached.parsed->document = std::move(document);
        release_html(cached.parsed->document);
        s.next.pages.emplace_hint(s.next.pages.end(), source.path, std::move(cached));
    }
    s.next.log = s.previous.log;    // where the kept records are
    s.next.file = s.previous.file;  // and their heads
    if (s.scan) s.next.listing = std::move(s.scan->listing);
    s.next.backlinks.resize(s.pages.size());
    for (std::size_t i = 0; i < s.pages.size(); ++i)
        s.next.backlinks[i].assign(s.links.backlinks[i].begin(), s.links.backlinks[i].end());
}

// Writes the pages' records on another thread while `finish` stages and
// commits the rest of the output; the state that names them is written only
// if the commit went through, and taken back otherwise.
template <typename Finish>
void save_state_beside(State& s, Finish finish) {
    prepare_state(s);
    const auto file = state_file(s.source(), s.output());
    state::SavedRecords records;
    bool finished = false;
    {
        std::jthread writer([&] { records = state::save_records(file, s.next, s.jobs); });
        finished = finish();
    }
    if (!finished) return state::discard(records.log);  // the state stays as the last build left it
    move_kept_outputs(s);
    s.next.view_inputs = view_inputs_hash(s);
    const auto error = state::save(file, s.next, records, s.page_sources.size());
    (void)error;  // without a state the next build is simply a full one
}

// Frees what the build holds per page on every core: freed one page at a
// time on one thread, a large site's pages take as long as a stage.
void free_pages(State& s) {
    support::parallel_for(s.pages.size(), s.jobs, [] { return 0; }, [&](int, std::size_t i) {
        s.pages[i] = content::Page{};
        s.documents[i] = markdown::Document{};
        s.links.targets[i] = {};
        s.links.hrefs[i] = {};
    });
    support::parallel_for(s.sources.size(), s.jobs, [] { return 0; }, [&](int, std::size_t i) { s.sources[i] = Source{}; });
    // The saved state holds each page's parse by then.
    std::vector<state::CachedPage*> saved;
    saved.reserve(s.next.pages.size());
    for (auto& [path, page] : s.next.pages) saved.push_back(&page);
    support::parallel_for(saved.size(), s.jobs, [] { return 0; },
                          [&](int, std::size_t i) { *saved[i] = state::CachedPage{}; });
}

// ---- the no-op fast path ----

bool same_stamp(const fs::path& file, const state::Stamp& recorded) {
    const auto now = state::stamp_of(file);
    return now && *now == recorded;
}

// Both lists are sorted by path, so they are compared side by side.
bool same_markdown_sources(const State& s, const ContentScan& scan, const state::Stamps& stamps) {
    if (scan.markdown.size() != stamps.pages.size()) return false;
    auto recorded = stamps.pages.begin();
    for (std::size_t i = 0; i < scan.markdown.size(); ++i, ++recorded)
        if (recorded->first != scan.markdown[i] || recorded->second != scan.stamps[i] || racy(s, recorded->second))
            return false;
    return true;
}

bool same_other_inputs(const State& s, const std::vector<std::string>& content, const state::Stamps& stamps) {
    std::size_t count = 0;
    for (const auto& path : content)
        if (!path.ends_with(".md") && ++count && !stamps.other_inputs.count("content/" + path))
            return false;
    const std::string theme_static = "themes/" + s.config.theme + "/static/";
    for (const auto& path : support::list_files(theme_dir(s) / "static"))
        if (++count && !stamps.other_inputs.count(theme_static + path)) return false;
    if (count != stamps.other_inputs.size()) return false;
    for (const auto& [key, stamp] : stamps.other_inputs)
        if (!same_stamp(s.source() / key, stamp) || racy(s, stamp)) return false;
    return true;
}

// Every file the last build wrote is still in the output folder as it left
// it, so that a build with nothing else to do writes again a file deleted or
// changed by hand (see also output_on_disk_matches).
bool outputs_as_left(const State& s, const std::vector<state::Stamps::Output>& outputs) {
    std::atomic<bool> changed{false};
    support::parallel_for(outputs.size(), s.jobs, [] { return 0; }, [&](int, std::size_t i) {
        if (changed.load(std::memory_order_relaxed)) return;
        const auto stamp = s.output_stamps->of(std::string(outputs[i].path));
        if (!stamp || stamp->size != outputs[i].size || stamp->mtime_ns != outputs[i].modified_ns) changed = true;
    });
    return !changed;
}

// True when nothing the last build read has changed and its outputs are still
// in place: then there is nothing to do at all. Only the small stamps file and
// the manifest are read, never the parsed pages.
bool nothing_changed(State& s) {
    if (!s.options.incremental || s.options.explain) return false;
    const auto file = state_file(s.source(), s.output());
    auto stamps = state::load_stamps(file);
    if (!stamps || stamps->inputs != parse_inputs_hash(s) || stamps->view_inputs != view_inputs_hash(s)) return false;
    s.previous_saved_ns = state::stamp_of(file).value_or(state::Stamp{}).mtime_ns;
    if (!same_stamp(s.output() / output::kManifestName, stamps->manifest)) return false;
    const auto& scan = scan_content(s, &stamps->listing);
    if (!same_markdown_sources(s, scan, *stamps) || !same_other_inputs(s, scan.listing.files, *stamps)) return false;
    if (!outputs_as_left(s, stamps->outputs)) return false;
    for (const auto& d : stamps->diagnostics) s.diagnostics().add(d);
    s.report.pages = stamps->published_pages;
    s.report.unchanged = stamps->outputs.size();
    return true;
}

// ---- check ----

void fill_page_reports(State& s) {
    for (std::size_t i = 0; i < s.pages.size(); ++i) {
        const auto& page = s.pages[i];
        // A home page made from site.toml has no text to check, and no file to fix.
        if (is_implicit_home(s, page.source_path)) continue;
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
        r.last_reviewed_at = page.position_of("last_reviewed");
        r.next_review_at = page.position_of("next_review");
        s.report.page_reports.push_back(std::move(r));
    }
}

template <typename Fn>
BuildReport timed(const BuildOptions& options, Fn fn) {
    const auto start = std::chrono::steady_clock::now();
    BuildReport report;
    auto state = std::make_unique<State>(options, report);
    fn(*state);
    report.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    if (options.keep_memory) {
        state->close_files();
        report.retained = std::move(state);
    }
    return report;
}

// Records how long each stage took, for --timings and the benchmark notes.
class StageClock {
public:
    explicit StageClock(BuildReport& report) : report_(report) {}
    void mark(const char* stage) {
        const auto now = std::chrono::steady_clock::now();
        report_.stage_times.emplace_back(stage, std::chrono::duration_cast<std::chrono::milliseconds>(now - last_));
        last_ = now;
    }

private:
    BuildReport& report_;
    std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

void build_stages(State& s) {
    StageClock clock(s.report);
    if (!load_config(s) || !choose_output(s) || !load_templates(s) || !take_output(s)) return;
    if (nothing_changed(s)) return clock.mark("no-op check");
    clock.mark("config, templates, content/ listed and stamped");
    load_previous_state(s);
    stamp_previous_outputs(s);
    s.spill = support::SpillFile::create(state_file(s.source(), s.output()).parent_path());
    clock.mark("build state read");
    list_content(s);
    if (s.diagnostics().has_errors()) return;
    if (!parse_content(s) || cancelled(s)) return;
    // The same site shape means the same sources publishing to the same
    // places, which the last build checked.
    s.same_shape = same_site_shape(s);
    if (!s.same_shape && !check_output_paths(s)) return;
    clock.mark("content and Markdown");
    complete_needed_pages(s);
    resolve_links(s);
    s.causes = causes::build(s.pages, s.documents, s.config.cause_section, s.diagnostics());
    if (s.diagnostics().has_errors()) return;
    clock.mark("links and causes");
    auto keys = html_keys(s);
    const views::ViewBuilder keyed(model_of(s, &keys));
    const auto shells = view_shells(keyed);
    if (!check_templates(s, shells)) return;
    auto decisions = decide(s, keyed, shells, views_to_check(s));
    resolve_links_of_rendered(s, decisions, keys);
    clock.mark("views and change detection");
    load_missing_html(s, decisions);
    if (s.report.failed(s.options.strict)) return;
    clock.mark("Markdown of changed pages");
    auto site_files = plan_site_files(s);
    if (!site_files) return;
    {
        std::jthread maker;  // a build asked for one thread makes them after the views
        if (s.jobs > 1) maker = std::jthread([&] { make_site_files(s, *site_files); });
        render_outputs(s, shells, decisions, keys);
        if (!maker.joinable()) make_site_files(s, *site_files);
    }
    clock.mark("templates and writing");
    const auto paths = output_paths(s, shells, site_files->search_parts);
    save_state_beside(s, [&] {
        copy_static_files(s);
        record_site_files(s, *site_files);
        // Nothing in the output has changed yet: the changes are staged.
        if (s.report.failed(s.options.strict) || cancelled(s)) return false;
        commit_output(s, paths);
        return !s.diagnostics().has_errors();
    });
    clock.mark("static files, sitemap, feed, search index, commit, build state");
    if (!s.options.keep_memory) free_pages(s);
}

}  // namespace

// A damaged record of the build state found too late to parse its page
// again leaves the output and the state as they were; the build then starts
// again without the state, as a clean build.
BuildReport build(const BuildOptions& options) {
    bool damaged = false;
    auto report = timed(options, [&damaged](State& s) {
        build_stages(s);
        damaged = s.damaged_state;
    });
    if (!damaged) return report;
    report = BuildReport{};  // its memory and lock go before the clean build takes them
    BuildOptions clean = options;
    clean.incremental = false;
    auto again = timed(clean, build_stages);
    if (options.explain) again.explanations.insert(again.explanations.begin(), "*: the build state was damaged: building everything");
    return again;
}

BuildReport check(const BuildOptions& options) {
    BuildOptions fresh = options;
    fresh.incremental = false;
    return timed(fresh, [](State& s) {
        if (run_stages(s)) fill_page_reports(s);
    });
}

}  // namespace healthsite::site
