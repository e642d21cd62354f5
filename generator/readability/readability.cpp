#include "generator/readability/readability.hpp"

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "generator/support/cpu.hpp"

namespace healthsite::readability {

namespace {

// What each byte is to the counts. This runs over every character of every
// page, so blocks are scanned 64 bytes at a time as bit masks (see
// BlockScanner); the table serves single bytes and the portable path.
enum Class : unsigned char { kLetter = 1, kDigit = 2, kApostrophe = 4, kVowel = 8, kTerminator = 16, kCloser = 32 };
constexpr unsigned char kWordChar = kLetter | kDigit | kApostrophe;

constexpr std::array<unsigned char, 256> classes() {
    std::array<unsigned char, 256> table{};
    for (int c = 'a'; c <= 'z'; ++c) table[c] = table[c - 32] = kLetter;
    for (const char v : std::string_view("aeiouyAEIOUY")) table[static_cast<unsigned char>(v)] = kLetter | kVowel;
    for (int c = '0'; c <= '9'; ++c) table[c] = kDigit;
    table['\''] = kApostrophe;
    for (const char t : std::string_view(".!?")) table[static_cast<unsigned char>(t)] = kTerminator;
    // What may follow a terminator that ends a sentence.
    for (const char w : std::string_view(" \n\t\r\")")) table[static_cast<unsigned char>(w)] = kCloser;
    return table;
}

constexpr auto kClasses = classes();

unsigned char class_of(char c) { return kClasses[static_cast<unsigned char>(c)]; }
bool is_vowel(char c) { return (class_of(c) & kVowel) != 0; }

// A word's last three letters end in a silent 'e', but not "-le" after a
// consonant: the one statement of the rule, for both ways of counting.
bool ends_in_silent_e(char third_last, char second_last, char last) {
    const auto lower = [](char c) { return static_cast<char>(c | 0x20); };
    return lower(last) == 'e' && !(lower(second_last) == 'l' && !is_vowel(third_last));
}

// The syllables of a word, counted as its letters go by.
class SyllableCounter {
public:
    void add(char c) {
        const unsigned char kind = class_of(c);
        if (!(kind & kLetter)) return;
        const bool vowel = (kind & kVowel) != 0;
        if (vowel && !in_vowels_) ++groups_;
        in_vowels_ = vowel;
        last_[0] = last_[1];
        last_[1] = last_[2];
        last_[2] = static_cast<char>(c | 0x20);  // lowercased
        ++letters_;
    }

    // Vowel groups, less a silent final 'e' (but not "-le"), and at least one.
    [[nodiscard]] std::size_t syllables() const {
        std::size_t groups = groups_;
        const bool silent_e = letters_ > 2 && ends_in_silent_e(last_[0], last_[1], last_[2]);
        if (silent_e && groups > 1) --groups;
        return groups == 0 ? 1 : groups;
    }

    [[nodiscard]] bool has_letter() const { return letters_ > 0; }

private:
    std::size_t groups_ = 0;
    std::size_t letters_ = 0;
    bool in_vowels_ = false;
    char last_[3] = {0, 0, 0};  // last_[2] is the most recent letter
};

// Bit i of each mask describes byte i of a 64-byte chunk.
struct ChunkMasks {
    std::uint64_t word = 0;    // letters, digits and apostrophes
    std::uint64_t letter = 0;
    std::uint64_t vowel = 0;
    std::uint64_t e = 0;  // 'e' or 'E', for the silent final e
    std::uint64_t terminator = 0;
};

constexpr std::size_t kChunk = 64;
constexpr std::size_t kPart = 16;  // bytes classified at a time
constexpr int kParts = kChunk / kPart;

// Parts that hold the first `bytes` bytes of a chunk. A short block or a
// block's tail is classified only that far: the bytes after it have no bits,
// which counts them as spaces (closers too need none there, as a sentence end
// counts only when a word follows it).
int parts_for(std::size_t bytes) { return static_cast<int>((bytes + kPart - 1) / kPart); }

#if defined(__SSE2__)

std::uint64_t bits_of(__m128i bytes_matched, int part) {
    return static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(bytes_matched))) << (16 * part);
}

// Bytes in [low, low + count), compared as unsigned.
__m128i in_range(__m128i bytes, char low, int count) {
    const __m128i offset = _mm_xor_si128(_mm_sub_epi8(bytes, _mm_set1_epi8(low)), _mm_set1_epi8(-128));
    return _mm_cmplt_epi8(offset, _mm_set1_epi8(static_cast<char>(count - 128)));
}

