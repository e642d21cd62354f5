// Tests of Markdown rendering: GFM extensions, heading ids, links with their
// file positions, raw HTML, callouts, FAQ sections, link placeholders and
// reading counts.
#include <catch2/catch.hpp>

#include <string>
#include <thread>
#include <vector>

#include "generator/markdown/markdown.hpp"
#include "generator/support/text.hpp"

using namespace healthsite;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

using Messages = std::vector<std::string>;

struct Rendered {
    markdown::Document doc;
    Messages messages;  // formatted, sorted
    support::Diagnostics diagnostics;
};

Rendered render(std::string_view text, bool raw_html = false, bool split_sections = false, int first_line = 1) {
    markdown::Options options;
    options.path = "content/page.md";
    options.first_line = first_line;
    options.raw_html = raw_html;
    options.split_sections = split_sections;
    Rendered out;
    out.doc = markdown::render(text, options, out.diagnostics);
    for (const auto& d : out.diagnostics.sorted()) out.messages.push_back(support::format(d));
    return out;
}

// Rendered with the body starting on line 5 of its file, as after a short
// front matter block.
Rendered render_at_line_5(std::string_view text) { return render(text, false, false, 5); }

Rendered render_faq(std::string_view text) { return render(text, false, true); }

std::string placeholder(std::size_t i) { return "healthsite:link/" + std::to_string(i) + "/"; }

std::vector<std::string> ids_of(const markdown::Document& doc) {
    std::vector<std::string> ids;
    for (const auto& h : doc.headings) ids.push_back(h.id);
    return ids;
}

}  // namespace

// ---------------------------------------------------------------------------
// GitHub Flavored Markdown

TEST_CASE("a pipe table becomes an HTML table", "[gfm]") {
    const auto r = render("| Symptom | When |\n|---|---|\n| Cramp | Night |\n");
    CHECK_THAT(r.doc.html, Contains("<table>"));
    CHECK_THAT(r.doc.html, Contains("<th>Symptom</th>"));
    CHECK_THAT(r.doc.html, Contains("<td>Cramp</td>"));
    CHECK_THAT(r.doc.html, Contains("<td>Night</td>"));
    CHECK(r.messages.empty());
}

// Named so that it does not start with "~", which a Catch filter reads as "not".
TEST_CASE("strikethrough: ~~text~~ becomes <del>", "[gfm]") {
    CHECK(render("Not ~~this~~ that.\n").doc.html == "<p>Not <del>this</del> that.</p>\n");
}

TEST_CASE("task list items become disabled checkboxes", "[gfm]") {
    const auto html = render("- [ ] stretch\n- [x] walk\n").doc.html;
    CHECK_THAT(html, Contains("<li><input type=\"checkbox\" disabled=\"\" /> stretch</li>"));
    CHECK_THAT(html, Contains("<li><input type=\"checkbox\" checked=\"\" disabled=\"\" /> walk</li>"));
}

TEST_CASE("bare web addresses become links and are not site links", "[gfm]") {
    const auto r = render("See https://www.nhs.uk/ or www.example.org today.\n");
    CHECK_THAT(r.doc.html, Contains("<a href=\"https://www.nhs.uk/\">https://www.nhs.uk/</a>"));
    CHECK_THAT(r.doc.html, Contains("<a href=\"http://www.example.org\">www.example.org</a>"));
    CHECK(r.doc.links.empty());
}

namespace {

// Renders texts[k] with k taken in turn, many times on each of eight
// threads; how many renders differed from rendering the same text alone.
int wrong_renders_on_threads(const std::vector<std::string>& texts, int parses_each) {
    std::vector<std::string> expected;
    for (const auto& text : texts) expected.push_back(render(text).doc.html);
    constexpr int kThreads = 8;
    std::vector<int> wrong(kThreads, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < parses_each; ++i) {
                const std::size_t k = static_cast<std::size_t>(t + i) % texts.size();
                if (render(texts[k]).doc.html != expected[k]) ++wrong[t];
            }
        });
    for (auto& thread : threads) thread.join();
    int total = 0;
    for (const int w : wrong) total += w;
    return total;
}

}  // namespace

// cmark-gfm keeps the characters its inline extensions look for in one
// process-wide table; a parse on one thread must never take them away from
// a parse on another (see generator/markdown/parse.cpp).
TEST_CASE("strikethrough and autolinks survive many parses at once", "[gfm][threads]") {
    const std::string text = "Not ~~this~~ but www.example.org, and *that* at https://www.nhs.uk/ today.\n";
    const std::string alone = render(text).doc.html;
    REQUIRE_THAT(alone, Contains("<del>this</del>"));
    REQUIRE_THAT(alone, Contains("<a href=\"http://www.example.org\">"));
    CHECK(wrong_renders_on_threads({text}, 300) == 0);
}

