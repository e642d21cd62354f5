#include "generator/support/files.hpp"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <fstream>
#include <utility>

#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

namespace healthsite::support {

namespace {

// read() until the buffer is full or the file ends; -1 on an error.
ssize_t read_fully(int fd, char* buffer, std::size_t size) {
    std::size_t filled = 0;
    while (filled < size) {
        const ssize_t got = ::read(fd, buffer + filled, size - filled);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) return -1;
        if (got == 0) break;
        filled += static_cast<std::size_t>(got);
    }
    return static_cast<ssize_t>(filled);
}

// A file of the size it had when listed, read with one call: asked for a byte
// more than that, a regular file reads short only at its end. Anything else
// (a file that changed, an interrupted read, a file that cannot be read at an
// offset) is left to read_file's loop; pread leaves the file's offset where it
// was, so that loop starts from the beginning.
std::optional<std::string> read_at_size(int fd, std::uintmax_t size) {
    if (size >= SIZE_MAX) return std::nullopt;
    std::string text(static_cast<std::size_t>(size) + 1, '\0');
    ssize_t got = -1;
    do got = ::pread(fd, text.data(), text.size(), 0);
    while (got < 0 && errno == EINTR);
    if (got < 0 || static_cast<std::uintmax_t>(got) != size) return std::nullopt;
    text.resize(static_cast<std::size_t>(got));
    return text;
}

}  // namespace

// Read into a string of the file's size, then to the end in case it grew: the
// build state of a large site is tens of megabytes, which a stream would copy
// several times.
ReadResult read_file(const fs::path& path, std::uintmax_t limit, std::optional<std::uintmax_t> size_seen) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return {std::nullopt, std::string("cannot open file: ") + std::strerror(errno)};
    if (size_seen && *size_seen <= limit) {
        if (auto text = read_at_size(fd, *size_seen)) {
            ::close(fd);
            return {std::move(text), {}};
        }
    }
    struct stat info {};
    std::string text;
    if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode)) {
        if (static_cast<std::uintmax_t>(info.st_size) > limit) {
            ::close(fd);
            return {std::nullopt, "file too large", static_cast<std::uintmax_t>(info.st_size)};
        }
        text.resize(static_cast<std::size_t>(info.st_size));
    }
    ssize_t got = read_fully(fd, text.data(), text.size());
    if (got >= 0) text.resize(static_cast<std::size_t>(got));
    char more[65536];
    while (got >= 0 && (got = read_fully(fd, more, sizeof more)) > 0) text.append(more, static_cast<std::size_t>(got));
    const int error = errno;
    ::close(fd);
    if (got < 0) return {std::nullopt, std::string("cannot read file: ") + std::strerror(error)};
    return {std::move(text), {}};
}

fs::path absolute_folder(const fs::path& folder) {
    std::error_code ec;
    auto path = fs::absolute(folder, ec).lexically_normal();
    if (!path.has_filename() && path.has_relative_path()) path = path.parent_path();
    return path;
}

std::optional<MappedFile> MappedFile::open(const fs::path& path, std::string& error) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        error = std::string("cannot open file: ") + std::strerror(errno);
        return std::nullopt;
    }
    struct stat info {};
    std::optional<MappedFile> mapped;
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) error = "not a regular file";
    else if (info.st_size == 0) mapped = MappedFile(nullptr, 0);  // mmap refuses empty files
    else {
        // Not populated: a build reads only the records it uses.
        void* data = ::mmap(nullptr, static_cast<std::size_t>(info.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
        if (data == MAP_FAILED) error = std::string("cannot map file: ") + std::strerror(errno);
        else mapped = MappedFile(static_cast<const char*>(data), static_cast<std::size_t>(info.st_size));
    }
    ::close(fd);
    return mapped;
}

MappedFile::MappedFile(MappedFile&& other) noexcept : data_(other.data_), size_(other.size_) {
    other.data_ = nullptr;
    other.size_ = 0;
}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
    if (this != &other) {
        this->~MappedFile();
        data_ = std::exchange(other.data_, nullptr);
        size_ = std::exchange(other.size_, 0);
    }
    return *this;
}

