// The article this repository publishes: every page it must have, every
// condition anchored to a heading, sources and review dates on every page
// that needs them, and a reading grade no higher than the site allows.
#include <catch2/catch.hpp>

#include <regex>

#include "generator/content/front_matter.hpp"
#include "generator/content/page.hpp"
#include "generator/markdown/markdown.hpp"
#include "generator/site/site.hpp"
#include "tests/helpers/temp_dir.hpp"

using namespace healthsite;
using namespace healthsite::testing;

namespace {

const fs::path kRepository = HEALTHSITE_SOURCE_DIR;

const std::vector<std::string> kCausesInOrder{
    "causes/circulation.md",    "causes/nerve-compression.md", "causes/muscle-cramps.md", "causes/restless-legs.md",
    "causes/spinal-problems.md", "causes/inflammation.md",      "causes/medicines.md"};

const std::vector<std::string> kOtherPages{"_index.md",      "causes/_index.md", "faq.md",   "self-care.md",
                                           "urgent-help.md", "summary.md",       "about.md", "glossary.md"};

struct Article {
    std::map<std::string, content::Page> pages;
    std::map<std::string, markdown::Document> documents;
};

const Article& article() {
    static const Article loaded = [] {
        Article a;
        support::Diagnostics diagnostics;
        config::SiteConfig config;
        for (const auto& entry : fs::recursive_directory_iterator(kRepository / "content")) {
            const std::string relative = fs::relative(entry.path(), kRepository / "content").generic_string();
            if (!relative.ends_with(".md")) continue;
            auto page = content::parse_page(relative, "content/" + relative,
                                            content::normalize_newlines(TempDir::read_file(entry.path())), config,
                                            diagnostics);
            REQUIRE(page);
            markdown::Options options;
            options.path = page->display_path;
            options.split_sections = page->front.layout == "faq";
            a.documents[relative] = markdown::render(page->body, options, diagnostics);
            a.pages[relative] = std::move(*page);
        }
        REQUIRE_FALSE(diagnostics.has_errors());
        return a;
    }();
    return loaded;
}

bool has_heading(const markdown::Document& document, const std::string& id) {
    return std::any_of(document.headings.begin(), document.headings.end(), [&](const auto& h) { return h.id == id; });
}

bool links_to(const markdown::Document& document, const std::string& target_prefix) {
    return std::any_of(document.links.begin(), document.links.end(),
                       [&](const auto& link) { return link.destination.find(target_prefix) != std::string::npos; });
}

}  // namespace

TEST_CASE("the article has every page it promises") {
    for (const auto& path : kCausesInOrder) CHECK(article().pages.count(path) == 1);
    for (const auto& path : kOtherPages) CHECK(article().pages.count(path) == 1);
}

TEST_CASE("the seven cause pages come in the outline's order") {
    std::int64_t previous = INT64_MIN;
    for (const auto& path : kCausesInOrder) {
        INFO(path);
        const auto& page = article().pages.at(path);
        CHECK(page.front.weight > previous);
        previous = page.front.weight;
    }
}

TEST_CASE("every cause page has conditions, each anchored to a heading on its page, and sources") {
    for (const auto& path : kCausesInOrder) {
        INFO(path);
        const auto& page = article().pages.at(path);
        CHECK(page.front.conditions.size() >= 1);
        CHECK(page.front.references.size() >= 1);
        for (const auto& condition : page.front.conditions) {
            INFO(condition.name);
            CHECK(has_heading(article().documents.at(path), condition.anchor));
            CHECK(!condition.symptoms.empty());
        }
        for (const auto& ref : page.front.references) CHECK(ref.url.starts_with("http"));
    }
}

TEST_CASE("every cause page sends readers to the urgent-help page") {
    for (const auto& path : kCausesInOrder) {
        INFO(path);
        CHECK(links_to(article().documents.at(path), "urgent-help.md"));
    }
}

TEST_CASE("every page has review dates and a reviewer") {
    for (const auto& [path, page] : article().pages) {
        INFO(path);
        CHECK(page.front.last_reviewed.has_value());
        CHECK(page.front.next_review.has_value());
        CHECK(!page.front.reviewed_by.empty());
    }
}

TEST_CASE("the FAQ answers the outline's six questions") {
    const auto& faq = article().documents.at("faq.md");
    REQUIRE(faq.sections.size() == 6);
    for (const auto& section : faq.sections) {
        INFO(section.heading.text);
        CHECK(section.heading.text.ends_with("?"));
        CHECK(section.text.size() > 200);
    }
}

TEST_CASE("the home page's guide points to every cause and the hip, DVT and urgent-help sections") {
    const auto& home = article().documents.at("_index.md");
    for (const auto& path : kCausesInOrder) {
        INFO(path);
        CHECK(links_to(home, path.substr(std::string("causes/").size())));
    }
    CHECK(links_to(home, "urgent-help.md"));
    CHECK(links_to(home, "#hip-bursitis"));
    CHECK(!home.callouts.empty());
}

TEST_CASE("no page's reading grade is above the site's maximum") {
    site::BuildOptions options;
    options.source = kRepository;
    const auto report = site::check(options);
    REQUIRE_FALSE(report.diagnostics.has_errors());
    REQUIRE(report.page_reports.size() >= 15);
    for (const auto& page : report.page_reports) {
        INFO(page.path << ": grade " << page.grade << ", " << page.words << " words");
        CHECK(page.grade <= report.max_grade);
        CHECK(page.grade > 0);
        CHECK(page.words > 30);
    }
}
