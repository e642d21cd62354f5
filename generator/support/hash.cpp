#include "generator/support/hash.hpp"

#include <array>
#include <cstdio>
#include <cstring>

#include <xxhash.h>

namespace healthsite::support {

Hash hash_bytes(std::string_view bytes) { return XXH3_64bits(bytes.data(), bytes.size()); }

std::string to_hex(Hash hash) {
    char buffer[17];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(hash));
    return buffer;
}

// Pieces are gathered in a buffer and handed to xxHash a few kilobytes at a
// time: a view's digest is made of thousands of short strings, and each call
// into xxHash's streaming API costs more than hashing a short string. The
// digest is the same as when every piece is handed over at once.
struct Hasher::State {
    XXH3_state_t* xxh = XXH3_createState();
    std::array<char, 4096> buffer{};
    std::size_t used = 0;

    void flush() {
        XXH3_64bits_update(xxh, buffer.data(), used);
        used = 0;
    }
    void append(const void* bytes, std::size_t size) {
        if (used + size > buffer.size()) flush();
        if (size > buffer.size()) {
            XXH3_64bits_update(xxh, bytes, size);
            return;
        }
        std::memcpy(buffer.data() + used, bytes, size);
        used += size;
    }
};

Hasher::Hasher() : state_(std::make_unique<State>()) { XXH3_64bits_reset(state_->xxh); }

Hasher::~Hasher() { XXH3_freeState(state_->xxh); }

Hasher& Hasher::add(std::string_view piece) {
    const std::uint64_t size = piece.size();
    state_->append(&size, sizeof size);
    state_->append(piece.data(), piece.size());
    return *this;
}

Hasher& Hasher::add_number(std::uint64_t value) {
    char bytes[8];
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((value >> (8 * i)) & 0xFF);
    return add(std::string_view(bytes, sizeof bytes));
}

Hasher& Hasher::add_bytes(std::string_view bytes) {
    state_->append(bytes.data(), bytes.size());
    return *this;
}

Hash Hasher::digest() const {
    state_->flush();
    return XXH3_64bits_digest(state_->xxh);
}

}  // namespace healthsite::support