MappedFile::~MappedFile() {
    if (data_) ::munmap(const_cast<char*>(data_), size_);
}

std::string write_file_atomically(const fs::path& path, std::string_view bytes) {
    return write_file_atomically(path, [&](const ByteSink& sink) { sink(bytes); });
}

std::string write_file_atomically(const fs::path& path, const std::function<void(const ByteSink&)>& produce) {
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec) return "cannot create folder " + path.parent_path().string() + ": " + ec.message();
    const fs::path temp = path.string() + ".tmp-" + std::to_string(::getpid());
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        produce([&](std::string_view bytes) { out.write(bytes.data(), static_cast<std::streamsize>(bytes.size())); });
        out.flush();
        if (!out) {
            fs::remove(temp, ec);
            return "cannot write " + path.string() + ": " + std::strerror(errno);
        }
    }
    fs::rename(temp, path, ec);
    if (ec) {
        fs::remove(temp, ec);
        return "cannot write " + path.string() + ": " + ec.message();
    }
    return {};
}

namespace {

int create_for_writing(const fs::path& path) {
    return ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
}

}  // namespace

namespace {

// Writes the pieces with writev(), up to IOV_MAX of them per call: the search
// index of a large site is ten thousand pieces, and a write() for each cost
// more than the bytes. False on an error (errno says which).
bool write_pieces(int fd, const Pieces& pieces) {
    std::size_t next = 0;  // the first piece not yet written whole
    std::size_t done = 0;  // how much of it is written
    std::vector<iovec> batch;
    while (true) {
        batch.clear();
        for (std::size_t i = next; i < pieces.size() && batch.size() < IOV_MAX; ++i) {
            const std::string_view rest = i == next ? pieces[i].substr(done) : pieces[i];
            if (!rest.empty()) batch.push_back({const_cast<char*>(rest.data()), rest.size()});
        }
        if (batch.empty()) return true;
        const ssize_t wrote = ::writev(fd, batch.data(), static_cast<int>(batch.size()));
        if (wrote < 0 && errno == EINTR) continue;
        if (wrote <= 0) return false;
        for (auto left = static_cast<std::size_t>(wrote); left > 0;) {
            const std::size_t rest = pieces[next].size() - done;
            if (left < rest) {
                done += left;
                break;
            }
            left -= rest;
            ++next;
            done = 0;
        }
    }
}

}  // namespace

std::string write_new_file(const fs::path& path, std::string_view bytes) { return write_new_file(path, Pieces{bytes}); }

std::string write_new_file(const fs::path& path, const Pieces& pieces, std::int64_t* modified_ns) {
    // Files go into a fresh staging folder, where a file's own folder (a
    // page's) is nearly always new: one mkdir first, and create_directories'
    // stat of every folder above only when a parent is missing too.
    const fs::path folder = path.parent_path();
    if (::mkdir(folder.c_str(), 0777) != 0 && errno == ENOENT) {
        std::error_code ec;
        fs::create_directories(folder, ec);
        if (ec) return "cannot create folder " + folder.string() + ": " + ec.message();
    }
    const int fd = create_for_writing(path);
    if (fd < 0) return "cannot write " + path.string() + ": " + std::strerror(errno);
    struct stat info {};
    if (!write_pieces(fd, pieces) || (modified_ns && ::fstat(fd, &info) != 0)) {
        const std::string error = "cannot write " + path.string() + ": " + std::strerror(errno);
        ::close(fd);
        return error;
    }
    if (::close(fd) != 0) return "cannot write " + path.string() + ": " + std::strerror(errno);
    if (modified_ns) *modified_ns = nanoseconds(info.st_mtim);
    return {};
}

