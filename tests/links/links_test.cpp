// Tests of link resolution: relative .md links, anchors, site-absolute paths,
// files, drafts, offline URLs, and the backlinks they add up to.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "generator/content/page.hpp"
#include "generator/links/links.hpp"
#include "generator/markdown/markdown.hpp"

using namespace healthsite;

namespace {

using Messages = std::vector<std::string>;

struct Source {
    std::string path;  // relative to content/
    std::string body;
};

// Real pages and documents, parsed and rendered as the build does.
struct Site {
    std::vector<content::Page> pages;
    std::vector<markdown::Document> documents;

    [[nodiscard]] std::size_t index_of(std::string_view source_path) const {
        for (std::size_t i = 0; i < pages.size(); ++i)
            if (pages[i].source_path == source_path) return i;
        FAIL("no page " << source_path);
        return 0;
    }
};

Site make_site(const std::vector<Source>& sources) {
    Site site;
    const config::SiteConfig config;
    for (const auto& source : sources) {
        support::Diagnostics diagnostics;
        const std::string text = "+++\ntitle = \"" + source.path + "\"\n+++\n" + source.body;
        auto page = content::parse_page(source.path, "content/" + source.path, text, config, diagnostics);
        REQUIRE(page);
        markdown::Options options;
        options.path = page->display_path;
        options.first_line = page->body_line;
        site.documents.push_back(markdown::render(page->body, options, diagnostics));
        INFO(source.path);
        REQUIRE(diagnostics.empty());
        site.pages.push_back(std::move(*page));
    }
    return site;
}

struct Resolved {
    links::Resolution resolution;
    Messages messages;  // formatted, sorted
};

Resolved resolve(const Site& site, const std::set<std::string>& files = {}, const std::set<std::string>& drafts = {},
                 bool offline = false) {
    support::Diagnostics diagnostics;
    Resolved out;
    out.resolution = links::resolve(site.pages, site.documents, files, drafts, links::Options{offline, 1, {}}, diagnostics);
    for (const auto& d : diagnostics.sorted()) out.messages.push_back(support::format(d));
    return out;
}

// A small site: home, two top-level pages, a section with two pages; each
// extra source adds links to test.
std::vector<Source> base_sources() {
    return {
        {"_index.md", "Welcome.\n"},
        {"faq.md", "## Why at night?\n\nBecause.\n"},
        {"causes/_index.md", "All causes.\n"},
        {"causes/venous.md", "## Swelling\n"},
    };
}

// The hrefs written for the links of one page whose body is given.
struct OnePage {
    Site site;
    Resolved resolved;
    std::size_t index = 0;
    [[nodiscard]] const std::vector<std::string>& hrefs() const { return resolved.resolution.hrefs[index]; }
};

OnePage links_on(const std::string& source_path, const std::string& body, const std::set<std::string>& files = {},
                 const std::set<std::string>& drafts = {}, bool offline = false) {
    auto sources = base_sources();
    sources.push_back({source_path, body});
    OnePage out;
    out.site = make_site(sources);
    out.index = out.site.index_of(source_path);
    out.resolved = resolve(out.site, files, drafts, offline);
    return out;
}

}  // namespace

// ---------------------------------------------------------------------------
// Relative .md links

TEST_CASE("a relative .md link becomes a relative URL to the page", "[links]") {
    const auto top = links_on("about.md", "[FAQ](faq.md)\n");
    CHECK(top.resolved.messages.empty());
    CHECK(top.hrefs() == std::vector<std::string>{"../faq/"});

    const auto nested = links_on("causes/circulation.md", "[FAQ](../faq.md) [veins](venous.md)\n");
    CHECK(nested.resolved.messages.empty());
    CHECK(nested.hrefs() == std::vector<std::string>{"../../faq/", "../venous/"});
}

TEST_CASE("links to a section's _index.md or its folder go to the section page", "[links]") {
    const auto r = links_on("causes/circulation.md", "[all](_index.md) [all](./) [home](../_index.md) [home](..)\n");
    CHECK(r.resolved.messages.empty());
    CHECK(r.hrefs() == std::vector<std::string>{"../", "../", "../../", "../../"});
    const auto top = links_on("about.md", "[causes](causes/) [causes](causes)\n");
    CHECK(top.hrefs() == std::vector<std::string>{"../causes/", "../causes/"});
}

