// Tests of site.toml reading: values, defaults and the diagnostics for
// unknown keys, wrong types and bad values.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "generator/config/site_config.hpp"
#include "tests/helpers/temp_dir.hpp"

using namespace healthsite;
using healthsite::testing::TempDir;

namespace {

struct Parsed {
    std::optional<config::SiteConfig> config;
    std::vector<std::string> messages;  // formatted, sorted
};

Parsed parse(std::string_view text) {
    support::Diagnostics diagnostics;
    Parsed out;
    out.config = config::parse_config(text, "site.toml", diagnostics);
    for (const auto& d : diagnostics.sorted()) out.messages.push_back(support::format(d));
    return out;
}

// A site.toml that must be accepted without any diagnostic.
config::SiteConfig parse_clean(std::string_view text) {
    auto parsed = parse(text);
    INFO(text);
    CHECK(parsed.messages.empty());
    REQUIRE(parsed.config);
    return *parsed.config;
}

using Messages = std::vector<std::string>;

}  // namespace

TEST_CASE("a full site.toml sets every field", "[config]") {
    const auto config = parse_clean(R"(title = "Leg pain at night"
description = "Why legs hurt when you lie down"
base_url = "https://user.github.io/leg-pain"
language = "en-GB"
theme = "plain-2"
output_dir = "docs"
publisher = "Example Health"
domain = "legs.example.org"

[markdown]
raw_html = true

[readability]
max_grade = 9.5

[causes]
section = "reasons"
index_title = "Every reason, A to Z"
index_path = "reasons/a-z"

[limits]
max_file_size = 2048
)");
    CHECK(config.title == "Leg pain at night");
    CHECK(config.description == "Why legs hurt when you lie down");
    CHECK(config.base_url == "https://user.github.io/leg-pain/");
    CHECK(config.language == "en-GB");
    CHECK(config.theme == "plain-2");
    CHECK(config.output_dir == "docs");
    CHECK(config.publisher == "Example Health");
    CHECK(config.domain == "legs.example.org");
    CHECK(config.raw_html);
    CHECK(config.max_grade == Approx(9.5));
    CHECK(config.cause_section == "reasons");
    CHECK(config.cause_index_title == "Every reason, A to Z");
    CHECK(config.cause_index_path == "reasons/a-z/");
    CHECK(config.max_file_bytes == 2048);
}

TEST_CASE("a site.toml with only a title gets the defaults", "[config]") {
    const auto config = parse_clean("title = \"T\"\n");
    CHECK(config.title == "T");
    CHECK(config.description.empty());
    CHECK(config.base_url == "/");
    CHECK(config.language == "en");
    CHECK(config.theme == "default");
    CHECK(config.output_dir == "public");
    CHECK(config.publisher.empty());
    CHECK(config.domain.empty());
    CHECK_FALSE(config.raw_html);
    CHECK(config.max_grade == Approx(8.0));
    CHECK(config.cause_section == "causes");
    CHECK(config.cause_index_title == "Causes and symptoms A to Z");
    CHECK(config.cause_index_path == "cause-index/");
    CHECK(config.max_file_bytes == 1 << 20);
}

TEST_CASE("base_url gets exactly one trailing slash", "[config]") {
    CHECK(parse_clean("title = \"T\"\nbase_url = \"https://example.org\"\n").base_url == "https://example.org/");
    CHECK(parse_clean("title = \"T\"\nbase_url = \"https://example.org/\"\n").base_url == "https://example.org/");
    CHECK(parse_clean("title = \"T\"\nbase_url = \"/repo\"\n").base_url == "/repo/");
    CHECK(parse_clean("title = \"T\"\nbase_url = \"http://localhost:1313\"\n").base_url == "http://localhost:1313/");
}

TEST_CASE("an unknown top-level key is a warning at its exact line and column", "[config]") {
    const auto parsed = parse("title = \"T\"\n\n   colour = \"blue\"\n");
    REQUIRE(parsed.config);  // a warning does not stop the build
    CHECK(parsed.messages == Messages{"site.toml:3:4: warning: unknown key 'colour' in site.toml (ignored)"});
}

TEST_CASE("a title that is not a string is an error at its line", "[config]") {
    const auto parsed = parse("description = \"d\"\ntitle = 3\n");
    CHECK_FALSE(parsed.config);
    CHECK(parsed.messages == Messages{"site.toml:2:1: error: 'title' must be a string, not a whole number"});
}

