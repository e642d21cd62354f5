// Tests of the view models: which template each page uses, output paths, and
// the links a template is given (navigation, breadcrumbs, the 404 page, the
// cause index, previous and next cause).
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "generator/causes/causes.hpp"
#include "generator/config/site_config.hpp"
#include "generator/content/page.hpp"
#include "generator/glossary/glossary.hpp"
#include "generator/links/links.hpp"
#include "generator/markdown/markdown.hpp"
#include "generator/views/accessible.hpp"
#include "generator/views/format.hpp"
#include "generator/views/views.hpp"

using namespace healthsite;
using support::Value;

namespace {

struct Source {
    std::string path;          // relative to content/
    std::string front_matter;  // including the title
    std::string body;
};

// Everything the views are built from, made by the real earlier stages.
struct Model {
    config::SiteConfig config;
    std::vector<content::Page> pages;
    std::vector<markdown::Document> documents;
    links::Resolution links;
    causes::Index causes;
    bool offline = false;
    glossary::Glossary glossary;

    [[nodiscard]] std::vector<views::View> views(const std::vector<std::string>* html_keys = nullptr,
                                                 bool html_with_keys = false) const {
        return views::build_views({.config = config,
                                   .pages = pages,
                                   .documents = documents,
                                   .links = links,
                                   .causes = causes,
                                   .offline = offline,
                                   .html_keys = html_keys,
                                   .html_with_keys = html_with_keys,
                                   .glossary = &glossary});
    }
};

Model make_model(const std::vector<Source>& sources, std::string base_url = "https://user.github.io/repo/",
                 bool offline = false) {
    Model model;
    model.config.title = "Leg pain";
    model.config.description = "Why legs hurt at night";
    model.config.base_url = std::move(base_url);
    model.offline = offline;
    support::Diagnostics diagnostics;
    for (const auto& source : sources) {
        auto page = content::parse_page(source.path, "content/" + source.path,
                                        "+++\n" + source.front_matter + "+++\n" + source.body, model.config, diagnostics);
        INFO(source.path);
        REQUIRE(page);
        markdown::Options options;
        options.path = page->display_path;
        options.first_line = page->body_line;
        options.split_sections = views::template_for(*page, model.config.cause_section) == "faq";
        model.documents.push_back(markdown::render(page->body, options, diagnostics));
        model.pages.push_back(std::move(*page));
    }
    model.links = links::resolve(model.pages, model.documents, {}, {}, {offline, 1, {}}, diagnostics);
    model.causes = causes::build(model.pages, model.documents, model.config.cause_section, diagnostics);
    for (const auto& d : diagnostics.items()) UNSCOPED_INFO(support::format(d));
    REQUIRE(diagnostics.empty());
    return model;
}

// A small site, its sources in the order the build lists them.
std::vector<Source> small_site() {
    return {
        {"_index.md", "title = \"Leg pain at night\"\n", "Welcome.\n"},
        {"about.md", "title = \"About\"\nmenu = false\n", "About us.\n"},
        {"causes/_index.md", "title = \"Causes\"\nweight = 1\n", "All causes.\n"},
        {"causes/circulation.md",
         "title = \"Circulation\"\nweight = 1\ndescription = \"Blood flow\"\n"
         "[[conditions]]\nname = \"Peripheral artery disease\"\nanchor = \"pad\"\nsymptoms = [\"Cramping\", \"Cold feet\"]\n",
         "## Peripheral artery disease {#pad}\n\nSee [the FAQ](../faq.md#why-at-night).\n\n### Tests\n\n#### Deep\n"},
        {"causes/nerves.md",
         "title = \"Nerves\"\nweight = 2\n"
         "[[conditions]]\nname = \"Sciatica\"\nsymptoms = [\"cramping\", \"Tingling\"]\nurgency = \"urgent\"\n",
         "## Sciatica\n"},
        {"faq.md", "title = \"FAQ\"\nweight = 2\nlayout = \"faq\"\n", "Intro.\n\n## Why at night?\n\nBecause.\n"},
    };
}

const views::View& view_at(const std::vector<views::View>& views, std::string_view output_path) {
    for (const auto& view : views)
        if (view.output_path == output_path) return view;
    FAIL("no view " << output_path);
    return views.front();
}

std::vector<std::string> strings_of(const Value& list, std::string_view key) {
    std::vector<std::string> out;
    if (!list.is_list()) return out;
    for (const auto& item : list.as_list()) {
        const Value& v = item.get(key);
        out.push_back(v.is_string() ? v.as_string() : v.is_bool() ? (v.as_bool() ? "true" : "false") : "null");
    }
    return out;
}

}  // namespace

