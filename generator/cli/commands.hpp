#pragma once
// The command line: the only place that reads argv, prints and picks exit codes.
//   0 success, 1 content or template error, 2 usage or config error, 3 I/O error.
namespace healthsite::cli {

[[nodiscard]] int run(int argc, char** argv);

}  // namespace healthsite::cli
