#include "generator/cli/large_pages.hpp"

#include <sys/mman.h>

#if defined(HEALTHSITE_WITH_MIMALLOC)
#include <mimalloc.h>
#endif

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>

namespace healthsite::cli {

namespace {

struct Range {
    std::uintptr_t begin = 0;
    std::uintptr_t end = 0;
};

// The mapping that holds `address`, from /proc/self/maps; empty if none.
Range mapping_of(const void* address) {
    const auto wanted = reinterpret_cast<std::uintptr_t>(address);
    const std::unique_ptr<FILE, int (*)(FILE*)> maps(std::fopen("/proc/self/maps", "re"), &std::fclose);
    if (!maps) return {};
    char line[512];
    while (std::fgets(line, sizeof line, maps.get()) != nullptr) {
        unsigned long long begin = 0;
        unsigned long long end = 0;
        if (std::sscanf(line, "%llx-%llx", &begin, &end) == 2 && begin <= wanted && wanted < end)
            return {static_cast<std::uintptr_t>(begin), static_cast<std::uintptr_t>(end)};
    }
    return {};
}

}  // namespace

// A large build touches a heap of 150 MB or more, page after page, and
// reads each page's data again in a later stage: in 4 KiB pages that is
// 40,000 page faults, and more misses of the processor's page-table cache
// than it has entries for, each a walk of the tables (two on a virtual
// machine). In 2 MiB pages a clean build of 10,000 pages took about 10%
// less time and CPU, for 15-20 MB more peak memory (bench/README.md). Two
// steps:
// - mimalloc, when the program allocates with it, is asked to map every
//   heap it makes from here on (each thread's, and each as it grows) in
//   2 MiB pages where the kernel has them to give;
// - the main thread's first mapping (mimalloc's first segment, or the C
//   library's heap), made while the libraries started, before main(), is
//   advised to use them as it is. An edit's rebuild fills tens of megabytes
//   of it: in 4 KiB pages, a one-page edit of a 10,000-page site took 10,800
//   page faults, a fifth of its time; advised, about 3,800.
// Where the kernel has no huge pages to give, both do nothing. A mapping of
// more than a gigabyte is not a heap of this kind (a sanitizer's allocator
// reserves terabytes), and is left alone.
void prefer_large_pages() {
#if defined(HEALTHSITE_WITH_MIMALLOC)
    mi_option_enable(mi_option_large_os_pages);
#endif
    constexpr std::uintptr_t kLargestHeap = std::uintptr_t{1} << 30;
    void* probe = std::malloc(1);
    const Range heap = mapping_of(probe);
    std::free(probe);
    if (heap.end > heap.begin && heap.end - heap.begin <= kLargestHeap)
        ::madvise(reinterpret_cast<void*>(heap.begin), heap.end - heap.begin, MADV_HUGEPAGE);
}

}  // namespace healthsite::cli
