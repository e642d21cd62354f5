// Incremental builds must give exactly the bytes of a clean build. Random
// sequences of edits (bodies, titles, weights, conditions; pages added,
// deleted, renamed and made drafts; a template or partial changed or
// removed; site.toml changed; the glossary, a theme's static file or a file
// beside the pages changed), and after each one the incremental output is
// compared with a clean build.
//
// CI runs a fixed seed and a bounded number of steps. Run longer by hand:
//   HEALTHSITE_RANDOM_STEPS=2000 HEALTHSITE_RANDOM_SEED=7 ./build/tests/test_site "[random-edits]"
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

#include <nlohmann/json.hpp>

#include "generator/site/site.hpp"
#include "tests/helpers/temp_dir.hpp"

using namespace healthsite;
using namespace healthsite::testing;

namespace {

const fs::path kSites = fs::path(HEALTHSITE_SOURCE_DIR) / "tests" / "sites";

std::uint64_t env_number(const char* name, std::uint64_t fallback) {
    const char* value = std::getenv(name);
    return value ? std::strtoull(value, nullptr, 10) : fallback;
}

const std::vector<std::string> kSymptoms{"burning", "cramping", "aching", "swelling", "tingling", "numbness"};

class RandomSite {
public:
    RandomSite(const TempDir& dir, std::uint64_t seed) : dir_(dir), random_(seed) {
        fs::copy(kSites / "themes", dir.path() / "themes", fs::copy_options::recursive);
        dir.write("site.toml", site_toml("Random site"));
        dir.write("content/_index.md", page("Home", 0, "Welcome to the [first cause](causes/c1.md).", {}));
        dir.write("content/causes/_index.md", page("Causes", 1, "All causes.", {}));
        for (int i = 0; i < 6; ++i) add_cause();
        dir.write("content/faq.md", "+++\ntitle = \"FAQ\"\nlayout = \"faq\"\n+++\n\n## Is it bad?\n\nNo, see [c1](causes/c1.md).\n");
        // A glossary: its page lists the terms, and every other page links
        // the first use of each term to it.
        dir.write("templates/glossary.mustache",
                  "{{> head}}\n<main><h1>{{page.title}}</h1>\n{{#glossary}}<h2 id=\"{{id}}\">{{letter}}</h2>\n"
                  "{{#terms}}<dt id=\"{{id}}\">{{name}}</dt><dd>{{definition}}</dd>\n{{/terms}}{{/glossary}}</main>\n{{> foot}}");
        dir.write("content/glossary.md", "+++\ntitle = \"Words\"\nlayout = \"glossary\"\n+++\n\nThe words used here.\n");
        edit_glossary();
    }

    // Applies one random edit and says what it was.
    std::string edit() {
        const int kind = pick(16);
        if (causes_.empty() || kind == 0) return add_cause();
        const int n = causes_[static_cast<std::size_t>(pick(static_cast<int>(causes_.size())))];
        switch (kind) {
            case 1: return rewrite(n, "body");
            case 2: return rewrite(n, "title");
            case 3: return rewrite(n, "weight");
            case 4: return rewrite(n, "conditions");
            case 5: return remove(n);
            case 6: return rename(n);
            case 7: return edit_template();
            case 8: return edit_partial();
            case 9: return toggle_home();
            case 10: return edit_glossary();
            case 11: return edit_static_file();
            case 12: return edit_content_file();
            case 13: return make_draft(n);
            case 14: return remove_template();
            default: return edit_site_toml();
        }
    }

private:
    int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(random_); }

    static std::string site_toml(const std::string& title) {
        return "title = \"" + title + "\"\nbase_url = \"https://example.org/r/\"\ntheme = \"plain\"\n";
    }

    static std::string page(const std::string& title, int weight, const std::string& body, const std::string& extra) {
        return "+++\ntitle = \"" + title + "\"\nweight = " + std::to_string(weight) + "\n" + extra + "+++\n\n" + body + "\n";
    }

    std::string cause_text(int n) {
        const std::string symptom = kSymptoms[static_cast<std::size_t>(pick(static_cast<int>(kSymptoms.size())))];
        const std::string conditions = "\n[[conditions]]\nname = \"Condition " + std::to_string(n) +
                                       "\"\nanchor = \"condition-" + std::to_string(n) + "\"\nsymptoms = [\"" + symptom +
                                       "\"]\nurgency = \"see-a-doctor\"\n";
        std::string body = "## Condition " + std::to_string(n) + " {#condition-" + std::to_string(n) + "}\n\nText " +
                           std::to_string(pick(1000)) + ".\n";
        if (causes_.size() > 1) {
            const int other = causes_[static_cast<std::size_t>(pick(static_cast<int>(causes_.size())))];
            if (other != n) body += "\nSee [cause " + std::to_string(other) + "](c" + std::to_string(other) + ".md#condition-" +
                                    std::to_string(other) + ").\n";
        }
        return page("Cause " + std::to_string(n) + " v" + std::to_string(pick(100)), pick(5), body, conditions);
    }

    std::string path_of(int n) const { return "content/causes/c" + std::to_string(n) + ".md"; }

    std::string add_cause() {
        const int n = next_++;
        causes_.push_back(n);
        dir_.write(path_of(n), cause_text(n));
        return "add c" + std::to_string(n);
    }

    std::string rewrite(int n, const std::string& what) {
        dir_.write(path_of(n), cause_text(n));
        return what + " of c" + std::to_string(n);
    }