// Text with an address is parsed with the autolink extension and text
// without one without it; the two kinds take turns at the shared table, so a
// parse without addresses never leaves one with them missing its links.
TEST_CASE("pages with and without addresses parse side by side", "[gfm][threads]") {
    const std::vector<std::string> texts = {
        "Not ~~this~~ but www.example.org, and *that* at https://www.nhs.uk/ today.\n",
        "Walk well: wear warm socks, and *wiggle* the toes ~~when~~ while waiting.\n",
        "Write to help@example.org when the swelling is worse.\n",
        "Weight, water and wakefulness: www is not an address here.\n",
    };
    REQUIRE_THAT(render(texts[0]).doc.html, Contains("<a href=\"http://www.example.org\">"));
    REQUIRE_THAT(render(texts[1]).doc.html, Contains("<del>when</del>"));
    REQUIRE_THAT(render(texts[2]).doc.html, Contains("<a href=\"mailto:help@example.org\">"));
    CHECK(wrong_renders_on_threads(texts, 200) == 0);
}

// Text without an address renders the same whether the autolink extension is
// at work or not: the same blocks rendered alone (without it) and followed by
// a paragraph with an address (with it) start alike.
TEST_CASE("text without addresses renders the same with autolinks and without", "[gfm]") {
    const std::vector<std::string> blocks = {
        "Wear wide shoes: a well-fitting pair helps.  \nWalk with care.",
        "**Why** do *wet* _woollen_ socks ~~work~~ help? Who knows: we will see.",
        "| When | What |\n| --- | --- |\n| w: | `www` |",
        "- [ ] warm water\n- [x] walk: wait 10 min",
        "A line ending in w\nand one in :\n\nw",
        "[a link](page.md) then www and w.w.w. and ww.w and :/ and ::",
        "`code with www and :/ and w:`",
    };
    const std::string address = "\n\nSee www.example.org.\n";
    for (const auto& block : blocks) {
        INFO(block);
        REQUIRE_FALSE(markdown::has_autolink_candidates(block));
        REQUIRE(markdown::has_autolink_candidates(block + address));
        const std::string alone = render(block + "\n").doc.html;
        const std::string with_address = render(block + address).doc.html;
        CHECK_THAT(with_address, StartsWith(alone));
        CHECK_THAT(with_address, Contains("<a href=\"http://www.example.org\">"));
    }
}

TEST_CASE("addresses that may become links are found in any case", "[gfm]") {
    CHECK(markdown::has_autolink_candidates("see WWW.NHS.UK"));
    CHECK(markdown::has_autolink_candidates("see Www.nhs.uk"));
    CHECK(markdown::has_autolink_candidates("ftp://files"));
    CHECK(markdown::has_autolink_candidates("a@b"));
    CHECK(markdown::has_autolink_candidates("www."));
    CHECK_FALSE(markdown::has_autolink_candidates("ww.w www: w.ww"));
    CHECK_FALSE(markdown::has_autolink_candidates(""));
    CHECK_FALSE(markdown::has_autolink_candidates(".."));
}

TEST_CASE("footnotes are rendered with a back-reference", "[gfm]") {
    const auto r = render("Cramps are common[^1].\n\n[^1]: Most adults have had one.\n");
    CHECK_THAT(r.doc.html, Contains("<sup class=\"footnote-ref\"><a href=\"#fn-1\""));
    CHECK_THAT(r.doc.html, Contains("<section class=\"footnotes\""));
    CHECK_THAT(r.doc.html, Contains("Most adults have had one."));
    CHECK(r.doc.links.empty());  // the footnote's own anchors are not site links
}

// ---------------------------------------------------------------------------
// Headings

TEST_CASE("a heading gets an id derived from its text", "[headings]") {
    const auto r = render("## Peripheral artery disease (PAD)\n");
    REQUIRE(r.doc.headings.size() == 1u);
    CHECK(r.doc.headings[0].id == "peripheral-artery-disease-pad");
    CHECK(r.doc.headings[0].text == "Peripheral artery disease (PAD)");
    CHECK_THAT(r.doc.html, StartsWith("<h2 id=\"peripheral-artery-disease-pad\">"));
    CHECK_THAT(r.doc.html, Contains("Peripheral artery disease (PAD)\n</h2>"));
}

