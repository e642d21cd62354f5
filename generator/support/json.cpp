#include "generator/support/json.hpp"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "generator/support/text.hpp"

namespace healthsite::support {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// The text with each malformed byte replaced; valid text, the usual case,
// is only scanned.
std::string repaired_utf8(std::string_view text, std::size_t first_bad) {
    std::string out(text.substr(0, first_bad));
    out += kReplacement;
    std::string_view rest = text.substr(first_bad + 1);
    while (const auto bad = find_invalid_utf8(rest)) {
        out += rest.substr(0, *bad);
        out += kReplacement;
        rest = rest.substr(*bad + 1);
    }
    out += rest;
    return out;
}

}  // namespace

// Both writers are kept so the indentation can be chosen when the writer is
// made; only one of them is used.
struct JsonWriter::Impl {
    explicit Impl(int indent) : compact(buffer), pretty(buffer), indented(indent > 0) {
        if (indented) pretty.SetIndent(' ', static_cast<unsigned>(indent));
    }

    template <typename Call>
    void with(Call call) {
        if (indented) call(pretty);
        else call(compact);
    }

    void write_string(std::string_view text, bool is_key) {
        const auto bad = find_invalid_utf8(text);
        const std::string fixed = bad ? repaired_utf8(text, *bad) : std::string();
        const std::string_view valid = bad ? std::string_view(fixed) : text;
        const auto size = static_cast<rapidjson::SizeType>(valid.size());
        with([&](auto& w) { is_key ? w.Key(valid.data(), size) : w.String(valid.data(), size); });
    }

    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> compact;
    rapidjson::PrettyWriter<rapidjson::StringBuffer> pretty;
    bool indented;
};

JsonWriter::JsonWriter(int indent) : impl_(std::make_unique<Impl>(indent)) {}
JsonWriter::~JsonWriter() = default;

JsonWriter& JsonWriter::begin_object() {
    impl_->with([](auto& w) { w.StartObject(); });
    return *this;
}

JsonWriter& JsonWriter::end_object() {
    impl_->with([](auto& w) { w.EndObject(); });
    return *this;
}

JsonWriter& JsonWriter::begin_array() {
    impl_->with([](auto& w) { w.StartArray(); });
    return *this;
}

JsonWriter& JsonWriter::end_array() {
    impl_->with([](auto& w) { w.EndArray(); });
    return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
    impl_->write_string(name, true);
    return *this;
}

JsonWriter& JsonWriter::string(std::string_view text) {
    impl_->write_string(text, false);
    return *this;
}

JsonWriter& JsonWriter::number(std::int64_t value) {
    impl_->with([&](auto& w) { w.Int64(value); });
    return *this;
}

JsonWriter& JsonWriter::number(double value) {
    impl_->with([&](auto& w) { w.Double(value); });
    return *this;
}

JsonWriter& JsonWriter::boolean(bool value) {
    impl_->with([&](auto& w) { w.Bool(value); });
    return *this;
}

JsonWriter& JsonWriter::field(std::string_view name, const std::vector<std::string>& texts) {
    key(name).begin_array();
    for (const auto& text : texts) string(text);
    return end_array();
}

std::string JsonWriter::take() {
    std::string out(impl_->buffer.GetString(), impl_->buffer.GetSize());
    impl_->buffer.Clear();
    impl_->compact.Reset(impl_->buffer);  // ready for another value
    impl_->pretty.Reset(impl_->buffer);
    return out;
}

}  // namespace healthsite::support
