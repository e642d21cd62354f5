// Tests of content pages: front matter splitting, newline normalization,
// front matter validation and where each page is published.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "generator/content/front_matter.hpp"
#include "generator/content/page.hpp"

using namespace healthsite;

namespace {

using Messages = std::vector<std::string>;

struct Parsed {
    std::optional<content::Page> page;
    Messages messages;  // formatted, sorted
};

Parsed parse(const std::string& source_path, const std::string& text) {
    const config::SiteConfig config;
    support::Diagnostics diagnostics;
    Parsed out;
    out.page = content::parse_page(source_path, "content/" + source_path, text, config, diagnostics);
    for (const auto& d : diagnostics.sorted()) out.messages.push_back(support::format(d));
    return out;
}

// A page that must parse without any diagnostic.
content::Page parse_clean(const std::string& source_path, const std::string& text) {
    auto parsed = parse(source_path, text);
    INFO(text);
    CHECK(parsed.messages.empty());
    REQUIRE(parsed.page);
    return *parsed.page;
}

// Front matter with a title, then the given lines, then the body.
std::string page_text(const std::string& front_matter_lines, const std::string& body = "Body.\n") {
    return "+++\ntitle = \"T\"\n" + front_matter_lines + "+++\n" + body;
}

}  // namespace

// ---------------------------------------------------------------------------
// split_front_matter and normalize_newlines

TEST_CASE("split_front_matter separates the TOML from the body and knows their lines", "[front-matter]") {
    support::Diagnostics diagnostics;
    const std::string text = "+++\ntitle = \"x\"\nweight = 1\n+++\n# Body\n\nText.\n";
    const auto split = content::split_front_matter(text, "content/a.md", diagnostics);
    REQUIRE(split);
    CHECK(diagnostics.empty());
    CHECK(split->front_matter == "title = \"x\"\nweight = 1\n");
    CHECK(split->front_matter_line == 2);
    CHECK(split->body == "# Body\n\nText.\n");
    CHECK(split->body_line == 5);
}

TEST_CASE("split_front_matter accepts an empty body and empty front matter", "[front-matter]") {
    support::Diagnostics diagnostics;
    const auto no_body = content::split_front_matter("+++\ntitle = \"x\"\n+++", "a.md", diagnostics);
    REQUIRE(no_body);
    CHECK(no_body->body.empty());
    CHECK(no_body->body_line == 4);
    const auto empty = content::split_front_matter("+++\n+++\nbody", "a.md", diagnostics);
    REQUIRE(empty);
    CHECK(empty->front_matter.empty());
    CHECK(empty->body == "body");
    CHECK(empty->body_line == 3);
    CHECK(diagnostics.empty());
}

TEST_CASE("split_front_matter allows spaces around the +++ fences", "[front-matter]") {
    support::Diagnostics diagnostics;
    const auto split = content::split_front_matter("+++  \ntitle = \"x\"\n  +++\nbody", "a.md", diagnostics);
    REQUIRE(split);
    CHECK(split->front_matter == "title = \"x\"\n");
    CHECK(split->body == "body");
}

TEST_CASE("a file without an opening +++ is an error at 1:1", "[front-matter]") {
    support::Diagnostics diagnostics;
    CHECK_FALSE(content::split_front_matter("title = \"x\"\n+++\nbody\n", "content/a.md", diagnostics));
    REQUIRE(diagnostics.items().size() == 1u);
    const auto message = support::format(diagnostics.items()[0]);
    CHECK(message.starts_with("content/a.md:1:1: error: a page must start with a '+++' line"));
}

TEST_CASE("YAML front matter (---) is an error that says how to write it as TOML", "[front-matter]") {
    support::Diagnostics diagnostics;
    CHECK_FALSE(content::split_front_matter("---\ntitle: x\n---\nbody\n", "content/a.md", diagnostics));
    REQUIRE(diagnostics.items().size() == 1u);
    const auto message = support::format(diagnostics.items()[0]);
    CHECK(message.starts_with("content/a.md:1:1: error: this page starts with '---', as YAML front matter does"));
    CHECK(message.find("change both '---' lines to '+++'") != std::string::npos);
}