TEST_CASE("a missing title is an error", "[config]") {
    const auto parsed = parse("description = \"d\"\n");
    CHECK_FALSE(parsed.config);
    REQUIRE(parsed.messages.size() == 1u);
    CHECK(parsed.messages[0].ends_with("error: missing required key 'title'"));
}

TEST_CASE("invalid TOML in site.toml is an error at its line", "[config]") {
    const auto parsed = parse("title = \"T\"\n\n[markdown\n");
    CHECK_FALSE(parsed.config);
    REQUIRE(parsed.messages.size() == 1u);
    CHECK(parsed.messages[0].starts_with("site.toml:3:"));
    CHECK(parsed.messages[0].find("error: invalid TOML: ") != std::string::npos);
}

TEST_CASE("a base_url that is not http, https or a path is an error at its line", "[config]") {
    const auto parsed = parse("title = \"T\"\nbase_url = \"ftp://example.org/\"\n");
    CHECK_FALSE(parsed.config);
    CHECK(parsed.messages ==
          Messages{"site.toml:2:1: error: 'base_url' must start with https://, http:// or /, got 'ftp://example.org/'"});
    CHECK_FALSE(parse("title = \"T\"\nbase_url = \"example.org\"\n").config);
    CHECK_FALSE(parse("title = \"T\"\nbase_url = \"javascript:alert(1)\"\n").config);
}

TEST_CASE("a theme that is not a plain folder name is an error at its line", "[config]") {
    for (const char* theme : {"My Theme", "../evil", "a/b", ""}) {
        INFO(theme);
        const auto parsed = parse(std::string("title = \"T\"\n\ntheme = \"") + theme + "\"\n");
        CHECK_FALSE(parsed.config);
        REQUIRE(parsed.messages.size() == 1u);
        CHECK(parsed.messages[0] == std::string("site.toml:3:1: error: 'theme' must be a folder name in themes/ such as "
                                                "\"default\", got '") + theme + "'");
    }
    CHECK(parse_clean("title = \"T\"\ntheme = \"dark-2\"\n").theme == "dark-2");
}

TEST_CASE("an empty output_dir is an error", "[config]") {
    const auto parsed = parse("title = \"T\"\noutput_dir = \"  \"\n");
    CHECK_FALSE(parsed.config);
    CHECK(parsed.messages == Messages{"site.toml:2:1: error: 'output_dir' must not be empty"});
}

TEST_CASE("[readability] max_grade accepts a whole or decimal number", "[config]") {
    CHECK(parse_clean("title = \"T\"\n[readability]\nmax_grade = 12\n").max_grade == Approx(12.0));
    CHECK(parse_clean("title = \"T\"\n[readability]\nmax_grade = 6.5\n").max_grade == Approx(6.5));
    CHECK(parse_clean("title = \"T\"\n[readability]\nmax_grade = 30\n").max_grade == Approx(30.0));
}

TEST_CASE("[readability] max_grade out of range is an error at its line", "[config]") {
    for (const char* grade : {"31", "0", "-2"}) {
        INFO(grade);
        const auto parsed = parse(std::string("title = \"T\"\n[readability]\nmax_grade = ") + grade + "\n");
        CHECK_FALSE(parsed.config);
        CHECK(parsed.messages == Messages{"site.toml:3:1: error: 'max_grade' must be between 1 and 30"});
    }
}

// The message says "between 1 and 30" but the check is only "> 0", so a grade
// such as 0.5 (which no text can meet) is accepted silently.
TEST_CASE("[readability] max_grade below 1 is refused, as its message says", "[config]") {
    const auto parsed = parse("title = \"T\"\n[readability]\nmax_grade = 0.5\n");
    CHECK_FALSE(parsed.config);
    CHECK(parsed.messages == Messages{"site.toml:3:1: error: 'max_grade' must be between 1 and 30"});
}

