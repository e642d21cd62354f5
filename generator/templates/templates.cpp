#include "generator/templates/templates.hpp"

#include <algorithm>
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

// kainjow copies whatever its constructors, set() and push_back() are
// given, subtree and all: a list built from a vector would copy each part
// once more for every list above it. Its data does own a plain string and
// vector, handed out by const reference, so they are filled in place, by
// moves out of the view. Objects are filled through operator[], which moves.
mustache::data to_data(support::Value&& value) {
    if (value.is_bool()) return mustache::data(value.as_bool());
    if (value.is_string()) {
        mustache::data text(mustache::data::type::string);
        const_cast<std::string&>(text.string_value()) = value.take_string();
        return text;
    }
    if (value.is_list()) {
        mustache::data list(mustache::data::type::list);
        auto& items = const_cast<mustache::basic_list<std::string>&>(list.list_value());
        items.reserve(value.as_list().size());
        for (auto& item : value.as_list()) items.push_back(to_data(std::move(item)));
        return list;
    }
    mustache::data object(mustache::data::type::object);
    if (value.is_object())
        for (auto& [key, item] : value.as_object())
            if (!item.is_null()) object[key] = to_data(std::move(item));
    return object;
}

// The context a template is rendered in: a stack of data, innermost first,
// that remembers the names it could not find. Dotted names ("page.title")
// are walked here one part at a time: kainjow's own context splits them
// through a string stream on every lookup, which was a tenth of rendering.
class RecordingContext : public mustache::basic_context<std::string> {
public:
    RecordingContext(const mustache::data* root, std::set<std::string>& missing) : missing_(missing) {
        stack_.push_back(root);
    }
    void push(const mustache::data* data) override { stack_.push_back(data); }
    void pop() override { stack_.pop_back(); }
    const mustache::data* get(const std::string& name) const override {
        const auto* found = lookup(name);
        if (!found) missing_.insert(name);
        return found;
    }
    const mustache::data* get_partial(const std::string& name) const override { return innermost(name); }

private:
    // The innermost data on the stack that has this key.
    const mustache::data* innermost(const std::string& key) const {
        for (auto it = stack_.rbegin(); it != stack_.rend(); ++it)
            if (const auto* found = (*it)->get(key)) return found;
        return nullptr;
    }

    // "." is the current item. A dotted name "a.b.c" is walked part by part
    // from each data on the stack, innermost first, until one has it all:
    // the lookup kainjow's own context makes, parts split as getline would.
    const mustache::data* lookup(const std::string& name) const {
        if (name == ".") return stack_.back();
        if (name.find('.') == std::string::npos) return innermost(name);
        for (auto it = stack_.rbegin(); it != stack_.rend(); ++it)
            if (const auto* found = walk(*it, name)) return found;
        return nullptr;
    }

    const mustache::data* walk(const mustache::data* data, const std::string& name) const {
        for (std::size_t from = 0; data && from < name.size();) {
            const auto end = std::min(name.find('.', from), name.size());
            part_.assign(name, from, end - from);
            data = data->get(part_);
            from = end + 1;
        }
        return data;
    }

    std::vector<const mustache::data*> stack_;  // innermost last
    std::set<std::string>& missing_;
    mutable std::string part_;  // one part of a dotted name, kept to save allocations
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
std::string escape_for_html(const std::string& text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    std::size_t from = 0;
    for (std::size_t at = 0; at < text.size(); ++at) {
        const char* entity = nullptr;
        switch (text[at]) {
            case '&': entity = "&amp;"; break;
            case '<': entity = "&lt;"; break;
            case '>': entity = "&gt;"; break;
            case '"': entity = "&quot;"; break;
            case '\'': entity = "&apos;"; break;
            default: continue;
        }
        out.append(text, from, at - from);
        out += entity;
        from = at + 1;
    }
    out.append(text, from);
    return out;
}

}  // namespace

// Each template is compiled when first rendered: an edit's rebuild renders
// one or two of them. The set was checked for syntax errors when it loaded.
struct Compiled::Impl {
    const TemplateSet* set;
    std::map<std::string, std::unique_ptr<mustache::mustache>, std::less<>> templates;

    mustache::mustache& compiled(const std::string& name) {
        auto& slot = templates[name];
        if (!slot) {
            slot = std::make_unique<mustache::mustache>(set->expanded(name));
            slot->set_custom_escape(escape_for_html);
        }
        return *slot;
    }
};

Compiled::Compiled(const TemplateSet& set) : impl_(std::make_unique<Impl>(Impl{&set, {}})) {}

Compiled::~Compiled() = default;

std::string Compiled::render(const std::string& name, support::Value view, std::set<std::string>& missing_keys) const {
    auto& tmpl = impl_->compiled(name);
    const mustache::data data = to_data(std::move(view));
    RecordingContext context(&data, missing_keys);
    StringSink sink;
    tmpl.render(context, sink);
    return std::move(sink.text);
}

}  // namespace healthsite::templates
