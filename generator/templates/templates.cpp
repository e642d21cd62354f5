#include "generator/templates/templates.hpp"

#include <algorithm>
#include <deque>
#include <functional>

#include <kainjow/mustache.hpp>

#include "generator/support/files.hpp"
#include "generator/support/text.hpp"

namespace healthsite::templates {

namespace mustache = kainjow::mustache;
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kExtension = ".mustache";
constexpr std::string_view kPartialPrefix = "partials/";

bool is_partial(const std::string& name) { return name.starts_with(kPartialPrefix); }

// kainjow reports "Unclosed tag at 17": a message and a byte offset.
void report_syntax_error(const Source& source, const std::string& message, support::Diagnostics& diagnostics) {
    std::string text = message;
    std::size_t offset = 0;
    if (const auto at = message.rfind(" at "); at != std::string::npos) {
        text = message.substr(0, at);
        offset = static_cast<std::size_t>(std::strtoull(message.c_str() + at + 4, nullptr, 10));
    }
    if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
    diagnostics.error(source.display_path, support::position_at(source.text, offset),
                      "template syntax error: " + text);
}

// Where a set-delimiter tag ("{{=", or "{{ =" with spaces) starts, if any.
std::size_t find_set_delimiters(std::string_view text) {
    for (auto at = text.find("{{"); at != std::string_view::npos; at = text.find("{{", at + 2)) {
        std::size_t i = at + 2;
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) ++i;
        if (i < text.size() && text[i] == '=') return at;
    }
    return std::string_view::npos;
}

bool check_syntax(const Source& source, support::Diagnostics& diagnostics) {
    // Partials are inlined by looking for "{{>" ... "}}", which other
    // delimiters would hide; so delimiters stay as they are.
    if (const auto at = find_set_delimiters(source.text); at != std::string_view::npos) {
        diagnostics.error(source.display_path, support::position_at(source.text, at),
                          "changing delimiters with {{= =}} is not supported in templates");
        return false;
    }
    const mustache::mustache parsed(source.text);
    if (parsed.is_valid()) return true;
    report_syntax_error(source, parsed.error_message(), diagnostics);
    return false;
}

// Inlines {{> name}} partials, refusing missing ones and cycles.
class Expander {
public:
    Expander(const std::map<std::string, const Source*>& sources, support::Diagnostics& diagnostics)
        : sources_(sources), diagnostics_(diagnostics) {}

    std::optional<std::string> expand(const Source& source) {
        stack_.push_back(source.name);
        std::string out;
        bool ok = true;
        std::size_t from = 0;
        for (auto at = source.text.find("{{>"); at != std::string::npos; at = source.text.find("{{>", from)) {
            out.append(source.text, from, at - from);
            const auto end = source.text.find("}}", at);
            if (end == std::string::npos) {  // only in text that bypassed the syntax check
                diagnostics_.error(source.display_path, support::position_at(source.text, at), "unclosed partial tag");
                stack_.pop_back();
                return std::nullopt;
            }
            from = end + 2;
            const std::string name(support::trim(std::string_view(source.text).substr(at + 3, end - at - 3)));
            auto partial = expand_partial(source, at, name);
            ok = ok && partial.has_value();
            if (partial) out += *partial;
        }
        out.append(source.text, from);
        stack_.pop_back();
        return ok ? std::optional(out) : std::nullopt;
    }

private:
    std::optional<std::string> expand_partial(const Source& source, std::size_t at, const std::string& name) {
        const std::string key = std::string(kPartialPrefix) + name;
        const auto found = sources_.find(key);
        const auto position = support::position_at(source.text, at);
        if (found == sources_.end()) {
            diagnostics_.error(source.display_path, position,
                               "no partial '" + name + "': expected a file " + key + ".mustache");
            return std::nullopt;
        }
        if (std::find(stack_.begin(), stack_.end(), key) != stack_.end()) {
            std::string chain;
            for (const auto& n : stack_) chain += n + " -> ";
            diagnostics_.error(source.display_path, position, "partial '" + name + "' includes itself: " + chain + key);
            return std::nullopt;
        }
        return expand(*found->second);
    }

    const std::map<std::string, const Source*>& sources_;
    support::Diagnostics& diagnostics_;
    std::vector<std::string> stack_;
};

std::vector<Source> read_folder(const fs::path& folder, const std::string& display_folder) {
    std::vector<Source> out;
    for (const auto& relative : support::list_files(folder)) {
        if (!relative.ends_with(kExtension)) continue;
        auto text = support::read_file(folder / relative);
        out.push_back({relative.substr(0, relative.size() - kExtension.size()), display_folder + "/" + relative,
                       text.text.value_or("")});
    }
    return out;
}

}  // namespace