// ---------------------------------------------------------------------------
// template_for

TEST_CASE("template_for picks the layout, or a template by the page's kind", "[views][templates]") {
    const auto model = make_model({
        {"_index.md", "title = \"Home\"\n", ""},
        {"causes/_index.md", "title = \"Causes\"\n", ""},
        {"causes/circulation.md", "title = \"Circulation\"\n", ""},
        {"causes/more/_index.md", "title = \"More\"\n", ""},
        {"causes/more/deep.md", "title = \"Deep\"\n", ""},
        {"about.md", "title = \"About\"\n", ""},
        {"urgent.md", "title = \"Urgent\"\nlayout = \"urgent-help\"\n", ""},
        {"other/_index.md", "title = \"Other\"\nlayout = \"faq\"\n", ""},
    });
    const std::vector<std::string> expected{"home", "section", "cause", "section", "page", "page", "urgent-help", "faq"};
    for (std::size_t i = 0; i < model.pages.size(); ++i) {
        INFO(model.pages[i].source_path);
        CHECK(views::template_for(model.pages[i], "causes") == expected[i]);
    }
    CHECK(views::template_for(model.pages[2], "reasons") == "page");
}

TEST_CASE("a layout on the home page wins over 'home'", "[views][templates]") {
    const auto model = make_model({{"_index.md", "title = \"Home\"\nlayout = \"landing\"\n", ""}});
    CHECK(views::template_for(model.pages[0], "causes") == "landing");
}

// ---------------------------------------------------------------------------
// Output paths and order

TEST_CASE("pages get pretty output paths, then the cause index and the 404 page", "[views][paths]") {
    const auto views = make_model(small_site()).views();
    std::vector<std::string> paths, templates;
    for (const auto& v : views) {
        paths.push_back(v.output_path);
        templates.push_back(v.template_name);
    }
    CHECK(paths == std::vector<std::string>{"index.html", "about/index.html", "causes/index.html",
                                            "causes/circulation/index.html", "causes/nerves/index.html",
                                            "faq/index.html", "cause-index/index.html", "404.html"});
    CHECK(templates ==
          std::vector<std::string>{"home", "page", "section", "cause", "cause", "faq", "cause-index", "404"});
    CHECK(views[3].source == "content/causes/circulation.md");
    CHECK(views[6].source.empty());
    CHECK(views[7].source.empty());
}

TEST_CASE("the cause index follows [causes] index_path", "[views][paths]") {
    auto model = make_model(small_site());
    model.config.cause_index_path = "a-z/";
    const auto views = model.views();
    CHECK(views[6].output_path == "a-z/index.html");
    CHECK(view_at(views, "causes/circulation/index.html").data.get("cause_index_href").as_string() == "../../a-z/");
}

TEST_CASE("a site without causes has no cause index view", "[views][paths]") {
    const auto views = make_model({{"_index.md", "title = \"Home\"\n", ""}, {"faq.md", "title = \"FAQ\"\n", ""}}).views();
    REQUIRE(views.size() == 3u);
    CHECK(views.back().output_path == "404.html");
    CHECK_FALSE(views[0].data.get("has_cause_index").as_bool());
}

TEST_CASE("a page's template position is its layout key, or 1:1", "[views][paths]") {
    const auto views = make_model(small_site()).views();
    const auto& faq = view_at(views, "faq/index.html");
    CHECK(faq.template_position.line == 4);  // +++, title, weight, layout
    CHECK(faq.template_position.column == 1);
    CHECK(view_at(views, "about/index.html").template_position.line == 1);
}

// ---------------------------------------------------------------------------
// Common fields

