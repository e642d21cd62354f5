#include "generator/output/output.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

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

// The paths a file lists one per line under its header line: none when the
// file is missing or starts with another header. A line that is not a safe
// relative path is skipped.
std::vector<std::string> read_listing(const fs::path& file, std::string_view header) {
    const auto read = support::read_file(file);
    std::vector<std::string> out;
    if (!read.text) return out;
    const std::string_view text = *read.text;
    const std::size_t first_end = std::min(text.find('\n'), text.size());
    if (text.empty() || text.substr(0, first_end) != header) return out;
    for (std::size_t start = first_end + 1; start < text.size();) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        const std::string_view line = text.substr(start, end - start);
        if (safe_relative_path(line)) out.emplace_back(line);
        start = end + 1;
    }
    return out;
}

}  // namespace

std::vector<std::string> read_manifest(const fs::path& output_dir) {
    return read_listing(output_dir / kManifestName, kManifestHeader);
}

std::size_t prune(const fs::path& output_dir, const std::vector<std::string>& paths) {
    return prune(output_dir, paths, read_manifest(output_dir));
}

namespace {

// Paths sorted, as views into the caller's strings: for looking paths up
// without a set of ten thousand copies.
std::vector<std::string_view> sorted_views(const std::vector<std::string>& paths) {
    std::vector<std::string_view> sorted(paths.begin(), paths.end());
    // The manifest is written sorted: checking is a tenth of sorting again.
    if (!std::is_sorted(sorted.begin(), sorted.end())) std::sort(sorted.begin(), sorted.end());
    return sorted;
}

bool contains(const std::vector<std::string_view>& sorted, std::string_view path) {
    return std::binary_search(sorted.begin(), sorted.end(), path);
}

// Removes the listed paths that are not current; returns those it removed.
// Both lists are sorted, so they are walked side by side.
std::vector<std::string> prune_sorted(const fs::path& output_dir, const std::vector<std::string_view>& current,
                                      const std::vector<std::string_view>& listed) {
    std::vector<std::string> removed;
    auto next_current = current.begin();
    for (const auto old : listed) {
        while (next_current != current.end() && *next_current < old) ++next_current;
        if (next_current != current.end() && *next_current == old) continue;
        std::error_code ec;
        if (fs::remove(output_dir / old, ec)) removed.emplace_back(old);
        remove_empty_parents(output_dir, (output_dir / old).parent_path());
    }
    return removed;
}

}  // namespace

