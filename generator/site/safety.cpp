#include "generator/site/safety.hpp"

#include <optional>

namespace healthsite::site {

namespace fs = std::filesystem;

static fs::path absolute_clean(const fs::path& path) {
    std::error_code ec;
    fs::path out = fs::weakly_canonical(fs::absolute(path, ec), ec);
    return out.lexically_normal();
}

static bool is_same_or_parent(const fs::path& parent, const fs::path& child) {
    const auto relative = child.lexically_relative(parent);
    return !relative.empty() && (relative == "." || *relative.begin() != "..");
}

// The output folder, or the nearest folder above it that exists, when that
// is a file: nothing could be written there.
static std::optional<fs::path> file_in_the_way(const fs::path& output) {
    std::error_code ec;
    for (fs::path at = output; !at.empty(); at = at.parent_path()) {
        const auto status = fs::status(at, ec);
        if (fs::exists(status)) return fs::is_directory(status) ? std::nullopt : std::optional(at);
        if (at == at.parent_path()) break;
    }
    return std::nullopt;
}

std::string unsafe_output_reason(const fs::path& source, const fs::path& output, const fs::path& home) {
    if (const auto file = file_in_the_way(absolute_clean(output)))
        return "'" + file->string() + "' is a file, not a folder: choose a folder with --output or output_dir in site.toml";
    const fs::path out = absolute_clean(output);
    const fs::path src = absolute_clean(source);
    if (out == out.root_path()) return "the output folder is the file system root";
    if (!home.empty() && out == absolute_clean(home)) return "the output folder is your home folder";
    if (is_same_or_parent(out, src)) return "the output folder is the site's own folder or a parent of it";
    for (const char* kept : {"content", "templates", "themes"})
        if (is_same_or_parent(src / kept, out) || is_same_or_parent(out, src / kept))
            return std::string("the output folder overlaps the site's ") + kept + "/ folder";
    return {};
}

}  // namespace healthsite::site
