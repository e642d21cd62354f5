#include "generator/serve/live_reload.hpp"

#include <nlohmann/json.hpp>

namespace healthsite::serve {

std::string_view live_reload_script() {
    return R"js((function () {
  "use strict";
  var box = null;
  function show(text) {
    if (!box) {
      box = document.createElement("div");
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:99999;" +
        "background:#fff4f4;color:#700;border-top:4px solid #b10e1e;padding:1rem;font:14px/1.4 monospace;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "The site did not build. The last good version is shown.\n\n" + text;
  }
  var source = new EventSource("/__healthsite/events");
  var first = true;
  source.addEventListener("build", function (event) {
    var news = JSON.parse(event.data);
    if (first) { first = false; if (news.ok) return; }
    if (!news.ok) { show(news.errors); } else if (news.changed || box) { location.reload(); }
  });
})();
)js";
}

std::string inject_script(std::string html) {
    const std::string tag = "<script src=\"" + std::string(kScriptPath) + "\" defer></script>\n";
    const auto body = html.rfind("</body>");
    if (body == std::string::npos) return html + tag;
    html.insert(body, tag);
    return html;
}

void BuildNews::publish_success(bool changed) {
    {
        std::lock_guard lock(mutex_);
        ++state_.generation;
        state_.ok = true;
        state_.changed = changed;
        state_.errors.clear();
    }
    changed_.notify_all();
}

void BuildNews::publish_failure(std::string errors) {
    {
        std::lock_guard lock(mutex_);
        ++state_.generation;
        state_.ok = false;
        state_.changed = false;
        state_.errors = std::move(errors);
    }
    changed_.notify_all();
}

void BuildNews::stop() {
    {
        std::lock_guard lock(mutex_);
        state_.stopping = true;
    }
    changed_.notify_all();
}

BuildNews::Snapshot BuildNews::current() const {
    std::lock_guard lock(mutex_);
    return state_;
}

BuildNews::Snapshot BuildNews::wait_after(std::uint64_t seen, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, timeout, [&] { return state_.generation > seen || state_.stopping; });
    return state_;
}

std::string event_for(const BuildNews::Snapshot& news) {
    const nlohmann::json data{
        {"generation", news.generation}, {"ok", news.ok}, {"changed", news.changed}, {"errors", news.errors}};
    return "event: build\ndata: " + data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n\n";
}

}  // namespace healthsite::serve
