#pragma once
// Watches folders (recursively) and single files for changes with inotify.
#include <chrono>
#include <filesystem>
#include <map>
#include <string>
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
    void watch_tree(const std::filesystem::path& folder);
    bool drain(int timeout_ms);

    int fd_ = -1;
    std::map<int, std::filesystem::path> folders_;      // watch descriptor -> folder
    std::map<int, std::vector<std::string>> files_;     // watch descriptor -> the only names that count
};

}  // namespace healthsite::serve
