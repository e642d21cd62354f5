// Tests of the support module: diagnostics, text, URLs, values, hashing,
// TOML reading, files and parallel_for.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "generator/support/diagnostics.hpp"
#include "generator/support/files.hpp"
#include "generator/support/hash.hpp"
#include "generator/support/parallel.hpp"
#include "generator/support/spill.hpp"
#include "generator/support/text.hpp"
#include "generator/support/toml.hpp"
#include "generator/support/urls.hpp"
#include "generator/support/value.hpp"
#include "tests/helpers/temp_dir.hpp"

using namespace healthsite::support;
using healthsite::testing::TempDir;

namespace {

Diagnostic make(std::string path, int line, int column, Severity severity, std::string message) {
    return Diagnostic{std::move(path), {line, column}, severity, Category::content, std::move(message)};
}

std::vector<std::string> formatted(const Diagnostics& diagnostics) {
    std::vector<std::string> out;
    for (const auto& d : diagnostics.sorted()) out.push_back(format(d));
    return out;
}

// Parses TOML that is expected to be valid.
TomlNode parse_ok(std::string_view text, int line_offset = 0) {
    Diagnostics diagnostics;
    auto node = parse_toml(text, "data.toml", line_offset, diagnostics, Category::content);
    INFO(text);
    REQUIRE(node);
    REQUIRE(diagnostics.empty());
    return *node;
}

std::string canonical_of(const Value& value) { return value.canonical(); }

}  // namespace

// ---------------------------------------------------------------------------
// Diagnostics

TEST_CASE("an error with a position formats as path:line:col: error: message", "[diagnostics]") {
    CHECK(format(make("content/faq.md", 14, 22, Severity::error, "link to 'x.md': no file content/x.md")) ==
          "content/faq.md:14:22: error: link to 'x.md': no file content/x.md");
}

TEST_CASE("a warning formats with the word warning", "[diagnostics]") {
    CHECK(format(make("site.toml", 3, 1, Severity::warning, "unknown key")) == "site.toml:3:1: warning: unknown key");
}

TEST_CASE("a diagnostic without a position names only the file", "[diagnostics]") {
    CHECK(format(make("site.toml", 0, 0, Severity::error, "cannot open file")) == "site.toml: error: cannot open file");
}

TEST_CASE("a diagnostic with a line but no column leaves the column out", "[diagnostics]") {
    CHECK(format(make("a.md", 7, 0, Severity::error, "bad line")) == "a.md:7: error: bad line");
}

TEST_CASE("position_at counts lines from 1 and columns in characters", "[diagnostics]") {
    const std::string text = "ab\nc\xC3\xBC d\n";  // "ab", "cü d"
    CHECK(position_at(text, 0).line == 1);
    CHECK(position_at(text, 0).column == 1);
    CHECK(position_at(text, 1).column == 2);
    const auto d = position_at(text, text.find('d'));
    CHECK(d.line == 2);
    CHECK(d.column == 4);  // c, ü (two bytes), space, d
}

TEST_CASE("position_at after a four-byte character counts it as one column", "[diagnostics]") {
    const std::string text = "\xF0\x9D\x84\x9Ex";  // 𝄞x
    CHECK(position_at(text, 4).column == 2);
}

TEST_CASE("position_at right after a newline is column 1 of the next line", "[diagnostics]") {
    const std::string text = "one\ntwo\n\nfour";
    const auto p = position_at(text, text.find("four"));
    CHECK(p.line == 4);
    CHECK(p.column == 1);
}

TEST_CASE("position_at past the end stops at the end of the text", "[diagnostics]") {
    const auto p = position_at("ab\nc", 100);
    CHECK(p.line == 2);
    CHECK(p.column == 2);
}

namespace {

// The documented rule, one byte at a time.
Position position_byte_by_byte(std::string_view text, std::size_t offset) {
    Position pos{1, 1};
    for (std::size_t i = 0; i < std::min(offset, text.size()); ++i) {
        if (text[i] == '\n') {
            ++pos.line;
            pos.column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++pos.column;
        }
    }
    return pos;
}

}  // namespace

TEST_CASE("position_at agrees with the rule at every offset of mixed text", "[diagnostics]") {
    // Long plain runs are counted many bytes at a time; newlines, CRLF and
    // multi-byte characters at every distance from them take the slow way.
    std::mt19937 random(20260302);
    static constexpr std::string_view kPieces[] = {"a", "b", " ", ".", "\n", "\r\n", "\xC3\xBC", "\xE2\x80\x99",
                                                   "\xF0\x9D\x84\x9E", "\t"};
    for (int sample = 0; sample < 300; ++sample) {
        std::string text;
        while (text.size() < 200) {
            const std::size_t plain = random() % 4 == 0 ? random() % 70 : 0;
            text.append(plain, 'x');
            text += kPieces[random() % std::size(kPieces)];
        }
        for (std::size_t offset = 0; offset <= text.size() + 1; ++offset) {
            INFO("text: " << text << ", offset " << offset);
            const Position fast = position_at(text, offset);
            const Position plain = position_byte_by_byte(text, offset);
            REQUIRE(fast.line == plain.line);
            REQUIRE(fast.column == plain.column);
        }
    }
}

TEST_CASE("Diagnostics counts errors and warnings separately", "[diagnostics]") {
    Diagnostics diagnostics;
    CHECK(diagnostics.empty());
    CHECK_FALSE(diagnostics.has_errors());
    diagnostics.warning("a.md", {1, 1}, "w1");
    CHECK_FALSE(diagnostics.has_errors());
    diagnostics.error("a.md", {2, 1}, "e1");
    diagnostics.warning("b.md", {1, 1}, "w2");
    CHECK(diagnostics.has_errors());
    CHECK(diagnostics.error_count() == 1u);
    CHECK(diagnostics.warning_count() == 2u);
    CHECK_FALSE(diagnostics.empty());
}

TEST_CASE("Diagnostics are sorted by path, line, column, then message", "[diagnostics]") {
    Diagnostics diagnostics;
    diagnostics.error("b.md", {1, 1}, "b first");
    diagnostics.error("a.md", {10, 1}, "a line 10");
    diagnostics.error("a.md", {2, 5}, "a 2:5");
    diagnostics.warning("a.md", {2, 3}, "z at 2:3");
    diagnostics.error("a.md", {2, 3}, "m at 2:3");
    CHECK(formatted(diagnostics) == std::vector<std::string>{
                                        "a.md:2:3: error: m at 2:3",
                                        "a.md:2:3: warning: z at 2:3",
                                        "a.md:2:5: error: a 2:5",
                                        "a.md:10:1: error: a line 10",
                                        "b.md:1:1: error: b first",
                                    });
    // items() keeps the order in which they were reported.
    CHECK(diagnostics.items().front().message == "b first");
}

TEST_CASE("Diagnostics::append adds another set's items", "[diagnostics]") {
    Diagnostics a, b;
    a.error("a.md", {}, "one");
    b.warning("b.md", {}, "two");
    b.error("b.md", {}, "three");
    a.append(b);
    CHECK(a.error_count() == 2u);
    CHECK(a.warning_count() == 1u);
    CHECK(b.items().size() == 2u);
}

TEST_CASE("the category given to a diagnostic is kept", "[diagnostics]") {
    Diagnostics diagnostics;
    diagnostics.error("site.toml", {}, "bad", Category::config);
    diagnostics.warning("out", {}, "slow", Category::io);
    CHECK(diagnostics.items()[0].category == Category::config);
    CHECK(diagnostics.items()[1].category == Category::io);
    CHECK(diagnostics.items()[1].severity == Severity::warning);
}

