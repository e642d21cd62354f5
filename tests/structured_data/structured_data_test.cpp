// JSON-LD for a page: schema.org types and the properties each must have.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "generator/structured_data/structured_data.hpp"

using namespace healthsite::structured_data;
using nlohmann::json;

namespace {

WebPage cause_page() {
    WebPage page;
    page.name = "Circulation problems";
    page.description = "Leg pain from poor blood flow.";
    page.url = "https://example.org/guide/causes/circulation/";
    page.language = "en-GB";
    page.last_reviewed = "2026-11-25";
    page.reviewed_by = {{"Dr A. Example, GP", true}};
    page.authors = {{"Health writing team", false}};
    page.publisher = {"Example Health", false};
    page.publisher_url = "https://example.org/guide/";
    page.conditions = {{"Peripheral artery disease", page.url + "#pad", {"cramping", "burning toes at night"}},
                       {"Varicose veins", page.url + "#veins", {}}};
    page.citations = {{"PAD", "NHS 111 Wales", "https://111.wales.nhs.uk/pad"}};
    page.breadcrumbs = {{"Home", "https://example.org/guide/"},
                        {"Causes", "https://example.org/guide/causes/"},
                        {"Circulation problems", page.url}};
    return page;
}

const json* node_of_type(const json& graph, const std::string& type) {
    for (const auto& node : graph)
        if (node.at("@type") == type) return &node;
    return nullptr;
}

}  // namespace

TEST_CASE("a page is a MedicalWebPage with its review, audience, publisher and conditions") {
    const json doc = json::parse(json_ld(cause_page()));
    CHECK(doc.at("@context") == "https://schema.org");
    const json& graph = doc.at("@graph");
    const json* page = node_of_type(graph, "MedicalWebPage");
    REQUIRE(page);
    CHECK(page->at("name") == "Circulation problems");
    CHECK(page->at("description") == "Leg pain from poor blood flow.");
    CHECK(page->at("url") == "https://example.org/guide/causes/circulation/");
    CHECK(page->at("inLanguage") == "en-GB");
    CHECK(page->at("lastReviewed") == "2026-11-25");
    CHECK(page->at("reviewedBy") == json{{"@type", "Person"}, {"name", "Dr A. Example, GP"}});
    CHECK(page->at("author").at("@type") == "Organization");
    CHECK(page->at("medicalAudience") == json{{"@type", "MedicalAudience"}, {"audienceType", "Patient"}});
    CHECK(page->at("publisher").at("@type") == "Organization");
    CHECK(page->at("publisher").at("name") == "Example Health");
    const json& about = page->at("about");
    REQUIRE(about.size() == 2);
    CHECK(about[0].at("@type") == "MedicalCondition");
    CHECK(about[0].at("name") == "Peripheral artery disease");
    CHECK(about[0].at("url") == "https://example.org/guide/causes/circulation/#pad");
    CHECK(about[0].at("signOrSymptom") ==
          json::array({{{"@type", "MedicalSymptom"}, {"name", "cramping"}},
                       {{"@type", "MedicalSymptom"}, {"name", "burning toes at night"}}}));
    CHECK_FALSE(about[1].contains("signOrSymptom"));
    CHECK(page->at("citation")[0].at("@type") == "CreativeWork");
    CHECK(node_of_type(graph, "FAQPage") == nullptr);
}

TEST_CASE("breadcrumbs are a BreadcrumbList of numbered items with absolute addresses") {
    const json graph = json::parse(json_ld(cause_page())).at("@graph");
    const json* list = node_of_type(graph, "BreadcrumbList");
    REQUIRE(list);
    const json& items = list->at("itemListElement");
    REQUIRE(items.size() == 3);
    for (std::size_t i = 0; i < items.size(); ++i) {
        CHECK(items[i].at("@type") == "ListItem");
        CHECK(items[i].at("position") == i + 1);
        CHECK(items[i].at("item").get<std::string>().starts_with("https://example.org/guide/"));
    }
    CHECK(items[2].at("name") == "Circulation problems");
    CHECK(node_of_type(graph, "MedicalWebPage")->at("breadcrumb").at("@id") == list->at("@id"));
}

TEST_CASE("questions and answers are an FAQPage of Questions with accepted Answers") {
    WebPage page = cause_page();
    page.faq = {{"Why do my legs hurt at night?", "Many things can cause it."}, {"When should I worry?", "Call 999 if..."}};
    const json graph = json::parse(json_ld(page)).at("@graph");
    const json* faq = node_of_type(graph, "FAQPage");
    REQUIRE(faq);
    const json& questions = faq->at("mainEntity");
    REQUIRE(questions.size() == 2);
    CHECK(questions[0].at("@type") == "Question");
    CHECK(questions[0].at("name") == "Why do my legs hurt at night?");
    CHECK(questions[0].at("acceptedAnswer") == json{{"@type", "Answer"}, {"text", "Many things can cause it."}});
}

TEST_CASE("a page without review data or breadcrumbs leaves those properties out") {
    WebPage page;
    page.name = "Home";
    page.url = "https://example.org/";
    page.language = "en";
    page.publisher = {"Example", false};
    const json graph = json::parse(json_ld(page)).at("@graph");
    REQUIRE(graph.size() == 1);
    CHECK_FALSE(graph[0].contains("lastReviewed"));
    CHECK_FALSE(graph[0].contains("reviewedBy"));
    CHECK_FALSE(graph[0].contains("about"));
    CHECK_FALSE(graph[0].contains("breadcrumb"));
}

TEST_CASE("JSON-LD can never close its script element") {
    WebPage page = cause_page();
    page.name = "</script><script>alert(1)</script><!-- x";
    const std::string text = json_ld(page);
    CHECK(text.find("</") == std::string::npos);
    CHECK(text.find("<!--") == std::string::npos);
    CHECK(json::parse(text).at("@graph")[0].at("name") == page.name);
    CHECK(escape_for_script("a</b") == "a<\\/b");
}

TEST_CASE("the same page always gives the same bytes") { CHECK(json_ld(cause_page()) == json_ld(cause_page())); }

TEST_CASE("reviewers that are teams or the publisher are organisations; other names are people") {
    CHECK(names_a_person("Dr A. Example, GP", "Example Health"));
    CHECK(names_a_person("Jane Smith", "Example Health"));
    CHECK_FALSE(names_a_person("healthsite editorial team", "healthsite"));
    CHECK_FALSE(names_a_person("Example Health", "Example Health"));
    CHECK_FALSE(names_a_person("NHS 111 Wales", ""));
    CHECK_FALSE(names_a_person("", ""));
}
