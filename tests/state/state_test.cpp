// Tests of the build state on disk: the small state file and the log of
// pages' records beside it, which builds append to and now and then write
// anew. Anything missing or damaged must load as no state at all.
#include <catch2/catch.hpp>

#include <algorithm>
#include <deque>
#include <optional>

#include "generator/state/build_state.hpp"
#include "generator/state/codec.hpp"
#include "tests/helpers/temp_dir.hpp"

using namespace healthsite;
using namespace healthsite::testing;

namespace {

// Pages' search entries are views: a build keeps the texts they point into
// until it has saved, and so does each test.
struct Texts {
    std::deque<std::string> kept;
    std::string_view keep(std::string text) { return kept.emplace_back(std::move(text)); }
};

state::CachedPage page_titled(Texts& texts, const std::string& title) {
    state::CachedPage page;
    page.stamp = {1'700'000'000'000'000'000, 120};
    page.source_hash = 42;
    page.parsed = std::make_unique<state::ParsedPage>();
    page.parsed->page.source_path = title + ".md";
    page.parsed->page.front.title = title;
    page.search_entries = texts.keep("{\"title\":\"" + title + "\"}");
    return page;
}

// Gives a page something in every part of its record.
void fill_in(state::ParsedPage& parsed) {
    auto& front = parsed.page.front;
    parsed.page.url_path = "causes/x/";
    front.description = "About x.";
    front.layout = "faq";
    front.tags = {"legs", "night"};
    front.last_reviewed = support::TomlDate{2026, 1, 15};
    front.references.push_back({"A source", "A publisher", "https://example.org/a"});
    content::Condition condition;
    condition.name = "Cramp";
    condition.anchor = "cramp";
    condition.symptoms = {"aching"};
    front.conditions.push_back(condition);
    front.key_positions = {{"title", {2, 1}}, {"layout", {3, 1}}};
    parsed.document.headings.push_back({2, "Cramp", "cramp", {12, 1}});
    parsed.document.links.push_back({"other.md#cramp", false, {14, 5}});
    parsed.document.callouts.push_back({"urgent", "<aside>Call 999</aside>", {16, 1}});
    parsed.document.counts.words = 120;
}

state::BuildState state_of(Texts& texts, const std::vector<std::string>& titles) {
    state::BuildState built;
    built.inputs = 7;
    for (const auto& title : titles) built.pages.emplace(title + ".md", page_titled(texts, title));
    built.backlinks.assign(titles.size(), {});
    return built;
}

// What a build does with a loaded state: keeps every page but the ones it
// parsed again, which it stores anew.
state::BuildState edited(Texts& texts, const state::BuildState& loaded, const std::vector<std::string>& changed) {
    state::BuildState next;
    next.inputs = loaded.inputs;
    next.log = loaded.log;
    next.file = loaded.file;
    next.backlinks = loaded.backlinks;
    for (const auto& [path, page] : loaded.pages) {
        state::CachedPage kept;
        kept.stamp = page.stamp;
        kept.source_hash = page.source_hash;
        kept.public_digest = page.public_digest;
        kept.diagnostics = page.diagnostics;
        kept.search_entries = page.search_entries;
        kept.head = page.head;
        kept.rest = page.rest;
        kept.encoded = page.encoded;
        kept.stored = page.stored;
        next.pages.emplace(path, std::move(kept));
    }
    for (const auto& title : changed) next.pages[title + ".md"] = page_titled(texts, title + " v2");
    return next;
}

std::vector<std::string> logs_in(const fs::path& folder) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(folder))
        if (entry.path().filename().string().find(".pages-") != std::string::npos)
            names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

std::string title_of(const state::BuildState& loaded, const std::string& path) {
    state::ParsedPage parsed;
    REQUIRE(state::decode_head(loaded.pages.at(path).head, parsed.page, parsed.document));
    return parsed.page.front.title;
}

// A state saved in a folder of its own, saved again after edits as a build would.
class SavedState {
public:
    explicit SavedState(const std::vector<std::string>& titles) {
        REQUIRE(state::save(file_, state_of(texts_, titles), titles.size(), 2).empty());
    }
    [[nodiscard]] std::optional<state::BuildState> load() const { return state::load(file_); }
    // Loads the state, stores the changed pages anew and keeps the rest.
    void edit(const std::vector<std::string>& changed) {
        const auto loaded = load();
        REQUIRE(loaded);
        REQUIRE(state::save(file_, edited(texts_, *loaded, changed), loaded->pages.size(), 2).empty());
    }
    [[nodiscard]] const fs::path& folder() const { return dir_.path(); }
    [[nodiscard]] fs::path log(int number) const { return dir_.path() / ("site.state.pages-" + std::to_string(number)); }

private:
    TempDir dir_;
    Texts texts_;
    fs::path file_ = dir_.path() / "site.state";
};

}  // namespace

