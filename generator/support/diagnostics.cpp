#include "generator/support/diagnostics.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <tuple>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace healthsite::support {

std::string format(const Diagnostic& d) {
    std::string out = d.path;
    if (d.position.line > 0) {
        out += ':' + std::to_string(d.position.line);
        if (d.position.column > 0) out += ':' + std::to_string(d.position.column);
    }
    out += d.severity == Severity::error ? ": error: " : ": warning: ";
    out += d.message;
    return out;
}

namespace {

// Bytes looked at together: links sit far into long lines of prose.
constexpr std::size_t kStretch = 32;

// True when none of the stretch's bytes is a newline or above ASCII: each then
// moves the column on by one.
#if defined(__SSE2__)
bool plain_ascii_line(const char* stretch) {
    const __m128i newline = _mm_set1_epi8('\n');
    __m128i high_bits = _mm_setzero_si128();  // of the bytes, and of newlines matched
    for (std::size_t at = 0; at < kStretch; at += sizeof(__m128i)) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(stretch + at));
        high_bits = _mm_or_si128(high_bits, _mm_or_si128(bytes, _mm_cmpeq_epi8(bytes, newline)));
    }
    return _mm_movemask_epi8(high_bits) == 0;
}
#else
bool plain_ascii_line(const char* stretch) {
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
    constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
    for (std::size_t at = 0; at < kStretch; at += sizeof(std::uint64_t)) {
        std::uint64_t bytes = 0;
        std::memcpy(&bytes, stretch + at, sizeof bytes);
        const std::uint64_t newlines = bytes ^ (kOnes * '\n');
        const bool has_newline = ((newlines - kOnes) & ~newlines & kHighs) != 0;
        if (has_newline || (bytes & kHighs) != 0) return false;
    }
    return true;
}
#endif

void step_over(Position& pos, char c) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte == '\n') {
        ++pos.line;
        pos.column = 1;
    } else if ((byte & 0xC0) != 0x80) {  // not a UTF-8 continuation byte
        ++pos.column;
    }
}

}  // namespace

Position position_at(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    Position pos{1, 1};
    std::size_t i = 0;
    while (i + kStretch <= offset) {
        if (plain_ascii_line(text.data() + i)) {
            pos.column += static_cast<int>(kStretch);
            i += kStretch;
        } else {
            step_over(pos, text[i++]);
        }
    }
    // The last few bytes, read with some already counted when all are plain.
    if (i < offset && offset >= kStretch && plain_ascii_line(text.data() + offset - kStretch)) {
        pos.column += static_cast<int>(offset - i);
        return pos;
    }
    for (; i < offset; ++i) step_over(pos, text[i]);
    return pos;
}

void Diagnostics::error(std::string path, Position position, std::string message, Category category) {
    add({std::move(path), position, Severity::error, category, std::move(message)});
}

void Diagnostics::warning(std::string path, Position position, std::string message, Category category) {
    add({std::move(path), position, Severity::warning, category, std::move(message)});
}

void Diagnostics::add(Diagnostic diagnostic) { items_.push_back(std::move(diagnostic)); }

void Diagnostics::append(const Diagnostics& other) {
    items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

bool Diagnostics::has_errors() const { return error_count() > 0; }

std::size_t Diagnostics::error_count() const {
    return static_cast<std::size_t>(std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) {
        return d.severity == Severity::error;
    }));
}

std::size_t Diagnostics::warning_count() const { return items_.size() - error_count(); }

std::vector<Diagnostic> Diagnostics::sorted() const {
    auto out = items_;
    std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::tie(a.path, a.position.line, a.position.column, a.message) <
               std::tie(b.path, b.position.line, b.position.column, b.message);
    });
    return out;
}

}  // namespace healthsite::support