TEST_CASE("each view knows its canonical URL, title and site", "[views][common]") {
    const auto views = make_model(small_site()).views();
    const auto& circulation = view_at(views, "causes/circulation/index.html").data;
    CHECK(circulation.get("canonical").as_string() == "https://user.github.io/repo/causes/circulation/");
    CHECK(circulation.get("title").as_string() == "Circulation");
    CHECK(circulation.get("description").as_string() == "Blood flow");  // the page's own
    CHECK(circulation.get("site").get("title").as_string() == "Leg pain");
    CHECK(circulation.get("site").get("base_url").as_string() == "https://user.github.io/repo/");
    CHECK(circulation.get("root").as_string() == "../../");
    CHECK(circulation.get("home_href").as_string() == "../../");
    CHECK_FALSE(circulation.get("is_home").as_bool());

    const auto& home = view_at(views, "index.html").data;
    CHECK(home.get("canonical").as_string() == "https://user.github.io/repo/");
    CHECK(home.get("description").as_string() == "Why legs hurt at night");  // the site's
    CHECK(home.get("is_home").as_bool());
    CHECK(home.get("home_href").as_string() == "./");
}

// ---------------------------------------------------------------------------
// Navigation

TEST_CASE("the menu lists home, then top-level pages in order, with the cause index after the causes",
          "[views][nav]") {
    const auto views = make_model(small_site()).views();
    const auto& nav = view_at(views, "causes/circulation/index.html").data.get("nav");
    CHECK(strings_of(nav, "title") ==
          std::vector<std::string>{"Home", "Causes", "Causes and symptoms A to Z", "FAQ"});  // About has menu = false
    CHECK(strings_of(nav, "href") == std::vector<std::string>{"../../", "../", "../../cause-index/", "../../faq/"});
    CHECK(strings_of(nav, "current") == std::vector<std::string>{"false", "false", "false", "false"});
}

TEST_CASE("the menu marks the current page", "[views][nav]") {
    const auto views = make_model(small_site()).views();
    CHECK(strings_of(view_at(views, "index.html").data.get("nav"), "current") ==
          std::vector<std::string>{"true", "false", "false", "false"});
    CHECK(strings_of(view_at(views, "causes/index.html").data.get("nav"), "current") ==
          std::vector<std::string>{"false", "true", "false", "false"});
    CHECK(strings_of(view_at(views, "cause-index/index.html").data.get("nav"), "current") ==
          std::vector<std::string>{"false", "false", "true", "false"});
    CHECK(strings_of(view_at(views, "faq/index.html").data.get("nav"), "current") ==
          std::vector<std::string>{"false", "false", "false", "true"});
    CHECK(strings_of(view_at(views, "faq/index.html").data.get("nav"), "href") ==
          std::vector<std::string>{"../", "../causes/", "../cause-index/", "./"});
}

// ---------------------------------------------------------------------------
// Breadcrumbs

TEST_CASE("breadcrumbs list the sections a page is in, without the home page", "[views][breadcrumbs]") {
    const auto views = make_model(small_site()).views();
    const auto& crumbs = view_at(views, "causes/circulation/index.html").data.get("page").get("breadcrumbs");
    CHECK(strings_of(crumbs, "title") == std::vector<std::string>{"Causes", "Circulation"});
    CHECK(strings_of(crumbs, "current") == std::vector<std::string>{"false", "true"});
    CHECK(crumbs.as_list()[0].get("href").as_string() == "../");
    CHECK(crumbs.as_list()[1].get("href").is_null());  // the current page is not a link
}

TEST_CASE("the breadcrumbs of a section and of the home page hold only themselves", "[views][breadcrumbs]") {
    const auto views = make_model(small_site()).views();
    CHECK(strings_of(view_at(views, "causes/index.html").data.get("page").get("breadcrumbs"), "title") ==
          std::vector<std::string>{"Causes"});
    CHECK(strings_of(view_at(views, "index.html").data.get("page").get("breadcrumbs"), "title") ==
          std::vector<std::string>{"Leg pain at night"});
}

