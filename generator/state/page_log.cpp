#include "generator/state/page_log.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "generator/support/parallel.hpp"

namespace healthsite::state {

namespace fs = std::filesystem;

std::optional<PageLog> PageLog::open(const fs::path& file) {
    std::string error;
    auto mapped = support::MappedFile::open(file, error);
    if (!mapped) return std::nullopt;
    return PageLog(file, std::make_shared<const support::MappedFile>(std::move(*mapped)));
}

std::optional<std::string_view> PageLog::record(const RecordRef& ref) const {
    const std::string_view all = bytes_->bytes();
    if (ref.offset > all.size() || ref.size > all.size() - ref.offset) return std::nullopt;
    return all.substr(ref.offset, ref.size);
}

namespace {

std::string log_prefix(const fs::path& state_file) { return state_file.filename().string() + ".pages-"; }

// Logs are numbered: a new one takes the next number, so it never
// overwrites the log the current state names.
fs::path next_log_file(const fs::path& state_file, const PageLog* current) {
    unsigned long number = 0;
    if (current) {
        const std::string name = current->file().filename().string();
        number = std::strtoul(name.c_str() + name.rfind('-') + 1, nullptr, 10);
    }
    return state_file.parent_path() / (log_prefix(state_file) + std::to_string(number + 1));
}

// Writes to a file descriptor a megabyte at a time, keeping the first error.
class FileOut {
public:
    explicit FileOut(int fd) : fd_(fd) {}
    ~FileOut() {
        if (fd_ >= 0) ::close(fd_);
    }
    FileOut(const FileOut&) = delete;
    FileOut& operator=(const FileOut&) = delete;

    void write(std::string_view bytes) {
        buffer_.append(bytes);
        if (buffer_.size() >= kChunk) flush();
    }
    // Flushes and closes; the error, or "" when every byte was written.
    std::string finish() {
        flush();
        if (fd_ >= 0 && ::close(fd_) != 0 && error_.empty()) error_ = std::strerror(errno);
        fd_ = -1;
        return error_;
    }

private:
    void flush() {
        std::size_t done = 0;
        while (error_.empty() && done < buffer_.size()) {
            const ssize_t wrote = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
            if (wrote < 0 && errno == EINTR) continue;
            if (wrote < 0) error_ = std::strerror(errno);
            else done += static_cast<std::size_t>(wrote);
        }
        buffer_.clear();
    }

    static constexpr std::size_t kChunk = 1 << 20;
    int fd_;
    std::string buffer_;
    std::string error_;
};

bool worth_appending(const PageLog* current, const LogRecords& records) {
    if (!current) return false;
    std::uint64_t in_use = 0;
    for (std::size_t i = 0; i < records.count; ++i)
        if (const RecordRef* ref = records.stored(i)) in_use += ref->size;
    return in_use * 2 >= current->size();
}

// The log file open for writing, and where the next record goes in it.
struct OpenLog {
    int fd = -1;
    std::uint64_t end = 0;
    std::string error;
};

// Appended records go after whatever the file holds, even the remains of a
// build that stopped before saving its state; a new log starts empty.
OpenLog open_log(const fs::path& file, bool append) {
    OpenLog log;
    log.fd = append ? ::open(file.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC)
                    : ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    struct stat info {};
    if (log.fd < 0 || ::fstat(log.fd, &info) != 0) {
        log.error = "cannot write " + file.string() + ": " + std::strerror(errno);
        if (log.fd >= 0) ::close(log.fd);
        log.fd = -1;
        return log;
    }
    log.end = append ? static_cast<std::uint64_t>(info.st_size) : 0;
    return log;
}

// A batch of new records, and their hashes, hashed where encoded so that
// only the writing is left to one thread.
struct EncodedBatch {
    std::vector<std::string> bytes;
    std::vector<support::Hash> hashes;
};

void encode_batch(const LogRecords& records, const std::vector<std::size_t>& to_write, std::size_t first,
                  std::size_t batch_size, unsigned jobs, EncodedBatch& batch) {
    const std::size_t count = std::min(batch_size, to_write.size() - std::min(first, to_write.size()));
    batch.bytes.assign(count, {});
    batch.hashes.assign(count, 0);
    support::parallel_for(count, jobs, [] { return 0; }, [&](int, std::size_t k) {
        if (records.stored(to_write[first + k])) return;
        batch.bytes[k] = records.encode(to_write[first + k]);
        batch.hashes[k] = support::hash_bytes(batch.bytes[k]);
    });
}

}  // namespace

LogWrite write_log(const fs::path& state_file, const PageLog* current, const LogRecords& records, unsigned jobs) {
    LogWrite out;
    const bool append = worth_appending(current, records);
    out.file = append ? current->file() : next_log_file(state_file, current);
    auto log = open_log(out.file, append);
    if (log.fd < 0) {
        out.error = log.error;
        return out;
    }
    if (append) out.appended_at = log.end;
    else out.created = true;
    FileOut file(log.fd);
    out.refs.resize(records.count);
    std::vector<std::size_t> to_write;  // in order; appending leaves stored records where they are
    for (std::size_t i = 0; i < records.count; ++i) {
        const RecordRef* stored = records.stored(i);
        if (stored && append) out.refs[i] = *stored;
        else to_write.push_back(i);
    }
    const auto write_batch = [&](std::size_t first, const EncodedBatch& batch) {
        for (std::size_t k = 0; k < batch.bytes.size(); ++k) {
            const std::size_t i = to_write[first + k];
            const RecordRef* stored = records.stored(i);
            const auto bytes = stored ? current->record(*stored) : std::string_view(batch.bytes[k]);
            if (!bytes) {
                out.error = "a stored page is not in " + current->file().string();
                return false;
            }
            out.refs[i] = {log.end, bytes->size(), stored ? stored->hash : batch.hashes[k]};
            file.write(*bytes);
            log.end += bytes->size();
        }
        return true;
    };
    // The first batch is encoded on every thread; then each is written, in
    // order, while the next one is encoded on the other threads (after it,
    // with one job).
    constexpr std::size_t kBatch = 512;
    std::array<EncodedBatch, 2> batches;
    encode_batch(records, to_write, 0, kBatch, jobs, batches[0]);
    for (std::size_t first = 0, slot = 0; first < to_write.size(); first += kBatch, slot ^= 1) {
        const bool more = first + kBatch < to_write.size();
        const auto encode_next = [&, first, slot] {
            encode_batch(records, to_write, first + kBatch, kBatch, std::max(jobs, 2u) - 1, batches[slot ^ 1]);
        };
        std::jthread encoder = more && jobs > 1 ? std::jthread(encode_next) : std::jthread();
        if (!write_batch(first, batches[slot])) return out;
        if (more && jobs <= 1) encode_next();
    }
    if (auto error = file.finish(); !error.empty()) out.error = "cannot write " + out.file.string() + ": " + error;
    return out;
}

void discard(const LogWrite& written) {
    std::error_code ec;
    if (written.appended_at) fs::resize_file(written.file, *written.appended_at, ec);
    else if (written.created) fs::remove(written.file, ec);
}

void remove_other_logs(const fs::path& state_file, const fs::path& keep) {
    const std::string prefix = log_prefix(state_file);
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(state_file.parent_path(), ec)) {
        const std::string name = entry.path().filename().string();
        if (name.starts_with(prefix) && entry.path() != keep) fs::remove(entry.path(), ec);
    }
}

}  // namespace healthsite::state
