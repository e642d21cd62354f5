#include "generator/structured_data/structured_data.hpp"

#include <array>
#include <cctype>

#include <nlohmann/json.hpp>

#include "generator/support/text.hpp"

namespace healthsite::structured_data {

namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kContext = "https://schema.org";

// Objects are filled key by key: an initializer list such as
// {{"@type", "Person"}} first makes a two-element array for every key and
// then copies it, which made building the JSON-LD cost more than writing it.
Json typed(std::string_view type) {
    Json out = Json::object();
    out["@type"] = type;
    return out;
}

Json named(std::string_view type, const std::string& name) {
    Json out = typed(type);
    out["name"] = name;
    return out;
}

Json reference(std::string id) {
    Json out = Json::object();
    out["@id"] = std::move(id);
    return out;
}

Json party(const Party& p) { return named(p.is_person ? "Person" : "Organization", p.name); }

Json parties(const std::vector<Party>& list) {
    if (list.size() == 1) return party(list.front());
    Json out = Json::array();
    for (const auto& p : list) out.push_back(party(p));
    return out;
}

Json condition(const Condition& c) {
    Json out = named("MedicalCondition", c.name);
    out["url"] = c.url;
    if (c.symptoms.empty()) return out;
    Json& symptoms = out["signOrSymptom"] = Json::array();
    for (const auto& s : c.symptoms) symptoms.push_back(named("MedicalSymptom", s));
    return out;
}

Json citation(const Citation& c) {
    Json out = named("CreativeWork", c.title);
    if (!c.url.empty()) out["url"] = c.url;
    if (!c.publisher.empty()) out["publisher"] = named("Organization", c.publisher);
    return out;
}

Json publisher(const WebPage& page) {
    Json out = party(page.publisher);
    if (!page.publisher_url.empty()) out["url"] = page.publisher_url;
    return out;
}

Json medical_web_page(const WebPage& page) {
    Json out = typed("MedicalWebPage");
    out["@id"] = page.url + "#webpage";
    out["name"] = page.name;
    if (!page.description.empty()) out["description"] = page.description;
    out["url"] = page.url;
    out["inLanguage"] = page.language;
    if (!page.last_reviewed.empty()) out["lastReviewed"] = page.last_reviewed;
    if (!page.reviewed_by.empty()) out["reviewedBy"] = parties(page.reviewed_by);
    if (!page.authors.empty()) out["author"] = parties(page.authors);
    Json& audience = out["medicalAudience"] = typed("MedicalAudience");
    audience["audienceType"] = "Patient";
    out["publisher"] = publisher(page);
    if (!page.conditions.empty()) {
        Json& about = out["about"] = Json::array();
        for (const auto& c : page.conditions) about.push_back(condition(c));
    }
    if (!page.citations.empty()) {
        Json& citations = out["citation"] = Json::array();
        for (const auto& c : page.citations) citations.push_back(citation(c));
    }
    if (!page.breadcrumbs.empty()) out["breadcrumb"] = reference(page.url + "#breadcrumb");
    return out;
}

Json faq_page(const WebPage& page) {
    Json out = typed("FAQPage");
    out["@id"] = page.url + "#faq";
    out["name"] = page.name;
    out["url"] = page.url;
    out["inLanguage"] = page.language;
    out["isPartOf"] = reference(page.url + "#webpage");
    Json& questions = out["mainEntity"] = Json::array();
    for (const auto& q : page.faq) {
        Json question = named("Question", q.question);
        Json& answer = question["acceptedAnswer"] = typed("Answer");
        answer["text"] = q.answer;
        questions.push_back(std::move(question));
    }
    return out;
}

Json breadcrumb_list(const WebPage& page) {
    Json out = typed("BreadcrumbList");
    out["@id"] = page.url + "#breadcrumb";
    Json& items = out["itemListElement"] = Json::array();
    int position = 1;
    for (const auto& crumb : page.breadcrumbs) {
        Json item = typed("ListItem");
        item["position"] = position++;
        item["name"] = crumb.name;
        item["item"] = crumb.url;
        items.push_back(std::move(item));
    }
    return out;
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
    Json document = Json::object();
    document["@context"] = kContext;
    Json& graph = document["@graph"] = Json::array();
    graph.push_back(medical_web_page(page));
    if (!page.faq.empty()) graph.push_back(faq_page(page));
    if (!page.breadcrumbs.empty()) graph.push_back(breadcrumb_list(page));
    return escape_for_script(document.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace healthsite::structured_data
