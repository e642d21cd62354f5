#include "generator/markdown/parse.hpp"

#include <condition_variable>
#include <initializer_list>
#include <memory>
#include <mutex>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <dlfcn.h>

// cmark-gfm 0.29 keeps the special characters of its inline extensions ('~'
// for strikethrough; ':', 'w' and, in some versions, '@' for autolinks) in
// one process-wide table. Each cmark_parser_finish() adds its parser's
// characters through cmark_manage_extensions_special_characters(parser, 1)
// and removes them again through (parser, 0) when it is done, so a parse that
// finishes while another is still reading its inlines takes the characters
// away from it: that parse then misses strikethrough and autolinks.
//
// The library calls that function through its procedure linkage table, so
// the definition below, in the executable, is the one it calls, and the table
// is managed here instead:
//
// - A first parse with every extension attached fills it through the
//   library's own function.
// - Autolinks' characters cost every parse that has them in its table: the
//   parser stops at each 'w' and ':' of the text to ask whether an address
//   starts there, and splits the text there. They are taken out while pages
//   without addresses parse, and put back for pages with them. Parses of one
//   kind run side by side; a parse of the other kind waits until they are
//   done (see CharacterLease).
//
// Should the library ever call its own copy instead (a build that binds its
// symbols locally), the hook never runs and parses run one at a time, each
// with its own parser's characters.

namespace {

using ManageFunction = void (*)(cmark_parser*, int);

struct ParserDeleter {
    void operator()(cmark_parser* parser) const { cmark_parser_free(parser); }
};

struct SpecialCharacterTable {
    std::once_flag probed;
    ManageFunction library = nullptr;  // the library's own function
    bool hooked = false;               // the library calls the function below; set once, in the probe
    std::unique_ptr<cmark_parser, ParserDeleter> autolink_only;  // to add and remove autolinks' characters
    std::mutex mutex;
    std::condition_variable idle;
    bool autolink_characters = false;  // in the table now
    int running = 0;                   // parses under the table as it is now
    std::mutex one_at_a_time;          // for parses when not hooked
};

// The library's table is process-wide, so what guards it has to be too.
SpecialCharacterTable& table() {
    static SpecialCharacterTable instance;
    return instance;
}

cmark_syntax_extension* autolink_extension() { return cmark_find_syntax_extension("autolink"); }

bool has_autolinks(cmark_parser* parser) {
    const auto* autolink = autolink_extension();
    for (cmark_llist* it = cmark_parser_get_syntax_extensions(parser); it; it = it->next)
        if (it->data == autolink) return true;
    return false;
}

std::unique_ptr<cmark_parser, ParserDeleter> parser_with(const std::initializer_list<const char*> names) {
    std::unique_ptr<cmark_parser, ParserDeleter> parser(cmark_parser_new(CMARK_OPT_DEFAULT));
    for (const char* name : names)
        if (cmark_syntax_extension* extension = cmark_find_syntax_extension(name))
            cmark_parser_attach_syntax_extension(parser.get(), extension);
    return parser;
}

// The first parse in the process: every extension's characters go into the
// table, through the hook if the library calls it.
void probe(SpecialCharacterTable& t) {
    cmark_gfm_core_extensions_ensure_registered();
    const auto all = parser_with({"table", "strikethrough", "autolink", "tasklist", "tagfilter"});
    cmark_parser_feed(all.get(), "probe", 5);
    cmark_node_free(cmark_parser_finish(all.get()));
    if (t.hooked) t.autolink_only = parser_with({"autolink"});
}

// Holds the table with or without autolinks' characters for one parse.
class CharacterLease {
public:
    CharacterLease(SpecialCharacterTable& t, bool autolinks) : t_(t) {
        std::unique_lock lock(t_.mutex);
        t_.idle.wait(lock, [&] { return t_.autolink_characters == autolinks || t_.running == 0; });
        if (t_.autolink_characters != autolinks) {
            t_.library(t_.autolink_only.get(), autolinks ? 1 : 0);
            t_.autolink_characters = autolinks;
        }
        ++t_.running;
    }
    ~CharacterLease() {
        std::lock_guard lock(t_.mutex);
        if (--t_.running == 0) t_.idle.notify_all();
    }
    CharacterLease(const CharacterLease&) = delete;
    CharacterLease& operator=(const CharacterLease&) = delete;

private:
    SpecialCharacterTable& t_;
};

cmark_node* feed_and_finish(cmark_parser* parser, std::string_view markdown) {
    cmark_parser_feed(parser, markdown.data(), markdown.size());
    return cmark_parser_finish(parser);
}

}  // namespace

// Called by the library inside each cmark_parser_finish(). Only the probe's
// first call does anything: it fills the table, which parse_document manages
// from then on.
extern "C" void cmark_manage_extensions_special_characters(cmark_parser* parser, int add) {
    auto& t = table();
    if (t.hooked || !add) return;
    t.library = reinterpret_cast<ManageFunction>(dlsym(RTLD_NEXT, "cmark_manage_extensions_special_characters"));
    if (!t.library) return;
    t.library(parser, 1);
    t.autolink_characters = has_autolinks(parser);
    t.hooked = true;
}

namespace healthsite::markdown {

cmark_node* parse_document(cmark_parser* parser, std::string_view markdown) {
    auto& t = table();
    std::call_once(t.probed, [&] { probe(t); });
    if (!t.hooked) {
        std::lock_guard lock(t.one_at_a_time);
        return feed_and_finish(parser, markdown);
    }
    const CharacterLease lease(t, has_autolinks(parser));
    return feed_and_finish(parser, markdown);
}

}  // namespace healthsite::markdown
