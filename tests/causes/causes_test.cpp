// Tests of the cause index: which pages are causes and in what order, the
// symptom index, related causes, and the check of condition anchors.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "generator/causes/causes.hpp"
#include "generator/content/page.hpp"
#include "generator/markdown/markdown.hpp"
#include "generator/support/text.hpp"

using namespace healthsite;

namespace {

using Messages = std::vector<std::string>;

struct Source {
    std::string path;          // relative to content/
    std::string front_matter;  // lines after the title
    std::string body;
};

struct Site {
    std::vector<content::Page> pages;
    std::vector<markdown::Document> documents;

    [[nodiscard]] std::size_t index_of(std::string_view source_path) const {
        for (std::size_t i = 0; i < pages.size(); ++i)
            if (pages[i].source_path == source_path) return i;
        FAIL("no page " << source_path);
        return 0;
    }
    [[nodiscard]] std::vector<std::string> paths(const std::vector<std::size_t>& indexes) const {
        std::vector<std::string> out;
        for (const std::size_t i : indexes) out.push_back(pages[i].source_path);
        return out;
    }
};

Site make_site(const std::vector<Source>& sources) {
    Site site;
    const config::SiteConfig config;
    for (const auto& source : sources) {
        support::Diagnostics diagnostics;
        const std::string title = source.front_matter.find("title =") == std::string::npos
                                      ? "title = \"" + source.path + "\"\n"
                                      : std::string();
        const std::string text = "+++\n" + title + source.front_matter + "+++\n" + source.body;
        auto page = content::parse_page(source.path, "content/" + source.path, text, config, diagnostics);
        INFO(source.path);
        REQUIRE(page);
        markdown::Options options;
        options.path = page->display_path;
        options.first_line = page->body_line;
        site.documents.push_back(markdown::render(page->body, options, diagnostics));
        REQUIRE(diagnostics.empty());
        site.pages.push_back(std::move(*page));
    }
    return site;
}

struct Built {
    causes::Index index;
    Messages messages;
};

Built build(const Site& site, std::string_view cause_section = "causes") {
    support::Diagnostics diagnostics;
    Built out;
    out.index = causes::build(site.pages, site.documents, cause_section, diagnostics);
    for (const auto& d : diagnostics.sorted()) out.messages.push_back(support::format(d));
    return out;
}

// One condition with the given symptoms, whose anchor is a heading in the body.
Source cause(std::string path, std::string title, int weight, std::string condition,
             std::vector<std::string> symptoms) {
    std::string list;
    for (const auto& s : symptoms) list += (list.empty() ? "\"" : ", \"") + s + "\"";
    Source source;
    source.path = std::move(path);
    source.front_matter = "title = \"" + title + "\"\nweight = " + std::to_string(weight) +
                          "\n[[conditions]]\nname = \"" + condition + "\"\nsymptoms = [" + list + "]\n";
    source.body = "## " + condition + "\n\nText.\n";
    return source;
}

const causes::Symptom* find_symptom(const causes::Index& index, std::string_view name) {
    for (const auto& s : index.symptoms)
        if (support::to_lower_ascii(s.name) == support::to_lower_ascii(name)) return &s;
    return nullptr;
}

}  // namespace

TEST_CASE("cause pages are the pages directly in the cause section", "[causes]") {
    const auto site = make_site({
        {"_index.md", "", "Home.\n"},
        {"causes/_index.md", "", "All causes.\n"},
        {"causes/cramps.md", "", "Cramps.\n"},
        {"causes/more/deep.md", "", "Deeper.\n"},
        {"faq.md", "", "FAQ.\n"},
        {"causesfake/x.md", "", "Not a cause.\n"},
    });
    const auto built = build(site);
    CHECK(site.paths(built.index.causes) == std::vector<std::string>{"causes/cramps.md"});
    CHECK(causes::is_cause_page(site.pages[site.index_of("causes/cramps.md")], "causes"));
    CHECK_FALSE(causes::is_cause_page(site.pages[site.index_of("causes/_index.md")], "causes"));
    CHECK_FALSE(causes::is_cause_page(site.pages[site.index_of("causes/more/deep.md")], "causes"));
    CHECK_FALSE(causes::is_cause_page(site.pages[site.index_of("faq.md")], ""));
    CHECK_FALSE(causes::is_cause_page(site.pages[site.index_of("faq.md")], "causes"));
    CHECK_FALSE(causes::is_cause_page(site.pages[site.index_of("causesfake/x.md")], "causes"));
    CHECK_FALSE(causes::is_cause_page(site.pages[site.index_of("causes/cramps.md")], "cause"));
}

TEST_CASE("the cause section comes from the configuration", "[causes]") {
    const auto site = make_site({{"reasons/a.md", "", ""}, {"causes/b.md", "", ""}});
    CHECK(site.paths(build(site, "reasons").index.causes) == std::vector<std::string>{"reasons/a.md"});
    CHECK(build(site, "").index.causes.empty());
}

