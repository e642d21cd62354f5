#pragma once
// The preview's live reload: a script added to every HTML page the preview
// serves (never to the files on disk), and the state it listens to.
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

namespace healthsite::serve {

inline constexpr std::string_view kScriptPath = "/__healthsite/live.js";
inline constexpr std::string_view kEventsPath = "/__healthsite/events";

// The script: listens for build events over Server-Sent Events, reloads the
// page after a good build that changed the output (or that mends a failed
// one), and shows the errors of a failed one on top of the last good page.
[[nodiscard]] std::string_view live_reload_script();

// Adds the script tag before </body> (or at the end).
[[nodiscard]] std::string inject_script(std::string html);

// The outcome of the latest build, shared between the build loop and the
// connections waiting for news.
class BuildNews {
public:
    // changed: whether the build wrote or removed any file. A save that
    // changes nothing (an unchanged file saved again, a draft edited) needs
    // no reload, which would lose the reader's place and what they typed.
    void publish_success(bool changed);
    void publish_failure(std::string errors);
    void stop();

    struct Snapshot {
        std::uint64_t generation = 0;
        bool ok = true;
        bool changed = true;
        std::string errors;
        bool stopping = false;
    };
    [[nodiscard]] Snapshot current() const;
    // Waits until the generation passes seen, the timeout ends or stop().
    [[nodiscard]] Snapshot wait_after(std::uint64_t seen, std::chrono::milliseconds timeout) const;

private:
    mutable std::mutex mutex_;
    mutable std::condition_variable changed_;
    Snapshot state_;
};

// One Server-Sent Events message for a snapshot.
[[nodiscard]] std::string event_for(const BuildNews::Snapshot& news);

}  // namespace healthsite::serve
