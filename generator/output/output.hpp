#pragma once
// Writes the site: only files whose bytes changed, a manifest of everything
// the generator wrote, and removal of its own stale outputs (never a file it
// did not write, such as CNAME or .git).
#include <filesystem>
#include <string>
#include <vector>

#include "generator/support/diagnostics.hpp"

namespace healthsite::output {

inline constexpr std::string_view kManifestName = ".healthsite-manifest";

struct File {
    std::string path;  // relative to the output folder, '/'-separated
    std::string bytes;
};

struct Stats {
    std::size_t written = 0;
    std::size_t unchanged = 0;
    std::size_t removed = 0;
};

// The files the last build wrote, from the manifest; empty when there is none.
[[nodiscard]] std::vector<std::string> read_manifest(const std::filesystem::path& output_dir);

// Removes the files the last manifest listed that are not in paths, and the
// folders that leaves empty. Done before writing, so that a stale file never
// stands in the way of a new folder of the same name. Returns the count.
[[nodiscard]] std::size_t prune(const std::filesystem::path& output_dir, const std::vector<std::string>& paths);

// Writes the manifest of paths, only when it changed.
void write_manifest(const std::filesystem::path& output_dir, const std::vector<std::string>& paths,
                    support::Diagnostics& diagnostics);

// Prunes, writes every file (changed bytes only), then writes the manifest;
// after a failed write the manifest still lists every file of this build.
[[nodiscard]] Stats write_site(const std::filesystem::path& output_dir, const std::vector<File>& files,
                               support::Diagnostics& diagnostics);

// Removes what the manifest lists, then the manifest; returns the count.
[[nodiscard]] std::size_t clean(const std::filesystem::path& output_dir, support::Diagnostics& diagnostics);

}  // namespace healthsite::output
