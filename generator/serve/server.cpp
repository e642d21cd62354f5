#include "generator/serve/server.hpp"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <set>
#include <thread>

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <httplib.h>

#include "generator/config/site_config.hpp"
#include "generator/serve/live_reload.hpp"
#include "generator/serve/request_path.hpp"
#include "generator/serve/watcher.hpp"
#include "generator/support/files.hpp"
#include "generator/support/text.hpp"
#include "generator/support/urls.hpp"

namespace healthsite::serve {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxEventStreams = 32;  // open tabs listening for reloads
constexpr std::size_t kMaxRequestBytes = 64 * 1024;
constexpr auto kKeepAliveComment = std::chrono::seconds(15);
// The library listens with a backlog of 5, which drops connections when many
// clients connect at once (a page with its styles and scripts, several tabs).
constexpr int kListenBacklog = 512;

std::string content_type_for(const fs::path& file) {
    const std::string ext = support::to_lower_ascii(file.extension().string());
    if (ext == ".html") return "text/html; charset=utf-8";
    if (ext == ".css") return "text/css; charset=utf-8";
    if (ext == ".js") return "text/javascript; charset=utf-8";
    if (ext == ".json") return "application/json";
    if (ext == ".xml") return "application/xml";
    if (ext == ".txt") return "text/plain; charset=utf-8";
    if (ext == ".svg") return "image/svg+xml";
    if (ext == ".png") return "image/png";
    if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
    if (ext == ".gif") return "image/gif";
    if (ext == ".webp") return "image/webp";
    if (ext == ".ico") return "image/x-icon";
    if (ext == ".pdf") return "application/pdf";
    return "application/octet-stream";
}

std::string format_errors(const support::Diagnostics& diagnostics) {
    std::string out;
    for (const auto& d : diagnostics.sorted())
        if (d.severity == support::Severity::error) out += support::format(d) + "\n";
    return out;
}

class Preview {
public:
    Preview(const ServeOptions& options, const Log& log) : options_(options), log_(log) {
        build_ = options.build;
        build_.output = options.build.source / ".healthsite-cache" / "serve";
        build_.base_url = "http://localhost:" + std::to_string(options.port) + "/";
        // Each build hands its memory to its report, which rebuild() drops
        // after open pages were told to reload, not before.
        build_.keep_memory = true;
        output_ = *build_.output;
        configure();
    }

    int run(const std::atomic<bool>& stop);

private:
    void configure();
    void serve_file(const httplib::Request& request, httplib::Response& response) const;
    void serve_events(const httplib::Request& request, httplib::Response& response);
    void send_html(httplib::Response& response, std::string html, int status, std::string_view page,
                   std::uint64_t generation) const;
    void rebuild();
    std::string addresses_to_open() const;

    const ServeOptions& options_;
    const Log& log_;
    site::BuildOptions build_;
    fs::path output_;
    httplib::Server server_;
    BuildNews news_;
    std::atomic<std::size_t> streams_{0};
    int listening_socket_ = -1;
    bool built_once_ = false;  // a good build is being served
};

void Preview::configure() {
    // Not the library's default options: they include SO_REUSEPORT, which
    // lets a second preview listen on the same port and the kernel hand each
    // request to either one, pages of two sites mixed. SO_REUSEADDR alone
    // still lets a preview restart at once on the port it just left.
    server_.set_socket_options([this](int socket) {
        const int yes = 1;
        ::setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        listening_socket_ = socket;
    });
    server_.new_task_queue = [n = options_.max_connections] { return new httplib::ThreadPool(std::min<std::size_t>(n, 64)); };
    server_.set_payload_max_length(kMaxRequestBytes);
    server_.set_read_timeout(5, 0);
    server_.set_write_timeout(5, 0);
    server_.set_keep_alive_max_count(50);
    server_.set_pre_routing_handler([this](const httplib::Request& request, httplib::Response& response) {
        if (allowed_host(request.get_header_value("Host"), options_.bind)) return httplib::Server::HandlerResponse::Unhandled;
        response.status = 403;
        response.set_content("This preview answers only to localhost or to this machine's IP address, not to other "
                             "names.\n",
                             "text/plain; charset=utf-8");
        return httplib::Server::HandlerResponse::Handled;
    });
    server_.Get(std::string(kScriptPath), [](const httplib::Request&, httplib::Response& response) {
        response.set_header("Cache-Control", "no-store");
        response.set_content(std::string(live_reload_script()), "text/javascript; charset=utf-8");
    });
    server_.Get(std::string(kEventsPath),
                [this](const httplib::Request& request, httplib::Response& response) { serve_events(request, response); });
    server_.Get(".*", [this](const httplib::Request& request, httplib::Response& response) { serve_file(request, response); });
}

void Preview::send_html(httplib::Response& response, std::string html, int status, std::string_view page,
                        std::uint64_t generation) const {
    response.status = status;
    response.set_header("Cache-Control", "no-store");
    response.set_content(inject_script(std::move(html), page, generation), "text/html; charset=utf-8");
}

void Preview::serve_file(const httplib::Request& request, httplib::Response& response) const {
    // Taken before the file is read: a build that lands in between makes the
    // page reload once more, never miss a change.
    const auto generation = news_.generation();
    const auto resolved = resolve_request(output_, request.target);
    if (resolved.status == 400) {
        response.status = 400;
        response.set_content("Bad request.\n", "text/plain; charset=utf-8");
        return;
    }
    if (resolved.status == 301) {
        response.status = 301;
        response.set_header("Location", support::encode_href(resolved.location));
        return;
    }
    if (resolved.status == 404) {
        const auto not_found = support::read_file(output_ / "404.html");
        if (not_found.text) return send_html(response, *not_found.text, 404, "", generation);
        const auto news = news_.since(generation);
        const std::string body = news.ok ? "<p>Not found.</p>" : "<h1>The site did not build</h1><pre>" + support::escape_html(news.errors) + "</pre>";
        return send_html(response, "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Preview</title></head><body>" + body + "</body></html>", 404, "", generation);
    }
    auto bytes = support::read_file(resolved.file);
    if (!bytes.text) {
        response.status = 404;
        return;
    }
    const std::string type = content_type_for(resolved.file);
    if (type.starts_with("text/html"))
        return send_html(response, std::move(*bytes.text), 200, resolved.file.lexically_relative(output_).generic_string(),
                         generation);
    response.set_header("Cache-Control", "no-store");
    response.set_content(std::move(*bytes.text), type);
}

// The generation the asking page was served at; without one, the latest.
std::uint64_t generation_asked(const httplib::Request& request, std::uint64_t latest) {
    const std::string text = request.get_param_value("since");
    std::uint64_t since = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), since);
    return error == std::errc() && end == text.data() + text.size() && !text.empty() ? since : latest;
}

