// The preview server end to end: start `healthsite serve` on a free port,
// fetch a page, edit its source and see the change, break the front matter
// and see the error (terminal and browser events) while the last good page
// is still served, fix it and see the page again. Also the request checks:
// traversal in every form, symlinks out of the output, foreign Host headers.
#include <catch2/catch.hpp>

#include <atomic>
#include <csignal>
#include <mutex>
#include <thread>

#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "generator/serve/request_path.hpp"
#include "tests/helpers/temp_dir.hpp"

using namespace healthsite::testing;
namespace serve = healthsite::serve;

namespace {

int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
}

// A running `healthsite serve`, stopped with SIGTERM when the test ends.
class RunningServer {
public:
    RunningServer(const fs::path& site, int port, const fs::path& log, const char* bind = "127.0.0.1") {
        pid_ = ::fork();
        if (pid_ == 0) {
            const std::string port_text = std::to_string(port);
            std::freopen(log.c_str(), "w", stderr);
            std::freopen("/dev/null", "w", stdout);
            ::execl(HEALTHSITE_BINARY, HEALTHSITE_BINARY, "serve", "--source", site.c_str(), "--port", port_text.c_str(),
                    "--bind", bind, static_cast<char*>(nullptr));
            std::_Exit(127);
        }
    }
    ~RunningServer() { stop(); }
    // Waits for the server to end on its own; -1 if it is still running
    // after the time is up (then it is stopped).
    int wait_for_exit(std::chrono::milliseconds limit = std::chrono::seconds(10)) {
        const auto end = std::chrono::steady_clock::now() + limit;
        while (pid_ > 0 && std::chrono::steady_clock::now() < end) {
            int status = 0;
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
                return exit_code_;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        if (pid_ <= 0) return exit_code_;
        stop();
        return -1;
    }
    int stop() {
        if (pid_ <= 0) return exit_code_;
        ::kill(pid_, SIGTERM);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
        exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        return exit_code_;
    }

private:
    pid_t pid_ = -1;
    int exit_code_ = -1;
};

// Polls until check() holds or the time is up.
template <typename Check>
bool eventually(Check check, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
        if (check()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return check();
}

std::string get_body(httplib::Client& client, const std::string& path, int* status = nullptr) {
    const auto response = client.Get(path.c_str());
    if (status) *status = response ? response->status : -1;
    return response ? response->body : std::string();
}

void write_site(const TempDir& dir) {
    fs::copy(fs::path(HEALTHSITE_SOURCE_DIR) / "tests" / "sites" / "themes", dir.path() / "themes", fs::copy_options::recursive);
    dir.write("site.toml", "title = \"Preview\"\nbase_url = \"https://example.org/\"\ntheme = \"plain\"\n");
    dir.write("content/_index.md", "+++\ntitle = \"Home\"\n+++\n\nWelcome to [the page](page.md).\n");
    dir.write("content/page.md", "+++\ntitle = \"A page\"\n+++\n\nThe first version.\n");
}

const fs::path& written_site(const TempDir& dir) {
    write_site(dir);
    return dir.path();
}

// A running preview of the small test site, answering before the test goes on.
struct Preview {
    TempDir dir;
    int port = free_port();
    RunningServer server{written_site(dir), port, dir.path() / "serve.log"};
    httplib::Client client{"127.0.0.1", port};

    Preview() { REQUIRE(eventually([&] { return get_body(client, "/").find("Welcome") != std::string::npos; })); }
};

}  // namespace

TEST_CASE("a page is served, an edit shows up, a broken page shows its error, a fix recovers") {
    Preview preview;
    const TempDir& dir = preview.dir;
    const int port = preview.port;
    RunningServer& server = preview.server;
    httplib::Client& client = preview.client;
    client.set_connection_timeout(1, 0);

    REQUIRE(eventually([&] { return get_body(client, "/page/").find("The first version.") != std::string::npos; }));
    const std::string page = get_body(client, "/page/");
    CHECK(page.find("/__healthsite/live.js") != std::string::npos);  // injected when served...
    CHECK(dir.read(".healthsite-cache/serve/page/index.html").find("__healthsite") == std::string::npos);  // ...never on disk

    dir.write("content/page.md", "+++\ntitle = \"A page\"\n+++\n\nThe second version.\n");
    CHECK(eventually([&] { return get_body(client, "/page/").find("The second version.") != std::string::npos; }));

    dir.write("content/page.md", "+++\ntitle = \"A page\nbroken = \n+++\n\nThe third version.\n");
    CHECK(eventually([&] { return dir.read("serve.log").find("content/page.md:2:") != std::string::npos; }));
    CHECK(get_body(client, "/page/").find("The second version.") != std::string::npos);  // the last good build
    // The log has the error a moment before the build's news is out: read on
    // until the failed build's event comes.
    std::string events;
    httplib::Client listener("127.0.0.1", port);
    listener.set_read_timeout(5, 0);
    listener.Get("/__healthsite/events", [&](const char* data, std::size_t size) {
        events.append(data, size);
        return events.find("\"ok\":false") == std::string::npos;
    });
    CHECK(events.find("\"ok\":false") != std::string::npos);
    CHECK(events.find("content/page.md:2:") != std::string::npos);

    dir.write("content/page.md", "+++\ntitle = \"A page\"\n+++\n\nThe fixed version.\n");
    CHECK(eventually([&] { return get_body(client, "/page/").find("The fixed version.") != std::string::npos; }));
    CHECK(server.stop() == 0);
}

// Collects the preview's build events on a thread of its own until one
// contains `until` or the time is up.
class EventListener {
public:
    EventListener(int port, std::string until) : until_(std::move(until)) {
        thread_ = std::thread([this, port] {
            httplib::Client listener("127.0.0.1", port);
            listener.set_read_timeout(10, 0);
            listener.Get("/__healthsite/events", [this](const char* data, std::size_t size) {
                std::lock_guard lock(mutex_);
                events_.append(data, size);
                return events_.find(until_) == std::string::npos;
            });
        });
    }
    ~EventListener() {
        if (thread_.joinable()) thread_.join();
    }
    [[nodiscard]] std::string events() const {
        std::lock_guard lock(mutex_);
        return events_;
    }
    std::string finish() {
        thread_.join();
        return events();
    }

private:
    std::string until_;
    mutable std::mutex mutex_;
    std::string events_;
    std::thread thread_;
};

// Reloading a page loses the reader's place and what they typed: a save that
// changes no output names no page to reload, an edit names the page it changed.
TEST_CASE("a save that changes no output names no page, an edit names its page") {
    Preview preview;
    REQUIRE(eventually([&] { return get_body(preview.client, "/page/").find("The first version.") != std::string::npos; }));
    // The events' keys come in order: all, errors, generation, ok, pages.
    const std::string quiet_success = "\"all\":false,\"errors\":\"\",\"generation\":2,\"ok\":true,\"pages\":[]";
    EventListener unchanged(preview.port, quiet_success);
    REQUIRE(eventually([&] { return unchanged.events().find("\"generation\":1") != std::string::npos; }));
    preview.dir.write("content/page.md", preview.dir.read("content/page.md"));  // saved again as it was
    CHECK(unchanged.finish().find(quiet_success) != std::string::npos);

    EventListener edited(preview.port, "\"generation\":3");
    REQUIRE(eventually([&] { return edited.events().find("\"generation\":2") != std::string::npos; }));
    preview.dir.write("content/page.md", "+++\ntitle = \"A page\"\n+++\n\nThe second version.\n");
    const std::string events = edited.finish();
    CHECK(events.find("\"all\":false,\"errors\":\"\",\"generation\":3,\"ok\":true,\"pages\":[\"page/index.html\"]") !=
          std::string::npos);
    CHECK(preview.server.stop() == 0);
}

// A page asks for the news since the build it was served from, so a build
// that lands between serving the page and its listening is not missed.
TEST_CASE("a page is served with its file and generation, and hears of builds since then") {
    Preview preview;
    REQUIRE(eventually([&] { return get_body(preview.client, "/page/").find("The first version.") != std::string::npos; }));
    const std::string page = get_body(preview.client, "/page/");
    CHECK(page.find("data-healthsite-page=\"page/index.html\" data-healthsite-generation=\"1\"") != std::string::npos);
    int status = 0;
    CHECK(get_body(preview.client, "/missing/", &status).find("data-healthsite-page=\"\" data-healthsite-generation=\"1\"") !=
          std::string::npos);
    CHECK(status == 404);

    preview.dir.write("content/page.md", "+++\ntitle = \"A page\"\n+++\n\nThe second version.\n");
    REQUIRE(eventually([&] { return get_body(preview.client, "/page/").find("The second version.") != std::string::npos; }));
    // The new page is on disk a moment before its build's news is out: the
    // first event may still be generation 1, and the news follows it.
    std::string events;
    httplib::Client listener("127.0.0.1", preview.port);
    listener.set_read_timeout(5, 0);
    listener.Get("/__healthsite/events?since=1", [&](const char* data, std::size_t size) {
        events.append(data, size);
        return events.find("\"generation\":2") == std::string::npos;
    });
    CHECK(events.find("\"generation\":2") != std::string::npos);
    CHECK(events.find("\"pages\":[\"page/index.html\"]") != std::string::npos);
    CHECK(preview.server.stop() == 0);
}

TEST_CASE("a templates folder made during the preview, and a content folder made again, are watched") {
    Preview preview;
    const TempDir& dir = preview.dir;
    httplib::Client& client = preview.client;
    REQUIRE_FALSE(fs::exists(dir.path() / "templates"));

    // A site's own template, in a templates/ folder that did not exist when
    // the preview started, replaces the theme's.
    dir.write("templates/page.mustache", "<p>Own template: {{page.title}}</p>\n");
    CHECK(eventually([&] { return get_body(client, "/page/").find("Own template: A page") != std::string::npos; }));
    // And an edit inside the new folder is seen too: it is watched now.
    dir.write("templates/page.mustache", "<p>Edited template: {{page.title}}</p>{{{page.content}}}\n");
    CHECK(eventually([&] { return get_body(client, "/page/").find("Edited template: A page") != std::string::npos; }));

    // content/ taken away (the build fails and the last good one is served)
    // and put back as a new folder: edits in it are seen again.
    fs::rename(dir.path() / "content", dir.path() / "content-aside");
    CHECK(eventually([&] { return dir.read("serve.log").find("content") != std::string::npos &&
                                  dir.read("serve.log").find("error") != std::string::npos; }));
    fs::create_directory(dir.path() / "content");
    fs::copy(dir.path() / "content-aside", dir.path() / "content", fs::copy_options::recursive);
    dir.write("content/page.md", "+++\ntitle = \"A page\"\n+++\n\nBack again.\n");
    CHECK(eventually([&] { return get_body(client, "/page/").find("Back again.") != std::string::npos; }));
    dir.write("content/page.md", "+++\ntitle = \"A page, renamed\"\n+++\n\nBack once more.\n");
    CHECK(eventually([&] { return get_body(client, "/page/").find("Back once more.") != std::string::npos; }));
}

TEST_CASE("a preview bound to every address names the addresses to open, and answers them") {
    TempDir dir;
    write_site(dir);
    const int port = free_port();
    RunningServer server(dir.path(), port, dir.path() / "serve.log", "0.0.0.0");
    const std::string port_text = std::to_string(port);
    REQUIRE(eventually([&] { return dir.read("serve.log").find("Serving at ") != std::string::npos; }));
    const std::string log = dir.read("serve.log");
    CHECK(log.find("warning: serving on 0.0.0.0") != std::string::npos);
    CHECK(log.find("Serving at http://localhost:" + port_text + "/") != std::string::npos);
    // Every other address it names is one this machine answers on, by that name.
    std::size_t named = 0;
    for (std::size_t at = log.find(" and http://"); at != std::string::npos; at = log.find(" and http://", at + 1)) {
        const std::size_t start = at + 12;
        const std::string host = log.substr(start, log.find(':', start) - start);
        INFO(host);
        httplib::Client client(host, port);
        int status = 0;
        CHECK(get_body(client, "/").find("Welcome") != std::string::npos);
        get_body(client, "/", &status);
        CHECK(status == 200);
        ++named;
    }
    INFO("other addresses named: " << named);
    CHECK(server.stop() == 0);
}

TEST_CASE("a second preview on a port in use says so and stops, and never shares the port") {
    Preview first;
    TempDir other;
    write_site(other);
    other.write("content/_index.md", "+++\ntitle = \"Home\"\n+++\n\nAnother site.\n");
    RunningServer second(other.path(), first.port, other.path() / "serve.log");
    CHECK(second.wait_for_exit() == 3);
    CHECK(other.read("serve.log").find("the port is in use") != std::string::npos);
    CHECK_FALSE(fs::exists(other.path() / ".healthsite-cache" / "serve"));  // nothing built
    for (int i = 0; i < 20; ++i) CHECK(get_body(first.client, "/").find("Welcome") != std::string::npos);
}

TEST_CASE("a preview of a folder without site.toml says so and stops") {
    TempDir empty;
    RunningServer server(empty.path(), free_port(), empty.path() / "serve.log");
    CHECK(server.wait_for_exit() == 2);
    CHECK(empty.read("serve.log").find("site.toml: error: there is no site.toml in ") != std::string::npos);
    CHECK_FALSE(fs::exists(empty.path() / ".healthsite-cache"));
}

TEST_CASE("requests that try to leave the output folder get 400 or 404") {
    Preview preview;
    const TempDir& dir = preview.dir;
    httplib::Client& client = preview.client;
    dir.write("outside.txt", "secret\n");
    REQUIRE(eventually([&] { return get_body(client, "/page/").find("first version") != std::string::npos; }));
    fs::create_directory_symlink(dir.path(), dir.path() / ".healthsite-cache" / "serve" / "escape");

    for (const char* target : {"/../outside.txt", "/%2e%2e/outside.txt", "/%2E%2E%2Foutside.txt", "/..%2foutside.txt",
                               "/..%5coutside.txt", "/%252e%252e/outside.txt", "/page/%00", "/escape/outside.txt",
                               "/escape/site.toml"}) {
        INFO(target);
        int status = 0;
        const std::string body = get_body(client, target, &status);
        CHECK((status == 400 || status == 404));
        CHECK(body.find("secret") == std::string::npos);
    }
}

TEST_CASE("only localhost Host headers are answered, and no wildcard CORS header is sent") {
    Preview preview;
    const int port = preview.port;
    httplib::Client& client = preview.client;
    REQUIRE(eventually([&] { return get_body(client, "/").find("Welcome") != std::string::npos; }));
    for (const char* host : {"localhost", "127.0.0.1", "[::1]"}) {
        const auto response = client.Get("/", {{"Host", std::string(host) + ":" + std::to_string(port)}});
        REQUIRE(response);
        CHECK(response->status == 200);
        CHECK_FALSE(response->has_header("Access-Control-Allow-Origin"));
    }
    for (const char* host : {"evil.example", "attacker.com:80", "127.0.0.1.evil.example"}) {
        INFO(host);
        const auto response = client.Get("/", {{"Host", host}});
        REQUIRE(response);
        CHECK(response->status == 403);
    }
}

TEST_CASE("request targets map to files inside the output folder only") {
    const TempDir dir;
    dir.write("out/index.html", "home");
    dir.write("out/a/index.html", "a");
    dir.write("secret.txt", "secret");
    CHECK(serve::resolve_request(dir.path() / "out", "/").status == 200);
    CHECK(serve::resolve_request(dir.path() / "out", "/a/").status == 200);
    CHECK(serve::resolve_request(dir.path() / "out", "/a?x=1").status == 301);
    CHECK(serve::resolve_request(dir.path() / "out", "a/").status == 400);
    CHECK(serve::resolve_request(dir.path() / "out", "http://evil/a/").status == 400);
    CHECK(serve::resolve_request(dir.path() / "out", "//evil/a/").status == 400);
    CHECK(serve::resolve_request(dir.path() / "out", "/../secret.txt").status == 400);
    CHECK(serve::resolve_request(dir.path() / "out", "/%2e%2e/secret.txt").status == 400);
    CHECK(serve::resolve_request(dir.path() / "out", "/a%5c..%5c..%5csecret.txt").status == 400);
    CHECK(serve::resolve_request(dir.path() / "out", "/%252e%252e/secret.txt").status == 400);
    CHECK(serve::resolve_request(dir.path() / "out", "/a/%00").status == 400);
    CHECK(serve::resolve_request(dir.path() / "out", "/missing").status == 404);
    CHECK(serve::allowed_host("localhost:1313", "127.0.0.1"));
    CHECK(serve::allowed_host("[::1]:80", "127.0.0.1"));
    CHECK_FALSE(serve::allowed_host("localhost.evil:1313", "127.0.0.1"));
    CHECK_FALSE(serve::allowed_host("", "127.0.0.1"));
    CHECK_FALSE(serve::allowed_host("192.168.1.20:1313", "127.0.0.1"));  // bound to loopback: only its names
    CHECK(serve::allowed_host("192.168.1.20:1313", "192.168.1.20"));
    // Bound to every address (to open the preview on a phone): any IP
    // address answers, but no other name, which is what DNS rebinding needs.
    CHECK(serve::allowed_host("192.168.1.20:1313", "0.0.0.0"));
    CHECK(serve::allowed_host("[fe80::1]:1313", "::"));
    CHECK(serve::allowed_host("10.0.0.7", "0.0.0.0"));
    CHECK_FALSE(serve::allowed_host("evil.example:1313", "0.0.0.0"));
    CHECK_FALSE(serve::allowed_host("192.168.1.20.evil.example:1313", "0.0.0.0"));
    CHECK_FALSE(serve::allowed_host("[fe80::zz]:1313", "::"));
    CHECK_FALSE(serve::allowed_host("999.1.1.1", "0.0.0.0"));
}

TEST_CASE("200 clients at once on loopback all get their page") {
    Preview preview;
    const int port = preview.port;
    httplib::Client& probe = preview.client;
    REQUIRE(eventually([&] { return get_body(probe, "/page/").find("first version") != std::string::npos; }));
    constexpr int kClients = 200;
    std::atomic<int> ok{0};
    std::vector<int> errors(kClients, 0);
    std::vector<std::thread> clients;
    for (int i = 0; i < kClients; ++i)
        clients.emplace_back([&, i] {
            httplib::Client client("127.0.0.1", port);
            client.set_connection_timeout(10, 0);
            client.set_read_timeout(10, 0);
            const auto response = client.Get(i % 2 ? "/page/" : "/");
            if (response && response->status == 200) ++ok;
            else errors[static_cast<std::size_t>(i)] = response ? response->status : 1000 + static_cast<int>(response.error());
        });
    for (auto& client : clients) client.join();
    for (const int e : errors)
        if (e) UNSCOPED_INFO("failure " << e);
    CHECK(ok == kClients);
}

TEST_CASE("an oversized request is refused and the server keeps answering") {
    Preview preview;
    httplib::Client& client = preview.client;
    REQUIRE(eventually([&] { return get_body(client, "/").find("Welcome") != std::string::npos; }));
    const auto huge = client.Post("/", std::string(1 << 20, 'x'), "text/plain");
    CHECK((!huge || huge->status >= 400));
    const auto long_target = client.Get(("/" + std::string(20000, 'a')).c_str());
    CHECK((!long_target || long_target->status >= 400));
    CHECK(get_body(client, "/").find("Welcome") != std::string::npos);
}
