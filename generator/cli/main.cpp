#include "generator/cli/commands.hpp"
#include "generator/cli/large_pages.hpp"

// healthsite: every command but the preview's, which it hands to
// healthsite-serve (see serve_main.cpp).
int main(int argc, char** argv) {
    healthsite::cli::prefer_large_pages();
    return healthsite::cli::run(argc, argv, nullptr);
}
