#include "generator/support/text.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

namespace healthsite::support {

static bool is_ascii_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

namespace {

// The Latin letters with accents (U+00C0 to U+017F) as the ASCII letters
// they are written with when accents are dropped: "Ménière" -> "meniere".
struct LatinRun {
    char32_t first;
    char32_t last;
    std::string_view ascii;  // lowercase
};
constexpr LatinRun kLatinRuns[] = {
    {0xC0, 0xC5, "a"},   {0xC6, 0xC6, "ae"},  {0xC7, 0xC7, "c"},   {0xC8, 0xCB, "e"},   {0xCC, 0xCF, "i"},
    {0xD0, 0xD0, "d"},   {0xD1, 0xD1, "n"},   {0xD2, 0xD6, "o"},   {0xD8, 0xD8, "o"},   {0xD9, 0xDC, "u"},
    {0xDD, 0xDD, "y"},   {0xDE, 0xDE, "th"},  {0xDF, 0xDF, "ss"},  {0xE0, 0xE5, "a"},   {0xE6, 0xE6, "ae"},
    {0xE7, 0xE7, "c"},   {0xE8, 0xEB, "e"},   {0xEC, 0xEF, "i"},   {0xF0, 0xF0, "d"},   {0xF1, 0xF1, "n"},
    {0xF2, 0xF6, "o"},   {0xF8, 0xF8, "o"},   {0xF9, 0xFC, "u"},   {0xFD, 0xFD, "y"},   {0xFE, 0xFE, "th"},
    {0xFF, 0xFF, "y"},   {0x100, 0x105, "a"}, {0x106, 0x10D, "c"}, {0x10E, 0x111, "d"}, {0x112, 0x11B, "e"},
    {0x11C, 0x123, "g"}, {0x124, 0x127, "h"}, {0x128, 0x131, "i"}, {0x132, 0x133, "ij"}, {0x134, 0x135, "j"},
    {0x136, 0x138, "k"}, {0x139, 0x142, "l"}, {0x143, 0x14B, "n"}, {0x14C, 0x151, "o"}, {0x152, 0x153, "oe"},
    {0x154, 0x159, "r"}, {0x15A, 0x161, "s"}, {0x162, 0x167, "t"}, {0x168, 0x173, "u"}, {0x174, 0x175, "w"},
    {0x176, 0x178, "y"}, {0x179, 0x17E, "z"}, {0x17F, 0x17F, "s"},
};

std::string_view latin_letter(char32_t code_point) {
    for (const auto& run : kLatinRuns)
        if (code_point >= run.first && code_point <= run.last) return run.ascii;
    return {};
}

// The code point of a two-byte UTF-8 sequence at text[i] (all of U+0080 to
// U+07FF, which holds every letter above), or 0.
char32_t two_byte_code_point(std::string_view text, std::size_t i) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0xC2 || lead > 0xDF || i + 1 >= text.size()) return 0;
    const auto next = static_cast<unsigned char>(text[i + 1]);
    if ((next & 0xC0) != 0x80) return 0;
    return static_cast<char32_t>(((lead & 0x1F) << 6) | (next & 0x3F));
}

}  // namespace

std::string slugify(std::string_view text) {
    std::string out;
    bool pending_hyphen = false;
    auto add = [&](std::string_view letters) {
        if (pending_hyphen) out += '-';
        pending_hyphen = false;
        out += letters;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (is_ascii_alnum(c)) {
            const char lower = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
            add(std::string_view(&lower, 1));
            continue;
        }
        if (const auto letters = latin_letter(two_byte_code_point(text, i)); !letters.empty()) {
            add(letters);
            ++i;  // the sequence's second byte
            continue;
        }
        pending_hyphen = !out.empty();
    }
    return out;
}

namespace {

std::size_t edits_between(std::string_view a, std::string_view b) {
    const auto lower = [](char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c); };
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t change = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + change});
            if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1]))
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.size()][b.size()];
}

}  // namespace

std::string closest_match(std::string_view word, const std::vector<std::string>& candidates, std::size_t max_edits) {
    constexpr std::size_t kLongest = 200;  // beyond that it is no slip of the keyboard, and the table stays small
    std::string best;
    if (word.size() > kLongest) return best;
    std::size_t best_edits = max_edits + 1;
    for (const auto& candidate : candidates) {
        // Lengths further apart than the edits allowed cannot come closer.
        const std::size_t gap =
            candidate.size() > word.size() ? candidate.size() - word.size() : word.size() - candidate.size();
        if (gap >= best_edits || candidate.size() > kLongest) continue;
        if (const std::size_t edits = edits_between(word, candidate); edits < best_edits) {
            best_edits = edits;
            best = candidate;
        }
    }
    return best;
}

std::string to_lower_ascii(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// Every white-space byte is at most ' ', so most bytes are ruled out by one
// comparison.
static bool is_space(char c) {
    if (static_cast<unsigned char>(c) > ' ') return false;
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    return text;
}

std::string collapse_whitespace(std::string_view text) {
    text = trim(text);
    std::string out;
    out.reserve(text.size());
    // Whole words are appended at once: this runs over the text of every page.
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t start = i;
        while (i < text.size() && !is_space(text[i])) ++i;
        out.append(text, start, i - start);
        if (i == text.size()) break;
        while (is_space(text[i])) ++i;  // trimmed: a word follows
        out += ' ';
    }
    return out;
}

std::string escape_html(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

// Length of the UTF-8 sequence starting at text[i], or 0 if it is malformed
// (bad lead byte, missing continuation, overlong form, surrogate, > U+10FFFF).
static std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    if (lead < 0x80) return 1;
    std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0;
    if (length == 0 || lead > 0xF4 || i + length > text.size()) return 0;
    for (std::size_t k = 1; k < length; ++k)
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
    const unsigned char second = byte(i + 1);
    if (lead == 0xE0 && second < 0xA0) return 0;  // overlong
    if (lead == 0xED && second >= 0xA0) return 0;  // surrogate
    if (lead == 0xF0 && second < 0x90) return 0;  // overlong
    if (lead == 0xF4 && second >= 0x90) return 0;  // above U+10FFFF
    return length;
}

std::optional<std::size_t> find_invalid_utf8(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        // Eight ASCII bytes at a time: most of a page is plain ASCII.
        std::uint64_t chunk = 0;
        if (i + sizeof chunk <= text.size()) {
            std::memcpy(&chunk, text.data() + i, sizeof chunk);
            if ((chunk & 0x8080808080808080ULL) == 0) {
                i += sizeof chunk;
                continue;
            }
        }
        const std::size_t length = utf8_sequence_length(text, i);
        if (length == 0) return i;
        i += length;
    }
    return std::nullopt;
}

}  // namespace healthsite::support