TEST_CASE("a language that is not a language code is a warning at its line", "[config]") {
    for (const char* good : {"en", "en-GB", "cy", "zh-Hant-TW"}) {
        INFO(good);
        CHECK(parse(std::string("title = \"T\"\nlanguage = \"") + good + "\"\n").messages.empty());
    }
    const auto parsed = parse("title = \"T\"\nlanguage = \"en_GB\"\n");
    REQUIRE(parsed.config);
    CHECK(parsed.config->language == "en_GB");  // kept: a warning, not an error
    CHECK(parsed.messages == Messages{"site.toml:2:1: warning: 'language' should be a language code such as \"en\" or "
                                      "\"en-GB\", got 'en_GB': browsers and screen readers go by it"});
    for (const char* bad : {"english", "e", "en-", "-en", "en--GB", "en-toolongsubtag"}) {
        INFO(bad);
        CHECK(parse(std::string("title = \"T\"\nlanguage = \"") + bad + "\"\n").messages.size() == 1u);
    }
}

TEST_CASE("[readability] max_grade that is not a number is an error", "[config]") {
    const auto parsed = parse("title = \"T\"\n[readability]\nmax_grade = \"easy\"\n");
    CHECK_FALSE(parsed.config);
    CHECK(parsed.messages == Messages{"site.toml:3:1: error: 'max_grade' must be a number, not a string"});
}

TEST_CASE("an unknown key inside [markdown] is a warning naming the table", "[config]") {
    const auto parsed = parse("title = \"T\"\n[markdown]\nraw_html = true\n  smart = true\n");
    REQUIRE(parsed.config);
    CHECK(parsed.config->raw_html);
    CHECK(parsed.messages == Messages{"site.toml:4:3: warning: unknown key 'smart' in [markdown] (ignored)"});
}

TEST_CASE("unknown keys in [readability], [causes] and [limits] are warnings naming their table", "[config]") {
    const auto parsed =
        parse("title = \"T\"\n[readability]\nmin = 1\n[causes]\nsort = 1\n[limits]\nmax_pages = 1\n");
    REQUIRE(parsed.config);
    CHECK(parsed.messages == Messages{
                                 "site.toml:3:1: warning: unknown key 'min' in [readability] (ignored)",
                                 "site.toml:5:1: warning: unknown key 'sort' in [causes] (ignored)",
                                 "site.toml:7:1: warning: unknown key 'max_pages' in [limits] (ignored)",
                             });
}

TEST_CASE("[markdown] raw_html must be true or false", "[config]") {
    const auto parsed = parse("title = \"T\"\n[markdown]\nraw_html = \"yes\"\n");
    CHECK_FALSE(parsed.config);
    CHECK(parsed.messages == Messages{"site.toml:3:1: error: 'raw_html' must be true or false, not a string"});
}

TEST_CASE("markdown given as a value instead of a table is an error", "[config]") {
    const auto parsed = parse("title = \"T\"\nmarkdown = true\n");
    CHECK_FALSE(parsed.config);
    CHECK(parsed.messages == Messages{"site.toml:2:1: error: 'markdown' must be a table, not true or false"});
}

TEST_CASE("[causes] index_path is normalized to a folder and may not leave the site", "[config]") {
    CHECK(parse_clean("title = \"T\"\n[causes]\nindex_path = \"./a-z/\"\n").cause_index_path == "a-z/");
    for (const char* path : {"../outside", "", ".", "/"}) {
        INFO(path);
        const auto parsed = parse(std::string("title = \"T\"\n[causes]\nindex_path = \"") + path + "\"\n");
        CHECK_FALSE(parsed.config);
        CHECK(parsed.messages == Messages{"site.toml:3:1: error: 'index_path' must be a folder inside the site, such as "
                                          "\"cause-index\""});
    }
}

TEST_CASE("[feed] limit caps the feed's entries, 50 unless set, 0 for all", "[config]") {
    CHECK(parse_clean("title = \"T\"\n").feed_limit == 50);
    CHECK(parse_clean("title = \"T\"\n[feed]\nlimit = 0\n").feed_limit == 0);
    CHECK(parse_clean("title = \"T\"\n[feed]\nlimit = 7\n").feed_limit == 7);
    const auto negative = parse("title = \"T\"\n[feed]\nlimit = -1\n");
    CHECK_FALSE(negative.config);
    CHECK(negative.messages ==
          Messages{"site.toml:3:1: error: 'limit' must be a number of entries, or 0 for every reviewed page"});
    auto a = parse_clean("title = \"T\"\n[feed]\nlimit = 7\n");
    auto b = parse_clean("title = \"T\"\n[feed]\nlimit = 8\n");
    CHECK(a.fingerprint() != b.fingerprint());  // a new limit rebuilds the feed
}

