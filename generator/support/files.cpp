#include "generator/support/files.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <unistd.h>

namespace healthsite::support {

ReadResult read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return {std::nullopt, std::string("cannot open file: ") + std::strerror(errno)};
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) return {std::nullopt, "cannot read file"};
    return {std::move(buffer).str(), {}};
}

std::string write_file_atomically(const fs::path& path, std::string_view bytes) {
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec) return "cannot create folder " + path.parent_path().string() + ": " + ec.message();
    const fs::path temp = path.string() + ".tmp-" + std::to_string(::getpid());
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
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

std::vector<std::string> list_files(const fs::path& root) {
    std::vector<std::string> out;
    std::error_code ec;
    if (!fs::is_directory(root, ec)) return out;
    for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        if (it->is_regular_file(ec)) out.push_back(fs::relative(it->path(), root, ec).generic_string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace healthsite::support