TEST_CASE("a link's #anchor is kept when the heading exists", "[links][anchors]") {
    const auto r = links_on("causes/circulation.md", "[why](../faq.md#why-at-night) [swelling](venous.md#swelling)\n");
    CHECK(r.resolved.messages.empty());
    CHECK(r.hrefs() == std::vector<std::string>{"../../faq/#why-at-night", "../venous/#swelling"});
    const auto& target = r.resolved.resolution.targets[r.index][0];
    CHECK(target.site_path == "faq/");
    CHECK(target.is_page);
    CHECK(target.suffix == "#why-at-night");
}

TEST_CASE("a link to an anchor on the same page is just the anchor", "[links][anchors]") {
    const auto r = links_on("causes/circulation.md", "## Peripheral artery disease {#pad}\n\n[up](#pad) [self](circulation.md#pad)\n");
    CHECK(r.resolved.messages.empty());
    CHECK(r.hrefs() == std::vector<std::string>{"#pad", "#pad"});
}

TEST_CASE("a link to the page itself without an anchor is ./", "[links]") {
    const auto r = links_on("about.md", "[me](about.md)\n");
    CHECK(r.hrefs() == std::vector<std::string>{"./"});
}

TEST_CASE("a query and an anchor are both kept, with & escaped", "[links]") {
    const auto r = links_on("about.md", "[a](faq.md?print=1#why-at-night) [b](faq.md?a=1&b=2)\n");
    CHECK(r.resolved.messages.empty());
    CHECK(r.hrefs() == std::vector<std::string>{"../faq/?print=1#why-at-night", "../faq/?a=1&amp;b=2"});
}

TEST_CASE("a percent-encoded link finds a page whose name has a space", "[links]") {
    auto sources = base_sources();
    sources.push_back({"my page.md", "Text.\n"});
    sources.push_back({"about.md", "[x](my%20page.md)\n"});
    const auto site = make_site(sources);
    const auto resolved = resolve(site);
    CHECK(resolved.messages.empty());
    CHECK(resolved.resolution.hrefs[site.index_of("about.md")] == std::vector<std::string>{"../my%20page/"});
}

// ---------------------------------------------------------------------------
// Broken links

TEST_CASE("a link to a missing page is an error at the link's position", "[links][errors]") {
    // The body starts on line 4, after "+++", the title and "+++".
    const auto r = links_on("about.md", "Intro.\n\nSee [x](x.md).\n");
    CHECK(r.resolved.messages == Messages{"content/about.md:6:5: error: link to 'x.md': no file content/x.md"});
    CHECK(r.hrefs() == std::vector<std::string>{"#"});  // something harmless is still written
}

TEST_CASE("a link to a missing page in a section names the path from content/", "[links][errors]") {
    const auto r = links_on("causes/circulation.md", "[x](arteries.md)\n");
    CHECK(r.resolved.messages ==
          Messages{"content/causes/circulation.md:4:1: error: link to 'arteries.md': no file content/causes/arteries.md"});
}

TEST_CASE("a link to a missing file close to a page's or file's name says which", "[links][errors]") {
    // Capitals, accents and separators; a letter typed wrong in the same folder.
    const auto r = links_on("about.md",
                            "[a](FAQ.md) [b](causes/Venous.md) [c](causes/venus.md) [d](Leaflet.PDF) [e](faq-page.md)\n",
                            {"leaflet.pdf"});
    CHECK(r.resolved.messages ==
          Messages{"content/about.md:4:1: error: link to 'FAQ.md': no file content/FAQ.md; did you mean content/faq.md?",
                   "content/about.md:4:13: error: link to 'causes/Venous.md': no file content/causes/Venous.md; did "
                   "you mean content/causes/venous.md?",
                   "content/about.md:4:35: error: link to 'causes/venus.md': no file content/causes/venus.md; did you "
                   "mean content/causes/venous.md?",
                   "content/about.md:4:56: error: link to 'Leaflet.PDF': no file content/Leaflet.PDF; did you mean "
                   "content/leaflet.pdf?",
                   "content/about.md:4:73: error: link to 'faq-page.md': no file content/faq-page.md"});
}

