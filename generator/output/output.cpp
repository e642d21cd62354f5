#include "generator/output/output.hpp"

#include <algorithm>
#include <set>
#include <sstream>

#include "generator/support/files.hpp"

namespace healthsite::output {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kManifestHeader = "healthsite manifest 1";

// A manifest line is trusted only if it stays inside the output folder.
bool safe_relative_path(std::string_view path) {
    if (path.empty() || path.front() == '/' || path.find('\\') != std::string_view::npos) return false;
    std::size_t start = 0;
    while (start <= path.size()) {
        const auto end = std::min(path.find('/', start), path.size());
        const auto part = path.substr(start, end - start);
        if (part.empty() || part == "." || part == "..") return false;
        start = end + 1;
    }
    return true;
}

// Removes now-empty folders from dir up to (not including) root.
void remove_empty_parents(const fs::path& root, fs::path dir) {
    std::error_code ec;
    while (dir != root && dir.string().size() > root.string().size() && fs::is_empty(dir, ec) && !ec) {
        fs::remove(dir, ec);
        dir = dir.parent_path();
    }
}

std::string manifest_text(const std::vector<File>& files) {
    std::vector<std::string> paths;
    for (const auto& f : files) paths.push_back(f.path);
    std::sort(paths.begin(), paths.end());
    std::string out(kManifestHeader);
    out += '\n';
    for (const auto& p : paths) out += p + '\n';
    return out;
}

}  // namespace

std::vector<std::string> read_manifest(const fs::path& output_dir) {
    const auto read = support::read_file(output_dir / kManifestName);
    if (!read.text) return {};
    std::istringstream in(*read.text);
    std::string line;
    if (!std::getline(in, line) || line != kManifestHeader) return {};
    std::vector<std::string> out;
    while (std::getline(in, line))
        if (safe_relative_path(line)) out.push_back(line);
    return out;
}

std::size_t prune(const fs::path& output_dir, const std::vector<std::string>& paths) {
    const std::set<std::string> current(paths.begin(), paths.end());
    std::size_t removed = 0;
    for (const auto& old : read_manifest(output_dir)) {
        if (current.count(old)) continue;
        std::error_code ec;
        if (fs::remove(output_dir / old, ec)) ++removed;
        remove_empty_parents(output_dir, (output_dir / old).parent_path());
    }
    return removed;
}

void write_manifest(const fs::path& output_dir, const std::vector<std::string>& paths, support::Diagnostics& diagnostics) {
    std::vector<File> listed;
    for (const auto& path : paths) listed.push_back({path, {}});
    std::string error;
    if (support::write_if_changed(output_dir / kManifestName, manifest_text(listed), error) == support::WriteOutcome::failed)
        diagnostics.error((output_dir / kManifestName).string(), {}, error, support::Category::io);
}

Stats write_site(const fs::path& output_dir, const std::vector<File>& files, support::Diagnostics& diagnostics) {
    Stats stats;
    std::vector<std::string> paths;
    for (const auto& file : files) paths.push_back(file.path);
    stats.removed = prune(output_dir, paths);
    for (const auto& file : files) {
        std::string error;
        const auto outcome = support::write_if_changed(output_dir / file.path, file.bytes, error);
        if (outcome == support::WriteOutcome::failed) {
            diagnostics.error((output_dir / file.path).string(), {}, error, support::Category::io);
            break;
        }
        ++(outcome == support::WriteOutcome::written ? stats.written : stats.unchanged);
    }
    write_manifest(output_dir, paths, diagnostics);
    return stats;
}

std::size_t clean(const fs::path& output_dir, support::Diagnostics& diagnostics) {
    std::size_t removed = 0;
    for (const auto& path : read_manifest(output_dir)) {
        std::error_code ec;
        if (fs::remove(output_dir / path, ec)) ++removed;
        if (ec) diagnostics.error((output_dir / path).string(), {}, "cannot remove: " + ec.message(), support::Category::io);
        remove_empty_parents(output_dir, (output_dir / path).parent_path());
    }
    std::error_code ec;
    fs::remove(output_dir / kManifestName, ec);
    return removed;
}

}  // namespace healthsite::output
