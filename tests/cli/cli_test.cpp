// The command line as a user meets it: help, version, exit codes, the
// one-line summary, `new`, `clean`, and `check --format json`.
#include <catch2/catch.hpp>

#include <algorithm>

#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include "tests/helpers/temp_dir.hpp"

using namespace healthsite::testing;

namespace {

void write_site(const TempDir& dir) {
    fs::copy(fs::path(HEALTHSITE_SOURCE_DIR) / "tests" / "sites" / "themes", dir.path() / "themes", fs::copy_options::recursive);
    dir.write("site.toml", "title = \"CLI\"\nbase_url = \"https://example.org/\"\ntheme = \"plain\"\n");
    dir.write("content/_index.md", "+++\ntitle = \"Home\"\nlast_reviewed = 2026-01-01\nnext_review = 2027-01-01\nreviewed_by = \"R\"\n+++\n\nHello there.\n");
}

}  // namespace

TEST_CASE("version and help answer and exit 0") {
    const auto version = run_healthsite("--version");
    CHECK(version.exit_code == 0);
    CHECK(version.out.starts_with("healthsite "));
    const auto help = run_healthsite("build --help");
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("--offline") != std::string::npos);
}

TEST_CASE("a usage error exits 2 and says what was wrong") {
    const auto result = run_healthsite("build --no-such-flag");
    CHECK(result.exit_code == 2);
    CHECK((result.err + result.out).find("no-such-flag") != std::string::npos);
    CHECK(run_healthsite("").exit_code == 2);
}

TEST_CASE("an unknown command exits 2 and names the likely one") {
    const auto typo = run_healthsite("buidl");
    CHECK(typo.exit_code == 2);
    CHECK(typo.err == "error: unknown command 'buidl'; did you mean 'build'? (the commands are build, check, serve, "
                      "new, clean; healthsite --help says more)\n");
    const auto other = run_healthsite("publish");
    CHECK(other.exit_code == 2);
    CHECK(other.err.starts_with("error: unknown command 'publish' (the commands are "));
    CHECK(run_healthsite("--version").exit_code == 0);  // options before a command are still CLI11's
}

TEST_CASE("a successful build prints one summary line and nothing else") {
    const TempDir dir;
    write_site(dir);
    const auto result = run_healthsite("build", dir.path());
    CHECK(result.exit_code == 0);
    CHECK(result.err.empty());
    CHECK(result.out.starts_with("Built 1 pages in "));
    CHECK(std::count(result.out.begin(), result.out.end(), '\n') == 1);
}

TEST_CASE("a site without content/_index.md gets a home page with the site's title and description") {
    const TempDir dir;
    write_site(dir);
    fs::remove(dir.path() / "content/_index.md");
    dir.write("site.toml", "title = \"Leg \\\"pain\\\" guide\"\ndescription = \"Why legs ache at night.\"\n"
                           "base_url = \"https://example.org/\"\ntheme = \"plain\"\n");
    dir.write("content/page.md", "+++\ntitle = \"A page\"\n+++\n\nText.\n");
    const auto result = run_healthsite("build", dir.path());
    CHECK(result.exit_code == 0);
    CHECK(result.err.empty());
    CHECK(result.out.starts_with("Built 2 pages in "));
    const std::string home = dir.read("public/index.html");
    CHECK(home.find("<h1>Leg &quot;pain&quot; guide</h1>") != std::string::npos);
    CHECK(dir.read("public/search-index.js").find("Why legs ache at night.") != std::string::npos);
    CHECK(dir.read("public/sitemap.xml").find("<loc>https://example.org/</loc>") != std::string::npos);
    CHECK_FALSE(fs::exists(dir.path() / "content/_index.md"));  // nothing written into content/
    const auto checked = run_healthsite("check", dir.path());
    CHECK(checked.out.find("content/page.md") != std::string::npos);
    CHECK(checked.out.find("_index.md") == std::string::npos);  // no file to review or fix
    CHECK(checked.err.find("_index.md") == std::string::npos);
}

// The build state names the generator that wrote it: another one, even a
// copy of this one, parses every page again rather than trust it.
TEST_CASE("another generator, even a copy of this one, does not trust the build state this one left") {
    const TempDir dir;
    write_site(dir);
    REQUIRE(run_healthsite("build", dir.path()).exit_code == 0);
    const std::string changed = "the generator changed";
    CHECK(run_healthsite("build --explain", dir.path()).out.find(changed) == std::string::npos);
    const fs::path copy = dir.path() / "healthsite-copy";
    fs::copy_file(HEALTHSITE_BINARY, copy);
    const auto run_copy = [&] {
        const std::string out = (dir.path() / "copy.out").string();
        const std::string command = "cd '" + dir.path().string() + "' && '" + copy.string() + "' build --explain >'" + out + "' 2>&1";
        REQUIRE(std::system(command.c_str()) == 0);
        return TempDir::read_file(out);
    };
    CHECK(run_copy().find(changed) != std::string::npos);
    CHECK(run_copy().find(changed) == std::string::npos);  // the same copy, run again, trusts its own
    CHECK(run_healthsite("build --explain", dir.path()).out.find(changed) != std::string::npos);
}