TEST_CASE("a link left as it was when its page moved folder names the link to write", "[links][errors]") {
    auto sources = base_sources();
    sources.push_back({"more/moved.md", "[a](faq.md) [b](venous.md) [c](../causes/venous.md)\n"});
    const auto site = make_site(sources);
    const auto resolved = resolve(site);
    CHECK(resolved.messages ==
          Messages{"content/more/moved.md:4:1: error: link to 'faq.md': no file content/more/faq.md; did you mean "
                   "'../faq.md' (content/faq.md)?",
                   "content/more/moved.md:4:13: error: link to 'venous.md': no file content/more/venous.md; "
                   "did you mean '../causes/venous.md' (content/causes/venous.md)?"});
}

TEST_CASE("a link to a page that became a folder, or back, names the page's new file", "[links][errors]") {
    auto sources = base_sources();
    sources.push_back({"self-care/_index.md", "Tips.\n"});
    sources.push_back({"about.md", "[a](self-care.md) [b](causes.md) [c](faq/_index.md) [d](other/_index.md)\n"});
    const auto site = make_site(sources);
    CHECK(resolve(site).messages ==
          Messages{"content/about.md:4:1: error: link to 'self-care.md': no file content/self-care.md; did you mean "
                   "'self-care/_index.md' (content/self-care/_index.md)?",
                   "content/about.md:4:19: error: link to 'causes.md': no file content/causes.md; did you mean "
                   "'causes/_index.md' (content/causes/_index.md)?",
                   "content/about.md:4:34: error: link to 'faq/_index.md': no file content/faq/_index.md; did you "
                   "mean 'faq.md' (content/faq.md)?",
                   "content/about.md:4:53: error: link to 'other/_index.md': no file content/other/_index.md"});
}

TEST_CASE("a page of many broken links gets a few hints, not one search per link", "[links][errors]") {
    std::string body;
    for (int i = 0; i < 8; ++i) body += "[x](Faq.md)\n\n";
    const auto r = links_on("about.md", body);
    REQUIRE(r.resolved.messages.size() == 8u);
    std::size_t hints = 0;
    for (const auto& message : r.resolved.messages) hints += message.find("did you mean") != std::string::npos;
    CHECK(hints == 5u);
}

TEST_CASE("an anchor in another script is found as written or percent-encoded", "[links][anchors]") {
    // "## Боль" on the page; "#боль" and "#%D0%B1%D0%BE%D0%BB%D1%8C" both name it.
    auto sources = base_sources();
    sources.push_back({"pain.md", "## \xD0\x91\xD0\xBE\xD0\xBB\xD1\x8C\n\nText.\n"});
    sources.push_back({"about.md", "[a](pain.md#\xD0\xB1\xD0\xBE\xD0\xBB\xD1\x8C) [b](pain.md#%D0%B1%D0%BE%D0%BB%D1%8C) "
                                   "[c](pain.md#%D0%B1%D0%BE)\n"});
    const auto site = make_site(sources);
    const auto r = resolve(site);
    CHECK(r.messages == Messages{"content/about.md:4:57: error: link to 'pain.md#%D0%B1%D0%BE': no heading '\xD0\xB1\xD0\xBE' "
                                 "in content/pain.md"});
    const auto& hrefs = r.resolution.hrefs[site.index_of("about.md")];
    REQUIRE(hrefs.size() == 3u);
    CHECK(hrefs[0] == "../pain/#%D0%B1%D0%BE%D0%BB%D1%8C");
    CHECK(hrefs[1] == "../pain/#%D0%B1%D0%BE%D0%BB%D1%8C");
}

TEST_CASE("a link to a missing heading names the heading and the page", "[links][errors][anchors]") {
    const auto r = links_on("about.md", "[y](faq.md#why-in-the-day)\n");
    CHECK(r.resolved.messages == Messages{"content/about.md:4:1: error: link to 'faq.md#why-in-the-day': no heading "
                                          "'why-in-the-day' in content/faq.md"});
}