// ---------------------------------------------------------------------------
// Text

TEST_CASE("slugify turns a title into lowercase words joined by hyphens", "[text]") {
    CHECK(slugify("Peripheral artery disease (PAD)") == "peripheral-artery-disease-pad");
    CHECK(slugify("Restless legs syndrome") == "restless-legs-syndrome");
    CHECK(slugify("Vitamin B12 & iron") == "vitamin-b12-iron");
}

TEST_CASE("slugify drops punctuation at either end", "[text]") {
    CHECK(slugify("  --Why do my legs hurt?--  ") == "why-do-my-legs-hurt");
    CHECK(slugify("(PAD)") == "pad");
    CHECK(slugify("!!!") == "");
    CHECK(slugify("") == "");
}

TEST_CASE("slugify writes Latin letters with accents without them", "[text]") {
    CHECK(slugify("\xC3\x9C" "ber uns") == "uber-uns");                       // "Über uns"
    CHECK(slugify("Caf\xC3\xA9 au lait") == "cafe-au-lait");                   // "Café au lait"
    CHECK(slugify("\xC5\x92" "d\xC3\xA8me") == "oedeme");                     // "Œdème"
    CHECK(slugify("M\xC3\xA9ni\xC3\xA8re's disease") == "meniere-s-disease");  // "Ménière's disease"
    CHECK(slugify("Sj\xC3\xB6gren") == "sjogren");                             // "Sjögren"
    CHECK(slugify("Stra\xC3\x9F" "e") == "strasse");                           // "Straße"
    CHECK(slugify("Guillain\xE2\x80\x93" "Barr\xC3\xA9") == "guillain-barre");   // en dash between
}

TEST_CASE("slugify treats symbols, emoji and broken bytes as separators", "[text]") {
    CHECK(slugify("\xC3\x97 times \xC3\xB7") == "times");           // "×" and "÷" are signs, not letters
    CHECK(slugify("Pain \xF0\x9F\x98\x80") == "pain");                // an emoji
    CHECK(slugify("Pain \xE2\x80\x94 at night\xE2\x80\xA6") == "pain-at-night");  // an em dash and an ellipsis
    CHECK(slugify("\xE3\x80\x8C\xE8\x85\xBF\xE3\x80\x8D") == "\xE8\x85\xBF");  // CJK brackets around a letter
    CHECK(slugify("a\xC3") == "a");                                 // cut off after the lead byte
    CHECK(slugify("a\xED\xA0\x80" "b") == "a-b");                     // a surrogate is not a letter
    CHECK(slugify("a\xC0\xAF" "b") == "a-b");                           // an overlong "/" neither
}

TEST_CASE("slugify keeps the letters of other scripts, lowercased where they have case", "[text]") {
    CHECK(slugify("\xD0\x91\xD0\xBE\xD0\xBB\xD1\x8C \xD0\xB2 \xD0\xBD\xD0\xBE\xD0\xB3\xD0\xB0\xD1\x85") ==
          "\xD0\xB1\xD0\xBE\xD0\xBB\xD1\x8C-\xD0\xB2-\xD0\xBD\xD0\xBE\xD0\xB3\xD0\xB0\xD1\x85");  // "Боль в ногах"
    CHECK(slugify("\xD2\x90\xD0\x87") == "\xD2\x91\xD1\x97");          // Ukrainian "Ґ", "Ї"
    CHECK(slugify("\xCE\xA3\xCF\x80\xCE\xB1\xCF\x83\xCE\xBC\xCF\x8C\xCF\x82") ==
          "\xCF\x83\xCF\x80\xCE\xB1\xCF\x83\xCE\xBC\xCF\x8C\xCF\x82");  // Greek "Σπασμός"
    CHECK(slugify("Sleep \xE7\x9D\xA1\xE7\x9C\xA0 well") == "sleep-\xE7\x9D\xA1\xE7\x9C\xA0-well");  // Chinese
    CHECK(slugify("\xD8\xA3\xD9\x84\xD9\x85") == "\xD8\xA3\xD9\x84\xD9\x85");  // Arabic
    CHECK(slugify("Me\xCC\x81nie\xCC\x80re") == "meniere");  // decomposed accents go with their letter
    CHECK(slugify("\xE0\xA4\x95\xE2\x80\x8D\xE0\xA4\xB7") == "\xE0\xA4\x95\xE0\xA4\xB7");  // a zero-width joiner inside a word
    CHECK(slugify("a\xEF\xBF\xBD" "b") == "a-b");                      // the replacement character is no letter
}

TEST_CASE("to_lower_ascii changes only ASCII capitals", "[text]") {
    CHECK(to_lower_ascii("ABC def \xC3\x9C") == "abc def \xC3\x9C");
}

TEST_CASE("trim and collapse_whitespace", "[text]") {
    CHECK(trim("  \t a b \n") == "a b");
    CHECK(trim("   ") == "");
    CHECK(collapse_whitespace("  a \t\n b   c ") == "a b c");
}

TEST_CASE("collapse_whitespace matches a byte-by-byte reading on random text", "[text]") {
    // The plain rule: trim, then each run of white space becomes one space.
    const auto plain = [](std::string_view text) {
        const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
        std::string out;
        bool pending = false;
        for (const char c : text) {
            if (space(c)) {
                pending = !out.empty();
                continue;
            }
            if (pending) out += ' ';
            pending = false;
            out += c;
        }
        return out;
    };
    std::mt19937 random(7);
    constexpr std::string_view kBytes = "ab  \t\n\r\f\v\x01\x1f!~\x7f\x80\xa0\xc3\xa9\xff";
    for (int i = 0; i < 100000; ++i) {
        std::string text(random() % 70, ' ');
        for (char& c : text) c = random() % 3 == 0 ? 'w' : kBytes[random() % kBytes.size()];
        INFO("text: " << text);
        REQUIRE(collapse_whitespace(text) == plain(text));
        std::string appended = "kept";
        append_collapsed_whitespace(appended, text);
        REQUIRE(appended == "kept" + plain(text));
    }
}

TEST_CASE("collapse_whitespace matches a byte-by-byte reading on prose-like text", "[text]") {
    // Mostly words and single spaces, which are copied sixteen bytes at a
    // time, with now and then a double space, a tab or a line break.
    std::mt19937 random(11);
    constexpr std::string_view kRare = "  \t\n\x01";
    for (int i = 0; i < 20000; ++i) {
        std::string text(random() % 120, 'x');
        for (char& c : text) {
            const auto roll = random() % 100;
            c = roll < 15 ? ' ' : roll < 17 ? kRare[random() % kRare.size()] : static_cast<char>('a' + roll % 26);
        }
        std::string expected;
        bool pending = false;
        for (const char c : text) {
            if (c == ' ' || c == '\t' || c == '\n') {
                pending = !expected.empty();
                continue;
            }
            if (pending) expected += ' ';
            pending = false;
            expected += c;
        }
        INFO("text: " << text);
        REQUIRE(collapse_whitespace(text) == expected);
    }
}

TEST_CASE("escape_html escapes the five special characters", "[text]") {
    CHECK(escape_html("<a href=\"x\">Tom's & Jerry</a>") ==
          "&lt;a href=&quot;x&quot;&gt;Tom&#39;s &amp; Jerry&lt;/a&gt;");
    CHECK(escape_html("Tom's", "&apos;") == "Tom&apos;s");
    CHECK(escape_html("") == "");
    CHECK(escape_html("no specials here") == "no specials here");
}

