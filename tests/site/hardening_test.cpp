// Bad input and faults: every failing build exits non-zero with a message
// that names its place, leaves the previous output byte for byte as it was,
// and writes nothing outside the output folder, not even in the build cache.
#include <catch2/catch.hpp>

#include <algorithm>

#include <csignal>
#include <sys/wait.h>

#include "generator/output/output.hpp"
#include "generator/site/site.hpp"
#include "tests/helpers/temp_dir.hpp"

using namespace healthsite;
using namespace healthsite::testing;

namespace {

const fs::path kSites = fs::path(HEALTHSITE_SOURCE_DIR) / "tests" / "sites";

void write_good_site(const TempDir& dir) {
    fs::copy(kSites / "themes", dir.path() / "themes", fs::copy_options::recursive);
    dir.write("site.toml", "title = \"Hardening\"\nbase_url = \"https://example.org/\"\ntheme = \"plain\"\n");
    dir.write("content/_index.md", "+++\ntitle = \"Home\"\n+++\n\nWelcome to [the page](page.md).\n");
    dir.write("content/page.md", "+++\ntitle = \"A page\"\n+++\n\nSome text.\n");
}

// Everything in the site's folder except the output, build cache included.
std::map<std::string, std::string> outside_output(const TempDir& dir) {
    auto files = snapshot(dir.path());
    std::erase_if(files, [](const auto& entry) { return entry.first.starts_with("public/"); });
    return files;
}

struct Attempt {
    CommandResult result;
    bool output_unchanged = false;
    bool outside_unchanged = false;
};

// Builds once (the "previous output"), lets break_it() change the site, then
// builds again and records what the failed build did.
template <typename Break>
Attempt fail_after_good_build(Break break_it, const std::string& arguments = "build") {
    const TempDir dir;
    write_good_site(dir);
    REQUIRE(run_healthsite("build", dir.path()).exit_code == 0);
    dir.write("public/CNAME", "example.org\n");  // a file the generator did not write
    break_it(dir);
    const auto output_before = snapshot(dir.path() / "public");
    const auto outside_before = outside_output(dir);
    Attempt attempt;
    attempt.result = run_healthsite(arguments, dir.path());
    attempt.output_unchanged = snapshot(dir.path() / "public") == output_before;
    attempt.outside_unchanged = outside_output(dir) == outside_before;
    CHECK_FALSE(fs::exists(dir.path() / "public" / ".healthsite-staging"));
    return attempt;
}

void expect_failure(const Attempt& attempt, int exit_code, const std::string& message) {
    INFO(attempt.result.err);
    CHECK(attempt.result.exit_code == exit_code);
    CHECK(attempt.result.err.find(message) != std::string::npos);
    CHECK(attempt.output_unchanged);
    CHECK(attempt.outside_unchanged);
}

}  // namespace

TEST_CASE("bad input: invalid UTF-8 is refused at its position") {
    expect_failure(fail_after_good_build([](const TempDir& d) { d.write("content/page.md", "+++\ntitle = \"A\"\n+++\n\nbad \xC3\x28 byte\n"); }),
                   1, "content/page.md:5:5: error: the file is not valid UTF-8 text");
}

TEST_CASE("bad input: a NUL byte is refused at its position") {
    expect_failure(fail_after_good_build([](const TempDir& d) {
                       constexpr char text[] = "+++\ntitle = \"A\"\n+++\n\nnul \0 here\n";
                       d.write("content/page.md", std::string(text, sizeof text - 1));
                   }),
                   1, "content/page.md:5:5: error: the file contains a NUL byte");
}

TEST_CASE("bad input: malformed and unterminated front matter") {
    expect_failure(fail_after_good_build([](const TempDir& d) { d.write("content/page.md", "+++\ntitle = = \"A\"\n+++\n"); }), 1,
                   "content/page.md:2:");
    expect_failure(fail_after_good_build([](const TempDir& d) { d.write("content/page.md", "+++\ntitle = \"A\"\n"); }), 1,
                   "content/page.md:1:1: error: front matter opened with '+++' on line 1 is never closed");
}

