#pragma once
// Splitting a file into TOML front matter (between +++ lines) and body.
#include <optional>
#include <string>
#include <string_view>

#include "generator/support/diagnostics.hpp"

namespace healthsite::content {

struct SplitFile {
    std::string_view front_matter;  // the TOML text between the +++ lines
    int front_matter_line = 2;      // its first line in the file
    std::string_view body;
    int body_line = 1;
};

// Accepts a UTF-8 BOM and CRLF line ends (callers normalize them first with
// normalize_newlines). Reports a missing or unterminated block at its line.
[[nodiscard]] std::optional<SplitFile> split_front_matter(std::string_view text, const std::string& path,
                                                          support::Diagnostics& diagnostics);

// Removes a UTF-8 byte order mark and turns CRLF and lone CR into LF, so that
// every later stage sees one kind of line end and the same line numbers.
[[nodiscard]] std::string normalize_newlines(std::string text);

// Refuses a NUL byte (an error, false) and warns of the first other control
// character, such as a form feed or U+0092: invisible on the page, they come
// with text copied from PDFs and word processors.
[[nodiscard]] bool check_control_characters(std::string_view text, const std::string& path,
                                            support::Diagnostics& diagnostics);

}  // namespace healthsite::content
