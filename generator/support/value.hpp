#pragma once
// The plain data a template may show: a tree of strings, booleans, lists and
// maps. View models are built from it; templates render it; its canonical
// serialization is hashed to decide whether an output must be rebuilt.
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace healthsite::support {

class Value {
public:
    using List = std::vector<Value>;
    // Keys in the order they were added, each once. A vector rather than a
    // map: a view has tens of thousands of small objects of a few keys each,
    // where one allocation per object and a scan beat one per key, and
    // adding a key moves nothing. Hashing takes the keys in byte order.
    using Object = std::vector<std::pair<std::string, Value>>;

    Value() = default;
    Value(bool b) : data_(b) {}
    Value(std::string s) : data_(std::move(s)) {}
    Value(const char* s) : data_(std::string(s)) {}
    Value(std::string_view s) : data_(std::string(s)) {}
    Value(int n) : data_(std::to_string(n)) {}
    Value(List list) : data_(std::move(list)) {}
    // Of two equal keys the first is kept.
    Value(Object object);
    // A string that templates show as text but that hashes (canonical(),
    // digest()) as the string stand_in: a page's HTML standing in the hash
    // as the key of what it is made from. One view then serves both to
    // decide what to rebuild and to render.
    [[nodiscard]] static Value hashed_as(std::string text, std::string stand_in);

    [[nodiscard]] bool is_null() const { return std::holds_alternative<std::monostate>(data_); }
    [[nodiscard]] bool is_bool() const { return std::holds_alternative<bool>(data_); }
    [[nodiscard]] bool is_string() const {
        return std::holds_alternative<std::string>(data_) || std::holds_alternative<StandIn>(data_);
    }
    [[nodiscard]] bool is_list() const { return std::holds_alternative<List>(data_); }
    [[nodiscard]] bool is_object() const { return std::holds_alternative<Object>(data_); }

    [[nodiscard]] bool as_bool() const { return std::get<bool>(data_); }
    [[nodiscard]] const std::string& as_string() const {
        const auto* stand_in = std::get_if<StandIn>(&data_);
        return stand_in ? stand_in->text : std::get<std::string>(data_);
    }
    [[nodiscard]] const List& as_list() const { return std::get<List>(data_); }
    [[nodiscard]] const Object& as_object() const { return std::get<Object>(data_); }
    [[nodiscard]] List& as_list() { return std::get<List>(data_); }
    // Moves the string (a stand-in's text) out, leaving it empty.
    [[nodiscard]] std::string take_string() {
        auto* stand_in = std::get_if<StandIn>(&data_);
        return std::move(stand_in ? stand_in->text : std::get<std::string>(data_));
    }
    [[nodiscard]] Object& as_object() { return std::get<Object>(data_); }

    // Object access; turns a null value into an empty object first.
    Value& operator[](std::string_view key);
    // Null when the key is missing or this is not an object.
    [[nodiscard]] const Value& get(std::string_view key) const;
    // Appends to a list; turns a null value into an empty list first.
    void push_back(Value item);

    // A stable, unambiguous serialization, for hashing.
    void append_canonical(std::string& out) const;
    [[nodiscard]] std::string canonical() const;
    // The hash of canonical(), without building the string.
    [[nodiscard]] std::uint64_t digest() const;

    // What canonical() and digest() take for a string: its stand-in, or
    // the string itself.
    [[nodiscard]] const std::string& hashed_string() const {
        const auto* stand_in = std::get_if<StandIn>(&data_);
        return stand_in ? stand_in->stand_in : std::get<std::string>(data_);
    }

private:
    struct StandIn {
        std::string text;
        std::string stand_in;
    };

    std::variant<std::monostate, bool, std::string, List, Object, StandIn> data_;
};

}  // namespace healthsite::support
