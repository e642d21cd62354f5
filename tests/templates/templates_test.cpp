// Tests of the Mustache templates: syntax errors with file:line:col, partials
// (missing, cyclic), theme fallback, rendering, missing keys, fingerprints.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "generator/templates/templates.hpp"
#include "tests/helpers/temp_dir.hpp"

using namespace healthsite;
using healthsite::testing::TempDir;
using support::Value;
using Catch::Matchers::Contains;

namespace {

using Messages = std::vector<std::string>;

templates::Source source(std::string name, std::string text) {
    return {name, "templates/" + name + ".mustache", std::move(text)};
}

struct Loaded {
    std::optional<templates::TemplateSet> set;
    Messages messages;  // formatted, sorted
};

Loaded from_sources(std::vector<templates::Source> sources) {
    support::Diagnostics diagnostics;
    Loaded out;
    out.set = templates::TemplateSet::from_sources(std::move(sources), diagnostics);
    for (const auto& d : diagnostics.sorted()) out.messages.push_back(support::format(d));
    return out;
}

templates::TemplateSet set_of(std::vector<templates::Source> sources) {
    auto loaded = from_sources(std::move(sources));
    INFO((loaded.messages.empty() ? "" : loaded.messages[0]));
    REQUIRE(loaded.set);
    REQUIRE(loaded.messages.empty());
    return std::move(*loaded.set);
}

// Renders one template given as text, with the view given.
std::string render(const std::string& text, const Value& view, std::set<std::string>* missing = nullptr) {
    const auto set = set_of({source("page", text)});
    const templates::Compiled compiled(set);
    std::set<std::string> ignored;
    return compiled.render("page", view, missing ? *missing : ignored);
}

}  // namespace

// ---------------------------------------------------------------------------
// Syntax errors

TEST_CASE("an unclosed section is reported at its file, line and column", "[templates][errors]") {
    // The tag starts after "  ü " on line 3: column 5 in characters (byte 6).
    const auto loaded = from_sources({source("cause", "<html>\n<body>\n  \xC3\xBC {{#items}}\n<p>x</p>\n")});
    CHECK_FALSE(loaded.set);
    CHECK(loaded.messages == Messages{"templates/cause.mustache:3:5: error: template syntax error: unclosed section "
                                      "\"items\""});
}

TEST_CASE("an unclosed tag is reported at its position", "[templates][errors]") {
    const auto loaded = from_sources({source("page", "one\ntwo {{title\n")});
    CHECK(loaded.messages == Messages{"templates/page.mustache:2:5: error: template syntax error: unclosed tag"});
}

TEST_CASE("a section closed that was never opened is reported", "[templates][errors]") {
    const auto loaded = from_sources({source("page", "\n\n{{/items}}")});
    CHECK(loaded.messages ==
          Messages{"templates/page.mustache:3:1: error: template syntax error: unopened section \"items\""});
}

TEST_CASE("a syntax error in a partial names the partial's file", "[templates][errors]") {
    const auto loaded = from_sources({source("page", "{{> head}}"), source("partials/head", "{{#x}}")});
    CHECK_FALSE(loaded.set);
    CHECK(loaded.messages ==
          Messages{"templates/partials/head.mustache:1:1: error: template syntax error: unclosed section \"x\""});
}

TEST_CASE("every file with a syntax error is reported", "[templates][errors]") {
    const auto loaded = from_sources({source("a", "{{#x}}"), source("b", "{{y"), source("c", "fine")});
    CHECK_FALSE(loaded.set);
    CHECK(loaded.messages.size() == 2u);
}

TEST_CASE("changing delimiters with {{= =}} is refused at its position", "[templates][errors]") {
    const auto loaded = from_sources({source("page", "ok\n  {{=<% %>=}}\n<% x %>\n")});
    CHECK_FALSE(loaded.set);
    CHECK(loaded.messages == Messages{"templates/page.mustache:2:3: error: changing delimiters with {{= =}} is not "
                                      "supported in templates"});
}

// ---------------------------------------------------------------------------
// Partials

