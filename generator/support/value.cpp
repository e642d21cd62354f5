#include "generator/support/value.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <tuple>
#include <utility>

#include "generator/support/hash.hpp"

namespace healthsite::support {

namespace {

template <typename Object>
auto find_key(Object& object, std::string_view key) {
    return std::find_if(object.begin(), object.end(), [&](const auto& entry) { return entry.first == key; });
}

// Calls visit(key, value) for each of an object's entries in key order, for
// hashing: equal objects hash equal whatever order their keys were added in.
// A view's objects are small, so their order is worked out on the stack.
template <typename Visit>
void in_key_order(const Value::Object& object, Visit visit) {
    using Entry = const Value::Object::value_type*;
    // Keys mostly differ in their first byte: compared first, it spares most
    // comparisons a call to memcmp. Bytes compare unsigned, as in memcmp.
    const auto by_key = [](Entry a, Entry b) {
        const std::string& x = a->first;
        const std::string& y = b->first;
        if (!x.empty() && !y.empty() && x[0] != y[0]) return static_cast<unsigned char>(x[0]) < static_cast<unsigned char>(y[0]);
        return x < y;
    };
    constexpr std::size_t kSmall = 32;
    std::array<Entry, kSmall> small;
    std::vector<Entry> large;
    Entry* entries = small.data();
    if (object.size() > kSmall) {
        large.resize(object.size());
        entries = large.data();
    }
    for (std::size_t i = 0; i < object.size(); ++i) entries[i] = &object[i];
    std::sort(entries, entries + object.size(), by_key);
    for (std::size_t i = 0; i < object.size(); ++i) visit(entries[i]->first, entries[i]->second);
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
    if (is_null()) {
        // Room for the keys of a view's usual object up front: growing one
        // key at a time moved every entry at each doubling.
        constexpr std::size_t kUsualKeys = 8;
        data_.emplace<Object>().reserve(kUsualKeys);
    }
    auto& object = as_object();
    if (const auto it = find_key(object, key); it != object.end()) return it->second;
    // Made in place: a key and a null value built apart and moved in took
    // two copies of the key and a move and destruction of the value.
    return object.emplace_back(std::piecewise_construct, std::forward_as_tuple(key), std::forward_as_tuple()).second;
}

const Value& Value::get(std::string_view key) const {
    static const Value null_value;  // immutable sentinel, never written
    if (!is_object()) return null_value;
    const auto& object = as_object();
    const auto it = find_key(object, key);
    return it == object.end() ? null_value : it->second;
}

void Value::push_back(Value item) {
    if (is_null()) data_.emplace<List>();
    auto& list = as_list();
    // As for objects: a view's lists are short, and grew one item at a time.
    constexpr std::size_t kUsualItems = 8;
    if (list.capacity() == 0) list.reserve(kUsualItems);
    list.push_back(std::move(item));
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
        in_key_order(as_object(), [&](const std::string& key, const Value& item) {
            append_sized(out, 'k', key);
            item.append_canonical(out);
        });
        out += '}';
    }
}

namespace {

// Feeds the same pieces canonical() writes, so equal trees give equal digests.
void hash_into(const Value& value, Hasher& out) {
    if (value.is_string()) {
        out.add("s");
        out.add(value.hashed_string());
    } else if (value.is_object()) {
        out.add("{");
        in_key_order(value.as_object(), [&](const std::string& key, const Value& item) {
            out.add(key);
            hash_into(item, out);
        });
        out.add("}");
    } else if (value.is_list()) {
        out.add("[");
        for (const auto& item : value.as_list()) hash_into(item, out);
        out.add("]");
    } else if (value.is_bool()) {
        out.add(value.as_bool() ? "t" : "f");
    } else {
        out.add("n");
    }
}

}  // namespace

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
