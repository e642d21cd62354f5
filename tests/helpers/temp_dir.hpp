#pragma once
// Test helpers: a temporary folder that removes itself, filled from inline
// files, and a way to run the healthsite binary and capture what it prints.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <unistd.h>

namespace healthsite::testing {

namespace fs = std::filesystem;

class TempDir {
public:
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "healthsite-test-XXXXXX").string();
        path_ = ::mkdtemp(pattern.data());
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    [[nodiscard]] const fs::path& path() const { return path_; }

    // Writes text to path (relative to the folder), creating folders.
    void write(const std::string& relative, const std::string& text) const {
        const fs::path file = path_ / relative;
        fs::create_directories(file.parent_path());
        std::ofstream(file, std::ios::binary) << text;
    }
    void write_all(const std::map<std::string, std::string>& files) const {
        for (const auto& [relative, text] : files) write(relative, text);
    }
    [[nodiscard]] std::string read(const std::string& relative) const { return read_file(path_ / relative); }

    static std::string read_file(const fs::path& file) {
        std::ifstream in(file, std::ios::binary);
        std::ostringstream out;
        out << in.rdbuf();
        return out.str();
    }

private:
    fs::path path_;
};

// Copies a folder of the repository (such as themes/) into a test site.
inline void copy_from_repository(const std::string& relative, const fs::path& destination) {
    fs::create_directories(destination);
    fs::copy(fs::path(HEALTHSITE_SOURCE_DIR) / relative, destination, fs::copy_options::recursive);
}

// Copies this repository's own site (site.toml, content/, themes/ and
// templates/ when there is one) into a test folder.
inline void stage_repository_site(const TempDir& temp) {
    for (const char* folder : {"content", "themes", "templates"})
        if (fs::exists(fs::path(HEALTHSITE_SOURCE_DIR) / folder)) copy_from_repository(folder, temp.path() / folder);
    fs::copy_file(fs::path(HEALTHSITE_SOURCE_DIR) / "site.toml", temp.path() / "site.toml");
}

struct CommandResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// Runs the healthsite binary with arguments (already shell-quoted as needed),
// in the folder working_dir when one is given.
inline CommandResult run_healthsite(const std::string& arguments, const fs::path& working_dir = {}) {
    const TempDir capture;
    const std::string out = (capture.path() / "out").string();
    const std::string err = (capture.path() / "err").string();
    const std::string cd = working_dir.empty() ? std::string() : "cd '" + working_dir.string() + "' && ";
    const std::string command =
        cd + "'" + HEALTHSITE_BINARY + "' " + arguments + " >'" + out + "' 2>'" + err + "' </dev/null";
    const int status = std::system(command.c_str());
    CommandResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = TempDir::read_file(out);
    result.err = TempDir::read_file(err);
    return result;
}

// Every regular file under root with its bytes, keyed by relative path.
inline std::map<std::string, std::string> snapshot(const fs::path& root) {
    std::map<std::string, std::string> files;
    if (!fs::exists(root)) return files;
    for (const auto& entry : fs::recursive_directory_iterator(root))
        if (entry.is_regular_file()) files[fs::relative(entry.path(), root).generic_string()] = TempDir::read_file(entry.path());
    return files;
}

}  // namespace healthsite::testing
