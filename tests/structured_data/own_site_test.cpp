// Every page of the repository's own site carries one JSON-LD block that
// parses, names schema.org as its context and has the types and properties
// its kind of page needs.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/helpers/site_links.hpp"

using namespace healthsite::testing;
using nlohmann::json;

namespace {

constexpr std::string_view kOpen = "<script type=\"application/ld+json\">";
const std::string kBase = "https://example.github.io/leg-pain/";

std::vector<std::string> json_ld_blocks(const std::string& html) {
    std::vector<std::string> blocks;
    for (auto at = html.find(kOpen); at != std::string::npos; at = html.find(kOpen, at + 1)) {
        const auto start = at + kOpen.size();
        blocks.push_back(html.substr(start, html.find("</script>", start) - start));
    }
    return blocks;
}

const json* node_of_type(const json& graph, const std::string& type) {
    for (const auto& node : graph)
        if (node.at("@type") == type) return &node;
    return nullptr;
}

void check_web_page(const json& page, const std::string& path) {
    for (const char* key : {"name", "url", "inLanguage", "medicalAudience", "publisher"}) {
        INFO(key);
        CHECK(page.contains(key));
    }
    CHECK(page.at("url").get<std::string>().starts_with(kBase));
    CHECK(page.at("medicalAudience") == json{{"@type", "MedicalAudience"}, {"audienceType", "Patient"}});
    CHECK(page.at("publisher").at("name").is_string());
    if (path == "cause-index/index.html") return;  // generated: it has no front matter of its own
    CHECK(page.at("lastReviewed").get<std::string>().size() == 10);
    const json& reviewer = page.at("reviewedBy");
    CHECK((reviewer.at("@type") == "Organization" || reviewer.at("@type") == "Person"));
    CHECK(reviewer.at("name").is_string());
}

void check_conditions(const json& page) {
    REQUIRE(page.contains("about"));
    for (const auto& condition : page.at("about")) {
        CHECK(condition.at("@type") == "MedicalCondition");
        CHECK(condition.at("name").is_string());
        CHECK(condition.at("url").get<std::string>().find('#') != std::string::npos);
        for (const auto& symptom : condition.at("signOrSymptom")) {
            CHECK(symptom.at("@type") == "MedicalSymptom");
            CHECK(symptom.at("name").is_string());
        }
    }
}

void check_breadcrumbs(const json& list) {
    const json& items = list.at("itemListElement");
    REQUIRE(items.size() >= 2);
    for (std::size_t i = 0; i < items.size(); ++i) {
        CHECK(items[i].at("@type") == "ListItem");
        CHECK(items[i].at("position") == i + 1);
        CHECK(items[i].at("name").is_string());
        CHECK(items[i].at("item").get<std::string>().starts_with(kBase));
    }
}

}  // namespace

TEST_CASE("every page of the repository's site has valid JSON-LD with the right types and properties") {
    const TempDir temp;
    stage_repository_site(temp);
    const auto result = run_healthsite("build", temp.path());
    INFO(result.err);
    REQUIRE(result.exit_code == 0);

    std::size_t pages = 0, cause_pages = 0, faq_pages = 0;
    for (const auto& [path, html] : snapshot(temp.path() / "public")) {
        if (!path.ends_with(".html")) continue;
        INFO(path);
        const auto blocks = json_ld_blocks(html);
        if (path == "404.html") {
            CHECK(blocks.empty());
            continue;
        }
        ++pages;
        REQUIRE(blocks.size() == 1);
        CHECK(blocks[0].find("</") == std::string::npos);
        const json doc = json::parse(blocks[0]);
        CHECK(doc.at("@context") == "https://schema.org");
        const json& graph = doc.at("@graph");
        const json* page = node_of_type(graph, "MedicalWebPage");
        REQUIRE(page);
        check_web_page(*page, path);
        if (path.starts_with("causes/") && path != "causes/index.html") {
            ++cause_pages;
            check_conditions(*page);
        }
        if (const json* faq = node_of_type(graph, "FAQPage")) {
            ++faq_pages;
            REQUIRE(faq->at("mainEntity").size() >= 6);
            for (const auto& q : faq->at("mainEntity")) {
                CHECK(q.at("@type") == "Question");
                CHECK_FALSE(q.at("name").get<std::string>().empty());
                CHECK(q.at("acceptedAnswer").at("@type") == "Answer");
                CHECK(q.at("acceptedAnswer").at("text").get<std::string>().size() > 20);
            }
        }
        const bool has_breadcrumbs = html.find("class=\"breadcrumbs\"") != std::string::npos;
        const json* crumbs = node_of_type(graph, "BreadcrumbList");
        CHECK(has_breadcrumbs == (crumbs != nullptr));
        if (crumbs) check_breadcrumbs(*crumbs);
    }
    CHECK(pages >= 15);
    CHECK(cause_pages == 7);
    CHECK(faq_pages == 1);
}