TEST_CASE("a saved state loads with every page's record", "[state]") {
    const SavedState saved({"a", "b", "c"});
    const auto loaded = saved.load();
    REQUIRE(loaded);
    CHECK(loaded->inputs == 7);
    REQUIRE(loaded->pages.size() == 3);
    CHECK(title_of(*loaded, "b.md") == "b");
    CHECK(loaded->pages.at("c.md").search_entries == "{\"title\":\"c\"}");
    CHECK(loaded->pages.at("a.md").stored.has_value());
    CHECK(logs_in(saved.folder()) == std::vector<std::string>{"site.state.pages-1"});
}

TEST_CASE("a loaded page's record decodes in two parts: its head, then the rest", "[state]") {
    const TempDir dir;
    Texts texts;
    auto built = state_of(texts, {"a"});
    fill_in(*built.pages.at("a.md").parsed);
    REQUIRE(state::save(dir.path() / "site.state", built, 1, 1).empty());
    const auto loaded = state::load(dir.path() / "site.state");
    REQUIRE(loaded);
    const auto& record = loaded->pages.at("a.md");
    CHECK_FALSE(record.parsed);
    state::ParsedPage page;
    REQUIRE(state::decode_head(record.head, page.page, page.document));
    CHECK(page.page.url_path == "causes/x/");
    CHECK(page.page.front.description == "About x.");
    CHECK(page.page.front.layout == "faq");
    CHECK(page.document.callouts.size() == 1);
    CHECK(page.page.front.tags.empty());
    CHECK(page.document.headings.empty());
    REQUIRE(state::decode_rest(record.rest, page.page, page.document));
    CHECK(page.page.front.tags == built.pages.at("a.md").parsed->page.front.tags);
    CHECK(page.page.front.last_reviewed->iso() == "2026-01-15");
    CHECK(page.page.front.references.at(0).url == "https://example.org/a");
    CHECK(page.page.front.conditions.at(0).symptoms == std::vector<std::string>{"aching"});
    CHECK(page.page.position_of("layout").line == 3);
    CHECK(page.document.headings.at(0).id == "cramp");
    CHECK(page.document.links.at(0).destination == "other.md#cramp");
    CHECK(page.document.links.at(0).position.column == 5);
    CHECK(page.document.counts.words == 120);
    CHECK_FALSE(state::decode_head(record.head.substr(1), page.page, page.document));
    CHECK_FALSE(state::decode_rest(record.rest.substr(0, record.rest.size() - 1), page.page, page.document));
}

TEST_CASE("an edit appends only the changed records to the log", "[state]") {
    SavedState saved({"a", "b", "c", "d"});
    const auto size_before = fs::file_size(saved.log(1));
    saved.edit({"b"});
    CHECK(logs_in(saved.folder()) == std::vector<std::string>{"site.state.pages-1"});
    const auto size_after = fs::file_size(saved.log(1));
    CHECK(size_after > size_before);
    CHECK(size_after - size_before < size_before / 2);  // one record of four, not all of them again
    const auto loaded = saved.load();
    REQUIRE(loaded);
    CHECK(title_of(*loaded, "b.md") == "b v2");
    CHECK(title_of(*loaded, "c.md") == "c");
}

// The log is written in batches of records, each encoded while the one
// before it is written: every record must land where its page says, in a
// new log and when appended, with one job and with several.
TEST_CASE("a state of many batches of records saves and loads whole", "[state]") {
    std::vector<std::string> titles;
    for (int i = 0; i < 1300; ++i) titles.push_back("page-" + std::to_string(i));
    for (const unsigned jobs : {1u, 3u}) {
        const TempDir dir;
        Texts texts;
        const fs::path file = dir.path() / "site.state";
        REQUIRE(state::save(file, state_of(texts, titles), titles.size(), jobs).empty());
        auto loaded = state::load(file);
        REQUIRE(loaded);
        std::vector<std::string> changed;
        for (std::size_t i = 0; i < titles.size(); i += 97) changed.push_back(titles[i]);
        REQUIRE(state::save(file, edited(texts, *loaded, changed), titles.size(), jobs).empty());
        loaded = state::load(file);
        REQUIRE(loaded);
        REQUIRE(loaded->pages.size() == titles.size());
        for (std::size_t i = 0; i < titles.size(); ++i) {
            const bool was_changed = i % 97 == 0;
            const std::string path = titles[i] + ".md";
            CHECK(title_of(*loaded, path) == titles[i] + (was_changed ? " v2" : ""));
            CHECK(loaded->pages.at(path).search_entries ==
                  "{\"title\":\"" + titles[i] + (was_changed ? " v2" : "") + "\"}");
            CHECK(state::intact(loaded->pages.at(path)));
        }
    }
}

