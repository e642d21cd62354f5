#include "generator/support/value.hpp"

#include <algorithm>

#include "generator/support/hash.hpp"

namespace healthsite::support {

namespace {

template <typename Object>
auto find_key(Object& object, std::string_view key) {
    return std::find_if(object.begin(), object.end(), [&](const auto& entry) { return entry.first == key; });
}

// An object's entries in key order, for hashing: equal objects hash equal
// whatever order their keys were added in.
std::vector<const Value::Object::value_type*> in_key_order(const Value::Object& object) {
    std::vector<const Value::Object::value_type*> entries;
    entries.reserve(object.size());
    for (const auto& entry : object) entries.push_back(&entry);
    std::sort(entries.begin(), entries.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
    return entries;
}

}  // namespace

Value::Value(Object object) {
    Object kept;
    kept.reserve(object.size());
    for (auto& entry : object)
        if (find_key(kept, entry.first) == kept.end()) kept.push_back(std::move(entry));
    data_ = std::move(kept);
}

Value Value::hashed_as(std::string text, std::string stand_in) {
    Value value;
    value.data_ = StandIn{std::move(text), std::move(stand_in)};
    return value;
}

Value& Value::operator[](std::string_view key) {
    if (is_null()) data_ = Object{};
    auto& object = as_object();
    if (const auto it = find_key(object, key); it != object.end()) return it->second;
    return object.emplace_back(std::string(key), Value{}).second;
}

const Value& Value::get(std::string_view key) const {
    static const Value null_value;  // immutable sentinel, never written
    if (!is_object()) return null_value;
    const auto& object = as_object();
    const auto it = find_key(object, key);
    return it == object.end() ? null_value : it->second;
}

void Value::push_back(Value item) {
    if (is_null()) data_ = List{};
    as_list().push_back(std::move(item));
}

static void append_sized(std::string& out, char tag, std::string_view text) {
    out += tag;
    out += std::to_string(text.size());
    out += ':';
    out += text;
}

void Value::append_canonical(std::string& out) const {
    if (is_null()) {
        out += 'n';
    } else if (is_bool()) {
        out += as_bool() ? 't' : 'f';
    } else if (is_string()) {
        append_sized(out, 's', hashed_string());
    } else if (is_list()) {
        out += '[';
        for (const auto& item : as_list()) item.append_canonical(out);
        out += ']';
    } else {
        out += '{';
        for (const auto* entry : in_key_order(as_object())) {
            append_sized(out, 'k', entry->first);
            entry->second.append_canonical(out);
        }
        out += '}';
    }
}

// Feeds the same pieces canonical() writes, so equal trees give equal digests.
static void hash_into(const Value& value, Hasher& hasher) {
    if (value.is_null()) hasher.add("n");
    else if (value.is_bool()) hasher.add(value.as_bool() ? "t" : "f");
    else if (value.is_string()) hasher.add("s").add(value.hashed_string());
    else if (value.is_list()) {
        hasher.add("[");
        for (const auto& item : value.as_list()) hash_into(item, hasher);
        hasher.add("]");
    } else {
        hasher.add("{");
        for (const auto* entry : in_key_order(value.as_object())) {
            hasher.add(entry->first);
            hash_into(entry->second, hasher);
        }
        hasher.add("}");
    }
}

std::uint64_t Value::digest() const {
    Hasher hasher;
    hash_into(*this, hasher);
    return hasher.digest();
}

std::string Value::canonical() const {
    std::string out;
    append_canonical(out);
    return out;
}

}  // namespace healthsite::support
