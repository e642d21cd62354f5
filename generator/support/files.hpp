#pragma once
// File system access used by every stage. Errors come back as values so that
// callers can turn them into diagnostics with a path.
#include <cstdint>
#include <ctime>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace healthsite::support {

namespace fs = std::filesystem;

struct ReadResult {
    std::optional<std::string> text;
    std::string error;           // set when text is empty
    std::uintmax_t too_big = 0;  // the file's size, when it is over the limit
};

// Reads a whole file. With a limit, a regular file larger than that is not
// read: text is empty and too_big its size. size_seen is the size the file
// had when it was last looked at, if known: a file that still has it is read
// in one call, without asking its size again.
[[nodiscard]] ReadResult read_file(const fs::path& path, std::uintmax_t limit = UINTMAX_MAX,
                                   std::optional<std::uintmax_t> size_seen = std::nullopt);

// A folder's absolute path for messages: "/site/content", never
// "/site/content/" or "/site/content/." (as "." would become).
[[nodiscard]] fs::path absolute_folder(const fs::path& folder);

// A file's bytes mapped read-only into memory rather than copied: for the
// build state, tens of megabytes of which a build reads only a part. Files
// are replaced by renaming a new one into place, never rewritten in place,
// so the bytes stay as they were for as long as the mapping lives.
class MappedFile {
public:
    // Nullopt (with error set) when the file cannot be opened or mapped.
    [[nodiscard]] static std::optional<MappedFile> open(const fs::path& path, std::string& error);
    MappedFile(MappedFile&& other) noexcept;
    MappedFile& operator=(MappedFile&& other) noexcept;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    ~MappedFile();
    [[nodiscard]] std::string_view bytes() const { return {data_, size_}; }

private:
    MappedFile(const char* data, std::size_t size) : data_(data), size_(size) {}
    const char* data_ = nullptr;
    std::size_t size_ = 0;
};

// Writes bytes through a temporary file renamed into place, so a reader never
// sees half a file. Returns an error message, or an empty string on success.
[[nodiscard]] std::string write_file_atomically(const fs::path& path, std::string_view bytes);

// A file's bytes given as pieces to be written one after another, for files
// too large to join in memory first.
using Pieces = std::vector<std::string_view>;

// A file time from stat() (st_mtim, st_ctim) in nanoseconds since 1970.
[[nodiscard]] inline std::int64_t nanoseconds(const timespec& time) {
    return static_cast<std::int64_t>(time.tv_sec) * 1'000'000'000 + time.tv_nsec;
}

// Writes bytes to path, creating its folders when they are missing. Not
// atomic: for files nobody reads before they are complete, such as a build's
// staged outputs. Returns an error message, or an empty string. When
// modified_ns is given, it gets the file's modification time as written.
[[nodiscard]] std::string write_new_file(const fs::path& path, const Pieces& pieces,
                                         std::int64_t* modified_ns = nullptr);
[[nodiscard]] std::string write_new_file(const fs::path& path, std::string_view bytes);

// True when the file at path holds exactly these bytes; read a piece at a
// time, never whole. When it does and modified_ns is given, it gets the
// file's modification time.
[[nodiscard]] bool file_holds(const fs::path& path, const Pieces& pieces, std::int64_t* modified_ns = nullptr);

// The same for a file too large to hold at once: produce() is handed a sink
// and passes it the file's bytes piece by piece.
using ByteSink = std::function<void(std::string_view)>;
[[nodiscard]] std::string write_file_atomically(const fs::path& path,
                                                const std::function<void(const ByteSink&)>& produce);

enum class WriteOutcome { unchanged, written, failed };

// Writes only when the bytes differ from what is on disk, so an unchanged file
// keeps its modification time.
[[nodiscard]] WriteOutcome write_if_changed(const fs::path& path, std::string_view bytes, std::string& error);

// Regular files under root, as '/'-separated paths relative to root, sorted
// byte-wise: the same list whatever order the directory gives. Hidden files
// and folders (but .well-known), editors' backup and lock files ("#x#",
// "x~") and Thumbs.db are left out.
// Entries that are symbolic links are listed as what they point to; when
// symlinks is given, their paths are also added to it, so callers can refuse
// links that lead out of root. When folders is given, it gets every folder
// listed (see ListedFolder), sorted by path.
struct ListedFolder {
    std::string path;  // relative to root; "" for root itself
    // How the folder looked just before it was read: adding, removing or
    // renaming an entry changes its modification time.
    std::int64_t mtime_ns = 0;
    std::uint64_t size = 0;
    std::int64_t ctime_ns = 0;
};
[[nodiscard]] std::vector<std::string> list_files(const fs::path& root, std::vector<std::string>* symlinks = nullptr,
                                                  std::vector<ListedFolder>* folders = nullptr);

}  // namespace healthsite::support
