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

bool must_escape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

#if defined(__SSE2__)
// One bit for each of sixteen bytes that a plain run stops at: a byte JSON
// escapes (a control character, '"' or '\\') and, until the text is known
// to be valid UTF-8, a byte from 0x80 up.
unsigned run_stops(const char* sixteen, bool stop_at_non_ascii) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(sixteen));
    const __m128i below_space = _mm_set1_epi8(0x1F);
    // A byte is at most 0x1F, taken unsigned, when its maximum with 0x1F is 0x1F.
    const __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(bytes, below_space), below_space);
    const __m128i special = _mm_or_si128(control, _mm_or_si128(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('"')),
                                                                  _mm_cmpeq_epi8(bytes, _mm_set1_epi8('\\'))));
    auto stops = static_cast<unsigned>(_mm_movemask_epi8(special));
    if (stop_at_non_ascii) stops |= static_cast<unsigned>(_mm_movemask_epi8(bytes));
    return stops;
}
#endif

// How many bytes the text starts with that go into a JSON string as they
// are: up to a byte to escape, or to the first byte from 0x80 up while the
// text is not yet known to be valid UTF-8.
std::size_t plain_run(std::string_view text, bool stop_at_non_ascii) {
    std::size_t at = 0;
#if defined(__SSE2__)
    for (; at + 16 <= text.size(); at += 16)
        if (const unsigned stops = run_stops(text.data() + at, stop_at_non_ascii))
            return at + static_cast<std::size_t>(__builtin_ctz(stops));
    if (at == text.size()) return at;
    // The last few bytes go through the same test, padded with plain ones.
    char last[16];
    std::memset(last, 'a', sizeof last);
    std::memcpy(last, text.data() + at, text.size() - at);
    const unsigned stops = run_stops(last, stop_at_non_ascii);
    return stops ? at + static_cast<std::size_t>(__builtin_ctz(stops)) : text.size();
#else
    for (; at < text.size(); ++at) {
        const auto c = static_cast<unsigned char>(text[at]);
        if (must_escape(c) || (stop_at_non_ascii && c >= 0x80)) break;
    }
    return at;
#endif
}

// A byte escaped as RapidJSON escapes it: the short forms where JSON has
// them, else \u00XX with upper-case digits.
void append_escape(rapidjson::StringBuffer& out, unsigned char c) {
    constexpr std::string_view kHex = "0123456789ABCDEF";
    out.Put('\\');
    switch (c) {
        case '"': return out.Put('"');
        case '\\': return out.Put('\\');
        case '\b': return out.Put('b');
        case '\t': return out.Put('t');
        case '\n': return out.Put('n');
        case '\f': return out.Put('f');
        case '\r': return out.Put('r');
        default: break;
    }
    char* at = out.Push(5);
    at[0] = 'u';
    at[1] = '0';
    at[2] = '0';
    at[3] = kHex[c >> 4];
    at[4] = kHex[c & 0xF];
}

#if defined(__SSE2__)
// A string of 4 to 16 bytes that is plain ASCII all through, written with
// its quotes: read, tested and written as two halves that may overlap, with
// none of the calls to memcpy of the usual path. Most keys and many values
// are this short. Nothing is written, and false returned, for any other.
template <typename Half>
bool append_short_plain_as(rapidjson::StringBuffer& out, std::string_view text) {
    Half halves[16 / sizeof(Half)];
    std::memset(halves, 'a', sizeof halves);  // plain bytes after two short halves
    std::memcpy(&halves[0], text.data(), sizeof(Half));
    std::memcpy(&halves[1], text.data() + text.size() - sizeof(Half), sizeof(Half));
    if (run_stops(reinterpret_cast<const char*>(halves), true) != 0) return false;
    char* to = out.Push(text.size() + 2);
    to[0] = '"';
    std::memcpy(to + 1, &halves[0], sizeof(Half));
    std::memcpy(to + 1 + text.size() - sizeof(Half), &halves[1], sizeof(Half));
    to[text.size() + 1] = '"';
    return true;
}

bool append_short_plain(rapidjson::StringBuffer& out, std::string_view text) {
    if (text.size() >= 8 && text.size() <= 16) return append_short_plain_as<std::uint64_t>(out, text);
    if (text.size() >= 4 && text.size() < 8) return append_short_plain_as<std::uint32_t>(out, text);
    return false;
}
#endif

// The text as a JSON string, quotes included, in one pass: plain runs are
// copied whole, and the text is checked to be UTF-8 (and repaired if it is
// not) from its first byte that is not ASCII, when there is one.
void append_json_string(rapidjson::StringBuffer& out, std::string_view text) {
#if defined(__SSE2__)
    if (append_short_plain(out, text)) return;
#endif
    out.Put('"');
    std::string repaired;
    bool checked_utf8 = false;
    for (;;) {
        const std::size_t run = plain_run(text, !checked_utf8);
        if (run > 0) std::memcpy(out.Push(run), text.data(), run);
        text.remove_prefix(run);
        if (text.empty()) break;
        const auto c = static_cast<unsigned char>(text.front());
        if (must_escape(c)) {
            append_escape(out, c);
            text.remove_prefix(1);
            continue;
        }
        checked_utf8 = true;  // what comes before is ASCII, which is valid
        if (const auto bad = find_invalid_utf8(text)) {
            repaired = repaired_utf8(text, *bad);
            text = repaired;
        }
    }
    out.Put('"');
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

    // A key or a string value. The writer puts what comes before it (a comma
    // or colon, and with an indent a new line), as for any value, and counts
    // it; the string itself is written here.
    void write_string(std::string_view text) {
        with([](auto& w) { w.RawValue("", 0, rapidjson::kStringType); });
        append_json_string(buffer, text);
    }

    // Room for a page's JSON-LD or search entries from the start, rather
    // than growing by half again from 256 bytes, copying each time.
    static constexpr std::size_t kUsualSize = 4096;
    rapidjson::StringBuffer buffer{nullptr, kUsualSize};
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
    impl_->write_string(name);
    return *this;
}

JsonWriter& JsonWriter::string(std::string_view text) {
    impl_->write_string(text);
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