TEST_CASE("a heading in another script keeps its letters in its id", "[headings]") {
    // "Боль в ногах", Chinese "腿痛", and one of emoji and punctuation only.
    const auto r = render("## \xD0\x91\xD0\xBE\xD0\xBB\xD1\x8C \xD0\xB2 \xD0\xBD\xD0\xBE\xD0\xB3\xD0\xB0\xD1\x85\n\n"
                          "## \xE8\x85\xBF\xE7\x97\x9B\n\n## \xF0\x9F\x98\x80 !\n");
    CHECK(ids_of(r.doc) == std::vector<std::string>{"\xD0\xB1\xD0\xBE\xD0\xBB\xD1\x8C-\xD0\xB2-\xD0\xBD\xD0\xBE\xD0\xB3\xD0\xB0\xD1\x85",
                                                    "\xE8\x85\xBF\xE7\x97\x9B", "section"});
    CHECK(r.messages.empty());
}

TEST_CASE("repeated heading texts get -1, -2 on their ids", "[headings]") {
    const auto r = render("## Causes\n\n### Causes\n\n## Causes\n");
    CHECK(ids_of(r.doc) == std::vector<std::string>{"causes", "causes-1", "causes-2"});
    CHECK_THAT(r.doc.html, Contains("<h3 id=\"causes-1\">"));
    CHECK(r.messages.empty());
}

TEST_CASE("a derived id steps around an id that is already taken", "[headings]") {
    const auto r = render("## Rest {#night}\n\n## Night\n\n## Night\n");
    CHECK(ids_of(r.doc) == std::vector<std::string>{"night", "night-1", "night-2"});
    CHECK(r.messages.empty());
}

TEST_CASE("a heading with no letters or digits gets the id 'section'", "[headings]") {
    CHECK(ids_of(render("## ???\n\n## !!!\n").doc) == std::vector<std::string>{"section", "section-1"});
}

TEST_CASE("a heading with {#id} keeps that id and loses the marker from its text", "[headings]") {
    const auto r = render("## Peripheral artery disease {#pad}\n");
    REQUIRE(r.doc.headings.size() == 1u);
    CHECK(r.doc.headings[0].id == "pad");
    CHECK(r.doc.headings[0].text == "Peripheral artery disease");
    CHECK(r.doc.html == "<h2 id=\"pad\">\nPeripheral artery disease\n</h2>\n");
    CHECK(r.doc.text == "Peripheral artery disease\n");
}

TEST_CASE("an explicit id may follow inline markup and use _ and capitals", "[headings]") {
    const auto r = render("## *Why* at `night` {#Why_Night-2}\n");
    REQUIRE(r.doc.headings.size() == 1u);
    CHECK(r.doc.headings[0].id == "Why_Night-2");
    CHECK(r.doc.headings[0].text == "Why at night");
    CHECK_THAT(r.doc.html, Contains("<em>Why</em> at <code>night</code>\n</h2>"));
}

TEST_CASE("a {#...} with characters not allowed in an id stays in the text", "[headings]") {
    const auto r = render("## Odd {#not an id}\n");
    REQUIRE(r.doc.headings.size() == 1u);
    CHECK(r.doc.headings[0].text == "Odd {#not an id}");
    CHECK(r.doc.headings[0].id == "odd-not-an-id");
}

TEST_CASE("an explicit id used twice is an error at the second heading", "[headings]") {
    const auto r = render_at_line_5("## First {#pad}\n\nText.\n\n## Second {#pad}\n");
    CHECK(r.messages == Messages{"content/page.md:9:1: error: heading id 'pad' is already used on line 5"});
}

TEST_CASE("the headings list every level with its text, id and line", "[headings][toc]") {
    const auto r = render_at_line_5("# Title\n\n## One\n\nText.\n\n### One point five\n\n## Two\n");
    REQUIRE(r.doc.headings.size() == 4u);
    const auto& h = r.doc.headings;
    CHECK(h[0].level == 1);
    CHECK(h[1].level == 2);
    CHECK(h[2].level == 3);
    CHECK(h[3].level == 2);
    CHECK(h[2].text == "One point five");
    CHECK(h[2].id == "one-point-five");
    CHECK(h[0].position.line == 5);
    CHECK(h[1].position.line == 7);
    CHECK(h[2].position.line == 11);
    CHECK(h[3].position.line == 13);
    CHECK(h[3].position.column == 1);
}

