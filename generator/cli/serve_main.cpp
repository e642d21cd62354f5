#include "generator/cli/commands.hpp"
#include "generator/cli/large_pages.hpp"
#include "generator/serve/server.hpp"

// healthsite-serve: the same command line, with the preview server. It is a
// program of its own so that the HTTP library, and the TLS library that
// Debian's build of it loads and sets up at start, cost the other commands
// nothing: they took 5 ms of the 8 ms that starting healthsite took, on every
// build and every edit's rebuild (bench/README.md). `healthsite serve` runs
// this program with its own arguments.
int main(int argc, char** argv) {
    healthsite::cli::prefer_large_pages();
    return healthsite::cli::run(argc, argv, &healthsite::serve::run);
}