TEST_CASE("breadcrumbs of a nested section go outermost first", "[views][breadcrumbs]") {
    const auto views = make_model({
                                      {"_index.md", "title = \"Home\"\n", ""},
                                      {"guides/_index.md", "title = \"Guides\"\n", ""},
                                      {"guides/sleep/_index.md", "title = \"Sleep\"\n", ""},
                                      {"guides/sleep/position.md", "title = \"Position\"\n", ""},
                                      {"guidesx/_index.md", "title = \"Look-alike\"\n", ""},
                                  })
                           .views();
    const auto& crumbs = view_at(views, "guides/sleep/position/index.html").data.get("page").get("breadcrumbs");
    CHECK(strings_of(crumbs, "title") == std::vector<std::string>{"Guides", "Sleep", "Position"});
    CHECK(strings_of(crumbs, "href") == std::vector<std::string>{"../../", "../", "null"});
}

// ---------------------------------------------------------------------------
// The 404 page

TEST_CASE("the 404 view's links are absolute from base_url's path", "[views][404]") {
    const auto views = make_model(small_site()).views();
    const auto& data = view_at(views, "404.html").data;
    CHECK(data.get("home_href").as_string() == "/repo/");
    CHECK(data.get("root").as_string() == "/repo/");
    CHECK(data.get("cause_index_href").as_string() == "/repo/cause-index/");
    CHECK(strings_of(data.get("nav"), "href") ==
          std::vector<std::string>{"/repo/", "/repo/causes/", "/repo/cause-index/", "/repo/faq/"});
    CHECK(data.get("canonical").is_bool());
    CHECK_FALSE(data.get("canonical").as_bool());
    CHECK(data.get("title").as_string() == "Page not found");
}

TEST_CASE("the 404 view at a domain's root links from /", "[views][404]") {
    for (const char* base : {"https://example.org/", "/"}) {
        INFO(base);
        const auto views = make_model(small_site(), base).views();
        const auto& data = view_at(views, "404.html").data;
        CHECK(data.get("home_href").as_string() == "/");
        CHECK(strings_of(data.get("nav"), "href")[1] == "/causes/");
    }
}

TEST_CASE("the 404 view's links stay absolute in an offline build", "[views][404][offline]") {
    const auto views = make_model(small_site(), "https://user.github.io/repo/", true).views();
    CHECK(view_at(views, "404.html").data.get("home_href").as_string() == "/repo/");
}

// ---------------------------------------------------------------------------
// Page fields

TEST_CASE("a page's content has its links filled in", "[views][page]") {
    const auto views = make_model(small_site()).views();
    const auto& page = view_at(views, "causes/circulation/index.html").data.get("page");
    CHECK(page.get("content").as_string().find("<a href=\"../../faq/#why-at-night\">the FAQ</a>") != std::string::npos);
    CHECK(page.get("content").as_string().find("healthsite:link") == std::string::npos);
}

TEST_CASE("links are filled in among other colons, side by side and at either end", "[views][page]") {
    const std::vector<std::string> hrefs{"../a/", "#b"};
    CHECK(markdown::fill_links("healthsite:link/0/", hrefs) == "../a/");
    CHECK(markdown::fill_links(":healthsite:link/1/:", hrefs) == ":#b:");
    CHECK(markdown::fill_links("healthsite:link/0/healthsite:link/1/", hrefs) == "../a/#b");
    CHECK(markdown::fill_links("<a href=\"https://x.org/\">healthsite:link/1/</a>", hrefs) ==
          "<a href=\"https://x.org/\">#b</a>");
    CHECK(markdown::fill_links("healthsite:healthsite:link/0/", hrefs) == "healthsite:../a/");
    CHECK(markdown::fill_links("ealthsite:link/0/ healthsite:lin", hrefs) == "ealthsite:link/0/ healthsite:lin");
    CHECK(markdown::fill_links("a:b", hrefs) == "a:b");
}

TEST_CASE("the table of contents lists level 2 and 3 headings", "[views][page]") {
    const auto views = make_model(small_site()).views();
    const auto& page = view_at(views, "causes/circulation/index.html").data.get("page");
    CHECK(strings_of(page.get("toc"), "id") == std::vector<std::string>{"pad", "tests"});
    CHECK(strings_of(page.get("toc"), "level") == std::vector<std::string>{"2", "3"});
    CHECK(strings_of(page.get("toc"), "is_sub") == std::vector<std::string>{"false", "true"});
    CHECK(page.get("has_toc").as_bool());
}

