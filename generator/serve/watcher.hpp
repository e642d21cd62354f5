#pragma once
// Watches folders (recursively) and single files for changes with inotify.
// A folder that is missing, or removed and made again, is watched from the
// folder above it: a site's templates/ folder is often made during a preview.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace healthsite::serve {

class Watcher {
public:
    Watcher(const std::vector<std::filesystem::path>& folders, const std::vector<std::filesystem::path>& files);
    ~Watcher();
    Watcher(const Watcher&) = delete;
    Watcher& operator=(const Watcher&) = delete;

    // Waits up to timeout for a change. After the first event it waits a
    // little longer for the rest of a burst (an editor's save is often
    // several events), so one save means one rebuild.
    [[nodiscard]] bool wait_for_change(std::chrono::milliseconds timeout);
    [[nodiscard]] bool ok() const { return fd_ >= 0; }

private:
    // A name in a watched folder's parent that counts: a file, or a watched
    // folder (then `folder` is its path, to watch again when it is made).
    struct Name {
        std::string name;
        std::filesystem::path folder;
    };

    void watch_tree(const std::filesystem::path& folder);
    void watch_name(const std::filesystem::path& path, bool is_folder);
    bool named_event(int wd, std::uint32_t mask, std::string_view name);
    bool drain(int timeout_ms);

    int fd_ = -1;
    std::map<int, std::filesystem::path> folders_;  // watch descriptor -> folder
    std::map<int, std::vector<Name>> names_;        // watch descriptor of a parent -> the only names that count
};

}  // namespace healthsite::serve
