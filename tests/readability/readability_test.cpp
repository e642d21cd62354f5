// Tests of the reading-grade counts: syllables by the documented rule,
// sentences and words in a block, and the Flesch-Kincaid formula.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "generator/readability/readability.hpp"

using namespace healthsite::readability;

namespace {

Counts counts_of(std::string_view block) {
    Counts counts;
    counts.add_block(block);
    return counts;
}

Counts make_counts(std::size_t sentences, std::size_t words, std::size_t syllables) {
    Counts counts;
    counts.sentences = sentences;
    counts.words = words;
    counts.syllables = syllables;
    return counts;
}

// The documented rules, one byte at a time: the plainest statement of what
// add_block must count, however it scans.
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_word_char(char c) { return is_letter(c) || (c >= '0' && c <= '9') || c == '\''; }
bool is_terminator(char c) { return c == '.' || c == '!' || c == '?'; }

Counts counted_byte_by_byte(std::string_view text) {
    Counts counts;
    std::size_t words_in_sentence = 0;
    for (std::size_t i = 0; i < text.size();) {
        if (is_word_char(text[i])) {
            const std::size_t start = i;
            bool has_letter = false;
            for (; i < text.size() && is_word_char(text[i]); ++i) has_letter = has_letter || is_letter(text[i]);
            if (!has_letter) continue;
            ++counts.words;
            ++words_in_sentence;
            counts.syllables += syllables_in(text.substr(start, i - start));
        } else if (is_terminator(text[i])) {
            while (i < text.size() && is_terminator(text[i])) ++i;
            const bool ends = i == text.size() || std::string_view(" \n\t\r\")").find(text[i]) != std::string_view::npos;
            if (ends && words_in_sentence > 0) {
                ++counts.sentences;
                words_in_sentence = 0;
            }
        } else {
            ++i;
        }
    }
    if (words_in_sentence > 0) ++counts.sentences;
    return counts;
}

// Text made mostly of the bytes the counts care about, with words long
// enough to cross the 64-byte chunks add_block scans.
std::string random_block(std::mt19937& random) {
    static constexpr std::string_view kPieces[] = {
        "a", "e", "i", "o", "u", "y", "E", "Y", "l", "L", "b", "t", "s", "Q", "le", "e", "'", "7", "0",
        " ", " ", " ", "\n", "\t", "\r", ".", "!", "?", "\"", ")", "(", ",", "-", "\xc3\xa9", "\xe2\x80\x99", "[", "`", "@",
    };
    std::uniform_int_distribution<std::size_t> piece(0, std::size(kPieces) - 1);
    std::uniform_int_distribution<int> length(0, 300);
    std::string text;
    const int pieces = length(random);
    for (int i = 0; i < pieces; ++i) {
        if (random() % 97 == 0) text.append(64 + random() % 80, "aeltk'9"[random() % 7]);  // a word over a chunk
        text += kPieces[piece(random)];
    }
    return text;
}

}  // namespace

// The rule (readability.hpp): vowel groups (a e i o u y), less a silent final
// 'e' but not "-le" after a consonant, and at least one.

TEST_CASE("a word with one vowel group has one syllable", "[syllables]") {
    CHECK(syllables_in("cat") == 1u);
    CHECK(syllables_in("leg") == 1u);
    CHECK(syllables_in("night") == 1u);
    CHECK(syllables_in("queue") == 1u);  // one run of vowels
}

TEST_CASE("each vowel group counts one syllable", "[syllables]") {
    CHECK(syllables_in("doctor") == 2u);
    CHECK(syllables_in("muscle") == 2u);
    CHECK(syllables_in("artery") == 3u);  // a, e, y
    CHECK(syllables_in("circulation") == 4u);  // i, u, a, io
    CHECK(syllables_in("disease") == 2u);  // i, ea; the final e is silent
}

TEST_CASE("y counts as a vowel", "[syllables]") {
    CHECK(syllables_in("rhythm") == 1u);
    CHECK(syllables_in("my") == 1u);
}

TEST_CASE("a silent final e is not counted", "[syllables]") {
    CHECK(syllables_in("stone") == 1u);
    CHECK(syllables_in("whale") == 1u);    // -le after a vowel is a silent e
    CHECK(syllables_in("create") == 1u);   // e-a, then a silent e: the rule gives one
    CHECK(syllables_in("release") == 2u);
}

TEST_CASE("a final -le after a consonant keeps its syllable", "[syllables]") {
    CHECK(syllables_in("table") == 2u);
    CHECK(syllables_in("ankle") == 2u);
    CHECK(syllables_in("little") == 2u);
}

TEST_CASE("a word whose only vowel is a final e still has one syllable", "[syllables]") {
    CHECK(syllables_in("the") == 1u);
    CHECK(syllables_in("be") == 1u);
    CHECK(syllables_in("see") == 1u);
}

TEST_CASE("a word has at least one syllable", "[syllables]") {
    CHECK(syllables_in("hmm") == 1u);
    CHECK(syllables_in("B12") == 1u);
    CHECK(syllables_in("") == 1u);
}

TEST_CASE("syllables ignore case and non-letters", "[syllables]") {
    CHECK(syllables_in("TABLE") == syllables_in("table"));
    CHECK(syllables_in("Doctor's") == 2u);
    CHECK(syllables_in("don't") == 1u);
}

TEST_CASE("a block counts words and sentences at full stops, question and exclamation marks", "[counts]") {
    const auto counts = counts_of("My legs hurt. Why at night? Rest now!");
    CHECK(counts.sentences == 3u);
    CHECK(counts.words == 8u);
    CHECK(counts.syllables == 8u);
}

