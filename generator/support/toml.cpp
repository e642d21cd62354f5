#include "generator/support/toml.hpp"

#include <algorithm>
#include <cstdio>
#include <tuple>

#include <toml++/toml.h>

#include "generator/support/text.hpp"

namespace healthsite::support {

std::string TomlDate::iso() const {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
    return buffer;
}

TomlNode::TomlNode() = default;
TomlNode::~TomlNode() = default;
TomlNode::TomlNode(const TomlNode&) = default;
TomlNode::TomlNode(TomlNode&&) noexcept = default;
TomlNode& TomlNode::operator=(const TomlNode&) = default;
TomlNode& TomlNode::operator=(TomlNode&&) noexcept = default;

const TomlNode* TomlNode::find(std::string_view key) const {
    for (const auto& [name, node] : table)
        if (name == key) return &node;
    return nullptr;
}

std::string_view kind_name(TomlNode::Kind kind) {
    switch (kind) {
        case TomlNode::Kind::string: return "a string";
        case TomlNode::Kind::integer: return "a whole number";
        case TomlNode::Kind::floating: return "a decimal number";
        case TomlNode::Kind::boolean: return "true or false";
        case TomlNode::Kind::date: return "a date";
        case TomlNode::Kind::other_time: return "a time";
        case TomlNode::Kind::array: return "a list";
        case TomlNode::Kind::table: return "a table";
    }
    return "a value";
}

namespace {

Position position_of(const toml::source_region& region, int line_offset) {
    return {static_cast<int>(region.begin.line) + line_offset, static_cast<int>(region.begin.column)};
}

// Each value is converted straight into its place in the tree: a TomlNode
// is large, and moving one from a returned value into a vector costs more
// than filling it where it stays.
void convert(const toml::node& node, int line_offset, TomlNode& out);

void convert_table(const toml::table& table, int line_offset, TomlNode& out) {
    out.kind = TomlNode::Kind::table;
    out.position = position_of(table.source(), line_offset);
    // toml++ keeps keys sorted by name; put them back in the order written.
    struct Entry {
        Position position;
        const toml::key* key;
        const toml::node* value;
    };
    std::vector<Entry> entries;
    entries.reserve(table.size());
    for (const auto& [key, value] : table) entries.push_back({position_of(key.source(), line_offset), &key, &value});
    std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return std::tie(a.position.line, a.position.column) < std::tie(b.position.line, b.position.column);
    });
    out.table.reserve(entries.size());
    out.key_positions.reserve(entries.size());
    for (const auto& entry : entries) {
        auto& [name, value] = out.table.emplace_back(std::string(entry.key->str()), TomlNode{});
        convert(*entry.value, line_offset, value);
        out.key_positions.push_back(entry.position);
    }
}

void convert(const toml::node& node, int line_offset, TomlNode& out) {
    if (const auto* table = node.as_table()) return convert_table(*table, line_offset, out);
    out.position = position_of(node.source(), line_offset);
    if (const auto* array = node.as_array()) {
        out.kind = TomlNode::Kind::array;
        out.array.resize(array->size());
        for (std::size_t i = 0; i < array->size(); ++i) convert((*array)[i], line_offset, out.array[i]);
    } else if (const auto* s = node.as_string()) {
        out.kind = TomlNode::Kind::string;
        out.string = s->get();
    } else if (const auto* i = node.as_integer()) {
        out.kind = TomlNode::Kind::integer;
        out.integer = i->get();
    } else if (const auto* f = node.as_floating_point()) {
        out.kind = TomlNode::Kind::floating;
        out.floating = f->get();
    } else if (const auto* b = node.as_boolean()) {
        out.kind = TomlNode::Kind::boolean;
        out.boolean = b->get();
    } else if (const auto* d = node.as_date()) {
        out.kind = TomlNode::Kind::date;
        out.date = {d->get().year, d->get().month, d->get().day};
    } else {
        out.kind = TomlNode::Kind::other_time;
    }
}

}  // namespace

namespace {

// toml++ describes what its parser met; for the slips writers make most, a
// line that says how to fix it comes first.
std::string explain_toml_error(std::string_view description) {
    struct Hint {
        std::string_view when;  // part of toml++'s description
        std::string_view say;
    };
    static constexpr Hint kHints[] = {
        {"parsing string: unescaped control characters", "a text in quotes is not closed on its line; end it with \""},
        {"could not determine value type",
         "put text in quotes (title = \"Leg cramps\"), and write numbers, true or false, and dates (2026-11-25) "
         "without them"},
        {"cannot redefine existing", "a key is given twice in the same table; keep one of them"},
        {"parsing array: encountered end-of-file", "a list is not closed; end it with ]"},
        {"parsing date", "write dates as year-month-day with two-digit months and days, such as 2026-01-05"},
    };
    std::string message = "invalid TOML: ";
    for (const auto& hint : kHints)
        if (description.find(hint.when) != std::string_view::npos)
            return message + std::string(hint.say) + " (" + std::string(description) + ")";
    return message + std::string(description);
}

}  // namespace

std::optional<TomlNode> parse_toml(std::string_view text, const std::string& path, int line_offset,
                                   Diagnostics& diagnostics, Category category) {
    try {
        // No source path for toml++: it would give every node a shared copy
        // of it, and errors are reported with ours.
        const toml::table table = toml::parse(text);
        std::optional<TomlNode> tree(std::in_place);
        convert_table(table, line_offset, *tree);
        return tree;
    } catch (const toml::parse_error& error) {
        diagnostics.error(path, position_of(error.source(), line_offset), explain_toml_error(error.description()),
                          category);
        return std::nullopt;
    }
}