TEST_CASE("blank lines above the opening +++ are named as the slip", "[front-matter]") {
    support::Diagnostics diagnostics;
    CHECK_FALSE(content::split_front_matter("\n \n+++\ntitle = \"x\"\n+++\nbody\n", "content/a.md", diagnostics));
    REQUIRE(diagnostics.items().size() == 1u);
    CHECK(support::format(diagnostics.items()[0]) ==
          "content/a.md:1:1: error: the '+++' line that opens the front matter must be the very first line of the page: "
          "remove the blank lines above it");
}

TEST_CASE("front matter without a title is refused", "[front-matter]") {
    support::Diagnostics diagnostics;
    CHECK_FALSE(content::split_front_matter("---\ntitle: x\n---\n", "a.md", diagnostics));
    CHECK(diagnostics.error_count() == 1u);
}

TEST_CASE("front matter that is never closed is an error", "[front-matter]") {
    support::Diagnostics diagnostics;
    CHECK_FALSE(content::split_front_matter("+++\ntitle = \"x\"\n\n# Body\n", "content/a.md", diagnostics));
    REQUIRE(diagnostics.items().size() == 1u);
    CHECK(support::format(diagnostics.items()[0]) ==
          "content/a.md:1:1: error: front matter opened with '+++' on line 1 is never closed: add a '+++' line after it");
}

TEST_CASE("a +++ inside a line does not close the front matter", "[front-matter]") {
    support::Diagnostics diagnostics;
    CHECK_FALSE(content::split_front_matter("+++\ntitle = \"a +++ b\"\n", "a.md", diagnostics));
    CHECK(diagnostics.error_count() == 1u);
}

TEST_CASE("normalize_newlines turns CRLF and lone CR into LF", "[front-matter]") {
    CHECK(content::normalize_newlines("a\r\nb\rc\n") == "a\nb\nc\n");
    CHECK(content::normalize_newlines("\r\r\n") == "\n\n");
    CHECK(content::normalize_newlines("end\r") == "end\n");
    CHECK(content::normalize_newlines("no change\n") == "no change\n");
}

TEST_CASE("control characters: the first is a warning at its place, with a count of the rest", "[front-matter]") {
    support::Diagnostics diagnostics;
    CHECK(content::check_control_characters("+++\ntitle = \"T\"\n+++\n\nA\x0C page\x0B break.\n", "content/a.md", diagnostics));
    REQUIRE(diagnostics.sorted().size() == 1);
    CHECK(support::format(diagnostics.sorted()[0]) ==
          "content/a.md:5:2: warning: an invisible control character (U+000C) is in the text: delete it (1 more in this file)");
}

TEST_CASE("control characters: a C1 control is named as a pasted character to retype", "[front-matter]") {
    support::Diagnostics diagnostics;
    CHECK(content::check_control_characters("Caf\xC3\xA9 don\xC2\x92t\n", "content/a.md", diagnostics));
    REQUIRE(diagnostics.sorted().size() == 1);
    const auto message = support::format(diagnostics.sorted()[0]);
    CHECK(message.starts_with("content/a.md:1:9: warning: an invisible control character (U+0092) is in the text"));
    CHECK(message.find("apostrophe") != std::string::npos);
}

TEST_CASE("control characters: a NUL byte is an error; tabs and line breaks are text", "[front-matter]") {
    support::Diagnostics diagnostics;
    CHECK_FALSE(content::check_control_characters(std::string("a\x0C\nb\0c", 6), "content/a.md", diagnostics));
    CHECK(diagnostics.has_errors());
    support::Diagnostics clean;
    CHECK(content::check_control_characters("a\tb\nc\r\n\xC2\xA0" "d\n", "content/a.md", clean));
    CHECK(clean.sorted().empty());
}

