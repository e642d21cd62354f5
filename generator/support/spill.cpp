#include "generator/support/spill.hpp"

#include <cerrno>

#include <fcntl.h>
#include <unistd.h>

namespace healthsite::support {

std::unique_ptr<SpillFile> SpillFile::create(const std::filesystem::path& folder) {
    const int fd = ::open(folder.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0) return nullptr;
    return std::unique_ptr<SpillFile>(new SpillFile(fd));
}

SpillFile::~SpillFile() { ::close(fd_); }

std::optional<SpillFile::Slot> SpillFile::put(std::string_view bytes) {
    // Each caller takes its own stretch of the file, so writes never overlap.
    const Slot slot{end_.fetch_add(bytes.size()), bytes.size()};
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t wrote = ::pwrite(fd_, bytes.data() + done, bytes.size() - done,
                                       static_cast<off_t>(slot.offset + done));
        if (wrote < 0 && errno == EINTR) continue;
        if (wrote <= 0) return std::nullopt;
        done += static_cast<std::size_t>(wrote);
    }
    return slot;
}

std::optional<std::string> SpillFile::get(Slot slot) const {
    std::string bytes(slot.size, '\0');
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t got = ::pread(fd_, bytes.data() + done, bytes.size() - done, static_cast<off_t>(slot.offset + done));
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return std::nullopt;
        done += static_cast<std::size_t>(got);
    }
    return bytes;
}

}  // namespace healthsite::support