    // Removing a page others link to would break the build, so links to it go first.
    std::string remove(int n) {
        std::erase(causes_, n);
        fs::remove(dir_.path() / path_of(n));
        unlink_all(n);
        return "delete c" + std::to_string(n);
    }

    std::string rename(int n) {
        const int renamed = next_++;
        fs::remove(dir_.path() / path_of(n));
        std::replace(causes_.begin(), causes_.end(), n, renamed);
        unlink_all(n);
        dir_.write(path_of(renamed), cause_text(renamed));
        return "rename c" + std::to_string(n) + " to c" + std::to_string(renamed);
    }

    void unlink_all(int n) {
        for (const int other : causes_) {
            const std::string text = dir_.read(path_of(other));
            if (text.find("(c" + std::to_string(n) + ".md") != std::string::npos) dir_.write(path_of(other), cause_text(other));
        }
        if (n == 1 || dir_.read("content/_index.md").find("c" + std::to_string(n) + ".md") != std::string::npos) {
            dir_.write("content/_index.md", page("Home", 0, "Welcome.", {}));
            dir_.write("content/faq.md", "+++\ntitle = \"FAQ\"\nlayout = \"faq\"\n+++\n\n## Is it bad?\n\nNo.\n");
        }
    }

    // Without content/_index.md the site still has a home page, made from site.toml.
    std::string toggle_home() {
        if (fs::remove(dir_.path() / "content/_index.md")) return "delete the home page";
        dir_.write("content/_index.md", page("Home", 0, "Welcome back.", {}));
        return "write the home page";
    }

    std::string edit_template() {
        dir_.write("templates/page.mustache", "{{> article}}\n<!-- variant " + std::to_string(pick(3)) + " -->\n");
        return "template";
    }

    std::string edit_partial() {
        dir_.write("templates/partials/foot.mustache", "<footer>" + std::to_string(pick(3)) + "</footer>\n</body>\n</html>\n");
        return "partial";
    }

    std::string edit_static_file() {
        dir_.write("themes/plain/static/plain.css", "body { margin: " + std::to_string(pick(4)) + "em; }\n");
        return "theme static file";
    }

    // A file published beside the pages: written, changed or removed.
    std::string edit_content_file() {
        if (pick(3) == 0 && fs::remove(dir_.path() / "content/causes/leaflet.txt")) return "remove leaflet.txt";
        dir_.write("content/causes/leaflet.txt", "Leaflet " + std::to_string(pick(4)) + "\n");
        return "write leaflet.txt";
    }

    // A draft is left out of the site: links to it go first.
    std::string make_draft(int n) {
        std::erase(causes_, n);
        unlink_all(n);
        dir_.write(path_of(n), page("Draft " + std::to_string(n), 1, "Not ready.", "draft = true\n"));
        return "make c" + std::to_string(n) + " a draft";
    }

    std::string remove_template() {
        fs::remove(dir_.path() / "templates/page.mustache");
        return "remove the site's page template";
    }

    // Some of the symptoms, each defined in a few words that change.
    std::string edit_glossary() {
        std::string text;
        for (const auto& symptom : kSymptoms) {
            if (pick(3) == 0) continue;
            text += "[[term]]\nname = \"" + symptom + "\"\ndefinition = \"A feeling, version " + std::to_string(pick(5)) +
                    ".\"\n\n";
        }
        dir_.write("content/glossary.toml", text);
        return "glossary";
    }

    std::string edit_site_toml() {
        dir_.write("site.toml", site_toml("Random site " + std::to_string(pick(3))));
        return "site.toml";
    }

    const TempDir& dir_;
    std::mt19937_64 random_;
    std::vector<int> causes_;
    int next_ = 1;
};

// The options a build is run with, which the random edits change now and
// then: an incremental build after a change of options must still equal a
// clean build with the new ones.
struct Variant {
    bool drafts = false;
    bool offline = false;
    std::optional<std::string> base_url;
    unsigned jobs = 2;

    [[nodiscard]] std::string describe() const {
        return std::string(drafts ? " --drafts" : "") + (offline ? " --offline" : "") +
               (base_url ? " --base-url " + *base_url : "") + " --jobs " + std::to_string(jobs);
    }
};

site::BuildReport build_into(const fs::path& source, const fs::path& output, bool incremental, const Variant& variant = {}) {
    site::BuildOptions options;
    options.source = source;
    options.output = output;
    options.incremental = incremental;
    options.drafts = variant.drafts;
    options.offline = variant.offline;
    options.base_url = variant.base_url;
    options.jobs = variant.jobs;
    return site::build(options);
}

// A site's output built incrementally, beside a clean build made afresh
// each time the two are compared.
struct Outputs {
    explicit Outputs(const fs::path& site_folder) : site(site_folder) {}
    // The files of a clean build of the site as it is now.
    [[nodiscard]] std::map<std::string, std::string> clean_build(const Variant& variant = {}) const {
        fs::remove_all(clean);
        const auto report = build_into(site, clean, false, variant);
        for (const auto& d : report.diagnostics.items()) UNSCOPED_INFO(support::format(d));
        REQUIRE_FALSE(report.diagnostics.has_errors());
        return snapshot(clean);
    }
    fs::path site;
    fs::path incremental = site / "out-incremental";
    fs::path clean = site / "out-clean";
};

}  // namespace