TEST_CASE("find_html_special finds each special character at every offset", "[text]") {
    for (const char special : std::string_view("&<>\"'")) {
        for (std::size_t at = 0; at < 40; ++at) {
            std::string text(40, 'x');
            text[at] = special;
            INFO("special " << special << " at " << at);
            CHECK(find_html_special(text) == at);
            CHECK(find_html_special(text, at) == at);
            CHECK(find_html_special(text, at + 1) == text.size());
        }
    }
    CHECK(find_html_special("") == 0u);
    CHECK(find_html_special(std::string(37, 'a')) == 37u);
    CHECK(find_html_special("\xC3\xA9\xE2\x80\x99 plain \x80\xFF text <") == 20u);  // high bytes are not special
}

TEST_CASE("find_control_character finds C0 controls, DEL and C1 controls at any offset", "[text]") {
    // Each control, at each offset of texts past one and two 16-byte blocks,
    // among letters, tabs, line breaks and other non-ASCII letters.
    const std::vector<std::string> controls = {std::string(1, '\0'), "\x01", "\x0B", "\x0C", "\x1A", "\x1F",
                                               "\x7F", "\xC2\x80", "\xC2\x92", "\xC2\x9F"};
    for (const auto& control : controls) {
        for (std::size_t at = 0; at < 40; ++at) {
            std::string text;
            for (std::size_t i = 0; i < at; ++i) text += "ab\t\n\r"[i % 5];
            text += control + "tail \xC3\xA9 \xC2\xA0 after";
            INFO("control " << static_cast<int>(static_cast<unsigned char>(control.back())) << " at " << at);
            CHECK(find_control_character(text) == at);
            CHECK(control_character_at(text, at) ==
                  (control.size() == 2 ? char32_t(static_cast<unsigned char>(control[1])) : char32_t(static_cast<unsigned char>(control[0]))));
            CHECK(find_control_character(text, at + 1) == text.size());
        }
    }
}

TEST_CASE("find_control_character passes over text, tabs, line breaks and other characters", "[text]") {
    const std::string text = std::string(50, 'x') + "\t\n\r caf\xC3\xA9 \xC2\xA0\xC2\xA9\xC2\xBF \xE2\x80\x99 \xF0\x9F\x98\x80 end\xC2";
    CHECK(find_control_character(text) == text.size());
    CHECK(find_control_character("") == 0u);
}

TEST_CASE("find_invalid_utf8 accepts valid multi-byte text", "[text][utf8]") {
    CHECK_FALSE(find_invalid_utf8("plain ASCII"));
    CHECK_FALSE(find_invalid_utf8("h\xC3\xA9llo \xE2\x82\xAC \xF0\x9D\x84\x9E"));  // é € 𝄞
    CHECK_FALSE(find_invalid_utf8("\xF4\x8F\xBF\xBF"));                             // U+10FFFF
    CHECK_FALSE(find_invalid_utf8(""));
}

TEST_CASE("find_invalid_utf8 refuses overlong forms", "[text][utf8]") {
    CHECK(find_invalid_utf8("\xC0\xAF") == std::optional<std::size_t>(0));
    CHECK(find_invalid_utf8("ab\xC1\xBF") == std::optional<std::size_t>(2));
    CHECK(find_invalid_utf8("a\xE0\x80\xAF") == std::optional<std::size_t>(1));
    CHECK(find_invalid_utf8("a\xF0\x80\x80\xAF") == std::optional<std::size_t>(1));
}

TEST_CASE("find_invalid_utf8 refuses UTF-16 surrogates and code points above U+10FFFF", "[text][utf8]") {
    CHECK(find_invalid_utf8("ab\xED\xA0\x80") == std::optional<std::size_t>(2));
    CHECK(find_invalid_utf8("\xF4\x90\x80\x80") == std::optional<std::size_t>(0));
    CHECK(find_invalid_utf8("\xF5\x80\x80\x80") == std::optional<std::size_t>(0));
}

TEST_CASE("find_invalid_utf8 refuses a truncated sequence", "[text][utf8]") {
    CHECK(find_invalid_utf8("abc\xE2\x82") == std::optional<std::size_t>(3));
    CHECK(find_invalid_utf8("\xE2\x82x") == std::optional<std::size_t>(0));
}

TEST_CASE("find_invalid_utf8 finds a bad byte at any offset of a longer text", "[text][utf8]") {
    // Past 32- and 8-byte steps over ASCII, and after a valid sequence.
    for (std::size_t length = 1; length < 80; ++length) {
        for (std::size_t at = 0; at < length; ++at) {
            std::string text(length, 'a');
            text[at] = '\xFF';
            INFO("length " << length << ", bad byte at " << at);
            CHECK(find_invalid_utf8(text) == std::optional<std::size_t>(at));
            if (at >= 2) {
                text.replace(at - 2, 2, "\xC3\xA9");
                CHECK(find_invalid_utf8(text) == std::optional<std::size_t>(at));
            }
        }
        CHECK_FALSE(find_invalid_utf8(std::string(length, 'a')));
    }
}

TEST_CASE("find_invalid_utf8 lets a valid sequence through at any offset of a longer text", "[text][utf8]") {
    // Sequences straddling the 32- and 8-byte steps over ASCII.
    for (const std::string sequence : {"\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9D\x84\x9E"}) {
        for (std::size_t at = 0; at < 100; ++at) {
            std::string text(100, 'a');
            text.replace(at, sequence.size(), sequence);
            INFO("sequence of " << sequence.size() << " bytes at " << at);
            CHECK_FALSE(find_invalid_utf8(text));
            CHECK(find_invalid_utf8(text + "\x80") == std::optional<std::size_t>(text.size()));
        }
    }
}

TEST_CASE("find_invalid_utf8 refuses a lone continuation byte", "[text][utf8]") {
    CHECK(find_invalid_utf8("x\x80y") == std::optional<std::size_t>(1));
    CHECK(find_invalid_utf8("\xC3\xA9\xA9") == std::optional<std::size_t>(2));
}

// ---------------------------------------------------------------------------
// URLs

TEST_CASE("relative_url within the same folder is ./", "[urls]") {
    CHECK(relative_url("faq/", "faq/") == "./");
    CHECK(relative_url("", "") == "./");
}

TEST_CASE("relative_url to a sibling page climbs one folder", "[urls]") {
    CHECK(relative_url("causes/circulation/", "causes/venous/") == "../venous/");
}

TEST_CASE("relative_url to the parent section and to another top-level page", "[urls]") {
    CHECK(relative_url("causes/circulation/", "causes/") == "../");
    CHECK(relative_url("causes/circulation/", "faq/") == "../../faq/");
}

TEST_CASE("relative_url to the home page and from the home page", "[urls]") {
    CHECK(relative_url("causes/circulation/", "") == "../../");
    CHECK(relative_url("", "faq/") == "faq/");
    CHECK(relative_url("", "causes/circulation/") == "causes/circulation/");
}

TEST_CASE("relative_url to a file", "[urls]") {
    CHECK(relative_url("causes/circulation/", "images/leg.png") == "../../images/leg.png");
    CHECK(relative_url("", "style.css") == "style.css");
    CHECK(relative_url("causes/", "causes/leg.png") == "leg.png");
}

TEST_CASE("relative_url does not share a folder whose name is only a prefix", "[urls]") {
    CHECK(relative_url("cause/", "causes/") == "../causes/");
    CHECK(relative_url("causes/", "cause/") == "../cause/");
}

