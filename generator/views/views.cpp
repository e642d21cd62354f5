#include "generator/views/views.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "generator/readability/readability.hpp"
#include "generator/structured_data/structured_data.hpp"
#include "generator/support/hash.hpp"
#include "generator/support/parallel.hpp"
#include "generator/support/text.hpp"
#include "generator/support/urls.hpp"
#include "generator/views/accessible.hpp"
#include "generator/views/format.hpp"

namespace healthsite::views {

using support::Value;

std::string template_for(const content::Page& page, std::string_view cause_section) {
    if (!page.front.layout.empty()) return page.front.layout;
    if (page.is_home()) return "home";
    if (page.is_section_index) return "section";
    if (causes::is_cause_page(page, cause_section)) return "cause";
    return "page";
}

namespace {

// Where links on one output point from, and how they are written.
struct Here {
    std::string url_path;  // the output's folder: "causes/circulation/"
    bool offline = false;
    bool absolute = false;  // the 404 page: links from base_url's path, as it is served at any depth
    std::string base_path;  // "/leg-pain/"

    [[nodiscard]] std::string href_to(std::string_view target_url_path) const {
        if (absolute) return support::encode_href(base_path + std::string(target_url_path));
        return support::encode_href(links::page_href(url_path, target_url_path, offline));
    }
    [[nodiscard]] std::string root() const {
        if (absolute) return base_path;
        return url_path.empty() ? std::string() : support::relative_url(url_path, "");
    }
};

// An empty object with room for the given number of keys. Objects start with
// room for a few and double as they grow, moving every entry each time: the
// view's and the page's own fields, twenty or so each, moved twice.
Value object_with_room(std::size_t keys) {
    Value object = Value::Object{};
    object.as_object().reserve(keys);
    return object;
}

std::string base_path_of(std::string_view base_url) {
    const auto scheme = base_url.find("://");
    if (scheme == std::string_view::npos) return std::string(base_url);
    const auto slash = base_url.find('/', scheme + 3);
    return slash == std::string_view::npos ? "/" : std::string(base_url.substr(slash));
}

class Builder {
public:
    explicit Builder(const SiteModel& model)
        : m_(model), glossary_page_(find_glossary_page()), glossary_digest_(digest_of_glossary()), menu_(menu_pages()) {
        for (std::size_t p = 0; p < m_.pages.size(); ++p)
            if (m_.pages[p].is_section_index && !m_.pages[p].is_home()) sections_by_url_[m_.pages[p].url_path] = p;
    }

    std::size_t size() const { return m_.pages.size() + (has_cause_index() ? 2 : 1); }
    View build(std::size_t index, bool with_data) const;

private:
    View page_view(std::size_t i, bool with_data) const;
    View cause_index_view(bool with_data) const;
    View not_found_view(bool with_data) const;
    Value common(const Here& here, std::string_view title, std::string_view url_path) const;
    Value site() const;
    Value nav(const Here& here, std::string_view current) const;
    Value breadcrumbs(const Here& here, std::size_t i) const;
    Value page_fields(const Here& here, std::size_t i, glossary::Marker* marker) const;
    Value review(const content::Page& page) const;
    Value references(const content::Page& page) const;
    Value toc(std::size_t i) const;
    Value conditions(std::size_t i) const;
    Value children(const Here& here, std::size_t i) const;
    Value faq(std::size_t i, glossary::Marker* marker) const;
    Value cause_links(const Here& here, std::size_t i) const;
    Value link_list(const Here& here, const std::vector<std::size_t>& pages) const;
    Value page_link(const Here& here, std::size_t page) const;
    Value urgent_callouts(const Here& here, glossary::Marker* marker) const;
    Value cause_index(const Here& here) const;
    Value condition_link(const Here& here, const causes::ConditionRef& ref) const;
    Value az(const Here& here) const;
    Value html_of(std::size_t i, std::string_view html, glossary::Marker* marker = nullptr) const;
    std::string full_html(std::size_t i, std::string_view html, glossary::Marker* marker) const;
    Value marked(std::string html, glossary::Marker* marker) const;
    Value keyed(std::string key, const std::function<std::string()>& text) const;
    std::size_t find_glossary_page() const;
    std::string digest_of_glossary() const;
    std::optional<glossary::Marker> term_marker(const Here& here, std::size_t i) const;
    Value glossary_terms() const;
    Value json_ld(structured_data::WebPage web) const;
    structured_data::WebPage web_page(std::string_view title, std::string_view url_path) const;
    structured_data::WebPage page_web_page(std::size_t i) const;
    std::vector<std::size_t> section_chain(std::size_t i) const;
    std::vector<std::size_t> menu_pages() const;
    structured_data::Party party(const std::string& name) const;
    std::string absolute(std::string_view url_path) const { return support::join_url(m_.config.base_url, url_path); }
    Here here_for(std::string_view url_path) const { return {std::string(url_path), m_.offline, false, {}}; }
    bool has_cause_index() const { return !m_.causes.causes.empty(); }

