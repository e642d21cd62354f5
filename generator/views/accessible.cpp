#include "generator/views/accessible.hpp"

namespace healthsite::views {

namespace {

constexpr std::string_view kSection = "<section class=\"footnotes\" data-footnotes>";
constexpr std::string_view kReference = " data-footnote-ref>";
constexpr std::string_view kCorner = "<thead>\n<tr>\n<th scope=\"col\"></th>";

// Where needle first occurs in text at or after from, or npos. find() would
// stop at every '<' of the page, where its first byte is found; this stops
// only at its byte at pivot, which should be rare in HTML.
std::size_t find_by_byte_at(std::string_view text, std::string_view needle, std::size_t pivot, std::size_t from = 0) {
    const char rare = needle[pivot];
    for (auto at = text.find(rare, from + pivot); at != std::string_view::npos; at = text.find(rare, at + 1))
        if (text.substr(at - pivot).starts_with(needle)) return at - pivot;
    return std::string_view::npos;
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
}

// Turns the first cell of each row between from and to into a row header;
// returns where the table now ends.
std::size_t add_row_headers(std::string& html, std::size_t from, std::size_t to) {
    constexpr std::string_view kRow = "<tr>\n<td";
    for (auto at = html.find(kRow, from); at != std::string::npos && at < to; at = html.find(kRow, at + 1)) {
        const std::size_t cell = at + kRow.size() - 3;  // at "<td"
        const auto close = html.find("</td>", cell);
        if (close == std::string::npos || close > to) break;
        html.replace(close, 5, "</th>");
        html.replace(cell, 3, "<th scope=\"row\"");
        to += 12;  // "<th scope=\"row\"" is 12 characters longer than "<td"; "</th>" is as long as "</td>"
    }
    return to;
}

}  // namespace

// Both take the page's HTML by value and give it back, changed in place:
// most pages have no footnotes and no tables, and pass through uncopied.
std::string accessible_footnotes(std::string html) {
    // The section's one '=' is far rarer in a page than its '<'.
    if (find_by_byte_at(html, kSection, kSection.find('=')) == std::string_view::npos) return html;
    replace_all(html, kSection,
                "<section class=\"footnotes\" data-footnotes aria-labelledby=\"footnotes-title\">\n"
                "<h2 id=\"footnotes-title\" class=\"footnotes-title\">Notes</h2>");
    replace_all(html, kReference, " data-footnote-ref aria-describedby=\"footnotes-title\">");
    return html;
}

// Gives each header cell of every table head, from the first at first_head,
// scope="col".
void add_column_scopes(std::string& html, std::size_t first_head) {
    for (auto head = first_head; head != std::string::npos; head = html.find("<thead>", head + 1)) {
        auto end = html.find("</thead>", head);
        if (end == std::string::npos) return;
        // Cells are looked for in the head only, not through the rest of the
        // page; none can end past it, as "</thead>" starts with "</".
        const auto next_cell = [&](std::size_t from) {
            return std::string_view(html).substr(0, end).find("<th", from);
        };
        for (auto at = next_cell(head); at != std::string::npos; at = next_cell(at + 3)) {
            const char next = at + 3 < html.size() ? html[at + 3] : '\0';
            if (next != '>' && next != ' ') continue;  // <thead>
            html.insert(at + 3, " scope=\"col\"");
            end += 12;
        }
    }
}

std::string accessible_tables(std::string html) {
    // Without a table head there is nothing to do; with one, nothing before
    // it changes, and an empty corner (a table head too) can only follow it.
    const auto first_head = html.find("<thead>");
    if (first_head == std::string::npos) return html;
    add_column_scopes(html, first_head);
    const std::size_t pivot = kCorner.find('=');  // rarer than its '<'
    for (auto at = find_by_byte_at(html, kCorner, pivot, first_head); at != std::string::npos;
         at = find_by_byte_at(html, kCorner, pivot, at + 1)) {
        const auto end = html.find("</table>", at);
        if (end == std::string::npos) break;
        html.replace(at + kCorner.size() - 21, 21, "<td></td>");
        const auto body = html.find("<tbody>", at);
        if (body != std::string::npos && body < end) add_row_headers(html, body, end);
    }
    return html;
}

}  // namespace healthsite::views