TEST_CASE("a log mostly out of use is written anew and the old one removed", "[state]") {
    SavedState saved({"a", "b", "c"});
    saved.edit({"a", "b"});
    CHECK(logs_in(saved.folder()) == std::vector<std::string>{"site.state.pages-2"});
    const auto loaded = saved.load();
    REQUIRE(loaded);
    CHECK(title_of(*loaded, "a.md") == "a v2");
    CHECK(title_of(*loaded, "b.md") == "b v2");
    CHECK(title_of(*loaded, "c.md") == "c");
}

TEST_CASE("what a stopped build appended to the log is skipped", "[state]") {
    SavedState saved({"a", "b", "c", "d"});
    std::ofstream(saved.log(1), std::ios::binary | std::ios::app) << "half a record from a build that was stopped";
    saved.edit({"d"});
    const auto loaded = saved.load();
    REQUIRE(loaded);
    CHECK(title_of(*loaded, "d.md") == "d v2");
    CHECK(title_of(*loaded, "a.md") == "a");
}

TEST_CASE("records written but never named are taken back, appended or in a new log", "[state]") {
    SavedState saved({"a", "b", "c", "d"});
    const auto before = snapshot(saved.folder());
    Texts texts;
    for (const std::vector<std::string>& changed : {std::vector<std::string>{"b"}, {"a", "b", "c"}}) {
        INFO(changed.size() << " of 4 pages changed");
        const auto loaded = saved.load();
        REQUIRE(loaded);
        const auto next = edited(texts, *loaded, changed);
        const auto records = state::save_records(saved.folder() / "site.state", next, 2);
        REQUIRE(records.log.error.empty());
        CHECK(snapshot(saved.folder()) != before);  // the records are on disk
        state::discard(records.log);
        CHECK(snapshot(saved.folder()) == before);
        const auto reloaded = saved.load();
        REQUIRE(reloaded);
        CHECK(title_of(*reloaded, "b.md") == "b");
    }
}

// Loading reads the state file, checked whole, and not the log: a record
// damaged in the log is found when its page's entries or rest are used.
TEST_CASE("a damaged record shows as damaged where it is used; a short or missing log loads as no state", "[state]") {
    const SavedState saved({"a", "b"});
    const auto intact = saved.load();
    REQUIRE(intact);
    CHECK(state::intact(intact->pages.at("a.md")));
    CHECK(state::intact(intact->pages.at("b.md")));
    std::string bytes = TempDir::read_file(saved.log(1));
    bytes[bytes.size() / 4] ^= 0x20;  // in the first record
    std::ofstream(saved.log(1), std::ios::binary) << bytes;
    const auto damaged = saved.load();
    REQUIRE(damaged);
    CHECK_FALSE(state::intact(damaged->pages.at("a.md")));
    CHECK(state::intact(damaged->pages.at("b.md")));
    CHECK(title_of(*damaged, "a.md") == "a");  // the head is in the state file
    std::ofstream(saved.log(1), std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    CHECK_FALSE(saved.load());
    fs::remove(saved.log(1));
    CHECK_FALSE(saved.load());
}

TEST_CASE("a damaged state file loads as no state", "[state]") {
    const SavedState saved({"a", "b"});
    const fs::path file = saved.folder() / "site.state";
    std::string bytes = TempDir::read_file(file);
    bytes[bytes.size() / 2] ^= 0x20;
    std::ofstream(file, std::ios::binary) << bytes;
    CHECK_FALSE(saved.load());
}

TEST_CASE("the codec writes numbers seven bits a byte, lowest first", "[state]") {
    const std::vector<std::pair<std::uint64_t, std::string>> cases = {
        {0, std::string(1, '\0')},
        {127, "\x7f"},
        {128, "\x80\x01"},
        {300, "\xac\x02"},
        {UINT64_MAX, std::string(9, '\xff') + "\x01"},
    };
    for (const auto& [value, expected] : cases) {
        state::Writer w;
        w.u64(value);
        const std::string bytes = w.take();
        CHECK(bytes == expected);
        state::Reader r(bytes);
        CHECK(r.u64() == value);
        CHECK(r.at_end());
    }
}

TEST_CASE("the codec reads back what it wrote, and refuses what is cut short", "[state]") {
    state::Writer w;
    w.u64(300);
    w.fixed64(0xFEDCBA9876543210ULL);
    w.str("text");
    w.fixed64(7);
    const std::string bytes = w.take();
    state::Reader r(bytes);
    CHECK(r.u64() == 300);
    CHECK(r.fixed64() == 0xFEDCBA9876543210ULL);
    CHECK(r.str() == "text");
    CHECK(r.fixed64() == 7);
    CHECK(r.ok());
    CHECK(r.at_end());
    state::Reader cut(std::string_view(bytes).substr(0, bytes.size() - 1));
    (void)cut.u64();
    (void)cut.fixed64();
    (void)cut.str();
    CHECK(cut.fixed64() == 0);
    CHECK_FALSE(cut.ok());
}