TEST_CASE("a missing heading close to one on the page is named as the likely one", "[links][errors][anchors]") {
    const auto r = links_on("about.md", "[y](faq.md#why-at-nihgt) [z](faq.md#why-at-nights)\n");
    CHECK(r.resolved.messages ==
          Messages{"content/about.md:4:1: error: link to 'faq.md#why-at-nihgt': no heading 'why-at-nihgt' in "
                   "content/faq.md; did you mean 'why-at-night'?",
                   "content/about.md:4:26: error: link to 'faq.md#why-at-nights': no heading 'why-at-nights' in "
                   "content/faq.md; did you mean 'why-at-night'?"});
}

TEST_CASE("a same-page anchor that is not a heading is an error", "[links][errors][anchors]") {
    const auto r = links_on("about.md", "[y](#nowhere)\n");
    CHECK(r.resolved.messages ==
          Messages{"content/about.md:4:1: error: link to '#nowhere': no heading 'nowhere' in content/about.md"});
}

TEST_CASE("a link to a draft says it is a draft", "[links][errors]") {
    const auto r = links_on("about.md", "[old](old.md)\n", {}, {"old.md"});
    REQUIRE(r.resolved.messages.size() == 1u);
    CHECK(r.resolved.messages[0] == "content/about.md:4:1: error: link to 'old.md': content/old.md is a draft, left "
                                    "out of this build (build with --drafts to include it)");
}

TEST_CASE("a link that climbs out of content/ is an error", "[links][errors]") {
    const auto r = links_on("about.md", "[x](../site.toml)\n");
    CHECK(r.resolved.messages ==
          Messages{"content/about.md:4:1: error: link to '../site.toml': the path leaves the content folder"});
}

TEST_CASE("a link with backslashes is an error", "[links][errors]") {
    const auto r = links_on("about.md", "[x](causes\\\\venous.md)\n");
    REQUIRE(r.resolved.messages.size() == 1u);
    CHECK(r.resolved.messages[0].ends_with("use '/' between folders, not '\\'"));
}

TEST_CASE("a link with a malformed percent escape is an error", "[links][errors]") {
    const auto r = links_on("about.md", "[x](faq%zz.md)\n");
    CHECK(r.resolved.messages.size() == 1u);
}

// ---------------------------------------------------------------------------
// Site-absolute links

TEST_CASE("a site-absolute link is rewritten to a relative href", "[links][absolute]") {
    const auto r = links_on("causes/circulation.md",
                            "[a](/faq/) [b](/faq) [c](/) [d](/causes/venous/index.html) [e](/faq/#why-at-night)\n");
    CHECK(r.resolved.messages.empty());
    CHECK(r.hrefs() ==
          std::vector<std::string>{"../../faq/", "../../faq/", "../../", "../venous/", "../../faq/#why-at-night"});
}

// Relative links are percent-decoded before they are looked up
// (resolve_path), but site-absolute ones are not (resolve_absolute), so
// "/my%20page/" does not find the page published at "my page/".
TEST_CASE("a percent-encoded site-absolute link finds its page", "[links][absolute]") {
    auto sources = base_sources();
    sources.push_back({"my page.md", "Text.\n"});
    sources.push_back({"about.md", "[x](/my%20page/)\n"});
    const auto site = make_site(sources);
    const auto resolved = resolve(site);
    CHECK(resolved.messages.empty());
    CHECK(resolved.resolution.hrefs[site.index_of("about.md")] == std::vector<std::string>{"../my%20page/"});
}

TEST_CASE("a site-absolute link to nothing is an error", "[links][absolute][errors]") {
    const auto r = links_on("about.md", "[x](/nowhere/)\n");
    CHECK(r.resolved.messages ==
          Messages{"content/about.md:4:1: error: link to '/nowhere/': no page or file is published at '/nowhere/'; link "
                   "to the page's .md file with a relative path instead (it also works under a subpath)"});
}

