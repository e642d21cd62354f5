#pragma once
// Memory for cmark-gfm's parser and tree, taken back all at once when a page
// is done (see arena.cpp).
#include <cmark-gfm.h>

namespace healthsite::markdown {

// While a PageMemory lives, allocator() hands out memory from blocks this
// thread keeps from page to page; when it goes, everything handed out since
// it was made is taken back together. Whatever was made with allocator() (a
// parser, its tree, a rendering of it) must be gone or copied out by then.
class PageMemory {
public:
    PageMemory();
    ~PageMemory();
    PageMemory(const PageMemory&) = delete;
    PageMemory& operator=(const PageMemory&) = delete;

    // The allocator to give cmark-gfm for this page's parser and nodes.
    [[nodiscard]] static cmark_mem* allocator();
};

}  // namespace healthsite::markdown
