#include "generator/markdown/guard.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace healthsite::markdown {

namespace {

constexpr std::size_t npos = std::string_view::npos;

bool is_ascii_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_space_or_tab(char c) { return c == ' ' || c == '\t'; }

// What ends a web or e-mail address when cmark-gfm's autolinker scans one.
bool ends_word(char c) { return is_space_or_tab(c) || c == '\v' || c == '\f'; }

// Only spaces and tabs: cmark-gfm does not count '\v' or '\f' as blank.
bool is_blank(std::string_view line) { return line.find_first_not_of(" \t") == npos; }

bool is_emphasis_mark(char c) { return c == '*' || c == '_' || c == '~'; }

// A list marker is followed by a space, a tab or the end of the line.
bool marker_ends_at(std::string_view line, std::size_t pos) { return pos >= line.size() || is_space_or_tab(line[pos]); }

bool is_bullet_marker(std::string_view line, std::size_t pos) {
    const char c = line[pos];
    return (c == '-' || c == '+' || c == '*') && marker_ends_at(line, pos + 1);
}

// Length of an ordered list marker ("12." or "3)") at line[from], or 0.
std::size_t ordered_marker_length(std::string_view line, std::size_t from) {
    std::size_t end = from;
    while (end < line.size() && end - from < 9 && line[end] >= '0' && line[end] <= '9') ++end;
    if (end == from || end >= line.size() || (line[end] != '.' && line[end] != ')')) return 0;
    return marker_ends_at(line, end + 1) ? end + 1 - from : 0;
}

// Where the thematic break that ends the line starts ("- - -", "***"), or
// npos. A '-' or '*' found there is a rule, not one more list marker.
std::size_t thematic_break_start(std::string_view line) {
    const std::size_t last = line.find_last_not_of(" \t");
    if (last == npos || (line[last] != '-' && line[last] != '*' && line[last] != '_')) return npos;
    const char mark = line[last];
    std::size_t marks = 0;
    std::size_t start = npos;
    for (std::size_t i = last + 1; i-- > 0;) {
        if (line[i] == mark) {
            ++marks;
            start = i;
        } else if (!is_space_or_tab(line[i])) {
            break;
        }
    }
    return marks >= 3 ? start : npos;
}

// An upper bound of the quotes and list items open on a line: every '>' and
// list marker at its start opens or continues one, and an outer list item is
// continued only by at least two columns of indentation before the markers
// (a tab counted as four). Spaces after a list marker only place its text.
// 0 when the line starts with no marker: it cannot open anything.
std::size_t line_nesting(std::string_view line) {
    const std::size_t rule = thematic_break_start(line);
    std::size_t markers = 0;
    std::size_t columns = 0;
    bool after_list_marker = false;
    for (std::size_t pos = 0; pos < line.size();) {
        const char c = line[pos];
        if (is_space_or_tab(c)) {
            if (!after_list_marker) columns += c == '\t' ? 4 : 1;
            ++pos;
        } else if (c == '>') {
            ++markers;
            after_list_marker = false;
            pos += pos + 1 < line.size() && line[pos + 1] == ' ' ? 2 : 1;
        } else if (pos != rule && is_bullet_marker(line, pos)) {
            ++markers;
            after_list_marker = true;
            ++pos;
        } else if (const std::size_t length = ordered_marker_length(line, pos)) {
            ++markers;
            after_list_marker = true;
            pos += length;
        } else {
            break;
        }
    }
    return markers == 0 ? 0 : markers + columns / 2;
}

// A table's delimiter row ("|---|:-:|") with its text before it: only pipes,
// dashes, colons and white space, and at least one dash.
bool is_delimiter_row(std::string_view text) {
    // The character test first: on a line of prose it stops at the first letter.
    return text.find_first_not_of("|-: \t\v\f") == npos && text.find('-') != npos;
}

std::size_t delimiter_columns(std::string_view row) {
    std::size_t columns = 0;
    bool dash_in_cell = false;
    for (const char c : row) {
        if (c == '|') {
            columns += dash_in_cell ? 1 : 0;
            dash_in_cell = false;
        } else if (c == '-') {
            dash_in_cell = true;
        }
    }
    return columns + (dash_in_cell ? 1 : 0);
}

bool starts_address(std::string_view line, std::size_t pos) {
    if (line[pos] == '@') return true;
    if (line.compare(pos, 3, "://") == 0) return true;
    if (pos + 4 > line.size() || line[pos + 3] != '.') return false;
    for (std::size_t i = pos; i < pos + 3; ++i)
        if (line[i] != 'w' && line[i] != 'W') return false;
    return true;
}

// By memchr, which skips a line without c in one call: most lines.
std::size_t count_of(char c, std::string_view text) {
    std::size_t count = 0;
    const char* end = text.data() + text.size();
    for (const char* at = text.data(); (at = static_cast<const char*>(std::memchr(at, c, static_cast<std::size_t>(end - at))));
         ++at)
        ++count;
    return count;
}

// The most cells cmark-gfm can find in a row with that many '|': the pipes
// at its two ends are optional and close no cell.
std::size_t row_cells(std::string_view row, std::size_t pipes) {
    const std::size_t first = row.find_first_not_of(" \t");
    if (first == npos) return 0;
    const std::size_t last = row.find_last_not_of(" \t");
    return pipes + 1 - (row[first] == '|' ? 1 : 0) - (last != first && row[last] == '|' ? 1 : 0);
}

std::string limit_text(std::size_t limit) { return "; the limit is " + std::to_string(limit); }

class Guard {
public:
    Guard(std::string_view text, const GuardLimits& limits) : text_(text), limits_(limits) {}