bool file_holds(const fs::path& path, const Pieces& pieces, std::int64_t* modified_ns) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    struct stat info {};
    std::size_t total = 0;
    for (const auto piece : pieces) total += piece.size();
    bool same = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && static_cast<std::size_t>(info.st_size) == total;
    char buffer[65536];
    for (std::size_t p = 0; same && p < pieces.size(); ++p) {
        for (std::size_t done = 0; same && done < pieces[p].size();) {
            const std::size_t want = std::min(sizeof buffer, pieces[p].size() - done);
            const ssize_t got = read_fully(fd, buffer, want);
            same = got == static_cast<ssize_t>(want) && std::memcmp(buffer, pieces[p].data() + done, want) == 0;
            done += want;
        }
    }
    ::close(fd);
    if (same && modified_ns) *modified_ns = nanoseconds(info.st_mtim);
    return same;
}

static bool same_bytes_on_disk(const fs::path& path, std::string_view bytes) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec) || fs::file_size(path, ec) != bytes.size()) return false;
    const auto existing = read_file(path);
    return existing.text && *existing.text == bytes;
}

WriteOutcome write_if_changed(const fs::path& path, std::string_view bytes, std::string& error) {
    if (same_bytes_on_disk(path, bytes)) return WriteOutcome::unchanged;
    error = write_file_atomically(path, bytes);
    return error.empty() ? WriteOutcome::written : WriteOutcome::failed;
}

// Files no site means to publish: what editors and systems leave beside the
// files being edited (".page.md.swp", ".#page.md", "#page.md#", "page.md~",
// ".DS_Store", "Thumbs.db") and hidden folders such as ".git". ".well-known"
// is kept: hosts read it (security.txt).
static bool is_left_out(std::string_view name) {
    if (name.starts_with('.')) return name != ".well-known";
    return name.starts_with('#') || name.ends_with('~') || name == "Thumbs.db" || name == "desktop.ini";
}

// readdir() with the entry types it reports, rather than a stat per entry:
// a site of ten thousand pages is listed on every build.
static void list_folder(const std::string& folder, const std::string& prefix, std::vector<std::string>& out,
                        std::vector<std::string>* symlinks, std::vector<ListedFolder>* folders) {
    DIR* dir = ::opendir(folder.c_str());
    if (!dir) return;
    struct stat info {};
    if (folders && ::fstat(::dirfd(dir), &info) == 0)
        folders->push_back({prefix.empty() ? prefix : prefix.substr(0, prefix.size() - 1),
                            nanoseconds(info.st_mtim), static_cast<std::uint64_t>(info.st_size),
                            nanoseconds(info.st_ctim)});
    while (const dirent* entry = ::readdir(dir)) {
        const std::string_view name = entry->d_name;
        if (is_left_out(name)) continue;
        unsigned char type = entry->d_type;
        if (type == DT_LNK && symlinks) symlinks->push_back(prefix + std::string(name));
        if (type == DT_UNKNOWN || type == DT_LNK) {
            struct stat info {};
            if (::stat((folder + "/" + std::string(name)).c_str(), &info) != 0) continue;
            type = S_ISDIR(info.st_mode) ? DT_DIR : S_ISREG(info.st_mode) ? DT_REG : DT_UNKNOWN;
        }
        if (type == DT_DIR)
            list_folder(folder + "/" + std::string(name), prefix + std::string(name) + "/", out, symlinks, folders);
        else if (type == DT_REG) out.push_back(prefix + std::string(name));
    }
    ::closedir(dir);
}

std::vector<std::string> list_files(const fs::path& root, std::vector<std::string>* symlinks,
                                    std::vector<ListedFolder>* folders) {
    std::vector<std::string> out;
    list_folder(root.string(), "", out, symlinks, folders);
    if (symlinks) std::sort(symlinks->begin(), symlinks->end());
    if (folders)
        std::sort(folders->begin(), folders->end(), [](const auto& a, const auto& b) { return a.path < b.path; });
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace healthsite::support