TEST_CASE("partials are inlined into page templates", "[templates][partials]") {
    const auto set = set_of({source("page", "<head>{{> head}}</head>{{>foot}}"),
                             source("partials/head", "<title>{{title}}</title>"),
                             source("partials/foot", "<footer>{{> small}}</footer>"),
                             source("partials/small", "<small>c</small>")});
    CHECK(set.expanded("page") == "<head><title>{{title}}</title></head><footer><small>c</small></footer>");
    CHECK(set.has("page"));
    CHECK_FALSE(set.has("partials/head"));
    CHECK(set.names() == std::vector<std::string>{"page"});
}

TEST_CASE("a missing partial is an error naming it at the {{> tag", "[templates][partials]") {
    const auto loaded = from_sources({source("page", "<html>\n  <body>{{> nav }}</body>\n")});
    CHECK_FALSE(loaded.set);
    CHECK(loaded.messages == Messages{"templates/page.mustache:2:9: error: no partial 'nav': expected a file "
                                      "partials/nav.mustache"});
}

TEST_CASE("a missing partial inside a partial is reported in that partial", "[templates][partials]") {
    const auto loaded = from_sources({source("page", "{{> head}}"), source("partials/head", "\n{{> meta}}")});
    CHECK(loaded.messages == Messages{"templates/partials/head.mustache:2:1: error: no partial 'meta': expected a file "
                                      "partials/meta.mustache"});
}

TEST_CASE("a partial that includes itself is refused with the chain", "[templates][partials]") {
    const auto loaded = from_sources({source("page", "{{> loop}}"), source("partials/loop", "again {{> loop}}")});
    CHECK_FALSE(loaded.set);
    REQUIRE(loaded.messages.size() == 1u);
    CHECK(loaded.messages[0] == "templates/partials/loop.mustache:1:7: error: partial 'loop' includes itself: page -> "
                                "partials/loop -> partials/loop");
}

TEST_CASE("a partial that includes itself through another is refused with the chain", "[templates][partials]") {
    const auto loaded = from_sources({source("page", "{{> a}}"), source("partials/a", "A{{> b}}"),
                                      source("partials/b", "B{{> a}}")});
    CHECK_FALSE(loaded.set);
    REQUIRE_FALSE(loaded.messages.empty());
    CHECK_THAT(loaded.messages[0], Contains("partial 'a' includes itself: page -> partials/a -> partials/b -> partials/a"));
    CHECK_THAT(loaded.messages[0], Contains("templates/partials/b.mustache:1:2: error:"));
}

TEST_CASE("a partial used twice but not in a cycle is fine", "[templates][partials]") {
    const auto set = set_of({source("page", "{{> x}}{{> x}}"), source("partials/x", "X")});
    CHECK(set.expanded("page") == "XX");
}

// ---------------------------------------------------------------------------
// Loading from folders

TEST_CASE("a template in the first folder hides the theme's of the same name", "[templates][load]") {
    const TempDir dir;
    dir.write_all({
        {"templates/page.mustache", "site page {{> head}}"},
        {"themes/default/templates/page.mustache", "theme page"},
        {"themes/default/templates/cause.mustache", "theme cause {{> head}}"},
        {"themes/default/templates/partials/head.mustache", "theme head"},
        {"themes/default/templates/notes.txt", "not a template"},
    });
    support::Diagnostics diagnostics;
    const auto set = templates::TemplateSet::load({dir.path() / "templates", dir.path() / "themes/default/templates"},
                                                  {"templates", "themes/default/templates"}, diagnostics);
    REQUIRE(set);
    CHECK(diagnostics.empty());
    CHECK(set->expanded("page") == "site page theme head");
    CHECK(set->expanded("cause") == "theme cause theme head");
    CHECK(set->names() == std::vector<std::string>{"cause", "page"});
    CHECK(set->searched() == "templates/ and themes/default/templates/");
}