namespace {

// Sets back to an hour ago the times of the files and folders written since
// the last call (outputs and the build's cache left alone), so that the next
// build trusts their stamps: the edits are then found by the stamps alone,
// as when a writer saves a page long after the last build, and not because
// they were too recent to trust (racily clean).
void age_recent_files(const fs::path& site) {
    const auto hour_ago = fs::file_time_type::clock::now() - std::chrono::hours(1);
    const auto recent = hour_ago + std::chrono::minutes(10);
    for (auto it = fs::recursive_directory_iterator(site); it != fs::recursive_directory_iterator(); ++it) {
        const std::string name = it->path().filename().string();
        if (it->is_directory() && (name.starts_with("out-") || name.starts_with("."))) {
            it.disable_recursion_pending();
            continue;
        }
        if (fs::last_write_time(it->path()) > recent) fs::last_write_time(it->path(), hour_ago);
    }
}

}  // namespace

namespace {

// Applies `steps` random edits to a site, and after each compares an
// incremental build with a clean one, byte for byte. `filler_pages` more
// pages that no edit touches make the site as large as wanted.
void check_random_edits(std::uint64_t seed, std::uint64_t steps, int filler_pages) {
    const TempDir dir;
    RandomSite site(dir, seed);
    for (int i = 0; i < filler_pages; ++i)
        dir.write("content/filler/f" + std::to_string(i) + ".md",
                  "+++\ntitle = \"Filler " + std::to_string(i) + "\"\n+++\n\nA page no edit touches.\n");
    const Outputs out(dir.path());
    REQUIRE_FALSE(build_into(dir.path(), out.incremental, true).diagnostics.has_errors());
    if (filler_pages > 500) REQUIRE(fs::exists(out.incremental / "search-index" / "1.js"));
    std::mt19937_64 options_random(seed);
    const auto chance = [&](int in) { return std::uniform_int_distribution<int>(0, in - 1)(options_random) == 0; };
    Variant variant;
    std::size_t rebuilt_less = 0;
    for (std::uint64_t step = 0; step < steps; ++step) {
        const std::string edit = site.edit();
        // Every other edit looks as if made long after the last build.
        if (step % 2 == 1) age_recent_files(dir.path());
        // Now and then the build's options change too.
        if (chance(6)) {
            variant.drafts = chance(2);
            variant.offline = chance(3);
            variant.base_url = chance(3) ? std::optional<std::string>("https://other.example/guide/") : std::nullopt;
            variant.jobs = 1 + static_cast<unsigned>(std::uniform_int_distribution<int>(0, 2)(options_random));
        }
        INFO("seed " << seed << ", step " << step << ": " << edit << (step % 2 == 1 ? " (aged)" : "") << ", built with"
                     << variant.describe());
        const auto report = build_into(dir.path(), out.incremental, true, variant);
        for (const auto& d : report.diagnostics.items()) UNSCOPED_INFO(support::format(d));
        REQUIRE_FALSE(report.diagnostics.has_errors());
        const auto expected = out.clean_build(variant);
        REQUIRE(expected.size() > 5);
        REQUIRE(snapshot(out.incremental) == expected);
        if (report.rendered < expected.size()) ++rebuilt_less;
    }
    // Most edits touch a few pages; an incremental build that always
    // rendered everything would pass the comparison but miss the point.
    CHECK(rebuilt_less > steps / 2);
}

}  // namespace

TEST_CASE("random edits: every incremental build equals a clean build, byte for byte", "[random-edits]") {
    check_random_edits(env_number("HEALTHSITE_RANDOM_SEED", 20261125), env_number("HEALTHSITE_RANDOM_STEPS", 60), 0);
}

// More than 500 pages: the search index comes in parts, each written again
// only when a page in it changed.
TEST_CASE("random edits on a site whose search index is in parts equal clean builds", "[random-edits]") {
    const auto seed = env_number("HEALTHSITE_RANDOM_SEED", 20261126);
    check_random_edits(seed, env_number("HEALTHSITE_RANDOM_STEPS", 20), 520);
}

TEST_CASE("an unchanged rebuild parses and renders nothing and keeps every file's time") {
    const TempDir dir;
    RandomSite site(dir, 1);
    const fs::path out = dir.path() / "out";
    REQUIRE_FALSE(build_into(dir.path(), out, true).diagnostics.has_errors());
    auto report = build_into(dir.path(), out, true);
    CHECK(report.parsed == 0);
    CHECK(report.rendered == 0);
    CHECK(report.written == 0);
    // Outputs whose times were set back might have been changed by hand:
    // they are made again and compared, and, holding the same bytes, are
    // not written, so they keep the times they were given.
    const auto old_time = fs::file_time_type::clock::now() - std::chrono::hours(24);
    for (const auto& entry : fs::recursive_directory_iterator(out))
        if (entry.is_regular_file()) fs::last_write_time(entry.path(), old_time);
    report = build_into(dir.path(), out, true);
    CHECK(report.written == 0);
    for (const auto& entry : fs::recursive_directory_iterator(out))
        if (entry.is_regular_file()) CHECK(fs::last_write_time(entry.path()) == old_time);
    report = build_into(dir.path(), out, true);
    CHECK(report.rendered == 0);
    CHECK(report.written == 0);
}