TEST_CASE("a page lists its conditions with anchors and urgency labels", "[views][page]") {
    const auto views = make_model(small_site()).views();
    const auto& conditions = view_at(views, "causes/nerves/index.html").data.get("page").get("conditions");
    REQUIRE(conditions.as_list().size() == 1u);
    const auto& c = conditions.as_list()[0];
    CHECK(c.get("name").as_string() == "Sciatica");
    CHECK(c.get("href").as_string() == "#sciatica");
    CHECK(c.get("urgency").as_string() == "urgent");
    CHECK(c.get("urgency_label").as_string() == views::urgency_label("urgent"));
    REQUIRE(c.get("symptoms").is_list());
    CHECK(c.get("symptoms").as_list().size() == 2u);
    CHECK(c.get("symptoms").as_list()[0].as_string() == "cramping");
}

TEST_CASE("a section lists its pages and a page lists its backlinks", "[views][page]") {
    const auto views = make_model(small_site()).views();
    const auto& causes = view_at(views, "causes/index.html").data.get("page");
    CHECK(strings_of(causes.get("children"), "title") == std::vector<std::string>{"Circulation", "Nerves"});
    CHECK(strings_of(causes.get("children"), "href") == std::vector<std::string>{"circulation/", "nerves/"});
    const auto& home = view_at(views, "index.html").data.get("page");
    CHECK(strings_of(home.get("children"), "title") == std::vector<std::string>{"About", "Causes", "FAQ"});
    const auto& faq = view_at(views, "faq/index.html").data.get("page");
    CHECK(strings_of(faq.get("backlinks"), "href") == std::vector<std::string>{"../causes/circulation/"});
    CHECK(faq.get("has_backlinks").as_bool());
}

TEST_CASE("an FAQ page has its intro and one entry per question", "[views][page]") {
    const auto views = make_model(small_site()).views();
    const auto& page = view_at(views, "faq/index.html").data.get("page");
    CHECK(page.get("intro").as_string() == "<p>Intro.</p>\n");
    REQUIRE(page.get("faq").as_list().size() == 1u);
    const auto& q = page.get("faq").as_list()[0];
    CHECK(q.get("question").as_string() == "Why at night?");
    CHECK(q.get("id").as_string() == "why-at-night");
    CHECK(q.get("answer").as_string() == "<p>Because.</p>\n");
}

// ---------------------------------------------------------------------------
// Causes: previous, next, related

TEST_CASE("cause pages link to the previous and next cause", "[views][causes]") {
    const auto views = make_model(small_site()).views();
    const auto& first = view_at(views, "causes/circulation/index.html").data;
    CHECK(first.get("is_cause").as_bool());
    CHECK(first.get("cause").get("prev").is_bool());
    CHECK_FALSE(first.get("cause").get("prev").as_bool());
    CHECK(first.get("cause").get("next").get("title").as_string() == "Nerves");
    CHECK(first.get("cause").get("next").get("href").as_string() == "../nerves/");

    const auto& last = view_at(views, "causes/nerves/index.html").data;
    CHECK(last.get("cause").get("prev").get("title").as_string() == "Circulation");
    CHECK(last.get("cause").get("prev").get("href").as_string() == "../circulation/");
    CHECK_FALSE(last.get("cause").get("next").as_bool());

    const auto& faq = view_at(views, "faq/index.html").data;
    CHECK_FALSE(faq.get("is_cause").as_bool());
    CHECK(faq.get("cause").is_null());
}

TEST_CASE("cause pages list related causes with the symptoms they share", "[views][causes]") {
    const auto views = make_model(small_site()).views();
    const auto& cause = view_at(views, "causes/circulation/index.html").data.get("cause");
    CHECK(cause.get("has_related").as_bool());
    REQUIRE(cause.get("related").as_list().size() == 1u);
    CHECK(cause.get("related").as_list()[0].get("title").as_string() == "Nerves");
    CHECK(cause.get("related").as_list()[0].get("href").as_string() == "../nerves/");
    CHECK(cause.get("related").as_list()[0].get("shared").as_string() == "Cramping");
}

// ---------------------------------------------------------------------------
// The cause index

