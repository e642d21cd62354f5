// Markdown that makes cmark-gfm 0.29.0.gfm.6 (Debian 12) slow: the upstream
// pathological tests and the inputs of the 2023 advisories. Each must render,
// or be refused with an error by the guard, within a second; and Markdown
// just under the guard's limits must still render.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <vector>

#include "generator/markdown/guard.hpp"
#include "generator/markdown/markdown.hpp"

using namespace healthsite;

namespace {

// Sanitizers make every instruction several times slower; the bound is there
// to catch quadratic time, which is slower by orders of magnitude.
#if defined(__SANITIZE_ADDRESS__)
constexpr double kBoundSeconds = 3.0;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
constexpr double kBoundSeconds = 3.0;
#else
constexpr double kBoundSeconds = 1.0;
#endif
#else
constexpr double kBoundSeconds = 1.0;
#endif

constexpr std::size_t kSizes[] = {60 * 1024, 240 * 1024};

// unit repeated until the text is about `bytes` long.
std::string fill(std::string_view unit, std::size_t bytes) {
    std::string out;
    out.reserve(bytes + unit.size());
    do out += unit;
    while (out.size() + unit.size() <= bytes);
    return out;
}

std::string times(std::string_view unit, std::size_t count) {
    std::string out;
    out.reserve(unit.size() * count);
    for (std::size_t i = 0; i < count; ++i) out += unit;
    return out;
}

// Lines made by line(i) for i = 0, 1, ... until the text is about `bytes` long.
std::string lines(std::size_t bytes, const std::function<std::string(std::size_t)>& line) {
    std::string out;
    for (std::size_t i = 0; out.size() < bytes; ++i) out += line(i);
    return out;
}

// Reference labels that all land in one bucket of cmark's old reference map
// (the "reference collisions" upstream test).
bool collides(const std::string& label) {
    std::uint32_t hash = 0;
    for (const char c : label)
        hash = static_cast<std::uint32_t>(static_cast<unsigned char>(c)) + (hash << 6) + (hash << 16) - hash;
    return hash % 16 == 0;
}

std::string reference_collisions(std::size_t bytes) {
    std::vector<std::string> labels;
    for (std::size_t i = 0; labels.size() < 2 || labels.size() * 24 < bytes; ++i)
        if (const std::string label = "x" + std::to_string(i); collides(label)) labels.push_back(label);
    std::string out;
    for (std::size_t i = 1; i < labels.size() && out.size() < bytes; ++i)
        out += "[" + labels[i] + "]: /url\n\n[" + labels[0] + "]\n\n";
    return out;
}

enum class Expect {
    either,   // cmark-gfm is fast enough on it; the guard may or may not refuse it
    refused,  // slow in cmark-gfm (seconds or worse at 240 KB) or too deep for the renderer's walk
};

struct Pattern {
    const char* name;
    const char* source;
    Expect expect;
    std::function<std::string(std::size_t bytes)> make;
};

const std::vector<Pattern>& patterns() {
    static const std::vector<Pattern> all = {
        // cmark and cmark-gfm test/pathological_tests.py
        {"nested strong emph", "pathological_tests.py", Expect::refused,
         [](std::size_t n) { return fill("*a **a ", n / 2) + "b" + fill(" a** a*", n / 2); }},
        {"many emph closers with no openers", "pathological_tests.py", Expect::either,
         [](std::size_t n) { return fill("a_ ", n); }},
        {"many emph openers with no closers", "pathological_tests.py", Expect::either,
         [](std::size_t n) { return fill("_a ", n); }},
        {"many link closers with no openers", "pathological_tests.py", Expect::either,
         [](std::size_t n) { return fill("a]", n); }},
        {"many link openers with no closers", "pathological_tests.py", Expect::either,
         [](std::size_t n) { return fill("[a", n); }},
        {"mismatched openers and closers", "pathological_tests.py", Expect::either,
         [](std::size_t n) { return fill("*a_ ", n); }},
        {"issue #389", "pathological_tests.py", Expect::refused,
         [](std::size_t n) { return fill("*a ", n * 3 / 8) + fill("_a*_ ", n * 5 / 8); }},
        {"openers and closers multiple of 3", "pathological_tests.py", Expect::either,
         [](std::size_t n) { return "a**b" + fill("c* ", n); }},
        {"link openers and emph closers", "pathological_tests.py", Expect::either,
         [](std::size_t n) { return fill("[ a_", n); }},
        {"pattern [ (]( repeated", "pathological_tests.py", Expect::either,
         [](std::size_t n) { return fill("[ (](", n); }},
        {"pattern ![[]() repeated", "pathological_tests.py; CVE-2023-22486", Expect::refused,
         [](std::size_t n) { return fill("![[]()", n); }},
        {"hard link/emph case", "pathological_tests.py", Expect::either,
         [](std::size_t n) { return fill("**x [a*b**c*](d)\n\n", n); }},
        {"nested brackets", "pathological_tests.py", Expect::either,
         [](std::size_t n) { return std::string(n / 2, '[') + "a" + std::string(n / 2, ']'); }},
        {"nested block quotes", "pathological_tests.py", Expect::refused,
         [](std::size_t n) { return fill("> ", n) + "a"; }},
        {"deeply nested lists", "pathological_tests.py", Expect::either,
         [](std::size_t n) { return lines(n, [](std::size_t i) { return std::string(2 * i, ' ') + "* a\n"; }); }},
        {"U+0000 in input", "pathological_tests.py", Expect::either,
         [](std::size_t n) { return fill(std::string("abc\0de\0", 7), n); }},
        {"backticks", "pathological_tests.py", Expect::either,
         [](std::size_t n) {
             std::string out;
             for (std::size_t i = 1; out.size() < n; ++i) out += "e" + std::string(i, '`');
             return out;
         }},
        {"unclosed links A", "pathological_tests.py", Expect::either,
         [](std::size_t n) { return fill("[a](<b", n); }},
        {"unclosed links B", "pathological_tests.py", Expect::either,
         [](std::size_t n) { return fill("[a](b", n); }},
        {"unclosed <!--", "pathological_tests.py; CVE-2023-22484", Expect::either,
         [](std::size_t n) { return "</" + fill("<!--", n); }},
        {"empty lines in deeply nested lists", "pathological_tests.py; CVE-2023-24824", Expect::refused,
         [](std::size_t n) { return times("- ", n / 3) + "x" + std::string(n / 3, '\n'); }},
        {"empty lines in deeply nested lists in blockquote", "pathological_tests.py; CVE-2023-24824",
         Expect::refused, [](std::size_t n) { return "> " + times("- ", n / 4) + "x\n" + times(">\n", n / 4); }},
        {"emph in deep blockquote", "pathological_tests.py; CVE-2023-24824", Expect::refused,
         [](std::size_t n) { return std::string(n / 3, '>') + times("a*", n / 3); }},
        {"reference collisions", "pathological_tests.py", Expect::either, reference_collisions},
        {"many references", "pathological_tests.py", Expect::either,
         [](std::size_t n) {
             return lines(n * 3 / 4, [](std::size_t i) { return "[" + std::to_string(i + 1) + "]: u\n"; }) +
                    fill("[0] ", n / 4);
         }},
        {"tables", "cmark-gfm pathological_tests.py", Expect::either,
         [](std::size_t n) { return fill("aaa\rbbb\n-\v\n", n); }},
        {"nested inlines", "pathological_tests.py", Expect::refused,
         [](std::size_t n) { return std::string(n / 2, '*') + "a" + std::string(n / 2, '*'); }},

        // The advisories' other shapes (GHSA-29g3-96g3-jg6c and the ones above)
        {"a then unclosed <!--", "CVE-2023-22484", Expect::either,
         [](std::size_t n) { return "a" + fill("<!--", n); }},
        {"unclosed <?", "CVE-2023-22483", Expect::refused, [](std::size_t n) { return "a" + fill("<?", n); }},
        {"unclosed <!X", "CVE-2023-22483", Expect::refused, [](std::size_t n) { return "a" + fill("<!A ", n); }},
        {"unclosed <![CDATA[", "CVE-2023-22483", Expect::refused,
         [](std::size_t n) { return "a" + fill("<![CDATA[", n); }},
        {"www. with underscores", "CVE-2023-22483 (autolink)", Expect::refused,
         [](std::size_t n) { return "x" + fill("_www.a_", n); }},
        {"www._ repeated", "CVE-2023-22483 (autolink)", Expect::refused,
         [](std::size_t n) { return "x" + fill("www._", n); }},
        {"e-mail addresses run together", "CVE-2023-22483 (autolink)", Expect::either,
         [](std::size_t n) { return "x" + fill("a@", n); }},
        {"leading '>' and '-' runs", "CVE-2023-26485", Expect::refused,
         [](std::size_t n) { return std::string(n / 4, '>') + times("- ", n / 4) + "x" + std::string(n / 4, '\n'); }},
        {"quotes and lists mixed", "CVE-2023-26485", Expect::refused,
         [](std::size_t n) { return fill("> - ", n) + "a"; }},
        {"table row explosion", "CVE-2023-37463", Expect::refused,
         [](std::size_t n) { return times("|a", 1000) + "|\n" + times("|-", 1000) + "|\n" + fill("|x|\n", n); }},
        {"table with 60000 columns", "CVE-2023-37463", Expect::refused,
         [](std::size_t n) { return times("|a", n / 4) + "|\n" + times("|-", n / 4) + "|\n"; }},
        {"wide header over a narrow delimiter row", "cmark-gfm table rows", Expect::refused,
         [](std::size_t n) { return times("|a", n / 2) + "|\n|-|\n"; }},
        {"a line of pipes above a delimiter row", "cmark-gfm table rows", Expect::refused,
         [](std::size_t n) { return "a\n" + std::string(n, '|') + "\n|-|\n"; }},
        {"delimiter rows that do not match their header", "cmark-gfm table headers", Expect::refused,
         [](std::size_t n) { return fill("a|b\n-|-|-\n", n); }},
        {"underscore runs", "CVE-2023-26485", Expect::refused,
         [](std::size_t n) { return std::string(n / 2, '_') + "." + std::string(n / 2, '_'); }},
        {"strikethrough openers", "cmark-gfm strikethrough", Expect::either,
         [](std::size_t n) { return fill("~~a ", n); }},
        {"footnote references", "cmark-gfm footnotes", Expect::either,
         [](std::size_t n) { return fill("[^a]", n) + "\n\n[^a]: x\n"; }},
        {"angle brackets", "autolinks", Expect::either, [](std::size_t n) { return fill("<", n); }},
    };
    return all;
}

struct Outcome {
    double seconds = 0;
    bool refused = false;
    std::size_t html_bytes = 0;
};

Outcome timed_render(const std::string& text, bool raw_html) {
    markdown::Options options;
    options.path = "content/slow.md";
    options.raw_html = raw_html;
    options.split_sections = true;
    support::Diagnostics diagnostics;
    const auto start = std::chrono::steady_clock::now();
    const auto document = markdown::render(text, options, diagnostics);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    return {took.count(), diagnostics.has_errors(), document.html.size()};
}

markdown::Document render_ok(const std::string& text, bool raw_html = false) {
    markdown::Options options;
    options.path = "content/page.md";
    options.raw_html = raw_html;
    support::Diagnostics diagnostics;
    auto document = markdown::render(text, options, diagnostics);
    for (const auto& d : diagnostics.items()) UNSCOPED_INFO(support::format(d));
    CHECK_FALSE(diagnostics.has_errors());
    return document;
}

std::size_t occurrences(std::string_view text, std::string_view what) {
    std::size_t count = 0;
    for (auto at = text.find(what); at != std::string_view::npos; at = text.find(what, at + what.size())) ++count;
    return count;
}

// Every level of an ordinary nested list, `indent` spaces deeper each time.
std::string nested_list(std::size_t depth, std::size_t indent, std::string_view marker = "-") {
    std::string out;
    for (std::size_t level = 0; level < depth; ++level)
        out += std::string(level * indent, ' ') + std::string(marker) + " level " + std::to_string(level + 1) + "\n";
    return out;
}

std::string table(std::size_t columns, std::size_t rows, std::string_view row_cell = "cell") {
    std::string out = "|" + times(" head |", columns) + "\n|" + times(" --- |", columns) + "\n";
    for (std::size_t row = 0; row < rows; ++row) out += "|" + times(" " + std::string(row_cell) + " |", columns) + "\n";
    return out;
}

}  // namespace