    const SiteModel& m_;
    std::size_t glossary_page_;    // SIZE_MAX when no page has the layout "glossary"
    std::string glossary_digest_;  // stands in for the glossary when html_keys are set
    // Worked out once, not once per page: a site of thousands of pages would
    // otherwise spend its time scanning every page for every page.
    std::vector<std::size_t> menu_;                       // top-level pages, in menu order
    std::map<std::string, std::size_t, std::less<>> sections_by_url_;  // section url path -> its _index page
};

View Builder::build(std::size_t index, bool with_data) const {
    if (index < m_.pages.size()) return page_view(index, with_data);
    if (index == m_.pages.size() && has_cause_index()) return cause_index_view(with_data);
    return not_found_view(with_data);
}

// What a field shows when views are built with HTML keys: the key alone, or
// (html_with_keys) the text, hashing as the key.
Value Builder::keyed(std::string key, const std::function<std::string()>& text) const {
    if (!m_.html_with_keys) return key;
    return Value::hashed_as(text(), std::move(key));
}

Value Builder::html_of(std::size_t i, std::string_view html, glossary::Marker* marker) const {
    if (!m_.html_keys) return full_html(i, html, marker);
    auto key = marker ? (*m_.html_keys)[i] + " " + marker->href() + " " + glossary_digest_ : (*m_.html_keys)[i];
    return keyed(std::move(key), [&] { return full_html(i, html, marker); });
}

std::string Builder::full_html(std::size_t i, std::string_view html, glossary::Marker* marker) const {
    auto filled = accessible_tables(accessible_footnotes(markdown::fill_links(html, m_.links.hrefs[i])));
    if (!marker) return filled;
    return marker->mark(filled);
}

// Text with the glossary's terms marked. With HTML keys the unmarked text
// stands for it in the hash: what marking adds follows from the glossary and
// the page's own HTML, both in the page's key.
Value Builder::marked(std::string html, glossary::Marker* marker) const {
    if (!marker) return html;
    if (!m_.html_keys) return marker->mark(html);
    return keyed(html, [&] { return marker->mark(html); });
}

std::size_t Builder::find_glossary_page() const {
    for (std::size_t i = 0; i < m_.pages.size(); ++i)
        if (template_for(m_.pages[i], m_.config.cause_section) == "glossary") return i;
    return SIZE_MAX;
}

std::string Builder::digest_of_glossary() const {
    if (!m_.glossary) return {};
    support::Hasher h;
    for (const auto& term : m_.glossary->terms) {
        h.add(term.id).add(term.name).add(term.abbr);
        for (const auto& name : term.also) h.add(name);
        h.add("");
    }
    return "glossary:" + support::to_hex(h.digest());
}

// Terms are linked on every page but the glossary itself, when there is a
// glossary page to link to.
std::optional<glossary::Marker> Builder::term_marker(const Here& here, std::size_t i) const {
    if (!m_.glossary || m_.glossary->empty() || glossary_page_ == SIZE_MAX || i == glossary_page_) return std::nullopt;
    return glossary::Marker(*m_.glossary, here.href_to(m_.pages[glossary_page_].url_path));
}

// The glossary's terms A to Z, grouped by first letter.
Value Builder::glossary_terms() const {
    Value groups = Value::List{};
    if (!m_.glossary) return groups;
    std::vector<const glossary::Term*> terms;
    for (const auto& term : m_.glossary->terms) terms.push_back(&term);
    std::stable_sort(terms.begin(), terms.end(), [](const auto* a, const auto* b) {
        return support::to_lower_ascii(a->name) < support::to_lower_ascii(b->name);
    });
    for (const auto* term : terms) {
        const char first = support::to_lower_ascii(term->name)[0];
        const std::string letter = (first >= 'a' && first <= 'z') ? std::string(1, static_cast<char>(first - 32)) : "#";
        if (groups.as_list().empty() || groups.as_list().back().get("letter").as_string() != letter) {
            Value group;
            group["letter"] = letter;
            group["id"] = "glossary-" + support::to_lower_ascii(letter == "#" ? "other" : letter);
            groups.push_back(std::move(group));
        }
        Value item;
        item["id"] = term->id;
        item["name"] = term->name;
        item["abbr"] = term->abbr;
        item["has_abbr"] = !term->abbr.empty();
        std::string also;
        for (const auto& name : term->also) also += (also.empty() ? "" : ", ") + name;
        item["also"] = also;
        item["has_also"] = !also.empty();
        item["definition"] = term->definition;
        groups.as_list().back()["terms"].push_back(std::move(item));
    }
    return groups;
}

Value Builder::site() const {
    Value site;
    site["title"] = m_.config.title;
    site["description"] = m_.config.description;
    site["language"] = m_.config.language;
    site["publisher"] = m_.config.publisher;
    site["base_url"] = m_.config.base_url;
    return site;
}

Value Builder::common(const Here& here, std::string_view title, std::string_view url_path) const {
    Value data = object_with_room(18);  // the page views add theirs: page, cause, json_ld ...
    data["site"] = site();
    data["root"] = here.root();
    data["home_href"] = here.href_to("");
    data["nav"] = nav(here, url_path);
    data["canonical"] = support::join_url(m_.config.base_url, url_path);
    data["title"] = std::string(title);
    data["description"] = m_.config.description;
    data["is_home"] = url_path.empty();
    data["og_type"] = url_path.empty() ? "website" : "article";
    data["cause_index_href"] = here.href_to(m_.config.cause_index_path);
    data["has_cause_index"] = has_cause_index();
    data["offline"] = m_.offline;  // for scripts that write links, such as the search box's
    return data;
}

// The menu: the home page, then top-level pages and sections in order, with
// the cause index straight after the cause section.
std::vector<std::size_t> Builder::menu_pages() const {
    std::vector<std::size_t> top;
    for (std::size_t i = 0; i < m_.pages.size(); ++i) {
        const auto& page = m_.pages[i];
        const bool top_level = page.is_section_index ? support::site_dir(page.section.substr(0, page.section.size() - (page.section.empty() ? 0 : 1))).empty() && !page.is_home()
                                                     : page.section.empty();
        if (top_level && page.front.in_menu) top.push_back(i);
    }
    std::stable_sort(top.begin(), top.end(), [&](auto a, auto b) { return causes::comes_before(m_.pages[a], m_.pages[b]); });
    return top;
}

Value Builder::nav(const Here& here, std::string_view current) const {
    const auto& top = menu_;
    Value items = Value::List{};
    auto add = [&](std::string title, std::string_view url_path) {
        Value item;
        item["title"] = std::move(title);
        item["href"] = here.href_to(url_path);
        item["current"] = url_path == current;
        items.push_back(std::move(item));
    };
    add("Home", "");
    for (const std::size_t i : top) {
        add(m_.pages[i].front.title, m_.pages[i].url_path);
        if (has_cause_index() && m_.pages[i].section == m_.config.cause_section + "/" && m_.pages[i].is_section_index)
            add(m_.config.cause_index_title, m_.config.cause_index_path);
    }
    return items;
}

Value Builder::page_link(const Here& here, std::size_t page) const {
    Value link;
    link["title"] = m_.pages[page].front.title;
    link["href"] = here.href_to(m_.pages[page].url_path);
    link["description"] = m_.pages[page].front.description;
    return link;
}

Value Builder::link_list(const Here& here, const std::vector<std::size_t>& pages) const {
    std::vector<std::size_t> sorted = pages;
    std::stable_sort(sorted.begin(), sorted.end(), [&](auto a, auto b) { return causes::comes_before(m_.pages[a], m_.pages[b]); });
    Value list = Value::List{};
    for (const std::size_t p : sorted) list.push_back(page_link(here, p));
    return list;
}

// The sections a page is in, outermost first (not the home page).
std::vector<std::size_t> Builder::section_chain(std::size_t i) const {
    const std::string& path = m_.pages[i].url_path;
    std::vector<std::size_t> chain;
    // Every folder above the page, shortest first: "a/", "a/b/", ...
    for (std::size_t slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1)) {
        const auto found = sections_by_url_.find(std::string_view(path).substr(0, slash + 1));
        if (found != sections_by_url_.end() && found->second != i) chain.push_back(found->second);
    }
    return chain;
}

Value Builder::breadcrumbs(const Here& here, std::size_t i) const {
    Value crumbs = Value::List{};
    for (const std::size_t p : section_chain(i)) {
        Value crumb = page_link(here, p);
        crumb["current"] = false;
        crumbs.push_back(std::move(crumb));
    }
    Value last;
    last["title"] = m_.pages[i].front.title;
    last["current"] = true;
    crumbs.push_back(std::move(last));
    return crumbs;
}

Value Builder::review(const content::Page& page) const {
    Value review = object_with_room(9);
    const auto& f = page.front;
    if (f.last_reviewed) {
        review["last_reviewed"] = long_date(*f.last_reviewed);
        review["last_reviewed_iso"] = f.last_reviewed->iso();
    }
    if (f.next_review) {
        review["next_review"] = long_date(*f.next_review);
        review["next_review_iso"] = f.next_review->iso();
    }
    review["reviewed_by"] = f.reviewed_by;
    review["has_reviewer"] = !f.reviewed_by.empty();
    std::string authors;
    for (const auto& a : f.authors) authors += (authors.empty() ? "" : ", ") + a;
    review["authors"] = authors;
    review["has_authors"] = !authors.empty();
    review["has_review"] = f.last_reviewed.has_value() || f.next_review.has_value() || !f.reviewed_by.empty();
    return review;
}

Value Builder::references(const content::Page& page) const {
    Value list = Value::List{};
    int number = 1;
    for (const auto& ref : page.front.references) {
        Value item;
        item["number"] = number++;
        item["title"] = ref.title;
        item["publisher"] = ref.publisher;
        item["url"] = ref.url;
        list.push_back(std::move(item));
    }
    return list;
}

Value Builder::toc(std::size_t i) const {
    Value list = Value::List{};
    for (const auto& heading : m_.documents[i].headings) {
        if (heading.level < 2 || heading.level > 3) continue;
        Value item;
        item["id"] = heading.id;
        item["text"] = heading.text;
        item["level"] = heading.level;
        item["is_sub"] = heading.level == 3;
        list.push_back(std::move(item));
    }
    return list;
}

Value Builder::conditions(std::size_t i) const {
    Value list = Value::List{};
    for (const auto& c : m_.pages[i].front.conditions) {
        Value item;
        item["name"] = c.name;
        item["href"] = "#" + support::encode_href(c.anchor);
        item["urgency"] = c.urgency;
        item["urgency_label"] = urgency_label(c.urgency);
        for (const auto& s : c.symptoms) item["symptoms"].push_back(Value(s));
        for (const auto& s : c.eased_by) item["eased_by"].push_back(Value(s));
        for (const auto& s : c.worse_with) item["worse_with"].push_back(Value(s));
        list.push_back(std::move(item));
    }
    return list;
}

// A section's own pages and its sub-sections, in order.
Value Builder::children(const Here& here, std::size_t i) const {
    const auto& section = m_.pages[i];
    std::vector<std::size_t> members;
    for (std::size_t p = 0; p < m_.pages.size(); ++p) {
        const auto& page = m_.pages[p];
        if (p == i || page.is_home()) continue;
        const bool direct_page = !page.is_section_index && page.section == section.section;
        const bool direct_section = page.is_section_index && support::site_dir(page.section.substr(0, page.section.size() - 1)) == section.section;
        if (direct_page || direct_section) members.push_back(p);
    }
    return link_list(here, members);
}

Value Builder::faq(std::size_t i, glossary::Marker* marker) const {
    Value list = Value::List{};
    for (const auto& section : m_.documents[i].sections) {
        Value item;
        item["question"] = section.heading.text;
        item["id"] = section.heading.id;
        item["answer"] = html_of(i, section.html, marker);
        list.push_back(std::move(item));
    }
    return list;
}

Value Builder::cause_links(const Here& here, std::size_t i) const {
    Value data;
    const std::size_t k = m_.causes.position_in_causes[i];
    if (k == SIZE_MAX) return data;
    // Absent neighbours are false rather than missing, so a template's
    // {{#prev}} never reads a key the view lacks.
    data["prev"] = k > 0 ? page_link(here, m_.causes.causes[k - 1]) : Value(false);
    data["next"] = k + 1 < m_.causes.causes.size() ? page_link(here, m_.causes.causes[k + 1]) : Value(false);
    Value related = Value::List{};
    for (const auto& r : m_.causes.related[i]) {
        Value item = page_link(here, r.page);
        std::string shared;
        for (const auto& s : r.shared_symptoms) shared += (shared.empty() ? "" : ", ") + s;
        item["shared"] = shared;
        related.push_back(std::move(item));
    }
    data["has_related"] = !related.as_list().empty();
    data["related"] = related;
    return data;
}

Value Builder::urgent_callouts(const Here& here, glossary::Marker* marker) const {
    Value list = Value::List{};
    for (std::size_t p = 0; p < m_.pages.size(); ++p) {
        if (here.url_path == m_.pages[p].url_path) continue;
        for (const auto& callout : m_.documents[p].callouts) {
            if (callout.kind != "urgent") continue;
            Value item = page_link(here, p);
            std::vector<std::string> hrefs;
            for (const auto& target : m_.links.targets[p]) hrefs.push_back(links::href_from(target, here.url_path, m_.offline));
            item["html"] = marked(markdown::fill_links(callout.html, hrefs), marker);
            list.push_back(std::move(item));
        }
    }
    return list;
}

Value Builder::page_fields(const Here& here, std::size_t i, glossary::Marker* marker) const {
    const auto& page = m_.pages[i];
    const auto& doc = m_.documents[i];
    Value data = object_with_room(20);
    data["title"] = page.front.title;
    data["description"] = page.front.description;
    data["has_description"] = !page.front.description.empty();
    data["content"] = html_of(i, doc.html, marker);
    data["toc"] = toc(i);
    data["has_toc"] = doc.headings.size() >= 2;
    data["reading_grade"] = one_decimal(readability::flesch_kincaid_grade(doc.counts));
    data["word_count"] = static_cast<int>(doc.counts.words);
    data["review"] = review(page);
    data["references"] = references(page);
    data["has_references"] = !page.front.references.empty();
    data["conditions"] = conditions(i);
    data["has_conditions"] = !page.front.conditions.empty();
    data["breadcrumbs"] = breadcrumbs(here, i);
    data["backlinks"] = link_list(here, m_.links.backlinks[i]);
    data["has_backlinks"] = !m_.links.backlinks[i].empty();
    data["children"] = page.is_section_index ? children(here, i) : Value::List{};
    // The FAQ's template shows the intro and the answers instead of the
    // content, so they mark the first use of each term on their own.
    auto faq_marker = term_marker(here, i);
    data["intro"] = html_of(i, doc.intro_html, faq_marker ? &*faq_marker : nullptr);
    data["faq"] = faq(i, faq_marker ? &*faq_marker : nullptr);
    for (const auto& tag : page.front.tags) data["tags"].push_back(Value(tag));
    return data;
}

// ---- structured data ----

structured_data::Party Builder::party(const std::string& name) const {
    return {name, structured_data::names_a_person(name, m_.config.publisher)};
}

// The JSON-LD is made only from what the rest of the view already holds
// (front matter and FAQ text through the page's HTML key, addresses, the
// site), so a view built for change detection need not serialize it.
Value Builder::json_ld(structured_data::WebPage web) const {
    if (!m_.html_keys) return structured_data::json_ld(web);
    return keyed("(JSON-LD of this view)", [&] { return structured_data::json_ld(web); });
}

// What every page's MedicalWebPage says, whatever its kind.
structured_data::WebPage Builder::web_page(std::string_view title, std::string_view url_path) const {
    structured_data::WebPage web;
    web.name = std::string(title);
    web.description = m_.config.description;
    web.url = absolute(url_path);
    web.language = m_.config.language;
    // The publisher is an organisation, whatever its name says.
    web.publisher = {m_.config.publisher.empty() ? m_.config.title : m_.config.publisher, false};
    web.publisher_url = m_.config.base_url;
    return web;
}

structured_data::WebPage Builder::page_web_page(std::size_t i) const {
    const auto& page = m_.pages[i];
    const auto& front = page.front;
    auto web = web_page(front.title, page.url_path);
    if (!front.description.empty()) web.description = front.description;
    if (front.last_reviewed) web.last_reviewed = front.last_reviewed->iso();
    if (!front.reviewed_by.empty()) web.reviewed_by.push_back(party(front.reviewed_by));
    for (const auto& author : front.authors) web.authors.push_back(party(author));
    for (const auto& c : front.conditions)
        web.conditions.push_back({c.name, web.url + "#" + support::encode_href(c.anchor), c.symptoms});
    for (const auto& ref : front.references) web.citations.push_back({ref.title, ref.publisher, ref.url});
    if (template_for(page, m_.config.cause_section) == "faq")
        for (const auto& section : m_.documents[i].sections) {
            std::string answer = support::collapse_whitespace(section.text);
            web.faq.push_back({section.heading.text, std::move(answer)});
        }
    if (!page.is_home()) {
        web.breadcrumbs.push_back({"Home", absolute("")});
        for (const std::size_t p : section_chain(i)) web.breadcrumbs.push_back({m_.pages[p].front.title, absolute(m_.pages[p].url_path)});
        web.breadcrumbs.push_back({front.title, web.url});
    }
    return web;
}

View Builder::page_view(std::size_t i, bool with_data) const {
    const auto& page = m_.pages[i];
    const Here here = here_for(page.url_path);
    View view;
    view.output_path = page.url_path + "index.html";
    view.template_name = template_for(page, m_.config.cause_section);
    view.source = page.display_path;
    view.template_position = page.front.layout.empty() ? support::Position{1, 1} : page.position_of("layout");
    if (!with_data) return view;
    view.data = common(here, page.front.title, page.url_path);
    auto marker = term_marker(here, i);
    view.data["page"] = page_fields(here, i, marker ? &*marker : nullptr);
    if (!page.front.description.empty()) view.data["description"] = page.front.description;
    const Value cause = cause_links(here, i);
    view.data["is_cause"] = !cause.is_null();
    if (!cause.is_null()) view.data["cause"] = cause;
    if (view.template_name == "urgent-help")
        view.data["urgent_callouts"] = urgent_callouts(here, marker ? &*marker : nullptr);
    if (view.template_name == "glossary") view.data["glossary"] = glossary_terms();
    view.data["json_ld"] = json_ld(page_web_page(i));
    return view;
}

Value Builder::condition_link(const Here& here, const causes::ConditionRef& ref) const {
    const auto& page = m_.pages[ref.page];
    const auto& condition = page.front.conditions[ref.condition];
    Value link;
    link["name"] = condition.name;
    link["cause"] = page.front.title;
    link["href"] = here.href_to(page.url_path) + "#" + support::encode_href(condition.anchor);
    link["urgency"] = condition.urgency;
    link["urgency_label"] = urgency_label(condition.urgency);
    return link;
}

Value Builder::cause_index(const Here& here) const {
    Value index;
    for (const std::size_t p : m_.causes.causes) {
        Value cause = page_link(here, p);
        for (std::size_t c = 0; c < m_.pages[p].front.conditions.size(); ++c) {
            Value condition = condition_link(here, {p, c});
            for (const auto& s : m_.pages[p].front.conditions[c].symptoms) condition["symptoms"].push_back(Value(s));
            cause["conditions"].push_back(std::move(condition));
        }
        index["causes"].push_back(std::move(cause));
    }
    index["shared_symptoms"] = Value::List{};
    for (const auto& symptom : m_.causes.symptoms) {
        if (symptom.conditions.size() < 2) continue;
        Value item;
        item["symptom"] = symptom.name;
        for (const auto& ref : symptom.conditions) item["conditions"].push_back(condition_link(here, ref));
        index["shared_symptoms"].push_back(std::move(item));
    }
    index["az"] = az(here);
    return index;
}

// Conditions and symptoms together, A to Z, grouped by first letter.
Value Builder::az(const Here& here) const {
    struct Entry {
        std::string letter, key, label, kind;
        std::vector<causes::ConditionRef> refs;
    };
    // Names that do not start with a letter A to Z (digits, accented letters)
    // share one "#" group, first.
    auto letter_of = [](const std::string& key) {
        const char first = key.empty() ? '#' : key[0];
        return (first >= 'a' && first <= 'z') ? std::string(1, static_cast<char>(first - 32)) : std::string("#");
    };
    std::vector<Entry> entries;
    for (const std::size_t p : m_.causes.causes)
        for (std::size_t c = 0; c < m_.pages[p].front.conditions.size(); ++c) {
            const auto& name = m_.pages[p].front.conditions[c].name;
            const std::string key = support::to_lower_ascii(name);
            entries.push_back({letter_of(key), key, name, "condition", {{p, c}}});
        }
    for (const auto& s : m_.causes.symptoms) {
        const std::string key = support::to_lower_ascii(s.name);
        entries.push_back({letter_of(key), key, s.name, "symptom", s.conditions});
    }
    std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return std::tie(a.letter, a.key, a.kind, a.label) < std::tie(b.letter, b.key, b.kind, b.label);
    });
    Value groups = Value::List{};
    for (const auto& entry : entries) {
        const std::string& letter = entry.letter;
        if (groups.as_list().empty() || groups.as_list().back().get("letter").as_string() != letter) {
            Value group;
            group["letter"] = letter;
            group["id"] = "letter-" + support::to_lower_ascii(letter == "#" ? "other" : letter);
            groups.push_back(std::move(group));
        }
        Value item;
        item["label"] = entry.label;
        item["is_condition"] = entry.kind == "condition";
        for (const auto& ref : entry.refs) item["links"].push_back(condition_link(here, ref));
        groups.as_list().back()["entries"].push_back(std::move(item));
    }
    return groups;
}

