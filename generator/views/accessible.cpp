#include "generator/views/accessible.hpp"

namespace healthsite::views {

namespace {

constexpr std::string_view kSection = "<section class=\"footnotes\" data-footnotes>";
constexpr std::string_view kReference = " data-footnote-ref>";
constexpr std::string_view kCorner = "<thead>\n<tr>\n<th scope=\"col\"></th>";

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
    if (html.find(kSection) == std::string::npos) return html;
    replace_all(html, kSection,
                "<section class=\"footnotes\" data-footnotes aria-labelledby=\"footnotes-title\">\n"
                "<h2 id=\"footnotes-title\" class=\"footnotes-title\">Notes</h2>");
    replace_all(html, kReference, " data-footnote-ref aria-describedby=\"footnotes-title\">");
    return html;
}

// Gives each header cell of every table head scope="col".
void add_column_scopes(std::string& html) {
    for (auto head = html.find("<thead>"); head != std::string::npos; head = html.find("<thead>", head + 1)) {
        auto end = html.find("</thead>", head);
        if (end == std::string::npos) return;
        for (auto at = html.find("<th", head); at != std::string::npos && at < end; at = html.find("<th", at + 3)) {
            const char next = at + 3 < html.size() ? html[at + 3] : '\0';
            if (next != '>' && next != ' ') continue;  // <thead>
            html.insert(at + 3, " scope=\"col\"");
            end += 12;
        }
    }
}

std::string accessible_tables(std::string html) {
    add_column_scopes(html);
    for (auto at = html.find(kCorner); at != std::string::npos; at = html.find(kCorner, at + 1)) {
        const auto end = html.find("</table>", at);
        if (end == std::string::npos) break;
        html.replace(at + kCorner.size() - 21, 21, "<td></td>");
        const auto body = html.find("<tbody>", at);
        if (body != std::string::npos && body < end) add_row_headers(html, body, end);
    }
    return html;
}

}  // namespace healthsite::views