std::optional<TemplateSet> TemplateSet::load(const std::vector<fs::path>& folders,
                                             const std::vector<std::string>& display_folders,
                                             support::Diagnostics& diagnostics) {
    std::vector<Source> sources;
    std::set<std::string> seen;
    std::string searched;
    for (std::size_t i = 0; i < folders.size(); ++i) {
        searched += (searched.empty() ? "" : " and ") + display_folders[i] + "/";
        for (auto& source : read_folder(folders[i], display_folders[i]))
            if (seen.insert(source.name).second) sources.push_back(std::move(source));
    }
    auto set = from_sources(std::move(sources), diagnostics);
    if (set) set->searched_ = searched;
    return set;
}

std::optional<TemplateSet> TemplateSet::from_sources(std::vector<Source> sources, support::Diagnostics& diagnostics) {
    const auto errors_before = diagnostics.error_count();
    std::map<std::string, const Source*> by_name;
    for (const auto& source : sources) by_name[source.name] = &source;
    bool syntax_ok = true;
    for (const auto& source : sources) syntax_ok = check_syntax(source, diagnostics) && syntax_ok;
    if (!syntax_ok) return std::nullopt;
    TemplateSet set;
    Expander expander(by_name, diagnostics);
    for (const auto& [name, source] : by_name) {
        if (is_partial(name)) continue;
        if (auto text = expander.expand(*source)) {
            set.fingerprints_[name] = support::hash_bytes(*text);
            set.expanded_[name] = std::move(*text);
        }
    }
    if (diagnostics.error_count() > errors_before) return std::nullopt;
    return set;
}

std::vector<std::string> TemplateSet::names() const {
    std::vector<std::string> out;
    for (const auto& [name, text] : expanded_) out.push_back(name);
    return out;
}

support::Hash TemplateSet::fingerprint(const std::string& name) const {
    const auto it = fingerprints_.find(name);
    return it == fingerprints_.end() ? 0 : it->second;
}

namespace {

// Data kainjow reads strings from, kept from one page to the next by the
// thread's Compiled: each handed-over string is copied into one of these,
// into room an earlier page made, rather than into a new one.
struct StringSlots {
    std::vector<std::unique_ptr<mustache::data>> slots{};  // stable addresses, handed to kainjow
    std::size_t in_sections = 0;                           // the first so many are pushed sections' own
};

// The context a template is rendered in, over the view itself: a stack of
// the view's values, innermost last, that remembers the names it could not
// find. kainjow asks a context for its own data, so each value a template
// reads is handed over as data when it is read: strings and booleans as
// themselves, lists as lists of their items, and objects as stand-ins that
// kainjow only pushes back onto this stack. Converting a whole view into
// kainjow's tree of hash maps up front took more time than rendering it.
//
// kainjow reads a variable's data before it asks for anything else, and
// pushes a section's data straight after asking for it, or pushes the items
// of a list it was handed: so a string slot is free again at the next
// request unless its section was pushed, until that section is popped.
class ViewContext : public mustache::basic_context<std::string> {
public:
    ViewContext(const support::Value& root, StringSlots& strings, std::set<std::string>& missing)
        : strings_(strings), missing_(missing) {
        strings_.in_sections = 0;
        stack_.push_back({&root, false});
    }

    void push(const mustache::data* data) override {
        const bool string_slot = data == last_string_;
        if (string_slot) ++strings_.in_sections;
        stack_.push_back({origin_of(data), string_slot});
        last_string_ = nullptr;
    }
    void pop() override {
        if (stack_.back().string_slot) --strings_.in_sections;
        stack_.pop_back();
    }
    const mustache::data* get(const std::string& name) const override {
        const support::Value* found = lookup(name);
        if (!found) {
            missing_.insert(name);
            return nullptr;
        }
        return hand_over(*found);
    }
    const mustache::data* get_partial(const std::string& name) const override {
        const support::Value* found = innermost(name);
        return found ? hand_over(*found) : nullptr;
    }

private:
    struct Frame {
        const support::Value* value;
        bool string_slot;  // a section over a string, whose slot stays taken
    };
    // A list handed over: kainjow pushes its items one by one.
    struct HandedList {
        const mustache::data* first_item;
        const support::Value* list;
    };

    // A view's null values are left out of it, as if their keys were missing.
    static const support::Value* child(const support::Value* value, std::string_view key) {
        if (!value->is_object()) return nullptr;
        const support::Value& found = value->get(key);
        return found.is_null() ? nullptr : &found;
    }

    // The innermost value on the stack that has this key.
    const support::Value* innermost(std::string_view key) const {
        for (auto it = stack_.rbegin(); it != stack_.rend(); ++it)
            if (const auto* found = child(it->value, key)) return found;
        return nullptr;
    }

    // "." is the current item. A dotted name "a.b.c" is walked part by part
    // from each value on the stack, innermost first, until one has it all:
    // the lookup kainjow's own context makes, parts split as getline would.
    const support::Value* lookup(std::string_view name) const {
        if (name == ".") return stack_.back().value;
        if (name.find('.') == std::string_view::npos) return innermost(name);
        for (auto it = stack_.rbegin(); it != stack_.rend(); ++it)
            if (const auto* found = walk(it->value, name)) return found;
        return nullptr;
    }