TEST_CASE("a site-absolute link that climbs above the root is an error", "[links][absolute][errors]") {
    const auto r = links_on("about.md", "[x](/../etc/passwd)\n");
    CHECK(r.resolved.messages ==
          Messages{"content/about.md:4:1: error: link to '/../etc/passwd': the path climbs above the site's root"});
}

// ---------------------------------------------------------------------------
// Files

TEST_CASE("a link to a file in content/ resolves to the file", "[links][files]") {
    const std::set<std::string> files{"images/leg.png", "causes/diagram.svg"};
    const auto r = links_on("causes/circulation.md",
                            "![leg](../images/leg.png) ![d](diagram.svg) [abs](/images/leg.png)\n", files);
    CHECK(r.resolved.messages.empty());
    CHECK(r.hrefs() == std::vector<std::string>{"../../images/leg.png", "../diagram.svg", "../../images/leg.png"});
    const auto& target = r.resolved.resolution.targets[r.index][0];
    CHECK(target.site_path == "images/leg.png");
    CHECK_FALSE(target.is_page);
}

TEST_CASE("a file link's anchor is not checked against headings", "[links][files]") {
    const auto r = links_on("about.md", "[pdf](leaflet.pdf#page=2)\n", {"leaflet.pdf"});
    CHECK(r.resolved.messages.empty());
    CHECK(r.hrefs() == std::vector<std::string>{"../leaflet.pdf#page=2"});
}

TEST_CASE("a link to a file that is not in content/ is an error", "[links][files][errors]") {
    const auto r = links_on("about.md", "[notes](notes.txt)\n");
    CHECK(r.resolved.messages == Messages{"content/about.md:4:1: error: link to 'notes.txt': no file content/notes.txt"});
}

// ---------------------------------------------------------------------------
// Offline

TEST_CASE("offline links to pages end in index.html", "[links][offline]") {
    const auto r = links_on("causes/circulation.md",
                            "[a](../faq.md) [b](/) [c](../faq.md#why-at-night) [d](_index.md) [e](../images/leg.png)\n",
                            {"images/leg.png"}, {}, true);
    CHECK(r.resolved.messages.empty());
    CHECK(r.hrefs() == std::vector<std::string>{"../../faq/index.html", "../../index.html",
                                                "../../faq/index.html#why-at-night", "../index.html",
                                                "../../images/leg.png"});
}

// ---------------------------------------------------------------------------
// Outgoing links and backlinks

TEST_CASE("outgoing links and backlinks are sorted, unique and leave out self-links", "[links][backlinks]") {
    auto sources = base_sources();
    sources.push_back({"about.md", "[f](faq.md) [v](causes/venous.md) [f again](faq.md#why-at-night) [me](about.md)\n"});
    sources.push_back({"causes/circulation.md", "[f](../faq.md) [v](venous.md) [broken](nope.md)\n"});
    const auto site = make_site(sources);
    const auto r = resolve(site);
    CHECK(r.messages.size() == 1u);  // the broken link

    const auto about = site.index_of("about.md");
    const auto circulation = site.index_of("causes/circulation.md");
    const auto faq = site.index_of("faq.md");
    const auto venous = site.index_of("causes/venous.md");
    const auto& res = r.resolution;

    std::vector<std::size_t> about_out{faq, venous};
    std::sort(about_out.begin(), about_out.end());
    CHECK(res.outgoing[about] == about_out);

    std::vector<std::size_t> circulation_out{faq, venous};
    std::sort(circulation_out.begin(), circulation_out.end());
    CHECK(res.outgoing[circulation] == circulation_out);

    std::vector<std::size_t> to_faq{about, circulation};
    std::sort(to_faq.begin(), to_faq.end());
    CHECK(res.backlinks[faq] == to_faq);
    CHECK(res.backlinks[venous] == to_faq);
    CHECK(res.backlinks[about].empty());
    CHECK(res.outgoing[site.index_of("faq.md")].empty());
}

