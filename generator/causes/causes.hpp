#pragma once
// The cause index and the symptom index, built from the [[conditions]] of the
// cause pages, not from their prose.
#include <string>
#include <vector>

#include "generator/content/page.hpp"
#include "generator/markdown/markdown.hpp"
#include "generator/support/diagnostics.hpp"

namespace healthsite::causes {

struct ConditionRef {
    std::size_t page = 0;
    std::size_t condition = 0;  // index into the page's front.conditions
};

struct Symptom {
    std::string name;                     // as first written
    std::vector<ConditionRef> conditions;  // in cause order
};

struct RelatedCause {
    std::size_t page = 0;
    std::vector<std::string> shared_symptoms;
};

struct Index {
    std::vector<std::size_t> causes;       // cause pages, by weight, then title, then path
    std::vector<Symptom> symptoms;         // every symptom, A to Z
    std::vector<std::vector<RelatedCause>> related;  // per page: causes sharing symptoms, most shared first
    std::vector<std::size_t> position_in_causes;     // per page: place in `causes`, or SIZE_MAX
};

// Orders pages for listings: weight, then title, then source path.
[[nodiscard]] bool comes_before(const content::Page& a, const content::Page& b);

[[nodiscard]] bool is_cause_page(const content::Page& page, std::string_view cause_section);

// Builds the index and checks that every condition's anchor is a heading on
// its page.
[[nodiscard]] Index build(const std::vector<content::Page>& pages, const std::vector<markdown::Document>& documents,
                          std::string_view cause_section, support::Diagnostics& diagnostics);

}  // namespace healthsite::causes
