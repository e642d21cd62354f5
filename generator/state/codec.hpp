#pragma once
// A compact binary encoding for the build state: variable-length integers and
// length-prefixed strings. Reading past the end or a length that cannot be
// right marks the reader failed; callers then fall back to a clean build.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace healthsite::state {

class Writer {
public:
    Writer() = default;
    // Hands the bytes to sink about a megabyte at a time instead of holding
    // them all; flush() hands over the rest.
    explicit Writer(std::function<void(std::string_view)> sink) : sink_(std::move(sink)) {}

    // LEB128: seven bits a byte, low bits first, the top bit set on all bytes
    // but the last. Most numbers stored (lengths, counts, flags, line
    // numbers) take one byte, written here without a call.
    void u64(std::uint64_t value) {
        if (value >= 0x80) return u64_long(value);
        out_.push_back(static_cast<char>(value));
        maybe_flush();
    }
    void i64(std::int64_t value) { u64(static_cast<std::uint64_t>(value)); }
    void boolean(bool value) { u64(value ? 1 : 0); }
    // Eight bytes, little-endian: for hashes and times, which are large
    // numbers that a variable-length integer would spread over ten bytes.
    void fixed64(std::uint64_t value);
    void str(std::string_view text);
    void strings(const std::vector<std::string>& items);
    // Room for this many bytes in all, made at once rather than by doubling.
    void reserve(std::size_t bytes) { out_.reserve(bytes); }
    [[nodiscard]] const std::string& bytes() const { return out_; }
    [[nodiscard]] std::string take() { return std::move(out_); }
    void flush();

private:
    void u64_long(std::uint64_t value);
    void maybe_flush() {
        if (sink_ && out_.size() >= kChunk) flush();
    }

    static constexpr std::size_t kChunk = 1 << 20;
    std::string out_;
    std::function<void(std::string_view)> sink_;
};

class Reader {
public:
    explicit Reader(std::string_view bytes) : in_(bytes) {}
    std::uint64_t u64();
    std::int64_t i64() { return static_cast<std::int64_t>(u64()); }
    bool boolean() { return u64() != 0; }
    std::uint64_t fixed64();
    std::string str();
    // The same bytes without a copy, valid as long as the reader's input.
    std::string_view str_view();
    std::vector<std::string> strings();
    // A count of items still to come, refused when it exceeds what is left.
    std::size_t count();
    [[nodiscard]] bool ok() const { return ok_; }
    [[nodiscard]] bool at_end() const { return pos_ == in_.size(); }
    // What is still to read, left for another reader.
    [[nodiscard]] std::string_view unread() const { return in_.substr(pos_); }

private:
    std::string_view in_;
    std::size_t pos_ = 0;
    bool ok_ = true;
};

}  // namespace healthsite::state