TEST_CASE("a one-page body edit renders that page and writes only what changed") {
    const TempDir dir;
    RandomSite site(dir, 2);
    const fs::path out = dir.path() / "out";
    REQUIRE_FALSE(build_into(dir.path(), out, true).diagnostics.has_errors());
    const std::string text = dir.read("content/causes/c2.md");
    dir.write("content/causes/c2.md", text + "\nOne more sentence.\n");
    const auto report = build_into(dir.path(), out, true);
    REQUIRE_FALSE(report.diagnostics.has_errors());
    CHECK(report.parsed == 1);
    CHECK(report.rendered == 1);
    CHECK(report.written <= 2);  // the page, and the search index if its text changed
    CHECK(report.changed_files.size() == report.written);
    CHECK(std::count(report.changed_files.begin(), report.changed_files.end(), "causes/c2/index.html") == 1);
}

// The preview reloads the open pages whose files a build changed.
TEST_CASE("a build reports the files it wrote and removed, and only those") {
    const TempDir dir;
    RandomSite site(dir, 2);
    const fs::path out = dir.path() / "out";
    const auto first = build_into(dir.path(), out, true);
    REQUIRE_FALSE(first.diagnostics.has_errors());
    CHECK(first.changed_files.size() == first.written);
    CHECK(std::is_sorted(first.changed_files.begin(), first.changed_files.end()));
    CHECK(build_into(dir.path(), out, true).changed_files.empty());

    fs::remove(dir.path() / "content/causes/c2.md");
    const auto removed = build_into(dir.path(), out, true);
    REQUIRE_FALSE(removed.diagnostics.has_errors());
    CHECK(removed.removed == 1);
    CHECK(std::count(removed.changed_files.begin(), removed.changed_files.end(), "causes/c2/index.html") == 1);
    CHECK(removed.changed_files.size() == removed.written + removed.removed);
    CHECK(std::is_sorted(removed.changed_files.begin(), removed.changed_files.end()));
}

namespace {

// The pages each part of a split search index lists, by address, read as
// JSON from the part's file; fails the test if a part is not well formed.
std::map<std::string, int> search_part_pages(const fs::path& out, std::size_t part) {
    const std::string text = TempDir::read_file(out / ("search-index/" + std::to_string(part) + ".js"));
    const std::string start = "(window.healthsiteSearchParts = window.healthsiteSearchParts || [])[" + std::to_string(part) + "] = ";
    REQUIRE(text.starts_with(start));
    REQUIRE(text.ends_with(";\n"));
    std::map<std::string, int> pages;
    for (const auto& entry : nlohmann::json::parse(text.substr(start.size(), text.size() - start.size() - 2)))
        if (entry["kind"] == "page") ++pages[entry["url"].get<std::string>()];
    return pages;
}

void write_numbered_pages(const TempDir& dir, int from, int to, const std::string& text) {
    for (int i = from; i < to; ++i)
        dir.write("content/many/p" + std::to_string(i) + ".md",
                  "+++\ntitle = \"Page " + std::to_string(i) + "\"\n+++\n\n" + text + "\n");
}

// A random site with `pages` more pages, content/many/p0.md and on, built
// once into out.incremental: large enough for a search index in parts.
struct LargeSite {
    LargeSite(std::uint64_t seed, int pages) : site(dir, seed) {
        write_numbered_pages(dir, 0, pages, "Some text.");
        first = build_into(dir.path(), out.incremental, true);
        REQUIRE_FALSE(first.diagnostics.has_errors());
        REQUIRE(fs::exists(out.incremental / "search-index" / "1.js"));
    }
    TempDir dir;
    RandomSite site;
    Outputs out{dir.path()};
    site::BuildReport first;
};

}  // namespace

// An edit to one page of a large site writes one part of the search index
// again, not all of it.
TEST_CASE("a large site's search index comes in parts that list every page once, and an edit writes one part") {
    LargeSite large(4, 1100);
    const TempDir& dir = large.dir;
    const Outputs& out = large.out;
    const auto& first = large.first;
    CHECK(TempDir::read_file(out.incremental / "search-index.js") == "window.healthsiteSearchPartCount = 4;\n");
    std::map<std::string, int> listed;
    std::size_t part_of_p7 = 4;
    for (std::size_t part = 0; part < 4; ++part) {
        const auto pages = search_part_pages(out.incremental, part);
        CHECK(pages.size() > 100);  // the pages are spread over the parts
        if (pages.count("many/p7/")) part_of_p7 = part;
        for (const auto& [url, count] : pages) listed[url] += count;
    }
    CHECK(listed.size() == first.pages);
    CHECK(std::all_of(listed.begin(), listed.end(), [](const auto& entry) { return entry.second == 1; }));
    REQUIRE(part_of_p7 < 4);

    dir.write("content/many/p7.md", "+++\ntitle = \"Page 7\"\n+++\n\nOther text.\n");
    const auto edited = build_into(dir.path(), out.incremental, true);
    REQUIRE_FALSE(edited.diagnostics.has_errors());
    CHECK(edited.changed_files ==
          std::vector<std::string>{"many/p7/index.html", "search-index/" + std::to_string(part_of_p7) + ".js"});
    CHECK(snapshot(out.incremental) == out.clean_build());

    // Shrunk to one part: the parts go, and search-index.js holds the entries.
    for (int i = 200; i < 1100; ++i) fs::remove(dir.path() / ("content/many/p" + std::to_string(i) + ".md"));
    REQUIRE_FALSE(build_into(dir.path(), out.incremental, true).diagnostics.has_errors());
    CHECK(TempDir::read_file(out.incremental / "search-index.js").starts_with("window.healthsiteSearch = ["));
    CHECK_FALSE(fs::exists(out.incremental / "search-index"));
    CHECK(snapshot(out.incremental) == out.clean_build());
}

