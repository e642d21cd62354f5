#pragma once
// Bytes kept on disk rather than in memory until they are needed again, such
// as each page's HTML between parsing and rendering: on a large site that is
// the biggest thing a build holds. The file has no name (it is never seen in
// any folder) and is gone when the object is.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace healthsite::support {

class SpillFile {
public:
    struct Slot {
        std::uint64_t offset = 0;
        std::uint64_t size = 0;
    };

    // A spill file on the file system of folder; nullptr when none can be
    // made there (callers then keep the bytes in memory).
    [[nodiscard]] static std::unique_ptr<SpillFile> create(const std::filesystem::path& folder);
    ~SpillFile();
    SpillFile(const SpillFile&) = delete;
    SpillFile& operator=(const SpillFile&) = delete;

    // Both are safe to call from several threads at once. Nullopt when the
    // bytes could not be written or read back.
    [[nodiscard]] std::optional<Slot> put(std::string_view bytes);
    [[nodiscard]] std::optional<std::string> get(Slot slot) const;

private:
    explicit SpillFile(int fd) : fd_(fd) {}
    int fd_;
    std::atomic<std::uint64_t> end_{0};
};

}  // namespace healthsite::support
