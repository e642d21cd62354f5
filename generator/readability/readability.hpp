#pragma once
// Flesch-Kincaid reading grade of rendered text.
#include <cstddef>
#include <string_view>

namespace healthsite::readability {

struct Counts {
    std::size_t sentences = 0;
    std::size_t words = 0;
    std::size_t syllables = 0;

    // Adds one block of rendered text (a paragraph, heading, list item or
    // table cell). A block always ends a sentence, so a heading or list item
    // without a full stop is not glued to the next one.
    void add_block(std::string_view text);
    Counts& operator+=(const Counts& other);
};

// Syllables in one word, by vowel groups (a e i o u y), less a silent final
// 'e' (but not "-le"), and at least one.
[[nodiscard]] std::size_t syllables_in(std::string_view word);

// 0.39 * words/sentences + 11.8 * syllables/words - 15.59; 0 for no words.
[[nodiscard]] double flesch_kincaid_grade(const Counts& counts);

}  // namespace healthsite::readability