TEST_CASE("normalize_site_path resolves . and ..", "[urls]") {
    CHECK(normalize_site_path("a/./b/../c") == std::optional<std::string>("a/c"));
    CHECK(normalize_site_path("causes/../faq.md") == std::optional<std::string>("faq.md"));
    CHECK(normalize_site_path("causes/./") == std::optional<std::string>("causes/"));
    CHECK(normalize_site_path("a//b") == std::optional<std::string>("a/b"));
    CHECK(normalize_site_path("a/b/..") == std::optional<std::string>("a/"));
    CHECK(normalize_site_path("a/..") == std::optional<std::string>(""));
    CHECK(normalize_site_path("") == std::optional<std::string>(""));
}

TEST_CASE("normalize_site_path refuses a path that climbs above the root", "[urls]") {
    CHECK_FALSE(normalize_site_path(".."));
    CHECK_FALSE(normalize_site_path("../x"));
    CHECK_FALSE(normalize_site_path("a/../../x"));
    CHECK_FALSE(normalize_site_path("./../etc/passwd"));
}

TEST_CASE("normalize_site_path returns a path with nothing to resolve as it is", "[urls]") {
    CHECK(normalize_site_path("causes/venous.md") == std::optional<std::string>("causes/venous.md"));
    CHECK(normalize_site_path("causes/") == std::optional<std::string>("causes/"));
    CHECK(normalize_site_path("a.b/..c/c..") == std::optional<std::string>("a.b/..c/c.."));
}

TEST_CASE("normalize_site_path drops empty segments and single dots anywhere", "[urls]") {
    CHECK(normalize_site_path("/a") == std::optional<std::string>("a"));
    CHECK(normalize_site_path("/") == std::optional<std::string>(""));
    CHECK(normalize_site_path("a//") == std::optional<std::string>("a/"));
    CHECK(normalize_site_path("./a") == std::optional<std::string>("a"));
    CHECK(normalize_site_path("a/.") == std::optional<std::string>("a/"));
    CHECK(normalize_site_path(".") == std::optional<std::string>(""));
}

TEST_CASE("site_dir is the folder part of a site path", "[urls]") {
    CHECK(site_dir("causes/x/") == "causes/x/");
    CHECK(site_dir("a/b.css") == "a/");
    CHECK(site_dir("style.css") == "");
}

TEST_CASE("join_url puts exactly one slash between base and path", "[urls]") {
    CHECK(join_url("https://x.org/repo/", "/faq/") == "https://x.org/repo/faq/");
    CHECK(join_url("https://x.org", "faq/") == "https://x.org/faq/");
    CHECK(join_url("/", "") == "/");
}

TEST_CASE("has_scheme recognises URL schemes only", "[urls]") {
    CHECK(has_scheme("https://example.com"));
    CHECK(has_scheme("mailto:a@b.org"));
    CHECK(has_scheme("svn+ssh://x"));
    CHECK_FALSE(has_scheme("faq.md"));
    CHECK_FALSE(has_scheme("faq.md#a:b"));
    CHECK_FALSE(has_scheme("/a:b"));
    CHECK_FALSE(has_scheme("1http://x"));
    CHECK_FALSE(has_scheme(""));
}

TEST_CASE("is_unsafe_url refuses script URLs whatever their case or spacing", "[urls][safety]") {
    CHECK(is_unsafe_url("javascript:alert(1)"));
    CHECK(is_unsafe_url("JavaScript:alert(1)"));
    CHECK(is_unsafe_url("Java\tScript:alert(1)"));
    CHECK(is_unsafe_url("java\nscript:alert(1)"));
    CHECK(is_unsafe_url(" javascript:alert(1)"));
    CHECK(is_unsafe_url("vbscript:msgbox"));
    CHECK(is_unsafe_url("file:///etc/passwd"));
}

TEST_CASE("is_unsafe_url refuses data: URLs other than images", "[urls][safety]") {
    CHECK(is_unsafe_url("data:text/html,<script>alert(1)</script>"));
    CHECK(is_unsafe_url("data:image/svg+xml,<svg onload=alert(1)>"));
    CHECK_FALSE(is_unsafe_url("data:image/png;base64,iVBORw0KGgo="));
    CHECK_FALSE(is_unsafe_url("DATA:IMAGE/JPEG;base64,AAAA"));
}

TEST_CASE("is_unsafe_url accepts web links and relative paths", "[urls][safety]") {
    CHECK_FALSE(is_unsafe_url("https://example.com/a?b=c"));
    CHECK_FALSE(is_unsafe_url("http://example.com"));
    CHECK_FALSE(is_unsafe_url("mailto:a@b.org"));
    CHECK_FALSE(is_unsafe_url("faq.md#why"));
    CHECK_FALSE(is_unsafe_url("/causes/"));
}

TEST_CASE("percent_decode decodes escapes in either case", "[urls]") {
    CHECK(percent_decode("a%2eb") == std::optional<std::string>("a.b"));
    CHECK(percent_decode("%2E%2e/x") == std::optional<std::string>("../x"));
    CHECK(percent_decode("my%20page.md") == std::optional<std::string>("my page.md"));
    CHECK(percent_decode("plain") == std::optional<std::string>("plain"));
    CHECK(percent_decode("%C3%BC") == std::optional<std::string>("\xC3\xBC"));
}

TEST_CASE("percent_decode refuses a malformed escape", "[urls]") {
    CHECK_FALSE(percent_decode("%zz"));
    CHECK_FALSE(percent_decode("a%2"));
    CHECK_FALSE(percent_decode("abc%"));
    CHECK_FALSE(percent_decode("%g1"));
}

TEST_CASE("percent_decode refuses an encoded NUL", "[urls]") {
    CHECK_FALSE(percent_decode("a%00.md"));
}

TEST_CASE("percent_decode refuses a NUL as written, with or without escapes", "[urls]") {
    CHECK_FALSE(percent_decode(std::string_view("a\0b", 3)));
    CHECK_FALSE(percent_decode(std::string_view("%41\0", 4)));
}

TEST_CASE("percent_decode keeps the text around and between escapes", "[urls]") {
    CHECK(percent_decode("%41") == std::optional<std::string>("A"));
    CHECK(percent_decode("%41%42") == std::optional<std::string>("AB"));
    CHECK(percent_decode("x%41y%42z") == std::optional<std::string>("xAyBz"));
    CHECK(percent_decode("%10") == std::optional<std::string>("\x10"));
    CHECK(percent_decode("%01") == std::optional<std::string>("\x01"));
    CHECK(percent_decode("") == std::optional<std::string>(""));
}

TEST_CASE("encode_href escapes what may not stand in an href", "[urls]") {
    CHECK(encode_href("a b") == "a%20b");
    CHECK(encode_href("?a=1&b=2") == "?a=1&amp;b=2");
    CHECK(encode_href("\"<x>") == "%22%3Cx%3E");
    CHECK(encode_href("\xC3\xBC") == "%C3%BC");
}

TEST_CASE("encode_href leaves an ordinary relative URL alone", "[urls]") {
    CHECK(encode_href("../../faq/#why-at-night") == "../../faq/#why-at-night");
    CHECK(encode_href("https://e.org/a_b~c?x=1;y=2") == "https://e.org/a_b~c?x=1;y=2");
    CHECK(encode_href("already%20encoded") == "already%20encoded");
}