TomlFields::TomlFields(const TomlNode& table, std::string path, Diagnostics& diagnostics, Category category)
    : table_(table), path_(std::move(path)), diagnostics_(diagnostics), category_(category) {}

Position TomlFields::position_of(std::string_view key) const {
    for (std::size_t i = 0; i < table_.table.size(); ++i)
        if (table_.table[i].first == key) return table_.key_positions[i];
    return table_.position;
}

void TomlFields::error_at(std::string_view key, std::string message) {
    diagnostics_.error(path_, position_of(key), std::move(message), category_);
}

void TomlFields::warning_at(std::string_view key, std::string message) {
    diagnostics_.warning(path_, position_of(key), std::move(message), category_);
}

const TomlNode* TomlFields::lookup(std::string_view key, TomlNode::Kind kind, std::string_view expected) {
    read_keys_.emplace_back(key);
    const TomlNode* node = table_.find(key);
    if (!node) return nullptr;
    const bool integer_as_number = kind == TomlNode::Kind::floating && node->kind == TomlNode::Kind::integer;
    if (node->kind != kind && !integer_as_number) {
        error_at(key, "'" + std::string(key) + "' must be " + std::string(expected) + ", not " +
                          std::string(kind_name(node->kind)));
        return nullptr;
    }
    return node;
}

std::optional<std::string> TomlFields::string(std::string_view key, bool required) {
    const TomlNode* node = lookup(key, TomlNode::Kind::string, "a string");
    if (!node) {
        if (required && !table_.find(key))
            diagnostics_.error(path_, table_.position, "missing required key '" + std::string(key) + "'", category_);
        return std::nullopt;
    }
    if (required && trim(node->string).empty()) {
        error_at(key, "'" + std::string(key) + "' must not be empty");
        return std::nullopt;
    }
    return node->string;
}

std::optional<std::int64_t> TomlFields::integer(std::string_view key) {
    const TomlNode* node = lookup(key, TomlNode::Kind::integer, "a whole number");
    return node ? std::optional(node->integer) : std::nullopt;
}

std::optional<double> TomlFields::number(std::string_view key) {
    const TomlNode* node = lookup(key, TomlNode::Kind::floating, "a number");
    if (!node) return std::nullopt;
    return node->kind == TomlNode::Kind::integer ? static_cast<double>(node->integer) : node->floating;
}

std::optional<bool> TomlFields::boolean(std::string_view key) {
    const TomlNode* node = lookup(key, TomlNode::Kind::boolean, "true or false");
    return node ? std::optional(node->boolean) : std::nullopt;
}

std::optional<TomlDate> TomlFields::date(std::string_view key) {
    const TomlNode* node = lookup(key, TomlNode::Kind::date, "a date such as 2026-11-25 (no quotes)");
    return node ? std::optional(node->date) : std::nullopt;
}

std::optional<std::vector<std::string>> TomlFields::strings(std::string_view key) {
    const TomlNode* node = lookup(key, TomlNode::Kind::array, "a list of strings");
    if (!node) return std::nullopt;
    std::vector<std::string> out;
    for (const auto& item : node->array) {
        if (item.kind != TomlNode::Kind::string) {
            diagnostics_.error(path_, item.position,
                               "'" + std::string(key) + "' must be a list of strings; this item is " +
                                   std::string(kind_name(item.kind)),
                               category_);
            return std::nullopt;
        }
        out.push_back(item.string);
    }
    return out;
}

std::vector<const TomlNode*> TomlFields::tables(std::string_view key) {
    read_keys_.emplace_back(key);
    const TomlNode* node = table_.find(key);
    if (!node) return {};
    if (node->kind == TomlNode::Kind::table) return {node};
    std::vector<const TomlNode*> out;
    if (node->kind == TomlNode::Kind::array) {
        for (const auto& item : node->array) {
            if (item.kind != TomlNode::Kind::table) {
                diagnostics_.error(path_, item.position,
                                   "each '" + std::string(key) + "' entry must be a table ([[" + std::string(key) +
                                       "]])",
                                   category_);
                return {};
            }
            out.push_back(&item);
        }
        return out;
    }
    error_at(key, "'" + std::string(key) + "' must be a table ([[" + std::string(key) + "]]), not " +
                      std::string(kind_name(node->kind)));
    return {};
}

const TomlNode* TomlFields::table(std::string_view key) {
    return lookup(key, TomlNode::Kind::table, "a table");
}

void TomlFields::warn_unknown_keys(std::string_view where, std::span<const OtherName> other_names) {
    for (std::size_t i = 0; i < table_.table.size(); ++i) {
        const std::string& key = table_.table[i].first;
        if (std::find(read_keys_.begin(), read_keys_.end(), key) != read_keys_.end()) continue;
        // A slip of one letter in a short key, two in a longer one.
        const std::size_t slips = std::clamp<std::size_t>(key.size() / 3, 1, 2);
        std::string meant = closest_match(key, read_keys_, slips);
        for (const auto& other : other_names)
            if (meant.empty() && key == other.key) meant = other.ours;
        const std::string hint = meant.empty() ? "" : "; did you mean '" + meant + "'?";
        diagnostics_.warning(path_, table_.key_positions[i],
                             "unknown key '" + key + "' in " + std::string(where) + " (ignored)" + hint, category_);
    }
}

}  // namespace healthsite::support
