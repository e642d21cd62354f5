// libFuzzer target: Mustache templates. The input up to its first NUL byte is
// a page template, the rest the partial "part" ({{> part}}); when the set is
// accepted (syntax, partials and cycles checked), each page template is
// rendered from a small view.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "generator/support/diagnostics.hpp"
#include "generator/support/value.hpp"
#include "generator/templates/templates.hpp"

using namespace healthsite;

namespace {

// Lists of one item: nested sections over a longer list would take time
// exponential in their depth, which is Mustache's nature, not a bug.
support::Value make_view() {
    support::Value view;
    view["title"] = "Cramp <at> night & \"you\"";
    view["root"] = "../";
    view["site"]["title"] = "Leg pain";
    view["page"]["content"] = "<p>Text with a <a href=\"../faq/\">link</a>.</p>";
    view["page"]["draft"] = false;
    view["page"]["reviewed"] = true;
    support::Value item;
    item["name"] = "Cramp";
    item["url"] = "cramp/";
    item["children"].push_back(support::Value(support::Value::Object{{"name", "Calf"}}));
    view["page"]["toc"].push_back(item);
    view["nav"].push_back(item);
    view["empty"] = support::Value::List{};
    return view;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::size_t cut = input.find('\0');
    std::vector<templates::Source> sources;
    sources.push_back({"page", "templates/page.mustache", std::string(input.substr(0, cut))});
    if (cut != std::string_view::npos)
        sources.push_back({"partials/part", "templates/partials/part.mustache", std::string(input.substr(cut + 1))});

    support::Diagnostics diagnostics;
    const auto set = templates::TemplateSet::from_sources(std::move(sources), diagnostics);
    for (const auto& diagnostic : diagnostics.sorted()) (void)support::format(diagnostic);
    if (!set) return 0;

    static const support::Value view = make_view();
    const templates::Compiled compiled(*set);
    for (const auto& name : set->names()) {
        std::set<std::string> missing;
        (void)compiled.render(name, view, missing);
        (void)set->fingerprint(name);
    }
    return 0;
}
