#pragma once
// Content hashes (xxHash XXH3, 64 bit) for build state and change detection.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

namespace healthsite::support {

using Hash = std::uint64_t;

[[nodiscard]] Hash hash_bytes(std::string_view bytes);
[[nodiscard]] std::string to_hex(Hash hash);

// Streaming hash: feed pieces, then read the digest. Pieces are gathered in
// a buffer and handed to xxHash a few kilobytes at a time: a view's digest is
// made of thousands of short strings, and a call into xxHash's streaming API
// for each would cost more than hashing them. The digest is the same as when
// every piece is handed over at once.
class Hasher {
public:
    Hasher();
    ~Hasher();
    Hasher(const Hasher&) = delete;
    Hasher& operator=(const Hasher&) = delete;

    // Each piece is length-prefixed, so ("ab","c") and ("a","bc") differ.
    Hasher& add(std::string_view piece) {
        const std::uint64_t size = piece.size();
        if (static_cast<std::size_t>(end_ - next_) < sizeof size + piece.size()) return add_after_flush(piece);
        std::memcpy(next_, &size, sizeof size);
        std::memcpy(next_ + sizeof size, piece.data(), piece.size());
        next_ += sizeof size + piece.size();
        return *this;
    }
    // A number as one piece of eight bytes (little-endian).
    Hasher& add_number(std::uint64_t value);
    // Bytes as they are, without a length: a stream hashed in pieces this way
    // gives the same digest as hash_bytes() of the whole.
    Hasher& add_bytes(std::string_view bytes);
    [[nodiscard]] Hash digest() const;

private:
    struct State;  // xxHash's state and the buffer, whose free part is [next_, end_)
    Hasher& add_after_flush(std::string_view piece);
    void flush() const;

    std::unique_ptr<State> state_;
    mutable char* next_ = nullptr;
    char* end_ = nullptr;
};

}  // namespace healthsite::support
