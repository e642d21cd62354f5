// Fixture sites under tests/sites/: one that builds, compared file by file
// with its checked-in expected/ tree, and failing ones whose diagnostics are
// compared exactly with expected_diagnostics.txt.
//
// To regenerate the golden files on purpose (and review the diff):
//   HEALTHSITE_UPDATE_GOLDEN=1 ./build/tests/test_site "[golden]"
#include <catch2/catch.hpp>

#include <cstdlib>
#include <sstream>

#include "tests/helpers/temp_dir.hpp"

using namespace healthsite::testing;

namespace {

const fs::path kSites = fs::path(HEALTHSITE_SOURCE_DIR) / "tests" / "sites";

// Copies a fixture site to a temporary folder, with the shared test themes
// when the fixture has none of its own.
void stage_fixture(const fs::path& fixture, const TempDir& temp) {
    fs::copy(fixture, temp.path(), fs::copy_options::recursive);
    fs::remove_all(temp.path() / "expected");
    fs::remove(temp.path() / "expected_diagnostics.txt");
    if (!fs::exists(temp.path() / "themes")) fs::copy(kSites / "themes", temp.path() / "themes", fs::copy_options::recursive);
}

std::string diagnostic_lines(const std::string& stderr_text) {
    std::istringstream in(stderr_text);
    std::string line, out;
    while (std::getline(in, line))
        if (line.find(": error: ") != std::string::npos || line.find(": warning: ") != std::string::npos) out += line + "\n";
    return out;
}

std::vector<std::string> invalid_cases() {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(kSites / "invalid")) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace

TEST_CASE("the basic fixture site builds to exactly its expected files", "[golden]") {
    const TempDir temp;
    stage_fixture(kSites / "basic", temp);
    const auto result = run_healthsite("build", temp.path());
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(result.err.empty());
    const auto actual = snapshot(temp.path() / "public");
    const fs::path expected_dir = kSites / "basic" / "expected";
    if (std::getenv("HEALTHSITE_UPDATE_GOLDEN")) {
        fs::remove_all(expected_dir);
        for (const auto& [path, bytes] : actual) {
            fs::create_directories((expected_dir / path).parent_path());
            std::ofstream(expected_dir / path, std::ios::binary) << bytes;
        }
    }
    const auto expected = snapshot(expected_dir);
    REQUIRE(!expected.empty());
    for (const auto& [path, bytes] : expected) {
        INFO("file " << path);
        REQUIRE(actual.count(path) == 1);
        CHECK(actual.at(path) == bytes);
    }
    for (const auto& [path, bytes] : actual) {
        INFO("unexpected file " << path);
        CHECK(expected.count(path) == 1);
    }
}

TEST_CASE("the basic fixture leaves drafts out unless --drafts is given") {
    const TempDir temp;
    stage_fixture(kSites / "basic", temp);
    REQUIRE(run_healthsite("build", temp.path()).exit_code == 0);
    CHECK_FALSE(fs::exists(temp.path() / "public" / "draft" / "index.html"));
    REQUIRE(run_healthsite("build --drafts", temp.path()).exit_code == 0);
    CHECK(fs::exists(temp.path() / "public" / "draft" / "index.html"));
}

TEST_CASE("every invalid fixture fails with exactly its expected diagnostics and leaves the output alone") {
    const auto cases = invalid_cases();
    REQUIRE(cases.size() >= 6);
    for (const auto& name : cases) {
        DYNAMIC_SECTION(name) {
            const TempDir temp;
            stage_fixture(kSites / "invalid" / name, temp);
            temp.write("public/index.html", "previous build\n");
            temp.write("public/CNAME", "example.org\n");
            const auto before = snapshot(temp.path() / "public");

            const auto result = run_healthsite("build", temp.path());

            const std::string expected = TempDir::read_file(kSites / "invalid" / name / "expected_diagnostics.txt");
            REQUIRE(!expected.empty());
            CHECK(diagnostic_lines(result.err) == expected);
            CHECK(result.exit_code != 0);
            CHECK(result.out.empty());
            CHECK(snapshot(temp.path() / "public") == before);
        }
    }
}
