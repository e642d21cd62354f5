#pragma once
// What the last build read and wrote, kept between builds so that the next
// one parses only the sources that changed and renders only the outputs whose
// template or view changed (the role of ninja's build log). A state that is
// missing, unreadable or from another version is ignored: a clean build.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "generator/content/page.hpp"
#include "generator/markdown/markdown.hpp"
#include "generator/state/page_log.hpp"
#include "generator/support/diagnostics.hpp"
#include "generator/support/hash.hpp"

namespace healthsite::state {

// How a file looked on disk: when it changes, the file is read again. The
// change time is there because the modification time can be set back (by
// `touch -r`, `cp -p`, rsync, an unpacked archive) while the size stays;
// nothing but the system sets the change time.
struct Stamp {
    std::int64_t mtime_ns = 0;
    std::uint64_t size = 0;
    std::int64_t ctime_ns = 0;
    bool operator==(const Stamp&) const = default;
};

[[nodiscard]] std::optional<Stamp> stamp_of(const std::filesystem::path& file);

// Stamps of files in one folder, by their path inside it: each lookup walks
// only that path, not the folder's own path again (ten thousand times on a
// large site's no-op build).
class FolderStamps {
public:
    explicit FolderStamps(const std::filesystem::path& folder);
    ~FolderStamps();
    FolderStamps(const FolderStamps&) = delete;
    FolderStamps& operator=(const FolderStamps&) = delete;
    [[nodiscard]] std::optional<Stamp> of(const std::string& relative) const;
    // The same for a folder inside it ("" for the folder itself).
    [[nodiscard]] std::optional<Stamp> of_folder(const std::string& relative) const;

private:
    int fd_;
};

// A page as a build parsed it, without its HTML: enough for every other
// page's view.
struct ParsedPage {
    content::Page page;           // body left empty
    markdown::Document document;  // html, intro_html and section html left empty
};

// One page in the build state. A page the build parsed carries its parse, to
// be stored; a loaded page keeps its record encoded, to be decoded where the
// build wants it (see decode_head and decode_rest) or stored again as it is.
struct CachedPage {
    Stamp stamp;
    support::Hash source_hash = 0;
    std::vector<support::Diagnostic> diagnostics;
    support::Hash public_digest = 0;  // see public_digest()
    // The page's part of the search index: a view into the log, or into the
    // text the build made, which the build keeps until the state is saved.
    std::string_view search_entries;
    std::unique_ptr<ParsedPage> parsed;  // set for a page this build parsed
    // A loaded page's head (a view into BuildState::file): its place in the
    // site, the front matter other pages show (title, description, weight,
    // menu entry, slug, layout) and its callouts.
    std::string_view head;
    // A loaded page's record (views into BuildState::log): its search
    // entries, then the rest of its parse. Not checked when loaded: see
    // intact().
    std::string_view rest;
    // The whole record, and where it is in the log. When set, save() leaves
    // the record where it is.
    std::string_view encoded;
    std::optional<RecordRef> stored;
};

// Whether a loaded page's record in the log (its search entries and rest)
// is as it was stored. Loading reads only the state file, which is checked
// whole; an edit uses few records of the log, and checks those it uses.
[[nodiscard]] bool intact(const CachedPage& page);

// Decodes a loaded page's head into page and document, and its rest (the
// rest of the front matter: tags, review dates, authors, references,
// conditions, key positions; and of the document: headings, links, sections,
// reading counts). Each returns false if the bytes cannot be what it
// decodes.
[[nodiscard]] bool decode_head(std::string_view head, content::Page& page, markdown::Document& document);
[[nodiscard]] bool decode_rest(std::string_view rest, content::Page& page, markdown::Document& document);

// What other pages' views can show of a page: its front matter and place in
// the site, its headings, links and callouts (without their positions, so
// that lines moved by an edit do not count). Not its body's HTML, text or
// reading counts, which only its own page and the search index show. When
// no page's digest changes, an edit changes no other page's view.
[[nodiscard]] support::Hash public_digest(const content::Page& page, const markdown::Document& document);

// content/ as a build listed it: every file, those reached through a
// symbolic link, and each folder with its stamp as it was just before it was
// read. Adding, removing or renaming an entry changes a folder's stamp, so
// while no folder's stamp changes the list is still right, and the next
// build need not read every folder again (git's untracked cache does the
// same).
struct ContentListing {
    std::vector<std::string> files;
    std::vector<std::string> symlinks;
    std::vector<std::pair<std::string, Stamp>> folders;
};

struct OutputRecord {
    support::Hash template_hash = 0;
    support::Hash view_hash = 0;
    support::Hash bytes_hash = 0;
    std::uint64_t size = 0;
    // The file's modification time as the build left it: a file changed by
    // hand, even to the same size, no longer has it.
    std::int64_t modified_ns = 0;
};

using PageMap = std::map<std::string, CachedPage>;  // by source path under content/

struct BuildState {
    support::Hash inputs = 0;       // what parsing depends on: site.toml, --drafts, the generator's version
    support::Hash view_inputs = 0;  // what views depend on besides content: options and templates
    // Everything a page's view may show besides its own page: the options,
    // templates, glossary, the set of files, and every page's public digest.
    support::Hash site_shape = 0;
    PageMap pages;
    std::map<std::string, Stamp> other_inputs;     // static and content files, by path
    std::map<std::string, OutputRecord> outputs;   // by output path
    // For each published page, in site order, the pages that link to it (by
    // their place in the same order). A build that finds the site's shape
    // unchanged resolves only the edited pages' links and takes these as
    // they were.
    std::vector<std::vector<std::uint32_t>> backlinks;
    Stamp manifest;                                // the output's manifest as this build left it
    ContentListing listing;                        // stored with the stamps
    std::shared_ptr<const PageLog> log;  // the pages' records it was loaded from (see CachedPage::encoded)
    std::shared_ptr<const std::string> file;  // the state file it was loaded from (see CachedPage::head)
};

// The small part of the state that tells whether anything changed at all:
// read first, so that a build with nothing to do never loads the rest.
struct Stamps {
    support::Hash inputs = 0;
    support::Hash view_inputs = 0;
    Stamp manifest;
    std::shared_ptr<const std::string> file;  // what the paths in pages and outputs point into
    std::vector<std::pair<std::string_view, Stamp>> pages;  // sorted by path
    std::map<std::string, Stamp> other_inputs;
    ContentListing listing;
    std::vector<support::Diagnostic> diagnostics;  // warnings to repeat
    std::uint64_t published_pages = 0;             // pages in the site (drafts left out)
    // Every output as the last build left it: a build with nothing else to
    // do writes again a file deleted or changed by hand.
    struct Output {
        std::string_view path;
        std::uint64_t size = 0;
        std::int64_t modified_ns = 0;
    };
    std::vector<Output> outputs;
};

// Reads each page's stamp, digests, warnings and head from the state file;
// the head stays encoded (see decode_head), and the search entries and the
// rest stay in the log (see intact and decode_rest).
[[nodiscard]] std::optional<BuildState> load(const std::filesystem::path& file);
[[nodiscard]] std::optional<Stamps> load_stamps(const std::filesystem::path& file);
// Saving comes in two steps, so that the long one can run beside the last
// of the build. The first writes the pages' records (see page_log.hpp); it
// reads only state.pages and state.log, which must not change until it
// returns. Until the second step names them, the new records change
// nothing: the old state still names only its own. A build that fails in
// between takes them back with state::discard(records.log).
struct SavedRecords {
    std::vector<const std::pair<const std::string, CachedPage>*> pages;  // in path order
    LogWrite log;
    std::string pages_section;  // of the state file: where each record is, and each page's front
};
[[nodiscard]] SavedRecords save_records(const std::filesystem::path& file, const BuildState& state, unsigned jobs = 1);
// The second writes the state, naming the records, and then the stamps
// (file + ".stamps"). Returns an error message, or an empty string.
[[nodiscard]] std::string save(const std::filesystem::path& file, const BuildState& state, const SavedRecords& records,
                               std::uint64_t published_pages);
// Both steps at once.
[[nodiscard]] std::string save(const std::filesystem::path& file, const BuildState& state,
                               std::uint64_t published_pages, unsigned jobs = 1);

}  // namespace healthsite::state