TEST_CASE("a setext heading can have an explicit id", "[headings]") {
    const auto r = render("Title {#custom}\n=====\n");
    REQUIRE(r.doc.headings.size() == 1u);
    CHECK(r.doc.headings[0].level == 1);
    CHECK(r.doc.headings[0].id == "custom");
    CHECK(r.doc.headings[0].text == "Title");
}

TEST_CASE("a setext heading is a heading too", "[headings]") {
    const auto r = render("Night cramps\n------------\n");
    REQUIRE(r.doc.headings.size() == 1u);
    CHECK(r.doc.headings[0].level == 2);
    CHECK(r.doc.headings[0].id == "night-cramps");
}

// ---------------------------------------------------------------------------
// Links

TEST_CASE("internal links become numbered placeholders", "[links]") {
    const auto r = render("[FAQ](faq.md) and [PAD](causes/circulation.md#pad) and [top](#intro).\n");
    REQUIRE(r.doc.links.size() == 3u);
    CHECK(r.doc.links[0].destination == "faq.md");
    CHECK(r.doc.links[1].destination == "causes/circulation.md#pad");
    CHECK(r.doc.links[2].destination == "#intro");
    CHECK(r.doc.html == "<p><a href=\"" + placeholder(0) + "\">FAQ</a> and <a href=\"" + placeholder(1) +
                            "\">PAD</a> and <a href=\"" + placeholder(2) + "\">top</a>.</p>\n");
}

TEST_CASE("site-absolute links and images are site links too", "[links]") {
    const auto r = render("[home](/) ![leg](images/leg.png)\n");
    REQUIRE(r.doc.links.size() == 2u);
    CHECK(r.doc.links[0].destination == "/");
    CHECK_FALSE(r.doc.links[0].is_image);
    CHECK(r.doc.links[1].destination == "images/leg.png");
    CHECK(r.doc.links[1].is_image);
    CHECK_THAT(r.doc.html, Contains("<img src=\"" + placeholder(1) + "\" alt=\"leg\" />"));
}

TEST_CASE("a link's position is its opening bracket, counted from the top of the file", "[links][positions]") {
    const auto r = render_at_line_5("Intro [a](faq.md) here.\nSecond line [b](b.md).\n");
    REQUIRE(r.doc.links.size() == 2u);
    CHECK(r.doc.links[0].position.line == 5);
    CHECK(r.doc.links[0].position.column == 7);
    CHECK(r.doc.links[1].position.line == 6);
    CHECK(r.doc.links[1].position.column == 13);
}

TEST_CASE("a link's column counts characters, not bytes, after multi-byte text", "[links][positions]") {
    // "Text ünï " is 9 characters (11 bytes), so '[' is column 10.
    const auto r = render_at_line_5("\nText \xC3\xBCn\xC3\xAF [b](causes/x.md#y) and ![img](images/leg.png).\n");
    REQUIRE(r.doc.links.size() == 2u);
    CHECK(r.doc.links[0].position.line == 6);
    CHECK(r.doc.links[0].position.column == 10);
    CHECK(r.doc.links[1].position.line == 6);
    CHECK(r.doc.links[1].position.column == 33);  // the '!' of the image
}

TEST_CASE("link positions inside quotes, lists and tables", "[links][positions]") {
    const auto r = render_at_line_5("> first\n> second \xC3\xBC [q](q.md)\n\n- item\n  more [l](l.md)\n\n| a |\n|---|\n| [t](t.md) |\n");
    REQUIRE(r.doc.links.size() == 3u);
    CHECK(r.doc.links[0].position.line == 6);
    CHECK(r.doc.links[0].position.column == 12);
    CHECK(r.doc.links[1].position.line == 9);
    CHECK(r.doc.links[1].position.column == 8);
    CHECK(r.doc.links[2].position.line == 13);
    CHECK(r.doc.links[2].position.column == 3);
}

TEST_CASE("external links are left as written and not listed", "[links]") {
    const auto r = render("[NHS](https://www.nhs.uk/) [mail](mailto:help@example.org) [cdn](//cdn.example.org/a.js)\n");
    CHECK(r.doc.links.empty());
    CHECK_THAT(r.doc.html, Contains("<a href=\"https://www.nhs.uk/\">NHS</a>"));
    CHECK_THAT(r.doc.html, Contains("<a href=\"mailto:help@example.org\">mail</a>"));
    CHECK_THAT(r.doc.html, Contains("<a href=\"//cdn.example.org/a.js\">cdn</a>"));
    CHECK(r.messages.empty());
}

