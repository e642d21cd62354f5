// Tests of writing the site: only changed bytes are written, the manifest
// lists what the generator wrote, stale outputs are pruned, and a file the
// generator did not write is never removed.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "generator/output/output.hpp"
#include "tests/helpers/temp_dir.hpp"

using namespace healthsite;
using healthsite::testing::snapshot;
using healthsite::testing::TempDir;
namespace fs = std::filesystem;

namespace {

using Files = std::vector<output::File>;

// A temporary folder with the output folder inside it, so that a path that
// escapes the output folder still lands somewhere the test can see.
struct Folders {
    TempDir temp;
    fs::path out = temp.path() / "public";
};

output::Stats write(const fs::path& out, const Files& files, support::Diagnostics& diagnostics) {
    return output::write_site(out, files, diagnostics);
}

output::Stats write_ok(const fs::path& out, const Files& files) {
    support::Diagnostics diagnostics;
    const auto stats = output::write_site(out, files, diagnostics);
    for (const auto& d : diagnostics.items()) UNSCOPED_INFO(support::format(d));
    CHECK(diagnostics.empty());
    return stats;
}

std::string manifest_of(const fs::path& out) { return TempDir::read_file(out / output::kManifestName); }

fs::file_time_type a_day_ago() { return fs::file_time_type::clock::now() - std::chrono::hours(24); }

const Files kSite{
    {"index.html", "<h1>Home</h1>"},
    {"faq/index.html", "<h1>FAQ</h1>"},
    {"causes/circulation/index.html", "<h1>Circulation</h1>"},
    {"style.css", "body{}"},
};

}  // namespace

// ---------------------------------------------------------------------------
// Writing

TEST_CASE("write_site writes every file and a sorted manifest", "[output]") {
    const Folders f;
    const auto stats = write_ok(f.out, kSite);
    CHECK(stats.written == 4u);
    CHECK(stats.unchanged == 0u);
    CHECK(stats.removed == 0u);
    CHECK(TempDir::read_file(f.out / "causes/circulation/index.html") == "<h1>Circulation</h1>");
    CHECK(manifest_of(f.out) ==
          "healthsite manifest 1\ncauses/circulation/index.html\nfaq/index.html\nindex.html\nstyle.css\n");
    CHECK(output::read_manifest(f.out) ==
          std::vector<std::string>{"causes/circulation/index.html", "faq/index.html", "index.html", "style.css"});
}

TEST_CASE("an unchanged file is not rewritten and keeps its modification time", "[output]") {
    const Folders f;
    write_ok(f.out, kSite);
    const auto old_time = a_day_ago();
    fs::last_write_time(f.out / "index.html", old_time);
    fs::last_write_time(f.out / "faq/index.html", old_time);
    const auto before = fs::last_write_time(f.out / "index.html");

    Files next = kSite;
    next[1].bytes = "<h1>FAQ, edited</h1>";
    const auto stats = write_ok(f.out, next);
    CHECK(stats.written == 1u);
    CHECK(stats.unchanged == 3u);
    CHECK(fs::last_write_time(f.out / "index.html") == before);
    CHECK(fs::last_write_time(f.out / "faq/index.html") > old_time);
    CHECK(TempDir::read_file(f.out / "faq/index.html") == "<h1>FAQ, edited</h1>");
}

TEST_CASE("a file of the same size but different bytes is rewritten", "[output]") {
    const Folders f;
    write_ok(f.out, {{"a.html", "aaaa"}});
    const auto stats = write_ok(f.out, {{"a.html", "bbbb"}});
    CHECK(stats.written == 1u);
    CHECK(TempDir::read_file(f.out / "a.html") == "bbbb");
}

TEST_CASE("the same build twice writes nothing the second time", "[output]") {
    const Folders f;
    write_ok(f.out, kSite);
    const auto first = snapshot(f.out);
    const auto stats = write_ok(f.out, kSite);
    CHECK(stats.written == 0u);
    CHECK(stats.unchanged == kSite.size());
    CHECK(snapshot(f.out) == first);
}

TEST_CASE("the manifest does not depend on the order of the files", "[output]") {
    const Folders a, b;
    Files reversed(kSite.rbegin(), kSite.rend());
    write_ok(a.out, kSite);
    write_ok(b.out, reversed);
    CHECK(manifest_of(a.out) == manifest_of(b.out));
}