TEST_CASE("each known slow input renders or is refused within the bound") {
    std::string slowest;
    double slowest_seconds = 0;
    for (const auto& pattern : patterns()) {
        for (const std::size_t size : kSizes) {
            const std::string text = pattern.make(size);
            CAPTURE(pattern.name, pattern.source, text.size());
            REQUIRE(text.size() >= size * 9 / 10);
            REQUIRE(text.size() <= size * 11 / 10);
            for (const bool raw_html : {false, true}) {
                const Outcome outcome = timed_render(text, raw_html);
                CAPTURE(raw_html, outcome.seconds, outcome.refused);
                CHECK(outcome.seconds < kBoundSeconds);
                if (outcome.refused) CHECK(outcome.html_bytes == 0);
                if (pattern.expect == Expect::refused) CHECK(outcome.refused);
                if (outcome.seconds > slowest_seconds) {
                    slowest_seconds = outcome.seconds;
                    slowest = std::string(pattern.name) + " (" + std::to_string(text.size()) + " bytes, " +
                              (outcome.refused ? "refused" : "rendered") + ")";
                }
            }
        }
    }
    WARN("slowest input: " << slowest << " in " << slowest_seconds << " s; the bound is " << kBoundSeconds << " s");
}

TEST_CASE("the guard reads a megabyte of hostile text quickly") {
    for (const auto& pattern : patterns()) {
        const std::string text = pattern.make(1024 * 1024);
        CAPTURE(pattern.name);
        const auto start = std::chrono::steady_clock::now();
        (void)markdown::check_input(text);
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
        CHECK(took.count() < kBoundSeconds / 10);
    }
}

