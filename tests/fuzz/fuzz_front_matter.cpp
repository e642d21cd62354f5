// libFuzzer target: a page's front matter and site.toml. The input is read
// as a whole page file (split at its +++ lines, then its TOML validated) and
// as a site.toml.
#include <cstddef>
#include <cstdint>
#include <string>

#include "generator/config/site_config.hpp"
#include "generator/content/front_matter.hpp"
#include "generator/content/page.hpp"
#include "generator/support/diagnostics.hpp"

using namespace healthsite;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    support::Diagnostics diagnostics;
    (void)content::split_front_matter(text, "content/fuzz.md", diagnostics);

    // What the site does with a file before it parses it as a page.
    const std::string page_text = content::normalize_newlines(text);
    const config::SiteConfig site;
    (void)content::parse_page("causes/fuzz.md", "content/causes/fuzz.md", page_text, site, diagnostics);

    if (const auto config = config::parse_config(text, "site.toml", diagnostics))
        (void)content::parse_page("fuzz.md", "content/fuzz.md", page_text, *config, diagnostics);

    for (const auto& diagnostic : diagnostics.sorted()) (void)support::format(diagnostic);
    return 0;
}