TEST_CASE("the cause index groups conditions and symptoms A to Z by letter", "[views][cause-index]") {
    const auto views = make_model(small_site()).views();
    const auto& az = view_at(views, "cause-index/index.html").data.get("index").get("az");
    CHECK(strings_of(az, "letter") == std::vector<std::string>{"C", "P", "S", "T"});
    CHECK(strings_of(az, "id") == std::vector<std::string>{"letter-c", "letter-p", "letter-s", "letter-t"});
    const auto& c = az.as_list()[0].get("entries");
    CHECK(strings_of(c, "label") == std::vector<std::string>{"Cold feet", "Cramping"});
    CHECK(strings_of(c, "is_condition") == std::vector<std::string>{"false", "false"});
    const auto& p = az.as_list()[1].get("entries");
    CHECK(strings_of(p, "label") == std::vector<std::string>{"Peripheral artery disease"});
    CHECK(strings_of(p, "is_condition") == std::vector<std::string>{"true"});
}

TEST_CASE("cause index entries link to the condition's heading on its page", "[views][cause-index]") {
    const auto views = make_model(small_site()).views();
    const auto& az = view_at(views, "cause-index/index.html").data.get("index").get("az");
    const auto& cramping = az.as_list()[0].get("entries").as_list()[1];
    CHECK(strings_of(cramping.get("links"), "href") ==
          std::vector<std::string>{"../causes/circulation/#pad", "../causes/nerves/#sciatica"});
    CHECK(strings_of(cramping.get("links"), "name") ==
          std::vector<std::string>{"Peripheral artery disease", "Sciatica"});
    CHECK(strings_of(cramping.get("links"), "cause") == std::vector<std::string>{"Circulation", "Nerves"});
}

TEST_CASE("the cause index lists causes in order and the symptoms they share", "[views][cause-index]") {
    const auto views = make_model(small_site()).views();
    const auto& index = view_at(views, "cause-index/index.html").data.get("index");
    CHECK(strings_of(index.get("causes"), "title") == std::vector<std::string>{"Circulation", "Nerves"});
    CHECK(strings_of(index.get("causes"), "href") ==
          std::vector<std::string>{"../causes/circulation/", "../causes/nerves/"});
    const auto& first = index.get("causes").as_list()[0].get("conditions").as_list()[0];
    CHECK(first.get("href").as_string() == "../causes/circulation/#pad");
    CHECK(first.get("urgency_label").as_string() == "See a doctor");
    CHECK(strings_of(index.get("shared_symptoms"), "symptom") == std::vector<std::string>{"Cramping"});
}

TEST_CASE("offline, cause index links end in index.html before the anchor", "[views][cause-index][offline]") {
    const auto views = make_model(small_site(), "/", true).views();
    const auto& az = view_at(views, "cause-index/index.html").data.get("index").get("az");
    const auto& cramping = az.as_list()[0].get("entries").as_list()[1];
    CHECK(strings_of(cramping.get("links"), "href")[0] == "../causes/circulation/index.html#pad");
    CHECK(strings_of(view_at(views, "causes/circulation/index.html").data.get("nav"), "href")[0] == "../../index.html");
}

TEST_CASE("letters outside A to Z share one # group", "[views][cause-index]") {
    const auto views = make_model({{"causes/a.md",
                                    "title = \"A\"\n[[conditions]]\nname = \"Cramp\"\nsymptoms = [\"24-hour ache\"]\n",
                                    "## Cramp\n"}})
                           .views();
    const auto& az = view_at(views, "cause-index/index.html").data.get("index").get("az");
    CHECK(strings_of(az, "letter") == std::vector<std::string>{"#", "C"});
    CHECK(strings_of(az, "id") == std::vector<std::string>{"letter-other", "letter-c"});
}

// Entries are sorted byte-wise, so a name starting with a digit sorts before
// 'a' and one starting with a non-ASCII letter after 'z': both go in a "#"
// group, which then appears twice, with the same HTML id "letter-other".
TEST_CASE("each cause index letter group appears once", "[views][cause-index]") {
    const auto views =
        make_model({{"causes/a.md",
                     "title = \"A\"\n[[conditions]]\nname = \"Cramp\"\nsymptoms = [\"24-hour ache\", \"\xC5\x92" "dema\"]\n",
                     "## Cramp\n"}})
            .views();
    const auto ids = strings_of(view_at(views, "cause-index/index.html").data.get("index").get("az"), "id");
    CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == ids.size());
}