// `healthsite serve` runs healthsite-serve: the one beside it, or else one on
// the PATH. A copy of healthsite alone in a folder shows both ways.
TEST_CASE("serve runs the preview program on the PATH when none is beside healthsite, and says when there is none") {
    const TempDir dir;
    write_site(dir);
    const fs::path alone = dir.path() / "bin" / "healthsite";
    fs::create_directories(alone.parent_path());
    fs::copy_file(HEALTHSITE_BINARY, alone);
    const auto serve_with_path = [&](const std::string& path) {
        const std::string out = (dir.path() / "serve.out").string();
        const std::string command = "cd '" + dir.path().string() + "' && PATH='" + path + "' '" + alone.string() +
                                    "' serve --port 1 >'" + out + "' 2>&1";
        const int status = std::system(command.c_str());
        REQUIRE(WIFEXITED(status));
        return std::pair(WEXITSTATUS(status), TempDir::read_file(out));
    };

    const auto [code, said] = serve_with_path("/usr/bin:/bin");
    CHECK(code == 3);
    CHECK(said.starts_with("error: cannot start the preview program " +
                           (alone.parent_path() / "healthsite-serve").string() + ": No such file or directory"));
    CHECK_FALSE(fs::exists(dir.path() / ".healthsite-cache"));  // nothing was built

    const fs::path elsewhere = dir.path() / "elsewhere";
    dir.write("elsewhere/healthsite-serve", "#!/bin/sh\necho \"preview given: $*\"\nexit 7\n");
    fs::permissions(elsewhere / "healthsite-serve", fs::perms::owner_all);
    const auto [found_code, found_said] = serve_with_path(elsewhere.string() + ":/usr/bin:/bin");
    CHECK(found_code == 7);
    CHECK(found_said == "preview given: serve --port 1\n");
}

TEST_CASE("the search index lists each page with its title, headings, tags and text") {
    const TempDir dir;
    write_site(dir);
    dir.write("content/page.md", "+++\ntitle = \"Blood flow\"\ntags = [\"circulation\", \"PAD\"]\n+++\n\n"
                                 "## Cold feet\n\nFeet that feel cold at night.\n");
    REQUIRE(run_healthsite("build", dir.path()).exit_code == 0);
    std::string script = dir.read("public/search-index.js");
    const std::string start = "window.healthsiteSearch = ";
    REQUIRE(script.starts_with(start));
    REQUIRE(script.ends_with(";\n"));
    const auto index = nlohmann::json::parse(script.substr(start.size(), script.size() - start.size() - 2));
    const auto page = std::find_if(index.begin(), index.end(), [](const auto& e) { return e["url"] == "page/"; });
    REQUIRE(page != index.end());
    CHECK((*page)["title"] == "Blood flow");
    CHECK((*page)["headings"] == nlohmann::json::array({"Cold feet"}));
    CHECK((*page)["tags"] == nlohmann::json::array({"circulation", "PAD"}));
    CHECK((*page)["text"].get<std::string>().find("Feet that feel cold at night.") != std::string::npos);
    const auto home = std::find_if(index.begin(), index.end(), [](const auto& e) { return e["url"] == ""; });
    REQUIRE(home != index.end());
    CHECK_FALSE(home->contains("tags"));  // none given
}

TEST_CASE("feed.xml holds the newest reviewed pages, up to [feed] limit") {
    const TempDir dir;
    write_site(dir);
    for (int day = 1; day <= 4; ++day)
        dir.write("content/p" + std::to_string(day) + ".md",
                  "+++\ntitle = \"Page " + std::to_string(day) + "\"\nlast_reviewed = 2026-02-0" + std::to_string(day) +
                      "\n+++\n\nText.\n");
    const auto entries = [&] {
        const std::string feed = dir.read("public/feed.xml");
        std::vector<std::string> titles;
        for (auto at = feed.find("<entry>"); at != std::string::npos; at = feed.find("<entry>", at + 1)) {
            const auto start = feed.find("<title>", at) + 7;
            titles.push_back(feed.substr(start, feed.find("</title>", start) - start));
        }
        return titles;
    };
    REQUIRE(run_healthsite("build", dir.path()).exit_code == 0);
    CHECK(entries() == std::vector<std::string>{"Page 4", "Page 3", "Page 2", "Page 1", "Home"});
    dir.write("site.toml", dir.read("site.toml") + "\n[feed]\nlimit = 2\n");
    REQUIRE(run_healthsite("build", dir.path()).exit_code == 0);
    CHECK(entries() == std::vector<std::string>{"Page 4", "Page 3"});
}

