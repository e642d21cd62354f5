#include "generator/state/codec.hpp"

namespace healthsite::state {

void Writer::u64(std::uint64_t value) {
    for (int i = 0; i < 8; ++i) out_ += static_cast<char>((value >> (8 * i)) & 0xFF);
}

void Writer::str(std::string_view text) {
    u64(text.size());
    out_.append(text);
}

void Writer::strings(const std::vector<std::string>& items) {
    u64(items.size());
    for (const auto& item : items) str(item);
}

std::uint64_t Reader::u64() {
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

std::string Reader::str() {
    const std::size_t size = count();
    if (!ok_) return {};
    std::string out(in_.substr(pos_, size));
    pos_ += size;
    return out;
}

std::vector<std::string> Reader::strings() {
    std::vector<std::string> out(count());
    for (auto& item : out) item = str();
    return out;
}

}  // namespace healthsite::state