// ---------------------------------------------------------------------------
// Pruning

TEST_CASE("a file written by the last build and not by this one is removed", "[output][prune]") {
    const Folders f;
    write_ok(f.out, kSite);
    Files next{kSite[0], kSite[1], kSite[3]};  // the circulation page is gone
    const auto stats = write_ok(f.out, next);
    CHECK(stats.removed == 1u);
    CHECK_FALSE(fs::exists(f.out / "causes/circulation/index.html"));
    // The folders it emptied go too.
    CHECK_FALSE(fs::exists(f.out / "causes/circulation"));
    CHECK_FALSE(fs::exists(f.out / "causes"));
    CHECK(fs::exists(f.out));
    CHECK(output::read_manifest(f.out) == std::vector<std::string>{"faq/index.html", "index.html", "style.css"});
}

TEST_CASE("a file the generator did not write is never removed", "[output][prune]") {
    const Folders f;
    write_ok(f.out, kSite);
    std::ofstream(f.out / "CNAME") << "legs.example.org\n";
    fs::create_directories(f.out / ".git");
    std::ofstream(f.out / ".git/config") << "[core]\n";
    std::ofstream(f.out / "causes/circulation/notes.txt") << "mine";

    const auto stats = write_ok(f.out, {kSite[0]});
    CHECK(stats.removed == 3u);
    CHECK(TempDir::read_file(f.out / "CNAME") == "legs.example.org\n");
    CHECK(TempDir::read_file(f.out / ".git/config") == "[core]\n");
    CHECK(TempDir::read_file(f.out / "causes/circulation/notes.txt") == "mine");
    CHECK_FALSE(fs::exists(f.out / "causes/circulation/index.html"));
    CHECK_FALSE(fs::exists(f.out / "faq"));  // emptied, so removed
}

TEST_CASE("files already in the folder before the first build are left alone", "[output][prune]") {
    const Folders f;
    fs::create_directories(f.out / "old");
    std::ofstream(f.out / "old/page.html") << "from another tool";
    const auto stats = write_ok(f.out, kSite);
    CHECK(stats.removed == 0u);
    CHECK(fs::exists(f.out / "old/page.html"));
    write_ok(f.out, {});
    CHECK(fs::exists(f.out / "old/page.html"));
}

TEST_CASE("a manifest line that leaves the output folder is ignored", "[output][prune][safety]") {
    const Folders f;
    f.temp.write("escape", "outside");
    f.temp.write("public/inside.html", "stale");
    f.temp.write("etc-passwd", "outside too");
    f.temp.write(std::string("public/") + std::string(output::kManifestName),
                 "healthsite manifest 1\n../escape\n/etc-passwd\n" + (f.temp.path() / "etc-passwd").string() +
                     "\nsub/../../escape\n./inside.html\ninside.html\n\\escape\n\n");
    CHECK(output::read_manifest(f.out) == std::vector<std::string>{"inside.html"});
    const auto stats = write_ok(f.out, {});
    CHECK(stats.removed == 1u);
    CHECK(f.temp.read("escape") == "outside");
    CHECK(f.temp.read("etc-passwd") == "outside too");
    CHECK_FALSE(fs::exists(f.out / "inside.html"));
}

TEST_CASE("a manifest's last line counts without a line break after it", "[output][prune]") {
    const Folders f;
    f.temp.write(std::string("public/") + std::string(output::kManifestName), "healthsite manifest 1\na.html\nb/index.html");
    CHECK(output::read_manifest(f.out) == std::vector<std::string>{"a.html", "b/index.html"});
    f.temp.write(std::string("public/") + std::string(output::kManifestName), "healthsite manifest 1");
    CHECK(output::read_manifest(f.out).empty());
}

TEST_CASE("a manifest without the expected header is not trusted", "[output][prune][safety]") {
    const Folders f;
    f.temp.write("public/keep.html", "keep");
    f.temp.write(std::string("public/") + std::string(output::kManifestName), "keep.html\n");
    CHECK(output::read_manifest(f.out).empty());
    write_ok(f.out, {{"index.html", "x"}});
    CHECK(f.temp.read("public/keep.html") == "keep");
}

TEST_CASE("a manifest entry whose file is already gone is no problem", "[output][prune]") {
    const Folders f;
    write_ok(f.out, kSite);
    fs::remove(f.out / "style.css");
    const auto stats = write_ok(f.out, {kSite[0]});
    CHECK(stats.removed == 2u);  // faq and circulation; style.css was already gone
}

