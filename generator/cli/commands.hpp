#pragma once
// The command line: the only place that reads argv, prints and picks exit codes.
//   0 success, 1 content or template error, 2 usage or config error, 3 I/O error.
#include <atomic>

#include "generator/serve/server.hpp"

namespace healthsite::cli {

// How `healthsite serve` runs the preview: serve::run in the preview program
// (healthsite-serve), nullptr in healthsite, which then hands the command
// line to that program (see serve_main.cpp).
using Preview = int (*)(const serve::ServeOptions&, const std::atomic<bool>& stop, const serve::Log&);

[[nodiscard]] int run(int argc, char** argv, Preview preview);

}  // namespace healthsite::cli
