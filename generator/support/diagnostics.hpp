#pragma once
// Diagnostics in the one format compilers and editors understand:
//   path:line:col: error: message
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace healthsite::support {

enum class Severity { warning, error };

// What kind of problem it is; the CLI turns the worst kind into an exit code.
enum class Category { content, config, io };

struct Position {
    int line = 0;    // 1-based; 0 means "the whole file"
    int column = 0;  // 1-based, counted in characters; 0 means "the whole line"
};

struct Diagnostic {
    std::string path;
    Position position;
    Severity severity = Severity::error;
    Category category = Category::content;
    std::string message;
};

[[nodiscard]] std::string format(const Diagnostic& diagnostic);

// Line and column of a byte offset in text. Lines end at '\n'; columns count
// UTF-8 characters, so a caret lands under the right letter.
[[nodiscard]] Position position_at(std::string_view text, std::size_t offset);

class Diagnostics {
public:
    void error(std::string path, Position position, std::string message,
               Category category = Category::content);
    void warning(std::string path, Position position, std::string message,
                 Category category = Category::content);
    void add(Diagnostic diagnostic);
    void append(const Diagnostics& other);

    [[nodiscard]] bool has_errors() const;
    [[nodiscard]] std::size_t error_count() const;
    [[nodiscard]] std::size_t warning_count() const;
    [[nodiscard]] bool empty() const { return items_.empty(); }
    // Sorted by path, line, column, then message: the same bytes whatever the
    // order in which threads reported them.
    [[nodiscard]] std::vector<Diagnostic> sorted() const;
    [[nodiscard]] const std::vector<Diagnostic>& items() const { return items_; }

private:
    std::vector<Diagnostic> items_;
};

}  // namespace healthsite::support