TEST_CASE("a corrupt or foreign build state means a clean build, never a wrong one") {
    const TempDir dir;
    RandomSite site(dir, 3);
    const fs::path out = dir.path() / "out";
    REQUIRE_FALSE(build_into(dir.path(), out, true).diagnostics.has_errors());
    const auto expected = snapshot(out);
    const fs::path state = site::state_file(dir.path(), out);
    REQUIRE(fs::exists(state));
    std::string bytes = TempDir::read_file(state);
    bytes[bytes.size() / 2] ^= 0x5A;
    std::ofstream(state, std::ios::binary) << bytes;
    fs::remove(out / "causes" / "c1" / "index.html");
    const auto report = build_into(dir.path(), out, true);
    REQUIRE_FALSE(report.diagnostics.has_errors());
    CHECK(report.parsed >= 7);
    CHECK(snapshot(out) == expected);
    std::ofstream(state, std::ios::binary) << "healthsite-state-0 from another version";
    REQUIRE_FALSE(build_into(dir.path(), out, true).diagnostics.has_errors());
    CHECK(snapshot(out) == expected);
}

namespace {

site::BuildReport explained_build(const fs::path& source, const fs::path& output) {
    site::BuildOptions options;
    options.source = source;
    options.output = output;
    options.jobs = 2;
    options.explain = true;
    return site::build(options);
}

bool explained(const site::BuildReport& report, std::string_view why) {
    return std::any_of(report.explanations.begin(), report.explanations.end(),
                       [&](const std::string& line) { return line.find(why) != std::string::npos; });
}

// Flips a byte every `step` bytes of each page log of the site's build
// state, between the fractions `from` and `to` of its length.
void damage_logs(const fs::path& site, std::size_t step, double from = 0, double to = 1) {
    for (const auto& entry : fs::directory_iterator(site / ".healthsite-cache")) {
        if (entry.path().filename().string().find(".pages-") == std::string::npos) continue;
        std::string bytes = TempDir::read_file(entry.path());
        const auto end = static_cast<std::size_t>(static_cast<double>(bytes.size()) * to);
        for (auto at = static_cast<std::size_t>(static_cast<double>(bytes.size()) * from); at < end; at += step)
            bytes[at] ^= 0x5A;
        std::ofstream(entry.path(), std::ios::binary) << bytes;
    }
}

}  // namespace

// The log of records is read only where a build uses it, and checked there:
// a damaged record means its page parsed again, or, found too late for
// that, a clean build. Never a wrong one.
TEST_CASE("a damaged log of records means pages parsed again or a clean build, never a wrong one") {
    LargeSite large(5, 600);
    const TempDir& dir = large.dir;
    const Outputs& out = large.out;

    // An edit at the start of a page writes its part of the search index
    // again, from the other pages' stored entries: damaged, they are found.
    damage_logs(dir.path(), 997);
    dir.write("content/many/p7.md", "+++\ntitle = \"Page 7\"\n+++\n\nNew text first. Some text.\n");
    site::BuildOptions options;
    options.source = dir.path();
    options.output = out.incremental;
    options.explain = true;
    auto report = site::build(options);
    REQUIRE_FALSE(report.diagnostics.has_errors());
    CHECK(explained(report, "the build state was damaged: building everything"));
    CHECK(snapshot(out.incremental) == out.clean_build());

    // A title edit reads every page's rest: the damaged ones are parsed again.
    damage_logs(dir.path(), 997);
    dir.write("content/many/p8.md", "+++\ntitle = \"Page eight\"\n+++\n\nSome text.\n");
    report = site::build(options);
    REQUIRE_FALSE(report.diagnostics.has_errors());
    CHECK(snapshot(out.incremental) == out.clean_build());
}

TEST_CASE("a damaged record whose rest a build reads has its page parsed again") {
    const TempDir dir;
    stage_repository_site(dir);
    Outputs out(dir.path());
    REQUIRE_FALSE(build_into(dir.path(), out.incremental, true).diagnostics.has_errors());
    // The records are in path order: the cause pages' come before the FAQ's.
    damage_logs(dir.path(), 499, 0.05, 0.55);
    // The urgent-help page shows the cause pages' urgent warnings with their
    // links, so their rests are read; the search index keeps the start of
    // each page's text, so a last sentence leaves it as it was.
    dir.write("content/faq.md", dir.read("content/faq.md") + "\nA last sentence.\n");
    const auto report = explained_build(dir.path(), out.incremental);
    REQUIRE_FALSE(report.diagnostics.has_errors());
    CHECK_FALSE(explained(report, "the build state was damaged"));
    CHECK(report.parsed > 1);  // the edited page, and the pages whose records were read
    CHECK(snapshot(out.incremental) == out.clean_build());
}

