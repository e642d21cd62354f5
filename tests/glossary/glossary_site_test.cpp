// The glossary in the repository's own site: the glossary page lists every
// term with an id, and other pages link the first use of a term to it, with
// addresses that work online and offline.
#include <catch2/catch.hpp>

#include <regex>

#include "generator/glossary/glossary.hpp"
#include "generator/support/diagnostics.hpp"
#include "tests/helpers/site_links.hpp"

using namespace healthsite;
using namespace healthsite::testing;

namespace {

glossary::Glossary repository_glossary() {
    support::Diagnostics diagnostics;
    auto g = glossary::load(HEALTHSITE_SOURCE_DIR, diagnostics);
    REQUIRE_FALSE(diagnostics.has_errors());
    return g;
}

std::size_t count(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("the repository's glossary page lists every term in a description list, each with its id") {
    const auto g = repository_glossary();
    REQUIRE(g.terms.size() >= 40);
    const TempDir temp;
    stage_repository_site(temp);
    const auto result = run_healthsite("build --strict", temp.path());
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    const auto page = temp.read("public/glossary/index.html");
    CHECK(page.find("<dl class=\"glossary-list\">") != std::string::npos);
    for (const auto& term : g.terms) {
        INFO(term.name);
        CHECK(count(page, "<dt id=\"" + term.id + "\">") == 1);
    }
    // The glossary does not link to itself.
    CHECK(page.find("class=\"term\"") == std::string::npos);
}

TEST_CASE("other pages link the first use of a term, and only the first, to the glossary") {
    const TempDir temp;
    stage_repository_site(temp);
    REQUIRE(run_healthsite("build", temp.path()).exit_code == 0);
    const auto page = temp.read("public/causes/nerve-compression/index.html");
    CHECK(count(page, "<a class=\"term\" href=\"../../glossary/#term-peripheral-neuropathy\">") == 1);
    CHECK(count(page, "<a class=\"term\" href=\"../../glossary/#term-sciatica\">") == 1);
    // No term link inside a heading.
    static const std::regex heading(R"re(<h([1-6])[^>]*>(.*?)</h\1>)re");
    for (auto it = std::sregex_iterator(page.begin(), page.end(), heading); it != std::sregex_iterator(); ++it)
        CHECK((*it)[2].str().find("class=\"term\"") == std::string::npos);
    const auto check = check_site_links(temp.path() / "public", "/leg-pain/");
    for (const auto& broken : check.broken) UNSCOPED_INFO(broken);
    CHECK(check.broken.empty());
}

TEST_CASE("term links in an offline build end in index.html and resolve") {
    const TempDir temp;
    stage_repository_site(temp);
    REQUIRE(run_healthsite("build --offline", temp.path()).exit_code == 0);
    const auto home = temp.read("public/index.html");
    CHECK(home.find("<a class=\"term\" href=\"glossary/index.html#term-") != std::string::npos);
    const auto check = check_site_links(temp.path() / "public", "/leg-pain/");
    for (const auto& broken : check.broken) UNSCOPED_INFO(broken);
    CHECK(check.broken.empty());
}

TEST_CASE("a bad glossary entry stops the build with its position") {
    const TempDir temp;
    stage_repository_site(temp);
    temp.write("content/glossary.toml", "[[term]]\nname = \"Cramp\"\n\n[[term]]\nname = \"Cramp\"\ndefinition = \"x\"\n");
    const auto result = run_healthsite("build", temp.path());
    CHECK(result.exit_code == 1);
    CHECK(result.err.find("content/glossary.toml:1:1: error: missing required key 'definition'") != std::string::npos);
}
