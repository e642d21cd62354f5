#include "generator/markdown/parse.hpp"

#include <atomic>
#include <mutex>

#include <dlfcn.h>

// cmark-gfm 0.29 keeps the special characters of its inline extensions ('~'
// for strikethrough, ':' and 'w' for autolinks) in one process-wide table.
// Each cmark_parser_finish() adds them through
// cmark_manage_extensions_special_characters(parser, 1) and removes them
// again through (parser, 0) when it is done, so a parse that finishes while
// another is still reading its inlines takes the characters away from it:
// that parse then misses strikethrough and autolinks.
//
// Every parser here attaches the same extensions, so the table never needs
// to change once it is filled. The library calls that function through its
// procedure linkage table, so the definition below, in the executable, is
// the one it calls: the first call fills the table through the library's own
// function, and nothing empties it afterwards. Parses then run in parallel.
// Should the library ever call its own copy instead (a build that binds its
// symbols locally), the hook never runs and parses stay one at a time.

namespace {

using ManageFunction = void (*)(cmark_parser*, int);

struct SpecialCharacterTable {
    std::once_flag filled;
    std::atomic<bool> fixed{false};  // filled by the hook, and never emptied since
    std::mutex one_at_a_time;        // for parses while it is not fixed
};

// The library's table is process-wide, so what guards it has to be too.
SpecialCharacterTable& table() {
    static SpecialCharacterTable instance;
    return instance;
}

}  // namespace

extern "C" void cmark_manage_extensions_special_characters(cmark_parser* parser, int add) {
    if (!add) return;  // the table stays as it is
    auto& t = table();
    std::call_once(t.filled, [&] {
        const auto library = reinterpret_cast<ManageFunction>(dlsym(RTLD_NEXT, "cmark_manage_extensions_special_characters"));
        if (!library) return;
        library(parser, 1);
        t.fixed = true;
    });
}

namespace healthsite::markdown {

cmark_node* parse_document(cmark_parser* parser, std::string_view markdown) {
    auto& t = table();
    if (t.fixed) {
        cmark_parser_feed(parser, markdown.data(), markdown.size());
        return cmark_parser_finish(parser);
    }
    std::lock_guard lock(t.one_at_a_time);
    cmark_parser_feed(parser, markdown.data(), markdown.size());
    return cmark_parser_finish(parser);
}

}  // namespace healthsite::markdown
