#include "generator/serve/watcher.hpp"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

namespace healthsite::serve {

namespace fs = std::filesystem;

namespace {
constexpr std::uint32_t kEvents = IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO |
                                  IN_DELETE_SELF | IN_MOVE_SELF | IN_ATTRIB;
constexpr std::uint32_t kNameEvents = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_MODIFY;
constexpr int kBurstMs = 80;
}  // namespace

Watcher::Watcher(const std::vector<fs::path>& folders, const std::vector<fs::path>& files)
    : fd_(inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {
    if (fd_ < 0) return;
    for (const auto& folder : folders) {
        watch_tree(folder);
        watch_name(folder, true);
    }
    // A single file is watched through its folder: editors often replace a
    // file by renaming a new one over it, which a watch on the file would miss.
    for (const auto& file : files) watch_name(file, false);
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

void Watcher::watch_name(const fs::path& path, bool is_folder) {
    const fs::path parent = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    // IN_MASK_ADD: a site's folders and site.toml share one parent and one watch.
    const int wd = inotify_add_watch(fd_, parent.c_str(), kNameEvents | IN_MASK_ADD);
    if (wd >= 0) names_[wd].push_back({path.filename().string(), is_folder ? path : fs::path()});
}

// Whether an event in a watched parent is about a name that counts. A
// watched folder made (again) gets its watches.
bool Watcher::named_event(int wd, std::uint32_t mask, std::string_view name) {
    const auto names = names_.find(wd);
    if (names == names_.end() || name.empty()) return false;
    bool counts = false;
    for (const auto& entry : names->second) {
        if (entry.name != name) continue;
        counts = true;
        if (!entry.folder.empty() && (mask & IN_ISDIR) && (mask & (IN_CREATE | IN_MOVED_TO)))
            watch_tree(entry.folder);
    }
    return counts;
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
            const std::string_view name = event->len ? std::string_view(event->name) : std::string_view();
            any = named_event(event->wd, event->mask, name) || any;
            const auto folder = folders_.find(event->wd);
            if (folder == folders_.end()) continue;
            any = true;
            if ((event->mask & IN_ISDIR) && (event->mask & (IN_CREATE | IN_MOVED_TO)) && event->len)
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
