#include "generator/markdown/markdown.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <set>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include "generator/markdown/arena.hpp"
#include "generator/markdown/guard.hpp"
#include "generator/markdown/parse.hpp"
#include "generator/support/text.hpp"
#include "generator/support/urls.hpp"

namespace healthsite::markdown {

namespace {

constexpr std::string_view kPlaceholder = "healthsite:link/";
// Document::text keeps about this much: enough to find a page by, without
// holding (and storing in the build state) every page's whole text.
constexpr std::size_t kTextLimit = 2000;

// Every node of a page is made in its PageMemory, and so is its HTML.
std::string render_node(cmark_node* node, int options, cmark_llist* extensions) {
    cmark_mem* memory = PageMemory::allocator();
    char* html = cmark_render_html_with_mem(node, options, extensions, memory);
    std::string out(html ? html : "");
    memory->free(html);
    return out;
}

// Converts cmark's 1-based line and byte column within the body into a
// position in the file, with the column counted in characters.
class PositionMap {
public:
    PositionMap(std::string_view body, int first_line) : body_(body), first_line_(first_line) {
        line_starts_.push_back(0);
        for (auto at = body.find('\n'); at != std::string_view::npos; at = body.find('\n', at + 1))
            line_starts_.push_back(at + 1);
    }

    [[nodiscard]] support::Position at(cmark_node* node) const {
        const int line = cmark_node_get_start_line(node);
        const int byte_column = cmark_node_get_start_column(node);
        if (line < 1 || static_cast<std::size_t>(line) > line_starts_.size()) return {first_line_, 1};
        const std::size_t start = line_starts_[static_cast<std::size_t>(line - 1)];
        const auto within = support::position_at(body_.substr(start), static_cast<std::size_t>(std::max(byte_column - 1, 0)));
        return {line + first_line_ - 1, within.line == 1 ? within.column : 1};
    }

private:
    std::string_view body_;
    int first_line_;
    std::vector<std::size_t> line_starts_;
};

void append_inline_text(cmark_node* node, std::string& out) {
    for (cmark_node* child = cmark_node_first_child(node); child; child = cmark_node_next(child)) {
        switch (cmark_node_get_type(child)) {
            case CMARK_NODE_TEXT:
            case CMARK_NODE_CODE: out += cmark_node_get_literal(child); break;
            case CMARK_NODE_SOFTBREAK:
            case CMARK_NODE_LINEBREAK: out += ' '; break;
            default: append_inline_text(child, out);
        }
    }
}

std::string inline_text(cmark_node* node) {
    std::string out;
    append_inline_text(node, out);
    return out;
}

bool is_text_block(cmark_node* node, cmark_node_type type) {
    if (type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING) return true;
    // Table cells are the table extension's blocks, known by name. Most nodes
    // asked about are inlines (text, emphasis, links): they are none.
    if ((type & CMARK_NODE_TYPE_MASK) != CMARK_NODE_TYPE_BLOCK) return false;
    const char* name = cmark_node_get_type_string(node);
    return name && std::string_view(name) == "table_cell";
}

bool valid_explicit_id(std::string_view id) {
    if (id.empty()) return false;
    for (const char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    return true;
}

// Takes a trailing "{#id}" off a heading's last text node.
std::string take_explicit_id(cmark_node* heading) {
    cmark_node* last = cmark_node_last_child(heading);
    if (!last || cmark_node_get_type(last) != CMARK_NODE_TEXT) return {};
    const char* text = cmark_node_get_literal(last);
    const auto open = std::string_view(text ? text : "").rfind("{#");
    if (open == std::string_view::npos) return {};  // most headings: nothing copied
    const std::string literal = text;
    const std::string_view tail = support::trim(std::string_view(literal).substr(open));
    if (!tail.ends_with('}')) return {};
    std::string id(tail.substr(2, tail.size() - 3));
    if (!valid_explicit_id(id)) return {};
    const std::string rest(support::trim(std::string_view(literal).substr(0, open)));
    if (rest.empty()) cmark_node_unlink(last);
    else cmark_node_set_literal(last, rest.c_str());
    return id;
}

struct CalloutKind {
    std::string_view marker;
    std::string_view kind;
    std::string_view title;
};

constexpr CalloutKind kCalloutKinds[] = {
    {"[!URGENT]", "urgent", "Get urgent help"}, {"[!WARNING]", "warning", "Warning"},
    {"[!CAUTION]", "caution", "Caution"},       {"[!IMPORTANT]", "important", "Important"},
    {"[!NOTE]", "note", "Note"},                {"[!TIP]", "tip", "Tip"},
};

const CalloutKind* callout_kind(cmark_node* quote) {
    cmark_node* paragraph = cmark_node_first_child(quote);
    if (!paragraph || cmark_node_get_type(paragraph) != CMARK_NODE_PARAGRAPH) return nullptr;
    cmark_node* text = cmark_node_first_child(paragraph);
    if (!text || cmark_node_get_type(text) != CMARK_NODE_TEXT) return nullptr;
    const std::string literal = support::to_lower_ascii(cmark_node_get_literal(text));
    for (const auto& kind : kCalloutKinds)
        if (literal.starts_with(support::to_lower_ascii(kind.marker))) return &kind;
    return nullptr;
}

// Drops the [!KIND] marker (and the line break after it) from the first
// paragraph, and the paragraph itself if nothing is left.
void remove_marker(cmark_node* quote, const CalloutKind& kind) {
    cmark_node* paragraph = cmark_node_first_child(quote);
    cmark_node* text = cmark_node_first_child(paragraph);
    const std::string rest(support::trim(std::string_view(cmark_node_get_literal(text)).substr(kind.marker.size())));
    if (!rest.empty()) {
        cmark_node_set_literal(text, rest.c_str());
        return;
    }
    cmark_node* next = cmark_node_next(text);
    cmark_node_unlink(text);
    if (next && (cmark_node_get_type(next) == CMARK_NODE_SOFTBREAK || cmark_node_get_type(next) == CMARK_NODE_LINEBREAK))
        cmark_node_unlink(next);
    if (!cmark_node_first_child(paragraph)) cmark_node_unlink(paragraph);
}

// Moves node's children into a new custom block that renders as
// before ... after, and puts it where node was. The old node is unlinked,
// not freed: the text of the children moved out of it may still live in its
// buffer. It goes with the rest of the page's memory.
cmark_node* replace_with_custom_block(cmark_node* node, const char* before, const char* after) {
    cmark_node* block = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_BLOCK, PageMemory::allocator());
    cmark_node_set_on_enter(block, before);
    cmark_node_set_on_exit(block, after);
    while (cmark_node* child = cmark_node_first_child(node)) {
        cmark_node_unlink(child);
        cmark_node_append_child(block, child);
    }
    cmark_node_insert_before(node, block);
    cmark_node_unlink(node);
    return block;
}

class Renderer {
public:
    Renderer(std::string_view markdown, const Options& options, support::Diagnostics& diagnostics)
        : markdown_(markdown), options_(options), diagnostics_(diagnostics), positions_(markdown, options.first_line) {}