TEST_CASE("normalize_newlines removes a leading byte order mark only", "[front-matter]") {
    CHECK(content::normalize_newlines("\xEF\xBB\xBF+++\r\n") == "+++\n");
    CHECK(content::normalize_newlines("a\xEF\xBB\xBF") == "a\xEF\xBB\xBF");
}

TEST_CASE("a CRLF file with a BOM keeps its line numbers after normalizing", "[front-matter]") {
    const std::string text = content::normalize_newlines("\xEF\xBB\xBF+++\r\ntitle = \"T\"\r\n+++\r\nBody\r\n");
    support::Diagnostics diagnostics;
    const auto split = content::split_front_matter(text, "a.md", diagnostics);
    REQUIRE(split);
    CHECK(split->front_matter == "title = \"T\"\n");
    CHECK(split->body == "Body\n");
    CHECK(split->body_line == 4);
}

// ---------------------------------------------------------------------------
// parse_page

TEST_CASE("parse_page reads the common front matter keys", "[page]") {
    const auto page = parse_clean("causes/circulation.md", R"(+++
title = "Circulation problems"
description = "Blood flow"
weight = 3
draft = true
menu = false
layout = "faq"
tags = ["legs", "night"]
last_reviewed = 2026-01-10
next_review = 2027-01-10
reviewed_by = "Dr A"
authors = ["B", "C"]

[[references]]
title = "PAD overview"
publisher = "NHS"
url = "https://www.nhs.uk/conditions/peripheral-arterial-disease-pad/"
+++
Body text.
)");
    const auto& f = page.front;
    CHECK(f.title == "Circulation problems");
    CHECK(f.description == "Blood flow");
    CHECK(f.weight == 3);
    CHECK(f.draft);
    CHECK_FALSE(f.in_menu);
    CHECK(f.layout == "faq");
    CHECK(f.tags == std::vector<std::string>{"legs", "night"});
    CHECK(f.last_reviewed == std::optional(support::TomlDate{2026, 1, 10}));
    CHECK(f.next_review == std::optional(support::TomlDate{2027, 1, 10}));
    CHECK(f.reviewed_by == "Dr A");
    CHECK(f.authors == std::vector<std::string>{"B", "C"});
    REQUIRE(f.references.size() == 1u);
    CHECK(f.references[0].title == "PAD overview");
    CHECK(f.references[0].publisher == "NHS");
    CHECK(page.body == "Body text.\n");
    CHECK(page.body_line == 19);
    CHECK(page.source_path == "causes/circulation.md");
    CHECK(page.display_path == "content/causes/circulation.md");
    CHECK(page.section == "causes/");
    CHECK(page.url_path == "causes/circulation/");
}

TEST_CASE("front matter defaults", "[page]") {
    const auto page = parse_clean("a.md", page_text(""));
    CHECK(page.front.weight == 0);
    CHECK_FALSE(page.front.draft);
    CHECK(page.front.in_menu);
    CHECK(page.front.slug.empty());
    CHECK(page.front.layout.empty());
    CHECK_FALSE(page.front.last_reviewed);
    CHECK(page.front.conditions.empty());
}

TEST_CASE("a TOML syntax error is reported at its line counted from the top of the file", "[page]") {
    // The front matter starts on line 2, so its third line is line 4 of the file.
    const auto parsed = parse("a.md", "+++\ntitle = \"T\"\nweight = 1\nbad = = 1\n+++\nBody\n");
    CHECK_FALSE(parsed.page);
    REQUIRE(parsed.messages.size() == 1u);
    CHECK(parsed.messages[0].starts_with("content/a.md:4:7: error: invalid TOML: "));
}

