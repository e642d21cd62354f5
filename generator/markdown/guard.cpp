#include "generator/markdown/guard.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "generator/support/cpu.hpp"

namespace healthsite::markdown {

namespace {

constexpr std::size_t npos = std::string_view::npos;

bool is_ascii_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_space_or_tab(char c) { return c == ' ' || c == '\t'; }

// What ends a web or e-mail address when cmark-gfm's autolinker scans one.
bool ends_word(char c) { return is_space_or_tab(c) || c == '\v' || c == '\f'; }

// The first and the last character of text that is not in set, or npos.
// Loops of their own: string_view's find_first_not_of() calls memchr for
// each character it passes, and the guard asks on every line.
[[gnu::always_inline]] inline std::size_t first_not_of(std::string_view text, std::string_view set) {
    for (std::size_t i = 0; i < text.size(); ++i)
        if (std::find(set.begin(), set.end(), text[i]) == set.end()) return i;
    return npos;
}

[[gnu::always_inline]] inline std::size_t last_not_of(std::string_view text, std::string_view set) {
    for (std::size_t i = text.size(); i-- > 0;)
        if (std::find(set.begin(), set.end(), text[i]) == set.end()) return i;
    return npos;
}

// Only spaces and tabs: cmark-gfm does not count '\v' or '\f' as blank.
bool is_blank(std::string_view line) { return first_not_of(line, " \t") == npos; }

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
    const std::size_t last = last_not_of(line, " \t");
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
    return first_not_of(text, "|-: \t\v\f") == npos && text.find('-') != npos;
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

// Where the web or e-mail address whose mark is at line[pos] starts, or
// npos: at an '@', at "://", or at the "www." (in any case) before a '.'.
std::size_t address_start(std::string_view line, std::size_t pos) {
    switch (line[pos]) {
        case '@': return pos;
        case ':': return line.compare(pos, 3, "://") == 0 ? pos : npos;
        case '.':
            if (pos < 3) return npos;
            for (std::size_t i = pos - 3; i < pos; ++i)
                if (line[i] != 'w' && line[i] != 'W') return npos;
            return pos - 3;
        default: return npos;
    }
}

// The most cells cmark-gfm can find in a row with that many '|': the pipes
// at its two ends are optional and close no cell.
std::size_t row_cells(std::string_view row, std::size_t pipes) {
    const std::size_t first = first_not_of(row, " \t");
    if (first == npos) return 0;
    const std::size_t last = last_not_of(row, " \t");
    return pipes + 1 - (row[first] == '|' ? 1 : 0) - (last != first && row[last] == '|' ? 1 : 0);
}

std::string limit_text(std::size_t limit) { return "; the limit is " + std::to_string(limit); }

// Bit i of each mask stands for byte i of a 64-byte chunk of the text.
struct ChunkMasks {
    std::uint64_t line_breaks = 0;  // '\n' and '\r'
    std::uint64_t pipes = 0;
    std::uint64_t marks = 0;  // what check_inlines() acts on: kInlineMarks
};

constexpr std::size_t kChunk = 64;

// An address's "www." is found at its '.', of which prose has fewer than 'w's.
constexpr std::string_view kInlineMarks = "*_~`[<@:.";

#if defined(__SSE2__)

std::uint64_t bits_of(__m128i bytes_matched, int part) {
    return static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(bytes_matched))) << (16 * part);
}

// Inlined, so that classify_text's x86-64-v3 copy has its own copy of it.
[[gnu::always_inline]] inline ChunkMasks classify(const char* bytes) {
    ChunkMasks masks;
    for (int part = 0; part < 4; ++part) {
        const __m128i raw = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + 16 * part));
        const auto is = [&](char c) { return _mm_cmpeq_epi8(raw, _mm_set1_epi8(c)); };
        __m128i marks = _mm_setzero_si128();
        for (const char c : kInlineMarks) marks = _mm_or_si128(marks, is(c));
        masks.line_breaks |= bits_of(_mm_or_si128(is('\n'), is('\r')), part);
        masks.pipes |= bits_of(is('|'), part);
        masks.marks |= bits_of(marks, part);
    }
    return masks;
}

