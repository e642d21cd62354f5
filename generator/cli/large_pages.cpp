#include "generator/cli/large_pages.hpp"

#include <sys/mman.h>

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

// An edit's rebuild of a large site fills tens of megabytes of heap, each
// page touched about once: in 4 KiB pages, a one-page edit of a 10,000-page
// site took 10,800 page faults, a fifth of its time (bench/README.md). Most
// of that heap is the main thread's first mapping (mimalloc's first 32 MiB
// segment), made while the libraries started, before main(). Advised to use
// 2 MiB pages, the same edit takes about 3,800 faults. Only that mapping: the
// worker threads' heaps in a full build would each round up to 2 MiB pages
// and raise its peak memory by a seventh. Where the kernel has no huge pages
// to give, the advice does nothing. A mapping of more than a gigabyte is
// not a heap of this kind (a sanitizer's allocator reserves terabytes), and is
// left alone.
void prefer_large_pages() {
    constexpr std::uintptr_t kLargestHeap = std::uintptr_t{1} << 30;
    void* probe = std::malloc(1);
    const Range heap = mapping_of(probe);
    std::free(probe);
    if (heap.end > heap.begin && heap.end - heap.begin <= kLargestHeap)
        ::madvise(reinterpret_cast<void*>(heap.begin), heap.end - heap.begin, MADV_HUGEPAGE);
}

}  // namespace healthsite::cli