TEST_CASE("a javascript: link is an error at its position", "[links][safety]") {
    const auto r = render_at_line_5("Click [here](javascript:alert(1)).\n");
    CHECK(r.messages == Messages{"content/page.md:5:7: error: unsafe link destination 'javascript:alert(1)' is not allowed"});
    CHECK(r.doc.links.empty());
}

TEST_CASE("script URLs are refused in images and in any letter case", "[links][safety]") {
    const auto r = render("![x](data:text/html,hi) [y](JAVASCRIPT:x) [z](vbscript:x)\n");
    CHECK(r.diagnostics.error_count() == 3u);
}

TEST_CASE("a script URL hidden by an entity or in an autolink is refused", "[links][safety]") {
    const auto r = render_at_line_5("[x](javascript&#58;alert(1)) <javascript:alert(2)>\n");
    CHECK(r.messages == Messages{
                            "content/page.md:5:1: error: unsafe link destination 'javascript:alert(1)' is not allowed",
                            "content/page.md:5:30: error: unsafe link destination 'javascript:alert(2)' is not allowed",
                        });
}

TEST_CASE("a reference-style link is a site link at the position where it is used", "[links][positions]") {
    const auto r = render_at_line_5("Intro.\n\nSee [the FAQ][faq] now.\n\n[faq]: faq.md#why\n");
    REQUIRE(r.doc.links.size() == 1u);
    CHECK(r.doc.links[0].destination == "faq.md#why");
    CHECK(r.doc.links[0].position.line == 7);
    CHECK(r.doc.links[0].position.column == 5);
}

TEST_CASE("a link written as a placeholder is refused", "[links][safety]") {
    const auto r = render("[sneaky](healthsite:link/0/)\n");
    REQUIRE(r.diagnostics.error_count() == 1u);
    CHECK_THAT(r.messages[0], Contains("unsafe link destination 'healthsite:link/0/'"));
}

TEST_CASE("a placeholder is refused in any letter case, and only a placeholder", "[links][safety]") {
    CHECK(render("[a](HealthSite:link/0/)\n").diagnostics.error_count() == 1u);
    CHECK(render("[a](HEALTHSITE:x)\n").diagnostics.error_count() == 1u);
    // Not the scheme: one letter short, or another character for the ':'.
    const auto r = render("[a](healthsit:x) [b](healthsite/x) [c](healthsite%3Ax)\n");
    CHECK(r.diagnostics.error_count() == 0u);
    CHECK(r.doc.links.size() == 2u);  // healthsit: is a scheme of its own
}

TEST_CASE("fill_links puts each href in place of its placeholder", "[links][fill]") {
    const std::string html = "<a href=\"" + placeholder(1) + "\">b</a><a href=\"" + placeholder(0) + "\">a</a>";
    CHECK(markdown::fill_links(html, {"../faq/", "#x"}) == "<a href=\"#x\">b</a><a href=\"../faq/\">a</a>");
}

TEST_CASE("fill_links handles indexes of more than one digit", "[links][fill]") {
    std::vector<std::string> hrefs(12);
    for (std::size_t i = 0; i < hrefs.size(); ++i) hrefs[i] = "h" + std::to_string(i);
    CHECK(markdown::fill_links(placeholder(11) + "|" + placeholder(1), hrefs) == "h11|h1");
}

TEST_CASE("fill_links leaves other text, and placeholders it has no href for, alone", "[links][fill]") {
    CHECK(markdown::fill_links("<p>healthsite: plain text</p>", {"x"}) == "<p>healthsite: plain text</p>");
    CHECK(markdown::fill_links(placeholder(3), {"x"}) == placeholder(3));
    CHECK(markdown::fill_links("healthsite:link/abc/", {"x"}) == "healthsite:link/abc/");
    CHECK(markdown::fill_links("healthsite:link/0", {"x"}) == "healthsite:link/0");
    CHECK(markdown::fill_links("", {}) == "");
}

TEST_CASE("rendered links filled with hrefs give ordinary anchors", "[links][fill]") {
    const auto r = render("[a](a.md) then [b](b.md)\n");
    CHECK(markdown::fill_links(r.doc.html, {"../a/", "../b/"}) ==
          "<p><a href=\"../a/\">a</a> then <a href=\"../b/\">b</a></p>\n");
}

// ---------------------------------------------------------------------------
// Raw HTML