#else

ChunkMasks classify(const char* bytes) {
    ChunkMasks masks;
    for (std::size_t i = 0; i < kChunk; ++i) {
        const std::uint64_t bit = std::uint64_t{1} << i;
        if (bytes[i] == '\n' || bytes[i] == '\r') masks.line_breaks |= bit;
        if (bytes[i] == '|') masks.pipes |= bit;
        if (kInlineMarks.find(bytes[i]) != npos) masks.marks |= bit;
    }
    return masks;
}

#endif

// The masks of each chunk of text, the last one padded with bytes of no kind.
HEALTHSITE_X86_64_V3_COPY std::vector<ChunkMasks> classify_text(std::string_view text) {
    std::vector<ChunkMasks> masks((text.size() + kChunk - 1) / kChunk);
    const std::size_t whole = text.size() / kChunk;
    for (std::size_t chunk = 0; chunk < whole; ++chunk) masks[chunk] = classify(text.data() + chunk * kChunk);
    if (const std::size_t left = text.size() - whole * kChunk; left > 0) {
        char padded[kChunk] = {};
        std::memcpy(padded, text.data() + whole * kChunk, left);
        masks[whole] = classify(padded);
    }
    return masks;
}

// Most lines have no '|': no popcount for them.
std::size_t bits_set(std::uint64_t bits) { return bits == 0 ? 0 : static_cast<std::size_t>(std::popcount(bits)); }

// Finds a text's line breaks, '|'s and inline marks by bit scans over masks
// made in one pass, where each line used to be read three times over: for
// its end, its '|'s and its marks. Most lines hold no '|' and few marks.
class ByteMasks {
public:
    explicit ByteMasks(std::string_view text) : masks_(classify_text(text)) {}

    // The first inline mark in [from, to), or to.
    [[nodiscard]] std::size_t next_mark(std::size_t from, std::size_t to) const {
        if (from >= to) return to;
        std::size_t chunk = from / kChunk;
        std::uint64_t marks = masks_[chunk].marks & (~std::uint64_t{0} << (from % kChunk));
        while (marks == 0) {
            if (++chunk * kChunk >= to) return to;
            marks = masks_[chunk].marks;
        }
        return std::min(to, chunk * kChunk + static_cast<std::size_t>(std::countr_zero(marks)));
    }

    // Where the line that starts at start ends (at the first line break, or
    // at the end of the text) and the '|'s it holds: one walk over the
    // chunks it spans.
    [[nodiscard]] std::pair<std::size_t, std::size_t> line_end_and_pipes(std::size_t start, std::size_t size) const {
        std::size_t chunk = start / kChunk;
        const std::uint64_t from_start = ~std::uint64_t{0} << (start % kChunk);
        std::uint64_t breaks = masks_[chunk].line_breaks & from_start;
        std::uint64_t pipes = masks_[chunk].pipes & from_start;
        std::size_t pipe_count = 0;
        while (breaks == 0) {
            pipe_count += bits_set(pipes);
            if (++chunk * kChunk >= size) return {size, pipe_count};
            breaks = masks_[chunk].line_breaks;
            pipes = masks_[chunk].pipes;
        }
        const int end = std::countr_zero(breaks);
        return {chunk * kChunk + static_cast<std::size_t>(end), pipe_count + bits_set(pipes & ((std::uint64_t{1} << end) - 1))};
    }

private:
    std::vector<ChunkMasks> masks_;
};

class Guard {
public:
    Guard(std::string_view text, const GuardLimits& limits) : text_(text), limits_(limits), masks_(text) {}

    // cmark-gfm ends a line at '\n', '\r' or "\r\n"; the guard must see the
    // same lines, or a text could hide a long paragraph behind lines it
    // thinks blank.
    std::optional<GuardFinding> run() {
        std::size_t start = 0;
        while (start < text_.size() && !finding_) {
            const auto [end, pipes] = masks_.line_end_and_pipes(start, text_.size());
            check_line(start, end, pipes);
            start = end + (ends_with_crlf(end) ? 2 : 1);
        }
        return std::move(finding_);
    }

private:
    // Whether the line that ends at end ends with "\r\n", one line break.
    [[nodiscard]] bool ends_with_crlf(std::size_t end) const {
        return end + 1 < text_.size() && text_[end] == '\r' && text_[end + 1] == '\n';
    }