    static const support::Value* walk(const support::Value* value, std::string_view name) {
        for (std::size_t from = 0; value && from < name.size();) {
            const auto end = std::min(name.find('.', from), name.size());
            value = child(value, name.substr(from, end - from));
            from = end + 1;
        }
        return value;
    }

    const mustache::data* hand_over(const support::Value& value) const {
        last_handed_ = &value;
        last_string_ = nullptr;
        if (value.is_string()) return hand_over_string(value.as_string());
        if (value.is_list()) return &lists_.emplace_back(convert(value));
        // An object (or a null list item, which shows as an empty object) is
        // true to a section, and looked into here when kainjow pushes it.
        return value.is_bool() && !value.as_bool() ? &false_ : &true_;
    }

    const mustache::data* hand_over_string(const std::string& text) const {
        auto& slots = strings_.slots;
        if (strings_.in_sections == slots.size())
            slots.push_back(std::make_unique<mustache::data>(mustache::data::type::string));
        auto& slot = *slots[strings_.in_sections];
        // kainjow's data hands out its string by const reference only.
        const_cast<std::string&>(slot.string_value()).assign(text);
        last_string_ = &slot;
        return &slot;
    }

    // kainjow's data hands out its list by const reference only, so it is
    // filled in place.
    mustache::data convert(const support::Value& value) const {
        if (value.is_bool()) return mustache::data(value.as_bool());
        if (value.is_string()) return mustache::data(value.as_string());
        if (value.is_list()) {
            mustache::data list(mustache::data::type::list);
            auto& items = const_cast<mustache::basic_list<std::string>&>(list.list_value());
            items.reserve(value.as_list().size());
            for (const auto& item : value.as_list()) items.push_back(convert(item));
            if (!items.empty()) handed_lists_.push_back({&items.front(), &value});
            return list;
        }
        return mustache::data(true);
    }

    // The value kainjow pushes: the one it was just handed, or an item of a
    // list handed over before.
    const support::Value* origin_of(const mustache::data* data) const {
        for (auto it = handed_lists_.rbegin(); it != handed_lists_.rend(); ++it) {
            const auto* end = it->first_item + it->list->as_list().size();
            const std::less<const mustache::data*> before;  // a total order, for pointers into other lists too
            if (!before(data, it->first_item) && before(data, end))
                return &it->list->as_list()[static_cast<std::size_t>(data - it->first_item)];
        }
        return last_handed_;
    }

    StringSlots& strings_;
    std::set<std::string>& missing_;
    std::vector<Frame> stack_;  // innermost last
    const mustache::data true_{true};
    const mustache::data false_{false};
    mutable const support::Value* last_handed_ = nullptr;
    mutable const mustache::data* last_string_ = nullptr;  // the slot last handed over, until pushed or replaced
    mutable std::deque<mustache::data> lists_;             // stable addresses, handed to kainjow
    mutable std::vector<HandedList> handed_lists_;
};

// Where kainjow writes a page: straight into a string. Its own render()
// goes through a std::ostringstream and copies the page out of it at the end.
struct StringSink {
    std::string text;
    StringSink& operator<<(const std::string& piece) {
        text += piece;
        return *this;
    }
};

// kainjow's own escaping, the same five entities, with the text between
// them appended in whole runs rather than one character at a time.
std::string escape_for_html(const std::string& text) { return support::escape_html(text, "&apos;"); }

}  // namespace

// Each template is compiled when first rendered: an edit's rebuild renders
// one or two of them. The set was checked for syntax errors when it loaded.
struct Compiled::Impl {
    struct Slot {
        std::unique_ptr<mustache::mustache> tmpl;
        // How long its last page was: the next page's room is made up front,
        // rather than the page being copied each time it outgrows its room.
        std::size_t last_size = 0;
    };
    const TemplateSet* set;
    std::map<std::string, Slot, std::less<>> templates;
    StringSlots strings;

    Slot& compiled(const std::string& name) {
        auto& slot = templates[name];
        if (!slot.tmpl) {
            slot.tmpl = std::make_unique<mustache::mustache>(set->expanded(name));
            slot.tmpl->set_custom_escape(escape_for_html);
        }
        return slot;
    }
};

Compiled::Compiled(const TemplateSet& set) : impl_(std::make_unique<Impl>(Impl{&set, {}, {}})) {}

Compiled::~Compiled() = default;

std::string Compiled::render(const std::string& name, support::Value view, std::set<std::string>& missing_keys) const {
    auto& slot = impl_->compiled(name);
    ViewContext context(view, impl_->strings, missing_keys);
    StringSink sink;
    sink.text.reserve(slot.last_size + slot.last_size / 4);
    slot.tmpl->render(context, sink);
    slot.last_size = sink.text.size();
    return std::move(sink.text);
}

}  // namespace healthsite::templates