TEST_CASE("encode_href writes each byte as itself, as &amp; or as %XX", "[urls]") {
    const std::string_view kept = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/#:?=%+!$'()*,;@";
    for (int byte = 0; byte < 256; ++byte) {
        const char c = static_cast<char>(byte);
        char escaped[4];
        std::snprintf(escaped, sizeof escaped, "%%%02X", byte);
        const bool is_kept = kept.find(c) != std::string_view::npos;
        const std::string expected = c == '&' ? "&amp;" : is_kept ? std::string(1, c) : escaped;
        INFO(byte);
        CHECK(encode_href(std::string(1, c)) == expected);
        CHECK(encode_href("a" + std::string(1, c) + "b") == "a" + expected + "b");
    }
}

TEST_CASE("encode_href escapes bytes side by side and at either end", "[urls]") {
    CHECK(encode_href(" a") == "%20a");
    CHECK(encode_href("a ") == "a%20");
    CHECK(encode_href("  &&") == "%20%20&amp;&amp;");
    CHECK(encode_href("") == "");
    CHECK(encode_href("a path / of eight words") == "a%20path%20/%20of%20eight%20words");
}

// ---------------------------------------------------------------------------
// Value

TEST_CASE("Value builds objects and lists on demand", "[value]") {
    Value v;
    CHECK(v.is_null());
    v["title"] = "Leg pain";
    v["tags"].push_back(Value("night"));
    v["tags"].push_back(Value("cramp"));
    REQUIRE(v.is_object());
    CHECK(v.get("title").as_string() == "Leg pain");
    CHECK(v.get("tags").as_list().size() == 2u);
    CHECK(v.get("missing").is_null());
    CHECK(Value("x").get("anything").is_null());
}

TEST_CASE("Value of an int is its decimal string", "[value]") {
    CHECK(Value(42).as_string() == "42");
    CHECK(Value(-3).as_string() == "-3");
}

TEST_CASE("Value::canonical is equal for equal data built in any order", "[value]") {
    Value a, b;
    a["x"] = "1";
    a["y"] = Value::List{Value(true), Value("s")};
    b["y"] = Value::List{Value(true), Value("s")};
    b["x"] = "1";
    CHECK(a.canonical() == b.canonical());
}

TEST_CASE("Value::canonical takes an object's keys in byte order", "[value]") {
    // Keys sharing first bytes, empty, and starting above 0x7F (after 'z').
    const std::vector<std::string> sorted = {"", "Z", "a", "ab", "abc", "abd", "b", "z", "\xC3\xA9", "\xC3\xA9t\xC3\xA9"};
    std::string expected = "{";
    for (const auto& key : sorted) {
        Value one;
        one[key] = "v";
        const std::string alone = one.canonical();
        expected += alone.substr(1, alone.size() - 2);  // the entry between its braces
    }
    expected += "}";
    std::vector<std::string> order = sorted;
    std::mt19937 random(3);
    for (int i = 0; i < 20; ++i) {
        std::shuffle(order.begin(), order.end(), random);
        Value object;
        for (const auto& key : order) object[key] = "v";
        CHECK(object.canonical() == expected);
        Value reference;
        for (const auto& key : sorted) reference[key] = "v";
        CHECK(object.digest() == reference.digest());
    }
}

TEST_CASE("Value::digest hashes the pieces of canonical() as Hasher::add takes them", "[value]") {
    // The digests kept in the build state were made by feeding each piece to
    // Hasher::add: they must not change however the pieces are gathered. A
    // long string and many short pieces cross any block the pieces go in.
    const std::string long_text(20000, 'x');
    Value view;
    view["title"] = "T";
    view["flags"] = Value::List{Value(true), Value(false), Value()};
    view["html"] = Value::hashed_as("<p>shown</p>", long_text);
    for (int i = 0; i < 600; ++i) view["items"].push_back(Value::Object{{"n", Value(i)}, {"b", Value("b")}});
    Hasher reference;
    reference.add("{").add("flags").add("[").add("t").add("f").add("n").add("]");
    reference.add("html").add("s").add(long_text);
    reference.add("items").add("[");
    for (int i = 0; i < 600; ++i) reference.add("{").add("b").add("s").add("b").add("n").add("s").add(std::to_string(i)).add("}");
    reference.add("]").add("title").add("s").add("T").add("}");
    CHECK(view.digest() == reference.digest());
}

TEST_CASE("Value::canonical differs for differently shaped data", "[value]") {
    CHECK(canonical_of(Value::List{Value("a"), Value("b")}) != canonical_of(Value::List{Value("ab")}));
    CHECK(canonical_of(Value::List{Value("a,b")}) != canonical_of(Value::List{Value("a"), Value("b")}));
    CHECK(canonical_of(Value::Object{{"a", Value("bc")}}) != canonical_of(Value::Object{{"ab", Value("c")}}));
    CHECK(canonical_of(Value(true)) != canonical_of(Value("true")));
    CHECK(canonical_of(Value(true)) != canonical_of(Value(false)));
    CHECK(canonical_of(Value()) != canonical_of(Value("")));
    CHECK(canonical_of(Value::List{}) != canonical_of(Value::Object{}));
    CHECK(canonical_of(Value::List{Value::List{}}) != canonical_of(Value::List{}));
    CHECK(canonical_of(Value("x")) != canonical_of(Value::List{Value("x")}));
    CHECK(canonical_of(Value::Object{{"k", Value()}}) != canonical_of(Value::Object{}));
}

TEST_CASE("Value::append_canonical appends to what is there", "[value]") {
    std::string out = "prefix";
    Value("v").append_canonical(out);
    CHECK(out == "prefix" + Value("v").canonical());
}

// ---------------------------------------------------------------------------
// Hashing

TEST_CASE("hash_bytes is deterministic and tells different bytes apart", "[hash]") {
    CHECK(hash_bytes("healthsite") == hash_bytes(std::string("health") + "site"));
    CHECK(hash_bytes("a") != hash_bytes("b"));
    CHECK(hash_bytes("") != hash_bytes(std::string(1, '\0')));
}

TEST_CASE("to_hex writes 16 lowercase hex digits", "[hash]") {
    CHECK(to_hex(0x1f) == "000000000000001f");
    CHECK(to_hex(0xABCDEF0123456789ull) == "abcdef0123456789");
}

TEST_CASE("Hasher length-prefixes each piece, so (ab, c) differs from (a, bc)", "[hash]") {
    Hasher one, two;
    one.add("ab").add("c");
    two.add("a").add("bc");
    CHECK(one.digest() != two.digest());
}

