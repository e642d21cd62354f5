#pragma once
// Output folders the build must never write into or clean.
#include <filesystem>
#include <string>

namespace healthsite::site {

// An error message when output is the source folder, content/, a parent of
// either, the file system root or $HOME; empty when it is safe.
[[nodiscard]] std::string unsafe_output_reason(const std::filesystem::path& source, const std::filesystem::path& output,
                                               const std::filesystem::path& home);

}  // namespace healthsite::site
