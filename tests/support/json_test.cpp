// Tests of support::JsonWriter: what it writes is read back with another
// library (nlohmann-json), so escaping is checked by a reader, not by eye.
#include <catch2/catch.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include "generator/support/json.hpp"

using healthsite::support::JsonWriter;

TEST_CASE("JSON writer: strings round-trip through a JSON reader, whatever they hold") {
    const std::string tricky = "quote \" backslash \\ tab \t newline \n nul-free control \x01\x1f slash / "
                               "script </script> <!-- comment --> accents caf\xC3\xA9 emoji \xF0\x9F\x98\x80";
    JsonWriter out;
    out.begin_object().field("text", tricky).field(tricky, "as a key").end_object();
    const auto parsed = nlohmann::json::parse(out.take());
    CHECK(parsed.at("text") == tricky);
    CHECK(parsed.at(tricky) == "as a key");
}

TEST_CASE("JSON writer: malformed UTF-8 becomes U+FFFD and the output stays valid JSON") {
    JsonWriter out;
    out.begin_array().string("ok \xC3 cut \xFF\xFE end").string("\xE2\x82").end_array();
    const std::string text = out.take();
    const auto parsed = nlohmann::json::parse(text);  // throws on invalid UTF-8
    CHECK(parsed.at(0) == "ok \xEF\xBF\xBD cut \xEF\xBF\xBD\xEF\xBF\xBD end");
    CHECK(parsed.at(1) == "\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST_CASE("JSON writer: numbers, booleans, lists and nesting keep their order") {
    JsonWriter out;
    out.begin_object()
        .field("z", 1)
        .field("a", std::int64_t{-7})
        .field("yes", true)
        .field("list", std::vector<std::string>{"b", "a"})
        .key("half")
        .number(0.5)
        .end_object();
    CHECK(out.take() == R"({"z":1,"a":-7,"yes":true,"list":["b","a"],"half":0.5})");
}

TEST_CASE("JSON writer: take() leaves the writer ready for another value") {
    JsonWriter out;
    out.begin_object().field("first", 1).end_object();
    CHECK(out.take() == R"({"first":1})");
    out.begin_array().string("second").end_array();
    CHECK(out.take() == R"(["second"])");
}

TEST_CASE("JSON writer: an indent puts one value per line") {
    JsonWriter out(2);
    out.begin_object().field("a", 1).key("b").begin_array().string("x").end_array().end_object();
    const std::string text = out.take();
    CHECK(text == "{\n  \"a\": 1,\n  \"b\": [\n    \"x\"\n  ]\n}");
    CHECK(nlohmann::json::parse(text) == nlohmann::json::parse(R"({"a":1,"b":["x"]})"));
}

TEST_CASE("JSON writer: every control character is escaped, wherever it falls in a long string") {
    // Long strings are scanned sixteen bytes at a time: each control
    // character is tried at each offset of such a block and of the tail.
    for (int control = 0; control < 0x20; ++control) {
        for (std::size_t at = 0; at < 40; ++at) {
            std::string text(40, 'a');
            text[at] = static_cast<char>(control);
            text += "caf\xC3\xA9 \"quoted\" back\\slash";
            JsonWriter out;
            out.begin_array().string(text).end_array();
            const std::string json = out.take();
            INFO("control " << control << " at " << at);
            bool raw_control = false;
            for (const char c : json) raw_control = raw_control || static_cast<unsigned char>(c) < 0x20;
            CHECK_FALSE(raw_control);
            CHECK(nlohmann::json::parse(json).at(0).get<std::string>() == text);
        }
    }
}
