#include "generator/readability/readability.hpp"

#include <string>

namespace healthsite::readability {

namespace {

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word_char(char c) { return is_letter(c) || is_digit(c) || c == '\''; }
bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'; }
bool is_terminator(char c) { return c == '.' || c == '!' || c == '?'; }
bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

}  // namespace

std::size_t syllables_in(std::string_view word) {
    // Vowel groups among the letters, lowercased; the last three letters are
    // kept for the silent-e rule. No copy of the word is made: this runs on
    // every word of every page.
    std::size_t groups = 0;
    std::size_t n = 0;
    bool in_vowels = false;
    char last[3] = {0, 0, 0};  // last[2] is the most recent letter
    for (const char raw : word) {
        if (!is_letter(raw)) continue;
        const char c = static_cast<char>(raw | 0x20);
        if (is_vowel(c) && !in_vowels) ++groups;
        in_vowels = is_vowel(c);
        last[0] = last[1];
        last[1] = last[2];
        last[2] = c;
        ++n;
    }
    const bool silent_e = n > 2 && last[2] == 'e' && !(last[1] == 'l' && !is_vowel(last[0]));
    if (silent_e && groups > 1) --groups;
    return groups == 0 ? 1 : groups;
}

void Counts::add_block(std::string_view text) {
    std::size_t words_in_sentence = 0;
    for (std::size_t i = 0; i < text.size();) {
        if (is_word_char(text[i])) {
            const std::size_t start = i;
            bool has_letter = false;
            while (i < text.size() && is_word_char(text[i])) has_letter |= is_letter(text[i++]);
            if (has_letter) {
                ++words;
                ++words_in_sentence;
                syllables += syllables_in(text.substr(start, i - start));
            }
            continue;
        }
        if (is_terminator(text[i])) {
            while (i < text.size() && is_terminator(text[i])) ++i;
            const bool ends_here = i == text.size() || is_space(text[i]) || text[i] == '"' || text[i] == ')';
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
