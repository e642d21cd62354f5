#include "generator/serve/live_reload.hpp"

#include <algorithm>

#include "generator/discovery/discovery.hpp"
#include "generator/support/json.hpp"
#include "generator/support/text.hpp"

namespace healthsite::serve {

namespace {

// Past this many changed pages every page reloads: the news stays small.
constexpr std::size_t kMaxPagesListed = 200;
// Builds remembered for pages served before them; a page older than that
// reloads whatever changed.
constexpr std::size_t kBuildsRemembered = 64;

bool is_page(std::string_view file) { return file.ends_with(".html"); }

// Files the site publishes for other programs (search engines, feed
// readers, the host), and the search index, which a page loads only when
// someone searches.
bool loaded_by_no_page(std::string_view file) {
    return discovery::is_search_index_file(file) || file.ends_with(".xml") || file.ends_with(".txt") ||
           file == ".nojekyll" || file == "CNAME";
}

void cap(PageChanges& changes) {
    if (changes.pages.size() > kMaxPagesListed) changes.all = true;
    if (changes.all) changes.pages.clear();
}

void add(PageChanges& into, const PageChanges& more) {
    into.all = into.all || more.all;
    std::vector<std::string> merged;
    if (!into.all)
        std::set_union(into.pages.begin(), into.pages.end(), more.pages.begin(), more.pages.end(), std::back_inserter(merged));
    into.pages = std::move(merged);
    cap(into);
}

}  // namespace

PageChanges page_changes(const std::vector<std::string>& changed_files) {
    PageChanges changes;
    for (const auto& file : changed_files) {
        if (is_page(file)) changes.pages.push_back(file);
        else if (!loaded_by_no_page(file)) changes.all = true;
    }
    std::sort(changes.pages.begin(), changes.pages.end());
    cap(changes);
    return changes;
}

std::string_view live_reload_script() {
    return R"js((function () {
  "use strict";
  var me = document.querySelector("script[data-healthsite-generation]");
  var page = me ? me.getAttribute("data-healthsite-page") : "";
  var since = me ? me.getAttribute("data-healthsite-generation") : "";
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
  // A page not found ("") reloads when any page changes: it may be the one missing.
  function concerns(news) {
    if (news.all) return true;
    return page === "" ? news.pages.length > 0 : news.pages.indexOf(page) >= 0;
  }
  var source = new EventSource("/__healthsite/events?since=" + encodeURIComponent(since));
  source.addEventListener("build", function (event) {
    var news = JSON.parse(event.data);
    if (!news.ok) return show(news.errors);
    if (concerns(news)) return location.reload();
    // Mended without changing this page: the error goes, the reader's place stays.
    if (box) { box.remove(); box = null; }
  });
})();
)js";
}

std::string inject_script(std::string html, std::string_view page, std::uint64_t generation) {
    const std::string tag = "<script src=\"" + std::string(kScriptPath) + "\" data-healthsite-page=\"" +
                            support::escape_html(page) + "\" data-healthsite-generation=\"" +
                            std::to_string(generation) + "\" defer></script>\n";
    const auto body = html.rfind("</body>");
    if (body == std::string::npos) return html + tag;
    html.insert(body, tag);
    return html;
}

void BuildNews::publish_success(PageChanges changes) {
    {
        std::lock_guard lock(mutex_);
        ++generation_;
        ok_ = true;
        errors_.clear();
        history_.push_back({generation_, std::move(changes)});
        if (history_.size() > kBuildsRemembered) history_.pop_front();
    }
    news_.notify_all();
}

void BuildNews::publish_failure(std::string errors) {
    {
        std::lock_guard lock(mutex_);
        ++generation_;
        ok_ = false;
        errors_ = std::move(errors);
        history_.push_back({generation_, {}});  // a failed build leaves the output as it was
        if (history_.size() > kBuildsRemembered) history_.pop_front();
    }
    news_.notify_all();
}

void BuildNews::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    news_.notify_all();
}

std::uint64_t BuildNews::generation() const {
    std::lock_guard lock(mutex_);
    return generation_;
}

BuildNews::Update BuildNews::since(std::uint64_t seen) const {
    std::lock_guard lock(mutex_);
    return since_locked(seen);
}

BuildNews::Update BuildNews::wait_after(std::uint64_t seen, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    news_.wait_for(lock, timeout, [&] { return generation_ > seen || stopping_; });
    return since_locked(seen);
}

BuildNews::Update BuildNews::since_locked(std::uint64_t seen) const {
    Update update{generation_, ok_, errors_, {}, stopping_};
    // A page from before the builds remembered, or from another run of the
    // preview, may show anything: it reloads.
    const bool remembered = seen <= generation_ && (history_.empty() || history_.front().generation <= seen + 1);
    if (!remembered) {
        update.changes.all = true;
        return update;
    }
    for (const auto& build : history_)
        if (build.generation > seen) add(update.changes, build.changes);
    return update;
}

std::string event_for(const BuildNews::Update& update) {
    support::JsonWriter data;
    data.begin_object()
        .field("all", update.changes.all)
        .field("errors", update.errors)
        .field("generation", static_cast<std::int64_t>(update.generation))
        .field("ok", update.ok)
        .field("pages", update.changes.pages)
        .end_object();
    return "event: build\ndata: " + data.take() + "\n\n";
}

}  // namespace healthsite::serve