// toml++ 3.3.0 (Debian 12) reaches a path its own code marks unreachable
// when it checks whether a character from U+00A1 to U+0499 or U+FBE6 to
// U+FEFE is white space, which it does for such a character outside a
// string. As built, that gives an ordinary syntax error; this pins it down.
TEST_CASE("a letter such as 'é' in a front matter key is a TOML error at its place", "[page]") {
    for (const std::string letter : {"\xC3\xA9", "\xD0\x96", "\xEF\xBB\xBB"}) {  // é, Ж, U+FEFB
        INFO(letter);
        const auto parsed = parse("a.md", "+++\ntitle = \"T\"\ntitl" + letter + " = \"x\"\n+++\nBody\n");
        CHECK_FALSE(parsed.page);
        REQUIRE(parsed.messages.size() == 1u);
        CHECK(parsed.messages[0].starts_with("content/a.md:3:5: error: invalid TOML: "));
    }
}

TEST_CASE("a page without a title is refused", "[page]") {
    const auto parsed = parse("a.md", "+++\ndescription = \"d\"\n+++\nBody\n");
    CHECK_FALSE(parsed.page);
    REQUIRE(parsed.messages.size() == 1u);
    CHECK(parsed.messages[0].ends_with("error: missing required key 'title'"));
    CHECK(parsed.messages[0].starts_with("content/a.md:"));
}

TEST_CASE("an unknown front matter key is a warning at its line and the page is kept", "[page]") {
    const auto parsed = parse("a.md", page_text("  titel = \"typo\"\n"));
    REQUIRE(parsed.page);
    CHECK(parsed.messages == Messages{"content/a.md:3:3: warning: unknown key 'titel' in front matter (ignored); did you mean 'title'?"});
}

TEST_CASE("a key other site generators use names healthsite's key for it", "[page]") {
    const auto parsed = parse("a.md", page_text("date = 2026-01-05\nsummary = \"s\"\ncategories = [\"legs\"]\n"));
    REQUIRE(parsed.page);
    CHECK(parsed.messages ==
          Messages{"content/a.md:3:1: warning: unknown key 'date' in front matter (ignored); did you mean 'last_reviewed'?",
                   "content/a.md:4:1: warning: unknown key 'summary' in front matter (ignored); did you mean 'description'?",
                   "content/a.md:5:1: warning: unknown key 'categories' in front matter (ignored); did you mean 'tags'?"});
}

TEST_CASE("a front matter value of the wrong type is an error at its line", "[page]") {
    const auto parsed = parse("a.md", page_text("weight = \"heavy\"\ndraft = \"no\"\n"));
    CHECK_FALSE(parsed.page);
    CHECK(parsed.messages == Messages{
                                 "content/a.md:3:1: error: 'weight' must be a whole number, not a string",
                                 "content/a.md:4:1: error: 'draft' must be true or false, not a string",
                             });
}

TEST_CASE("the positions of front matter keys are counted from the top of the file", "[page]") {
    const auto page = parse_clean("a.md", page_text("\n   weight = 2\n"));
    CHECK(page.position_of("title").line == 2);
    CHECK(page.position_of("title").column == 1);
    CHECK(page.position_of("weight").line == 4);
    CHECK(page.position_of("weight").column == 4);
    CHECK(page.position_of("absent").line == 1);
}

TEST_CASE("url_path_for publishes each source at a pretty URL", "[page]") {
    CHECK(content::url_path_for("_index.md", "") == "");
    CHECK(content::url_path_for("causes/_index.md", "") == "causes/");
    CHECK(content::url_path_for("faq.md", "") == "faq/");
    CHECK(content::url_path_for("causes/circulation.md", "") == "causes/circulation/");
    CHECK(content::url_path_for("a/b/c.md", "") == "a/b/c/");
}

TEST_CASE("url_path_for replaces the file name with the slug", "[page]") {
    CHECK(content::url_path_for("faq.md", "questions") == "questions/");
    CHECK(content::url_path_for("causes/circulation.md", "blood-flow") == "causes/blood-flow/");
}

