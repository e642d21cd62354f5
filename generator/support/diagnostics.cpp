#include "generator/support/diagnostics.hpp"

#include <algorithm>
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

Position position_at(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    Position pos{1, 1};
    for (std::size_t i = 0; i < offset; ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
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
