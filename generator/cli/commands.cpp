#include "generator/cli/commands.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <thread>

#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include "generator/cli/check_report.hpp"
#include "generator/config/site_config.hpp"
#include "generator/content/new_page.hpp"
#include "generator/output/output.hpp"
#include "generator/site/site.hpp"
#include "generator/support/files.hpp"
#include "generator/support/hash.hpp"
#include "generator/support/text.hpp"

namespace healthsite::cli {

namespace {

enum ExitCode { kOk = 0, kContentError = 1, kUsageError = 2, kIoError = 3 };

void print_diagnostics(const support::Diagnostics& diagnostics) {
    for (const auto& d : diagnostics.sorted()) std::cerr << support::format(d) << '\n';
}

int exit_code_for(const support::Diagnostics& diagnostics, bool strict) {
    bool config = false, io = false, content = false;
    for (const auto& d : diagnostics.items()) {
        if (d.severity == support::Severity::warning && !strict) continue;
        config |= d.category == support::Category::config;
        io |= d.category == support::Category::io;
        content |= d.category == support::Category::content;
    }
    if (config) return kUsageError;
    if (io) return kIoError;
    return content ? kContentError : kOk;
}

void add_site_options(CLI::App& command, site::BuildOptions& options) {
    command.add_option("--source,-s", options.source, "The site's folder (holding site.toml)")->check(CLI::ExistingDirectory);
    command.add_option("--base-url", options.base_url, "Override base_url from site.toml, e.g. for a preview");
    command.add_flag("--drafts", options.drafts, "Include pages with draft = true");
    command.add_flag("--strict", options.strict, "Treat warnings as errors");
    command.add_option("--jobs,-j", options.jobs, "Threads to use (default: one per core)")->check(CLI::Range(1, 256));
}

// Blocks Ctrl+C and SIGTERM in every thread and hands them to one waiting
// thread that raises a flag; no signal handler ever touches the build.
class SignalFlag {
public:
    SignalFlag() {
        sigemptyset(&signals_);
        sigaddset(&signals_, SIGINT);
        sigaddset(&signals_, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
        waiter_ = std::thread([this] {
            int received = 0;
            sigwait(&signals_, &received);
            if (!done_) raised_ = true;
        });
    }
    ~SignalFlag() {
        done_ = true;
        if (!raised_) kill(getpid(), SIGTERM);  // wake the waiter
        waiter_.join();
    }
    SignalFlag(const SignalFlag&) = delete;
    SignalFlag& operator=(const SignalFlag&) = delete;
    [[nodiscard]] const std::atomic<bool>& raised() const { return raised_; }

private:
    sigset_t signals_{};
    std::atomic<bool> raised_{false};
    std::atomic<bool> done_{false};
    std::thread waiter_;
};

// What tells this executable from any other: a rebuilt or reinstalled
// generator must not trust what another one left in the build state. The
// file's identity and times, as ccache checks a compiler: the change time
// moves with any write, copy or reinstall, and no program can set it back.
// Reading and hashing the whole executable took 1.6 ms of every build.
std::string generator_id() {
    struct stat self {};
    if (::stat("/proc/self/exe", &self) != 0) return HEALTHSITE_VERSION;
    support::Hasher h;
    h.add(HEALTHSITE_VERSION).add(std::to_string(self.st_dev)).add(std::to_string(self.st_ino));
    h.add(std::to_string(self.st_size)).add(std::to_string(support::nanoseconds(self.st_mtim)));
    h.add(std::to_string(support::nanoseconds(self.st_ctim)));
    return support::to_hex(h.digest());
}

// Prints what a build did and returns the exit code.
int report_build(const site::BuildReport& report, const site::BuildOptions& options, bool timings) {
    if (report.cancelled) {
        std::cerr << "Build stopped; " << report.output_dir.string() << " was left as it was.\n";
        return 130;
    }
    if (timings)
        for (const auto& [stage, time] : report.stage_times) std::cerr << "timing: " << stage << ": " << time.count() << " ms\n";
    for (const auto& line : report.explanations) std::cout << "explain: " << line << '\n';
    print_diagnostics(report.diagnostics);
    const int code = exit_code_for(report.diagnostics, options.strict);
    if (code != kOk) {
        const auto problems = report.diagnostics.error_count() + (options.strict ? report.diagnostics.warning_count() : 0);
        std::cerr << "Build failed: " << problems << (options.strict ? " error(s) and warning(s)" : " error(s)");
        if (!report.output_dir.empty()) std::cerr << "; " << report.output_dir.string() << " was left as it was";
        std::cerr << ".\n";
        return code;
    }
    std::cout << "Built " << report.pages << " pages in " << report.elapsed.count() << " ms: " << report.written
              << " written, " << report.unchanged << " unchanged";
    if (report.removed) std::cout << ", " << report.removed << " removed";
    std::cout << " (" << report.output_dir.string() << ")\n";
    return kOk;
}

// A build is the last thing `healthsite build` does, so its memory is left
// to the system, which takes it back at once when the process exits: freed
// object by object, a large site's pages would take longer than an edit's
// whole rebuild. The report keeps it until then (BuildOptions::keep_memory).
[[noreturn]] void run_build(site::BuildOptions options, bool timings) {
    options.generator_id = generator_id();
    options.keep_memory = true;
    const SignalFlag interrupted;
    options.cancel = &interrupted.raised();
    const auto report = site::build(options);
    const int code = report_build(report, options, timings);
    std::cout.flush();
    std::exit(code);
}

std::string today_iso() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buffer[16];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &utc);
    return buffer;
}

int run_check(const site::BuildOptions& options, const std::string& format) {
    auto report = site::check(options);
    if (!report.diagnostics.has_errors()) add_check_findings(report, today_iso());
    if (format == "json") {
        std::cout << check_json(report);
    } else {
        print_diagnostics(report.diagnostics);
        for (const auto& page : report.page_reports)
            std::cout << page.path << ": grade " << std::fixed << std::setprecision(1) << page.grade << ", "
                      << page.words << " words\n";
    }
    return exit_code_for(report.diagnostics, options.strict);
}

int run_new(const site::BuildOptions& options, const std::string& kind, const std::string& title) {
    support::Diagnostics diagnostics;
    const auto config = config::load_config(options.source / "site.toml", "site.toml", diagnostics);
    print_diagnostics(diagnostics);
    if (!config) return kUsageError;
    const std::string slug = support::slugify(title);
    if (slug.empty()) {
        std::cerr << "error: the title needs at least one letter or digit to make a file name\n";
        return kUsageError;
    }
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    const support::TomlDate today{utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday};
    const bool cause = kind == "cause";
    const std::string section = cause ? config->cause_section + "/" : "";
    const std::filesystem::path file = options.source / "content" / (section + slug + ".md");
    if (std::filesystem::exists(file)) {
        std::cerr << file.string() << ": error: this page already exists\n";
        return kUsageError;
    }
    const auto error = support::write_file_atomically(
        file, content::new_page_text(title, cause ? content::NewPageKind::cause : content::NewPageKind::page, today));
    if (!error.empty()) {
        std::cerr << file.string() << ": error: " << error << "\n";
        return kIoError;
    }
    std::cout << "Created " << file.lexically_normal().string() << " (a draft: remove draft = true when it is reviewed)\n";
    return kOk;
}

int run_clean(const site::BuildOptions& options) {
    const auto report = site::check(options);
    if (report.output_dir.empty()) {
        print_diagnostics(report.diagnostics);
        return exit_code_for(report.diagnostics, false);
    }
    support::Diagnostics diagnostics;
    const auto removed = output::clean(report.output_dir, diagnostics);
    print_diagnostics(diagnostics);
    std::cout << "Removed " << removed << " files written by healthsite from " << report.output_dir.string() << "\n";
    return exit_code_for(diagnostics, false);
}

// Ctrl+C and SIGTERM stop the preview cleanly.
int run_serve(const serve::ServeOptions& options, Preview preview) {
    if (options.bind != "127.0.0.1" && options.bind != "localhost" && options.bind != "::1")
        std::cerr << "warning: serving on " << options.bind
                  << ": other machines on the network may see this preview\n";
    const SignalFlag stop;
    return preview(options, stop.raised(), [](const std::string& line) { std::cerr << line << std::endl; });
}

// Runs the preview program with the same command line: the one beside this
// program, as the build leaves them, or else one on the PATH, as git finds
// its commands. Returns only if neither can be started.
int run_preview_program(char** argv) {
    constexpr const char* kPreviewProgram = "healthsite-serve";
    std::error_code error;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
    const auto beside = (error ? std::filesystem::path(".") : self.parent_path()) / kPreviewProgram;
    ::execv(beside.c_str(), argv);
    const int beside_error = errno;
    if (beside_error == ENOENT) ::execvp(kPreviewProgram, argv);
    std::cerr << "error: cannot start the preview program " << beside.string() << ": " << std::strerror(beside_error)
              << " (building healthsite with cmake builds it in the same folder; copy both programs together)\n";
    return kIoError;
}

// "healthsite buidl": CLI11 would only say that a command is required.
std::string unknown_command_message(const CLI::App& app, int argc, char** argv) {
    if (argc < 2 || argv[1][0] == '-') return {};
    const std::string given = argv[1];
    std::vector<std::string> names;
    for (const auto* command : app.get_subcommands({})) names.push_back(command->get_name());
    if (std::find(names.begin(), names.end(), given) != names.end()) return {};
    std::string message = "error: unknown command '" + given + "'";
    if (const auto meant = support::closest_match(given, names, 2); !meant.empty())
        message += "; did you mean '" + meant + "'?";
    std::string all;
    for (const auto& name : names) all += (all.empty() ? "" : ", ") + name;
    return message + " (the commands are " + all + "; healthsite --help says more)";
}

}  // namespace