TEST_CASE("a refused page gets one error at the place of the problem, counted from the top of the file") {
    markdown::Options options;
    options.path = "content/deep.md";
    options.first_line = 5;
    support::Diagnostics diagnostics;
    const auto document = markdown::render("Intro.\n\n" + times("> ", 40) + "a\n", options, diagnostics);
    CHECK(document.html.empty());
    CHECK(document.headings.empty());
    REQUIRE(diagnostics.items().size() == 1);
    CHECK(support::format(diagnostics.items()[0]) ==
          "content/deep.md:7:1: error: quotes and lists nest up to 40 deep on this line; the limit is 32 (each '>' or "
          "list marker is a level, and so are each 2 columns of indentation before them)");
}

TEST_CASE("the position of a refusal counts characters, not bytes") {
    const std::string text = "Ünïcödé " + times("[a", 1001);
    const auto finding = markdown::check_input(text);
    REQUIRE(finding);
    CHECK(finding->offset == text.rfind('['));
    markdown::Options options;
    options.path = "content/brackets.md";
    support::Diagnostics diagnostics;
    (void)markdown::render(text, options, diagnostics);
    REQUIRE(diagnostics.items().size() == 1);
    CHECK(diagnostics.items()[0].position.column == 8 + 2 * 1000 + 1);
    CHECK(diagnostics.items()[0].message ==
          "more than 1000 '[' brackets between two blank lines; the limit is 1000");
}

