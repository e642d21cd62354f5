#include "generator/content/new_page.hpp"

#include "generator/support/text.hpp"

namespace healthsite::content {

namespace {

// A TOML basic string: quotes and backslashes escaped, and control
// characters written as \uXXXX, which a basic string may not hold as they are.
std::string quoted(const std::string& text) {
    std::string out = "\"";
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (byte < 0x20 || byte == 0x7F) {
            constexpr char kHex[] = "0123456789ABCDEF";
            out += "\\u00";
            out += kHex[byte >> 4];
            out += kHex[byte & 0xF];
        } else {
            out += c;
        }
    }
    return out + "\"";
}

// The sources start as a comment: a reference with an empty title would
// stop the build, and one made up would be worse.
std::string cause_tables(const std::string& title, const std::string& anchor) {
    return "\n# Each source the page relies on, with its title, publisher and address:\n"
           "# [[references]]\n"
           "# title = \"\"\n"
           "# publisher = \"\"\n"
           "# url = \"https://\"\n"
           "\n[[conditions]]\n"
           "name = " + quoted(title) + "\n"
           "anchor = \"" + anchor + "\"    # the id of the condition's heading below\n"
           "symptoms = []\n"
           "eased_by = []\n"
           "worse_with = []\n"
           "urgency = \"see-a-doctor\"    # self-care | see-a-doctor | urgent | emergency\n";
}

}  // namespace

std::string new_page_text(const std::string& title, NewPageKind kind, const support::TomlDate& today) {
    support::TomlDate next = today;
    ++next.year;
    if (next.month == 2 && next.day == 29) next.day = 28;
    const std::string anchor = support::slugify(title).empty() ? "condition" : support::slugify(title);
    std::string text = "+++\ntitle = " + quoted(title) + "\ndescription = \"\"    # one sentence for search results\n" +
                       "last_reviewed = " + today.iso() + "\nnext_review = " + next.iso() +
                       "\nreviewed_by = \"\"\nauthors = []\ndraft = true    # remove when the page is reviewed\n";
    if (kind == NewPageKind::cause) text += cause_tables(title, anchor);
    text += "+++\n\n";
    if (kind == NewPageKind::cause) text += "## " + title + " {#" + anchor + "}\n\n";
    return text + "Write the page here in plain English. Link to other pages through their .md files, "
                  "written like `[the FAQ](" + std::string(kind == NewPageKind::cause ? "../" : "") + "faq.md)`.\n";
}

std::string implicit_home_text(const std::string& site_title, const std::string& site_description) {
    std::string text = "+++\ntitle = " + quoted(site_title) + "\n";
    if (!site_description.empty()) text += "description = " + quoted(site_description) + "\n";
    return text + "+++\n";
}

}  // namespace healthsite::content
