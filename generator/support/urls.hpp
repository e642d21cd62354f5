#pragma once
// URL and site-path arithmetic. A "site path" is '/'-separated and relative to
// the site root: "" is the home page, "causes/circulation/" a page, "style.css"
// a file.
#include <optional>
#include <string>
#include <string_view>

namespace healthsite::support {

// True for "https:", "mailto:", "javascript:" and any other scheme.
[[nodiscard]] bool has_scheme(std::string_view url);

// javascript:, vbscript:, file: and data: (other than common image types) URLs
// are refused wherever a URL is written.
[[nodiscard]] bool is_unsafe_url(std::string_view url);

// Resolves "." and ".." segments. Nullopt when the path climbs above the root.
[[nodiscard]] std::optional<std::string> normalize_site_path(std::string_view path);

// The folder part of a site path: "causes/x/" -> "causes/x/", "a/b.css" -> "a/".
[[nodiscard]] std::string site_dir(std::string_view path);

// A relative URL from a page living in the folder from_dir to the site path
// target: from "causes/circulation/" to "faq/" gives "../../faq/".
[[nodiscard]] std::string relative_url(std::string_view from_dir, std::string_view target);

// base_url with exactly one '/' between it and path.
[[nodiscard]] std::string join_url(std::string_view base_url, std::string_view path);

// Percent-decodes a URL path; nullopt on a malformed escape or a NUL.
[[nodiscard]] std::optional<std::string> percent_decode(std::string_view text);

}  // namespace healthsite::support

namespace healthsite::support {

// Percent-encodes what may not stand in an href attribute as written
// (spaces, quotes, '<', '>', non-ASCII), and writes '&' as "&amp;".
[[nodiscard]] std::string encode_href(std::string_view url);

}  // namespace healthsite::support
