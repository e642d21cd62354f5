#include "generator/support/hash.hpp"

#include <array>
#include <cstdio>
#include <cstring>

#include <xxhash.h>
#if defined(__x86_64__)
#define XXH_DISPATCH_DISABLE_REPLACE  // named below, not swapped in by macros
#include <xxh_x86dispatch.h>
#endif

namespace healthsite::support {

namespace {

// On x86-64, libxxhash's "dispatch" entry points choose the widest vector
// unit the processor has (AVX2 or AVX-512) when first called; the plain ones
// use SSE2, which takes about 2.5 times the instructions on long input. The
// hash values are the same.
XXH64_hash_t xxh3(const void* bytes, std::size_t size) {
#if defined(__x86_64__)
    return XXH3_64bits_dispatch(bytes, size);
#else
    return XXH3_64bits(bytes, size);
#endif
}

void xxh3_update(XXH3_state_t* state, const void* bytes, std::size_t size) {
#if defined(__x86_64__)
    XXH3_64bits_update_dispatch(state, bytes, size);
#else
    XXH3_64bits_update(state, bytes, size);
#endif
}

}  // namespace

Hash hash_bytes(std::string_view bytes) { return xxh3(bytes.data(), bytes.size()); }

std::string to_hex(Hash hash) {
    char buffer[17];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(hash));
    return buffer;
}

struct Hasher::State {
    XXH3_state_t* xxh = XXH3_createState();
    std::array<char, 4096> buffer;  // only the part before Hasher::next_ is read
};

// For overwrite: the buffer is not zeroed first, four kilobytes for each hash.
Hasher::Hasher() : state_(std::make_unique_for_overwrite<State>()) {
    XXH3_64bits_reset(state_->xxh);
    next_ = state_->buffer.data();
    end_ = next_ + state_->buffer.size();
}

Hasher::~Hasher() { XXH3_freeState(state_->xxh); }

void Hasher::flush() const {
    xxh3_update(state_->xxh, state_->buffer.data(), static_cast<std::size_t>(next_ - state_->buffer.data()));
    next_ = state_->buffer.data();
}

Hasher& Hasher::add_after_flush(std::string_view piece) {
    flush();
    const std::uint64_t size = piece.size();
    if (sizeof size + piece.size() <= state_->buffer.size()) return add(piece);
    xxh3_update(state_->xxh, &size, sizeof size);
    xxh3_update(state_->xxh, piece.data(), piece.size());
    return *this;
}

Hasher& Hasher::add_number(std::uint64_t value) {
    char bytes[8];
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((value >> (8 * i)) & 0xFF);
    return add(std::string_view(bytes, sizeof bytes));
}

Hasher& Hasher::add_bytes(std::string_view bytes) {
    if (static_cast<std::size_t>(end_ - next_) < bytes.size()) flush();
    if (bytes.size() > state_->buffer.size()) {
        xxh3_update(state_->xxh, bytes.data(), bytes.size());
        return *this;
    }
    std::memcpy(next_, bytes.data(), bytes.size());
    next_ += bytes.size();
    return *this;
}

Hash Hasher::digest() const {
    flush();
    return XXH3_64bits_digest(state_->xxh);
}

}  // namespace healthsite::support