TEST_CASE("bad input: a file over the size limit is refused") {
    expect_failure(fail_after_good_build([](const TempDir& d) {
                       d.write("site.toml", "title = \"Hardening\"\nbase_url = \"https://example.org/\"\ntheme = \"plain\"\n\n[limits]\nmax_file_size = 100\n");
                       d.write("content/page.md", "+++\ntitle = \"A\"\n+++\n\n" + std::string(200, 'x') + "\n");
                   }),
                   1, "content/page.md: error: file is 222 bytes, over the limit of 100");
}

TEST_CASE("bad input: two pages that differ only in case publish to the same place") {
    expect_failure(fail_after_good_build([](const TempDir& d) { d.write("content/Page.md", "+++\ntitle = \"B\"\n+++\n"); }), 1,
                   "publishes to page/index.html, which content/Page.md also does");
}

TEST_CASE("bad input: a slug that takes another page's place is named at its line") {
    expect_failure(fail_after_good_build([](const TempDir& d) {
                       d.write("content/other.md", "+++\ntitle = \"B\"\nweight = 2\nslug = \"page\"\n+++\n");
                   }),
                   1, "content/other.md:4:1: error: publishes to page/index.html, which content/page.md also does");
}

TEST_CASE("bad input: a theme that is not there is named at its line, with the likely one") {
    expect_failure(fail_after_good_build([](const TempDir& d) {
                       d.write("site.toml", "title = \"Hardening\"\nbase_url = \"https://example.org/\"\ntheme = \"plian\"\n");
                   }),
                   2, "site.toml:3:1: error: unknown theme 'plian': no folder themes/plian/templates (themes here: ");
    expect_failure(fail_after_good_build([](const TempDir& d) {
                       d.write("site.toml", "title = \"Hardening\"\nbase_url = \"https://example.org/\"\ntheme = \"plian\"\n");
                   }),
                   2, "; did you mean 'plain'?)");
}

TEST_CASE("bad input: slugs that would leave the output folder are refused") {
    for (const char* slug : {"../evil", "/etc", "a\\\\b", ".."}) {
        INFO(slug);
        expect_failure(fail_after_good_build([&](const TempDir& d) {
                           d.write("content/page.md", std::string("+++\ntitle = \"A\"\nslug = \"") + slug + "\"\n+++\n");
                       }),
                       1, "content/page.md:3:1: error: 'slug' must be one path segment");
    }
}

TEST_CASE("bad input: a symlink leading out of content/ is refused") {
    expect_failure(fail_after_good_build([](const TempDir& d) {
                       d.write("secret.md", "+++\ntitle = \"Secret\"\n+++\n");
                       fs::create_symlink(d.path() / "secret.md", d.path() / "content" / "leak.md");
                   }),
                   1, "content/leak.md: error: this symbolic link leads outside content/");
}

TEST_CASE("bad input: javascript:, vbscript: and data:text/html links are refused, in Markdown and front matter") {
    for (const char* url : {"javascript:alert(1)", "JaVaScRiPt:alert(1)", "vbscript:msgbox(1)", "data:text/html,<b>x</b>"}) {
        INFO(url);
        expect_failure(fail_after_good_build([&](const TempDir& d) {
                           d.write("content/page.md", std::string("+++\ntitle = \"A\"\n+++\n\n[click](") + url + ")\n");
                       }),
                       1, "content/page.md:5:1: error: unsafe link destination");
    }
    expect_failure(fail_after_good_build([](const TempDir& d) {
                       d.write("content/page.md",
                               "+++\ntitle = \"A\"\n\n[[references]]\ntitle = \"x\"\nurl = \"javascript:alert(1)\"\n+++\n");
                   }),
                   1, "content/page.md:6:1: error: reference url must be a web address");
}