__m128i equal_to_any(__m128i bytes, std::string_view set) {
    __m128i matched = _mm_setzero_si128();
    for (const char c : set) matched = _mm_or_si128(matched, _mm_cmpeq_epi8(bytes, _mm_set1_epi8(c)));
    return matched;
}

__m128i load(const char* bytes, int part) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + 16 * part)); }

// Inlined, so that scan_chunk's x86-64-v3 copy has its own copy of it.
[[gnu::always_inline]] inline ChunkMasks classify(const char* bytes, int parts) {
    ChunkMasks masks;
    for (int part = 0; part < kParts && part < parts; ++part) {  // unrolled: the bound is a constant
        const __m128i raw = load(bytes, part);
        const __m128i lower = _mm_or_si128(raw, _mm_set1_epi8(0x20));  // only A-Z become a-z
        const __m128i letter = in_range(lower, 'a', 26);
        const __m128i other = _mm_or_si128(in_range(raw, '0', 10), _mm_cmpeq_epi8(raw, _mm_set1_epi8('\'')));
        masks.letter |= bits_of(letter, part);
        masks.word |= bits_of(_mm_or_si128(letter, other), part);
        const __m128i e = _mm_cmpeq_epi8(lower, _mm_set1_epi8('e'));
        masks.e |= bits_of(e, part);
        masks.vowel |= bits_of(_mm_or_si128(e, equal_to_any(lower, "aiouy")), part);
        masks.terminator |= bits_of(equal_to_any(raw, ".!?"), part);
    }
    return masks;
}

std::uint64_t closers(const char* bytes, int parts) {
    std::uint64_t mask = 0;
    for (int part = 0; part < kParts && part < parts; ++part)
        mask |= bits_of(equal_to_any(load(bytes, part), " \n\t\r\")"), part);
    return mask;
}

#else

ChunkMasks classify(const char* bytes, int parts) {
    ChunkMasks masks;
    for (std::size_t i = 0; i < kPart * static_cast<std::size_t>(parts); ++i) {
        const unsigned char kind = class_of(bytes[i]);
        const std::uint64_t bit = std::uint64_t{1} << i;
        if (kind & kWordChar) masks.word |= bit;
        if (kind & kLetter) masks.letter |= bit;
        if (kind & kVowel) masks.vowel |= bit;
        if ((bytes[i] | 0x20) == 'e') masks.e |= bit;
        if (kind & kTerminator) masks.terminator |= bit;
    }
    return masks;
}

std::uint64_t closers(const char* bytes, int parts) {
    std::uint64_t mask = 0;
    for (std::size_t i = 0; i < kPart * static_cast<std::size_t>(parts); ++i)
        if (class_of(bytes[i]) & kCloser) mask |= std::uint64_t{1} << i;
    return mask;
}

#endif

// Set bits, counted without assuming the processor's popcount instruction.
int bits_set(std::uint64_t bits) {
    bits -= (bits >> 1) & 0x5555555555555555u;
    bits = (bits & 0x3333333333333333u) + ((bits >> 2) & 0x3333333333333333u);
    bits = (bits + (bits >> 4)) & 0x0f0f0f0f0f0f0f0fu;
    return static_cast<int>((bits * 0x0101010101010101u) >> 56);
}

// Vowels not right after a vowel: where a word's vowel groups start, in a
// chunk whose words are all letters.
std::uint64_t vowel_group_starts(const ChunkMasks& masks) { return masks.vowel & ~(masks.vowel << 1); }

std::uint64_t lowest_bit(std::uint64_t bits) { return bits & (~bits + 1); }
std::uint64_t bits_below(int position) { return (std::uint64_t{1} << position) - 1; }
std::uint64_t bits_above(int position) { return ~((std::uint64_t{2} << position) - 1); }
std::uint64_t bits_from_to(int first, int last) { return (std::uint64_t{2} << last) - (std::uint64_t{1} << first); }

// Counts one block a chunk of 64 bytes at a time, from bit masks of the
// bytes. A chunk whose words are all letters (most of them) is counted as a
// whole: its words and vowel groups are popcounts, and only words ending in
// 'e' are looked at one by one. A chunk with digits or apostrophes is counted
// word by word, and any word that is not all letters goes through
// SyllableCounter, the rule itself. A word that runs past a chunk starts the
// next one. Sentence ends are counted lazily: an end counts when a word
// follows it, and the end of the block closes the last sentence.
class BlockScanner {
public:
    BlockScanner(Counts& counts, std::string_view text) : counts_(counts), text_(text) {}