TEST_CASE("raw HTML is left out with a warning when raw_html is false", "[html]") {
    const auto r = render_at_line_5("Text <b>bold</b> here.\n\n<div>block</div>\n");
    CHECK(r.doc.html == "<p>Text bold here.</p>\n");
    CHECK(r.messages == Messages{
                            "content/page.md:5:6: warning: raw HTML is left out of the page (set raw_html = true "
                            "under [markdown] in site.toml to allow it)",
                            "content/page.md:5:13: warning: raw HTML is left out of the page (set raw_html = true "
                            "under [markdown] in site.toml to allow it)",
                            "content/page.md:7:1: warning: raw HTML is left out of the page (set raw_html = true "
                            "under [markdown] in site.toml to allow it)",
                        });
    CHECK_FALSE(r.diagnostics.has_errors());
}

TEST_CASE("raw HTML is kept when raw_html is true", "[html]") {
    const auto r = render("Text <b>bold</b> here.\n\n<div class=\"box\">block</div>\n", true);
    CHECK_THAT(r.doc.html, Contains("<b>bold</b>"));
    CHECK_THAT(r.doc.html, Contains("<div class=\"box\">block</div>"));
    CHECK(r.messages.empty());
}

TEST_CASE("even with raw_html, a script tag is defused", "[html][safety]") {
    const auto r = render("<script>alert(1)</script>\n", true);
    CHECK_THAT(r.doc.html, !Contains("<script>"));
}

TEST_CASE("an HTML comment counts as raw HTML", "[html]") {
    const auto r = render("<!-- note to self -->\n\nText.\n");
    CHECK(r.doc.html == "<p>Text.</p>\n");
    CHECK(r.diagnostics.warning_count() == 1u);
}

// ---------------------------------------------------------------------------
// Callouts

TEST_CASE("a [!URGENT] quote becomes an urgent callout without its marker", "[callouts]") {
    const auto r = render_at_line_5("Before.\n\n> [!URGENT]\n> Call 999 if your leg is cold and pale.\n");
    const std::string expected =
        "<div class=\"callout callout-urgent\" role=\"note\">\n"
        "<p class=\"callout-title\"><strong>Get urgent help</strong></p>\n"
        "<p>Call 999 if your leg is cold and pale.</p>\n"
        "</div>";
    CHECK_THAT(r.doc.html, Contains(expected));
    CHECK_THAT(r.doc.html, !Contains("[!URGENT]"));
    CHECK_THAT(r.doc.html, !Contains("<blockquote>"));
    REQUIRE(r.doc.callouts.size() == 1u);
    CHECK(r.doc.callouts[0].kind == "urgent");
    CHECK(r.doc.callouts[0].position.line == 7);
    CHECK(r.doc.callouts[0].position.column == 1);
    CHECK_THAT(r.doc.callouts[0].html, StartsWith(expected));
}

TEST_CASE("a callout marker may share a line with the text and be in any case", "[callouts]") {
    const auto r = render("> [!tip] Keep the room warm.\n\n> [!Warning]\n> Hot water bottles burn.\n");
    REQUIRE(r.doc.callouts.size() == 2u);
    CHECK(r.doc.callouts[0].kind == "tip");
    CHECK(r.doc.callouts[1].kind == "warning");
    CHECK_THAT(r.doc.callouts[0].html, Contains("<strong>Tip</strong></p>\n<p>Keep the room warm.</p>"));
    CHECK_THAT(r.doc.html, Contains("<div class=\"callout callout-warning\" role=\"note\">"));
}

TEST_CASE("every callout kind has its class and title", "[callouts]") {
    const std::vector<std::pair<std::string, std::string>> kinds{
        {"NOTE", "Note"}, {"TIP", "Tip"}, {"IMPORTANT", "Important"}, {"WARNING", "Warning"},
        {"CAUTION", "Caution"}, {"URGENT", "Get urgent help"}};
    for (const auto& [marker, title] : kinds) {
        INFO(marker);
        const auto r = render("> [!" + marker + "]\n> Text.\n");
        REQUIRE(r.doc.callouts.size() == 1u);
        CHECK(r.doc.callouts[0].kind == support::to_lower_ascii(marker));
        CHECK_THAT(r.doc.html, Contains("callout callout-" + support::to_lower_ascii(marker)));
        CHECK_THAT(r.doc.html, Contains("<strong>" + title + "</strong>"));
    }
}

TEST_CASE("an ordinary quote or an unknown marker stays a blockquote", "[callouts]") {
    const auto plain = render("> Just a quote.\n");
    CHECK(plain.doc.callouts.empty());
    CHECK_THAT(plain.doc.html, Contains("<blockquote>"));
    const auto unknown = render("> [!FOO]\n> Text.\n");
    CHECK(unknown.doc.callouts.empty());
    CHECK_THAT(unknown.doc.html, Contains("<blockquote>"));
}

