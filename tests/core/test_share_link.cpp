// Share links (src/app/share_link.hpp): the app's own link for any scenario restores it exactly, whatever its
// texts hold (&, %, =, #, spaces, quotes, UTF-8), each part is percent-decoded exactly once, and a malformed
// link gives errors that name the reason, never an exception and never a half-applied state.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "app/share_link.hpp"
#include "core/scenario.hpp"
#include "odd_texts.hpp"
#include "preset_file.hpp"

using namespace packfolio;
using namespace packfolio::app;

namespace {

std::string error_list(const std::vector<FieldError>& errors) {
    std::string s;
    for (const FieldError& e : errors) s += format_error(e) + "\n";
    return s;
}

// What the app does with a decoded link: the preset, then every change through the validating setter.
Scenario apply(const Scenario& preset, const ShareState& state) {
    Scenario s = preset;
    for (const FieldChange& c : state.changes) {
        const std::vector<FieldError> errors = set_field(s, c.path, c.value_json);
        INFO(c.path << "=" << c.value_json << ": " << error_list(errors));
        REQUIRE(errors.empty());
    }
    return s;
}

}  // namespace

TEST_CASE("share link: every preset's link round-trips with odd characters in its texts", "[share_link]") {
    for (const std::string& id : test::preset_ids()) {
        const Scenario preset = test::load_preset(id);
        for (const std::string& title : test::odd_texts) {
            Scenario edited = preset;
            edited.meta.title = title;
            edited.meta.story = "Story: " + title + " & more = 50% #1";
            edited.meta.sources.push_back("Source with " + title);
            edited.lifecycle.pack.nominal_kwh.value = 61.5;
            const std::vector<FieldChange> changes = scenario_diff(preset, edited);
            REQUIRE(changes.size() >= 3);
            const std::string link = encode_share_state(id, "compare", changes);
            INFO(id << ", title " << title << ": " << link);
            // Only characters that a browser keeps as they are in a URL fragment.
            for (const char c : link)
                CHECK((std::isalnum(static_cast<unsigned char>(c)) || std::string("-_.~[]%&=").find(c) != std::string::npos));

            const ShareState decoded = decode_share_state("#" + link);  // location.hash as the page passes it
            INFO(error_list(decoded.errors));
            REQUIRE(decoded.ok());
            CHECK(decoded.preset == id);
            CHECK(decoded.tab == "compare");
            REQUIRE(decoded.changes.size() == changes.size());
            for (std::size_t i = 0; i < changes.size(); ++i) {
                CHECK(decoded.changes[i].path == changes[i].path);
                CHECK(decoded.changes[i].value_json == changes[i].value_json);
            }
            const Scenario restored = apply(preset, decoded);
            CHECK(restored.meta.title == title);
            CHECK(scenario_diff(restored, edited).empty());
            CHECK(decode_share_state(link).ok());  // the autosave is the same text without '#'
        }
    }
}

TEST_CASE("share link: each part is decoded exactly once", "[share_link]") {
    // 100%25ab is "100%ab" (one decode), not "100\xAB" (two): a hand-written bare word is a string, as for --set.
    ShareState s = decode_share_state("#v1&preset=baas-fleet&meta.title=100%25ab&tab=portfolio");
    REQUIRE(s.ok());
    REQUIRE(s.changes.size() == 1);
    CHECK(s.changes[0].path == "meta.title");
    CHECK(s.changes[0].value_json == "100%ab");
    CHECK(s.preset == "baas-fleet");
    CHECK(s.tab == "portfolio");
    // '+' is a plus in a fragment (not form data); %20 is the space.
    s = decode_share_state("v1&meta.title=1e%2B5+x%20y");
    REQUIRE(s.ok());
    CHECK(s.changes[0].value_json == "1e+5+x y");
    // Keys are decoded too, and empty parts are skipped.
    s = decode_share_state("v1&&pack.nominal%5Fkwh=60&");
    REQUIRE(s.ok());
    CHECK(s.changes[0].path == "pack.nominal_kwh");
    CHECK(s.preset.empty());
    CHECK(s.tab.empty());
}