    Document run();

private:
    void visit(cmark_node* node);
    void handle_raw_html(cmark_node* node);
    void handle_link(cmark_node* node);
    void handle_heading(cmark_node* node);
    void handle_callout(cmark_node* node, const CalloutKind& kind);
    void count_text(std::string_view text);
    std::string explicit_id(std::string id, const support::Position& position);
    std::string derived_id(std::string id, const support::Position& position);
    void split_sections(cmark_node* document);
    std::string block_text(cmark_node* node) const;
    [[nodiscard]] int render_options() const { return CMARK_OPT_UNSAFE | CMARK_OPT_FOOTNOTES; }

    // The parser and every node of the page live in it, and go when it goes:
    // none of them is freed on its own. First, so that it goes last.
    PageMemory memory_;
    std::string_view markdown_;
    const Options& options_;
    support::Diagnostics& diagnostics_;
    PositionMap positions_;
    cmark_parser* parser_ = nullptr;
    Document document_;
    std::map<std::string, support::Position> ids_;
    std::map<cmark_node*, std::size_t> level2_blocks_;  // heading block -> index in headings
    std::map<cmark_node*, std::string> heading_texts_;  // every heading block -> its text
    std::vector<std::pair<cmark_node*, std::size_t>> callout_blocks_;
    std::map<std::string, int> next_suffix_;  // derived heading id -> next number to try
    std::size_t raw_html_warnings_ = 0;
    std::string block_text_;        // the text of the block being counted, its room kept from block to block
    std::string heading_tag_;       // a heading's opening tag, its room kept from heading to heading
    std::string placeholder_;       // a link's placeholder, its room kept from link to link
};

// Footnotes cost every page two extra walks of its whole tree, which
// cmark-gfm makes to number them; both a footnote and a reference to one
// start with "[^", so a page without those two characters has none.
bool may_have_footnotes(std::string_view markdown) { return markdown.find("[^") != std::string_view::npos; }

cmark_parser* make_parser(bool raw_html, bool footnotes, bool autolinks) {
    static std::once_flag registered;  // cmark-gfm's registry is process-wide
    std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });
    cmark_parser* parser =
        cmark_parser_new_with_mem(footnotes ? CMARK_OPT_FOOTNOTES : CMARK_OPT_DEFAULT, PageMemory::allocator());
    std::vector<const char*> names{"table", "strikethrough", "tasklist"};
    if (autolinks) names.push_back("autolink");
    if (raw_html) names.push_back("tagfilter");
    for (const char* name : names)
        if (cmark_syntax_extension* extension = cmark_find_syntax_extension(name))
            cmark_parser_attach_syntax_extension(parser, extension);
    return parser;
}

