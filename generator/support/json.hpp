#pragma once
// JSON text written through RapidJSON's writer, for what the build emits:
// JSON-LD, search index entries, reports and preview events. Strings are
// taken as UTF-8; a malformed sequence is written as U+FFFD, so the output
// is always valid JSON.
//
// RapidJSON rather than nlohmann-json for writing: the JSON-LD and the search
// entries of every page go through here, and RapidJSON escapes a string at
// about a fifth of the cost (bench/README.md, "Where the time goes").
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace healthsite::support {

class JsonWriter {
public:
    // indent > 0 writes one value per line, nested by that many spaces.
    explicit JsonWriter(int indent = 0);
    ~JsonWriter();
    JsonWriter(const JsonWriter&) = delete;
    JsonWriter& operator=(const JsonWriter&) = delete;

    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    JsonWriter& key(std::string_view name);
    JsonWriter& string(std::string_view text);
    JsonWriter& number(std::int64_t value);
    JsonWriter& number(double value);
    JsonWriter& boolean(bool value);

    // A key and its value together.
    JsonWriter& field(std::string_view name, std::string_view text) { return key(name).string(text); }
    JsonWriter& field(std::string_view name, const char* text) { return key(name).string(text); }
    JsonWriter& field(std::string_view name, const std::string& text) { return key(name).string(text); }
    JsonWriter& field(std::string_view name, std::int64_t value) { return key(name).number(value); }
    JsonWriter& field(std::string_view name, int value) { return key(name).number(std::int64_t{value}); }
    JsonWriter& field(std::string_view name, std::size_t value) {
        return key(name).number(static_cast<std::int64_t>(value));
    }
    JsonWriter& field(std::string_view name, double value) { return key(name).number(value); }
    JsonWriter& field(std::string_view name, bool value) { return key(name).boolean(value); }
    // An array of strings.
    JsonWriter& field(std::string_view name, const std::vector<std::string>& texts);

    // The text written so far; the writer is left empty, ready for another
    // value.
    [[nodiscard]] std::string take();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace healthsite::support