void Preview::serve_events(const httplib::Request& request, httplib::Response& response) {
    if (++streams_ > kMaxEventStreams) {
        --streams_;
        response.status = 503;
        return;
    }
    response.set_header("Cache-Control", "no-store");
    auto seen = std::make_shared<std::uint64_t>(generation_asked(request, news_.generation()));
    auto first = std::make_shared<bool>(true);
    response.set_chunked_content_provider(
        "text/event-stream",
        [this, seen, first](std::size_t, httplib::DataSink& sink) {
            const auto news = *first ? news_.since(*seen) : news_.wait_after(*seen, kKeepAliveComment);
            if (news.stopping) return false;
            const std::string message = (*first || news.generation > *seen) ? event_for(news) : ": still here\n\n";
            *first = false;
            *seen = news.generation;
            return sink.write(message.data(), message.size());
        },
        [this](bool) { --streams_; });
}

void Preview::rebuild() {
    const auto report = site::build(build_);
    for (const auto& d : report.diagnostics.sorted()) log_(support::format(d));
    if (report.failed(build_.strict)) {
        log_(built_once_ ? "Build failed; still serving the last good build. Fix the error and save to try again."
                         : "Build failed; the preview shows the error until it is fixed. Fix it and save to try "
                           "again.");
        news_.publish_failure(format_errors(report.diagnostics));
        return;
    }
    log_("Built " + std::to_string(report.pages) + " pages in " + std::to_string(report.elapsed.count()) + " ms: " +
         std::to_string(report.written) + " written");
    built_once_ = true;
    news_.publish_success(page_changes(report.changed_files));
}

int Preview::run(const std::atomic<bool>& stop) {
    // Without a site.toml this is not a site's folder: nothing to preview.
    support::Diagnostics diagnostics;
    if (!config::read_config_text(options_.build.source, "site.toml", diagnostics)) {
        for (const auto& d : diagnostics.items()) log_(support::format(d));
        return 2;
    }
    // The port first: a preview that cannot listen leaves the output alone,
    // which another preview of the same site may be serving.
    if (!server_.bind_to_port(options_.bind, options_.port)) {
        const int error = errno;
        const std::string where = "cannot listen on " + options_.bind + ":" + std::to_string(options_.port);
        if (error == EADDRINUSE)
            log_("error: " + where + ": the port is in use (is another preview running? choose another port with " +
                 "--port " + std::to_string(options_.port + 1) + ")");
        else
            log_("error: " + where + ": " + std::strerror(error) + " (check --bind and --port)");
        return 3;
    }
    rebuild();
    if (listening_socket_ >= 0) ::listen(listening_socket_, kListenBacklog);  // raise the library's backlog
    std::thread listener([this] { server_.listen_after_bind(); });
    log_("Serving at " + addresses_to_open() + " (press Ctrl+C to stop)");
    const fs::path source = options_.build.source;
    Watcher watcher({source / "content", source / "templates", source / "themes"}, {source / "site.toml"});
    if (!watcher.ok()) log_("warning: cannot watch files for changes; restart the preview after editing");
    while (!stop) {
        if (watcher.wait_for_change(std::chrono::milliseconds(200))) rebuild();
    }
    news_.stop();
    server_.stop();
    listener.join();
    return 0;
}

// Where to open the preview. Bound to every address, that is also each of
// this machine's own network addresses, which a phone on the same network
// can open (see allowed_host).
std::string Preview::addresses_to_open() const {
    const std::string port = std::to_string(options_.port);
    if (options_.bind == "127.0.0.1") return "http://localhost:" + port + "/";
    const bool every_address = options_.bind == "0.0.0.0" || options_.bind == "::";
    if (!every_address) return "http://" + options_.bind + ":" + port + "/";
    std::string out = "http://localhost:" + port + "/";
    ifaddrs* interfaces = nullptr;
    if (::getifaddrs(&interfaces) != 0) return out;
    std::set<std::string> seen;
    for (const ifaddrs* i = interfaces; i; i = i->ifa_next) {
        if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET || (i->ifa_flags & IFF_LOOPBACK)) continue;
        char text[INET_ADDRSTRLEN] = {};
        const auto* address = reinterpret_cast<const sockaddr_in*>(i->ifa_addr);
        if (::inet_ntop(AF_INET, &address->sin_addr, text, sizeof text) && seen.insert(text).second)
            out += " and http://" + std::string(text) + ":" + port + "/";
    }
    ::freeifaddrs(interfaces);
    return out;
}

}  // namespace

int run(const ServeOptions& options, const std::atomic<bool>& stop, const Log& log) {
    Preview preview(options, log);
    return preview.run(stop);
}

}  // namespace healthsite::serve