Document Renderer::run() {
    const bool autolinks = options_.autolink_candidates ? *options_.autolink_candidates : has_autolink_candidates(markdown_);
    parser_ = make_parser(options_.raw_html, may_have_footnotes(markdown_), autolinks);
    cmark_node* root = parse_document(parser_, markdown_);
    visit(root);
    document_.html = render_node(root, render_options(), cmark_parser_get_syntax_extensions(parser_));
    for (const auto& [block, index] : callout_blocks_)
        document_.callouts[index].html =
            render_node(block, render_options(), cmark_parser_get_syntax_extensions(parser_));
    if (options_.split_sections) split_sections(root);
    return std::move(document_);
}

void Renderer::visit(cmark_node* node) {
    const cmark_node_type type = cmark_node_get_type(node);
    // A callout's marker goes before its text is counted.
    const CalloutKind* callout = type == CMARK_NODE_BLOCK_QUOTE ? callout_kind(node) : nullptr;
    if (callout) remove_marker(node, *callout);
    // Children first may be replaced, so remember the next sibling up front.
    for (cmark_node* child = cmark_node_first_child(node); child;) {
        cmark_node* next = cmark_node_next(child);
        if (cmark_node_get_type(child) != CMARK_NODE_TEXT) visit(child);  // most nodes: text, with nothing to do
        child = next;
    }
    switch (type) {
        case CMARK_NODE_HTML_BLOCK:
        case CMARK_NODE_HTML_INLINE: handle_raw_html(node); return;
        case CMARK_NODE_LINK:
        case CMARK_NODE_IMAGE: handle_link(node); return;
        case CMARK_NODE_HEADING: handle_heading(node); return;
        case CMARK_NODE_BLOCK_QUOTE:
            if (callout) handle_callout(node, *callout);
            return;
        default:
            if (!is_text_block(node, type)) return;
            block_text_.clear();
            append_inline_text(node, block_text_);
            count_text(block_text_);
    }
}

void Renderer::count_text(std::string_view text) {
    document_.counts.add_block(text);
    if (document_.text.size() >= kTextLimit) return;
    support::append_collapsed_whitespace(document_.text, text);
    document_.text += '\n';
}

void Renderer::handle_raw_html(cmark_node* node) {
    if (options_.raw_html) return;
    // One warning says it; a page full of tags needs no thousand.
    constexpr std::size_t kWarningsPerPage = 5;
    if (raw_html_warnings_++ < kWarningsPerPage)
        diagnostics_.warning(options_.path, positions_.at(node),
                             "raw HTML is left out of the page (set raw_html = true under [markdown] in site.toml to "
                             "allow it)");
    cmark_node_unlink(node);
}