TEST_CASE("a partial in the first folder hides the theme's partial", "[templates][load]") {
    const TempDir dir;
    dir.write_all({
        {"site/partials/head.mustache", "my head"},
        {"theme/page.mustache", "[{{> head}}]"},
        {"theme/partials/head.mustache", "theme head"},
    });
    support::Diagnostics diagnostics;
    const auto set =
        templates::TemplateSet::load({dir.path() / "site", dir.path() / "theme"}, {"site", "theme"}, diagnostics);
    REQUIRE(set);
    CHECK(set->expanded("page") == "[my head]");
}

TEST_CASE("load names a file by its display folder in errors", "[templates][load]") {
    const TempDir dir;
    dir.write("theme/page.mustache", "\n{{#open}}");
    support::Diagnostics diagnostics;
    const auto set = templates::TemplateSet::load({dir.path() / "missing", dir.path() / "theme"},
                                                  {"templates", "themes/default/templates"}, diagnostics);
    CHECK_FALSE(set);
    REQUIRE(diagnostics.items().size() == 1u);
    CHECK(support::format(diagnostics.items()[0]) ==
          "themes/default/templates/page.mustache:2:1: error: template syntax error: unclosed section \"open\"");
}

// ---------------------------------------------------------------------------
// Rendering

TEST_CASE("{{x}} escapes HTML and {{{x}}} does not", "[templates][render]") {
    Value view;
    view["x"] = "<b>Tom & \"Jerry\" 'here'</b>";
    CHECK(render("{{x}}", view) == "&lt;b&gt;Tom &amp; &quot;Jerry&quot; &apos;here&apos;&lt;/b&gt;");
    CHECK(render("{{{x}}}", view) == "<b>Tom & \"Jerry\" 'here'</b>");
    CHECK(render("{{&x}}", view) == "<b>Tom & \"Jerry\" 'here'</b>");
}

TEST_CASE("lists repeat a section and dotted names reach into objects", "[templates][render]") {
    Value view;
    view["site"]["title"] = "Leg pain";
    for (const char* name : {"Cramp", "Ache"}) {
        Value item;
        item["name"] = name;
        view["items"].push_back(std::move(item));
    }
    CHECK(render("{{site.title}}:{{#items}}[{{name}}]{{/items}}", view) == "Leg pain:[Cramp][Ache]");
    CHECK(render("{{#items}}{{site.title}} {{/items}}", view) == "Leg pain Leg pain ");  // outer context
}

TEST_CASE("an empty list renders its inverted section", "[templates][render]") {
    Value view;
    view["items"] = Value::List{};
    CHECK(render("{{#items}}x{{/items}}{{^items}}none{{/items}}", view) == "none");
}

TEST_CASE("booleans show or hide sections", "[templates][render]") {
    Value view;
    view["yes"] = true;
    view["no"] = false;
    CHECK(render("{{#yes}}A{{/yes}}{{#no}}B{{/no}}{{^no}}C{{/no}}{{^yes}}D{{/yes}}", view) == "AC");
}

TEST_CASE("a string list item renders as {{.}}", "[templates][render]") {
    Value view;
    view["tags"].push_back(Value("night"));
    view["tags"].push_back(Value("<legs>"));
    CHECK(render("{{#tags}}{{.}},{{/tags}}", view) == "night,&lt;legs&gt;,");
}

TEST_CASE("a string read inside its own section, and strings read around it, keep their text", "[templates][render]") {
    // Strings are handed to the template engine in slots reused from read to
    // read; a section's string keeps its slot until the section ends.
    Value view;
    view["a"] = "first";
    view["b"] = "second";
    view["c"] = Value::hashed_as("third", "key of third");
    view["tags"].push_back(Value("x"));
    view["tags"].push_back(Value("y"));
    CHECK(render("{{#a}}[{{a}}|{{b}}|{{.}}|{{#b}}({{.}}{{a}}{{c}}){{/b}}|{{.}}]{{/a}}{{a}}{{b}}{{c}}", view) ==
          "[first|second|first|(secondfirstthird)|first]firstsecondthird");
    CHECK(render("{{#tags}}{{a}}{{.}}{{#b}}{{.}}{{/b}}{{.}};{{/tags}}{{c}}", view) == "firstxsecondx;firstysecondy;third");
}