TEST_CASE("causes are ordered by weight, then title, then path", "[causes][order]") {
    const auto site = make_site({
        {"causes/a.md", "title = \"Zeta\"\nweight = 1\n", ""},
        {"causes/b.md", "title = \"Later\"\nweight = 2\n", ""},
        {"causes/c.md", "title = \"Alpha\"\nweight = 1\n", ""},
        {"causes/e.md", "title = \"Same\"\nweight = 0\n", ""},
        {"causes/d.md", "title = \"Same\"\nweight = 0\n", ""},
        {"causes/f.md", "title = \"Negative\"\nweight = -5\n", ""},
    });
    const auto built = build(site);
    CHECK(site.paths(built.index.causes) ==
          std::vector<std::string>{"causes/f.md", "causes/d.md", "causes/e.md", "causes/c.md", "causes/a.md",
                                   "causes/b.md"});
    const auto& p = built.index.position_in_causes;
    CHECK(p[site.index_of("causes/f.md")] == 0u);
    CHECK(p[site.index_of("causes/b.md")] == 5u);
}

TEST_CASE("position_in_causes is SIZE_MAX for pages that are not causes", "[causes][order]") {
    const auto site = make_site({{"faq.md", "", ""}, {"causes/a.md", "", ""}});
    const auto built = build(site);
    REQUIRE(built.index.position_in_causes.size() == 2u);
    CHECK(built.index.position_in_causes[site.index_of("faq.md")] == SIZE_MAX);
    CHECK(built.index.position_in_causes[site.index_of("causes/a.md")] == 0u);
}

TEST_CASE("comes_before compares weight, then title, then source path", "[causes][order]") {
    const auto site = make_site({
        {"b.md", "title = \"B\"\nweight = 1\n", ""},
        {"a.md", "title = \"B\"\nweight = 1\n", ""},
        {"c.md", "title = \"A\"\nweight = 2\n", ""},
    });
    const auto& b = site.pages[0];
    const auto& a = site.pages[1];
    const auto& c = site.pages[2];
    CHECK(causes::comes_before(a, b));
    CHECK_FALSE(causes::comes_before(b, a));
    CHECK(causes::comes_before(b, c));  // weight wins over title
    CHECK_FALSE(causes::comes_before(a, a));
}

TEST_CASE("symptoms are grouped without regard to case or spacing and listed A to Z", "[causes][symptoms]") {
    const auto site = make_site({
        cause("causes/nerves.md", "Nerves", 2, "Sciatica", {"Tingling", "burning", "cramping"}),
        cause("causes/circulation.md", "Circulation", 1, "PAD", {"Cramping", "cold  feet"}),
    });
    const auto built = build(site);
    CHECK(built.messages.empty());
    std::vector<std::string> names;
    for (const auto& s : built.index.symptoms) names.push_back(s.name);
    // The name as first written in cause order (Circulation comes first).
    CHECK(names == std::vector<std::string>{"burning", "cold feet", "Cramping", "Tingling"});

    const auto* cramping = find_symptom(built.index, "cramping");
    REQUIRE(cramping);
    REQUIRE(cramping->conditions.size() == 2u);
    CHECK(cramping->conditions[0].page == site.index_of("causes/circulation.md"));  // in cause order
    CHECK(cramping->conditions[1].page == site.index_of("causes/nerves.md"));
    CHECK(cramping->conditions[0].condition == 0u);
}

TEST_CASE("a symptom listed twice by one condition counts once", "[causes][symptoms]") {
    const auto site = make_site({cause("causes/a.md", "A", 1, "Cramp", {"ache", "Ache"})});
    const auto built = build(site);
    REQUIRE(built.index.symptoms.size() == 1u);
    CHECK(built.index.symptoms[0].conditions.size() == 1u);
}

TEST_CASE("two conditions on one page sharing a symptom are both listed", "[causes][symptoms]") {
    const auto site = make_site({{"causes/a.md",
                                  "[[conditions]]\nname = \"One\"\nsymptoms = [\"ache\"]\n"
                                  "[[conditions]]\nname = \"Two\"\nsymptoms = [\"ache\"]\n",
                                  "## One\n\n## Two\n"}});
    const auto built = build(site);
    CHECK(built.messages.empty());
    REQUIRE(built.index.symptoms.size() == 1u);
    REQUIRE(built.index.symptoms[0].conditions.size() == 2u);
    CHECK(built.index.symptoms[0].conditions[0].condition == 0u);
    CHECK(built.index.symptoms[0].conditions[1].condition == 1u);
    // A page is not related to itself.
    CHECK(built.index.related[0].empty());
}