TEST_CASE("only the wanted pages' links are resolved, and only their errors reported", "[links][wanted]") {
    auto sources = base_sources();
    sources.push_back({"about.md", "[f](faq.md) [broken](nope.md)\n"});
    sources.push_back({"causes/circulation.md", "[f](../faq.md) [v](venous.md)\n"});
    const auto site = make_site(sources);
    const auto about = site.index_of("about.md");
    const auto circulation = site.index_of("causes/circulation.md");
    const auto faq = site.index_of("faq.md");
    support::Diagnostics diagnostics;
    const links::Options only_circulation{false, 2, [&](std::size_t i) { return i == circulation; }};
    const auto res = links::resolve(site.pages, site.documents, {}, {}, only_circulation, diagnostics);
    CHECK(diagnostics.empty());  // about.md's broken link was not looked at
    CHECK(res.targets.size() == site.pages.size());
    CHECK(res.hrefs[circulation] == std::vector<std::string>{"../../faq/", "../venous/"});
    CHECK(res.targets[about].empty());
    CHECK(res.hrefs[about].empty());
    CHECK(res.outgoing[about].empty());
    CHECK(res.backlinks[faq] == std::vector<std::size_t>{circulation});
}

TEST_CASE("the resolution has one entry per page and per link", "[links]") {
    const auto r = links_on("about.md", "[a](faq.md) [b](https://example.org) [c](#x) [d](faq.md)\n");
    const auto& res = r.resolved.resolution;
    CHECK(res.targets.size() == r.site.pages.size());
    CHECK(res.hrefs.size() == r.site.pages.size());
    CHECK(res.outgoing.size() == r.site.pages.size());
    CHECK(res.backlinks.size() == r.site.pages.size());
    // The external link is not a site link; the other three are.
    CHECK(res.hrefs[r.index].size() == 3u);
    CHECK(res.targets[r.index].size() == 3u);
}

TEST_CASE("the filled page html carries the resolved hrefs", "[links]") {
    const auto r = links_on("about.md", "See [the FAQ](faq.md#why-at-night).\n");
    CHECK(markdown::fill_links(r.site.documents[r.index].html, r.hrefs()) ==
          "<p>See <a href=\"../faq/#why-at-night\">the FAQ</a>.</p>\n");
}

// ---------------------------------------------------------------------------
// href_from and page_href

TEST_CASE("href_from writes a target relative to any page", "[links][href]") {
    const links::LinkTarget faq{"faq/", true, "#why"};
    CHECK(links::href_from(faq, "causes/circulation/", false) == "../../faq/#why");
    CHECK(links::href_from(faq, "", false) == "faq/#why");
    CHECK(links::href_from(faq, "faq/", false) == "#why");
    CHECK(links::href_from(faq, "causes/circulation/", true) == "../../faq/index.html#why");
    const links::LinkTarget home{"", true, ""};
    CHECK(links::href_from(home, "faq/", false) == "../");
    CHECK(links::href_from(home, "", false) == "./");
    CHECK(links::href_from(home, "", true) == "./index.html");
}

TEST_CASE("href_from writes a file target without index.html", "[links][href]") {
    const links::LinkTarget file{"images/leg.png", false, ""};
    CHECK(links::href_from(file, "causes/circulation/", false) == "../../images/leg.png");
    CHECK(links::href_from(file, "causes/circulation/", true) == "../../images/leg.png");
    CHECK(links::href_from(file, "", false) == "images/leg.png");
}

TEST_CASE("href_from encodes what may not stand in an href", "[links][href]") {
    const links::LinkTarget spaced{"my page/", true, "#a b"};
    CHECK(links::href_from(spaced, "", false) == "my%20page/#a%20b");
}

TEST_CASE("page_href is relative and optionally ends in index.html", "[links][href]") {
    CHECK(links::page_href("causes/", "causes/circulation/", false) == "circulation/");
    CHECK(links::page_href("causes/", "causes/circulation/", true) == "circulation/index.html");
    CHECK(links::page_href("causes/circulation/", "causes/circulation/", false) == "./");
    CHECK(links::page_href("causes/circulation/", "causes/circulation/", true) == "./index.html");
    CHECK(links::page_href("faq/", "", false) == "../");
}
