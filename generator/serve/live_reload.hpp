#pragma once
// The preview's live reload: a script added to every HTML page the preview
// serves (never to the files on disk), and the news of each build it
// listens to.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace healthsite::serve {

inline constexpr std::string_view kScriptPath = "/__healthsite/live.js";
inline constexpr std::string_view kEventsPath = "/__healthsite/events";

// What builds changed that open pages must reload for. A page reloads when
// its own file changed, or when a file every page may use did (a style
// sheet, a script, an image): reloading every page for every edit would
// lose each reader's place and what they typed.
struct PageChanges {
    bool all = false;                // every page reloads
    std::vector<std::string> pages;  // else these: HTML files relative to the output folder, sorted
};

// Sorts the files one build wrote or removed (relative to the output
// folder) into the pages they concern. Files no page loads when it opens
// (the search index, the sitemap, the feed) concern none.
[[nodiscard]] PageChanges page_changes(const std::vector<std::string>& changed_files);

// The script: listens for build news over Server-Sent Events from the
// generation its page was served at; reloads the page when a good build
// changed it, and shows the errors of a failed one on top of the last good
// page until a good build takes them away.
[[nodiscard]] std::string_view live_reload_script();

// Adds the script tag before </body> (or at the end), naming the page's
// file ("" for a page not found) and the generation it was served at.
[[nodiscard]] std::string inject_script(std::string html, std::string_view page, std::uint64_t generation);

// The outcome of the builds so far, shared between the build loop and the
// connections waiting for news.
class BuildNews {
public:
    void publish_success(PageChanges changes);
    void publish_failure(std::string errors);
    void stop();

    // The latest build's outcome, with what changed since a page's generation.
    struct Update {
        std::uint64_t generation = 0;
        bool ok = true;
        std::string errors;
        PageChanges changes;
        bool stopping = false;
    };
    [[nodiscard]] std::uint64_t generation() const;
    [[nodiscard]] Update since(std::uint64_t seen) const;
    // Waits until the generation passes seen, the timeout ends or stop().
    [[nodiscard]] Update wait_after(std::uint64_t seen, std::chrono::milliseconds timeout) const;

private:
    [[nodiscard]] Update since_locked(std::uint64_t seen) const;

    struct Build {
        std::uint64_t generation = 0;
        PageChanges changes;
    };
    mutable std::mutex mutex_;
    mutable std::condition_variable news_;
    std::deque<Build> history_;  // the latest builds, oldest first
    std::uint64_t generation_ = 0;
    bool ok_ = true;
    std::string errors_;
    bool stopping_ = false;
};

// One Server-Sent Events message for an update.
[[nodiscard]] std::string event_for(const BuildNews::Update& update);

}  // namespace healthsite::serve
