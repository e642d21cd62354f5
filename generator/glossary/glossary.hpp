#pragma once
// The site's glossary: terms read from content/glossary.toml, and the marking
// of each term's first use in a page's rendered HTML as a link to its entry.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "generator/support/diagnostics.hpp"

namespace healthsite::glossary {

struct Term {
    std::string name;               // "Peripheral artery disease"
    std::string abbr;               // "PAD", or "" when the term has none
    std::vector<std::string> also;  // other names: "peripheral arterial disease"
    std::string definition;         // plain text
    std::string id;                 // the entry's id on the glossary page: "term-peripheral-artery-disease"
    support::Position position;     // the [[term]] entry
};

struct Glossary {
    std::vector<Term> terms;  // in file order

    [[nodiscard]] bool empty() const { return terms.empty(); }
};

// The file a site's glossary is read from, relative to the site's folder.
inline constexpr std::string_view kFile = "content/glossary.toml";

// Parses glossary TOML (a [[term]] table per term: name, definition, and
// optionally abbr and also). Every problem is reported at path:line:col; a
// term with an error is left out.
[[nodiscard]] Glossary parse(std::string_view text, const std::string& path, support::Diagnostics& diagnostics);

// Reads and parses kFile under the site's folder; an empty glossary when the
// site has none.
[[nodiscard]] Glossary load(const std::filesystem::path& site_folder, support::Diagnostics& diagnostics);

// Marks the first use of each term in a page's HTML, as a link to the term's
// entry on the glossary page. One marker serves one page: a term marked by
// one call to mark() is not marked again by a later one.
//
// Text is matched on word boundaries, longest name first. A name with two or
// more capital letters ("PAD", "NHS 111", "Willis-Ekbom disease") is an
// abbreviation or a proper name and must match its case exactly ("PAD" is not
// "pad"); other names match in any case. Nothing is marked inside headings,
// links, code, <pre>, <script>, <style>, <abbr>, <dfn>, <summary>, <button>,
// <textarea> or a tag's attributes.
class Marker {
public:
    // glossary_href: the glossary page's URL as written on this page, such as
    // "../glossary/" (without a fragment).
    Marker(const Glossary& glossary, std::string glossary_href);

    [[nodiscard]] std::string mark(std::string_view html);

    [[nodiscard]] const std::string& href() const { return href_; }

    // How many terms have been marked so far.
    [[nodiscard]] std::size_t marked() const { return marked_; }

private:
    struct Form {
        std::string text;  // HTML-escaped, as it appears in rendered HTML
        std::size_t term;
        bool exact_case;
        std::string expansion;  // for an abbreviation: the <abbr> title; "" otherwise
    };

    void mark_text(std::string_view text, std::string& out);
    [[nodiscard]] const Form* match_at(std::string_view text, std::size_t at) const;
    void write_link(const Form& form, std::string_view matched, std::string& out) const;

    const Glossary& glossary_;
    std::string href_;
    std::vector<Form> forms_;  // longest first
    std::vector<bool> used_;   // per term
    std::size_t marked_ = 0;
};

}  // namespace healthsite::glossary