// When no page changes in what other pages show of it, a build resolves
// only some pages' links and takes what links to each page from the last
// build. The urgent-help page (which shows other pages' callouts with their
// links) and outputs deleted by hand must still come out as a clean build's.
TEST_CASE("body edits that leave the site's shape alone equal a clean build, missing outputs included") {
    const TempDir dir;
    stage_repository_site(dir);
    const Outputs out(dir.path());
    const fs::path& incremental = out.incremental;
    REQUIRE_FALSE(build_into(dir.path(), incremental, true).diagnostics.has_errors());
    const auto compare_with_clean = [&] {
        const auto expected = out.clean_build();
        REQUIRE(expected.size() > 15);
        CHECK(snapshot(incremental) == expected);
    };
    dir.write("content/urgent-help.md", dir.read("content/urgent-help.md") + "\nOne more plain sentence.\n");
    auto report = explained_build(dir.path(), incremental);
    REQUIRE_FALSE(report.diagnostics.has_errors());
    CHECK(explained(report, "checking only the edited pages"));
    CHECK(report.parsed == 1);
    compare_with_clean();

    // The search index holds the start of each page's text: a sentence at
    // the end of a long page leaves it (and every other file) as it was.
    dir.write("content/causes/circulation.md", dir.read("content/causes/circulation.md") + "\nA sentence.\n");
    report = explained_build(dir.path(), incremental);
    REQUIRE_FALSE(report.diagnostics.has_errors());
    CHECK(report.written == 1);
    compare_with_clean();

    dir.write("content/causes/circulation.md", dir.read("content/causes/circulation.md") + "\nAnother sentence.\n");
    fs::remove(incremental / "urgent-help" / "index.html");
    fs::remove(incremental / "causes" / "index.html");  // a page without urgent callouts
    fs::remove(incremental / "sitemap.xml");
    report = explained_build(dir.path(), incremental);
    REQUIRE_FALSE(report.diagnostics.has_errors());
    CHECK(explained(report, "checking only the edited pages"));
    CHECK(explained(report, "causes/index.html: the file in the output folder is missing"));
    CHECK(report.rendered == 3);
    compare_with_clean();
}

TEST_CASE("explain names the edited source, and says when a page changed through another") {
    const TempDir dir;
    stage_repository_site(dir);
    const fs::path out = dir.path() / "out";
    REQUIRE_FALSE(explained_build(dir.path(), out).diagnostics.has_errors());
    const std::string faq = dir.read("content/faq.md");
    dir.write("content/faq.md", faq + "\nOne more plain sentence.\n");
    auto report = explained_build(dir.path(), out);
    REQUIRE_FALSE(report.diagnostics.has_errors());
    CHECK(explained(report, "faq/index.html: content/faq.md changed"));
    CHECK_FALSE(explained(report, "what it shows of other pages"));

    const std::string title = "title = \"Frequently asked questions\"";
    REQUIRE(faq.find("title = ") != std::string::npos);
    const auto start = faq.find("title = ");
    dir.write("content/faq.md", faq.substr(0, start) + title + faq.substr(faq.find('\n', start)));
    report = explained_build(dir.path(), out);
    REQUIRE_FALSE(report.diagnostics.has_errors());
    CHECK(explained(report, "faq/index.html: content/faq.md changed"));
    CHECK(explained(report, "index.html: what it shows of other pages changed, in content/faq.md"));

    // Pages added and removed are named as such.
    dir.write("content/new-page.md", "+++\ntitle = \"A new page\"\n+++\n\nA short page.\n");
    report = explained_build(dir.path(), out);
    REQUIRE_FALSE(report.diagnostics.has_errors());
    CHECK(explained(report, "index.html: what it shows of other pages changed, in content/new-page.md (new)"));
    fs::remove(dir.path() / "content" / "new-page.md");
    report = explained_build(dir.path(), out);
    REQUIRE_FALSE(report.diagnostics.has_errors());
    CHECK(explained(report, "index.html: what it shows of other pages changed, in content/new-page.md (gone)"));
}

TEST_CASE("explain says why the search index, the sitemap and static files were written") {
    const TempDir dir;
    stage_repository_site(dir);
    const fs::path out = dir.path() / "out";
    REQUIRE_FALSE(explained_build(dir.path(), out).diagnostics.has_errors());
    const std::string faq = dir.read("content/faq.md");
    const auto body = faq.find("+++", 3) + 4;
    dir.write("content/faq.md", faq.substr(0, body) + "\nA new first sentence.\n" + faq.substr(body));
    auto report = explained_build(dir.path(), out);
    REQUIRE_FALSE(report.diagnostics.has_errors());
    CHECK(explained(report, "search-index.js: what it holds of its pages changed, in content/faq.md"));
    CHECK(report.explanations.size() == report.written + 1);  // and "*: checking only the edited pages"

    fs::remove(out / "sitemap.xml");
    const std::string sheet = "themes/default/static/css/style.css";
    dir.write(sheet, dir.read(sheet) + "\n/* one more rule */\n");
    report = explained_build(dir.path(), out);
    REQUIRE_FALSE(report.diagnostics.has_errors());
    CHECK(explained(report, "sitemap.xml: the file in the output folder is missing or was changed"));
    CHECK(explained(report, "css/style.css: " + sheet + " changed"));
    CHECK(report.written == 2);
}

