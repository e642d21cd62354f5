// No sentence of the outline the article was planned from may appear in
// content/: no run of eight words in common with it. The outline itself is
// not part of the project, so tests/data/outline-8grams.txt holds only the
// hashes of its eight-word runs (words: lowercase [a-z']+, joined by spaces).
//
// When the outline is present beside the repository (../shared/seed/), the
// test also checks that the stored hashes are the outline's; to refresh them:
//   HEALTHSITE_UPDATE_OUTLINE_HASHES=1 ./build/tests/test_site "[outline]"
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <set>

#include "generator/support/hash.hpp"
#include "tests/helpers/temp_dir.hpp"

using namespace healthsite::testing;
namespace support = healthsite::support;

namespace {

const fs::path kRepository = HEALTHSITE_SOURCE_DIR;
const fs::path kHashes = kRepository / "tests" / "data" / "outline-8grams.txt";
const fs::path kOutline = kRepository / ".." / "shared" / "seed" / "article-outline.txt";

std::vector<std::string> words_of(const std::string& text) {
    static const std::regex word("[a-z']+");
    std::string lower = text;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::vector<std::string> out;
    for (auto it = std::sregex_iterator(lower.begin(), lower.end(), word); it != std::sregex_iterator(); ++it)
        out.push_back(it->str());
    return out;
}

std::vector<std::string> eight_word_runs(const std::string& text) {
    const auto words = words_of(text);
    std::vector<std::string> runs;
    for (std::size_t i = 0; i + 8 <= words.size(); ++i) {
        std::string run = words[i];
        for (std::size_t k = 1; k < 8; ++k) run += ' ' + words[i + k];
        runs.push_back(std::move(run));
    }
    return runs;
}

std::set<std::string> hashes_of(const std::string& text) {
    std::set<std::string> out;
    for (const auto& run : eight_word_runs(text)) out.insert(support::to_hex(support::hash_bytes(run)));
    return out;
}

std::set<std::string> stored_hashes() {
    std::ifstream in(kHashes);
    std::set<std::string> out;
    for (std::string line; std::getline(in, line);)
        if (!line.empty() && line[0] != '#') out.insert(line);
    return out;
}

}  // namespace

TEST_CASE("the stored outline hashes are the outline's, when the outline is at hand", "[outline]") {
    if (!fs::exists(kOutline)) {
        WARN("the outline is not beside this checkout; checking the stored hashes only");
        CHECK(stored_hashes().size() > 1000);
        return;
    }
    const auto actual = hashes_of(TempDir::read_file(kOutline));
    if (std::getenv("HEALTHSITE_UPDATE_OUTLINE_HASHES")) {
        std::ofstream out(kHashes);
        out << "# xxh3-64 of every eight-word run of the article outline; see tests/site/outline_overlap_test.cpp\n";
        for (const auto& h : actual) out << h << '\n';
    }
    CHECK(stored_hashes() == actual);
}

TEST_CASE("no page in content/ shares a run of eight words with the outline", "[outline]") {
    const auto outline = stored_hashes();
    REQUIRE(outline.size() > 1000);
    std::size_t pages = 0;
    for (const auto& entry : fs::recursive_directory_iterator(kRepository / "content")) {
        if (!entry.is_regular_file()) continue;
        ++pages;
        std::vector<std::string> shared;
        for (const auto& run : eight_word_runs(TempDir::read_file(entry.path())))
            if (outline.count(support::to_hex(support::hash_bytes(run)))) shared.push_back(run);
        INFO(fs::relative(entry.path(), kRepository).string() << " shares: " << (shared.empty() ? "" : shared.front()));
        CHECK(shared.empty());
    }
    CHECK(pages >= 15);
}

TEST_CASE("the overlap check finds a copied sentence", "[outline]") {
    // Proves the check can fail: eight words taken from the outline's own runs.
    const auto outline_hashes = stored_hashes();
    const std::string sample = "one two three four five six seven eight";
    CHECK(hashes_of(sample).size() == 1);
    CHECK(outline_hashes.count(*hashes_of(sample).begin()) == 0);
    if (fs::exists(kOutline)) {
        const auto runs = eight_word_runs(TempDir::read_file(kOutline));
        REQUIRE(!runs.empty());
        CHECK(outline_hashes.count(*hashes_of(runs[runs.size() / 2]).begin()) == 1);
    }
}
