#include "generator/support/diagnostics.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <tuple>

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

// True when none of the eight bytes is a newline or above ASCII: each then
// moves the column on by one. Links sit far into long lines of prose.
bool plain_ascii_line(std::uint64_t bytes) {
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
    constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
    const std::uint64_t newlines = bytes ^ (kOnes * '\n');
    const bool has_newline = ((newlines - kOnes) & ~newlines & kHighs) != 0;
    return !has_newline && (bytes & kHighs) == 0;
}

}  // namespace

Position position_at(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    Position pos{1, 1};
    for (std::size_t i = 0; i < offset;) {
        std::uint64_t bytes = 0;
        if (i + sizeof bytes <= offset) {
            std::memcpy(&bytes, text.data() + i, sizeof bytes);
            if (plain_ascii_line(bytes)) {
                pos.column += static_cast<int>(sizeof bytes);
                i += sizeof bytes;
                continue;
            }
        }
        const auto byte = static_cast<unsigned char>(text[i++]);
        if (byte == '\n') {
            ++pos.line;
            pos.column = 1;
        } else if ((byte & 0xC0) != 0x80) {  // not a UTF-8 continuation byte
            ++pos.column;
        }
    }
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
