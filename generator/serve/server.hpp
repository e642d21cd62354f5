#pragma once
// `healthsite serve`: builds the site, serves it on a local address, watches
// the sources and rebuilds on every change, and reloads open pages.
#include <atomic>
#include <functional>
#include <string>

#include "generator/site/site.hpp"

namespace healthsite::serve {

struct ServeOptions {
    site::BuildOptions build;
    std::string bind = "127.0.0.1";
    int port = 1313;
    std::size_t max_connections = 256;  // beyond this, new connections wait
};

// Lines for the terminal: what was built, what failed, where to look.
using Log = std::function<void(const std::string&)>;

// Runs until stop becomes true. Returns a process exit code: 0 after a clean
// stop, 2 when the folder has no site.toml, 3 when the address cannot be used.
[[nodiscard]] int run(const ServeOptions& options, const std::atomic<bool>& stop, const Log& log);

}  // namespace healthsite::serve
