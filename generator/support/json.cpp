#include "generator/support/json.hpp"

#include <cstring>

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "generator/support/text.hpp"

namespace healthsite::support {

// Where the next byte a JSON string must escape is: a control character, '"'
// or '\\'. Bytes from 0x80 up are copied as they are (the text is checked
// UTF-8 by then).
static std::size_t find_json_special(const char* text, std::size_t size) {
    std::size_t at = 0;
#if defined(__SSE2__)
    const __m128i below_space = _mm_set1_epi8(0x1F);
    for (; at + 16 <= size; at += 16) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text + at));
        // A byte is at most 0x1F, taken unsigned, when its maximum with 0x1F is 0x1F.
        const __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(bytes, below_space), below_space);
        const __m128i special = _mm_or_si128(control, _mm_or_si128(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('"')),
                                                                      _mm_cmpeq_epi8(bytes, _mm_set1_epi8('\\'))));
        if (const int mask = _mm_movemask_epi8(special)) return at + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    }
#endif
    for (; at < size; ++at) {
        const auto c = static_cast<unsigned char>(text[at]);
        if (c < 0x20 || c == '"' || c == '\\') break;
    }
    return at;
}

}  // namespace healthsite::support

// RapidJSON's hook for copying the part of a string that needs no escaping
// in one go; without it, each byte takes a turn of its escaping loop, and the
// search index's text is most of what a build writes as JSON. Its own SSE2
// version (RAPIDJSON_SSE2) lets the control characters 0x1A to 0x1F through
// unescaped in this release. The escaping itself stays RapidJSON's.
template <>
inline bool rapidjson::Writer<rapidjson::StringBuffer>::ScanWriteUnescapedString(StringStream& is, size_t length) {
    const std::size_t left = length - is.Tell();
    const std::size_t plain = healthsite::support::find_json_special(is.src_, left);
    if (plain > 0) {
        std::memcpy(os_->PushUnsafe(plain), is.src_, plain);
        is.src_ += plain;
    }
    return plain < left;
}

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
