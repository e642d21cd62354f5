#include "generator/cli/commands.hpp"

int main(int argc, char** argv) { return healthsite::cli::run(argc, argv); }
