#include "generator/support/hash.hpp"

#include <cstdio>

#include <xxhash.h>

namespace healthsite::support {

Hash hash_bytes(std::string_view bytes) { return XXH3_64bits(bytes.data(), bytes.size()); }

std::string to_hex(Hash hash) {
    char buffer[17];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(hash));
    return buffer;
}

struct Hasher::State {
    XXH3_state_t* xxh = XXH3_createState();
};

Hasher::Hasher() : state_(std::make_unique<State>()) { XXH3_64bits_reset(state_->xxh); }

Hasher::~Hasher() { XXH3_freeState(state_->xxh); }

Hasher& Hasher::add(std::string_view piece) {
    const std::uint64_t size = piece.size();
    XXH3_64bits_update(state_->xxh, &size, sizeof size);
    XXH3_64bits_update(state_->xxh, piece.data(), piece.size());
    return *this;
}

Hasher& Hasher::add_bytes(std::string_view bytes) {
    XXH3_64bits_update(state_->xxh, bytes.data(), bytes.size());
    return *this;
}

Hash Hasher::digest() const { return XXH3_64bits_digest(state_->xxh); }

}  // namespace healthsite::support