int run(int argc, char** argv, Preview preview) {
    CLI::App app{"healthsite: builds a static health-information site from Markdown"};
    app.set_version_flag("--version", std::string("healthsite ") + HEALTHSITE_VERSION);
    app.require_subcommand(1);

    site::BuildOptions options;
    std::string output;
    auto* build = app.add_subcommand("build", "Build the site into the output folder");
    add_site_options(*build, options);
    build->add_option("--output,-o", output, "Output folder (default: output_dir from site.toml)");
    build->add_flag("--offline", options.offline, "Links end in index.html, so the site works from file://");
    build->add_flag("--explain", options.explain, "Say why each output was rebuilt");
    bool timings = false;
    build->add_flag("--timings", timings, "Say how long each stage of the build took");

    std::string format = "text";
    auto* check = app.add_subcommand("check", "Check links, anchors, review dates, sources and reading grade");
    add_site_options(*check, options);
    check->add_option("--format", format, "text or json")->check(CLI::IsMember({"text", "json"}));

    serve::ServeOptions serve_options;
    auto* serve = app.add_subcommand("serve", "Build, serve on this machine, rebuild on every change and reload the page");
    serve->add_option("--source,-s", options.source, "The site's folder")->check(CLI::ExistingDirectory);
    serve->add_option("--port,-p", serve_options.port, "Port to listen on")->check(CLI::Range(1, 65535));
    serve->add_option("--bind", serve_options.bind, "Address to listen on (default 127.0.0.1: this machine only)");
    serve->add_flag("--drafts", options.drafts, "Include pages with draft = true");
    serve->add_option("--jobs,-j", options.jobs, "Threads to use")->check(CLI::Range(1, 256));

    std::string new_kind, new_title;
    auto* create = app.add_subcommand("new", "Start a new page from a template, with its front matter filled in");
    create->add_option("kind", new_kind, "cause or page")->required()->check(CLI::IsMember({"cause", "page"}));
    create->add_option("title", new_title, "The page's title, in quotes")->required();
    create->add_option("--source,-s", options.source, "The site's folder")->check(CLI::ExistingDirectory);

    auto* clean = app.add_subcommand("clean", "Remove the files the last build wrote, and nothing else");
    clean->add_option("--source,-s", options.source, "The site's folder")->check(CLI::ExistingDirectory);
    clean->add_option("--output,-o", output, "Output folder");

    if (const auto message = unknown_command_message(app, argc, argv); !message.empty()) {
        std::cerr << message << "\n";
        return kUsageError;
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        const int code = app.exit(error);
        return code == 0 ? kOk : kUsageError;
    }
    if (!output.empty()) options.output = output;
    if (*build) run_build(options, timings);
    if (*check) return run_check(options, format);
    if (*create) return run_new(options, new_kind, new_title);
    if (*serve) {
        if (preview == nullptr) return run_preview_program(argv);
        serve_options.build = options;
        serve_options.build.generator_id = generator_id();
        return run_serve(serve_options, preview);
    }
    return run_clean(options);
}

}  // namespace healthsite::cli