TEST_CASE("pages rendered one after another by the same Compiled do not see each other's strings", "[templates][render]") {
    const auto set = set_of({source("page", "{{#a}}{{a}}{{/a}}|{{b}}|{{#list}}{{.}}{{/list}}")});
    const templates::Compiled compiled(set);
    std::set<std::string> missing;
    Value longer;
    longer["a"] = "a long first string";
    longer["b"] = "a long second string";
    longer["list"] = Value::List{Value("one"), Value("two")};
    Value shorter;
    shorter["a"] = "A";
    shorter["b"] = "B";
    CHECK(compiled.render("page", longer, missing) == "a long first string|a long second string|onetwo");
    CHECK(compiled.render("page", shorter, missing) == "A|B|");
    CHECK(compiled.render("page", longer, missing) == "a long first string|a long second string|onetwo");
    CHECK(missing == std::set<std::string>{"list"});
}

TEST_CASE("keys the view lacks are recorded as missing", "[templates][render]") {
    Value view;
    view["title"] = "T";
    view["flag"] = false;
    std::set<std::string> missing;
    CHECK(render("{{title}}{{subtitle}}{{#flag}}{{/flag}}{{#gone}}x{{/gone}}", view, &missing) == "T");
    CHECK(missing == std::set<std::string>{"gone", "subtitle"});
}

TEST_CASE("a key present with a null value counts as missing", "[templates][render]") {
    Value view;
    view["empty"] = Value();
    std::set<std::string> missing;
    CHECK(render("[{{empty}}]", view, &missing) == "[]");
    CHECK(missing.count("empty") == 1u);
}

TEST_CASE("one Compiled renders several templates, each on its own", "[templates][render]") {
    const auto set = set_of({source("a", "A{{> p}}"), source("b", "B{{x}}"), source("partials/p", "P{{x}}")});
    const templates::Compiled compiled(set);
    Value view;
    view["x"] = "1";
    std::set<std::string> missing;
    CHECK(compiled.render("a", view, missing) == "AP1");
    CHECK(compiled.render("b", view, missing) == "B1");
    CHECK(missing.empty());
}

// ---------------------------------------------------------------------------
// Fingerprints

TEST_CASE("a template's fingerprint changes when a partial it uses changes", "[templates][fingerprint]") {
    const auto before = set_of({source("page", "{{> head}}"), source("other", "{{> foot}}"),
                                source("partials/head", "v1"), source("partials/foot", "f")});
    const auto after = set_of({source("page", "{{> head}}"), source("other", "{{> foot}}"),
                               source("partials/head", "v2"), source("partials/foot", "f")});
    CHECK(before.fingerprint("page") != after.fingerprint("page"));
    CHECK(before.fingerprint("other") == after.fingerprint("other"));  // does not use head
}

TEST_CASE("a template's fingerprint is stable and differs between templates", "[templates][fingerprint]") {
    const auto a = set_of({source("page", "P"), source("cause", "C")});
    const auto b = set_of({source("cause", "C"), source("page", "P")});
    CHECK(a.fingerprint("page") == b.fingerprint("page"));
    CHECK(a.fingerprint("page") != a.fingerprint("cause"));
    CHECK(a.fingerprint("none") == 0u);
}

TEST_CASE("a set-delimiter tag written with spaces is refused too, and an unclosed partial never hangs", "[templates]") {
    healthsite::support::Diagnostics diagnostics;
    const auto set = healthsite::templates::TemplateSet::from_sources(
        {{"page", "templates/page.mustache", "<p>{{ =<% %>=}}<p>{{>"}}, diagnostics);
    CHECK_FALSE(set.has_value());
    REQUIRE(diagnostics.error_count() >= 1);
    CHECK(diagnostics.items().front().message.find("changing delimiters") != std::string::npos);
    CHECK(diagnostics.items().front().position.column == 4);
}
