#include "generator/readability/readability.hpp"

#include <array>
#include <string>

namespace healthsite::readability {

namespace {

// What each byte is to the counts, looked up once per byte: this runs over
// every character of every page.
enum Class : unsigned char { kLetter = 1, kDigit = 2, kApostrophe = 4, kVowel = 8, kTerminator = 16, kSpace = 32 };
constexpr unsigned char kWordChar = kLetter | kDigit | kApostrophe;

constexpr std::array<unsigned char, 256> classes() {
    std::array<unsigned char, 256> table{};
    for (int c = 'a'; c <= 'z'; ++c) table[c] = table[c - 32] = kLetter;
    for (const char v : std::string_view("aeiouyAEIOUY")) table[static_cast<unsigned char>(v)] = kLetter | kVowel;
    for (int c = '0'; c <= '9'; ++c) table[c] = kDigit;
    table['\''] = kApostrophe;
    for (const char t : std::string_view(".!?")) table[static_cast<unsigned char>(t)] = kTerminator;
    for (const char w : std::string_view(" \n\t\r")) table[static_cast<unsigned char>(w)] = kSpace;
    return table;
}

constexpr auto kClasses = classes();

unsigned char class_of(char c) { return kClasses[static_cast<unsigned char>(c)]; }
bool is_vowel(char c) { return (class_of(c) & kVowel) != 0; }

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
        const bool silent_e = letters_ > 2 && last_[2] == 'e' && !(last_[1] == 'l' && !is_vowel(last_[0]));
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

}  // namespace

std::size_t syllables_in(std::string_view word) {
    SyllableCounter counter;
    for (const char c : word) counter.add(c);
    return counter.syllables();
}

void Counts::add_block(std::string_view text) {
    std::size_t words_in_sentence = 0;
    const std::size_t size = text.size();
    for (std::size_t i = 0; i < size;) {
        const unsigned char kind = class_of(text[i]);
        if (kind & kWordChar) {
            SyllableCounter word;
            while (i < size && (class_of(text[i]) & kWordChar)) word.add(text[i++]);
            if (word.has_letter()) {
                ++words;
                ++words_in_sentence;
                syllables += word.syllables();
            }
            continue;
        }
        if (kind & kTerminator) {
            while (i < size && (class_of(text[i]) & kTerminator)) ++i;
            const bool ends_here = i == size || (class_of(text[i]) & kSpace) || text[i] == '"' || text[i] == ')';
            if (ends_here && words_in_sentence > 0) {
                ++sentences;
                words_in_sentence = 0;
            }
            continue;
        }
        ++i;
    }
    if (words_in_sentence > 0) ++sentences;
}

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