    std::optional<GuardFinding> run() {
        std::size_t start = 0;
        while (start < text_.size() && !finding_) {
            const std::size_t end = line_end(start);
            check_line(start, end);
            start = end + (text_.compare(end, 2, "\r\n") == 0 ? 2 : 1);
        }
        return std::move(finding_);
    }

private:
    // Where the line that starts at start ends: the first '\n' or '\r'.
    // cmark-gfm ends a line at '\n', '\r' or "\r\n"; the guard must see the
    // same lines, or a text could hide a long paragraph behind lines it
    // thinks blank. Two memchr scans, as text holds few '\r' if any.
    [[nodiscard]] std::size_t line_end(std::size_t start) const {
        const char* begin = text_.data() + start;
        const std::size_t left = text_.size() - start;
        const void* newline = std::memchr(begin, '\n', left);
        const std::size_t line = newline ? static_cast<std::size_t>(static_cast<const char*>(newline) - begin) : left;
        const void* carriage_return = std::memchr(begin, '\r', line);
        if (!carriage_return) return start + line;
        return start + static_cast<std::size_t>(static_cast<const char*>(carriage_return) - begin);
    }

    void check_line(std::size_t start, std::size_t end);
    void check_nesting(std::string_view line, std::size_t start);
    void check_table(std::string_view line, std::size_t start);
    void start_table(std::string_view row, std::size_t offset);
    void add_table_cells(std::size_t cells, std::size_t offset);
    void check_inlines(std::string_view line, std::size_t start);
    std::size_t check_run(std::string_view line, std::size_t pos, std::size_t start);
    void count_in_paragraph(std::size_t& count, std::size_t limit, std::size_t offset, const char* what);

    void fail(std::size_t offset, std::string message) {
        if (!finding_) finding_ = GuardFinding{offset, std::move(message)};
    }

