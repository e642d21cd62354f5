#include "generator/support/urls.hpp"

#include <array>
#include <vector>

#include "generator/support/text.hpp"

namespace healthsite::support {

static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool has_scheme(std::string_view url) {
    if (url.empty() || !is_alpha(url[0])) return false;
    for (std::size_t i = 1; i < url.size(); ++i) {
        const char c = url[i];
        if (c == ':') return true;
        if (!is_alpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') return false;
    }
    return false;
}

// Browsers ignore ASCII whitespace and control characters inside a scheme
// ("java\tscript:"), so they are dropped before the scheme is compared.
static std::string scheme_of(std::string_view url) {
    std::string scheme;
    for (const char c : url) {
        if (c == ':') return to_lower_ascii(scheme);
        if (static_cast<unsigned char>(c) <= 0x20) continue;
        scheme += c;
    }
    return {};
}

bool is_unsafe_url(std::string_view url) {
    const std::string scheme = scheme_of(url);
    if (scheme == "javascript" || scheme == "vbscript" || scheme == "file") return true;
    if (scheme != "data") return false;
    const std::string lower = to_lower_ascii(url.substr(url.find(':') + 1));
    for (const char* allowed : {"image/png", "image/gif", "image/jpeg", "image/webp"})
        if (lower.starts_with(allowed)) return false;
    return true;
}

// True when no segment is empty, "." or ".." (a trailing slash aside): the
// path is already normal, as most are.
static bool is_normal_site_path(std::string_view path) {
    for (std::size_t start = 0; start < path.size();) {
        const std::size_t end = std::min(path.find('/', start), path.size());
        const std::string_view part = path.substr(start, end - start);
        if (part.empty() || part == "." || part == "..") return false;
        start = end + 1;
    }
    return true;
}

std::optional<std::string> normalize_site_path(std::string_view path) {
    if (is_normal_site_path(path)) return std::string(path);
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t end = std::min(path.find('/', start), path.size());
        const std::string_view part = path.substr(start, end - start);
        if (part == "..") {
            if (parts.empty()) return std::nullopt;
            parts.pop_back();
        } else if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        start = end + 1;
    }
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i) out += '/';
        out += parts[i];
    }
    const bool trailing_slash = !path.empty() && (path.back() == '/' || path.ends_with("/.") || path.ends_with("/..") ||
                                                  path == "." || path == "..");
    if (trailing_slash && !out.empty()) out += '/';
    return out;
}

std::string site_dir(std::string_view path) {
    const auto slash = path.rfind('/');
    return slash == std::string_view::npos ? std::string() : std::string(path.substr(0, slash + 1));
}

std::string relative_url(std::string_view from_dir, std::string_view target) {
    // Skip the folders both share, then climb out of the rest of from_dir.
    std::size_t common = 0;
    for (std::size_t i = 0; i < from_dir.size() && i < target.size() && from_dir[i] == target[i]; ++i)
        if (from_dir[i] == '/') common = i + 1;
    std::string out;
    for (std::size_t i = common; i < from_dir.size(); ++i)
        if (from_dir[i] == '/') out += "../";
    out += target.substr(common);
    if (out.empty()) return "./";
    return out;
}

std::string join_url(std::string_view base_url, std::string_view path) {
    std::string out(base_url);
    if (out.empty() || out.back() != '/') out += '/';
    while (!path.empty() && path.front() == '/') path.remove_prefix(1);
    out += path;
    return out;
}

static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<std::string> percent_decode(std::string_view text) {
    if (text.find('\0') != std::string_view::npos) return std::nullopt;
    std::string out;
    out.reserve(text.size());
    // The text between escapes, most often all of it, is copied whole.
    for (std::size_t start = 0;;) {
        const std::size_t escape = text.find('%', start);
        out += text.substr(start, escape - start);
        if (escape == std::string_view::npos) return out;
        if (escape + 2 >= text.size()) return std::nullopt;
        const int high = hex_value(text[escape + 1]);
        const int low = hex_value(text[escape + 2]);
        if (high < 0 || low < 0 || high + low == 0) return std::nullopt;  // malformed, or a NUL
        out += static_cast<char>(high * 16 + low);
        start = escape + 3;
    }
}

}  // namespace healthsite::support

namespace healthsite::support {

namespace {

// The bytes an href may hold as they are: one look-up a byte, where testing
// each against a list of punctuation took a search.
constexpr std::array<bool, 256> href_safe_bytes() {
    std::array<bool, 256> safe{};
    for (int c = 0; c < 256; ++c) safe[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    for (const char c : std::string_view("-._~/#:?=%+!$'()*,;@")) safe[static_cast<unsigned char>(c)] = true;
    return safe;
}

}  // namespace

std::string encode_href(std::string_view url) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    static constexpr auto kSafe = href_safe_bytes();
    std::string out;
    out.reserve(url.size());
    // Runs of safe bytes, most URLs whole, are copied at once.
    std::size_t run = 0;
    for (std::size_t i = 0; i < url.size(); ++i) {
        const auto byte = static_cast<unsigned char>(url[i]);
        if (kSafe[byte]) continue;
        out += url.substr(run, i - run);
        run = i + 1;
        if (byte == '&') {
            out += "&amp;";
        } else {
            out += '%';
            out += kHex[byte >> 4];
            out += kHex[byte & 15];
        }
    }
    out += url.substr(run);
    return out;
}

}  // namespace healthsite::support