    void run() {
        for (std::size_t base = 0; base < text_.size();) {
            const std::size_t left = text_.size() - base;
            // The end of the block reads as spaces: it ends words and sentences.
            const unsigned char next = left > kChunk ? class_of(text_[base + kChunk]) : class_of(' ');
            if (left >= kChunk) {
                base += scan_chunk(text_.data() + base, base, next, kParts);
                continue;
            }
            std::array<char, kChunk> padded;
            padded.fill(' ');
            std::memcpy(padded.data(), text_.data() + base, left);
            base += scan_chunk(padded.data(), base, next, parts_for(left));
        }
        if (have_words_) ++counts_.sentences;
    }

private:
    static constexpr std::size_t kNoWord = static_cast<std::size_t>(-1);

    // The chunk's masks, cut where a word runs past its end.
    struct Chunk {
        const char* bytes;
        std::size_t base;
        ChunkMasks masks;
        std::uint64_t starts;  // first bytes of words
        std::uint64_t ends;    // last bytes of words
        std::uint64_t sentence_ends;
    };

    // Counts the chunk, classified as far as its first `parts` parts, and
    // returns how far to move on.
    HEALTHSITE_X86_64_V3_COPY std::size_t scan_chunk(const char* bytes, std::size_t base, unsigned char next,
                                                     int parts) {
        Chunk chunk{bytes, base, classify(bytes, parts), 0, 0, 0};
        const std::uint64_t word_next = (next & kWordChar) ? 1 : 0;
        if (long_word_ != kNoWord) {
            const std::uint64_t word = chunk.masks.word;
            const std::uint64_t ends = word & ~((word >> 1) | (word_next << 63));
            if (ends == 0) return kChunk;
            const int end = std::countr_zero(ends);
            count_word(text_.substr(long_word_, base + static_cast<std::size_t>(end) + 1 - long_word_));
            long_word_ = kNoWord;
            keep(chunk, bits_above(end));
        }
        const std::uint64_t word = chunk.masks.word;
        chunk.starts = word & ~(word << 1);
        chunk.ends = word & ~((word >> 1) | (word_next << 63));
        chunk.sentence_ends = sentence_ends_in(bytes, parts, chunk.masks.terminator, next);
        std::size_t advance = kChunk;
        if ((word >> 63) && word_next) {  // the last word runs on
            const int start = 63 - std::countl_zero(chunk.starts);
            if (start == 0) long_word_ = base;
            else advance = static_cast<std::size_t>(start);
            keep(chunk, bits_below(start));
        }
        if ((chunk.masks.word & ~chunk.masks.letter) == 0)
            count_letter_words(chunk);
        else
            count_word_by_word(chunk);
        return advance;
    }

    static void keep(Chunk& chunk, std::uint64_t kept) {
        chunk.masks.word &= kept;
        chunk.masks.letter &= kept;
        chunk.masks.vowel &= kept;
        chunk.masks.e &= kept;
        chunk.masks.terminator &= kept;
        chunk.starts &= kept;
        chunk.ends &= kept;
        chunk.sentence_ends &= kept;
    }

    // Every word in the chunk is letters only, and starts and ends in it.
    void count_letter_words(const Chunk& chunk) {
        const ChunkMasks& masks = chunk.masks;
        if (chunk.starts == 0) {
            if (chunk.sentence_ends) end_seen_ = true;
            return;
        }
        const std::uint64_t group_starts = vowel_group_starts(masks);
        std::size_t syllables = static_cast<std::size_t>(bits_set(group_starts) + bits_set(words_without_vowels(chunk)));
        for (std::uint64_t e_ends = chunk.ends & masks.e; e_ends != 0; e_ends &= e_ends - 1) {
            const int end = std::countr_zero(e_ends);
            const int start = 63 - std::countl_zero(chunk.starts & bits_from_to(0, end));
            const std::uint64_t groups = group_starts & bits_from_to(start, end);
            if (has_silent_e(chunk.bytes, start, end) && (groups & (groups - 1)) != 0) --syllables;
        }
        counts_.words += static_cast<std::size_t>(bits_set(chunk.starts));
        counts_.syllables += syllables;
        count_sentences(chunk.starts, chunk.sentence_ends);
    }

    // Words with no vowel: the runs of consonants from their first letters
    // reach the end of the word. Adding the starts carries through each run
    // to the byte after it.
    static std::uint64_t words_without_vowels(const Chunk& chunk) {
        const std::uint64_t consonants = chunk.masks.word & ~chunk.masks.vowel;
        const std::uint64_t run_starts = chunk.starts & ~chunk.masks.vowel;
        if (run_starts == 0) return 0;
        std::uint64_t sum = 0;
        const bool past_end = __builtin_add_overflow(consonants, run_starts, &sum);
        const std::uint64_t after_runs = sum & ~consonants;
        return (after_runs & ~chunk.masks.word) | (past_end ? 1 : 0);
    }