// ---------------------------------------------------------------------------
// Accessible footnotes and tables

TEST_CASE("footnotes get a heading that names them, and references that point to it", "[views][accessible]") {
    const std::string html =
        "<p>A<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\" data-footnote-ref>1</a></sup></p>\n"
        "<section class=\"footnotes\" data-footnotes>\n<ol>\n<li id=\"fn-1\">\n<p>Note</p>\n</li>\n</ol>\n</section>\n";
    CHECK(views::accessible_footnotes(html) ==
          "<p>A<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\" data-footnote-ref "
          "aria-describedby=\"footnotes-title\">1</a></sup></p>\n"
          "<section class=\"footnotes\" data-footnotes aria-labelledby=\"footnotes-title\">\n"
          "<h2 id=\"footnotes-title\" class=\"footnotes-title\">Notes</h2>\n"
          "<ol>\n<li id=\"fn-1\">\n<p>Note</p>\n</li>\n</ol>\n</section>\n");
}

TEST_CASE("a footnote section is found at either end of the HTML", "[views][accessible]") {
    const std::string section = "<section class=\"footnotes\" data-footnotes>";
    const std::string labelled = "<section class=\"footnotes\" data-footnotes aria-labelledby=\"footnotes-title\">";
    const std::string heading = "\n<h2 id=\"footnotes-title\" class=\"footnotes-title\">Notes</h2>";
    CHECK(views::accessible_footnotes(section) == labelled + heading);
    CHECK(views::accessible_footnotes("<p a=b>" + section) == "<p a=b>" + labelled + heading);
    CHECK(views::accessible_footnotes(section + section) == labelled + heading + labelled + heading);
}

TEST_CASE("HTML without a footnote section keeps its footnote references as they are", "[views][accessible]") {
    for (const std::string& html : {
             std::string("<a href=\"#fn-1\" data-footnote-ref>1</a>"),
             std::string("<section class=\"footnotes\" data-footnote>"),
             std::string("<section class=\"footnote\" data-footnotes>"),
             std::string("section class=\"footnotes\" data-footnotes>"),
             std::string("<section class=\"footnotes\" data-footnotes"),
             std::string("= == a=b class=\"footnotes\" data-footnotes>"),
             std::string(),
         })
        CHECK(views::accessible_footnotes(html) == html);
}

TEST_CASE("header cells in a table's head get scope=col", "[views][accessible]") {
    const std::string html =
        "<p>x</p>\n<table>\n<thead>\n<tr>\n<th align=\"left\">H</th>\n<th>I</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td>a</td>\n<td>b</td>\n</tr>\n</tbody>\n</table>\n";
    CHECK(views::accessible_tables(html) ==
          "<p>x</p>\n<table>\n<thead>\n<tr>\n<th scope=\"col\" align=\"left\">H</th>\n<th scope=\"col\">I</th>\n</tr>\n"
          "</thead>\n<tbody>\n<tr>\n<td>a</td>\n<td>b</td>\n</tr>\n</tbody>\n</table>\n");
}

TEST_CASE("a table with an empty corner gets row headers; the tables around it do not", "[views][accessible]") {
    const std::string body = "<tbody>\n<tr>\n<td>1</td>\n</tr>\n</tbody>\n</table>\n";
    const std::string plain = "<table>\n<thead>\n<tr>\n<th>A</th>\n</tr>\n</thead>\n" + body;
    const std::string scoped = "<table>\n<thead>\n<tr>\n<th scope=\"col\">A</th>\n</tr>\n</thead>\n" + body;
    const std::string corner =
        "<table>\n<thead>\n<tr>\n<th></th>\n<th>A</th>\n</tr>\n</thead>\n<tbody>\n"
        "<tr>\n<td>r1</td>\n<td>1</td>\n</tr>\n<tr>\n<td>r2</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>\n";
    const std::string headed =
        "<table>\n<thead>\n<tr>\n<td></td>\n<th scope=\"col\">A</th>\n</tr>\n</thead>\n<tbody>\n"
        "<tr>\n<th scope=\"row\">r1</th>\n<td>1</td>\n</tr>\n<tr>\n<th scope=\"row\">r2</th>\n<td>2</td>\n</tr>\n"
        "</tbody>\n</table>\n";
    CHECK(views::accessible_tables(corner) == headed);
    CHECK(views::accessible_tables(plain + corner + plain) == scoped + headed + scoped);
}

