#include "generator/cli/commands.hpp"
#include "generator/cli/large_pages.hpp"

int main(int argc, char** argv) {
    healthsite::cli::prefer_large_pages();
    return healthsite::cli::run(argc, argv);
}
