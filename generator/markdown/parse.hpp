#pragma once
// Parsing with cmark-gfm from several threads at once (see parse.cpp).
#include <string_view>

#include <cmark-gfm.h>

namespace healthsite::markdown {

// Feeds markdown to parser and finishes it; the caller owns the tree. Runs
// alongside other calls when that is safe, and one at a time when it is not.
[[nodiscard]] cmark_node* parse_document(cmark_parser* parser, std::string_view markdown);

}  // namespace healthsite::markdown
