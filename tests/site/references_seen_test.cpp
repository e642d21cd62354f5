// Every source the article cites is marked [seen] in the research notes
// (../shared/references/REFERENCES.md): not "seen on a mirror", not "not seen".
// CMake registers this test only where those notes sit beside the checkout.
#include <catch2/catch.hpp>

#include <regex>
#include <set>

#include "tests/helpers/temp_dir.hpp"

using namespace healthsite::testing;

namespace {

const fs::path kRepository = HEALTHSITE_SOURCE_DIR;

// URLs followed by exactly **[seen]** in the notes.
std::set<std::string> seen_urls(const std::string& notes) {
    static const std::regex seen(R"re((https?://[^\s*]+)\s+\*\*\[seen\]\*\*)re");
    std::set<std::string> out;
    for (auto it = std::sregex_iterator(notes.begin(), notes.end(), seen); it != std::sregex_iterator(); ++it)
        out.insert((*it)[1]);
    return out;
}

std::vector<std::pair<std::string, std::string>> cited_urls() {
    static const std::regex url_line(R"re(^url\s*=\s*"([^"]+)")re", std::regex::multiline);
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& entry : fs::recursive_directory_iterator(kRepository / "content")) {
        if (entry.path().extension() != ".md") continue;
        const auto text = TempDir::read_file(entry.path());
        for (auto it = std::sregex_iterator(text.begin(), text.end(), url_line); it != std::sregex_iterator(); ++it)
            out.emplace_back(entry.path().filename().string(), (*it)[1]);
    }
    return out;
}

}  // namespace

TEST_CASE("every cited URL is marked [seen] in the research notes") {
    const auto notes = TempDir::read_file(kRepository / ".." / "shared" / "references" / "REFERENCES.md");
    const auto seen = seen_urls(notes);
    REQUIRE(seen.size() > 50);
    CHECK(seen.count("https://www.nhsinform.scot/illnesses-and-conditions/blood-and-lymph/deep-vein-thrombosis") == 1);
    const auto cited = cited_urls();
    REQUIRE(cited.size() > 20);
    for (const auto& [page, url] : cited) {
        INFO(page << ": " << url);
        CHECK(seen.count(url) == 1);
    }
}