    std::string_view text_;
    const GuardLimits& limits_;
    std::optional<GuardFinding> finding_;
    bool previous_blank_ = true;
    // Counts since the last blank line: no paragraph reaches across one.
    std::size_t emphasis_marks_ = 0;
    std::size_t brackets_ = 0;
    std::size_t html_openings_ = 0;
    std::size_t paragraph_work_ = 0;  // what a table header check reads of the paragraph so far
    std::size_t previous_row_cells_ = 0;
    std::size_t table_columns_ = 0;  // of the table the line may belong to; 0 outside tables
    std::size_t table_cells_ = 0;    // in all tables so far
    std::size_t table_rereads_ = 0;  // in all header checks so far
};

void Guard::check_line(std::size_t start, std::size_t end) {
    const std::string_view line = text_.substr(start, end - start);
    if (is_blank(line)) {
        emphasis_marks_ = brackets_ = html_openings_ = paragraph_work_ = table_columns_ = 0;
        previous_blank_ = true;
        return;
    }
    check_nesting(line, start);
    if (!finding_) check_table(line, start);
    if (!finding_) check_inlines(line, start);
    previous_blank_ = false;
}

void Guard::check_nesting(std::string_view line, std::size_t start) {
    const std::size_t depth = line_nesting(line);
    if (depth <= limits_.max_nesting) return;
    fail(start + line.find_first_not_of(" \t"),
         "quotes and lists nest up to " + std::to_string(depth) + " deep on this line" + limit_text(limits_.max_nesting) +
             " (each '>' or list marker is a level, and so are each 2 columns of indentation before them)");
}

void Guard::check_table(std::string_view line, std::size_t start) {
    const std::size_t pipes = count_of('|', line);
    if (pipes > limits_.max_pipes_per_line)
        return fail(start + line.find('|'), "a line with " + std::to_string(pipes) + " '|' characters" +
                                                limit_text(limits_.max_pipes_per_line));
    const std::size_t content = line.find_first_not_of(" \t>");
    // Any delimiter-like line under text may start a table, so count it as
    // one: a header row, then rows up to the next blank line.
    const std::string_view row = content == npos ? std::string_view() : line.substr(content);
    if (!row.empty() && !previous_blank_ && is_delimiter_row(row)) {
        start_table(row, start + content);
    } else if (table_columns_ > 0) {
        add_table_cells(std::max(table_columns_, row_cells(row, pipes)), start);
    }
    paragraph_work_ += line.size() + pipes * pipes;
    previous_row_cells_ = row_cells(row, pipes);
}

void Guard::start_table(std::string_view row, std::size_t offset) {
    const std::size_t columns = delimiter_columns(row);
    if (columns > limits_.max_table_columns)
        return fail(offset, "table has " + std::to_string(columns) + " columns" + limit_text(limits_.max_table_columns));
    table_rereads_ += paragraph_work_;
    if (table_rereads_ > limits_.max_table_rereads)
        return fail(offset, "lines like '|---|' under long text have it read again as a table header, more than " +
                                std::to_string(limits_.max_table_rereads) + " bytes in all" +
                                limit_text(limits_.max_table_rereads));
    table_columns_ = columns;
    add_table_cells(std::max(columns, previous_row_cells_), offset);
}

void Guard::add_table_cells(std::size_t cells, std::size_t offset) {
    table_cells_ += cells;
    if (table_cells_ > limits_.max_table_cells)
        fail(offset, "the tables on this page have more than " + std::to_string(limits_.max_table_cells) +
                         " cells (a short row counts as wide as its table)" + limit_text(limits_.max_table_cells));
}

// The characters check_inlines() acts on; most text has none of them, and
// skipping the rest quickly matters on a site of thousands of pages. Spaces
// are not among them: check_inlines looks for a word's end only when a
// second address starts.
constexpr std::array<bool, 256> inline_marks() {
    std::array<bool, 256> marks{};
    for (const unsigned char c : std::string_view("*_~`[<@:wW")) marks[c] = true;
    return marks;
}

// Where the next character check_inlines() acts on is, from pos: size when
// none is left. Sixteen bytes are compared at a time where the processor
// can, as prose holds such a character only every few dozen bytes.
std::size_t next_inline_mark(std::string_view line, std::size_t pos) {
    static constexpr auto kMarks = inline_marks();
    const std::size_t size = line.size();
#if defined(__SSE2__)
    for (; pos + 16 <= size; pos += 16) {
        const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(line.data() + pos));
        const auto is = [&](char c) { return _mm_cmpeq_epi8(chunk, _mm_set1_epi8(c)); };
        // 'w' and 'W' differ only in the bit 0x20, which no other byte adds to make 'w'.
        const __m128i w = _mm_cmpeq_epi8(_mm_or_si128(chunk, _mm_set1_epi8(0x20)), _mm_set1_epi8('w'));
        const __m128i marks = _mm_or_si128(
            _mm_or_si128(_mm_or_si128(is('*'), is('_')), _mm_or_si128(is('~'), is('`'))),
            _mm_or_si128(_mm_or_si128(is('['), is('<')), _mm_or_si128(_mm_or_si128(is('@'), is(':')), w)));
        if (const int found = _mm_movemask_epi8(marks)) return pos + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(found)));
    }