TEST_CASE("bad input: a control character pasted into a page is a warning at its place") {
    const TempDir dir;
    write_good_site(dir);
    dir.write("content/page.md", "+++\ntitle = \"A\"\n+++\n\nPain in the\x0C legs.\n");
    const auto result = run_healthsite("build", dir.path());
    CHECK(result.exit_code == 0);
    CHECK(result.err.find("content/page.md:5:12: warning: an invisible control character (U+000C)") != std::string::npos);
    CHECK(run_healthsite("build --strict", dir.path()).exit_code == 1);
}

TEST_CASE("bad input: raw HTML is left out by default, with a warning") {
    const TempDir dir;
    write_good_site(dir);
    dir.write("content/page.md", "+++\ntitle = \"A\"\n+++\n\n<script>alert(1)</script>\n\nText <b onclick=\"x\">bold</b>.\n");
    const auto result = run_healthsite("build", dir.path());
    CHECK(result.exit_code == 0);
    CHECK(result.err.find("content/page.md:5:1: warning: raw HTML is left out") != std::string::npos);
    const auto html = dir.read("public/page/index.html");
    CHECK(html.find("<script>alert") == std::string::npos);
    CHECK(html.find("onclick") == std::string::npos);
    CHECK(run_healthsite("build --strict", dir.path()).exit_code == 1);
}

TEST_CASE("bad input: a BOM and CRLF line ends are accepted and give the same site as LF") {
    const TempDir lf, crlf;
    write_good_site(lf);
    write_good_site(crlf);
    crlf.write("content/page.md", "\xEF\xBB\xBF+++\r\ntitle = \"A page\"\r\n+++\r\n\r\nSome text.\r\n");
    REQUIRE(run_healthsite("build", lf.path()).exit_code == 0);
    REQUIRE(run_healthsite("build", crlf.path()).exit_code == 0);
    CHECK(snapshot(lf.path() / "public") == snapshot(crlf.path() / "public"));
}

TEST_CASE("bad input: unknown template keys fail a --strict build") {
    expect_failure(fail_after_good_build([](const TempDir& d) { d.write("templates/page.mustache", "{{> article}}{{no_such_key}}\n"); },
                                         "build --strict"),
                   1, "'no_such_key' is not in the view of page/index.html");
}

TEST_CASE("faults: output folders that would destroy the site are refused before anything is touched") {
    const TempDir dir;
    write_good_site(dir);
    const auto before = snapshot(dir.path());
    for (const std::string output : {".", "content", "themes", "..", "/", "content/inner"}) {
        INFO(output);
        const auto result = run_healthsite("build --output '" + output + "'", dir.path());
        CHECK(result.exit_code == 2);
        CHECK(result.err.find("error: refusing to build here") != std::string::npos);
    }
    const auto home = run_healthsite("build --output \"$HOME\"", dir.path());
    CHECK(home.exit_code == 2);
    CHECK(home.err.find("your home folder") != std::string::npos);
    auto after = snapshot(dir.path());
    std::erase_if(after, [](const auto& e) { return e.first.starts_with(".healthsite-cache/"); });
    CHECK(after == before);
}

TEST_CASE("faults: an output path that is a file, or inside one, is one clear error") {
    const TempDir dir;
    write_good_site(dir);
    dir.write("notes.txt", "a writer's notes\n");
    for (const std::string output : {"notes.txt", "notes.txt/public", "site.toml"}) {
        INFO(output);
        const auto result = run_healthsite("build --output '" + output + "'", dir.path());
        CHECK(result.exit_code == 2);
        CHECK(result.err.find("error: refusing to build here: '") != std::string::npos);
        CHECK(result.err.find("' is a file, not a folder: choose a folder with --output or output_dir in site.toml\n") !=
              std::string::npos);
        CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 2);  // the error and the summary, no more
    }
    CHECK(dir.read("notes.txt") == "a writer's notes\n");
}

