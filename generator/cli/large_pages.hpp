#pragma once

namespace healthsite::cli {

// Asks for the heap in 2 MiB pages where the allocator and the kernel allow
// it (see large_pages.cpp). Call first thing in main().
void prefer_large_pages();

}  // namespace healthsite::cli
