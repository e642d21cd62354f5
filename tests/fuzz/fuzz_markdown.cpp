// libFuzzer target: a page body through markdown::render, with raw HTML left
// out and let through, cut into sections as an FAQ page is.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "generator/markdown/markdown.hpp"
#include "generator/support/diagnostics.hpp"

using namespace healthsite;

namespace {

void render(std::string_view body, bool raw_html) {
    markdown::Options options;
    options.path = "content/fuzz.md";
    options.first_line = 4;
    options.raw_html = raw_html;
    options.split_sections = true;
    support::Diagnostics diagnostics;
    const markdown::Document document = markdown::render(body, options, diagnostics);
    const std::vector<std::string> hrefs(document.links.size(), "../to/");
    (void)markdown::fill_links(document.html, hrefs);
    for (const auto& section : document.sections) (void)markdown::fill_links(section.html, hrefs);
    for (const auto& callout : document.callouts) (void)markdown::fill_links(callout.html, hrefs);
    for (const auto& diagnostic : diagnostics.sorted()) {
        if (diagnostic.position.line < options.first_line) std::abort();  // positions count from the file's top
        (void)support::format(diagnostic);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    render(body, false);
    render(body, true);
    return 0;
}