TEST_CASE("faults: a second build of the same output stops with a clear message") {
    const TempDir dir;
    write_good_site(dir);
    REQUIRE(run_healthsite("build", dir.path()).exit_code == 0);
    const auto before = snapshot(dir.path() / "public");
    const auto held = output::Lock::try_acquire(
        site::state_file(dir.path(), dir.path() / "public").replace_extension(".lock"));
    REQUIRE(held);
    dir.write("content/page.md", "+++\ntitle = \"Changed\"\n+++\n");
    const auto result = run_healthsite("build", dir.path());
    CHECK(result.exit_code == 3);
    CHECK(result.err.find("another build of this output folder is running") != std::string::npos);
    CHECK(snapshot(dir.path() / "public") == before);
}

TEST_CASE("faults: a write error (a file where a folder must go) leaves the output as it was") {
    expect_failure(fail_after_good_build([](const TempDir& d) {
                       d.write("content/blocked/page.md", "+++\ntitle = \"Blocked\"\n+++\n");
                       d.write("public/blocked", "a file the user put here\n");
                   }),
                   3, "a file that healthsite did not write is where a folder of the site must go");
}

TEST_CASE("faults: a staging folder left by a killed build is removed, and a journaled commit is finished") {
    const TempDir dir;
    write_good_site(dir);
    REQUIRE(run_healthsite("build", dir.path()).exit_code == 0);
    const auto clean = snapshot(dir.path() / "public");
    dir.write("public/.healthsite-staging/page/index.html", "half written");
    REQUIRE(run_healthsite("build", dir.path()).exit_code == 0);
    CHECK_FALSE(fs::exists(dir.path() / "public" / ".healthsite-staging"));
    CHECK(snapshot(dir.path() / "public") == clean);

    // A commit cut short after its journal: the next build completes it.
    dir.write("public/.healthsite-staging/page/index.html", clean.at("page/index.html"));
    dir.write("public/page/index.html", "torn");
    dir.write("public/.healthsite-journal", "healthsite journal 1\npage/index.html\n");
    REQUIRE(run_healthsite("build", dir.path()).exit_code == 0);
    CHECK(snapshot(dir.path() / "public") == clean);
}

TEST_CASE("faults: SIGINT during a build leaves either the old output or the new one, never a mix") {
    const TempDir dir;
    write_good_site(dir);
    for (int i = 0; i < 400; ++i)
        dir.write("content/many/p" + std::to_string(i) + ".md",
                  "+++\ntitle = \"Page " + std::to_string(i) + "\"\n+++\n\n" + std::string(2000, 'w') + " words.\n");
    REQUIRE(run_healthsite("build", dir.path()).exit_code == 0);
    const auto old_output = snapshot(dir.path() / "public");
    for (int i = 0; i < 400; ++i) dir.write("content/many/p" + std::to_string(i) + ".md", "+++\ntitle = \"New " + std::to_string(i) + "\"\n+++\n\nNew.\n");
    const pid_t child = ::fork();
    if (child == 0) {
        ::chdir(dir.path().c_str());
        std::freopen("/dev/null", "w", stdout);
        std::freopen("/dev/null", "w", stderr);
        ::execl(HEALTHSITE_BINARY, HEALTHSITE_BINARY, "build", "--jobs", "1", static_cast<char*>(nullptr));
        std::_Exit(127);
    }
    ::usleep(30'000);
    ::kill(child, SIGINT);
    int status = 0;
    ::waitpid(child, &status, 0);
    // Stopped by its own signal handling (130), finished first (0), or, when
    // the signal came before the program had started blocking it, ended by it.
    const bool killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGINT;
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : (killed ? 130 : -1);
    INFO("exit code " << code);
    CHECK((code == 130 || code == 0));
    const auto after = snapshot(dir.path() / "public");
    if (code == 130) CHECK(after == old_output);
    else CHECK(after.at("many/p0/index.html").find("New 0") != std::string::npos);
    CHECK_FALSE(fs::exists(dir.path() / "public" / ".healthsite-staging"));
}
