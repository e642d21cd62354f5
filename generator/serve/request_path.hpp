#pragma once
// Maps a request target to a file inside the output folder, refusing every
// way out of it: "..", encoded dots and slashes, backslashes, double
// encoding, NUL, targets without a leading slash or with a scheme, and
// symlinks that lead outside.
#include <filesystem>
#include <string>
#include <string_view>

namespace healthsite::serve {

struct Resolved {
    int status = 200;              // 200, 301 (add a trailing slash), 400 or 404
    std::filesystem::path file;    // when 200
    std::string location;          // when 301
};

[[nodiscard]] Resolved resolve_request(const std::filesystem::path& root, std::string_view target);

// True for the Host header values a local preview answers to: localhost,
// 127.0.0.1 and [::1], with any port, or the address it was told to bind;
// bound to every address (0.0.0.0 or ::), any IP address but no other name.
[[nodiscard]] bool allowed_host(std::string_view host, std::string_view bind_address);

}  // namespace healthsite::serve
