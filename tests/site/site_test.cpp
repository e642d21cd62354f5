// Whole builds: determinism whatever the thread count, and writing only what
// changed.
#include <catch2/catch.hpp>

#include "tests/helpers/temp_dir.hpp"

using namespace healthsite::testing;

TEST_CASE("two builds of the same input give identical bytes, whatever --jobs is") {
    const TempDir temp;
    stage_repository_site(temp);
    REQUIRE(run_healthsite("build --jobs 1 --output one", temp.path()).exit_code == 0);
    REQUIRE(run_healthsite("build --jobs 4 --output four", temp.path()).exit_code == 0);
    REQUIRE(run_healthsite("build --jobs 2 --output again", temp.path()).exit_code == 0);
    const auto one = snapshot(temp.path() / "one");
    REQUIRE(one.size() > 15);
    CHECK(one == snapshot(temp.path() / "four"));
    CHECK(one == snapshot(temp.path() / "again"));
}

TEST_CASE("a second build with no change writes nothing and says so") {
    const TempDir temp;
    stage_repository_site(temp);
    REQUIRE(run_healthsite("build", temp.path()).exit_code == 0);
    const auto second = run_healthsite("build", temp.path());
    REQUIRE(second.exit_code == 0);
    CHECK(second.out.find(": 0 written,") != std::string::npos);
}
