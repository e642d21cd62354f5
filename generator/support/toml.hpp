#pragma once
// TOML documents (site.toml, front matter, data files) as a plain tree with
// source positions, so that every later error can name path:line:col counted
// from the top of the file. The only place that includes toml++.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "generator/support/diagnostics.hpp"

namespace healthsite::support {

struct TomlDate {
    int year = 0, month = 0, day = 0;
    [[nodiscard]] std::string iso() const;  // "2026-11-25"
    auto operator<=>(const TomlDate&) const = default;
};

struct TomlNode {
    // Declared here and defaulted in toml.cpp: the node holds vectors of
    // itself, which some standard libraries can only handle once it is complete.
    TomlNode();
    ~TomlNode();
    TomlNode(const TomlNode&);
    TomlNode(TomlNode&&) noexcept;
    TomlNode& operator=(const TomlNode&);
    TomlNode& operator=(TomlNode&&) noexcept;

    enum class Kind { string, integer, floating, boolean, date, other_time, array, table };
    Kind kind = Kind::table;
    Position position;  // where the value starts
    std::string string;
    std::int64_t integer = 0;
    double floating = 0;
    bool boolean = false;
    TomlDate date;
    std::vector<TomlNode> array;
    std::vector<std::pair<std::string, TomlNode>> table;  // in source order
    std::vector<Position> key_positions;                  // one per table entry

    [[nodiscard]] const TomlNode* find(std::string_view key) const;
};

[[nodiscard]] std::string_view kind_name(TomlNode::Kind kind);

// Parses text as TOML. line_offset is added to every line (the line of the
// text's first character in its file, minus one). A syntax error is reported
// at its position and yields nullopt.
[[nodiscard]] std::optional<TomlNode> parse_toml(std::string_view text, const std::string& path, int line_offset,
                                                 Diagnostics& diagnostics, Category category);

// Typed, validated reads from one table. Every key read is remembered, so the
// keys left over can be reported as unknown.
class TomlFields {
public:
    TomlFields(const TomlNode& table, std::string path, Diagnostics& diagnostics, Category category);

    std::optional<std::string> string(std::string_view key, bool required = false);
    std::optional<std::int64_t> integer(std::string_view key);
    std::optional<double> number(std::string_view key);
    std::optional<bool> boolean(std::string_view key);
    std::optional<TomlDate> date(std::string_view key);
    std::optional<std::vector<std::string>> strings(std::string_view key);
    // An array of tables ([[name]]) or a single table; each element checked.
    std::vector<const TomlNode*> tables(std::string_view key);
    const TomlNode* table(std::string_view key);

    void error_at(std::string_view key, std::string message);
    void warning_at(std::string_view key, std::string message);
    [[nodiscard]] Position position_of(std::string_view key) const;
    // One warning per key never read: "unknown key 'titel' (ignored)".
    // A key that another tool uses for something healthsite has under
    // another name ("date" for "last_reviewed"), for the unknown-key warning.
    struct OtherName {
        std::string_view key;
        std::string_view ours;
    };
    void warn_unknown_keys(std::string_view where, std::span<const OtherName> other_names = {});
    [[nodiscard]] const std::string& path() const { return path_; }
    [[nodiscard]] Diagnostics& diagnostics() { return diagnostics_; }

private:
    const TomlNode* lookup(std::string_view key, TomlNode::Kind kind, std::string_view expected);

    const TomlNode& table_;
    std::string path_;
    Diagnostics& diagnostics_;
    Category category_;
    std::vector<std::string> read_keys_;
};

}  // namespace healthsite::support