TEST_CASE("share link: malformed links give errors that say why, and no changes", "[share_link]") {
    struct Case {
        std::string text, path, says;
    };
    const std::vector<Case> cases = {
        {"#%", "#", "starts with \"%\", not v1"},
        {"", "#", "the link is empty"},
        {"#", "#", "the link is empty"},
        {"v2&preset=baas-fleet", "#", "another version of Packfolio"},
        {"preset=baas-fleet", "#", "starts with \"preset=baas-fleet\""},
        {"v1&meta.title=%", "meta.title", "bad percent escape \"%\" at position 15"},
        {"v1&meta.title=%zz", "meta.title", "bad percent escape \"%zz\""},
        {"v1&meta.title=%4", "meta.title", "bad percent escape \"%4\""},
        {"v1&meta.title=100%ab", "meta.title", "not UTF-8"},         // 100%25ab decoded twice
        {"v1&meta.title=%C3%28", "meta.title", "not UTF-8"},         // a lead byte without its continuation
        {"v1&meta.title=%ED%A0%80", "meta.title", "not UTF-8"},      // a UTF-16 surrogate
        {"v1&meta.title=%C0%AF", "meta.title", "not UTF-8"},         // an overlong '/'
        {"v1&meta.title=\xFF", "meta.title", "\"\\xFF\""},           // raw bytes are quoted as \xNN
        {"v1&meta.title=a%00b", "meta.title", "NUL"},
        {"v1&pack.nominal%zz=1", "#", "a key bad percent escape \"%zz\""},
        {"v1&pack.nominal_kwh", "#", "has no '=': expected PATH=VALUE"},
        {"v1&=60", "#", "has no key"},
        {"v1&preset=", "#preset", "\"\" is not a preset name"},
        {"v1&tab=", "#tab", "\"\" is not a tab name"},
        {"v1&preset=..%2Fetc", "#preset", "\"../etc\" is not a preset name"},
        {"v1&preset=a&preset=b", "preset", "appears twice"},
        {"v1&pack.nominal_kwh=1&pack.nominal_kwh=2", "pack.nominal_kwh", "appears twice"},
    };
    for (const Case& c : cases) {
        const ShareState s = decode_share_state(c.text);
        INFO(c.text << " -> " << error_list(s.errors));
        REQUIRE_FALSE(s.ok());
        CHECK(s.changes.empty());
        CHECK(s.errors[0].path == c.path);
        CHECK(s.errors[0].message.find(c.says) != std::string::npos);
    }
}

TEST_CASE("share link: size and count limits are refused whole", "[share_link]") {
    std::string big = "v1&meta.story=" + std::string(max_share_state_bytes, 'x');
    ShareState s = decode_share_state(big);
    REQUIRE_FALSE(s.ok());
    CHECK(s.errors[0].message.find("at most 4194304") != std::string::npos);
    big.resize(max_share_state_bytes);  // exactly at the limit: read
    CHECK(decode_share_state(big).ok());

    std::string many = "v1";
    for (std::size_t i = 0; i <= max_share_changes; ++i) many += "&f" + std::to_string(i) + "=1";
    s = decode_share_state(many);
    REQUIRE_FALSE(s.ok());
    CHECK(s.changes.empty());
    CHECK(s.errors.back().message.find("more than 2000 fields") != std::string::npos);

    // A long garbled link gives a short list.
    std::string garbled = "v1";
    for (int i = 0; i < 10000; ++i) garbled += "&x=%";
    s = decode_share_state(garbled);
    CHECK(s.errors.size() == 21);
    CHECK(s.errors.back().message == "reading stopped after 20 errors");
}

TEST_CASE("share link: random text never throws, and what it accepts is UTF-8 without NUL", "[share_link]") {
    std::mt19937 rng(12);
    const std::string alphabet = "v1%&=#+aF9.[]\x80\xC3\xA9\xFF\xED\xF0 ";
    std::size_t accepted = 0;
    for (int i = 0; i < 20000; ++i) {
        std::string text = "v1&";
        const std::size_t n = rng() % 40;
        for (std::size_t k = 0; k < n; ++k) text += alphabet[rng() % alphabet.size()];
        const ShareState s = decode_share_state(text);
        if (!s.ok()) {
            CHECK(s.changes.empty());
            continue;
        }
        ++accepted;
        // An accepted link encodes back to one that decodes to the same state (the decoder checks UTF-8 again).
        const ShareState again = decode_share_state(encode_share_state(s.preset, s.tab, s.changes));
        REQUIRE(again.ok());
        CHECK(again.preset == s.preset);
        CHECK(again.tab == s.tab);
        REQUIRE(again.changes.size() == s.changes.size());
        for (std::size_t k = 0; k < s.changes.size(); ++k) {
            CHECK(again.changes[k].path == s.changes[k].path);
            CHECK(again.changes[k].value_json == s.changes[k].value_json);
            CHECK(s.changes[k].value_json.find('\0') == std::string::npos);
        }
    }
    CHECK(accepted > 300);  // the generator reaches the accepting paths, not only the errors
}