TEST_CASE("a page's slug sets its URL but a section index ignores it", "[page]") {
    CHECK(parse_clean("causes/circulation.md", page_text("slug = \"blood\"\n")).url_path == "causes/blood/");
    const auto section = parse_clean("causes/_index.md", page_text("slug = \"other\"\n"));
    CHECK(section.url_path == "causes/");
}

TEST_CASE("a slug that is not one safe path segment is refused at its line", "[page]") {
    for (const char* slug : {"../x", "a/b", "x\\\\y", "..", ".", "Upper", "with space"}) {
        INFO(slug);
        const auto parsed = parse("a.md", page_text(std::string("slug = \"") + slug + "\"\n"));
        CHECK_FALSE(parsed.page);
        REQUIRE(parsed.messages.size() == 1u);
        CHECK(parsed.messages[0].starts_with("content/a.md:3:1: error: 'slug' must be one path segment"));
    }
    CHECK(parse_clean("a.md", page_text("slug = \"ok_slug-2.v1\"\n")).url_path == "ok_slug-2.v1/");
}

TEST_CASE("a layout that is not a template name is refused", "[page]") {
    const auto parsed = parse("a.md", page_text("layout = \"../../etc/passwd\"\n"));
    CHECK_FALSE(parsed.page);
    CHECK(parsed.messages == Messages{"content/a.md:3:1: error: 'layout' must be a template name such as \"faq\", got "
                                      "'../../etc/passwd'"});
}