TEST_CASE("prune and write_manifest remove stale files and record the new list without writing pages", "[output][prune]") {
    const Folders f;
    write_ok(f.out, kSite);
    support::Diagnostics diagnostics;
    const std::vector<std::string> paths{"index.html", "new.html"};
    CHECK(output::prune(f.out, paths) == 3u);
    output::write_manifest(f.out, paths, diagnostics);
    CHECK(diagnostics.empty());
    CHECK_FALSE(fs::exists(f.out / "new.html"));
    CHECK(TempDir::read_file(f.out / "index.html") == "<h1>Home</h1>");
    CHECK(output::read_manifest(f.out) == std::vector<std::string>{"index.html", "new.html"});
}

TEST_CASE("an unchanged manifest keeps its modification time", "[output]") {
    const Folders f;
    write_ok(f.out, kSite);
    fs::last_write_time(f.out / output::kManifestName, a_day_ago());
    const auto before = fs::last_write_time(f.out / output::kManifestName);
    write_ok(f.out, kSite);
    CHECK(fs::last_write_time(f.out / output::kManifestName) == before);
}

// ---------------------------------------------------------------------------
// clean

TEST_CASE("clean removes only the files in the manifest, and the manifest", "[output][clean]") {
    const Folders f;
    write_ok(f.out, kSite);
    std::ofstream(f.out / "CNAME") << "legs.example.org\n";
    fs::create_directories(f.out / ".git");
    std::ofstream(f.out / ".git/config") << "[core]\n";
    support::Diagnostics diagnostics;
    CHECK(output::clean(f.out, diagnostics) == 4u);
    CHECK(diagnostics.empty());
    CHECK(snapshot(f.out) == std::map<std::string, std::string>{{".git/config", "[core]\n"},
                                                                 {"CNAME", "legs.example.org\n"}});
    CHECK_FALSE(fs::exists(f.out / "causes"));
    CHECK(fs::exists(f.out));
}

TEST_CASE("clean without a manifest removes nothing", "[output][clean]") {
    const Folders f;
    f.temp.write("public/index.html", "not ours");
    support::Diagnostics diagnostics;
    CHECK(output::clean(f.out, diagnostics) == 0u);
    CHECK(f.temp.read("public/index.html") == "not ours");
    CHECK(output::clean(f.temp.path() / "missing", diagnostics) == 0u);
    CHECK(diagnostics.empty());
}

TEST_CASE("clean ignores manifest lines that leave the output folder", "[output][clean][safety]") {
    const Folders f;
    f.temp.write("escape", "outside");
    f.temp.write("public/ours.html", "ours");
    f.temp.write(std::string("public/") + std::string(output::kManifestName),
                 "healthsite manifest 1\n../escape\nours.html\n");
    support::Diagnostics diagnostics;
    CHECK(output::clean(f.out, diagnostics) == 1u);
    CHECK(f.temp.read("escape") == "outside");
    CHECK_FALSE(fs::exists(f.out / "ours.html"));
    CHECK_FALSE(fs::exists(f.out / output::kManifestName));
}

// ---------------------------------------------------------------------------
// Errors

TEST_CASE("a file that cannot be written is an io error naming it", "[output][errors]") {
    const Folders f;
    f.temp.write("public/blocker", "a user's file where a folder is needed");
    support::Diagnostics diagnostics;
    (void)write(f.out, {{"blocker/index.html", "x"}}, diagnostics);
    REQUIRE(diagnostics.error_count() == 1u);
    CHECK(diagnostics.items()[0].category == support::Category::io);
    CHECK(diagnostics.items()[0].path == (f.out / "blocker/index.html").string());
    CHECK(f.temp.read("public/blocker") == "a user's file where a folder is needed");
}

// write_site writes the new files before it prunes the stale ones, so an
// output that was a file last time and is a folder now (or the other way
// round) cannot be written: the stale file is still in the way.
TEST_CASE("a stale output in the way of a new folder is pruned first", "[output][prune]") {
    const Folders f;
    write_ok(f.out, {{"guide", "an extensionless file"}});
    support::Diagnostics diagnostics;
    (void)write(f.out, {{"guide/index.html", "now a page"}}, diagnostics);
    CHECK(diagnostics.empty());
    CHECK(TempDir::read_file(f.out / "guide/index.html") == "now a page");
}