// Whether text starts with prefix, written in lowercase, in any case of
// ASCII letters.
bool starts_with_in_any_case(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        const char c = text[i];
        if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != prefix[i]) return false;
    }
    return true;
}

void Renderer::handle_link(cmark_node* node) {
    const char* destination = cmark_node_get_url(node);
    std::string url = destination ? destination : "";
    const auto position = positions_.at(node);
    const bool is_image = cmark_node_get_type(node) == CMARK_NODE_IMAGE;
    if (support::is_unsafe_url(url) || starts_with_in_any_case(url, "healthsite:")) {
        diagnostics_.error(options_.path, position, "unsafe link destination '" + url + "' is not allowed");
        return;
    }
    if (is_image && support::trim(inline_text(node)).empty())
        diagnostics_.warning(options_.path, position,
                             "image '" + url + "' has no description: say what it shows for people who cannot see it, "
                             "as in ![a swollen ankle](" + url + ")");
    if (support::has_scheme(url) || url.starts_with("//")) return;
    placeholder_.assign(kPlaceholder).append(std::to_string(document_.links.size())).append("/");
    cmark_node_set_url(node, placeholder_.c_str());
    document_.links.push_back({std::move(url), is_image, position});
}

std::string Renderer::explicit_id(std::string id, const support::Position& position) {
    const auto [it, inserted] = ids_.emplace(id, position);
    if (!inserted)
        diagnostics_.error(options_.path, position,
                           "heading id '" + id + "' is already used on line " + std::to_string(it->second.line));
    return id;
}

// The id derived from a heading's text, with a number added if another
// heading has it already.
std::string Renderer::derived_id(std::string id, const support::Position& position) {
    if (id.empty()) id = "section";
    if (ids_.emplace(id, position).second) return id;  // the usual case: not taken
    // Counting on from the last number used keeps a page of many equal
    // headings linear rather than quadratic.
    std::string candidate = id;
    for (int& n = next_suffix_[id]; ids_.count(candidate); ++n) candidate = id + "-" + std::to_string(n + 1);
    ids_.emplace(candidate, position);
    return candidate;
}

// Heading levels run from 1 to 6.
const char* closing_heading_tag(int level) {
    static constexpr const char* kTags[] = {"</h1>", "</h2>", "</h3>", "</h4>", "</h5>", "</h6>"};
    return kTags[std::clamp(level, 1, 6) - 1];
}

void Renderer::handle_heading(cmark_node* node) {
    std::string id = take_explicit_id(node);
    Heading heading;
    heading.level = cmark_node_get_heading_level(node);
    block_text_.clear();
    append_inline_text(node, block_text_);
    support::append_collapsed_whitespace(heading.text, block_text_);
    heading.position = positions_.at(node);
    heading.id = id.empty() ? derived_id(support::slugify(heading.text), heading.position)
                            : explicit_id(std::move(id), heading.position);
    count_text(heading.text);
    heading_tag_.assign("<h").append(std::to_string(heading.level)).append(" id=\"");
    support::append_escaped_html(heading_tag_, heading.id);
    heading_tag_.append("\">");
    cmark_node* block =
        replace_with_custom_block(node, heading_tag_.c_str(), closing_heading_tag(heading.level));
    if (options_.split_sections) {  // the only use of both
        if (heading.level == 2) level2_blocks_[block] = document_.headings.size();
        heading_texts_[block] = heading.text;
    }
    document_.headings.push_back(std::move(heading));
}

void Renderer::handle_callout(cmark_node* node, const CalloutKind& kind) {
    const auto position = positions_.at(node);
    const std::string open = "<div class=\"callout callout-" + std::string(kind.kind) +
                             "\" role=\"note\">\n<p class=\"callout-title\"><strong>" + std::string(kind.title) +
                             "</strong></p>\n";
    cmark_node* block = replace_with_custom_block(node, open.c_str(), "</div>");
    callout_blocks_.emplace_back(block, document_.callouts.size());
    document_.callouts.push_back({std::string(kind.kind), {}, position});
}

