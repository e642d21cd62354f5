#pragma once
// The text of a new page for `healthsite new`: front matter filled in, with
// the keys a reviewer expects, and a body that says what to write.
#include <string>

#include "generator/support/toml.hpp"

namespace healthsite::content {

enum class NewPageKind { page, cause };

[[nodiscard]] std::string new_page_text(const std::string& title, NewPageKind kind, const support::TomlDate& today);

}  // namespace healthsite::content
