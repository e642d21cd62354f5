#include "generator/serve/watcher.hpp"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

namespace healthsite::serve {

namespace fs = std::filesystem;

namespace {
constexpr std::uint32_t kEvents = IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO |
                                  IN_DELETE_SELF | IN_MOVE_SELF | IN_ATTRIB;
constexpr int kBurstMs = 80;
}  // namespace

Watcher::Watcher(const std::vector<fs::path>& folders, const std::vector<fs::path>& files)
    : fd_(inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {
    if (fd_ < 0) return;
    for (const auto& folder : folders) watch_tree(folder);
    // A single file is watched through its folder: editors often replace a
    // file by renaming a new one over it, which a watch on the file would miss.
    for (const auto& file : files) {
        const int wd = inotify_add_watch(fd_, file.parent_path().empty() ? "." : file.parent_path().c_str(),
                                         IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_MODIFY);
        if (wd >= 0) files_[wd].push_back(file.filename().string());
    }
}

Watcher::~Watcher() {
    if (fd_ >= 0) ::close(fd_);
}

void Watcher::watch_tree(const fs::path& folder) {
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) return;
    const int wd = inotify_add_watch(fd_, folder.c_str(), kEvents);
    if (wd >= 0) folders_[wd] = folder;
    for (auto it = fs::recursive_directory_iterator(folder, ec); it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        if (it->is_directory(ec)) {
            const int sub = inotify_add_watch(fd_, it->path().c_str(), kEvents);
            if (sub >= 0) folders_[sub] = it->path();
        }
    }
}

// Reads pending events; true if there were any. New folders get watches.
bool Watcher::drain(int timeout_ms) {
    pollfd pfd{fd_, POLLIN, 0};
    if (::poll(&pfd, 1, timeout_ms) <= 0) return false;
    alignas(inotify_event) char buffer[16384];
    bool any = false;
    for (ssize_t n; (n = ::read(fd_, buffer, sizeof buffer)) > 0;) {
        for (char* p = buffer; p < buffer + n;) {
            const auto* event = reinterpret_cast<const inotify_event*>(p);
            p += sizeof(inotify_event) + event->len;
            if (const auto names = files_.find(event->wd); names != files_.end()) {
                for (const auto& name : names->second) any = any || (event->len && name == event->name);
                continue;
            }
            any = true;
            const auto folder = folders_.find(event->wd);
            if ((event->mask & IN_ISDIR) && (event->mask & (IN_CREATE | IN_MOVED_TO)) && folder != folders_.end() && event->len)
                watch_tree(folder->second / event->name);
        }
    }
    return any;
}

bool Watcher::wait_for_change(std::chrono::milliseconds timeout) {
    if (fd_ < 0) return false;
    if (!drain(static_cast<int>(timeout.count()))) return false;
    while (drain(kBurstMs)) {
    }
    return true;
}

}  // namespace healthsite::serve
