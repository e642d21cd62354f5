#pragma once
// Markdown to HTML through cmark-gfm, with heading ids, a table of contents,
// links and their positions, urgent-help callouts and reading counts. The only
// place that includes cmark-gfm.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "generator/readability/readability.hpp"
#include "generator/support/diagnostics.hpp"

namespace healthsite::markdown {

struct Heading {
    int level = 2;
    std::string text;  // plain text, without an explicit {#id}
    std::string id;
    support::Position position;
};

// A link or image whose destination the site must resolve: anything without
// a scheme ("faq.md#x", "#x", "/causes/", "img/a.png"). External links are
// left as written and do not appear here.
struct Link {
    std::string destination;
    bool is_image = false;
    support::Position position;
};

// A blockquote that starts with [!URGENT] (or NOTE, TIP, IMPORTANT, WARNING,
// CAUTION), rendered as an aside.
struct Callout {
    std::string kind;  // lowercase: "urgent"
    std::string html;  // the whole aside
    support::Position position;
};

// The body cut at its level-2 headings (an FAQ: each heading a question).
struct Section {
    Heading heading;
    std::string html;  // what follows the heading, up to the next one
    std::string text;  // the same as plain text
};

struct Options {
    std::string path;      // for diagnostics
    int first_line = 1;    // line of the body's first character in its file
    bool raw_html = false;
    bool split_sections = false;
    // has_autolink_candidates() of the text, when the caller has asked it
    // already; otherwise render() asks.
    std::optional<bool> autolink_candidates;
};

// Whether the text may hold an address that cmark-gfm's autolink extension
// turns into a link ("www.", "://" or '@'). Only such text is parsed with the
// extension, and such parses wait while others run without it (see
// parse.cpp): a build renders these pages after the rest.
[[nodiscard]] bool has_autolink_candidates(std::string_view markdown);

struct Document {
    // Internal links are placeholders until fill_links() puts their URLs in.
    std::string html;
    std::vector<Heading> headings;
    std::vector<Link> links;
    std::vector<Callout> callouts;
    std::string intro_html;  // before the first level-2 heading (split_sections)
    std::vector<Section> sections;
    readability::Counts counts;
    std::string text;  // the rendered text, blocks separated by newlines; the first 2,000 or so characters
};

[[nodiscard]] Document render(std::string_view markdown, const Options& options, support::Diagnostics& diagnostics);

// The Markdown library's name and version, as loaded: an upgraded library may
// render the same page differently, so the build state records it.
[[nodiscard]] std::string library_version();

// Replaces each link placeholder i in html with hrefs[i] (already escaped for
// an HTML attribute by the caller's choice of characters).
[[nodiscard]] std::string fill_links(std::string_view html, const std::vector<std::string>& hrefs);

}  // namespace healthsite::markdown