TEST_CASE("a folder without content/ is an error that says where to run") {
    const TempDir dir;
    write_site(dir);
    fs::remove_all(dir.path() / "content");
    const auto result = run_healthsite("build", dir.path());
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("content/: error: there is no content folder in ") != std::string::npos);
    CHECK_FALSE(fs::exists(dir.path() / "public"));
}

TEST_CASE("new cause writes a draft page with its front matter, and never overwrites one") {
    const TempDir dir;
    write_site(dir);
    const auto created = run_healthsite("new cause 'Hip pain at night'", dir.path());
    CHECK(created.exit_code == 0);
    const std::string text = dir.read("content/causes/hip-pain-at-night.md");
    CHECK(text.find("title = \"Hip pain at night\"") != std::string::npos);
    CHECK(text.find("[[conditions]]") != std::string::npos);
    CHECK(text.find("## Hip pain at night {#hip-pain-at-night}") != std::string::npos);
    CHECK(text.find("draft = true") != std::string::npos);
    CHECK(run_healthsite("build --drafts", dir.path()).exit_code == 0);
    CHECK(run_healthsite("new cause 'Hip pain at night'", dir.path()).exit_code == 2);
    CHECK(dir.read("content/causes/hip-pain-at-night.md") == text);
}

TEST_CASE("clean removes what the build wrote and nothing else") {
    const TempDir dir;
    write_site(dir);
    REQUIRE(run_healthsite("build", dir.path()).exit_code == 0);
    dir.write("public/CNAME", "example.org\n");
    dir.write("public/.git/config", "[core]\n");
    const auto result = run_healthsite("clean", dir.path());
    CHECK(result.exit_code == 0);
    CHECK_FALSE(fs::exists(dir.path() / "public" / "index.html"));
    CHECK(dir.read("public/CNAME") == "example.org\n");
    CHECK(dir.read("public/.git/config") == "[core]\n");
}

TEST_CASE("check --format json lists every page with its grade and every finding") {
    const TempDir dir;
    write_site(dir);
    dir.write("content/old.md", "+++\ntitle = \"Old\"\nlast_reviewed = 2020-01-01\nnext_review = 2021-01-01\n+++\n\nText.\n");
    const auto result = run_healthsite("check --format json", dir.path());
    CHECK(result.exit_code == 0);  // findings are warnings unless --strict
    const auto report = nlohmann::json::parse(result.out);
    REQUIRE(report["pages"].size() == 2);
    bool overdue = false, no_reviewer = false;
    for (const auto& d : report["diagnostics"]) {
        const std::string message = d["message"];
        overdue |= d["path"] == "content/old.md" && message.find("review overdue") != std::string::npos;
        no_reviewer |= d["path"] == "content/old.md" && message.find("no reviewer") != std::string::npos;
    }
    CHECK(overdue);
    CHECK(no_reviewer);
    CHECK(run_healthsite("check --strict", dir.path()).exit_code == 1);
}

TEST_CASE("check points at a review date in the future and an overdue one, at their lines") {
    const TempDir dir;
    write_site(dir);
    dir.write("content/typo.md",
              "+++\ntitle = \"Typo\"\nreviewed_by = \"R\"\nlast_reviewed = 2206-01-01\nnext_review = 2207-01-01\n+++\n\nText.\n");
    dir.write("content/old.md",
              "+++\ntitle = \"Old\"\nreviewed_by = \"R\"\nlast_reviewed = 2020-01-01\nnext_review = 2021-01-01\n+++\n\nText.\n");
    const auto result = run_healthsite("check", dir.path());
    CHECK(result.err.find("content/typo.md:4:1: warning: last_reviewed (2206-01-01) is after today (") != std::string::npos);
    CHECK(result.err.find("content/old.md:5:1: warning: review overdue: next_review was 2021-01-01") != std::string::npos);
    CHECK(result.err.find("content/_index.md: warning: last_reviewed") == std::string::npos);
}

