#pragma once
// A check of a page's Markdown, before cmark-gfm sees it, for the shapes that
// make cmark-gfm 0.29.0.gfm.6 (the Debian 12 package, which lacks the fixes
// for CVE-2023-22483, -22484, -22486, -24824, -26485 and -37463) take
// quadratic time or more, or that nest the tree deeper than the renderer's
// walk can safely recurse.
//
// Linear in the length of the text. Every count is an upper bound of what
// cmark-gfm would build from the text (a construct inside a code block is
// counted as if it were not), so a text that passes cannot reach the slow
// paths; ordinary writing stays far below every limit.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace healthsite::markdown {

struct GuardLimits {
    // Quotes and list items open on one line, counting the indentation that
    // keeps outer list items open (two columns a level).
    std::size_t max_nesting = 32;
    // One unbroken run of the same '*', '_', '~' or '`'.
    std::size_t max_delimiter_run = 1000;
    // '*', '_' and '~' characters in one paragraph (text between blank lines).
    std::size_t max_emphasis_marks = 5000;
    // '[' in one paragraph: links, images and footnote references.
    std::size_t max_brackets = 1000;
    // "<!" and "<?" in one paragraph: comments, declarations, CDATA.
    std::size_t max_html_openings = 100;
    // "www.", "@" and "://" in one word (text between spaces).
    std::size_t max_address_starts = 50;
    std::size_t max_table_columns = 100;
    // Cells of all tables on the page together: a short row counts as wide
    // as its table (cmark-gfm fills it up), a long one as wide as it is.
    std::size_t max_table_cells = 50000;
    // '|' on one line: cmark-gfm takes time quadratic in the cells of a row.
    std::size_t max_pipes_per_line = 200;
    // Each line like "|---|" under text makes cmark-gfm read that whole
    // paragraph again as a possible table header: the sum over such lines of
    // what they make it read (bytes, plus the square of each line's '|'s).
    std::size_t max_table_rereads = 2'000'000;
};

struct GuardFinding {
    std::size_t offset = 0;  // byte offset of the problem in the text checked
    std::string message;     // for writers: what, how much, and the limit
};

// The first problem in markdown, or nullopt when the text is safe to parse.
[[nodiscard]] std::optional<GuardFinding> check_input(std::string_view markdown, const GuardLimits& limits = {});

}  // namespace healthsite::markdown