std::size_t prune(const fs::path& output_dir, const std::vector<std::string>& paths,
                  const std::vector<std::string>& listed) {
    return prune_sorted(output_dir, sorted_views(paths), sorted_views(listed)).size();
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

namespace healthsite::output {

namespace {

constexpr std::string_view kStagingName = ".healthsite-staging";
constexpr std::string_view kJournalName = ".healthsite-journal";
constexpr std::string_view kJournalHeader = "healthsite journal 1";

std::vector<std::string> read_journal(const fs::path& output_dir) {
    return read_listing(output_dir / kJournalName, kJournalHeader);
}

// A staged top-level folder that the output does not have yet moves in one
// rename (the whole site, on a first build) rather than file by file.
bool move_new_folder(const fs::path& output_dir, const fs::path& staging, const std::string& folder) {
    std::error_code ec;
    if (fs::exists(fs::symlink_status(output_dir / folder, ec)) || !fs::is_directory(staging / folder, ec)) return false;
    fs::rename(staging / folder, output_dir / folder, ec);
    return !ec;
}

std::string move_file(const fs::path& output_dir, const fs::path& staging, const std::string& path) {
    std::error_code ec;
    fs::rename(staging / path, output_dir / path, ec);  // the usual case: nothing in the way
    if (!ec) return {};
    if (!fs::exists(staging / path, ec)) return {};  // moved before an interruption
    fs::create_directories((output_dir / path).parent_path(), ec);
    if (fs::is_directory(output_dir / path, ec)) fs::remove_all(output_dir / path, ec);
    fs::rename(staging / path, output_dir / path, ec);
    return ec ? "cannot move " + path + " into " + output_dir.string() + ": " + ec.message() : std::string();
}

// Moves each staged file over its output; returns the first error, if any.
std::string move_into_place(const fs::path& output_dir, const fs::path& staging, const std::vector<std::string>& paths) {
    std::set<std::string> moved_folders;
    for (const auto& path : paths) {
        const auto slash = path.find('/');
        if (slash != std::string::npos) {
            const std::string folder = path.substr(0, slash);
            if (moved_folders.count(folder)) continue;
            if (move_new_folder(output_dir, staging, folder)) {
                moved_folders.insert(folder);
                continue;
            }
        }
        if (auto error = move_file(output_dir, staging, path); !error.empty()) return error;
    }
    return {};
}

}  // namespace

Transaction::Transaction(fs::path output_dir) : output_(std::move(output_dir)), staging_(output_ / kStagingName) {
    std::error_code ec;
    output_was_empty_ = !fs::exists(output_, ec) || fs::is_empty(output_, ec);
}

Transaction::~Transaction() {
    if (committed_) return;
    std::error_code ec;
    fs::remove_all(staging_, ec);
}

void Transaction::recover(const fs::path& output_dir) {
    const auto journaled = read_journal(output_dir);
    std::error_code ec;
    if (!journaled.empty()) (void)move_into_place(output_dir, output_dir / kStagingName, journaled);
    fs::remove(output_dir / kJournalName, ec);
    fs::remove_all(output_dir / kStagingName, ec);
}

support::WriteOutcome Transaction::stage(const std::string& path, std::string_view bytes, std::string& error) {
    return stage(path, support::Pieces{bytes}, error);
}

support::WriteOutcome Transaction::stage(const std::string& path, const support::Pieces& pieces, std::string& error,
                                         std::int64_t* modified_ns) {
    if (!output_was_empty_ && support::file_holds(output_ / path, pieces, modified_ns))
        return support::WriteOutcome::unchanged;
    error = support::write_new_file(staging_ / path, pieces, modified_ns);
    if (!error.empty()) return support::WriteOutcome::failed;
    std::lock_guard lock(mutex_);
    staged_.push_back(path);
    return support::WriteOutcome::written;
}

// A file that is not ours where a folder must go would stop the commit half
// way, so it is found before anything moves. `ours` is sorted.
// Each folder is looked at once: ten thousand pages share "articles/".
static std::string first_blocked_path(const fs::path& output, const std::vector<std::string>& staged,
                                      const std::vector<std::string_view>& ours) {
    std::unordered_map<std::string, bool> is_folder;  // a folder seen, and whether it exists
    for (const auto& path : staged) {
        fs::path parent;
        for (const auto& part : fs::path(path).parent_path()) {
            parent /= part;
            auto [known, added] = is_folder.try_emplace(parent.generic_string(), false);
            if (!added && !known->second) break;
            if (!added) continue;
            std::error_code ec;
            const auto status = fs::symlink_status(output / parent, ec);
            if (ec || !fs::exists(status)) break;
            if (!fs::is_directory(status) && !contains(ours, known->first)) return known->first;
            known->second = true;
        }
    }
    return {};
}

Committed Transaction::commit(const std::vector<std::string>& paths, support::Diagnostics& diagnostics) {
    std::sort(staged_.begin(), staged_.end());
    const auto previous = read_manifest(output_);
    const auto previous_sorted = sorted_views(previous);
    const auto current = sorted_views(paths);
    if (const auto blocked = first_blocked_path(output_, staged_, previous_sorted); !blocked.empty()) {
        diagnostics.error((output_ / blocked).string(), {},
                          "a file that healthsite did not write is where a folder of the site must go; move it away",
                          support::Category::io);
        return {};
    }
    std::string journal(kJournalHeader);
    journal += '\n';
    for (const auto& path : staged_) journal += path + '\n';
    if (auto error = support::write_file_atomically(output_ / kJournalName, journal); !error.empty()) {
        diagnostics.error((output_ / kJournalName).string(), {}, error, support::Category::io);
        return {};
    }
    auto removed = prune_sorted(output_, current, previous_sorted);
    if (auto error = move_into_place(output_, staging_, staged_); !error.empty())
        diagnostics.error(output_.string(), {}, error, support::Category::io);
    // The manifest lists the paths sorted: the same paths make the same file.
    if (current != previous_sorted) write_manifest(output_, paths, diagnostics);
    std::error_code ec;
    fs::remove(output_ / kJournalName, ec);
    fs::remove_all(staging_, ec);
    committed_ = true;
    return {std::move(staged_), std::move(removed)};
}

}  // namespace healthsite::output

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace healthsite::output {

std::optional<Lock> Lock::try_acquire(const fs::path& lock_file) {
    std::error_code ec;
    fs::create_directories(lock_file.parent_path(), ec);
    const int fd = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return std::nullopt;
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd);
        return std::nullopt;
    }
    return Lock(fd);
}

Lock::~Lock() {
    if (fd_ >= 0) ::close(fd_);  // closing drops the lock
}

}  // namespace healthsite::output
