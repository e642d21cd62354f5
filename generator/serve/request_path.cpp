#include "generator/serve/request_path.hpp"

#include <arpa/inet.h>

#include "generator/support/text.hpp"
#include "generator/support/urls.hpp"

namespace healthsite::serve {

namespace fs = std::filesystem;

namespace {

// "192.168.1.20" or "[fe80::1]": an address, not a name. A web page on
// another site cannot make a browser send one of these as the Host of a
// request to this machine (DNS rebinding needs a name), so answering them
// is safe.
bool is_ip_literal(const std::string& name) {
    unsigned char address[16];
    if (name.size() > 2 && name.front() == '[' && name.back() == ']')
        return inet_pton(AF_INET6, name.substr(1, name.size() - 2).c_str(), address) == 1;
    return inet_pton(AF_INET, name.c_str(), address) == 1;
}

bool is_wildcard(std::string_view bind_address) { return bind_address == "0.0.0.0" || bind_address == "::"; }

bool safe_segments(std::string_view path) {
    std::size_t start = 1;
    while (start <= path.size()) {
        const auto end = std::min(path.find('/', start), path.size());
        const auto segment = path.substr(start, end - start);
        if (segment == "." || segment == "..") return false;
        start = end + 1;
    }
    return true;
}

// The decoded path, or "" when the target is not a plain, safe path.
std::string decoded_path(std::string_view target) {
    if (target.empty() || target.front() != '/' || target.starts_with("//")) return {};
    target = target.substr(0, std::min(target.find('?'), target.find('#')));
    const auto decoded = support::percent_decode(target);
    if (!decoded) return {};
    // A '%' left after decoding means double encoding ("%252e"); a backslash
    // is a separator on some systems. Neither belongs in a site path.
    if (decoded->find('%') != std::string::npos || decoded->find('\\') != std::string::npos) return {};
    if (!safe_segments(*decoded)) return {};
    return *decoded;
}

bool inside(const fs::path& root, const fs::path& file) {
    const auto relative = file.lexically_relative(root);
    return !relative.empty() && *relative.begin() != "..";
}

}  // namespace

Resolved resolve_request(const fs::path& root, std::string_view target) {
    const std::string path = decoded_path(target);
    if (path.empty()) return {400, {}, {}};
    std::error_code ec;
    const fs::path real_root = fs::canonical(root, ec);
    if (ec) return {404, {}, {}};
    fs::path file = real_root / fs::path(path.substr(1));
    if (fs::is_directory(file, ec)) {
        if (!path.ends_with('/')) return {301, {}, path + "/"};
        file /= "index.html";
    }
    const fs::path real = fs::canonical(file, ec);
    if (ec || !inside(real_root, real) || !fs::is_regular_file(real, ec)) return {404, {}, {}};
    return {200, real, {}};
}

bool allowed_host(std::string_view host, std::string_view bind_address) {
    std::string_view name = host;
    if (name.starts_with('[')) {
        const auto close = name.find(']');
        if (close == std::string_view::npos) return false;
        name = name.substr(0, close + 1);
    } else if (const auto colon = name.rfind(':'); colon != std::string_view::npos) {
        name = name.substr(0, colon);
    }
    const std::string lower = support::to_lower_ascii(name);
    if (lower == "localhost" || lower == "127.0.0.1" || lower == "[::1]") return true;
    // Bound to every address, so that a phone on the same network can open
    // the preview: it does so by this machine's address.
    if (is_wildcard(bind_address)) return is_ip_literal(lower);
    return !bind_address.empty() && lower == bind_address;
}

}  // namespace healthsite::serve