// The text of every paragraph, heading and table cell inside node, one per line.
std::string Renderer::block_text(cmark_node* node) const {
    if (const auto heading = heading_texts_.find(node); heading != heading_texts_.end()) return heading->second + "\n";
    if (is_text_block(node, cmark_node_get_type(node))) return support::collapse_whitespace(inline_text(node)) + "\n";
    std::string out;
    for (cmark_node* child = cmark_node_first_child(node); child; child = cmark_node_next(child)) out += block_text(child);
    return out;
}

void Renderer::split_sections(cmark_node* document) {
    cmark_llist* extensions = cmark_parser_get_syntax_extensions(parser_);
    cmark_node* current = cmark_node_new_with_mem(CMARK_NODE_DOCUMENT, PageMemory::allocator());
    bool in_section = false;
    auto close = [&]() {
        const std::string html = render_node(current, render_options(), extensions);
        if (in_section) document_.sections.back().html = html;
        else document_.intro_html = html;
        current = cmark_node_new_with_mem(CMARK_NODE_DOCUMENT, PageMemory::allocator());
    };
    while (cmark_node* child = cmark_node_first_child(document)) {
        cmark_node_unlink(child);
        const auto heading = level2_blocks_.find(child);
        if (heading == level2_blocks_.end()) {
            if (in_section) document_.sections.back().text += block_text(child);
            cmark_node_append_child(current, child);
            continue;
        }
        close();  // the heading itself is left out: its memory goes with the page
        document_.sections.push_back({document_.headings[heading->second], {}, {}});
        in_section = true;
    }
    close();
}

}  // namespace

// cmark-gfm's autolinks start at "www." (in any case, to be safe), at "://"
// after a scheme, or at an e-mail address's '@'; text without any of them
// renders the same with the extension and without it.
bool has_autolink_candidates(std::string_view markdown) {
    if (markdown.find('@') != std::string_view::npos || markdown.find("://") != std::string_view::npos) return true;
    const auto is_w = [](char c) { return (c | 0x20) == 'w'; };  // 'w' or 'W'
    for (auto dot = markdown.find('.', 3); dot != std::string_view::npos; dot = markdown.find('.', dot + 1))
        if (is_w(markdown[dot - 1]) && is_w(markdown[dot - 2]) && is_w(markdown[dot - 3])) return true;
    return false;
}

Document render(std::string_view markdown, const Options& options, support::Diagnostics& diagnostics) {
    if (const auto finding = check_input(markdown)) {  // cmark-gfm would take too long, or nest too deep
        auto position = support::position_at(markdown, finding->offset);
        position.line += options.first_line - 1;
        diagnostics.error(options.path, position, finding->message);
        return {};
    }
    return Renderer(markdown, options, diagnostics).run();
}

std::string library_version() { return std::string("cmark-gfm ") + cmark_version_string(); }

std::string fill_links(std::string_view html, const std::vector<std::string>& hrefs) {
    // Placeholders are found by their ':', which is rare in HTML: find() would
    // stop at every 'h' of the text.
    constexpr std::size_t kColon = kPlaceholder.find(':');
    const auto next_placeholder = [html](std::size_t from) {
        for (auto colon = html.find(':', from + kColon); colon != std::string_view::npos;
             colon = html.find(':', colon + 1))
            if (html.substr(colon - kColon).starts_with(kPlaceholder)) return colon - kColon;
        return std::string_view::npos;
    };
    std::string out;
    out.reserve(html.size());
    std::size_t from = 0;
    for (std::size_t at = next_placeholder(0); at != std::string_view::npos; at = next_placeholder(from)) {
        out.append(html.substr(from, at - from));
        std::size_t end = at + kPlaceholder.size();
        std::size_t index = 0;
        while (end < html.size() && html[end] >= '0' && html[end] <= '9') index = index * 10 + static_cast<std::size_t>(html[end++] - '0');
        if (end < html.size() && html[end] == '/' && index < hrefs.size()) {
            out += hrefs[index];
            from = end + 1;
        } else {
            out.append(html.substr(at, end - at));
            from = end;
        }
    }
    out.append(html.substr(from));
    return out;
}

}  // namespace healthsite::markdown
