#pragma once
// Small text helpers shared by the stages.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace healthsite::support {

// A heading id or URL slug: lowercase ASCII letters and digits, every other run
// of characters one hyphen, no hyphen at either end. "Peripheral artery
// disease (PAD)" -> "peripheral-artery-disease-pad". Latin letters with
// accents lose them ("Ménière" -> "meniere", "œdème" -> "oedeme"); letters
// of other scripts stay, lowercased where they have case ("Боль в ногах" ->
// "боль-в-ногах"); punctuation, symbols and emoji separate words.
[[nodiscard]] std::string slugify(std::string_view text);

// The candidate closest to word, ignoring case, if it is at most max_edits
// away (inserting, deleting or changing a character, or swapping two
// neighbours, are one edit each): "titel" is one from "title". Empty when
// none is that close.
[[nodiscard]] std::string closest_match(std::string_view word, const std::vector<std::string>& candidates,
                                        std::size_t max_edits);

[[nodiscard]] std::string to_lower_ascii(std::string_view text);
[[nodiscard]] std::string_view trim(std::string_view text);
// Runs of whitespace become one space; the ends are trimmed.
[[nodiscard]] std::string collapse_whitespace(std::string_view text);
// The same, appended to out.
void append_collapsed_whitespace(std::string& out, std::string_view text);
// & < > " and ' as entities; ' as apostrophe, which differs between
// writers (kainjow's templates write &apos;).
[[nodiscard]] std::string escape_html(std::string_view text, std::string_view apostrophe = "&#39;");
// The same, appended to out.
void append_escaped_html(std::string& out, std::string_view text, std::string_view apostrophe = "&#39;");
// Offset of the first of & < > " ' at or after from, or text.size(): the
// characters HTML escaping replaces.
[[nodiscard]] std::size_t find_html_special(std::string_view text, std::size_t from = 0);

// Offset of the first byte that is not part of valid UTF-8, if any.
[[nodiscard]] std::optional<std::size_t> find_invalid_utf8(std::string_view text);

// Offset of the first control character at or after from, or text.size():
// a C0 control other than tab, line feed and carriage return, DEL, or (in
// UTF-8) a C1 control, U+0080 to U+009F. Tab and line breaks are text.
[[nodiscard]] std::size_t find_control_character(std::string_view text, std::size_t from = 0);
// The code point of the control character find_control_character() found at offset.
[[nodiscard]] char32_t control_character_at(std::string_view text, std::size_t offset);

}  // namespace healthsite::support
