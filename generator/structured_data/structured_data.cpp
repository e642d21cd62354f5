#include "generator/structured_data/structured_data.hpp"

#include <array>
#include <cctype>

#include "generator/support/json.hpp"
#include "generator/support/text.hpp"

namespace healthsite::structured_data {

namespace {

using support::JsonWriter;

constexpr std::string_view kContext = "https://schema.org";

// Each object is written as it is made, key by key, in a fixed order: the
// same page gives the same bytes.
void begin_typed(JsonWriter& out, std::string_view type) { out.begin_object().field("@type", type); }

void named(JsonWriter& out, std::string_view type, const std::string& name) {
    begin_typed(out, type);
    out.field("name", name).end_object();
}

void reference(JsonWriter& out, std::string_view key, const std::string& id) {
    out.key(key).begin_object().field("@id", id).end_object();
}

void party(JsonWriter& out, const Party& p) { named(out, p.is_person ? "Person" : "Organization", p.name); }

// One party as an object, more as an array.
void parties(JsonWriter& out, std::string_view key, const std::vector<Party>& list) {
    out.key(key);
    if (list.size() == 1) return party(out, list.front());
    out.begin_array();
    for (const auto& p : list) party(out, p);
    out.end_array();
}

void condition(JsonWriter& out, const Condition& c) {
    begin_typed(out, "MedicalCondition");
    out.field("name", c.name).field("url", c.url);
    if (!c.symptoms.empty()) {
        out.key("signOrSymptom").begin_array();
        for (const auto& s : c.symptoms) named(out, "MedicalSymptom", s);
        out.end_array();
    }
    out.end_object();
}

void citation(JsonWriter& out, const Citation& c) {
    begin_typed(out, "CreativeWork");
    out.field("name", c.title);
    if (!c.url.empty()) out.field("url", c.url);
    if (!c.publisher.empty()) named(out.key("publisher"), "Organization", c.publisher);
    out.end_object();
}

void publisher(JsonWriter& out, const WebPage& page) {
    begin_typed(out.key("publisher"), page.publisher.is_person ? "Person" : "Organization");
    out.field("name", page.publisher.name);
    if (!page.publisher_url.empty()) out.field("url", page.publisher_url);
    out.end_object();
}

void medical_web_page(JsonWriter& out, const WebPage& page) {
    begin_typed(out, "MedicalWebPage");
    out.field("@id", page.url + "#webpage").field("name", page.name);
    if (!page.description.empty()) out.field("description", page.description);
    out.field("url", page.url).field("inLanguage", page.language);
    if (!page.last_reviewed.empty()) out.field("lastReviewed", page.last_reviewed);
    if (!page.reviewed_by.empty()) parties(out, "reviewedBy", page.reviewed_by);
    if (!page.authors.empty()) parties(out, "author", page.authors);
    begin_typed(out.key("medicalAudience"), "MedicalAudience");
    out.field("audienceType", "Patient").end_object();
    publisher(out, page);
    if (!page.conditions.empty()) {
        out.key("about").begin_array();
        for (const auto& c : page.conditions) condition(out, c);
        out.end_array();
    }
    if (!page.citations.empty()) {
        out.key("citation").begin_array();
        for (const auto& c : page.citations) citation(out, c);
        out.end_array();
    }
    if (!page.breadcrumbs.empty()) reference(out, "breadcrumb", page.url + "#breadcrumb");
    out.end_object();
}

void faq_page(JsonWriter& out, const WebPage& page) {
    begin_typed(out, "FAQPage");
    out.field("@id", page.url + "#faq").field("name", page.name).field("url", page.url).field("inLanguage", page.language);
    reference(out, "isPartOf", page.url + "#webpage");
    out.key("mainEntity").begin_array();
    for (const auto& q : page.faq) {
        begin_typed(out, "Question");
        out.field("name", q.question);
        begin_typed(out.key("acceptedAnswer"), "Answer");
        out.field("text", q.answer).end_object();
        out.end_object();
    }
    out.end_array().end_object();
}

void breadcrumb_list(JsonWriter& out, const WebPage& page) {
    begin_typed(out, "BreadcrumbList");
    out.field("@id", page.url + "#breadcrumb").key("itemListElement").begin_array();
    int position = 1;
    for (const auto& crumb : page.breadcrumbs) {
        begin_typed(out, "ListItem");
        out.field("position", position++).field("name", crumb.name).field("item", crumb.url).end_object();
    }
    out.end_array().end_object();
}

bool contains_word(std::string_view lower_name, std::string_view word) {
    for (std::size_t at = lower_name.find(word); at != std::string_view::npos; at = lower_name.find(word, at + 1)) {
        const bool starts = at == 0 || !std::isalnum(static_cast<unsigned char>(lower_name[at - 1]));
        const std::size_t end = at + word.size();
        const bool ends = end == lower_name.size() || !std::isalnum(static_cast<unsigned char>(lower_name[end]));
        if (starts && ends) return true;
    }
    return false;
}

}  // namespace

bool names_a_person(std::string_view name, std::string_view publisher) {
    const std::string lower = support::to_lower_ascii(support::trim(name));
    if (lower.empty() || lower == support::to_lower_ascii(support::trim(publisher))) return false;
    constexpr std::array<std::string_view, 24> kOrganisationWords{
        "team",     "editorial", "board",   "panel",   "group",   "committee", "department", "service",
        "services", "trust",     "nhs",     "society", "association", "foundation", "institute", "college",
        "clinic",   "hospital",  "unit",    "network", "council", "ltd",       "limited",    "charity"};
    for (const auto word : kOrganisationWords)
        if (contains_word(lower, word)) return false;
    return true;
}

std::string escape_for_script(std::string_view json) {
    std::string out;
    out.reserve(json.size());
    // Only a '<' can start what must change: the text between goes in whole.
    std::size_t from = 0;
    for (std::size_t at = json.find('<'); at != std::string_view::npos; at = json.find('<', from)) {
        out.append(json, from, at - from);
        const std::string_view rest = json.substr(at);
        if (rest.starts_with("</")) {
            out += "<\\/";
            from = at + 2;
        } else if (rest.starts_with("<!--")) {
            out += "<\\u0021--";
            from = at + 4;
        } else {
            out += '<';
            from = at + 1;
        }
    }
    out.append(json, from);
    return out;
}

std::string json_ld(const WebPage& page) {
    JsonWriter out;
    out.begin_object().field("@context", kContext).key("@graph").begin_array();
    medical_web_page(out, page);
    if (!page.faq.empty()) faq_page(out, page);
    if (!page.breadcrumbs.empty()) breadcrumb_list(out, page);
    out.end_array().end_object();
    return escape_for_script(out.take());
}

}  // namespace healthsite::structured_data
