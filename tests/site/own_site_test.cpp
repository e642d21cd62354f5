// Builds this repository's own site and checks that every internal link and
// #anchor in the output resolves.
#include <catch2/catch.hpp>

#include "tests/helpers/site_links.hpp"

using namespace healthsite::testing;

TEST_CASE("the repository's own site builds and every internal link and anchor resolves") {
    const TempDir temp;
    stage_repository_site(temp);
    const auto result = run_healthsite("build --strict", temp.path());
    INFO(result.err);
    REQUIRE(result.exit_code == 0);

    const auto check = check_site_links(temp.path() / "public", "/leg-pain/");
    INFO("pages " << check.pages << ", links " << check.links << ", fragments " << check.fragments);
    for (const auto& broken : check.broken) UNSCOPED_INFO(broken);
    CHECK(check.broken.empty());
    CHECK(check.pages >= 15);
    CHECK(check.fragments >= 20);
}

TEST_CASE("the offline build of the repository's site links to index.html files that exist") {
    const TempDir temp;
    stage_repository_site(temp);
    REQUIRE(run_healthsite("build --offline", temp.path()).exit_code == 0);
    const auto home = temp.read("public/index.html");
    CHECK(home.find("href=\"causes/index.html\"") != std::string::npos);
    const auto check = check_site_links(temp.path() / "public", "/leg-pain/");
    for (const auto& broken : check.broken) UNSCOPED_INFO(broken);
    CHECK(check.broken.empty());
}
