#include "generator/glossary/glossary.hpp"

#include <algorithm>
#include <array>

#include "generator/support/text.hpp"

namespace healthsite::glossary {

namespace {

// Elements whose text is never marked: a term link there would be a link in
// a link, a link in a heading or code, or would change what a control says.
constexpr std::array<std::string_view, 17> kSkipped{"a",     "abbr",   "button", "code", "dfn",     "h1",
                                                    "h2",    "h3",     "h4",     "h5",   "h6",      "pre",
                                                    "script", "style", "summary", "textarea", "svg"};

bool is_word_byte(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Escapes the characters cmark-gfm escapes in text, so that a name can be
// compared with rendered HTML as it is.
std::string escape_text(std::string_view text) {
    std::string out;
    for (const char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

bool is_exact_case_name(std::string_view name) {
    return std::count_if(name.begin(), name.end(), [](char c) { return c >= 'A' && c <= 'Z'; }) >= 2;
}

bool is_all_capitals(std::string_view name) {
    return std::none_of(name.begin(), name.end(), [](char c) { return c >= 'a' && c <= 'z'; }) &&
           std::any_of(name.begin(), name.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

bool same_text(std::string_view text, std::string_view form, bool exact_case) {
    if (text.size() != form.size()) return false;
    for (std::size_t i = 0; i < form.size(); ++i)
        if (exact_case ? text[i] != form[i] : lower(text[i]) != lower(form[i])) return false;
    return true;
}

struct Tag {
    std::size_t end = 0;  // one past the closing '>'
    std::string name;     // lowercase; "" for comments and declarations
    bool closing = false;
    bool self_closing = false;
};

// Reads the tag starting at html[at] == '<', stepping over quoted attribute
// values so that a '>' inside one does not end the tag.
Tag read_tag(std::string_view html, std::size_t at) {
    Tag tag;
    if (html.substr(at).starts_with("<!--")) {
        const auto close = html.find("-->", at + 4);
        tag.end = close == std::string_view::npos ? html.size() : close + 3;
        return tag;
    }
    std::size_t i = at + 1;
    if (i < html.size() && html[i] == '/') tag.closing = true, ++i;
    while (i < html.size() && is_word_byte(html[i])) tag.name += lower(html[i++]);
    char quote = 0;
    for (; i < html.size(); ++i) {
        const char c = html[i];
        if (quote) {
            if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '>') {
            tag.self_closing = i > at && html[i - 1] == '/';
            tag.end = i + 1;
            return tag;
        }
    }
    tag.end = html.size();
    return tag;
}

bool is_skipped(std::string_view name) {
    return std::find(kSkipped.begin(), kSkipped.end(), name) != kSkipped.end();
}

}  // namespace

Marker::Marker(const Glossary& glossary, std::string glossary_href)
    : glossary_(glossary), href_(std::move(glossary_href)), used_(glossary.terms.size(), false) {
    for (std::size_t t = 0; t < glossary.terms.size(); ++t) {
        const Term& term = glossary.terms[t];
        auto add = [&](const std::string& name, const std::string& expansion) {
            forms_.push_back({escape_text(name), t, is_exact_case_name(name), expansion});
        };
        // A name in capitals ("GP", "A&E") is spelt out by the first other
        // name that is not.
        std::string spelt_out;
        for (const auto& name : term.also)
            if (!is_all_capitals(name)) {
                spelt_out = name;
                break;
            }
        add(term.name, is_all_capitals(term.name) ? spelt_out : std::string());
        if (!term.abbr.empty()) add(term.abbr, term.name);
        for (const auto& name : term.also) add(name, is_all_capitals(name) ? term.name : std::string());
    }
    // Longest first, so "critical limb ischaemia" wins over "ischaemia";
    // then by text, so the order never depends on the file's.
    std::stable_sort(forms_.begin(), forms_.end(), [](const Form& a, const Form& b) {
        if (a.text.size() != b.text.size()) return a.text.size() > b.text.size();
        return a.text < b.text;
    });
}

std::string Marker::mark(std::string_view html) {
    std::string out;
    out.reserve(html.size() + 256);
    int skipped = 0;  // how many skipped elements the text is inside
    std::size_t i = 0;
    while (i < html.size()) {
        if (html[i] == '<') {
            const Tag tag = read_tag(html, i);
            if (is_skipped(tag.name) && !tag.self_closing) skipped = std::max(0, skipped + (tag.closing ? -1 : 1));
            out.append(html.substr(i, tag.end - i));
            i = tag.end;
            continue;
        }
        const std::size_t next = std::min(html.find('<', i), html.size());
        if (skipped == 0) mark_text(html.substr(i, next - i), out);
        else out.append(html.substr(i, next - i));
        i = next;
    }
    return out;
}

const Marker::Form* Marker::match_at(std::string_view text, std::size_t at) const {
    for (const Form& form : forms_) {
        if (used_[form.term] || at + form.text.size() > text.size()) continue;
        const std::size_t end = at + form.text.size();
        if (end < text.size() && is_word_byte(text[end])) continue;
        if (same_text(text.substr(at, form.text.size()), form.text, form.exact_case)) return &form;
    }
    return nullptr;
}

void Marker::mark_text(std::string_view text, std::string& out) {
    std::size_t copied = 0;
    for (std::size_t at = 0; at < text.size(); ++at) {
        if (!is_word_byte(text[at])) continue;
        // Inside a word, or the name of a character reference ("&amp;", "&#39;").
        if (at > 0 && (is_word_byte(text[at - 1]) || text[at - 1] == '&' || text[at - 1] == '#')) continue;
        const Form* form = match_at(text, at);
        if (!form) continue;
        out.append(text.substr(copied, at - copied));
        write_link(*form, text.substr(at, form->text.size()), out);
        used_[form->term] = true;
        ++marked_;
        at += form->text.size() - 1;
        copied = at + 1;
    }
    out.append(text.substr(copied));
}

void Marker::write_link(const Form& form, std::string_view matched, std::string& out) const {
    const Term& term = glossary_.terms[form.term];
    out += "<a class=\"term\" href=\"" + href_ + "#" + term.id + "\">";
    if (!form.expansion.empty()) out += "<abbr title=\"" + support::escape_html(form.expansion) + "\">";
    out.append(matched);
    if (!form.expansion.empty()) out += "</abbr>";
    out += "</a>";
}

}  // namespace healthsite::glossary
