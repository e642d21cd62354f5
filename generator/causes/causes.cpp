#include "generator/causes/causes.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "generator/support/text.hpp"

namespace healthsite::causes {

bool comes_before(const content::Page& a, const content::Page& b) {
    return std::tie(a.front.weight, a.front.title, a.source_path) <
           std::tie(b.front.weight, b.front.title, b.source_path);
}

bool is_cause_page(const content::Page& page, std::string_view cause_section) {
    if (page.is_section_index || cause_section.empty()) return false;
    // page.section is the folder with its slash: "causes/". Compared in
    // place: this runs several times for every page of every build.
    const std::string_view section = page.section;
    return section.size() == cause_section.size() + 1 && section.starts_with(cause_section) && section.back() == '/';
}

namespace {

void check_anchors(const content::Page& page, const markdown::Document& document, support::Diagnostics& diagnostics) {
    for (const auto& condition : page.front.conditions) {
        const bool found = std::any_of(document.headings.begin(), document.headings.end(),
                                       [&](const markdown::Heading& h) { return h.id == condition.anchor; });
        if (!found)
            diagnostics.error(page.display_path, condition.anchor_position,
                              "condition '" + condition.name + "': anchor '" + condition.anchor +
                                  "' is not the id of a heading on this page");
    }
}

std::string symptom_key(std::string_view name) { return support::to_lower_ascii(support::collapse_whitespace(name)); }

std::vector<Symptom> gather_symptoms(const std::vector<content::Page>& pages, const std::vector<std::size_t>& causes) {
    std::map<std::string, Symptom> by_key;
    for (const std::size_t p : causes) {
        const auto& conditions = pages[p].front.conditions;
        for (std::size_t c = 0; c < conditions.size(); ++c) {
            for (const auto& name : conditions[c].symptoms) {
                auto& symptom = by_key[symptom_key(name)];
                if (symptom.name.empty()) symptom.name = support::collapse_whitespace(name);
                const bool listed = !symptom.conditions.empty() && symptom.conditions.back().page == p &&
                                    symptom.conditions.back().condition == c;
                if (!listed) symptom.conditions.push_back({p, c});
            }
        }
    }
    std::vector<Symptom> out;
    for (auto& [key, symptom] : by_key) out.push_back(std::move(symptom));
    return out;
}

std::vector<RelatedCause> related_to(std::size_t page, const std::vector<Symptom>& symptoms,
                                     const std::vector<content::Page>& pages) {
    std::map<std::size_t, std::vector<std::string>> shared;
    for (const auto& symptom : symptoms) {
        const bool here = std::any_of(symptom.conditions.begin(), symptom.conditions.end(),
                                      [&](const ConditionRef& r) { return r.page == page; });
        if (!here) continue;
        for (const auto& ref : symptom.conditions) {
            auto& list = shared[ref.page];
            if (ref.page != page && (list.empty() || list.back() != symptom.name)) list.push_back(symptom.name);
        }
    }
    std::vector<RelatedCause> out;
    for (auto& [other, names] : shared)
        if (other != page && !names.empty()) out.push_back({other, std::move(names)});
    std::stable_sort(out.begin(), out.end(), [&](const RelatedCause& a, const RelatedCause& b) {
        if (a.shared_symptoms.size() != b.shared_symptoms.size()) return a.shared_symptoms.size() > b.shared_symptoms.size();
        return comes_before(pages[a.page], pages[b.page]);
    });
    return out;
}

}  // namespace

Index build(const std::vector<content::Page>& pages, const std::vector<markdown::Document>& documents,
            std::string_view cause_section, support::Diagnostics& diagnostics) {
    Index index;
    for (std::size_t i = 0; i < pages.size(); ++i) {
        check_anchors(pages[i], documents[i], diagnostics);
        if (is_cause_page(pages[i], cause_section)) index.causes.push_back(i);
    }
    std::stable_sort(index.causes.begin(), index.causes.end(),
                     [&](std::size_t a, std::size_t b) { return comes_before(pages[a], pages[b]); });
    index.symptoms = gather_symptoms(pages, index.causes);
    index.related.resize(pages.size());
    index.position_in_causes.assign(pages.size(), SIZE_MAX);
    for (std::size_t k = 0; k < index.causes.size(); ++k) {
        index.position_in_causes[index.causes[k]] = k;
        index.related[index.causes[k]] = related_to(index.causes[k], index.symptoms, pages);
    }
    return index;
}

}  // namespace healthsite::causes