TEST_CASE("a decimal number does not end a sentence and is not a word", "[counts]") {
    const auto counts = counts_of("Take 1.5 tablets daily.");
    CHECK(counts.sentences == 1u);
    CHECK(counts.words == 3u);  // Take, tablets, daily
}

TEST_CASE("a block without a full stop still counts as one sentence", "[counts]") {
    const auto heading = counts_of("Why do my legs hurt at night");
    CHECK(heading.sentences == 1u);
    CHECK(heading.words == 7u);
    const auto two = counts_of("First one. Then a heading-like tail");
    CHECK(two.sentences == 2u);
}

TEST_CASE("runs of terminators end one sentence", "[counts]") {
    CHECK(counts_of("Really?! Yes... Fine.").sentences == 3u);
}

TEST_CASE("a terminator before a closing quote or bracket ends a sentence", "[counts]") {
    CHECK(counts_of("He said \"stop.\" Then left.").sentences == 2u);
    CHECK(counts_of("(See a doctor.) Then rest.").sentences == 2u);
}

TEST_CASE("a terminator without words before it is not a sentence", "[counts]") {
    CHECK(counts_of("...").sentences == 0u);
    CHECK(counts_of("Done. . .").sentences == 1u);
    CHECK(counts_of("").sentences == 0u);
    CHECK(counts_of("").words == 0u);
}

TEST_CASE("a block's sentences are not glued to the next block's", "[counts]") {
    Counts counts;
    counts.add_block("A heading");
    counts.add_block("A paragraph. Two sentences.");
    CHECK(counts.sentences == 3u);
    CHECK(counts.words == 6u);
}

TEST_CASE("add_block counts as the rules read byte by byte", "[counts]") {
    std::mt19937 random(20261127);
    for (int i = 0; i < 200000; ++i) {
        const std::string text = random_block(random);
        const Counts fast = counts_of(text);
        const Counts plain = counted_byte_by_byte(text);
        INFO("text: " << text);
        REQUIRE(fast.words == plain.words);
        REQUIRE(fast.syllables == plain.syllables);
        REQUIRE(fast.sentences == plain.sentences);
    }
}

TEST_CASE("words and sentences across 64-byte chunks", "[counts]") {
    // Word and sentence boundaries at every offset around a chunk's edge.
    for (std::size_t pad = 0; pad < 130; ++pad) {
        for (const std::string_view tail : {"table.", "stone. Next", "don't! \"Go.\"", "B12 hmm", "a...b", "aeiou) x"}) {
            const std::string text = std::string(pad, pad % 3 == 0 ? 'x' : ' ') + std::string(tail);
            INFO("text: " << text);
            const Counts fast = counts_of(text);
            const Counts plain = counted_byte_by_byte(text);
            REQUIRE(fast.words == plain.words);
            REQUIRE(fast.syllables == plain.syllables);
            REQUIRE(fast.sentences == plain.sentences);
        }
    }
}

TEST_CASE("blocks of every length and tails of every length in a chunk", "[counts]") {
    // A block's last bytes are classified only as far as the 16-byte parts
    // that hold them: every prefix ends a word, a terminator run or a space
    // at each offset within a part and a chunk.
    std::mt19937 random(20260301);
    for (int sample = 0; sample < 200; ++sample) {
        std::string text;
        while (text.size() < 200) text += random_block(random);
        for (std::size_t length = 0; length <= 200; ++length) {
            const std::string_view block = std::string_view(text).substr(0, length);
            INFO("text: " << block);
            const Counts fast = counts_of(block);
            const Counts plain = counted_byte_by_byte(block);
            REQUIRE(fast.words == plain.words);
            REQUIRE(fast.syllables == plain.syllables);
            REQUIRE(fast.sentences == plain.sentences);
        }
    }
}

TEST_CASE("Counts add up with +=", "[counts]") {
    auto total = make_counts(1, 2, 3);
    total += make_counts(10, 20, 30);
    CHECK(total.sentences == 11u);
    CHECK(total.words == 22u);
    CHECK(total.syllables == 33u);
}

TEST_CASE("flesch_kincaid_grade follows the formula", "[grade]") {
    // 0.39 * 100/5 + 11.8 * 150/100 - 15.59 = 7.8 + 17.7 - 15.59
    CHECK(flesch_kincaid_grade(make_counts(5, 100, 150)) == Approx(9.91));
    // 0.39 * 10 + 11.8 * 1 - 15.59
    CHECK(flesch_kincaid_grade(make_counts(1, 10, 10)) == Approx(0.11));
    // Short, one-syllable sentences can go below zero.
    CHECK(flesch_kincaid_grade(make_counts(4, 8, 8)) == Approx(0.39 * 2 + 11.8 - 15.59));
}

TEST_CASE("flesch_kincaid_grade of nothing is 0", "[grade]") {
    CHECK(flesch_kincaid_grade(Counts{}) == 0.0);
    CHECK(flesch_kincaid_grade(make_counts(0, 5, 5)) == 0.0);
}

TEST_CASE("longer words and sentences give a higher grade", "[grade]") {
    const double simple = flesch_kincaid_grade(counts_of("The cat sat. The dog ran. We ate."));
    const double hard = flesch_kincaid_grade(
        counts_of("Intermittent claudication characteristically manifests during ambulation, subsequently "
                  "resolving following cessation of exertion."));
    CHECK(simple < hard);
}