TEST_CASE("each limit lets its value through and refuses one more") {
    using markdown::check_input;
    SECTION("quotes") {
        CHECK_FALSE(check_input(times("> ", 32) + "a"));
        CHECK(check_input(times("> ", 33) + "a"));
        CHECK(check_input(std::string(33, '>') + "a"));
    }
    SECTION("list markers, counting the indentation that continues outer items") {
        CHECK_FALSE(check_input(times("- ", 32) + "a"));
        CHECK(check_input(times("- ", 33) + "a"));
        CHECK(check_input(times("1. ", 33) + "a"));
        CHECK_FALSE(check_input(std::string(62, ' ') + "- a"));
        CHECK(check_input(std::string(64, ' ') + "- a"));
        CHECK(check_input(std::string(16, '\t') + "- a"));
    }
    SECTION("runs of one character") {
        for (const char c : {'*', '_', '~', '`'}) {
            CAPTURE(c);
            CHECK_FALSE(check_input(std::string(1000, c)));
            const auto finding = check_input("ab " + std::string(1001, c));
            REQUIRE(finding);
            CHECK(finding->offset == 3);
            CHECK(finding->message == "a run of 1001 '" + std::string(1, c) + "' characters; the limit is 1000");
        }
    }
    SECTION("emphasis marks in a paragraph") {
        CHECK_FALSE(check_input(times("*a* ", 2500)));
        CHECK(check_input(times("*a* ", 2500) + "*"));
        CHECK_FALSE(check_input(times("*a* ", 1500) + "\n\n" + times("*a* ", 1500)));
    }
    SECTION("brackets in a paragraph") {
        CHECK_FALSE(check_input(times("[a] ", 1000)));
        CHECK(check_input(times("[a] ", 1001)));
        CHECK_FALSE(check_input(times("[a] ", 600) + "\n \t\n" + times("[a] ", 600)));
    }
    SECTION("'<!' and '<?' in a paragraph") {
        CHECK_FALSE(check_input(times("<!-- a --> ", 100)));
        CHECK(check_input(times("<!-- a --> ", 100) + "<?"));
    }
    SECTION("web and e-mail address starts in a word") {
        CHECK_FALSE(check_input(times("www.", 50)));
        CHECK(check_input(times("www.", 51)));
        CHECK(check_input(times("a@", 51)));
        CHECK(check_input(times("://", 51)));
        CHECK_FALSE(check_input(times("www.a ", 5000)));
    }
    SECTION("table columns") {
        CHECK_FALSE(check_input(table(100, 1)));
        const auto finding = check_input(table(101, 1));
        REQUIRE(finding);
        CHECK(finding->message == "table has 101 columns; the limit is 100");
    }
    SECTION("table cells in all tables, short rows counted as full") {
        CHECK_FALSE(check_input(table(100, 499)));  // 500 rows with the header: 50000 cells
        CHECK(check_input(table(100, 500)));
        CHECK(check_input(table(100, 1) + fill("x\n", 2 * 500)));
        CHECK(check_input(table(50, 400) + "\n" + table(50, 600)));
    }
    SECTION("'|' on a line") {
        CHECK_FALSE(check_input(std::string(200, '|')));
        const auto finding = check_input("ab\n" + std::string(201, '|'));
        REQUIRE(finding);
        CHECK(finding->offset == 3);
        CHECK(finding->message == "a line with 201 '|' characters; the limit is 200");
    }
    SECTION("text read again by lines like '|---|' under it") {
        // Each "-|-|-" does not match the "a|b" above it, so the paragraph
        // goes on and every one of them reads all of it again.
        CHECK_FALSE(check_input(times("a|b\n-|-|-\n", 100)));
        CHECK(check_input(times("a|b\n-|-|-\n", 1000)));
        CHECK_FALSE(check_input(times("a|b\n-|-|-\n\n", 1000)));
    }
    SECTION("limits of one's own") {
        markdown::GuardLimits limits;
        limits.max_nesting = 4;
        CHECK_FALSE(check_input("> > > > a", limits));
        CHECK(check_input("> > > > > a", limits));
    }
}

