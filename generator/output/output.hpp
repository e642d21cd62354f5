#pragma once
// Writes the site: only files whose bytes changed, a manifest of everything
// the generator wrote, and removal of its own stale outputs (never a file it
// did not write, such as CNAME or .git).
#include <filesystem>
#include <mutex>
#include <optional>
#include <utility>
#include <string>
#include <vector>

#include "generator/support/diagnostics.hpp"
#include "generator/support/files.hpp"

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
// The same, given what the manifest listed (read_manifest()).
[[nodiscard]] std::size_t prune(const std::filesystem::path& output_dir, const std::vector<std::string>& paths,
                                const std::vector<std::string>& listed);

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

namespace healthsite::output {

// What a commit changed in the output folder, paths relative to it, sorted.
struct Committed {
    std::vector<std::string> written;
    std::vector<std::string> removed;
};

// The changes of one build, staged in a folder inside the output and then
// moved into place together, so that a build that fails or is stopped part
// way leaves the previous output exactly as it was. A journal written just
// before the moves lets the next build finish a commit that was cut short.
class Transaction {
public:
    explicit Transaction(std::filesystem::path output_dir);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    // Finishes a commit a killed build left journaled, or removes a staging
    // folder it left without one. Call before anything else touches the output.
    static void recover(const std::filesystem::path& output_dir);

    // Stages bytes for path, unless the output already holds exactly them.
    // Safe to call from several threads for different paths. When given,
    // modified_ns gets the modification time the file will have in the
    // output (moving it into place keeps it).
    [[nodiscard]] support::WriteOutcome stage(const std::string& path, std::string_view bytes, std::string& error);
    [[nodiscard]] support::WriteOutcome stage(const std::string& path, const support::Pieces& pieces, std::string& error,
                                              std::int64_t* modified_ns = nullptr);

    // Removes stale outputs, moves the staged files into place and writes the
    // manifest of paths. Returns what it wrote and removed.
    Committed commit(const std::vector<std::string>& paths, support::Diagnostics& diagnostics);

private:
    std::filesystem::path output_;
    std::filesystem::path staging_;
    std::mutex mutex_;
    std::vector<std::string> staged_;
    bool committed_ = false;
    // Nothing was in the output folder when the build began (a first or
    // clean build): no file there can already hold a staged file's bytes.
    bool output_was_empty_ = false;
};

}  // namespace healthsite::output

namespace healthsite::output {

// Only one build may write an output folder at a time. Held while the
// object lives; the operating system drops it if the process dies.
class Lock {
public:
    // Nullopt when another build holds the lock (or it cannot be created).
    [[nodiscard]] static std::optional<Lock> try_acquire(const std::filesystem::path& lock_file);
    Lock(Lock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    Lock& operator=(Lock&& other) noexcept {
        std::swap(fd_, other.fd_);
        return *this;
    }
    Lock(const Lock&) = delete;
    ~Lock();

private:
    explicit Lock(int fd) : fd_(fd) {}
    int fd_ = -1;
};

}  // namespace healthsite::output
