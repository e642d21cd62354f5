#include "generator/support/text.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

struct Decoded {
    char32_t code_point = 0;  // 0 for bytes that are not valid UTF-8
    std::size_t length = 1;
};

// Length of the UTF-8 sequence starting at text[i], or 0 if it is malformed
// (bad lead byte, missing continuation, overlong form, surrogate, > U+10FFFF).
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
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

// The character whose UTF-8 sequence starts at text[i].
Decoded decode_at(std::string_view text, std::size_t i) {
    const std::size_t length = utf8_sequence_length(text, i);
    if (length < 2) return {};  // ASCII, which callers take on their own, or malformed
    char32_t code_point = static_cast<unsigned char>(text[i]) & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k)
        code_point = (code_point << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    return {code_point, length};
}

// Part of the letter before rather than a break between words: combining
// accents (as in a decomposed "é"), the zero-width joiners some scripts
// write inside words, and a stray byte order mark.
bool is_part_of_letter(char32_t c) {
    return (c >= 0x300 && c <= 0x36F) || (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF;
}

// Letters of scripts other than Latin (Greek, Cyrillic, Arabic, Hebrew,
// Devanagari, Chinese...) are kept in ids, as GitHub and Hugo keep them;
// punctuation, symbols and emoji of those ranges separate words.
bool is_other_script_letter(char32_t c) {
    if (c < 0x370) return false;  // Latin, and the signs and accents beside it
    const bool separator = (c >= 0x2000 && c <= 0x2BFF) ||    // punctuation, arrows, maths, shapes
                           (c >= 0x3000 && c <= 0x303F) ||    // CJK punctuation
                           (c >= 0xFE00 && c <= 0xFE0F) ||    // variation selectors
                           (c >= 0xFE30 && c <= 0xFE6F) ||    // CJK and small forms of punctuation
                           (c >= 0xFF00 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) ||
                           (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65) ||  // full-width punctuation
                           (c >= 0xE000 && c <= 0xF8FF) ||    // private use
                           (c >= 0xFFF0 && c <= 0xFFFF) ||    // specials, such as the replacement character
                           (c >= 0x1F000 && c <= 0x1FAFF) ||  // emoji and pictographs
                           c >= 0xE0000;                      // tags and private use
    return !separator;
}

// Lowercase for the scripts with capitals most used after Latin: Greek,
// Cyrillic and Armenian. Other scripts have no case.
char32_t to_lower_other_script(char32_t c) {
    if ((c >= 0x391 && c <= 0x3A9 && c != 0x3A2) || (c >= 0x410 && c <= 0x42F)) return c + 0x20;
    if (c == 0x386) return 0x3AC;
    if (c >= 0x388 && c <= 0x38A) return c + 0x25;
    if (c == 0x38C) return 0x3CC;
    if (c == 0x38E || c == 0x38F) return c + 0x3F;
    if (c >= 0x400 && c <= 0x40F) return c + 0x50;
    if (((c >= 0x460 && c <= 0x481) || (c >= 0x48A && c <= 0x4BF) || (c >= 0x4D0 && c <= 0x52F)) && c % 2 == 0)
        return c + 1;
    if (c >= 0x531 && c <= 0x556) return c + 0x30;
    return c;
}

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    }
    out += static_cast<char>(0x80 | (c & 0x3F));
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
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (is_ascii_alnum(c)) {  // most of a heading: one byte each, no lambda
            if (pending_hyphen) out += '-';
            pending_hyphen = false;
            out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
            continue;
        }
        if (static_cast<unsigned char>(c) < 0x80) {  // ASCII other than letters and digits: a break
            pending_hyphen = !out.empty();
            continue;
        }
        const Decoded decoded = decode_at(text, i);
        if (const auto letters = latin_letter(decoded.code_point); !letters.empty()) {
            add(letters);
        } else if (is_other_script_letter(decoded.code_point)) {
            std::string letter;
            append_utf8(letter, to_lower_other_script(decoded.code_point));
            add(letter);
        } else if (!is_part_of_letter(decoded.code_point)) {
            pending_hyphen = !out.empty();
        }
        i += decoded.length - 1;  // the sequence's other bytes
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