TEST_CASE("a link inside a callout is a placeholder in the callout's html too", "[callouts][links]") {
    const auto r = render("> [!URGENT]\n> See [urgent help](urgent-help.md).\n");
    REQUIRE(r.doc.links.size() == 1u);
    REQUIRE(r.doc.callouts.size() == 1u);
    CHECK_THAT(r.doc.callouts[0].html, Contains("<a href=\"" + placeholder(0) + "\">urgent help</a>"));
}

// The marker is removed from the page, but the paragraph's text was counted
// before it was removed, so "[!URGENT]" is in Document::text and "URGENT" is
// counted as a word.
TEST_CASE("a callout's marker is not part of the text or the word count", "[callouts][counts]") {
    const auto r = render("> [!URGENT]\n> Call now.\n");
    CHECK(r.doc.text.find("URGENT") == std::string::npos);
    CHECK(r.doc.counts.words == 2u);
}

// ---------------------------------------------------------------------------
// FAQ sections

TEST_CASE("split_sections cuts the body at each ## heading", "[sections]") {
    const auto r = render_faq(
        "Questions people ask.\n\n"
        "## Why at night?\n\nLying down changes blood flow.\n\n- one\n- two\n\n"
        "### A detail\n\nMore.\n\n"
        "## Should I see a doctor?\n\nYes, if it [keeps happening](when.md).\n");
    CHECK(r.doc.intro_html == "<p>Questions people ask.</p>\n");
    REQUIRE(r.doc.sections.size() == 2u);
    const auto& first = r.doc.sections[0];
    CHECK(first.heading.text == "Why at night?");
    CHECK(first.heading.id == "why-at-night");
    CHECK(first.heading.level == 2);
    CHECK(first.html == "<p>Lying down changes blood flow.</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"
                        "<h3 id=\"a-detail\">\nA detail\n</h3>\n<p>More.</p>\n");
    CHECK_THAT(first.text, StartsWith("Lying down changes blood flow.\none\ntwo\n"));
    CHECK_THAT(first.text, Contains("More.\n"));
    const auto& second = r.doc.sections[1];
    CHECK(second.heading.text == "Should I see a doctor?");
    CHECK(second.html == "<p>Yes, if it <a href=\"" + placeholder(0) + "\">keeps happening</a>.</p>\n");
    CHECK(second.text == "Yes, if it keeps happening.\n");
    // The whole page is still rendered.
    CHECK_THAT(r.doc.html, Contains("<h2 id=\"why-at-night\">"));
}

// Section::text is "the same as plain text", but a sub-heading inside an
// answer is missing from it: headings have already been swapped for custom
// blocks when split_sections() runs, and block_text() does not look inside
// those.
TEST_CASE("a sub-heading inside an FAQ answer is part of the answer's text", "[sections]") {
    const auto r = render_faq("## Why at night?\n\nFirst.\n\n### A detail\n\nMore.\n");
    REQUIRE(r.doc.sections.size() == 1u);
    CHECK(r.doc.sections[0].text == "First.\nA detail\nMore.\n");
}

TEST_CASE("without split_sections there are no sections", "[sections]") {
    const auto r = render("Intro.\n\n## Q\n\nA.\n");
    CHECK(r.doc.sections.empty());
    CHECK(r.doc.intro_html.empty());
}

TEST_CASE("a body that starts with a question has an empty intro", "[sections]") {
    const auto r = render_faq("## Q\n\nA.\n");
    CHECK(r.doc.intro_html.empty());
    REQUIRE(r.doc.sections.size() == 1u);
    CHECK(r.doc.sections[0].html == "<p>A.</p>\n");
}

// ---------------------------------------------------------------------------
// Text and counts

TEST_CASE("the text holds each block's rendered words, one block a line", "[counts]") {
    const auto r = render("# Leg pain\n\nIt   hurts\nat night.\n\n- Rest.\n- Stretch.\n");
    CHECK(r.doc.text == "Leg pain\nIt hurts at night.\nRest.\nStretch.\n");
}

TEST_CASE("link URLs are not counted as words, link texts are", "[counts]") {
    const auto r = render("Read [the guide](https://example.com/very/long/address/with/words) now.\n");
    CHECK(r.doc.text == "Read the guide now.\n");
    CHECK(r.doc.counts.words == 4u);
    CHECK(r.doc.counts.sentences == 1u);
}

