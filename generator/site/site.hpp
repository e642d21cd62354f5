#pragma once
// The build: runs the stages in order. The only module that knows the order.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "generator/support/diagnostics.hpp"

namespace healthsite::site {

struct BuildOptions {
    std::filesystem::path source = ".";
    std::optional<std::filesystem::path> output;  // default: output_dir from site.toml, inside source
    std::optional<std::string> base_url;
    bool drafts = false;
    bool strict = false;   // warnings count as errors
    bool offline = false;  // links end in index.html, for file://
    bool explain = false;  // say why each output was rebuilt
    bool incremental = true;  // reuse the build state of the last build
    unsigned jobs = 0;     // 0: one per core
    // Set from another thread (on Ctrl+C) to stop the build before it
    // changes the output; nothing is written then.
    const std::atomic<bool>* cancel = nullptr;
    // Identifies the generator's own code (the CLI passes a hash of its
    // executable): a different generator may render the same input
    // differently, so nothing built by another one is reused.
    std::string generator_id;
    // Hand the build's memory to the report (BuildReport::retained) instead
    // of freeing it: for a caller about to exit, which gets it back from the
    // system at once. A large site's pages are a million small objects.
    bool keep_memory = false;
};

// What one page measured, for `healthsite check`.
struct PageReport {
    std::string path;  // display path
    std::string title;
    double grade = 0;
    std::size_t words = 0;
    bool is_cause = false;
    std::size_t references = 0;
    std::string reviewed_by;
    std::string last_reviewed;  // ISO date or ""
    std::string next_review;    // ISO date or ""
    support::Position last_reviewed_at;  // where each date is in the file
    support::Position next_review_at;
};

struct BuildReport {
    support::Diagnostics diagnostics;
    std::filesystem::path output_dir;
    std::size_t pages = 0;
    std::size_t written = 0;
    std::size_t unchanged = 0;
    std::size_t removed = 0;
    std::vector<std::string> changed_files;  // written or removed, relative to the output folder, sorted
    double max_grade = 8;
    std::vector<PageReport> page_reports;
    std::vector<std::string> explanations;  // with --explain: "path: reason"
    std::vector<std::pair<std::string, std::chrono::milliseconds>> stage_times;  // how long each stage took
    std::size_t parsed = 0;    // Markdown files parsed (the rest came from the build state)
    std::size_t rendered = 0;  // outputs rendered from templates
    bool cancelled = false;    // stopped by options.cancel before changing the output
    std::chrono::milliseconds elapsed{0};
    std::shared_ptr<void> retained;  // the build's memory, with BuildOptions::keep_memory

    [[nodiscard]] bool failed(bool strict) const {
        return diagnostics.has_errors() || (strict && diagnostics.warning_count() > 0);
    }
};

// Builds the site into the output folder. On any error nothing is written.
[[nodiscard]] BuildReport build(const BuildOptions& options);

// Runs every stage but writes nothing; fills page_reports.
[[nodiscard]] BuildReport check(const BuildOptions& options);

// Where the build state for an output folder is kept: in the site's folder,
// under .healthsite-cache/, one file per output folder.
[[nodiscard]] std::filesystem::path state_file(const std::filesystem::path& source,
                                               const std::filesystem::path& output_dir);

}  // namespace healthsite::site