View Builder::cause_index_view(bool with_data) const {
    const Here here = here_for(m_.config.cause_index_path);
    View view;
    view.output_path = m_.config.cause_index_path + "index.html";
    view.template_name = "cause-index";
    if (!with_data) return view;
    view.data = common(here, m_.config.cause_index_title, m_.config.cause_index_path);
    view.data["index"] = cause_index(here);
    auto web = web_page(m_.config.cause_index_title, m_.config.cause_index_path);
    web.breadcrumbs = {{"Home", absolute("")}, {m_.config.cause_index_title, web.url}};
    view.data["json_ld"] = json_ld(std::move(web));
    return view;
}

View Builder::not_found_view(bool with_data) const {
    Here here;
    here.absolute = true;
    here.base_path = base_path_of(m_.config.base_url);
    View view;
    view.output_path = "404.html";
    view.template_name = "404";
    if (!with_data) return view;
    view.data = common(here, "Page not found", "404.html");
    view.data["canonical"] = false;  // a 404 page has no address of its own
    view.data["json_ld"] = false;    // nor anything to describe
    return view;
}

}  // namespace

std::vector<View> build_views(const SiteModel& model, const std::function<bool(std::size_t)>& wanted) {
    const Builder builder(model);
    std::vector<View> out(builder.size());
    // Views are independent of each other: built on every core, each into its own slot.
    support::parallel_for(out.size(), model.jobs, [] { return 0; },
                          [&](int, std::size_t i) { out[i] = builder.build(i, !wanted || wanted(i)); });
    return out;
}

struct ViewBuilder::Impl {
    explicit Impl(const SiteModel& site_model) : model(site_model), builder(model) {}
    SiteModel model;  // the builder keeps a reference to it
    Builder builder;
};

ViewBuilder::ViewBuilder(const SiteModel& model) : impl_(std::make_unique<Impl>(model)) {}
ViewBuilder::~ViewBuilder() = default;
std::size_t ViewBuilder::size() const { return impl_->builder.size(); }
View ViewBuilder::build(std::size_t index, bool with_data) const { return impl_->builder.build(index, with_data); }

}  // namespace healthsite::views