TEST_CASE("counts add up the blocks: headings, paragraphs, list items and table cells", "[counts]") {
    const auto r = render("## Rest well\n\nSleep helps. Walk daily.\n\n| Cramp |\n|---|\n| Night |\n");
    // "Rest well" / "Sleep helps. Walk daily." / "Cramp" / "Night"
    CHECK(r.doc.counts.sentences == 5u);
    CHECK(r.doc.counts.words == 8u);
    readability::Counts expected;
    for (const char* block : {"Rest well", "Sleep helps. Walk daily.", "Cramp", "Night"}) expected.add_block(block);
    CHECK(r.doc.counts.syllables == expected.syllables);
}

TEST_CASE("a raw HTML block that is left out is not counted", "[counts][html]") {
    const auto r = render("Visible.\n\n<div>\nhidden words here\n</div>\n");
    CHECK(r.doc.counts.words == 1u);
    CHECK(r.doc.text == "Visible.\n");
}

TEST_CASE("an empty body renders to nothing", "[counts]") {
    const auto r = render("");
    CHECK(r.doc.html.empty());
    CHECK(r.doc.text.empty());
    CHECK(r.doc.counts.words == 0u);
    CHECK(r.doc.headings.empty());
    CHECK(r.messages.empty());
}

TEST_CASE("a heading with raw HTML allowed keeps its text intact (once read after being freed)", "[headings][raw-html]") {
    healthsite::markdown::Options options;
    options.raw_html = true;
    healthsite::support::Diagnostics diagnostics;
    const auto document = healthsite::markdown::render("# Vitamin B<sub>12</sub>\n\n# <v>\n", options, diagnostics);
    CHECK(document.html.find("Vitamin B<sub>12</sub>") != std::string::npos);
    CHECK(document.html.find("<v>") != std::string::npos);
    REQUIRE(document.headings.size() == 2);
    CHECK(document.headings[0].text == "Vitamin B12");
}

TEST_CASE("many equal headings get numbered ids in order", "[headings]") {
    std::string text;
    for (int i = 0; i < 2000; ++i) text += "## Same\n\n";
    healthsite::support::Diagnostics diagnostics;
    const auto document = healthsite::markdown::render(text, {}, diagnostics);
    REQUIRE(document.headings.size() == 2000);
    CHECK(document.headings[0].id == "same");
    CHECK(document.headings[1].id == "same-1");
    CHECK(document.headings[1999].id == "same-1999");
}

TEST_CASE("the library version names cmark-gfm and the version loaded", "[gfm]") {
    const std::string version = markdown::library_version();
    CHECK(version.starts_with("cmark-gfm 0."));
    CHECK(version.find(".gfm.") != std::string::npos);
}

// A page's parser and tree live in memory its thread keeps from page to page
// (see generator/markdown/arena.cpp); one page must never see another's.
TEST_CASE("pages rendered one after another render as each does alone", "[arena]") {
    const std::vector<std::string> texts = {
        "# Night cramps\n\nA *sudden* tight pain.\n\n| Cause | Sign |\n| --- | --- |\n| Cramp | Hard calf |\n",
        "Walk a little.\n\n- stretch\n- [ ] drink water\n- [x] rest\n\n> [!URGENT]\n> Call 999 if the leg is cold.\n",
        "See [the FAQ](faq.md#when) and www.nhs.uk today.[^1]\n\n[^1]: A note.\n",
    };
    std::vector<std::string> alone;
    for (const auto& text : texts) alone.push_back(render(text, false, true).doc.html);
    for (int round = 0; round < 3; ++round)
        for (std::size_t i = texts.size(); i-- > 0;) CHECK(render(texts[i], false, true).doc.html == alone[i]);
}

TEST_CASE("a page larger than the memory kept between pages renders whole", "[arena]") {
    const std::string small = "A short page with a [link](other.md).\n";
    const std::string before = render(small).doc.html;
    std::string large;
    constexpr int kParagraphs = 40000;  // a few megabytes of tree, many times what is kept
    for (int i = 0; i < kParagraphs; ++i) large += "Paragraph " + std::to_string(i) + " with *some* `code`.\n\n";
    const auto rendered = render(large);
    std::size_t paragraphs = 0;
    for (auto at = rendered.doc.html.find("<p>"); at != std::string::npos; at = rendered.doc.html.find("<p>", at + 1))
        ++paragraphs;
    CHECK(paragraphs == kParagraphs);
    CHECK_THAT(rendered.doc.html, Contains("<p>Paragraph 39999 with <em>some</em> <code>code</code>.</p>"));
    CHECK(render(small).doc.html == before);
}