TEST_CASE("[[conditions]] entries are read with their defaults", "[page][conditions]") {
    const auto page = parse_clean("causes/circulation.md", page_text(R"toml(
[[conditions]]
name = "Peripheral artery disease (PAD)"
symptoms = ["cramping", "burning"]
eased_by = ["hanging the legs down"]
worse_with = ["raising the legs"]
urgency = "urgent"

[[conditions]]
name = "Venous insufficiency"
  anchor = "veins"
)toml"));
    const auto& conditions = page.front.conditions;
    REQUIRE(conditions.size() == 2u);
    CHECK(conditions[0].name == "Peripheral artery disease (PAD)");
    CHECK(conditions[0].anchor == "peripheral-artery-disease-pad");  // from the name
    CHECK(conditions[0].symptoms == std::vector<std::string>{"cramping", "burning"});
    CHECK(conditions[0].eased_by == std::vector<std::string>{"hanging the legs down"});
    CHECK(conditions[0].worse_with == std::vector<std::string>{"raising the legs"});
    CHECK(conditions[0].urgency == "urgent");
    CHECK(conditions[1].anchor == "veins");
    CHECK(conditions[1].urgency == "see-a-doctor");
    CHECK(conditions[1].symptoms.empty());
    // The anchor's own position when it is written, else the entry's.
    CHECK(conditions[1].anchor_position.line == 13);
    CHECK(conditions[1].anchor_position.column == 3);
    CHECK(conditions[0].anchor_position.line == conditions[0].position.line);
    CHECK(conditions[0].position.line == 4);  // the [[conditions]] line
}

TEST_CASE("a condition with an unknown urgency is an error at the urgency's line", "[page][conditions]") {
    const auto parsed = parse("causes/a.md", page_text("[[conditions]]\nname = \"A\"\nurgency = \"soon\"\n"));
    CHECK_FALSE(parsed.page);
    CHECK(parsed.messages == Messages{"content/causes/a.md:5:1: error: 'urgency' must be one of self-care, "
                                      "see-a-doctor, urgent, emergency; got 'soon'"});
}

TEST_CASE("a condition without a name is an error", "[page][conditions]") {
    const auto parsed = parse("causes/a.md", page_text("[[conditions]]\nanchor = \"x\"\n"));
    CHECK_FALSE(parsed.page);
    REQUIRE(parsed.messages.size() == 1u);
    CHECK(parsed.messages[0].ends_with("error: missing required key 'name'"));
}

TEST_CASE("an unknown key in a condition is a warning naming [[conditions]]", "[page][conditions]") {
    const auto parsed = parse("causes/a.md", page_text("[[conditions]]\nname = \"A\"\nsymptom = [\"x\"]\n"));
    REQUIRE(parsed.page);
    CHECK(parsed.messages ==
          Messages{"content/causes/a.md:5:1: warning: unknown key 'symptom' in [[conditions]] (ignored); did you mean 'symptoms'?"});
}

TEST_CASE("next_review before last_reviewed is an error at next_review", "[page][review]") {
    const auto parsed = parse("a.md", page_text("last_reviewed = 2026-05-01\nnext_review = 2026-04-30\n"));
    CHECK_FALSE(parsed.page);
    CHECK(parsed.messages == Messages{"content/a.md:4:1: error: 'next_review' (2026-04-30) is before 'last_reviewed' "
                                      "(2026-05-01)"});
}

TEST_CASE("next_review on the day of last_reviewed is accepted", "[page][review]") {
    const auto page = parse_clean("a.md", page_text("last_reviewed = 2026-05-01\nnext_review = 2026-05-01\n"));
    CHECK(page.front.next_review == page.front.last_reviewed);
}

TEST_CASE("a reference url must be a web address", "[page][references]") {
    for (const char* url : {"javascript:alert(1)", "www.example.org", "../local.md"}) {
        INFO(url);
        const auto parsed = parse("a.md", page_text(std::string("[[references]]\ntitle = \"R\"\nurl = \"") + url + "\"\n"));
        CHECK_FALSE(parsed.page);
        REQUIRE(parsed.messages.size() == 1u);
        CHECK(parsed.messages[0] == std::string("content/a.md:5:1: error: reference url must be a web address starting "
                                                "with https:// or http://, got '") + url + "'");
    }
}

TEST_CASE("the draft flag is read", "[page]") {
    CHECK(parse_clean("a.md", page_text("draft = true\n")).front.draft);
    CHECK_FALSE(parse_clean("a.md", page_text("draft = false\n")).front.draft);
}

TEST_CASE("the top _index.md is the home page and a section's _index.md is its index", "[page]") {
    const auto home = parse_clean("_index.md", page_text(""));
    CHECK(home.is_section_index);
    CHECK(home.is_home());
    CHECK(home.section == "");
    CHECK(home.url_path == "");

    const auto causes = parse_clean("causes/_index.md", page_text(""));
    CHECK(causes.is_section_index);
    CHECK_FALSE(causes.is_home());
    CHECK(causes.section == "causes/");
    CHECK(causes.url_path == "causes/");

    const auto page = parse_clean("causes/circulation.md", page_text(""));
    CHECK_FALSE(page.is_section_index);
    CHECK_FALSE(page.is_home());

    const auto lookalike = parse_clean("causes/my_index.md", page_text(""));
    CHECK_FALSE(lookalike.is_section_index);
    CHECK(lookalike.url_path == "causes/my_index/");
}

TEST_CASE("a page at the top has an empty section", "[page]") {
    const auto page = parse_clean("faq.md", page_text(""));
    CHECK(page.section == "");
    CHECK(page.url_path == "faq/");
}

TEST_CASE("the body keeps everything after the closing +++ and its first line", "[page]") {
    const auto page = parse_clean("a.md", "+++\ntitle = \"T\"\n\n+++\n\n## Heading\n+++ not a fence\n");
    CHECK(page.body == "\n## Heading\n+++ not a fence\n");
    CHECK(page.body_line == 5);
}

TEST_CASE("every front matter problem is reported, not only the first", "[page]") {
    const auto parsed = parse("a.md", page_text("weight = \"x\"\nslug = \"a/b\"\ntags = \"one\"\n"));
    CHECK_FALSE(parsed.page);
    CHECK(parsed.messages.size() == 3u);
}
