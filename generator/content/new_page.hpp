#pragma once
// The text of a new page for `healthsite new`: front matter filled in, with
// the keys a reviewer expects, and a body that says what to write. Also the
// text of the home page a site without one gets.
#include <string>

#include "generator/support/toml.hpp"

namespace healthsite::content {

enum class NewPageKind { page, cause };

[[nodiscard]] std::string new_page_text(const std::string& title, NewPageKind kind, const support::TomlDate& today);

// The home page of a site without content/_index.md: the site's title and
// description, and no text, as Hugo and Zola make one.
[[nodiscard]] std::string implicit_home_text(const std::string& site_title, const std::string& site_description);

}  // namespace healthsite::content