TEST_CASE("a site without its full address is warned: the sitemap and feed need it") {
    const TempDir dir;
    write_site(dir);
    dir.write("site.toml", "title = \"CLI\"\ntheme = \"plain\"\n");
    const auto missing = run_healthsite("build", dir.path());
    CHECK(missing.exit_code == 0);
    CHECK(missing.err.find("site.toml: warning: there is no base_url: the sitemap, the feed and each page's canonical "
                           "link need one") != std::string::npos);
    CHECK(run_healthsite("build --strict", dir.path()).exit_code != 0);  // a publishing build can insist
    dir.write("site.toml", "title = \"CLI\"\ntheme = \"plain\"\nbase_url = \"/\"\n");
    CHECK(run_healthsite("build", dir.path()).err.find("site.toml:3:1: warning: base_url is not the site's full "
                                                       "address") != std::string::npos);
    // Read from disk, or given the address on the command line: no warning.
    CHECK(run_healthsite("build --offline --output off", dir.path()).err.find("base_url") == std::string::npos);
    CHECK(run_healthsite("build --base-url https://example.org/", dir.path()).err.find("base_url") == std::string::npos);
}

TEST_CASE("what editors and systems leave beside pages is neither published nor an error") {
    const TempDir dir;
    write_site(dir);
    dir.write("content/page.md", "+++\ntitle = \"P\"\n+++\n\nText.\n");
    dir.write("content/.page.md.swp", "vim swap");
    dir.write("content/page.md~", "backup");
    dir.write("content/#page.md#", "emacs autosave");
    dir.write("content/.DS_Store", "finder");
    dir.write("content/Thumbs.db", "explorer");
    dir.write("content/.git/HEAD", "ref: refs/heads/main\n");
    dir.write("content/.draft-notes.md", "+++\ntitle = \"Hidden\"\n+++\n");
    dir.write("content/.well-known/security.txt", "Contact: mailto:security@example.org\n");
    // Emacs marks a file being edited with a link that leads nowhere.
    fs::create_symlink("user@host.1234:1700000000", dir.path() / "content" / ".#page.md");
    const auto result = run_healthsite("build", dir.path());
    CHECK(result.exit_code == 0);
    CHECK(result.err.empty());
    std::vector<std::string> published;
    for (const auto& entry : fs::recursive_directory_iterator(dir.path() / "public"))
        if (entry.is_regular_file()) published.push_back(fs::relative(entry.path(), dir.path() / "public").string());
    std::sort(published.begin(), published.end());
    for (const char* left_out : {".page.md.swp", "page.md~", "#page.md#", ".DS_Store", "Thumbs.db", ".git/HEAD",
                                 ".draft-notes/index.html", ".#page.md"}) {
        INFO(left_out);
        CHECK(std::find(published.begin(), published.end(), left_out) == published.end());
    }
    CHECK(std::find(published.begin(), published.end(), ".well-known/security.txt") != published.end());
    CHECK(std::find(published.begin(), published.end(), "page/index.html") != published.end());
}

TEST_CASE("a Markdown file named other than .md is a warning: it is published as it is") {
    const TempDir dir;
    write_site(dir);
    dir.write("content/Notes.MD", "+++\ntitle = \"Notes\"\n+++\n\nReviewer notes.\n");
    dir.write("content/more/extra.markdown", "+++\ntitle = \"Extra\"\n+++\n");
    dir.write("content/leaflet.pdf", "%PDF-1.4\n");
    const auto result = run_healthsite("build", dir.path());
    CHECK(result.exit_code == 0);
    CHECK(result.err.find("content/Notes.MD: warning: this file is published as it is, not made into a page: only "
                          "files whose names end in '.md' (in lowercase) are pages; rename it to Notes.md") !=
          std::string::npos);
    CHECK(result.err.find("content/more/extra.markdown: warning: this file is published as it is") != std::string::npos);
    CHECK(result.err.find("leaflet.pdf") == std::string::npos);
    CHECK(fs::exists(dir.path() / "public" / "Notes.MD"));
    // Said again by a build with nothing to do, like every other warning.
    CHECK(run_healthsite("build", dir.path()).err.find("content/Notes.MD: warning:") != std::string::npos);
}

TEST_CASE("an image without a description is a warning at its place") {
    const TempDir dir;
    write_site(dir);
    dir.write("content/img/leg.png", "\x89PNG\r\n");
    dir.write("content/page.md", "+++\ntitle = \"P\"\n+++\n\n![](img/leg.png) and ![  ](img/leg.png)\n\n![A leg](img/leg.png)\n");
    const auto result = run_healthsite("build", dir.path());
    CHECK(result.exit_code == 0);
    CHECK(result.err.find("content/page.md:5:1: warning: image 'img/leg.png' has no description") != std::string::npos);
    CHECK(result.err.find("content/page.md:5:22: warning: image 'img/leg.png' has no description") != std::string::npos);
    CHECK(result.err.find("content/page.md:7:") == std::string::npos);
    CHECK(run_healthsite("build --strict", dir.path()).exit_code == 1);
}
