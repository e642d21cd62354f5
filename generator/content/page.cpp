#include "generator/content/page.hpp"

#include <algorithm>
#include <array>

#include "generator/content/front_matter.hpp"
#include "generator/support/text.hpp"
#include "generator/support/urls.hpp"

namespace healthsite::content {

using support::TomlFields;
using support::TomlNode;

support::Position Page::position_of(std::string_view key) const {
    const auto it = std::find_if(front.key_positions.begin(), front.key_positions.end(),
                                 [&](const auto& entry) { return entry.first == key; });
    return it == front.key_positions.end() ? support::Position{1, 1} : it->second;
}

std::string url_path_for(std::string_view source_path, std::string_view slug) {
    const std::string dir = support::site_dir(source_path);
    std::string_view name = source_path.substr(dir.size());
    if (name == "_index.md") return dir;
    if (name.ends_with(".md")) name.remove_suffix(3);
    return dir + std::string(slug.empty() ? name : slug) + "/";
}

namespace {

// Front matter keys of other site generators (Hugo, Zola, Jekyll) that
// writers bring along, and what healthsite calls the same thing.
constexpr support::TomlFields::OtherName kOtherNames[] = {
    {"date", "last_reviewed"},     {"lastmod", "last_reviewed"},  {"updated", "last_reviewed"},
    {"publishDate", "last_reviewed"}, {"summary", "description"}, {"categories", "tags"},
    {"keywords", "tags"},          {"author", "authors"},         {"url", "slug"},
    {"reviewer", "reviewed_by"},
};

constexpr std::array kUrgencies{"self-care", "see-a-doctor", "urgent", "emergency"};

// A slug is one path segment: it may not climb out of the output folder.
bool valid_slug(std::string_view slug) {
    if (slug.empty() || slug == "." || slug == "..") return false;
    return std::all_of(slug.begin(), slug.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    });
}

std::optional<Reference> read_reference(const TomlNode& node, const std::string& path,
                                        support::Diagnostics& diagnostics) {
    TomlFields fields(node, path, diagnostics, support::Category::content);
    Reference ref;
    ref.title = fields.string("title", true).value_or("");
    ref.publisher = fields.string("publisher").value_or("");
    ref.url = fields.string("url").value_or("");
    if (!ref.url.empty() && (support::is_unsafe_url(ref.url) || !support::has_scheme(ref.url)))
        fields.error_at("url", "reference url must be a web address starting with https:// or http://, got '" +
                                   ref.url + "'");
    fields.warn_unknown_keys("[[references]]");
    return ref;
}

Condition read_condition(const TomlNode& node, const std::string& path, support::Diagnostics& diagnostics) {
    TomlFields fields(node, path, diagnostics, support::Category::content);
    Condition condition;
    condition.position = node.position;
    condition.anchor_position = node.find("anchor") ? fields.position_of("anchor") : node.position;
    condition.name = fields.string("name", true).value_or("");
    auto anchor = fields.string("anchor");  // made from the name only when not given
    condition.anchor = anchor ? std::move(*anchor) : support::slugify(condition.name);
    condition.symptoms = fields.strings("symptoms").value_or(std::vector<std::string>{});
    condition.eased_by = fields.strings("eased_by").value_or(std::vector<std::string>{});
    condition.worse_with = fields.strings("worse_with").value_or(std::vector<std::string>{});
    condition.urgency = fields.string("urgency").value_or("see-a-doctor");
    if (std::find(kUrgencies.begin(), kUrgencies.end(), condition.urgency) == kUrgencies.end())
        fields.error_at("urgency", "'urgency' must be one of self-care, see-a-doctor, urgent, emergency; got '" +
                                       condition.urgency + "'");
    fields.warn_unknown_keys("[[conditions]]");
    return condition;
}

void read_lists(TomlFields& fields, FrontMatter& front, support::Diagnostics& diagnostics) {
    for (const TomlNode* node : fields.tables("references"))
        if (auto ref = read_reference(*node, fields.path(), diagnostics)) front.references.push_back(*ref);
    for (const TomlNode* node : fields.tables("conditions"))
        front.conditions.push_back(read_condition(*node, fields.path(), diagnostics));
}

void read_review(TomlFields& fields, FrontMatter& front) {
    front.last_reviewed = fields.date("last_reviewed");
    front.next_review = fields.date("next_review");
    front.reviewed_by = fields.string("reviewed_by").value_or("");
    front.authors = fields.strings("authors").value_or(std::vector<std::string>{});
    if (front.last_reviewed && front.next_review && *front.next_review < *front.last_reviewed)
        fields.error_at("next_review", "'next_review' (" + front.next_review->iso() + ") is before 'last_reviewed' (" +
                                           front.last_reviewed->iso() + ")");
}

FrontMatter read_front_matter(const TomlNode& table, const std::string& path, support::Diagnostics& diagnostics) {
    TomlFields fields(table, path, diagnostics, support::Category::content);
    FrontMatter front;
    front.title = fields.string("title", true).value_or("");
    front.description = fields.string("description").value_or("");
    front.weight = fields.integer("weight").value_or(0);
    front.draft = fields.boolean("draft").value_or(false);
    front.in_menu = fields.boolean("menu").value_or(true);
    front.slug = fields.string("slug").value_or("");
    front.layout = fields.string("layout").value_or("");
    front.tags = fields.strings("tags").value_or(std::vector<std::string>{});
    read_review(fields, front);
    read_lists(fields, front, diagnostics);
    if (!front.slug.empty() && !valid_slug(front.slug))
        fields.error_at("slug", "'slug' must be one path segment of lowercase letters, digits, '-', '_' or '.', got '" +
                                    front.slug + "'");
    if (!front.layout.empty() && !valid_slug(front.layout))
        fields.error_at("layout", "'layout' must be a template name such as \"faq\", got '" + front.layout + "'");
    front.key_positions.reserve(table.table.size());
    for (std::size_t i = 0; i < table.table.size(); ++i) front.key_positions.emplace_back(table.table[i].first, table.key_positions[i]);
    fields.warn_unknown_keys("front matter", kOtherNames);
    return front;
}

}  // namespace

std::optional<Page> parse_page(std::string source_path, std::string display_path, std::string text,
                               const config::SiteConfig& config, support::Diagnostics& diagnostics) {
    (void)config;
    const auto errors_before = diagnostics.error_count();
    const auto split = split_front_matter(text, display_path, diagnostics);
    if (!split) return std::nullopt;
    const auto table = support::parse_toml(split->front_matter, display_path, split->front_matter_line - 1,
                                           diagnostics, support::Category::content);
    if (!table) return std::nullopt;
    Page page;
    page.front = read_front_matter(*table, display_path, diagnostics);
    if (diagnostics.error_count() > errors_before) return std::nullopt;
    page.source_path = std::move(source_path);
    page.display_path = std::move(display_path);
    page.section = support::site_dir(page.source_path);
    page.is_section_index = page.source_path.ends_with("_index.md") &&
                            page.source_path.size() - page.section.size() == std::string_view("_index.md").size();
    page.url_path = url_path_for(page.source_path, page.is_section_index ? std::string() : page.front.slug);
    page.body = std::string(split->body);
    page.body_line = split->body_line;
    return page;
}

}  // namespace healthsite::content
