#pragma once
// schema.org structured data for a page, as JSON-LD: a MedicalWebPage (with
// its review date, reviewer, audience, publisher and the conditions it is
// about), an FAQPage for questions and answers, and a BreadcrumbList. The
// only place that writes JSON-LD; written through support::JsonWriter, never
// by pasting strings. Nothing here reads the clock: every date comes from the
// caller.
#include <string>
#include <string_view>
#include <vector>

namespace healthsite::structured_data {

// A reviewer, author or publisher: a Person or an Organization.
struct Party {
    std::string name;
    bool is_person = false;
};

// One condition the page covers (a [[conditions]] entry).
struct Condition {
    std::string name;
    std::string url;  // absolute, with the #anchor of its heading
    std::vector<std::string> symptoms;
};

struct Question {
    std::string question;
    std::string answer;  // plain text
};

struct Crumb {
    std::string name;
    std::string url;  // absolute
};

struct Citation {
    std::string title;
    std::string publisher;
    std::string url;
};

struct WebPage {
    std::string name;
    std::string description;
    std::string url;  // absolute: the canonical address
    std::string language;
    std::string last_reviewed;  // ISO date from front matter, or "" when it has none
    std::vector<Party> reviewed_by;
    std::vector<Party> authors;
    Party publisher;
    std::string publisher_url;
    std::vector<Condition> conditions;
    std::vector<Citation> citations;
    std::vector<Question> faq;       // an FAQPage when not empty
    std::vector<Crumb> breadcrumbs;  // a BreadcrumbList when not empty
};

// Whether a name written in front matter ("Dr A. Example, GP", "healthsite
// editorial team") names a person rather than an organisation. The
// publisher's own name and names with words such as "team" or "NHS" are
// organisations; anything else is taken to be a person.
[[nodiscard]] bool names_a_person(std::string_view name, std::string_view publisher);

// The page's JSON-LD: one object with "@context" and "@graph", ready to stand
// inside <script type="application/ld+json"> as it is.
[[nodiscard]] std::string json_ld(const WebPage& page);

// Makes JSON text safe inside a <script> element: "</" becomes "<\/" and
// "<!--" becomes "<\u0021--", both still the same JSON.
[[nodiscard]] std::string escape_for_script(std::string_view json);

}  // namespace healthsite::structured_data