TEST_CASE("[limits] max_file_size must be a positive whole number", "[config]") {
    CHECK(parse_clean("title = \"T\"\n[limits]\nmax_file_size = 10\n").max_file_bytes == 10);
    const auto zero = parse("title = \"T\"\n[limits]\nmax_file_size = 0\n");
    CHECK_FALSE(zero.config);
    CHECK(zero.messages == Messages{"site.toml:3:1: error: 'max_file_size' must be a positive number of bytes"});
    const auto decimal = parse("title = \"T\"\n[limits]\nmax_file_size = 1.5\n");
    CHECK_FALSE(decimal.config);
    CHECK(decimal.messages == Messages{"site.toml:3:1: error: 'max_file_size' must be a whole number, not a decimal number"});
}

TEST_CASE("every problem in site.toml is reported, not only the first", "[config]") {
    const auto parsed = parse("title = 1\nbase_url = \"ftp://x\"\nextra = 2\n");
    CHECK_FALSE(parsed.config);
    CHECK(parsed.messages.size() == 3u);
}

TEST_CASE("errors already in the Diagnostics do not make a good site.toml fail", "[config]") {
    support::Diagnostics diagnostics;
    diagnostics.error("content/x.md", {1, 1}, "an earlier problem");
    CHECK(config::parse_config("title = \"T\"\n", "site.toml", diagnostics));
}

TEST_CASE("the fingerprint changes with any setting and not otherwise", "[config]") {
    const auto base = parse_clean("title = \"T\"\n");
    CHECK(base.fingerprint() == parse_clean("title = \"T\"\n").fingerprint());
    CHECK(base.fingerprint() != parse_clean("title = \"U\"\n").fingerprint());
    CHECK(base.fingerprint() != parse_clean("title = \"T\"\nbase_url = \"/x/\"\n").fingerprint());
    CHECK(base.fingerprint() != parse_clean("title = \"T\"\n[markdown]\nraw_html = true\n").fingerprint());
    CHECK(base.fingerprint() != parse_clean("title = \"T\"\n[readability]\nmax_grade = 9\n").fingerprint());
    CHECK(base.fingerprint() != parse_clean("title = \"T\"\n[causes]\nsection = \"why\"\n").fingerprint());
    CHECK(base.fingerprint() != parse_clean("title = \"T\"\n[limits]\nmax_file_size = 5\n").fingerprint());
    // Fields are length-prefixed: moving text from one field to the next is a change.
    CHECK(parse_clean("title = \"ab\"\ndescription = \"c\"\n").fingerprint() !=
          parse_clean("title = \"a\"\ndescription = \"bc\"\n").fingerprint());
}

TEST_CASE("load_config reads a file and names it in its messages", "[config]") {
    const TempDir dir;
    dir.write("site.toml", "title = \"From disk\"\nbogus = 1\n");
    support::Diagnostics diagnostics;
    const auto config = config::load_config(dir.path() / "site.toml", "site.toml", diagnostics);
    REQUIRE(config);
    CHECK(config->title == "From disk");
    REQUIRE(diagnostics.items().size() == 1u);
    CHECK(support::format(diagnostics.items()[0]) == "site.toml:2:1: warning: unknown key 'bogus' in site.toml (ignored)");
}

TEST_CASE("load_config of a missing file says where to run, and names a site folder above", "[config]") {
    const TempDir dir;
    dir.write("site.toml", "title = \"T\"\n");
    std::filesystem::create_directories(dir.path() / "content" / "causes");
    support::Diagnostics diagnostics;
    CHECK_FALSE(config::load_config(dir.path() / "content" / "causes" / "site.toml", "site.toml", diagnostics));
    REQUIRE(diagnostics.items().size() == 1u);
    const auto& d = diagnostics.items()[0];
    CHECK(d.category == support::Category::config);
    CHECK(d.position.line == 0);
    const auto site = std::filesystem::absolute(dir.path()).lexically_normal().string();
    CHECK(d.message == "there is no site.toml in " + site + "/content/causes; run healthsite in the site's folder (" + site +
                           "), or pass --source");
}

TEST_CASE("config diagnostics have the config category", "[config]") {
    support::Diagnostics diagnostics;
    (void)config::parse_config("title = 3\nx = 1\n", "site.toml", diagnostics);
    REQUIRE(diagnostics.items().size() == 2u);
    for (const auto& d : diagnostics.items()) CHECK(d.category == support::Category::config);
}