// When a write fails half way, write_site returns before the manifest is
// written, so the files it has already written in this build are in no
// manifest: later builds never prune them.
TEST_CASE("files written before a failed write are still pruned later", "[output][prune]") {
    const Folders f;
    write_ok(f.out, {{"index.html", "v1"}});
    f.temp.write("public/CNAME", "legs.example.org\n");
    support::Diagnostics diagnostics;
    (void)write(f.out, {{"index.html", "v1"}, {"added.html", "new"}, {"CNAME/index.html", "blocked"}}, diagnostics);
    REQUIRE(diagnostics.has_errors());
    write_ok(f.out, {{"index.html", "v1"}});
    CHECK_FALSE(fs::exists(f.out / "added.html"));
}

// ---------------------------------------------------------------------------
// Transactions: staged files move into place together

namespace {

void stage_all(output::Transaction& transaction, const Files& files) {
    for (const auto& file : files) {
        std::string error;
        REQUIRE(transaction.stage(file.path, file.bytes, error) == support::WriteOutcome::written);
        CHECK(error.empty());
    }
}

std::vector<std::string> paths_of(const Files& files) {
    std::vector<std::string> paths;
    for (const auto& file : files) paths.push_back(file.path);
    return paths;
}

void commit_ok(output::Transaction& transaction, const Files& files) {
    support::Diagnostics diagnostics;
    transaction.commit(paths_of(files), diagnostics);
    for (const auto& d : diagnostics.items()) UNSCOPED_INFO(support::format(d));
    CHECK(diagnostics.empty());
}

}  // namespace

TEST_CASE("a first commit moves every staged file into place, folders and all", "[output][transaction]") {
    Folders f;
    {
        output::Transaction transaction(f.out);
        stage_all(transaction, kSite);
        CHECK_FALSE(fs::exists(f.out / "index.html"));  // nothing moves before the commit
        commit_ok(transaction, kSite);
    }
    for (const auto& file : kSite) CHECK(TempDir::read_file(f.out / file.path) == file.bytes);
    CHECK_FALSE(fs::exists(f.out / ".healthsite-staging"));
    CHECK_FALSE(fs::exists(f.out / ".healthsite-journal"));
}

TEST_CASE("a commit into existing folders keeps the files beside the staged ones", "[output][transaction]") {
    Folders f;
    fs::create_directories(f.out / "causes");
    f.temp.write("public/causes/notes.txt", "the user's own file");
    {
        output::Transaction transaction(f.out);
        stage_all(transaction, kSite);
        commit_ok(transaction, kSite);
    }
    CHECK(TempDir::read_file(f.out / "causes" / "notes.txt") == "the user's own file");
    CHECK(TempDir::read_file(f.out / "causes/circulation/index.html") == "<h1>Circulation</h1>");
}

TEST_CASE("a build that stops before its commit leaves the output as it was", "[output][transaction]") {
    Folders f;
    write_ok(f.out, kSite);
    const auto before = snapshot(f.out);
    {
        output::Transaction transaction(f.out);
        stage_all(transaction, {{"index.html", "<h1>New home</h1>"}, {"new/index.html", "<h1>New</h1>"}});
    }  // destroyed without a commit
    CHECK(snapshot(f.out) == before);
}

TEST_CASE("recover finishes a commit that was cut short after a folder had moved", "[output][transaction]") {
    Folders f;
    // As a killed build leaves it: the journal lists both files, the causes
    // folder has already moved, the FAQ is still staged.
    f.temp.write("public/causes/circulation/index.html", "<h1>Circulation</h1>");
    f.temp.write("public/.healthsite-staging/faq/index.html", "<h1>FAQ</h1>");
    f.temp.write("public/.healthsite-journal",
                        "healthsite journal 1\ncauses/circulation/index.html\nfaq/index.html\n");
    output::Transaction::recover(f.out);
    CHECK(TempDir::read_file(f.out / "faq/index.html") == "<h1>FAQ</h1>");
    CHECK(TempDir::read_file(f.out / "causes/circulation/index.html") == "<h1>Circulation</h1>");
    CHECK_FALSE(fs::exists(f.out / ".healthsite-staging"));
    CHECK_FALSE(fs::exists(f.out / ".healthsite-journal"));
}