TEST_CASE("Hasher::add_bytes in pieces gives hash_bytes of the whole", "[hash]") {
    const std::string whole = "window.healthsiteSearch = [" + std::string(10'000, 'z') + "];";
    Hasher pieces;
    pieces.add_bytes(whole.substr(0, 27)).add_bytes(whole.substr(27, 5000)).add_bytes(whole.substr(5027));
    CHECK(pieces.digest() == hash_bytes(whole));
    Hasher other;
    other.add_bytes(whole.substr(0, 27));
    CHECK(other.digest() != hash_bytes(whole));
}

TEST_CASE("Hasher gives hash_bytes of the whole however the pieces fall", "[hash]") {
    // Thousands of short pieces, some long ones, and a digest read midway.
    std::string whole;
    Hasher pieces;
    for (int i = 0; i < 3000; ++i) {
        const std::string piece = i % 500 == 7 ? std::string(9000, 'a' + i % 26) : "piece " + std::to_string(i);
        whole += piece;
        pieces.add_bytes(piece);
        if (i == 1500) CHECK(pieces.digest() == hash_bytes(whole));
    }
    CHECK(pieces.digest() == hash_bytes(whole));
    CHECK(pieces.digest() == hash_bytes(whole));  // reading it changes nothing
}

TEST_CASE("Hasher gives the same digest for the same pieces", "[hash]") {
    Hasher one, two, three;
    one.add("x").add("");
    two.add("x").add("");
    three.add("x");
    CHECK(one.digest() == two.digest());
    CHECK(one.digest() != three.digest());  // an empty piece still counts
}

// ---------------------------------------------------------------------------
// TOML

TEST_CASE("parse_toml reports a syntax error at its line plus line_offset", "[toml]") {
    Diagnostics diagnostics;
    const auto node = parse_toml("a = 1\nb = 2\nc = = 3\n", "content/x.md", 1, diagnostics, Category::content);
    CHECK_FALSE(node);
    REQUIRE(diagnostics.items().size() == 1u);
    const auto& d = diagnostics.items()[0];
    CHECK(d.path == "content/x.md");
    CHECK(d.position.line == 4);
    CHECK(d.position.column == 5);
    CHECK(d.severity == Severity::error);
    CHECK(d.message.starts_with("invalid TOML: "));
}

TEST_CASE("parse_toml says first how to fix the slips writers make most", "[toml]") {
    const std::pair<std::string, std::string> cases[] = {
        {"title = \"Leg pain\n", "invalid TOML: a text in quotes is not closed on its line; end it with \""},
        {"title = Leg pain\n", "invalid TOML: put text in quotes (title = \"Leg cramps\")"},
        {"title = \"A\"\ntitle = \"B\"\n", "invalid TOML: a key is given twice in the same table; keep one of them"},
        {"tags = [\"a\", \"b\"", "invalid TOML: a list is not closed; end it with ]"},
        {"last_reviewed = 2026-1-05\n", "invalid TOML: write dates as year-month-day with two-digit months"},
    };
    for (const auto& [text, start] : cases) {
        INFO(text);
        Diagnostics diagnostics;
        CHECK_FALSE(parse_toml(text, "a.md", 0, diagnostics, Category::content));
        REQUIRE(diagnostics.items().size() == 1u);
        CHECK(diagnostics.items()[0].message.starts_with(start));
        CHECK(diagnostics.items()[0].message.ends_with(")"));  // toml++'s own words kept after the hint
    }
}

TEST_CASE("parse_toml gives the category it was asked for", "[toml]") {
    Diagnostics diagnostics;
    (void)parse_toml("[unclosed\n", "site.toml", 0, diagnostics, Category::config);
    REQUIRE(diagnostics.items().size() == 1u);
    CHECK(diagnostics.items()[0].category == Category::config);
    CHECK(diagnostics.items()[0].position.line == 1);
}

TEST_CASE("parse_toml gives each key and value its position counted from the top of the file", "[toml]") {
    const auto root = parse_ok("zeta = 1\n  alpha = \"x\"\n[table]\nk = true\n", 10);
    REQUIRE(root.table.size() == 3u);
    REQUIRE(root.key_positions.size() == 3u);
    for (std::size_t i = 0; i < root.table.size(); ++i) {
        const auto& [name, node] = root.table[i];
        INFO(name);
        if (name == "zeta") CHECK((root.key_positions[i].line == 11 && root.key_positions[i].column == 1));
        if (name == "alpha") CHECK((root.key_positions[i].line == 12 && root.key_positions[i].column == 3));
        if (name == "alpha") CHECK((node.position.line == 12 && node.position.column == 11));
        if (name == "table") CHECK(root.key_positions[i].line == 13);
    }
    const TomlNode* table = root.find("table");
    REQUIRE(table);
    CHECK(table->kind == TomlNode::Kind::table);
    REQUIRE(table->find("k"));
    CHECK(table->find("k")->boolean);
    CHECK(table->find("k")->position.line == 14);
    CHECK(root.find("nothing") == nullptr);
}

// toml.hpp documents TomlNode::table as "in source order", but toml++ keeps a
// table's keys sorted by name and convert_table copies them in that order.
TEST_CASE("parse_toml keeps a table's keys in source order", "[toml]") {
    const auto root = parse_ok("zeta = 1\nalpha = 2\nmid = 3\n");
    REQUIRE(root.table.size() == 3u);
    CHECK(root.table[0].first == "zeta");
    CHECK(root.table[1].first == "alpha");
    CHECK(root.table[2].first == "mid");
}

TEST_CASE("parse_toml converts every kind of value", "[toml]") {
    const auto root = parse_ok("s = \"str\"\ni = -7\nf = 2.5\nb = false\nd = 2026-11-25\nt = 07:30:00\na = [1, 2]\n");
    CHECK(root.find("s")->kind == TomlNode::Kind::string);
    CHECK(root.find("s")->string == "str");
    CHECK(root.find("i")->integer == -7);
    CHECK(root.find("f")->floating == Approx(2.5));
    CHECK(root.find("b")->kind == TomlNode::Kind::boolean);
    CHECK(root.find("d")->date == TomlDate{2026, 11, 25});
    CHECK(root.find("t")->kind == TomlNode::Kind::other_time);
    REQUIRE(root.find("a")->array.size() == 2u);
    CHECK(root.find("a")->array[1].integer == 2);
}

TEST_CASE("TomlDate::iso pads to YYYY-MM-DD and dates compare in time order", "[toml]") {
    CHECK(TomlDate{2026, 1, 5}.iso() == "2026-01-05");
    CHECK(TomlDate{2025, 12, 31} < TomlDate{2026, 1, 1});
    CHECK(TomlDate{2026, 2, 1} > TomlDate{2026, 1, 31});
}

TEST_CASE("TomlFields reads typed values", "[toml]") {
    const auto root = parse_ok("title = \"T\"\nweight = 3\ngrade = 7\nratio = 0.5\ndraft = true\n"
                               "reviewed = 2026-11-25\ntags = [\"a\", \"b\"]\n");
    Diagnostics diagnostics;
    TomlFields fields(root, "x.md", diagnostics, Category::content);
    CHECK(fields.string("title") == std::optional<std::string>("T"));
    CHECK(fields.integer("weight") == std::optional<std::int64_t>(3));
    CHECK(fields.number("grade") == std::optional<double>(7.0));  // an integer is a number too
    CHECK(fields.number("ratio") == std::optional<double>(0.5));
    CHECK(fields.boolean("draft") == std::optional<bool>(true));
    CHECK(fields.date("reviewed") == std::optional<TomlDate>(TomlDate{2026, 11, 25}));
    CHECK(fields.strings("tags") == std::optional<std::vector<std::string>>({"a", "b"}));
    CHECK_FALSE(fields.string("absent"));
    fields.warn_unknown_keys("front matter");
    CHECK(diagnostics.empty());
}

TEST_CASE("TomlFields reports a value of the wrong type at its key's line", "[toml]") {
    const auto root = parse_ok("title = \"T\"\n\n  weight = \"heavy\"\n", 1);
    Diagnostics diagnostics;
    TomlFields fields(root, "content/a.md", diagnostics, Category::content);
    CHECK_FALSE(fields.integer("weight"));
    CHECK(formatted(diagnostics) ==
          std::vector<std::string>{"content/a.md:4:3: error: 'weight' must be a whole number, not a string"});
}

TEST_CASE("TomlFields refuses a quoted date and says how to write one", "[toml]") {
    const auto root = parse_ok("last_reviewed = \"2026-11-25\"\n");
    Diagnostics diagnostics;
    TomlFields fields(root, "a.md", diagnostics, Category::content);
    CHECK_FALSE(fields.date("last_reviewed"));
    REQUIRE(diagnostics.items().size() == 1u);
    CHECK(diagnostics.items()[0].message ==
          "'last_reviewed' must be a date such as 2026-11-25 (no quotes), not a string");
}

TEST_CASE("TomlFields reports a list item that is not a string at the item", "[toml]") {
    const auto root = parse_ok("tags = [\"a\", 3]\n");
    Diagnostics diagnostics;
    TomlFields fields(root, "a.md", diagnostics, Category::content);
    CHECK_FALSE(fields.strings("tags"));
    CHECK(formatted(diagnostics) ==
          std::vector<std::string>{"a.md:1:14: error: 'tags' must be a list of strings; this item is a whole number"});
}

TEST_CASE("TomlFields reports a missing required string", "[toml]") {
    const auto root = parse_ok("description = \"d\"\n");
    Diagnostics diagnostics;
    TomlFields fields(root, "a.md", diagnostics, Category::content);
    CHECK_FALSE(fields.string("title", true));
    REQUIRE(diagnostics.error_count() == 1u);
    CHECK(diagnostics.items()[0].message == "missing required key 'title'");
}

TEST_CASE("TomlFields refuses a required string that is empty or only spaces, at its key", "[toml]") {
    for (const std::string value : {"\"\"", "\"   \""}) {
        const auto root = parse_ok("description = \"d\"\ntitle = " + value + "\n");
        Diagnostics diagnostics;
        TomlFields fields(root, "a.md", diagnostics, Category::content);
        CHECK_FALSE(fields.string("title", true));
        CHECK(fields.string("description", true) == "d");
        CHECK(formatted(diagnostics) == std::vector<std::string>{"a.md:2:1: error: 'title' must not be empty"});
    }
}

TEST_CASE("TomlFields suggests the known key a slip of the keyboard was meant to be", "[toml]") {
    const auto root = parse_ok("Tags = []\ndiscription = \"d\"\nreviwed_by = \"x\"\nurl = \"u\"\nxyz = 1\n");
    Diagnostics diagnostics;
    TomlFields fields(root, "a.md", diagnostics, Category::content);
    for (const char* known : {"tags", "description", "reviewed_by", "urgency", "weight"}) (void)fields.string(known);
    fields.warn_unknown_keys("front matter");
    CHECK(formatted(diagnostics) ==
          std::vector<std::string>{
              "a.md:1:1: warning: unknown key 'Tags' in front matter (ignored); did you mean 'tags'?",
              "a.md:2:1: warning: unknown key 'discription' in front matter (ignored); did you mean 'description'?",
              "a.md:3:1: warning: unknown key 'reviwed_by' in front matter (ignored); did you mean 'reviewed_by'?",
              "a.md:4:1: warning: unknown key 'url' in front matter (ignored)",
              "a.md:5:1: warning: unknown key 'xyz' in front matter (ignored)",
          });
}

TEST_CASE("TomlFields warns once for each key never read, at the key", "[toml]") {
    const auto root = parse_ok("title = \"T\"\ntitel = \"typo\"\n  colour = 1\n");
    Diagnostics diagnostics;
    TomlFields fields(root, "a.md", diagnostics, Category::config);
    (void)fields.string("title");
    fields.warn_unknown_keys("front matter");
    CHECK(formatted(diagnostics) == std::vector<std::string>{
                                        "a.md:2:1: warning: unknown key 'titel' in front matter (ignored); did you mean 'title'?",
                                        "a.md:3:3: warning: unknown key 'colour' in front matter (ignored)",
                                    });
    CHECK(diagnostics.items()[0].category == Category::config);
    CHECK_FALSE(diagnostics.has_errors());
}

TEST_CASE("TomlFields counts a key read with the wrong type as known", "[toml]") {
    const auto root = parse_ok("weight = \"x\"\n");
    Diagnostics diagnostics;
    TomlFields fields(root, "a.md", diagnostics, Category::content);
    (void)fields.integer("weight");
    fields.warn_unknown_keys("front matter");
    CHECK(diagnostics.error_count() == 1u);
    CHECK(diagnostics.warning_count() == 0u);
}

TEST_CASE("TomlFields::tables reads an array of tables or a single table", "[toml]") {
    const auto root = parse_ok("[[conditions]]\nname = \"a\"\n[[conditions]]\nname = \"b\"\n[single]\nname = \"c\"\n");
    Diagnostics diagnostics;
    TomlFields fields(root, "a.md", diagnostics, Category::content);
    const auto many = fields.tables("conditions");
    REQUIRE(many.size() == 2u);
    CHECK(many[1]->find("name")->string == "b");
    const auto one = fields.tables("single");
    REQUIRE(one.size() == 1u);
    CHECK(one[0]->find("name")->string == "c");
    CHECK(fields.tables("none").empty());
    CHECK(diagnostics.empty());
}

TEST_CASE("TomlFields::tables refuses a plain value", "[toml]") {
    const auto root = parse_ok("\nconditions = \"PAD\"\n");
    Diagnostics diagnostics;
    TomlFields fields(root, "a.md", diagnostics, Category::content);
    CHECK(fields.tables("conditions").empty());
    CHECK(formatted(diagnostics) ==
          std::vector<std::string>{"a.md:2:1: error: 'conditions' must be a table ([[conditions]]), not a string"});
}

TEST_CASE("TomlFields::position_of gives a key's position, or the table's", "[toml]") {
    const auto root = parse_ok("a = 1\n   b = 2\n");
    Diagnostics diagnostics;
    TomlFields fields(root, "a.md", diagnostics, Category::content);
    CHECK(fields.position_of("b").line == 2);
    CHECK(fields.position_of("b").column == 4);
    CHECK(fields.position_of("zzz").line == root.position.line);
}

TEST_CASE("kind_name describes each kind for messages", "[toml]") {
    CHECK(kind_name(TomlNode::Kind::string) == "a string");
    CHECK(kind_name(TomlNode::Kind::array) == "a list");
    CHECK(kind_name(TomlNode::Kind::date) == "a date");
}

// ---------------------------------------------------------------------------
// Files

TEST_CASE("read_file returns the bytes, or an error for a missing file", "[files]") {
    const TempDir dir;
    dir.write("a.txt", std::string("x\0y", 3));
    const auto ok = read_file(dir.path() / "a.txt");
    REQUIRE(ok.text);
    CHECK(*ok.text == std::string("x\0y", 3));
    const auto missing = read_file(dir.path() / "missing.txt");
    CHECK_FALSE(missing.text);
    CHECK(missing.error.starts_with("cannot open file"));
}

// The size seen when content/ was listed lets a source be read in one call;
// a file that has changed since is still read whole.
TEST_CASE("read_file reads the whole file whatever size it was seen with", "[files]") {
    const TempDir dir;
    const std::string text = "+++\ntitle = \"Cramp\"\n+++\nBody.\n";
    dir.write("page.md", text);
    for (const std::uintmax_t seen : {std::uintmax_t{0}, std::uintmax_t{5}, std::uintmax_t{text.size()},
                                      std::uintmax_t{text.size() + 1}, std::uintmax_t{100'000}}) {
        const auto read = read_file(dir.path() / "page.md", UINTMAX_MAX, seen);
        REQUIRE(read.text);
        CHECK(*read.text == text);
    }
    const auto over = read_file(dir.path() / "page.md", 10, text.size());
    CHECK_FALSE(over.text);
    CHECK(over.too_big == text.size());
    const auto missing = read_file(dir.path() / "missing.md", UINTMAX_MAX, 10);
    CHECK(missing.error.starts_with("cannot open file"));
}

TEST_CASE("MappedFile maps a file's bytes and keeps them after the file is replaced", "[files]") {
    const TempDir dir;
    dir.write("state", std::string("old\0bytes", 9));
    dir.write("empty", "");
    std::string error;
    auto mapped = MappedFile::open(dir.path() / "state", error);
    REQUIRE(mapped);
    CHECK(mapped->bytes() == std::string_view("old\0bytes", 9));
    // Replaced the way the build state is, by renaming a new file in.
    REQUIRE(write_file_atomically(dir.path() / "state", "new").empty());
    CHECK(mapped->bytes() == std::string_view("old\0bytes", 9));
    const MappedFile moved = std::move(*mapped);
    CHECK(moved.bytes().size() == 9);
    const auto empty = MappedFile::open(dir.path() / "empty", error);
    REQUIRE(empty);
    CHECK(empty->bytes().empty());
    CHECK_FALSE(MappedFile::open(dir.path() / "missing", error));
    CHECK(error.starts_with("cannot open file"));
    CHECK_FALSE(MappedFile::open(dir.path(), error));
}

TEST_CASE("write_if_changed writes new bytes and skips identical ones", "[files]") {
    const TempDir dir;
    const auto file = dir.path() / "deep" / "folder" / "page.html";
    std::string error;
    CHECK(write_if_changed(file, "one", error) == WriteOutcome::written);
    CHECK(error.empty());
    CHECK(TempDir::read_file(file) == "one");
    CHECK(write_if_changed(file, "one", error) == WriteOutcome::unchanged);
    CHECK(write_if_changed(file, "two", error) == WriteOutcome::written);
    CHECK(TempDir::read_file(file) == "two");
    // No temporary file is left beside it.
    CHECK(list_files(dir.path()) == std::vector<std::string>{"deep/folder/page.html"});
}

TEST_CASE("write_file_atomically reports a folder it cannot create", "[files]") {
    const TempDir dir;
    dir.write("blocker", "a file, not a folder");
    const std::string error = write_file_atomically(dir.path() / "blocker" / "x.html", "x");
    CHECK_FALSE(error.empty());
    CHECK(dir.read("blocker") == "a file, not a folder");
}

TEST_CASE("read_file reads a file larger than one read", "[files]") {
    const TempDir dir;
    std::string big(300'000, 'a');
    for (std::size_t i = 0; i < big.size(); i += 997) big[i] = static_cast<char>('a' + i % 26);
    dir.write("big.txt", big);
    const auto read = read_file(dir.path() / "big.txt");
    REQUIRE(read.text);
    CHECK(*read.text == big);
}

TEST_CASE("write_new_file joins its pieces and makes missing folders", "[files]") {
    const TempDir dir;
    const auto file = dir.path() / "new" / "folder" / "index.js";
    CHECK(write_new_file(file, Pieces{"var a = [", "1", ",", "2", "];"}).empty());
    CHECK(TempDir::read_file(file) == "var a = [1,2];");
    CHECK(write_new_file(file, "shorter").empty());
    CHECK(TempDir::read_file(file) == "shorter");
}

TEST_CASE("write_new_file writes more pieces than one system call takes, empty ones among them", "[files]") {
    const TempDir dir;
    std::vector<std::string> texts;
    for (int i = 0; i < 5000; ++i) texts.push_back(i % 3 == 0 ? "" : i % 1000 == 1 ? std::string(300'000, 'b') : std::to_string(i) + ",");
    Pieces pieces(texts.begin(), texts.end());
    std::string whole;
    for (const auto& text : texts) whole += text;
    const auto file = dir.path() / "index.js";
    CHECK(write_new_file(file, pieces).empty());
    CHECK(TempDir::read_file(file) == whole);
}

TEST_CASE("file_holds compares a file with pieces, without reading it whole", "[files]") {
    const TempDir dir;
    const std::string big(200'000, 'x');
    dir.write("a.txt", "ab" + big + "c");
    const auto file = dir.path() / "a.txt";
    CHECK(file_holds(file, Pieces{"ab", big, "c"}));
    CHECK(file_holds(file, Pieces{"a", "b" + big + "c"}));
    CHECK_FALSE(file_holds(file, Pieces{"ab", big, "d"}));   // last byte differs
    CHECK_FALSE(file_holds(file, Pieces{"ab", big}));        // shorter
    CHECK_FALSE(file_holds(file, Pieces{"ab", big, "cd"}));  // longer
    CHECK_FALSE(file_holds(dir.path() / "missing.txt", Pieces{}));
}

TEST_CASE("a spill file gives back what was put in it, from any thread", "[files][spill]") {
    const TempDir dir;
    auto spill = SpillFile::create(dir.path());
    REQUIRE(spill);
    std::vector<std::string> texts;
    for (int i = 0; i < 200; ++i) texts.push_back(std::string(static_cast<std::size_t>(i * 37), static_cast<char>('a' + i % 26)) + std::to_string(i));
    std::vector<std::optional<SpillFile::Slot>> slots(texts.size());
    parallel_for(texts.size(), 4, [] { return 0; }, [&](int, std::size_t i) { slots[i] = spill->put(texts[i]); });
    std::vector<int> wrong(texts.size(), 0);
    parallel_for(texts.size(), 4, [] { return 0; }, [&](int, std::size_t i) {
        const auto back = slots[i] ? spill->get(*slots[i]) : std::nullopt;
        wrong[i] = back && *back == texts[i] ? 0 : 1;
    });
    for (std::size_t i = 0; i < texts.size(); ++i) CHECK(wrong[i] == 0);
    CHECK(list_files(dir.path()).empty());  // the file has no name in the folder
}

TEST_CASE("a spill file cannot be made in a folder that does not exist", "[files][spill]") {
    const TempDir dir;
    CHECK(SpillFile::create(dir.path() / "missing") == nullptr);
}

TEST_CASE("list_files lists regular files sorted byte-wise with '/' separators", "[files]") {
    const TempDir dir;
    dir.write_all({{"b.md", ""}, {"a/z.md", ""}, {"a/b/c.md", ""}, {"B.md", ""}});
    CHECK(list_files(dir.path()) == std::vector<std::string>{"B.md", "a/b/c.md", "a/z.md", "b.md"});
    CHECK(list_files(dir.path() / "missing").empty());
}

// ---------------------------------------------------------------------------
// parallel_for

TEST_CASE("parallel_for runs each index exactly once", "[parallel]") {
    for (const unsigned jobs : {1u, 3u, 8u}) {
        std::vector<std::atomic<int>> runs(50);
        std::atomic<int> states{0};
        parallel_for(runs.size(), jobs, [&] { return ++states; }, [&](int, std::size_t i) { ++runs[i]; });
        for (const auto& r : runs) CHECK(r.load() == 1);
        CHECK(states.load() >= 1);
        CHECK(states.load() <= static_cast<int>(jobs));
    }
}

TEST_CASE("parallel_for with nothing to do does not call fn", "[parallel]") {
    int calls = 0;
    parallel_for(0, 4, [] { return 0; }, [&](int, std::size_t) { ++calls; });
    CHECK(calls == 0);
    CHECK(default_jobs() >= 1u);
}
