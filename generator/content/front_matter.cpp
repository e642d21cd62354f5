#include "generator/content/front_matter.hpp"

#include <cstdio>

#include "generator/support/text.hpp"

namespace healthsite::content {

std::string normalize_newlines(std::string text) {
    if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
    if (text.find('\r') == std::string::npos) return text;
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\r') out += text[i];
        else if (i + 1 >= text.size() || text[i + 1] != '\n') out += '\n';
    }
    return out;
}

static bool is_fence_line(std::string_view line) { return support::trim(line) == "+++"; }

// Why a page does not start with front matter, in the words of the likely slip.
static std::string missing_fence_message(std::string_view text, std::size_t first_end) {
    const std::string_view first_line = support::trim(text.substr(0, first_end));
    if (first_line == "---")
        return "this page starts with '---', as YAML front matter does; healthsite reads TOML front matter between "
               "'+++' lines: change both '---' lines to '+++' and write each setting as title = \"...\"";
    if (first_line.empty() && support::trim(text).starts_with("+++"))
        return "the '+++' line that opens the front matter must be the very first line of the page: remove the "
               "blank lines above it";
    return "a page must start with a '+++' line opening its TOML front matter (with at least title = \"...\")";
}

std::optional<SplitFile> split_front_matter(std::string_view text, const std::string& path,
                                            support::Diagnostics& diagnostics) {
    const std::size_t first_end = std::min(text.find('\n'), text.size());
    if (!is_fence_line(text.substr(0, first_end))) {
        diagnostics.error(path, {1, 1}, missing_fence_message(text, first_end));
        return std::nullopt;
    }
    int line = 2;
    for (std::size_t start = first_end + 1; start <= text.size(); ++line) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        if (is_fence_line(text.substr(start, end - start))) {
            SplitFile split;
            split.front_matter = text.substr(first_end + 1, start - first_end - 1);
            split.body = end < text.size() ? text.substr(end + 1) : std::string_view{};
            split.body_line = line + 1;
            return split;
        }
        if (end == text.size()) break;
        start = end + 1;
    }
    diagnostics.error(path, {1, 1}, "front matter opened with '+++' on line 1 is never closed: add a '+++' line after it");
    return std::nullopt;
}

// The first is named, for the writer to delete or retype; a count says
// whether there are more.
bool check_control_characters(std::string_view text, const std::string& path, support::Diagnostics& diagnostics) {
    std::size_t first = std::string_view::npos;
    std::size_t count = 0;
    for (std::size_t at = support::find_control_character(text); at < text.size();
         at = support::find_control_character(text, at + 1)) {
        if (text[at] == '\0') {
            diagnostics.error(path, support::position_at(text, at), "the file contains a NUL byte");
            return false;
        }
        if (count++ == 0) first = at;
    }
    if (count == 0) return true;
    const auto code_point = support::control_character_at(text, first);
    char name[16];
    std::snprintf(name, sizeof name, "U+%04X", static_cast<unsigned>(code_point));
    std::string message = "an invisible control character (" + std::string(name) + ") is in the text: delete it";
    if (code_point >= 0x80)
        message += ", or retype the character it stands for (often a curly quote, an apostrophe or a dash pasted "
                   "from an older Windows document)";
    if (count > 1) message += " (" + std::to_string(count - 1) + " more in this file)";
    diagnostics.warning(path, support::position_at(text, first), message);
    return true;
}

}  // namespace healthsite::content
