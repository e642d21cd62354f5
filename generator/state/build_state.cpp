#include "generator/state/build_state.hpp"

#include <algorithm>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "generator/state/codec.hpp"
#include "generator/support/files.hpp"
#include "generator/support/parallel.hpp"

namespace healthsite::state {

namespace fs = std::filesystem;

namespace {

// Bump when the encoding or the meaning of anything stored changes.
constexpr std::string_view kMagic = "healthsite-state-15";
constexpr std::string_view kStampsMagic = "healthsite-stamps-15";

void put(Writer& w, const support::Position& p) {
    w.i64(p.line);
    w.i64(p.column);
}
support::Position get_position(Reader& r) {
    support::Position p;
    p.line = static_cast<int>(r.i64());
    p.column = static_cast<int>(r.i64());
    return p;
}

void put(Writer& w, const std::optional<support::TomlDate>& date) {
    w.boolean(date.has_value());
    if (!date) return;
    w.i64(date->year);
    w.i64(date->month);
    w.i64(date->day);
}
std::optional<support::TomlDate> get_date(Reader& r) {
    if (!r.boolean()) return std::nullopt;
    support::TomlDate d;
    d.year = static_cast<int>(r.i64());
    d.month = static_cast<int>(r.i64());
    d.day = static_cast<int>(r.i64());
    return d;
}

// A record comes in two parts. The head holds what any page's view may show
// of another page (its place in the site, title, description, ordering,
// layout and callouts) and what every build needs of every page; the rest
// holds what only the page's own output, links and the cause index read. A
// build that finds the site's shape unchanged decodes the rest of only the
// pages it needs (see decode_rest).
void put_head(Writer& w, const content::Page& p) {
    w.str(p.source_path);
    w.str(p.display_path);
    w.str(p.section);
    w.boolean(p.is_section_index);
    w.str(p.url_path);
    w.i64(p.body_line);
    const auto& f = p.front;
    w.str(f.title);
    w.str(f.description);
    w.i64(f.weight);
    w.boolean(f.draft);
    w.boolean(f.in_menu);
    w.str(f.slug);
    w.str(f.layout);
}

void get_head(Reader& r, content::Page& p) {
    p.source_path = r.str();
    p.display_path = r.str();
    p.section = r.str();
    p.is_section_index = r.boolean();
    p.url_path = r.str();
    p.body_line = static_cast<int>(r.i64());
    auto& f = p.front;
    f.title = r.str();
    f.description = r.str();
    f.weight = r.i64();
    f.draft = r.boolean();
    f.in_menu = r.boolean();
    f.slug = r.str();
    f.layout = r.str();
}

void put_rest(Writer& w, const content::FrontMatter& f) {
    w.strings(f.tags);
    put(w, f.last_reviewed);
    put(w, f.next_review);
    w.str(f.reviewed_by);
    w.strings(f.authors);
    w.u64(f.references.size());
    for (const auto& ref : f.references) {
        w.str(ref.title);
        w.str(ref.publisher);
        w.str(ref.url);
    }
    w.u64(f.conditions.size());
    for (const auto& c : f.conditions) {
        w.str(c.name);
        w.str(c.anchor);
        w.strings(c.symptoms);
        w.strings(c.eased_by);
        w.strings(c.worse_with);
        w.str(c.urgency);
        put(w, c.position);
        put(w, c.anchor_position);
    }
    w.u64(f.key_positions.size());
    for (const auto& [key, position] : f.key_positions) {
        w.str(key);
        put(w, position);
    }
}

void get_rest(Reader& r, content::FrontMatter& f) {
    f.tags = r.strings();
    f.last_reviewed = get_date(r);
    f.next_review = get_date(r);
    f.reviewed_by = r.str();
    f.authors = r.strings();
    f.references.resize(r.count());
    for (auto& ref : f.references) {
        ref.title = r.str();
        ref.publisher = r.str();
        ref.url = r.str();
    }
    f.conditions.resize(r.count());
    for (auto& c : f.conditions) {
        c.name = r.str();
        c.anchor = r.str();
        c.symptoms = r.strings();
        c.eased_by = r.strings();
        c.worse_with = r.strings();
        c.urgency = r.str();
        c.position = get_position(r);
        c.anchor_position = get_position(r);
    }
    f.key_positions.resize(r.count());
    for (auto& [key, position] : f.key_positions) {
        key = r.str();
        position = get_position(r);
    }
}

void put(Writer& w, const markdown::Heading& h) {
    w.i64(h.level);
    w.str(h.text);
    w.str(h.id);
    put(w, h.position);
}
markdown::Heading get_heading(Reader& r) {
    markdown::Heading h;
    h.level = static_cast<int>(r.i64());
    h.text = r.str();
    h.id = r.str();
    h.position = get_position(r);
    return h;
}

void put_callouts(Writer& w, const markdown::Document& d) {
    w.u64(d.callouts.size());
    for (const auto& c : d.callouts) {
        w.str(c.kind);
        w.str(c.html);
        put(w, c.position);
    }
}

void get_callouts(Reader& r, markdown::Document& d) {
    d.callouts.resize(r.count());
    for (auto& c : d.callouts) {
        c.kind = r.str();
        c.html = r.str();
        c.position = get_position(r);
    }
}

void put_rest(Writer& w, const markdown::Document& d) {
    w.u64(d.headings.size());
    for (const auto& h : d.headings) put(w, h);
    w.u64(d.links.size());
    for (const auto& l : d.links) {
        w.str(l.destination);
        w.boolean(l.is_image);
        put(w, l.position);
    }
    w.u64(d.sections.size());
    for (const auto& s : d.sections) {
        put(w, s.heading);
        w.str(s.text);
    }
    w.u64(d.counts.sentences);
    w.u64(d.counts.words);
    w.u64(d.counts.syllables);
    w.str(d.text);
}

void get_rest(Reader& r, markdown::Document& d) {
    d.headings.resize(r.count());
    for (auto& h : d.headings) h = get_heading(r);
    d.links.resize(r.count());
    for (auto& l : d.links) {
        l.destination = r.str();
        l.is_image = r.boolean();
        l.position = get_position(r);
    }
    d.sections.resize(r.count());
    for (auto& s : d.sections) {
        s.heading = get_heading(r);
        s.text = r.str();
    }
    d.counts.sentences = r.u64();
    d.counts.words = r.u64();
    d.counts.syllables = r.u64();
    d.text = r.str();
}

void put(Writer& w, const support::Diagnostic& d) {
    w.str(d.path);
    put(w, d.position);
    w.u64(d.severity == support::Severity::error ? 1 : 0);
    w.u64(static_cast<std::uint64_t>(d.category));
    w.str(d.message);
}
support::Diagnostic get_diagnostic(Reader& r) {
    support::Diagnostic d;
    d.path = r.str();
    d.position = get_position(r);
    d.severity = r.u64() ? support::Severity::error : support::Severity::warning;
    d.category = static_cast<support::Category>(r.u64() % 3);
    d.message = r.str();
    return d;
}

void put(Writer& w, const Stamp& s) {
    w.fixed64(static_cast<std::uint64_t>(s.mtime_ns));
    w.u64(s.size);
    w.fixed64(static_cast<std::uint64_t>(s.ctime_ns));
}
Stamp get_stamp(Reader& r) {
    Stamp s;
    s.mtime_ns = static_cast<std::int64_t>(r.fixed64());
    s.size = r.u64();
    s.ctime_ns = static_cast<std::int64_t>(r.fixed64());
    return s;
}

// What every build reads of every page, kept in the state file itself: its
// stamp, digests and warnings, and its head. An edit then reads none of the
// log but the records it uses.
void put_front(Writer& w, const CachedPage& c, std::string_view head) {
    put(w, c.stamp);
    w.fixed64(c.source_hash);
    w.fixed64(c.public_digest);
    w.u64(c.diagnostics.size());
    for (const auto& d : c.diagnostics) put(w, d);
    w.str(head);
}

void get_front(Reader& r, CachedPage& c) {
    c.stamp = get_stamp(r);
    c.source_hash = r.fixed64();
    c.public_digest = r.fixed64();
    c.diagnostics.resize(r.count());
    for (auto& d : c.diagnostics) d = get_diagnostic(r);
    c.head = r.str_view();
}

// The head of a page this build parsed, encoded to be stored (a loaded
// page's is stored as it was).
std::string encoded_head(const ParsedPage& parsed) {
    Writer head;
    put_head(head, parsed.page);
    put_callouts(head, parsed.document);
    return head.take();
}

// A page's record in the log: its search entries as they are, then the rest
// of its parse. The state file says where one ends and the other begins.
std::string encoded_body(const CachedPage& c) {
    Writer rest;
    put_rest(rest, c.parsed->page.front);
    put_rest(rest, c.parsed->document);
    std::string body;
    body.reserve(c.search_entries.size() + rest.bytes().size());
    body.append(c.search_entries).append(rest.bytes());
    return body;
}

}  // namespace

bool intact(const CachedPage& page) {
    return !page.stored || support::hash_bytes(page.encoded) == page.stored->hash;
}

bool decode_head(std::string_view head, content::Page& page, markdown::Document& document) {
    Reader r(head);
    get_head(r, page);
    get_callouts(r, document);
    return r.ok() && r.at_end();
}

bool decode_rest(std::string_view rest, content::Page& page, markdown::Document& document) {
    Reader r(rest);
    get_rest(r, page.front);
    get_rest(r, document);
    return r.ok() && r.at_end();
}

support::Hash public_digest(const content::Page& page, const markdown::Document& document) {
    Writer w;
    put_head(w, page);  // everything but the body
    put_rest(w, page.front);
    w.u64(document.headings.size());
    for (const auto& h : document.headings) {
        w.i64(h.level);
        w.str(h.text);
        w.str(h.id);
    }
    w.u64(document.links.size());
    for (const auto& l : document.links) {
        w.str(l.destination);
        w.boolean(l.is_image);
    }
    w.u64(document.callouts.size());
    for (const auto& c : document.callouts) {
        w.str(c.kind);
        w.str(c.html);
    }
    return support::hash_bytes(w.bytes());
}

namespace {

Stamp stamp_from(const struct stat& info) {
    return Stamp{support::nanoseconds(info.st_mtim), static_cast<std::uint64_t>(info.st_size),
                 support::nanoseconds(info.st_ctim)};
}

std::optional<Stamp> regular_file_stamp(const struct stat& info) {
    if (!S_ISREG(info.st_mode)) return std::nullopt;
    return stamp_from(info);
}

}  // namespace

std::optional<Stamp> stamp_of(const fs::path& file) {
    struct stat info {};
    if (::stat(file.c_str(), &info) != 0) return std::nullopt;
    return regular_file_stamp(info);
}

FolderStamps::FolderStamps(const fs::path& folder) : fd_(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) {}

FolderStamps::~FolderStamps() {
    if (fd_ >= 0) ::close(fd_);
}

std::optional<Stamp> FolderStamps::of(const std::string& relative) const {
    struct stat info {};
    if (fd_ < 0 || ::fstatat(fd_, relative.c_str(), &info, 0) != 0) return std::nullopt;
    return regular_file_stamp(info);
}

std::optional<Stamp> FolderStamps::of_folder(const std::string& relative) const {
    struct stat info {};
    if (fd_ < 0 || ::fstatat(fd_, relative.empty() ? "." : relative.c_str(), &info, 0) != 0 || !S_ISDIR(info.st_mode))
        return std::nullopt;
    return stamp_from(info);
}

namespace {

// A checksum at the end, so that a torn or corrupted file is refused on load:
// eight bytes, little-endian, after the body.
std::string checksum_bytes(support::Hash checksum) {
    std::string out;
    for (int i = 0; i < 8; ++i) out += static_cast<char>((checksum >> (8 * i)) & 0xFF);
    return out;
}

std::string seal(Writer& w) {
    std::string out = w.take();
    out += checksum_bytes(support::hash_bytes(out));
    return out;
}

std::optional<std::string_view> unseal(std::string_view all) {
    if (all.size() < 8) return std::nullopt;
    const std::string_view body = all.substr(0, all.size() - 8);
    support::Hash checksum = 0;
    for (int i = 0; i < 8; ++i)
        checksum |= static_cast<support::Hash>(static_cast<unsigned char>(all[body.size() + i])) << (8 * i);
    if (checksum != support::hash_bytes(body)) return std::nullopt;
    return body;
}

fs::path stamps_path(const fs::path& file) { return file.string() + ".stamps"; }

// The state's pages in path order, listed once: saving reads them several
// times, and walking a map of ten thousand nodes spread over memory again
// and again cost more than writing them.
using PageEntries = std::vector<const std::pair<const std::string, CachedPage>*>;

PageEntries entries_of(const BuildState& state) {
    PageEntries entries;
    entries.reserve(state.pages.size());
    for (const auto& entry : state.pages) entries.push_back(&entry);
    return entries;
}

std::string stamps_bytes(const BuildState& state, const PageEntries& pages, std::uint64_t published_pages) {
    Writer w;
    w.str(kStampsMagic);
    w.u64(state.inputs);
    w.u64(state.view_inputs);
    put(w, state.manifest);
    std::uint64_t warnings = 0;
    w.u64(pages.size());
    for (const auto* entry : pages) {
        w.str(entry->first);
        put(w, entry->second.stamp);
        warnings += entry->second.diagnostics.size();
    }
    w.u64(state.other_inputs.size());
    for (const auto& [path, stamp] : state.other_inputs) {
        w.str(path);
        put(w, stamp);
    }
    w.u64(warnings);
    for (const auto* entry : pages)
        for (const auto& d : entry->second.diagnostics) put(w, d);
    w.u64(published_pages);
    w.u64(state.outputs.size());
    for (const auto& [path, record] : state.outputs) {
        w.str(path);
        w.u64(record.size);
        w.fixed64(static_cast<std::uint64_t>(record.modified_ns));
    }
    w.strings(state.listing.files);
    w.strings(state.listing.symlinks);
    w.u64(state.listing.folders.size());
    for (const auto& [path, stamp] : state.listing.folders) {
        w.str(path);
        put(w, stamp);
    }
    return seal(w);
}

}  // namespace

std::optional<Stamps> load_stamps(const fs::path& file) {
    auto read = support::read_file(stamps_path(file));
    if (!read.text) return std::nullopt;
    Stamps stamps;
    stamps.file = std::make_shared<const std::string>(std::move(*read.text));
    const auto body = unseal(*stamps.file);
    if (!body) return std::nullopt;
    Reader r(*body);
    if (r.str() != kStampsMagic) return std::nullopt;
    stamps.inputs = r.u64();
    stamps.view_inputs = r.u64();
    stamps.manifest = get_stamp(r);
    stamps.pages.resize(r.count());
    for (auto& [path, stamp] : stamps.pages) {
        path = r.str_view();
        stamp = get_stamp(r);
    }
    for (std::size_t n = r.count(); n > 0 && r.ok(); --n) {
        std::string path = r.str();
        stamps.other_inputs[path] = get_stamp(r);
    }
    stamps.diagnostics.resize(r.count());
    for (auto& d : stamps.diagnostics) d = get_diagnostic(r);
    stamps.published_pages = r.u64();
    stamps.outputs.resize(r.count());
    for (auto& output : stamps.outputs) {
        output.path = r.str_view();
        output.size = r.u64();
        output.modified_ns = static_cast<std::int64_t>(r.fixed64());
    }
    stamps.listing.files = r.strings();
    stamps.listing.symlinks = r.strings();
    stamps.listing.folders.resize(r.count());
    for (auto& [path, stamp] : stamps.listing.folders) {
        path = r.str();
        stamp = get_stamp(r);
    }
    if (!r.ok() || !r.at_end()) return std::nullopt;
    return stamps;
}

namespace {

void put(Writer& w, const RecordRef& ref) {
    w.u64(ref.offset);
    w.u64(ref.size);
    w.fixed64(ref.hash);
}
RecordRef get_record_ref(Reader& r) {
    RecordRef ref;
    ref.offset = r.u64();
    ref.size = r.u64();
    ref.hash = r.fixed64();
    return ref;
}

// About what the pages section will take, a parsed page's head guessed
// (it is encoded as the section is written). Grown by doubling instead, its
// 3.7 MB at 10,000 pages would be copied about twice over, each time into
// fresh memory.
std::size_t section_size_estimate(const PageEntries& pages) {
    constexpr std::size_t kNumbersPerPage = 128;  // the stamp, digests and record reference, with room to spare
    constexpr std::size_t kParsedHead = 4096;
    std::size_t estimate = 4096;
    for (const auto* entry : pages) {
        const auto& page = entry->second;
        estimate += kNumbersPerPage + entry->first.size() + (page.parsed ? kParsedHead : page.head.size());
        for (const auto& d : page.diagnostics) estimate += kNumbersPerPage + d.path.size() + d.message.size();
    }
    return estimate;
}

// Each page's path, where its record is, and its front: made beside the end
// of the build, with the records (see save_records).
std::string pages_section(const PageEntries& pages, const LogWrite& log) {
    Writer w;
    w.reserve(section_size_estimate(pages));
    w.str(log.file.filename().string());
    w.u64(pages.size());
    for (std::size_t i = 0; i < pages.size(); ++i) {
        const auto& page = pages[i]->second;
        w.str(pages[i]->first);
        put(w, log.refs[i]);
        w.u64(page.search_entries.size());  // the record's first bytes
        if (page.parsed) put_front(w, page, encoded_head(*page.parsed));
        else put_front(w, page, page.head);
    }
    return w.take();
}

// The state file is what comes before the pages section, the section
// (made beside the end of the build), what comes after it, and a checksum
// of the three. Everything but the pages' records, which are in the log.
void put_before_pages(Writer& w, const BuildState& state) {
    w.str(kMagic);
    w.u64(state.inputs);
    w.u64(state.view_inputs);
    w.u64(state.site_shape);
}

void put_after_pages(Writer& w, const BuildState& state) {
    w.u64(state.other_inputs.size());
    for (const auto& [path, stamp] : state.other_inputs) {
        w.str(path);
        put(w, stamp);
    }
    w.u64(state.outputs.size());
    for (const auto& [path, record] : state.outputs) {
        w.str(path);
        w.fixed64(record.template_hash);
        w.fixed64(record.view_hash);
        w.fixed64(record.bytes_hash);
        w.u64(record.size);
        w.fixed64(static_cast<std::uint64_t>(record.modified_ns));
    }
    // Each list is sorted: stored as differences, which are small numbers.
    w.u64(state.backlinks.size());
    for (const auto& from : state.backlinks) {
        w.u64(from.size());
        std::uint32_t last = 0;
        for (const auto page : from) {
            w.u64(page - last);
            last = page;
        }
    }
    put(w, state.manifest);
}

LogWrite write_records(const fs::path& file, const BuildState& state, const PageEntries& pages, unsigned jobs) {
    LogRecords records;
    records.count = pages.size();
    records.stored = [&](std::size_t i) {
        const auto& page = pages[i]->second;
        return state.log && page.stored ? &*page.stored : nullptr;
    };
    // Each page is a record of its own, so that saving can leave a page the
    // build did not change where it is in the log.
    records.encode = [&](std::size_t i) { return encoded_body(pages[i]->second); };
    return write_log(file, state.log.get(), records, jobs);
}

}  // namespace

SavedRecords save_records(const fs::path& file, const BuildState& state, unsigned jobs) {
    SavedRecords saved;
    saved.pages = entries_of(state);
    saved.log = write_records(file, state, saved.pages, jobs);
    if (saved.log.error.empty()) saved.pages_section = pages_section(saved.pages, saved.log);
    return saved;
}

namespace {

// Written in its pieces: the pages section is most of it, and copying it
// into one string first costs an edit's rebuild a few milliseconds.
std::string write_state_file(const fs::path& file, const BuildState& state, const SavedRecords& records) {
    Writer before;
    put_before_pages(before, state);
    Writer after;
    put_after_pages(after, state);
    support::Hasher checksum;
    checksum.add_bytes(before.bytes()).add_bytes(records.pages_section).add_bytes(after.bytes());
    return support::write_file_atomically(file, [&](const support::ByteSink& sink) {
        sink(before.bytes());
        sink(records.pages_section);
        sink(after.bytes());
        sink(checksum_bytes(checksum.digest()));
    });
}

}  // namespace

std::string save(const fs::path& file, const BuildState& state, const SavedRecords& records,
                 std::uint64_t published_pages) {
    if (!records.log.error.empty()) {
        discard(records.log);
        return records.log.error;
    }
    // The stamps go last: a build that stops before them leaves no stamps,
    // so the next build checks every file.
    std::error_code ec;
    fs::remove(stamps_path(file), ec);
    std::string stamps;
    std::string error;
    {
        // Both only read the state: the stamps are made while the state is written.
        const std::jthread stamper([&] { stamps = stamps_bytes(state, records.pages, published_pages); });
        error = write_state_file(file, state, records);
    }
    if (!error.empty()) return error;
    remove_other_logs(file, records.log.file);
    return support::write_file_atomically(stamps_path(file), stamps);
}

std::string save(const fs::path& file, const BuildState& state, std::uint64_t published_pages, unsigned jobs) {
    return save(file, state, save_records(file, state, jobs), published_pages);
}

namespace {

// Reads each page's front from the state file, and points its search
// entries and rest into its record in the log without reading the record:
// see intact().
bool decode_pages(Reader& r, BuildState& state) {
    for (std::size_t n = r.count(); n > 0 && r.ok(); --n) {
        const auto path = r.str_view();
        // Stored in path order, so each page goes at the end.
        auto& page = state.pages.emplace_hint(state.pages.end(), std::string(path), CachedPage{})->second;
        const RecordRef ref = get_record_ref(r);
        const std::uint64_t entries = r.u64();
        get_front(r, page);
        const auto record = state.log->record(ref);
        if (!record || entries > record->size()) return false;
        page.search_entries = record->substr(0, entries);
        page.rest = record->substr(entries);
        page.encoded = *record;
        page.stored = ref;
    }
    return r.ok();
}

// The log's name, refused unless it is a plain file name beside the state.
std::optional<fs::path> log_file(const fs::path& state_file, std::string_view name) {
    if (name.empty() || name.find('/') != std::string_view::npos || name == "." || name == "..") return std::nullopt;
    return state_file.parent_path() / std::string(name);
}

}  // namespace

std::optional<BuildState> load(const fs::path& file) {
    auto read = support::read_file(file);
    if (!read.text) return std::nullopt;
    BuildState state;
    state.file = std::make_shared<const std::string>(std::move(*read.text));
    const auto body = unseal(*state.file);
    if (!body) return std::nullopt;
    Reader r(*body);
    if (r.str() != kMagic) return std::nullopt;
    state.inputs = r.u64();
    state.view_inputs = r.u64();
    state.site_shape = r.u64();
    const auto log = log_file(file, r.str_view());
    auto opened = log ? PageLog::open(*log) : std::nullopt;
    if (!opened) return std::nullopt;
    state.log = std::make_shared<const PageLog>(std::move(*opened));
    if (!decode_pages(r, state)) return std::nullopt;
    for (std::size_t n = r.count(); n > 0 && r.ok(); --n) {
        std::string path = r.str();
        state.other_inputs[path] = get_stamp(r);
    }
    for (std::size_t n = r.count(); n > 0 && r.ok(); --n) {
        auto& record = state.outputs.emplace_hint(state.outputs.end(), r.str(), OutputRecord{})->second;
        record.template_hash = r.fixed64();
        record.view_hash = r.fixed64();
        record.bytes_hash = r.fixed64();
        record.size = r.u64();
        record.modified_ns = static_cast<std::int64_t>(r.fixed64());
    }
    state.backlinks.resize(r.count());
    for (auto& from : state.backlinks) {
        from.resize(r.count());
        std::uint64_t page = 0;
        for (auto& item : from) {
            page += r.u64();
            item = static_cast<std::uint32_t>(page);
        }
    }
    state.manifest = get_stamp(r);
    if (!r.ok() || !r.at_end()) return std::nullopt;
    return state;
}

}  // namespace healthsite::state