TEST_CASE("a build that hands its memory to the caller leaves no lock or staged files behind") {
    const TempDir dir;
    RandomSite site(dir, 4);
    const fs::path out = dir.path() / "out";
    site::BuildOptions options;
    options.source = dir.path();
    options.output = out;
    options.keep_memory = true;
    auto kept = site::build(options);
    REQUIRE_FALSE(kept.diagnostics.has_errors());
    CHECK(kept.retained != nullptr);
    CHECK_FALSE(fs::exists(out / ".healthsite-staging"));
    site.edit();
    options.keep_memory = false;
    const auto next = site::build(options);  // refused if the first had kept its lock
    REQUIRE_FALSE(next.diagnostics.has_errors());
    CHECK(next.retained == nullptr);
    kept.retained.reset();
}

// With the site's shape unchanged, pages taken from the build state are read
// only in part (see state::decode_rest): each page's view must still come
// out as a clean build's, whichever page was edited. The repository's site
// has a home page, sections, causes, an FAQ, a glossary and an urgent-help
// page; the random site has causes that share symptoms and link to each
// other's headings, and no urgent callouts, so that most of its pages are
// not read in full.
void edit_every_page_in_turn(const TempDir& dir) {
    const Outputs out(dir.path());
    REQUIRE_FALSE(build_into(dir.path(), out.incremental, true).diagnostics.has_errors());
    std::vector<std::string> sources;
    for (const auto& entry : fs::recursive_directory_iterator(dir.path() / "content"))
        if (entry.path().extension() == ".md") sources.push_back(entry.path().lexically_relative(dir.path()).string());
    std::sort(sources.begin(), sources.end());
    REQUIRE(sources.size() >= 8);
    for (const auto& source : sources) {
        INFO(source);
        dir.write(source, dir.read(source) + "\nOne more plain sentence.\n");
        const auto report = explained_build(dir.path(), out.incremental);
        REQUIRE_FALSE(report.diagnostics.has_errors());
        CHECK(explained(report, "checking only the edited pages"));
        CHECK(report.parsed == 1);
        CHECK(snapshot(out.incremental) == out.clean_build());
    }
}

TEST_CASE("a body edit to any page equals a clean build") {
    SECTION("the repository's site") {
        const TempDir dir;
        stage_repository_site(dir);
        edit_every_page_in_turn(dir);
    }
    SECTION("a random site") {
        const TempDir dir;
        RandomSite site(dir, 5);
        for (int i = 0; i < 6; ++i) site.edit();
        // Links to a heading of a page that is not a cause.
        dir.write("content/guide.md", "+++\ntitle = \"Guide\"\n+++\n\n## Part one {#part-one}\n\nText.\n");
        dir.write("content/about.md", "+++\ntitle = \"About\"\n+++\n\nSee [part one](guide.md#part-one).\n");
        edit_every_page_in_turn(dir);
    }
}

namespace {

// Makes every file and folder under content/ look untouched for an hour, so
// that the next build trusts the folders' stamps (none is racily clean).
void age_content(const fs::path& site) {
    const auto hour_ago = fs::file_time_type::clock::now() - std::chrono::hours(1);
    for (const auto& entry : fs::recursive_directory_iterator(site / "content")) fs::last_write_time(entry.path(), hour_ago);
    fs::last_write_time(site / "content", hour_ago);
}

}  // namespace

// A build takes the last build's listing of content/ while no folder's stamp
// has changed. Adding, removing or renaming a file changes its folder's
// stamp, also in a folder below content/ whose parent is untouched.
TEST_CASE("files added, removed and renamed in content/ are found when the listing is reused") {
    const TempDir dir;
    RandomSite site(dir, 6);
    const Outputs out(dir.path());
    const fs::path& incremental = out.incremental;
    REQUIRE_FALSE(build_into(dir.path(), incremental, true).diagnostics.has_errors());
    const auto compare_with_clean = [&] { CHECK(snapshot(incremental) == out.clean_build()); };
    const auto build_aged = [&](const std::function<void()>& change) {
        age_content(dir.path());
        REQUIRE_FALSE(build_into(dir.path(), incremental, true).diagnostics.has_errors());  // the listing recorded aged
        change();
        const auto report = build_into(dir.path(), incremental, true);
        REQUIRE_FALSE(report.diagnostics.has_errors());
        return report;
    };
    auto report = build_aged([] {});
    CHECK(report.parsed == 0);
    CHECK(report.written == 0);

    report = build_aged([&] { dir.write("content/causes/new-one.md", "+++\ntitle = \"New one\"\n+++\n\nText.\n"); });
    CHECK(fs::exists(incremental / "causes" / "new-one" / "index.html"));
    compare_with_clean();

    report = build_aged([&] { fs::rename(dir.path() / "content/causes/new-one.md", dir.path() / "content/causes/renamed.md"); });
    CHECK_FALSE(fs::exists(incremental / "causes" / "new-one" / "index.html"));
    CHECK(fs::exists(incremental / "causes" / "renamed" / "index.html"));
    compare_with_clean();

    report = build_aged([&] { dir.write("content/causes/pictures/leg.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n"); });
    CHECK(fs::exists(incremental / "causes" / "pictures" / "leg.svg"));
    report = build_aged([&] { dir.write("content/causes/pictures/foot.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n"); });
    CHECK(fs::exists(incremental / "causes" / "pictures" / "foot.svg"));
    compare_with_clean();

    report = build_aged([&] { fs::remove(dir.path() / "content/causes/renamed.md"); });
    CHECK_FALSE(fs::exists(incremental / "causes" / "renamed" / "index.html"));
    compare_with_clean();
}