    void check_line(std::size_t start, std::size_t end, std::size_t pipes);
    void check_nesting(std::string_view line, std::size_t start);
    void check_table(std::string_view line, std::size_t start, std::size_t pipes);
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
    ByteMasks masks_;
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

void Guard::check_line(std::size_t start, std::size_t end, std::size_t pipes) {
    const std::string_view line = text_.substr(start, end - start);
    if (is_blank(line)) {
        emphasis_marks_ = brackets_ = html_openings_ = paragraph_work_ = table_columns_ = 0;
        previous_blank_ = true;
        return;
    }
    check_nesting(line, start);
    if (!finding_) check_table(line, start, pipes);
    if (!finding_) check_inlines(line, start);
    previous_blank_ = false;
}

void Guard::check_nesting(std::string_view line, std::size_t start) {
    const std::size_t depth = line_nesting(line);
    if (depth <= limits_.max_nesting) return;
    fail(start + first_not_of(line, " \t"),
         "quotes and lists nest up to " + std::to_string(depth) + " deep on this line" + limit_text(limits_.max_nesting) +
             " (each '>' or list marker is a level, and so are each 2 columns of indentation before them)");
}

void Guard::check_table(std::string_view line, std::size_t start, std::size_t pipes) {
    if (pipes > limits_.max_pipes_per_line)
        return fail(start + line.find('|'), "a line with " + std::to_string(pipes) + " '|' characters" +
                                                limit_text(limits_.max_pipes_per_line));
    const std::size_t content = first_not_of(line, " \t>");
    // Any delimiter-like line under text may start a table, so count it as
    // one: a header row, then rows up to the next blank line.
    const std::string_view row = content == npos ? std::string_view() : line.substr(content);
    const std::size_t cells = row_cells(row, pipes);
    if (!row.empty() && !previous_blank_ && is_delimiter_row(row)) {
        start_table(row, start + content);
    } else if (table_columns_ > 0) {
        add_table_cells(std::max(table_columns_, cells), start);
    }
    paragraph_work_ += line.size() + pipes * pipes;
    previous_row_cells_ = cells;
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

bool has_word_end(std::string_view text) {
    for (const char c : text)
        if (ends_word(c)) return true;
    return false;
}

void Guard::check_inlines(std::string_view line, std::size_t start) {
    std::size_t address_starts = 0;  // in the word of the last one
    std::size_t last_address = 0;   // where the last one started
    const std::size_t end = start + line.size();
    for (std::size_t at = masks_.next_mark(start, end); at < end && !finding_; at = masks_.next_mark(at, end)) {
        const std::size_t pos = at - start;
        const char c = line[pos];
        if (is_emphasis_mark(c) || c == '`') {
            at = start + check_run(line, pos, start);
            continue;
        }
        if (c == '[') {
            count_in_paragraph(brackets_, limits_.max_brackets, at, "'[' brackets");
        } else if (c == '<') {
            if (pos + 1 < line.size() && (line[pos + 1] == '!' || line[pos + 1] == '?'))
                count_in_paragraph(html_openings_, limits_.max_html_openings, at, "'<!' or '<?' openings");
        } else if (const std::size_t address = address_start(line, pos); address != npos) {
            // A space or tab since the last address start ends its word.
            if (address_starts > 0 && has_word_end(line.substr(last_address, address - last_address))) address_starts = 0;
            last_address = address;
            if (++address_starts > limits_.max_address_starts)
                fail(start + address, "a word here runs more than " + std::to_string(limits_.max_address_starts) +
                                          " web or e-mail address starts ('www.', '@', '://') together" +
                                          limit_text(limits_.max_address_starts));
        }
        ++at;
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
