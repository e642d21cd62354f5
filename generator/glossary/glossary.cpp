#include "generator/glossary/glossary.hpp"

#include <map>
#include <optional>

#include "generator/support/files.hpp"
#include "generator/support/text.hpp"
#include "generator/support/toml.hpp"

namespace healthsite::glossary {

namespace {

using support::Position;
using support::TomlNode;

// Every name a term is known by, with where it was written, so that a name
// claimed by two terms can be reported at the second.
class NameRegistry {
public:
    explicit NameRegistry(const std::string& path, support::Diagnostics& diagnostics)
        : path_(path), diagnostics_(diagnostics) {}

    bool claim(const std::string& name, const std::string& term, Position where) {
        const auto [it, inserted] = names_.emplace(support::to_lower_ascii(name), Owner{term, where});
        if (inserted || it->second.term == term) return true;
        diagnostics_.error(path_, where,
                           "'" + name + "' is already a name of the term '" + it->second.term + "' (line " +
                               std::to_string(it->second.where.line) + ")");
        return false;
    }

private:
    struct Owner {
        std::string term;
        Position where;
    };
    const std::string& path_;
    support::Diagnostics& diagnostics_;
    std::map<std::string, Owner> names_;
};

bool has_word_character(std::string_view text) {
    for (const char c : text)
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    return false;
}

Position item_position(const TomlNode& entry, std::string_view key, std::size_t index, Position fallback) {
    const TomlNode* node = entry.find(key);
    if (node && node->kind == TomlNode::Kind::array && index < node->array.size()) return node->array[index].position;
    return fallback;
}

class Parser {
public:
    Parser(const std::string& path, support::Diagnostics& diagnostics)
        : path_(path), diagnostics_(diagnostics), names_(path, diagnostics) {}

    Glossary run(const TomlNode& root) {
        support::TomlFields fields(root, path_, diagnostics_, support::Category::content);
        Glossary glossary;
        for (const TomlNode* entry : fields.tables("term"))
            if (auto term = read_term(*entry)) glossary.terms.push_back(std::move(*term));
        fields.warn_unknown_keys("the glossary");
        return glossary;
    }

private:
    std::optional<Term> read_term(const TomlNode& entry);
    bool check_name(support::TomlFields& fields, std::string_view key, const std::string& value);
    bool claim_names(const TomlNode& entry, support::TomlFields& fields, const Term& term);

    const std::string& path_;
    support::Diagnostics& diagnostics_;
    NameRegistry names_;
    std::map<std::string, Position> ids_;
};

bool Parser::check_name(support::TomlFields& fields, std::string_view key, const std::string& value) {
    if (has_word_character(value) && support::trim(value) == value) return true;
    fields.error_at(key, "'" + std::string(key) + "' must hold a word, without spaces at either end");
    return false;
}

bool Parser::claim_names(const TomlNode& entry, support::TomlFields& fields, const Term& term) {
    bool ok = names_.claim(term.name, term.name, fields.position_of("name"));
    if (!term.abbr.empty()) ok = names_.claim(term.abbr, term.name, fields.position_of("abbr")) && ok;
    for (std::size_t i = 0; i < term.also.size(); ++i) {
        const Position where = item_position(entry, "also", i, fields.position_of("also"));
        if (!has_word_character(term.also[i]) || support::trim(term.also[i]) != term.also[i]) {
            diagnostics_.error(path_, where, "each name in 'also' must hold a word, without spaces at either end");
            ok = false;
            continue;
        }
        ok = names_.claim(term.also[i], term.name, where) && ok;
    }
    return ok;
}

std::optional<Term> Parser::read_term(const TomlNode& entry) {
    support::TomlFields fields(entry, path_, diagnostics_, support::Category::content);
    Term term;
    term.position = entry.position;
    const auto name = fields.string("name", true);
    const auto definition = fields.string("definition", true);
    term.abbr = fields.string("abbr").value_or("");
    term.also = fields.strings("also").value_or(std::vector<std::string>{});
    fields.warn_unknown_keys("a [[term]] entry");
    if (!name || !definition) return std::nullopt;
    term.name = *name;
    term.definition = std::string(support::trim(*definition));
    bool ok = check_name(fields, "name", term.name);
    if (!term.abbr.empty()) ok = check_name(fields, "abbr", term.abbr) && ok;
    if (term.definition.empty()) {
        fields.error_at("definition", "the definition of '" + term.name + "' is empty");
        ok = false;
    }
    if (!ok) return std::nullopt;
    term.id = "term-" + support::slugify(term.name);
    if (const auto [it, inserted] = ids_.emplace(term.id, fields.position_of("name")); !inserted) {
        fields.error_at("name", "the term '" + term.name + "' would have the same id as the term on line " +
                                    std::to_string(it->second.line) + " ('" + term.id + "')");
        return std::nullopt;
    }
    if (!claim_names(entry, fields, term)) return std::nullopt;
    return term;
}

}  // namespace

Glossary parse(std::string_view text, const std::string& path, support::Diagnostics& diagnostics) {
    const auto root = support::parse_toml(text, path, 0, diagnostics, support::Category::content);
    if (!root) return {};
    return Parser(path, diagnostics).run(*root);
}

Glossary load(const std::filesystem::path& site_folder, support::Diagnostics& diagnostics) {
    const std::filesystem::path file = site_folder / kFile;
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) return {};
    const std::string display(kFile);
    auto read = support::read_file(file);
    if (!read.text) {
        diagnostics.error(display, {}, read.error, support::Category::io);
        return {};
    }
    return parse(*read.text, display, diagnostics);
}

}  // namespace healthsite::glossary