    // Sentences ended before each of the chunk's words, all of which count.
    void count_sentences(std::uint64_t word_starts, std::uint64_t sentence_ends) {
        std::uint64_t after_an_end = end_seen_ ? lowest_bit(word_starts) : 0;
        bool ends_after_last_word = false;
        for (; sentence_ends != 0; sentence_ends &= sentence_ends - 1) {
            const std::uint64_t later = word_starts & bits_above(std::countr_zero(sentence_ends));
            if (later) after_an_end |= lowest_bit(later);
            else ends_after_last_word = true;
        }
        if (!have_words_) after_an_end &= ~lowest_bit(word_starts);  // the block's first word opens a sentence
        counts_.sentences += static_cast<std::size_t>(bits_set(after_an_end));
        have_words_ = true;
        end_seen_ = ends_after_last_word;
    }

    void count_word_by_word(Chunk& chunk) {
        const std::uint64_t group_starts = vowel_group_starts(chunk.masks);
        const std::uint64_t not_letters = chunk.masks.word & ~chunk.masks.letter;
        std::uint64_t ends = chunk.ends;
        for (std::uint64_t left = chunk.starts; left != 0; left &= left - 1) {
            const int start = std::countr_zero(left);
            const std::uint64_t before = bits_below(start);
            if (chunk.sentence_ends & before) {
                end_seen_ = true;
                chunk.sentence_ends &= ~before;
            }
            const int end = std::countr_zero(ends);
            ends &= ends - 1;
            const std::uint64_t span = bits_from_to(start, end);
            if (not_letters & span) {
                count_word(text_.substr(chunk.base + static_cast<std::size_t>(start), static_cast<std::size_t>(end - start + 1)));
                continue;
            }
            std::size_t groups = static_cast<std::size_t>(bits_set(group_starts & span));
            if (groups > 1 && has_silent_e(chunk.bytes, start, end)) --groups;
            add_word(groups == 0 ? 1 : groups);
        }
        if (chunk.sentence_ends) end_seen_ = true;
    }

    // Last bytes of terminator runs followed by a space, '"', ')' or the end.
    static std::uint64_t sentence_ends_in(const char* bytes, int parts, std::uint64_t terminators, unsigned char next) {
        if (terminators == 0) return 0;
        const std::uint64_t next_is_terminator = (next & kTerminator) ? 1 : 0;
        const std::uint64_t next_is_closer = (next & kCloser) ? 1 : 0;
        const std::uint64_t run_ends = terminators & ~((terminators >> 1) | (next_is_terminator << 63));
        return run_ends & ((closers(bytes, parts) >> 1) | (next_is_closer << 63));
    }

    // SyllableCounter's silent e, for a word of letters only, bytes[start..end].
    static bool has_silent_e(const char* bytes, int start, int end) {
        return end - start >= 2 && ends_in_silent_e(bytes[end - 2], bytes[end - 1], bytes[end]);
    }

    void count_word(std::string_view word) {
        SyllableCounter counter;
        for (const char c : word) counter.add(c);
        if (counter.has_letter()) add_word(counter.syllables());
    }

    void add_word(std::size_t syllables) {
        ++counts_.words;
        counts_.syllables += syllables;
        if (have_words_ && end_seen_) ++counts_.sentences;
        have_words_ = true;
        end_seen_ = false;
    }

    Counts& counts_;
    std::string_view text_;
    std::size_t long_word_ = kNoWord;  // where a word longer than a chunk started
    bool have_words_ = false;
    bool end_seen_ = false;  // a sentence end since the last word
};

}  // namespace

std::size_t syllables_in(std::string_view word) {
    SyllableCounter counter;
    for (const char c : word) counter.add(c);
    return counter.syllables();
}

void Counts::add_block(std::string_view text) { BlockScanner(*this, text).run(); }

Counts& Counts::operator+=(const Counts& other) {
    sentences += other.sentences;
    words += other.words;
    syllables += other.syllables;
    return *this;
}

double flesch_kincaid_grade(const Counts& counts) {
    if (counts.words == 0 || counts.sentences == 0) return 0;
    const double words = static_cast<double>(counts.words);
    return 0.39 * words / static_cast<double>(counts.sentences) +
           11.8 * static_cast<double>(counts.syllables) / words - 15.59;
}

}  // namespace healthsite::readability