TEST_CASE("symptoms of pages outside the cause section are not indexed", "[causes][symptoms]") {
    auto other = cause("faq.md", "FAQ", 1, "Not a cause", {"itching"});
    const auto site = make_site({other, cause("causes/a.md", "A", 1, "Cramp", {"ache"})});
    const auto built = build(site);
    CHECK_FALSE(find_symptom(built.index, "itching"));
    CHECK(find_symptom(built.index, "ache"));
}

TEST_CASE("related causes are sorted by the number of shared symptoms", "[causes][related]") {
    const auto site = make_site({
        cause("causes/main.md", "Main", 1, "Main condition", {"ache", "burning", "cramping", "tingling"}),
        cause("causes/one.md", "One shared", 2, "One", {"Ache", "swelling"}),
        cause("causes/three.md", "Three shared", 3, "Three", {"burning", "cramping", "tingling"}),
        cause("causes/none.md", "None shared", 4, "None", {"itching"}),
        cause("causes/two.md", "Two shared", 5, "Two", {"ache", "tingling"}),
    });
    const auto built = build(site);
    const auto& related = built.index.related[site.index_of("causes/main.md")];
    REQUIRE(related.size() == 3u);
    CHECK(related[0].page == site.index_of("causes/three.md"));
    CHECK(related[0].shared_symptoms == std::vector<std::string>{"burning", "cramping", "tingling"});
    CHECK(related[1].page == site.index_of("causes/two.md"));
    CHECK(related[1].shared_symptoms == std::vector<std::string>{"ache", "tingling"});
    CHECK(related[2].page == site.index_of("causes/one.md"));
    CHECK(related[2].shared_symptoms == std::vector<std::string>{"ache"});
    // Relations go both ways; a cause with nothing in common has none.
    const auto& of_one = built.index.related[site.index_of("causes/one.md")];
    REQUIRE(of_one.size() == 2u);
    CHECK(of_one[0].page == site.index_of("causes/main.md"));
    CHECK(of_one[1].page == site.index_of("causes/two.md"));
    CHECK(built.index.related[site.index_of("causes/none.md")].empty());
}

TEST_CASE("related causes with as many shared symptoms follow the cause order", "[causes][related]") {
    const auto site = make_site({
        cause("causes/main.md", "Main", 1, "Main", {"ache"}),
        cause("causes/z.md", "Zebra", 2, "Z", {"ache"}),
        cause("causes/a.md", "Aardvark", 2, "A", {"ache"}),
        cause("causes/light.md", "Light", 0, "L", {"ache"}),
    });
    const auto built = build(site);
    const auto& related = built.index.related[site.index_of("causes/main.md")];
    REQUIRE(related.size() == 3u);
    CHECK(related[0].page == site.index_of("causes/light.md"));
    CHECK(related[1].page == site.index_of("causes/a.md"));
    CHECK(related[2].page == site.index_of("causes/z.md"));
}

TEST_CASE("a condition anchor that is not a heading is an error at the anchor", "[causes][anchors]") {
    // Lines: 1 +++, 2 title, 3 [[conditions]], 4 name, 5 anchor.
    const auto site = make_site({{"causes/circulation.md",
                                  "[[conditions]]\nname = \"Peripheral artery disease\"\n  anchor = \"pad\"\n",
                                  "## Peripheral artery disease\n"}});
    const auto built = build(site);
    CHECK(built.messages == Messages{"content/causes/circulation.md:5:3: error: condition 'Peripheral artery disease': "
                                     "anchor 'pad' is not the id of a heading on this page"});
}

TEST_CASE("a condition without an anchor is checked by its name's slug, at the entry", "[causes][anchors]") {
    const auto ok = make_site({{"causes/a.md", "[[conditions]]\nname = \"Restless legs\"\n", "## Restless legs\n"}});
    CHECK(build(ok).messages.empty());

    const auto bad = make_site({{"causes/a.md", "\n[[conditions]]\nname = \"Restless legs\"\n", "## Something else\n"}});
    CHECK(build(bad).messages == Messages{"content/causes/a.md:4:1: error: condition 'Restless legs': anchor "
                                          "'restless-legs' is not the id of a heading on this page"});
}

TEST_CASE("an explicit heading id satisfies a condition anchor", "[causes][anchors]") {
    const auto site = make_site(
        {{"causes/a.md", "[[conditions]]\nname = \"PAD\"\nanchor = \"pad\"\n", "## Peripheral artery disease {#pad}\n"}});
    CHECK(build(site).messages.empty());
}

TEST_CASE("condition anchors are checked on every page, not only causes", "[causes][anchors]") {
    const auto site = make_site({{"faq.md", "[[conditions]]\nname = \"Cramp\"\n", "No headings.\n"}});
    CHECK(build(site).messages.size() == 1u);
}

TEST_CASE("an empty site has an empty index", "[causes]") {
    const auto built = build(Site{});
    CHECK(built.index.causes.empty());
    CHECK(built.index.symptoms.empty());
    CHECK(built.index.related.empty());
    CHECK(built.messages.empty());
}
