// The glossary: reading content/glossary.toml with errors at their
// positions, and marking the first use of each term in a page's HTML.
#include <catch2/catch.hpp>

#include "generator/glossary/glossary.hpp"
#include "generator/support/diagnostics.hpp"

using namespace healthsite;

namespace {

std::string messages(const support::Diagnostics& diagnostics) {
    std::string out;
    for (const auto& d : diagnostics.sorted()) out += support::format(d) + "\n";
    return out;
}

glossary::Glossary parse_ok(const std::string& text) {
    support::Diagnostics diagnostics;
    auto result = glossary::parse(text, "content/glossary.toml", diagnostics);
    INFO(messages(diagnostics));
    REQUIRE(diagnostics.empty());
    return result;
}

const std::string kTerms = R"(
[[term]]
name = "Peripheral artery disease"
abbr = "PAD"
also = ["peripheral arterial disease"]
definition = "Narrow arteries in the legs."

[[term]]
name = "Ischaemia"
definition = "Too little blood."

[[term]]
name = "Critical limb ischaemia"
abbr = "CLI"
definition = "The most severe stage of PAD."

[[term]]
name = "A&E"
also = ["accident and emergency"]
definition = "The emergency department."

[[term]]
name = "GP"
also = ["general practitioner"]
definition = "A family doctor."
)";

}  // namespace

TEST_CASE("glossary terms are read with their names, abbreviations, other names and ids") {
    const auto g = parse_ok(kTerms);
    REQUIRE(g.terms.size() == 5);
    CHECK(g.terms[0].name == "Peripheral artery disease");
    CHECK(g.terms[0].abbr == "PAD");
    CHECK(g.terms[0].also == std::vector<std::string>{"peripheral arterial disease"});
    CHECK(g.terms[0].definition == "Narrow arteries in the legs.");
    CHECK(g.terms[0].id == "term-peripheral-artery-disease");
    CHECK(g.terms[0].position.line == 2);
    CHECK(g.terms[3].id == "term-a-e");
}

TEST_CASE("a bad glossary entry is an error at its file, line and column") {
    support::Diagnostics diagnostics;
    const auto g = glossary::parse(R"([[term]]
name = "Cramp"
definition = "A tight muscle."

[[term]]
definition = "No name here."

[[term]]
name = "Sciatica"
definition = 42

[[term]]
name = "Spasm"
also = ["cramp"]
definition = "A sudden tightening."
colour = "red"
)",
                                   "content/glossary.toml", diagnostics);
    const std::string text = messages(diagnostics);
    CHECK(text.find("content/glossary.toml:5:1: error: missing required key 'name'") != std::string::npos);
    CHECK(text.find("content/glossary.toml:10:1: error: 'definition' must be a string, not a whole number") != std::string::npos);
    CHECK(text.find("content/glossary.toml:14:9: error: 'cramp' is already a name of the term 'Cramp' (line 2)") !=
          std::string::npos);
    CHECK(text.find("content/glossary.toml:16:1: warning: unknown key 'colour'") != std::string::npos);
    CHECK(g.terms.size() == 1);
}

TEST_CASE("a glossary that is not TOML is an error at its position") {
    support::Diagnostics diagnostics;
    const auto g = glossary::parse("[[term]]\nname = \"A\n", "content/glossary.toml", diagnostics);
    CHECK(diagnostics.has_errors());
    CHECK(messages(diagnostics).starts_with("content/glossary.toml:2:"));
    CHECK(g.empty());
}

TEST_CASE("two terms whose ids would clash are an error") {
    support::Diagnostics diagnostics;
    (void)glossary::parse("[[term]]\nname = \"Leg ulcer\"\ndefinition = \"x\"\n[[term]]\nname = \"Leg-ulcer\"\ndefinition = \"y\"\n",
                          "content/glossary.toml", diagnostics);
    CHECK(messages(diagnostics).find("content/glossary.toml:5:1: error: the term 'Leg-ulcer' would have the same id") !=
          std::string::npos);
}

TEST_CASE("only the first use of each term is linked to its glossary entry") {
    const auto g = parse_ok(kTerms);
    glossary::Marker marker(g, "../glossary/");
    const std::string html = marker.mark("<p>Ischaemia is serious. Ischaemia again.</p>");
    CHECK(html == "<p><a class=\"term\" href=\"../glossary/#term-ischaemia\">Ischaemia</a> is serious. Ischaemia again.</p>");
    CHECK(marker.marked() == 1);
    // A later call on the same page does not mark it again.
    CHECK(marker.mark("<p>ischaemia</p>") == "<p>ischaemia</p>");
}

TEST_CASE("the longest name wins, and any name of a term counts as its use") {
    const auto g = parse_ok(kTerms);
    glossary::Marker marker(g, "g/");
    const std::string html = marker.mark("<p>Critical limb ischaemia and peripheral arterial disease, then PAD.</p>");
    CHECK(html.find("<a class=\"term\" href=\"g/#term-critical-limb-ischaemia\">Critical limb ischaemia</a>") !=
          std::string::npos);
    CHECK(html.find("#term-ischaemia\"") == std::string::npos);
    CHECK(html.find("<a class=\"term\" href=\"g/#term-peripheral-artery-disease\">peripheral arterial disease</a>") !=
          std::string::npos);
    CHECK(html.find("then PAD.") != std::string::npos);
}

TEST_CASE("abbreviations match their case exactly and are spelt out") {
    const auto g = parse_ok(kTerms);
    glossary::Marker marker(g, "g/");
    CHECK(marker.mark("<p>a pad under the heel</p>") == "<p>a pad under the heel</p>");
    CHECK(marker.mark("<p>See your GP or go to A&amp;E.</p>") ==
          "<p>See your <a class=\"term\" href=\"g/#term-gp\"><abbr title=\"general practitioner\">GP</abbr></a> or go to "
          "<a class=\"term\" href=\"g/#term-a-e\"><abbr title=\"accident and emergency\">A&amp;E</abbr></a>.</p>");
    CHECK(marker.mark("<p>PAD</p>") ==
          "<p><a class=\"term\" href=\"g/#term-peripheral-artery-disease\"><abbr title=\"Peripheral artery disease\">PAD</abbr></a></p>");
}

TEST_CASE("names match on word boundaries only") {
    const auto g = parse_ok(kTerms);
    glossary::Marker marker(g, "g/");
    CHECK(marker.mark("<p>PADS and GPs and ischaemias</p>") == "<p>PADS and GPs and ischaemias</p>");
    CHECK(marker.marked() == 0);
}

TEST_CASE("terms in headings, links, code, preformatted text and attributes are not marked") {
    const auto g = parse_ok(kTerms);
    glossary::Marker marker(g, "g/");
    const std::string skipped = "<h2 id=\"ischaemia\">Ischaemia</h2>\n<p><a href=\"x\" title=\"Ischaemia\">Ischaemia</a> "
                                "<code>ischaemia</code></p><pre><code>Ischaemia</code></pre>"
                                "<p class=\"callout-title\" data-x='a > Ischaemia'>text</p><!-- Ischaemia -->";
    CHECK(marker.mark(skipped) == skipped);
    CHECK(marker.mark("<p><em>Ischaemia</em></p>") ==
          "<p><em><a class=\"term\" href=\"g/#term-ischaemia\">Ischaemia</a></em></p>");
}

TEST_CASE("an empty glossary marks nothing") {
    const glossary::Glossary g;
    glossary::Marker marker(g, "g/");
    CHECK(marker.mark("<p>Ischaemia</p>") == "<p>Ischaemia</p>");
}