TEST_CASE("a build with nothing else to do writes again an output deleted by hand") {
    const TempDir dir;
    RandomSite site(dir, 7);
    const fs::path out = dir.path() / "out";
    // Everything the build reads an hour old, so that nothing is racily
    // clean and the second build has nothing to do but the check.
    const auto hour_ago = fs::file_time_type::clock::now() - std::chrono::hours(1);
    for (const auto& entry : fs::recursive_directory_iterator(dir.path())) fs::last_write_time(entry.path(), hour_ago);
    REQUIRE_FALSE(build_into(dir.path(), out, true).diagnostics.has_errors());
    const auto expected = snapshot(out);
    REQUIRE(expected.count("causes/c2/index.html"));
    fs::remove(out / "causes" / "c2" / "index.html");
    fs::remove(out / "sitemap.xml");
    const auto report = build_into(dir.path(), out, true);
    REQUIRE_FALSE(report.diagnostics.has_errors());
    CHECK(report.parsed == 1);  // the page again: the build state keeps no HTML
    CHECK(report.written == 2);
    CHECK(report.changed_files == std::vector<std::string>{"causes/c2/index.html", "sitemap.xml"});
    CHECK(snapshot(out) == expected);
}

// A file can change while keeping its size and, set back by `touch -r`,
// `cp -p`, rsync or an unpacked archive, its modification time. Only the
// system sets a file's change time, so the build still sees the edit.
TEST_CASE("an edit that keeps the size and sets the modification time back is still seen") {
    const TempDir dir;
    RandomSite site(dir, 7);
    const Outputs out(dir.path());
    age_content(dir.path());
    REQUIRE_FALSE(build_into(dir.path(), out.incremental, true).diagnostics.has_errors());
    const fs::path page = dir.path() / "content" / "causes" / "c2.md";
    const auto old_time = fs::last_write_time(page);
    std::string text = dir.read("content/causes/c2.md");
    const auto word = text.rfind("Text");
    REQUIRE(word != std::string::npos);
    text.replace(word, 4, "Tekt");
    dir.write("content/causes/c2.md", text);
    fs::last_write_time(page, old_time);
    const auto report = build_into(dir.path(), out.incremental, true);
    REQUIRE_FALSE(report.diagnostics.has_errors());
    CHECK(report.parsed == 1);
    CHECK(snapshot(out.incremental) == out.clean_build());
}

// Hugo writes every file on every build; an incremental build must still
// put back an output changed by hand, even when its size stays the same,
// whether or not a source changed too.
TEST_CASE("an output changed by hand is written again, also when its size is the same") {
    const TempDir dir;
    RandomSite site(dir, 8);
    const Outputs out(dir.path());
    REQUIRE_FALSE(build_into(dir.path(), out.incremental, true).diagnostics.has_errors());
    const auto expected = out.clean_build();
    // A hand edit comes a while after the build: its file's time moves on.
    const auto tamper = [&](const std::string& path, const std::function<void(std::string&)>& change) {
        const fs::path file = out.incremental / path;
        const auto written_at = fs::last_write_time(file);
        std::string bytes = TempDir::read_file(file);
        change(bytes);
        std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
        fs::last_write_time(file, written_at + std::chrono::seconds(1));
    };
    const auto same_size = [](std::string& bytes) {
        const auto at = bytes.find("<title>");
        REQUIRE(at != std::string::npos);
        bytes[at + 7] = bytes[at + 7] == 'X' ? 'Y' : 'X';
    };
    // Nothing else changed: the no-op check finds it.
    tamper("index.html", same_size);
    tamper("causes/c1/index.html", [](std::string& bytes) { bytes += "<!-- by hand -->"; });
    auto report = build_into(dir.path(), out.incremental, true);
    REQUIRE_FALSE(report.diagnostics.has_errors());
    CHECK(report.written == 2);
    CHECK(snapshot(out.incremental) == expected);

    // With a page edited as well, the build that reads the state finds it.
    tamper("index.html", same_size);
    dir.write("content/causes/c2.md", dir.read("content/causes/c2.md") + "\nOne more sentence.\n");
    report = build_into(dir.path(), out.incremental, true);
    REQUIRE_FALSE(report.diagnostics.has_errors());
    CHECK(snapshot(out.incremental) == out.clean_build());
}

// The glossary is read, not published: a build with nothing else to do must
// still notice it changed.
TEST_CASE("an edit of the glossary alone is built, after pages long unchanged") {
    const TempDir dir;
    RandomSite site(dir, 9);
    const Outputs out(dir.path());
    // Every file long unchanged, so that no stamp is racily clean.
    const auto hour_ago = fs::file_time_type::clock::now() - std::chrono::hours(1);
    for (const auto& entry : fs::recursive_directory_iterator(dir.path())) fs::last_write_time(entry.path(), hour_ago);
    REQUIRE_FALSE(build_into(dir.path(), out.incremental, true).diagnostics.has_errors());
    REQUIRE(build_into(dir.path(), out.incremental, true).rendered == 0);
    dir.write("content/glossary.toml", "[[term]]\nname = \"tingling\"\ndefinition = \"Pins and needles.\"\n");
    const auto report = build_into(dir.path(), out.incremental, true);
    REQUIRE_FALSE(report.diagnostics.has_errors());
    CHECK(report.written >= 1);
    CHECK(TempDir::read_file(out.incremental / "glossary" / "index.html").find("Pins and needles.") != std::string::npos);
    CHECK(snapshot(out.incremental) == out.clean_build());
}
