#include "generator/structured_data/structured_data.hpp"

#include <array>
#include <cctype>

#include <nlohmann/json.hpp>

#include "generator/support/text.hpp"

namespace healthsite::structured_data {

namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kContext = "https://schema.org";

Json party(const Party& p) { return {{"@type", p.is_person ? "Person" : "Organization"}, {"name", p.name}}; }

Json parties(const std::vector<Party>& list) {
    if (list.size() == 1) return party(list.front());
    Json out = Json::array();
    for (const auto& p : list) out.push_back(party(p));
    return out;
}

Json condition(const Condition& c) {
    Json symptoms = Json::array();
    for (const auto& s : c.symptoms) symptoms.push_back({{"@type", "MedicalSymptom"}, {"name", s}});
    Json out = {{"@type", "MedicalCondition"}, {"name", c.name}, {"url", c.url}};
    if (!symptoms.empty()) out["signOrSymptom"] = std::move(symptoms);
    return out;
}

Json citation(const Citation& c) {
    Json out = {{"@type", "CreativeWork"}, {"name", c.title}};
    if (!c.url.empty()) out["url"] = c.url;
    if (!c.publisher.empty()) out["publisher"] = {{"@type", "Organization"}, {"name", c.publisher}};
    return out;
}

Json publisher(const WebPage& page) {
    Json out = party(page.publisher);
    if (!page.publisher_url.empty()) out["url"] = page.publisher_url;
    return out;
}

Json medical_web_page(const WebPage& page) {
    Json out = {{"@type", "MedicalWebPage"}, {"@id", page.url + "#webpage"}, {"name", page.name}};
    if (!page.description.empty()) out["description"] = page.description;
    out["url"] = page.url;
    out["inLanguage"] = page.language;
    if (!page.last_reviewed.empty()) out["lastReviewed"] = page.last_reviewed;
    if (!page.reviewed_by.empty()) out["reviewedBy"] = parties(page.reviewed_by);
    if (!page.authors.empty()) out["author"] = parties(page.authors);
    out["medicalAudience"] = {{"@type", "MedicalAudience"}, {"audienceType", "Patient"}};
    out["publisher"] = publisher(page);
    if (!page.conditions.empty()) {
        Json about = Json::array();
        for (const auto& c : page.conditions) about.push_back(condition(c));
        out["about"] = std::move(about);
    }
    if (!page.citations.empty()) {
        Json citations = Json::array();
        for (const auto& c : page.citations) citations.push_back(citation(c));
        out["citation"] = std::move(citations);
    }
    if (!page.breadcrumbs.empty()) out["breadcrumb"] = {{"@id", page.url + "#breadcrumb"}};
    return out;
}

Json faq_page(const WebPage& page) {
    Json questions = Json::array();
    for (const auto& q : page.faq)
        questions.push_back({{"@type", "Question"},
                             {"name", q.question},
                             {"acceptedAnswer", {{"@type", "Answer"}, {"text", q.answer}}}});
    return {{"@type", "FAQPage"},
            {"@id", page.url + "#faq"},
            {"name", page.name},
            {"url", page.url},
            {"inLanguage", page.language},
            {"isPartOf", {{"@id", page.url + "#webpage"}}},
            {"mainEntity", std::move(questions)}};
}

Json breadcrumb_list(const WebPage& page) {
    Json items = Json::array();
    int position = 1;
    for (const auto& crumb : page.breadcrumbs)
        items.push_back({{"@type", "ListItem"}, {"position", position++}, {"name", crumb.name}, {"item", crumb.url}});
    return {{"@type", "BreadcrumbList"}, {"@id", page.url + "#breadcrumb"}, {"itemListElement", std::move(items)}};
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
    for (std::size_t i = 0; i < json.size(); ++i) {
        if (json.substr(i).starts_with("</")) {
            out += "<\\/";
            ++i;
        } else if (json.substr(i).starts_with("<!--")) {
            out += "<\\u0021--";
            i += 3;
        } else {
            out += json[i];
        }
    }
    return out;
}

std::string json_ld(const WebPage& page) {
    Json graph = Json::array();
    graph.push_back(medical_web_page(page));
    if (!page.faq.empty()) graph.push_back(faq_page(page));
    if (!page.breadcrumbs.empty()) graph.push_back(breadcrumb_list(page));
    const Json document = {{"@context", kContext}, {"@graph", std::move(graph)}};
    return escape_for_script(document.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace healthsite::structured_data
