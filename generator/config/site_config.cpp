#include "generator/config/site_config.hpp"

#include <algorithm>

#include "generator/support/files.hpp"
#include "generator/support/text.hpp"
#include "generator/support/toml.hpp"
#include "generator/support/urls.hpp"

namespace healthsite::config {

using support::Category;
using support::TomlFields;

std::string SiteConfig::fingerprint() const {
    std::string out;
    for (const std::string* field : {&title, &description, &base_url, &language, &theme, &output_dir, &publisher,
                                     &domain, &cause_section, &cause_index_title, &cause_index_path}) {
        out += std::to_string(field->size()) + ':' + *field;
    }
    out += raw_html ? "r1" : "r0";
    out += "g" + std::to_string(max_grade) + "m" + std::to_string(max_file_bytes) + "f" + std::to_string(feed_limit);
    return out;
}

namespace {

bool valid_base_url(std::string_view url) {
    return url.starts_with("https://") || url.starts_with("http://") || url.starts_with("/");
}

bool valid_name(std::string_view name) {
    return !name.empty() && support::slugify(name) == support::to_lower_ascii(name) && name.find('/') == name.npos;
}

// A language tag as HTML's lang attribute takes it (BCP 47, such as "en",
// "en-GB" or "cy"): screen readers choose their voice by it.
bool valid_language(std::string_view tag) {
    auto is_letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    auto is_letter_or_digit = [&](char c) { return is_letter(c) || (c >= '0' && c <= '9'); };
    std::size_t start = 0;
    for (bool first = true; start <= tag.size(); first = false) {
        const std::size_t end = std::min(tag.find('-', start), tag.size());
        const std::string_view subtag = tag.substr(start, end - start);
        const bool fits = first ? subtag.size() >= 2 && subtag.size() <= 3 &&
                                      std::all_of(subtag.begin(), subtag.end(), is_letter)
                                : !subtag.empty() && subtag.size() <= 8 &&
                                      std::all_of(subtag.begin(), subtag.end(), is_letter_or_digit);
        if (!fits) return false;
        start = end + 1;
    }
    return true;
}

std::string with_trailing_slash(std::string text) {
    if (text.empty() || text.back() != '/') text += '/';
    return text;
}

void read_top_level(TomlFields& fields, SiteConfig& config) {
    if (auto v = fields.string("title", true)) config.title = *v;
    if (auto v = fields.string("description")) config.description = *v;
    if (auto v = fields.string("language")) {
        config.language = *v;
        if (!valid_language(*v))
            fields.warning_at("language", "'language' should be a language code such as \"en\" or \"en-GB\", got '" +
                                              *v + "': browsers and screen readers go by it");
    }
    if (auto v = fields.string("publisher")) config.publisher = *v;
    if (auto v = fields.string("domain")) config.domain = *v;
    if (auto v = fields.string("base_url")) {
        config.base_url_at = fields.position_of("base_url");
        if (valid_base_url(*v)) config.base_url = with_trailing_slash(*v);
        else fields.error_at("base_url", "'base_url' must start with https://, http:// or /, got '" + *v + "'");
    }
    if (auto v = fields.string("theme")) {
        config.theme_at = fields.position_of("theme");
        if (valid_name(*v)) config.theme = *v;
        else fields.error_at("theme", "'theme' must be a folder name in themes/ such as \"default\", got '" + *v + "'");
    }
    if (auto v = fields.string("output_dir")) {
        if (!support::trim(*v).empty()) config.output_dir = *v;
        else fields.error_at("output_dir", "'output_dir' must not be empty");
    }
}

void read_markdown(TomlFields& fields, SiteConfig& config) {
    const auto* table = fields.table("markdown");
    if (!table) return;
    TomlFields markdown(*table, fields.path(), fields.diagnostics(), Category::config);
    if (auto v = markdown.boolean("raw_html")) config.raw_html = *v;
    markdown.warn_unknown_keys("[markdown]");
}

void read_readability(TomlFields& fields, SiteConfig& config) {
    const auto* table = fields.table("readability");
    if (!table) return;
    TomlFields readability(*table, fields.path(), fields.diagnostics(), Category::config);
    if (auto v = readability.number("max_grade")) {
        if (*v >= 1 && *v <= 30) config.max_grade = *v;
        else readability.error_at("max_grade", "'max_grade' must be between 1 and 30");
    }
    readability.warn_unknown_keys("[readability]");
}

void read_causes(TomlFields& fields, SiteConfig& config) {
    const auto* table = fields.table("causes");
    if (!table) return;
    TomlFields causes(*table, fields.path(), fields.diagnostics(), Category::config);
    if (auto v = causes.string("section")) config.cause_section = *v;
    if (auto v = causes.string("index_title")) config.cause_index_title = *v;
    if (auto v = causes.string("index_path")) {
        const auto normalized = support::normalize_site_path(*v);
        if (normalized && !normalized->empty() && support::slugify(*normalized) != "")
            config.cause_index_path = with_trailing_slash(*normalized);
        else causes.error_at("index_path", "'index_path' must be a folder inside the site, such as \"cause-index\"");
    }
    causes.warn_unknown_keys("[causes]");
}

void read_limits(TomlFields& fields, SiteConfig& config) {
    const auto* table = fields.table("limits");
    if (!table) return;
    TomlFields limits(*table, fields.path(), fields.diagnostics(), Category::config);
    if (auto v = limits.integer("max_file_size")) {
        if (*v > 0) config.max_file_bytes = *v;
        else limits.error_at("max_file_size", "'max_file_size' must be a positive number of bytes");
    }
    limits.warn_unknown_keys("[limits]");
}

// A feed reader wants what is new, not a whole large site: 50 entries by
// default, as typical site feeds carry.
void read_feed(TomlFields& fields, SiteConfig& config) {
    const auto* table = fields.table("feed");
    if (!table) return;
    TomlFields feed(*table, fields.path(), fields.diagnostics(), Category::config);
    if (auto v = feed.integer("limit")) {
        if (*v >= 0) config.feed_limit = *v;
        else feed.error_at("limit", "'limit' must be a number of entries, or 0 for every reviewed page");
    }
    feed.warn_unknown_keys("[feed]");
}

}  // namespace

std::optional<SiteConfig> parse_config(std::string_view text, const std::string& display_path,
                                       support::Diagnostics& diagnostics) {
    const auto errors_before = diagnostics.error_count();
    const auto document = support::parse_toml(text, display_path, 0, diagnostics, Category::config);
    if (!document) return std::nullopt;
    SiteConfig config;
    TomlFields fields(*document, display_path, diagnostics, Category::config);
    read_top_level(fields, config);
    read_markdown(fields, config);
    read_readability(fields, config);
    read_causes(fields, config);
    read_limits(fields, config);
    read_feed(fields, config);
    fields.warn_unknown_keys("site.toml");
    if (diagnostics.error_count() > errors_before) return std::nullopt;
    return config;
}

namespace {

// The nearest folder above `folder` that holds a site.toml, or "".
std::string site_folder_above(const std::filesystem::path& folder) {
    std::error_code ec;
    auto here = support::absolute_folder(folder);
    for (int up = 0; up < 8 && here.has_relative_path(); ++up) {
        here = here.parent_path();
        if (std::filesystem::is_regular_file(here / "site.toml", ec)) return here.string();
    }
    return {};
}

}  // namespace

std::optional<std::string> read_config_text(const std::filesystem::path& folder, const std::string& display_path,
                                            support::Diagnostics& diagnostics) {
    auto read = support::read_file(folder / "site.toml");
    if (read.text) return std::move(read.text);
    std::error_code ec;
    if (std::filesystem::exists(folder / "site.toml", ec)) {
        diagnostics.error(display_path, {}, read.error, Category::config);
        return std::nullopt;
    }
    const auto above = site_folder_above(folder);
    diagnostics.error(display_path, {},
                      "there is no site.toml in " + support::absolute_folder(folder).string() +
                          "; run healthsite in the site's folder" +
                          (above.empty() ? " (the one with site.toml)" : " (" + above + ")") + ", or pass --source",
                      Category::config);
    return std::nullopt;
}

std::optional<SiteConfig> load_config(const std::filesystem::path& file, const std::string& display_path,
                                      support::Diagnostics& diagnostics) {
    const auto text = read_config_text(file.parent_path(), display_path, diagnostics);
    if (!text) return std::nullopt;
    return parse_config(*text, display_path, diagnostics);
}

}  // namespace healthsite::config
