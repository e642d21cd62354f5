#include "generator/markdown/arena.hpp"

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <vector>

// cmark-gfm allocates each node, each text and each growing buffer of a page
// on its own, and frees them one by one when the tree goes: some 600
// allocations a page, and a walk of the whole tree to free them, about a
// twentieth of a build's work. Here they come from blocks that a thread keeps
// from page to page, one after another, and all go back at once.
//
// cmark_mem's functions get no pointer to the allocator they belong to, so
// they find it through the thread: each thread has one arena, and a page is
// parsed and rendered on one thread.

namespace healthsite::markdown {

namespace {

constexpr std::size_t kAlignment = alignof(std::max_align_t);
constexpr std::size_t kHeader = kAlignment;  // before each allocation: its size
constexpr std::size_t kBlockSize = 256 * 1024;
// What a thread keeps between pages; a very large page's blocks beyond it go
// back to the system when the page is done.
constexpr std::size_t kKeptBytes = 4 * kBlockSize;

[[noreturn]] void out_of_memory() {
    // As cmark-gfm's own allocator does: it has no way to report a failure.
    std::fputs("healthsite: out of memory while reading Markdown\n", stderr);
    std::abort();
}

std::size_t rounded_up(std::size_t size) { return (size + kAlignment - 1) / kAlignment * kAlignment; }

// Its blocks are zero wherever nothing is handed out: a new block is made
// zeroed, and what a page used is zeroed again, in one pass, when the page
// is done. An allocation then needs no clearing of its own: cmark-gfm asks
// for cleared memory hundreds of times a page, a few bytes at a time.
class Arena {
public:
    void* allocate(std::size_t size) {
        if (size > kLargest) out_of_memory();
        const std::size_t need = kHeader + rounded_up(size);
        if (static_cast<std::size_t>(end_ - next_) < need) next_block(need);
        std::byte* start = next_;
        next_ += need;
        std::memcpy(start, &size, sizeof size);
        last_ = start + kHeader;
        return last_;
    }

    void* allocate_zeroed(std::size_t count, std::size_t size) {
        std::size_t total = 0;
        // Checked by a multiplication: a division would cost more than the rest.
        if (__builtin_mul_overflow(count, size, &total)) out_of_memory();
        return allocate(total);
    }

    void* reallocate(void* memory, std::size_t size) {
        if (!memory) return allocate(size);
        auto* bytes = static_cast<std::byte*>(memory);
        std::size_t old_size = 0;
        std::memcpy(&old_size, bytes - kHeader, sizeof old_size);
        if (size <= old_size) return memory;
        // The buffer a parser or renderer is growing is nearly always the
        // allocation made last, and then it grows where it is.
        if (bytes == last_ && size <= kLargest && static_cast<std::size_t>(end_ - bytes) >= rounded_up(size)) {
            next_ = bytes + rounded_up(size);
            std::memcpy(bytes - kHeader, &size, sizeof size);
            return memory;
        }
        void* moved = allocate(size);
        std::memcpy(moved, memory, old_size);
        return moved;
    }

    void release_all() {
        if (blocks_.empty()) return;
        blocks_[current_].used = static_cast<std::size_t>(next_ - blocks_[current_].bytes.get());
        for (std::size_t i = 0; i <= current_; ++i) {
            std::memset(blocks_[i].bytes.get(), 0, blocks_[i].used);
            blocks_[i].used = 0;
        }
        std::size_t kept = 0;
        std::size_t count = 0;
        while (count < blocks_.size() && kept + blocks_[count].size <= kKeptBytes) kept += blocks_[count++].size;
        blocks_.resize(count);
        current_ = 0;
        next_ = end_ = last_ = nullptr;
        if (!blocks_.empty()) start_block();
    }

private:
    static constexpr std::size_t kLargest = SIZE_MAX / 4;

    struct Block {
        std::unique_ptr<std::byte[]> bytes;
        std::size_t size = 0;
        std::size_t used = 0;  // set once allocations have moved on to a later block
    };

    void start_block() {
        next_ = blocks_[current_].bytes.get();
        end_ = next_ + blocks_[current_].size;
    }

    [[gnu::noinline]] void next_block(std::size_t need) {
        if (next_) {
            blocks_[current_].used = static_cast<std::size_t>(next_ - blocks_[current_].bytes.get());
            ++current_;
        }
        if (current_ >= blocks_.size() || blocks_[current_].size < need) {
            const std::size_t size = need > kBlockSize ? need : kBlockSize;
            Block block{std::unique_ptr<std::byte[]>(new (std::nothrow) std::byte[size]()), size};
            if (!block.bytes) out_of_memory();
            blocks_.insert(blocks_.begin() + static_cast<std::ptrdiff_t>(current_), std::move(block));
        }
        start_block();
    }

    std::vector<Block> blocks_;
    std::size_t current_ = 0;     // the block allocations come from
    std::byte* next_ = nullptr;   // where in it the next one starts
    std::byte* end_ = nullptr;
    std::byte* last_ = nullptr;   // the allocation made last
};

// The state this module keeps outside its objects, because cmark_mem's
// functions take no context: each thread's arena, kept from page to page,
// and the arena of the page being read on this thread, if any. The second
// is a plain pointer, which costs an allocation nothing to find.
struct ThreadArena {
    Arena arena;
    int pages = 0;  // PageMemory objects alive on this thread
};

ThreadArena& this_threads_arena() {
    thread_local ThreadArena kept;
    return kept;
}

thread_local Arena* active = nullptr;

void* arena_calloc(std::size_t count, std::size_t size) { return active->allocate_zeroed(count, size); }
void* arena_realloc(void* memory, std::size_t size) { return active->reallocate(memory, size); }
void arena_free(void*) {}  // taken back with the page

}  // namespace

PageMemory::PageMemory() {
    ThreadArena& thread = this_threads_arena();
    ++thread.pages;
    active = &thread.arena;
}

PageMemory::~PageMemory() {
    ThreadArena& thread = this_threads_arena();
    if (--thread.pages > 0) return;
    thread.arena.release_all();
    active = nullptr;
}

cmark_mem* PageMemory::allocator() {
    static cmark_mem functions{arena_calloc, arena_realloc, arena_free};
    return &functions;
}

}  // namespace healthsite::markdown
