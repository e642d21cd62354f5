#pragma once
// Content hashes (xxHash XXH3, 64 bit) for build state and change detection.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace healthsite::support {

using Hash = std::uint64_t;

[[nodiscard]] Hash hash_bytes(std::string_view bytes);
[[nodiscard]] std::string to_hex(Hash hash);

// Streaming hash: feed pieces, then read the digest.
class Hasher {
public:
    Hasher();
    ~Hasher();
    Hasher(const Hasher&) = delete;
    Hasher& operator=(const Hasher&) = delete;

    // Each piece is length-prefixed, so ("ab","c") and ("a","bc") differ.
    Hasher& add(std::string_view piece);
    // A number as one piece of eight bytes (little-endian).
    Hasher& add_number(std::uint64_t value);
    // Bytes as they are, without a length: a stream hashed in pieces this way
    // gives the same digest as hash_bytes() of the whole.
    Hasher& add_bytes(std::string_view bytes);
    [[nodiscard]] Hash digest() const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace healthsite::support