TEST_CASE("the guard sees marks, '|'s and line breaks at every offset") {
    // The guard reads the text in chunks of 64 bytes: each shape is tried
    // at offsets across three of them.
    using markdown::check_input;
    markdown::GuardLimits limits;
    limits.max_address_starts = 0;
    limits.max_pipes_per_line = 2;
    limits.max_brackets = 1;
    limits.max_delimiter_run = 1;
    for (std::size_t at = 0; at < 3 * 64; ++at) {
        const std::string before(at, 'x');
        CAPTURE(at);
        for (const std::string address : {"www.a", "WwW.a", "a@b", "a://b"}) {
            const auto finding = check_input(before + " " + address, limits);
            REQUIRE(finding);
            CHECK(finding->offset == at + 1 + (address.starts_with('a') ? 1 : 0));
        }
        CHECK_FALSE(check_input(before + " ww.a wwx.a", limits));
        const auto pipes = check_input(before + "|||", limits);
        REQUIRE(pipes);
        CHECK(pipes->offset == at);
        CHECK_FALSE(check_input(before + "||\n|", limits));
        CHECK_FALSE(check_input(before + "||\r|", limits));
        // "\r\n" is one line break, so the brackets share a paragraph.
        CHECK(check_input(before + "[\r\n[", limits));
        CHECK_FALSE(check_input(before + "[\r\n\r\n[", limits));
        CHECK_FALSE(check_input(before + "[\r\r[", limits));
        const auto run = check_input(before + "**", limits);
        REQUIRE(run);
        CHECK(run->offset == at);
    }
}

