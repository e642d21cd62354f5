#include "generator/state/codec.hpp"

namespace healthsite::state {

// Byte by byte: a push_back is a fraction of an append.
void Writer::u64_long(std::uint64_t value) {
    for (; value >= 0x80; value >>= 7) out_.push_back(static_cast<char>((value & 0x7F) | 0x80));
    out_.push_back(static_cast<char>(value));
    maybe_flush();
}

void Writer::fixed64(std::uint64_t value) {
    char bytes[8];
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((value >> (8 * i)) & 0xFF);
    out_.append(bytes, sizeof bytes);
    maybe_flush();
}

void Writer::flush() {
    if (!sink_) return;
    if (!out_.empty()) sink_(out_);
    out_.clear();
}

void Writer::str(std::string_view text) {
    u64(text.size());
    out_.append(text);
    maybe_flush();
}

void Writer::strings(const std::vector<std::string>& items) {
    u64(items.size());
    for (const auto& item : items) str(item);
}

std::uint64_t Reader::u64() {
    std::uint64_t value = 0;
    for (int shift = 0; ok_ && shift < 64; shift += 7) {
        if (pos_ >= in_.size()) break;
        const auto byte = static_cast<unsigned char>(in_[pos_++]);
        value |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
        if ((byte & 0x80) == 0) return value;
    }
    ok_ = false;  // cut off, or longer than any number written
    return 0;
}

std::uint64_t Reader::fixed64() {
    if (!ok_ || in_.size() - pos_ < 8) {
        ok_ = false;
        return 0;
    }
    std::uint64_t value = 0;
    for (int i = 0; i < 8; ++i) value |= static_cast<std::uint64_t>(static_cast<unsigned char>(in_[pos_ + i])) << (8 * i);
    pos_ += 8;
    return value;
}

std::size_t Reader::count() {
    const std::uint64_t n = u64();
    if (n > in_.size() - pos_) ok_ = false;  // every item takes at least one byte
    return ok_ ? static_cast<std::size_t>(n) : 0;
}

std::string Reader::str() { return std::string(str_view()); }

std::string_view Reader::str_view() {
    const std::size_t size = count();
    if (!ok_) return {};
    const std::string_view out = in_.substr(pos_, size);
    pos_ += size;
    return out;
}

std::vector<std::string> Reader::strings() {
    std::vector<std::string> out(count());
    for (auto& item : out) item = str();
    return out;
}

}  // namespace healthsite::state