#endif
    while (pos < size && !kMarks[static_cast<unsigned char>(line[pos])]) ++pos;
    return pos;
}

bool has_word_end(std::string_view text) {
    for (const char c : text)
        if (ends_word(c)) return true;
    return false;
}

void Guard::check_inlines(std::string_view line, std::size_t start) {
    std::size_t address_starts = 0;  // in the word of the last one
    std::size_t last_address = 0;   // where the last one started
    const std::size_t size = line.size();
    for (std::size_t pos = 0; pos < size && !finding_;) {
        pos = next_inline_mark(line, pos);
        if (pos == size) break;
        const char c = line[pos];
        if (is_emphasis_mark(c) || c == '`') {
            pos = check_run(line, pos, start);
            continue;
        }
        if (c == '[') {
            count_in_paragraph(brackets_, limits_.max_brackets, start + pos, "'[' brackets");
        } else if (c == '<') {
            if (pos + 1 < size && (line[pos + 1] == '!' || line[pos + 1] == '?'))
                count_in_paragraph(html_openings_, limits_.max_html_openings, start + pos, "'<!' or '<?' openings");
        } else if (starts_address(line, pos)) {
            // A space or tab since the last address start ends its word.
            if (address_starts > 0 && has_word_end(line.substr(last_address, pos - last_address))) address_starts = 0;
            last_address = pos;
            if (++address_starts > limits_.max_address_starts)
                fail(start + pos, "a word here runs more than " + std::to_string(limits_.max_address_starts) +
                                      " web or e-mail address starts ('www.', '@', '://') together" +
                                      limit_text(limits_.max_address_starts));
        }
        ++pos;
    }
}

// Checks the run of one character that starts at line[pos]; returns where
// it ends.
std::size_t Guard::check_run(std::string_view line, std::size_t pos, std::size_t start) {
    const char c = line[pos];
    std::size_t end = pos;
    while (end < line.size() && line[end] == c) ++end;
    const std::size_t length = end - pos;
    if (length > limits_.max_delimiter_run) {
        fail(start + pos, "a run of " + std::to_string(length) + " '" + std::string(1, c) + "' characters" +
                              limit_text(limits_.max_delimiter_run));
        return end;
    }
    // Underscores between two letters or digits (snake_case) can neither
    // open nor close emphasis, so cmark-gfm does not keep them.
    const bool inside_word = c == '_' && pos > 0 && is_ascii_alnum(line[pos - 1]) && end < line.size() &&
                             is_ascii_alnum(line[end]);
    if (is_emphasis_mark(c) && !inside_word) {
        emphasis_marks_ += length;
        if (emphasis_marks_ > limits_.max_emphasis_marks)
            fail(start + pos, "more than " + std::to_string(limits_.max_emphasis_marks) +
                                  " '*', '_' and '~' between two blank lines" +
                                  limit_text(limits_.max_emphasis_marks));
    }
    return end;
}

void Guard::count_in_paragraph(std::size_t& count, std::size_t limit, std::size_t offset, const char* what) {
    if (++count > limit)
        fail(offset, "more than " + std::to_string(limit) + " " + what + " between two blank lines" + limit_text(limit));
}

}  // namespace

std::optional<GuardFinding> check_input(std::string_view markdown, const GuardLimits& limits) {
    return Guard(markdown, limits).run();
}

}  // namespace healthsite::markdown
