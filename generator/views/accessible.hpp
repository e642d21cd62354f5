#pragma once
// Small changes to the HTML cmark-gfm renders, so that screen readers can
// make sense of it.
#include <string>
#include <string_view>

namespace healthsite::views {

// Footnotes: the list of notes gets a heading ("Notes") that names its
// section, and each reference says that it leads to a note.
[[nodiscard]] std::string accessible_footnotes(std::string html);

// A table whose top-left header cell is empty compares things both ways: the
// empty corner becomes a plain cell and the first cell of each body row
// becomes that row's header (<th scope="row">). Header cells in a table's
// head get scope="col".
[[nodiscard]] std::string accessible_tables(std::string html);

}  // namespace healthsite::views