TEST_CASE("HTML without a complete table head is left as it is", "[views][accessible]") {
    for (const std::string& html : {
             std::string("<p>No table <th> here</p>"),
             std::string("<table>\n<tr>\n<th>A</th>\n</tr>\n</table>\n"),
             std::string("<thead>\n<tr>\n<th>A</th>\n</tr>\n"),
             std::string("<thead"),
             std::string(),
         })
        CHECK(views::accessible_tables(html) == html);
    // A head that is never closed ends the work: the complete one before it is still done.
    CHECK(views::accessible_tables("<thead><th></thead><thead><th>") == "<thead><th scope=\"col\"></thead><thead><th>");
}

// ---------------------------------------------------------------------------
// Formatting helpers

TEST_CASE("dates, grades and urgency labels are written for readers", "[views][format]") {
    CHECK(views::long_date({2026, 11, 25}) == "25 November 2026");
    CHECK(views::long_date({2026, 1, 5}) == "5 January 2026");
    CHECK(views::one_decimal(7.44) == "7.4");
    CHECK(views::one_decimal(7.45001) == "7.5");
    CHECK(views::urgency_label("self-care") == "Self-care");
    CHECK(views::urgency_label("see-a-doctor") == "See a doctor");
    CHECK(views::urgency_label("something-else") == "something-else");
}

// A view's strings as templates see them, in an unambiguous form.
void append_texts(const Value& value, std::string& out) {
    if (value.is_string()) out += std::to_string(value.as_string().size()) + ":" + value.as_string();
    else if (value.is_bool()) out += value.as_bool() ? "t" : "f";
    else if (value.is_null()) out += "n";
    else if (value.is_list()) {
        out += "[";
        for (const auto& item : value.as_list()) append_texts(item, out);
        out += "]";
    } else {
        out += "{";
        for (const auto& [key, item] : value.as_object()) {
            out += key + "=";
            append_texts(item, out);
        }
        out += "}";
    }
}

std::string texts(const Value& value) {
    std::string out;
    append_texts(value, out);
    return out;
}

TEST_CASE("a view built with HTML and keys hashes as the keyed view and shows what the full view shows",
          "[views][incremental]") {
    auto sources = small_site();
    sources.push_back({"urgent.md", "title = \"Urgent\"\nlayout = \"urgent-help\"\n", "Call 999.\n"});
    sources.push_back({"glossary.md", "title = \"Glossary\"\nlayout = \"glossary\"\n", ""});
    sources[4].body += "\n> [!URGENT]\n> Cramping with cold feet needs help now.\n";
    auto model = make_model(sources);
    support::Diagnostics diagnostics;
    model.glossary = glossary::parse("[[term]]\nname = \"Cramping\"\ndefinition = \"A tight muscle.\"\n", "g.toml",
                                     diagnostics);
    REQUIRE(model.glossary.terms.size() == 1);
    std::vector<std::string> keys;
    for (std::size_t i = 0; i < model.pages.size(); ++i) keys.push_back("html:key-" + std::to_string(i));

    const auto full = model.views();
    const auto keyed = model.views(&keys);
    const auto both = model.views(&keys, true);
    REQUIRE(full.size() == both.size());
    REQUIRE(keyed.size() == both.size());
    bool marked = false;
    for (std::size_t i = 0; i < both.size(); ++i) {
        INFO(both[i].output_path);
        CHECK(both[i].data.digest() == keyed[i].data.digest());
        CHECK(both[i].data.canonical() == keyed[i].data.canonical());
        CHECK(texts(both[i].data) == texts(full[i].data));
        if (i < model.pages.size()) CHECK(texts(both[i].data) != texts(keyed[i].data));  // the HTML, not the keys
        marked = marked || texts(full[i].data).find("glossary/#term-cramping") != std::string::npos;
    }
    CHECK(marked);  // the glossary's marking is part of what was compared
}

TEST_CASE("the same model gives the same views", "[views]") {
    const auto model = make_model(small_site());
    const auto a = model.views();
    const auto b = model.views();
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) CHECK(a[i].data.canonical() == b[i].data.canonical());
}
