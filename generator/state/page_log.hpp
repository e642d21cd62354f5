#pragma once
// The pages' records of the build state, in a file of their own that builds
// only append to, as ninja appends to its build log: an edit stores the
// records of the pages it parsed, not every page's again. The state names
// the log and where each page's record is in it. A save that finds more
// than half of the log unused writes a new one instead, and the old one goes.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "generator/support/files.hpp"
#include "generator/support/hash.hpp"

namespace healthsite::state {

// Where one record is in the log, and the hash its bytes must have.
struct RecordRef {
    std::uint64_t offset = 0;
    std::uint64_t size = 0;
    support::Hash hash = 0;
};

// A log as a build loaded it, mapped, so that records are views into it.
class PageLog {
public:
    [[nodiscard]] static std::optional<PageLog> open(const std::filesystem::path& file);
    // The record's bytes, or nullopt when it does not lie inside the log.
    // Whether they match ref.hash is for the caller to check.
    [[nodiscard]] std::optional<std::string_view> record(const RecordRef& ref) const;
    [[nodiscard]] const std::filesystem::path& file() const { return file_; }
    [[nodiscard]] std::uint64_t size() const { return bytes_->bytes().size(); }

private:
    PageLog(std::filesystem::path file, std::shared_ptr<const support::MappedFile> bytes)
        : file_(std::move(file)), bytes_(std::move(bytes)) {}
    std::filesystem::path file_;
    std::shared_ptr<const support::MappedFile> bytes_;
};

// The records to store, in order: each is either one already in the current
// log (stored returns where) or a new one (stored returns nullptr, and
// encode makes its bytes).
struct LogRecords {
    std::size_t count = 0;
    std::function<const RecordRef*(std::size_t)> stored;
    std::function<std::string(std::size_t)> encode;
};

struct LogWrite {
    std::filesystem::path file;  // the log the records are now in
    std::vector<RecordRef> refs;  // where each record is in it, in order
    std::string error;            // set when nothing usable was written
    // Where the log ended before, when records were appended to it; unset
    // when the log is a new file (or could not be opened).
    std::optional<std::uint64_t> appended_at;
    bool created = false;  // a new log file was made
};

// Stores the records: appended to `current` when at least half of it is
// still in use, otherwise (or with no current log) written whole into a new
// log beside state_file. New records are encoded on up to `jobs` threads.
[[nodiscard]] LogWrite write_log(const std::filesystem::path& state_file, const PageLog* current,
                                 const LogRecords& records, unsigned jobs);

// Takes back the records of a write whose state will not be saved: cuts
// the log back to where it ended, or removes the new log.
void discard(const LogWrite& written);

// Removes the logs of state_file other than `keep`: an old log goes once
// the state names its successor.
void remove_other_logs(const std::filesystem::path& state_file, const std::filesystem::path& keep);

}  // namespace healthsite::state
