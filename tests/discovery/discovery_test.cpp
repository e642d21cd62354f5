// The search index's layout: how many parts a site's index has, which part
// a page is in, and the files each part makes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "generator/discovery/discovery.hpp"

namespace discovery = healthsite::discovery;

TEST_CASE("a small site's index is one file; it splits in powers of two as the site grows") {
    CHECK(discovery::search_parts(0) == 1);
    CHECK(discovery::search_parts(500) == 1);
    CHECK(discovery::search_parts(501) == 2);
    CHECK(discovery::search_parts(1100) == 4);
    CHECK(discovery::search_parts(10002) == 32);
    CHECK(discovery::search_index_paths(1) == std::vector<std::string>{"search-index.js"});
    CHECK(discovery::search_index_paths(4) ==
          std::vector<std::string>{"search-index.js", "search-index/0.js", "search-index/1.js", "search-index/2.js",
                                   "search-index/3.js"});
}

TEST_CASE("a page's part follows from its address alone, and the pages spread over the parts") {
    CHECK(discovery::search_part_of("causes/circulation/", 32) == discovery::search_part_of("causes/circulation/", 32));
    std::vector<int> pages_in(32, 0);
    for (int i = 0; i < 3200; ++i) {
        const auto part = discovery::search_part_of("articles/page-" + std::to_string(i) + "/", 32);
        REQUIRE(part < 32);
        ++pages_in[part];
    }
    CHECK(*std::min_element(pages_in.begin(), pages_in.end()) > 50);
    CHECK(*std::max_element(pages_in.begin(), pages_in.end()) < 150);
    CHECK(discovery::search_part_of("anything/", 1) == 0);
}

TEST_CASE("the files of the index are known as such, and parts say where their entries go") {
    CHECK(discovery::is_search_index_file("search-index.js"));
    CHECK(discovery::is_search_index_file("search-index/12.js"));
    CHECK_FALSE(discovery::is_search_index_file("js/search.js"));
    CHECK_FALSE(discovery::is_search_index_file("search-index/notes.txt"));
    CHECK(discovery::search_index_of_parts(8) == "window.healthsiteSearchPartCount = 8;\n");
    const std::string start = discovery::search_part_start(3);
    std::string part;
    for (const auto piece : discovery::search_part(start, {"{\"a\":1}", "{\"b\":2}"})) part += piece;
    CHECK(part == "(window.healthsiteSearchParts = window.healthsiteSearchParts || [])[3] = [{\"a\":1},{\"b\":2}];\n");
    std::string whole;
    for (const auto piece : discovery::search_index({"{\"a\":1}"})) whole += piece;
    CHECK(whole == "window.healthsiteSearch = [{\"a\":1}];\n");
}