// How many of eight bytes, in memory order, come before the first at or
// below ' ' (0x20): 8 if none. The flag of the first such byte is exact;
// only flags above it may be wrong, from the borrow it starts.
static std::size_t bytes_before_space(std::uint64_t eight) {
    if constexpr (std::endian::native == std::endian::big) eight = __builtin_bswap64(eight);
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
    constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
    const std::uint64_t flags = (eight - 0x21 * kOnes) & ~eight & kHigh;
    return flags == 0 ? 8 : static_cast<std::size_t>(__builtin_ctzll(flags)) / 8;
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

#if defined(__SSE2__)
// Whether the sixteen bytes at from stay as they are when white space is
// collapsed, as most of a paragraph's do: what white space they hold is
// single spaces, and the first byte is no space if the byte before was
// one. Sets in_space to whether the last byte is a space.
static bool stays_collapsed(const char* from, bool& in_space) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(from));
    const __m128i space = _mm_set1_epi8(' ');
    // Every white-space byte is at most ' ': the bytes there must all be spaces.
    const auto at_most_space = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(bytes, space), bytes)));
    const auto spaces = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, space)));
    const unsigned after_space = (spaces << 1) | (in_space ? 1U : 0U);
    if (at_most_space != spaces || (spaces & after_space) != 0) return false;
    in_space = (spaces >> 15) != 0;
    return true;
}
#endif

void append_collapsed_whitespace(std::string& out, std::string_view text) {
    text = trim(text);
    // Written straight into room made up front: this runs over the text of
    // every page, and appending word by word cost more than the copying.
    const std::size_t before = out.size();
    out.resize(before + text.size());
    char* to = out.data() + before;
    bool in_space = false;
    for (std::size_t i = 0; i < text.size();) {
#if defined(__SSE2__)
        if (i + 16 <= text.size() && stays_collapsed(text.data() + i, in_space)) {
            std::memcpy(to, text.data() + i, 16);
            to += 16;
            i += 16;
            continue;
        }
#endif
        // Copies eight bytes at a time up to the first at or below ' ',
        // where every whitespace character is: most of a text is words. The
        // room made up front is never passed: the output is not longer than
        // what has been read.
        if (i + 8 <= text.size()) {
            std::uint64_t eight = 0;
            std::memcpy(&eight, text.data() + i, 8);
            std::memcpy(to, &eight, 8);
            const std::size_t run = bytes_before_space(eight);
            to += run;
            i += run;
            if (run > 0) in_space = false;
            if (run == 8) continue;
        }
        const char c = text[i++];
        if (is_space(c)) {
            if (!in_space) *to++ = ' ';
            in_space = true;
        } else {
            *to++ = c;
            in_space = false;
        }
    }
    out.resize(static_cast<std::size_t>(to - out.data()));
}

std::string collapse_whitespace(std::string_view text) {
    std::string out;
    append_collapsed_whitespace(out, text);
    return out;
}

static bool is_html_special(char c) { return c == '&' || c == '<' || c == '>' || c == '"' || c == '\''; }

// Sixteen bytes at a time: escaped text is mostly letters and spaces.
std::size_t find_html_special(std::string_view text, std::size_t from) {
    std::size_t at = from;
#if defined(__SSE2__)
    for (; at + 16 <= text.size(); at += 16) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + at));
        __m128i special = _mm_cmpeq_epi8(bytes, _mm_set1_epi8('&'));
        for (const char c : {'<', '>', '"', '\''}) special = _mm_or_si128(special, _mm_cmpeq_epi8(bytes, _mm_set1_epi8(c)));
        if (const int mask = _mm_movemask_epi8(special)) return at + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    }
#endif
    while (at < text.size() && !is_html_special(text[at])) ++at;
    return at;
}

std::string escape_html(std::string_view text, std::string_view apostrophe) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    append_escaped_html(out, text, apostrophe);
    return out;
}

void append_escaped_html(std::string& out, std::string_view text, std::string_view apostrophe) {
    for (std::size_t from = 0; from < text.size();) {
        const std::size_t at = find_html_special(text, from);
        out.append(text, from, at - from);
        if (at == text.size()) break;
        switch (text[at]) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += apostrophe;
        }
        from = at + 1;
    }
}

