#pragma once
// Runs fn(0) .. fn(count-1) on up to `jobs` threads. Each index runs exactly
// once; results go into slots the caller owns, so the outcome does not depend
// on which thread ran what.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace healthsite::support {

[[nodiscard]] inline unsigned default_jobs() { return std::max(1u, std::thread::hardware_concurrency()); }

template <typename PerThread, typename Fn>
void parallel_for(std::size_t count, unsigned jobs, PerThread make_state, Fn fn) {
    std::atomic<std::size_t> next{0};
    auto worker = [&]() {
        auto state = make_state();
        for (std::size_t i = next++; i < count; i = next++) fn(state, i);
    };
    const unsigned threads = static_cast<unsigned>(std::min<std::size_t>(std::max(1u, jobs), std::max<std::size_t>(count, 1)));
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
    for (auto& thread : pool) thread.join();
}

}  // namespace healthsite::support