TEST_CASE("the guard cannot be walked around") {
    using markdown::check_input;
    SECTION("a lone CR ends a line for cmark-gfm, so it does not end a paragraph") {
        CHECK(check_input(times("[a", 600) + "\r" + times("[a", 600)));
        CHECK(check_input(times("[a", 600) + "\r\n" + times("[a", 600)));
        CHECK_FALSE(check_input(times("[a", 600) + "\r\r" + times("[a", 600)));
    }
    SECTION("a line of vertical tabs or form feeds is not blank") {
        CHECK(check_input(times("[a", 600) + "\n\v\n" + times("[a", 600)));
        CHECK(check_input(times("[a", 600) + "\n\f\n" + times("[a", 600)));
    }
    SECTION("'+' never makes a rule, so a line of '+ ' nests lists") {
        CHECK(check_input(times("+ ", 40)));
        CHECK_FALSE(check_input(times("- ", 40)));
        CHECK_FALSE(check_input(times("* ", 40)));
        CHECK(check_input(times("- ", 40) + "x"));
        CHECK(check_input(times("- * ", 20) + "x"));
    }
    SECTION("tables inside quotes and lists count") {
        CHECK(check_input("> |a|\n> |" + times("-|", 101)));
        CHECK(check_input("- a\n  |" + times("-|", 101)));
    }
    SECTION("underscores inside a word are let through, but not next to punctuation") {
        CHECK_FALSE(check_input(times("snake_case_name ", 3000)));
        CHECK(check_input(times("_a_ ", 3000)));
        CHECK(check_input(times("\u2014_", 6000)));
    }
}

TEST_CASE("Markdown just under the limits renders") {
    SECTION("lists 20 deep, two spaces a level") {
        const auto document = render_ok(nested_list(20, 2));
        CHECK(occurrences(document.html, "<ul>") == 20);
    }
    SECTION("lists 15 deep, four spaces a level") {
        const auto document = render_ok(nested_list(15, 4));
        CHECK(occurrences(document.html, "<ul>") == 15);
    }
    SECTION("numbered lists 20 deep") {
        const auto document = render_ok(nested_list(20, 3, "1."));
        CHECK(occurrences(document.html, "<ol>") == 20);
    }
    SECTION("quotes 32 deep, with a list at the bottom") {
        const auto document = render_ok(times("> ", 31) + "- a\n");
        CHECK(occurrences(document.html, "<blockquote>") == 31);
    }
    SECTION("a 30-column table with 1000 rows") {
        const auto document = render_ok(table(30, 1000, "1.5 mg"));
        CHECK(occurrences(document.html, "<td>") == 30 * 1000);
    }
    SECTION("a 30-column table with a bold word in each of its 1200 cells") {
        // The counts of a paragraph cover a whole table: its cells are not
        // told apart.
        const auto document = render_ok(table(30, 40, "**1.5** mg"));
        CHECK(occurrences(document.html, "<strong>") == 30 * 40);
    }
    SECTION("a 100-column table") {
        const auto document = render_ok(table(100, 20));
        CHECK(occurrences(document.html, "<th>") == 100);
    }
    SECTION("a paragraph with 900 links and 1000 bold words") {
        const auto document = render_ok(times("see [the FAQ](faq.md#a) ", 900) + times("**very** ", 1000));
        CHECK(document.links.size() == 900);
        CHECK(occurrences(document.html, "<strong>") == 1000);
    }
    SECTION("90 comments in a paragraph, raw HTML on") {
        const auto document = render_ok(times("text <!-- note --> ", 90), true);
        CHECK(occurrences(document.html, "<!-- note -->") == 90);
    }
    SECTION("long addresses and rules") {
        const auto document = render_ok("See https://web.archive.org/web/2020/https://www.nhs.uk/conditions/?a=b@c "
                                        "or write to help@example.org.\n\n" +
                                        std::string(80, '*') + "\n\n" + times("- ", 40) + "\n");
        CHECK(occurrences(document.html, "<a href") == 2);
        CHECK(occurrences(document.html, "<hr />") == 2);
    }
}

TEST_CASE("no page of the site or of the fixture sites trips the guard") {
    const std::filesystem::path root = HEALTHSITE_SOURCE_DIR;
    std::size_t checked = 0;
    for (const auto* folder : {"content", "tests/sites"}) {
        for (const auto& entry : std::filesystem::recursive_directory_iterator(root / folder)) {
            if (entry.path().extension() != ".md") continue;
            std::ifstream in(entry.path(), std::ios::binary);
            const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
            const auto finding = markdown::check_input(text);
            CAPTURE(entry.path().string());
            CHECK_FALSE(finding);
            ++checked;
        }
    }
    CHECK(checked > 10);
}