static bool is_c1_control_at(std::string_view text, std::size_t at) {
    return static_cast<unsigned char>(text[at]) == 0xC2 && at + 1 < text.size() &&
           static_cast<unsigned char>(text[at + 1]) >= 0x80 && static_cast<unsigned char>(text[at + 1]) <= 0x9F;
}

static bool is_control_at(std::string_view text, std::size_t at) {
    const auto c = static_cast<unsigned char>(text[at]);
    if (c < 0x20) return c != '\t' && c != '\n' && c != '\r';
    return c == 0x7F || is_c1_control_at(text, at);
}

#if defined(__SSE2__)
// The bytes of a 16-byte block that may start a control character: below
// 0x20 but not a line break, DEL, and 0xC2 (the lead byte of U+0080 to
// U+00BF), as a bit mask.
static unsigned control_candidates(const char* block) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(block));
    const __m128i below_space = _mm_set1_epi8(0x1F);
    const __m128i low = _mm_andnot_si128(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('\n')),
                                         _mm_cmpeq_epi8(_mm_max_epu8(bytes, below_space), below_space));  // <= 0x1F
    const __m128i other = _mm_or_si128(_mm_cmpeq_epi8(bytes, _mm_set1_epi8(0x7F)),
                                       _mm_cmpeq_epi8(bytes, _mm_set1_epi8(static_cast<char>(0xC2))));
    return static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(low, other)));
}
#endif

// Thirty-two bytes at a time: a page is letters, spaces and line breaks.
// A block of printable ASCII is passed over at once; in any other, the
// candidates are looked at one by one.
std::size_t find_control_character(std::string_view text, std::size_t from) {
    std::size_t at = from;
#if defined(__SSE2__)
    const __m128i space = _mm_set1_epi8(' ');
    const __m128i printable_span = _mm_set1_epi8(0x7E - ' ');
    for (; at + 32 <= text.size(); at += 32) {
        // First the common case, all printable ASCII (' ' to '~'): a byte
        // minus ' ', taken unsigned, is then at most '~' - ' '.
        const __m128i first = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + at));
        const __m128i second = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + at + 16));
        const __m128i beyond = _mm_or_si128(_mm_subs_epu8(_mm_sub_epi8(first, space), printable_span),
                                            _mm_subs_epu8(_mm_sub_epi8(second, space), printable_span));
        if (_mm_movemask_epi8(_mm_cmpeq_epi8(beyond, _mm_setzero_si128())) == 0xFFFF) continue;
        const auto mask = control_candidates(text.data() + at) | (control_candidates(text.data() + at + 16) << 16);
        for (unsigned left = mask; left != 0; left &= left - 1) {
            const std::size_t candidate = at + static_cast<std::size_t>(__builtin_ctz(left));
            if (is_control_at(text, candidate)) return candidate;
        }
    }
#endif
    while (at < text.size() && !is_control_at(text, at)) ++at;
    return at;
}

char32_t control_character_at(std::string_view text, std::size_t offset) {
    if (is_c1_control_at(text, offset)) return static_cast<unsigned char>(text[offset + 1]);
    return static_cast<unsigned char>(text[offset]);
}

// Where the first byte at or after from that is not ASCII is, or
// text.size(). Most of a page is plain ASCII, and so are nearly all the
// short strings (names, keys, titles) checked on their way into JSON.
static std::size_t skip_ascii(std::string_view text, std::size_t from) {
    std::size_t at = from;
#if defined(__SSE2__)
    for (; at + 32 <= text.size(); at += 32) {
        const __m128i first = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + at));
        const __m128i second = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + at + 16));
        if (_mm_movemask_epi8(_mm_or_si128(first, second)) != 0) break;
    }
#endif
    constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
    for (std::uint64_t eight = 0; at + sizeof eight <= text.size(); at += sizeof eight) {
        std::memcpy(&eight, text.data() + at, sizeof eight);
        if ((eight & kHigh) != 0) break;
    }
    while (at < text.size() && static_cast<unsigned char>(text[at]) < 0x80) ++at;
    return at;
}

std::optional<std::size_t> find_invalid_utf8(std::string_view text) {
    for (std::size_t i = skip_ascii(text, 0); i < text.size(); i = skip_ascii(text, i)) {
        const std::size_t length = utf8_sequence_length(text, i);
        if (length == 0) return i;
        i += length;
    }
    return std::nullopt;
}

}  // namespace healthsite::support
