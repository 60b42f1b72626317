#pragma once
// Texts with every character that has a meaning in a URL or in JSON: the share-link tests put them in a
// scenario's title and story (test_share_link.cpp for the codec, test_app_state.cpp through the app state).

#include <string>
#include <vector>

namespace packfolio::test {

inline const std::vector<std::string> odd_texts = {
    "R&D", "100%", "100%25ab", "a=b&c=d", "#hash", "  two  spaces ", "+plus+", "\"quoted\" and 'single'",
    "back\\slash", "caf\xC3\xA9 \xE2\x82\xAC \xE4\xB8\xAD \xF0\x9F\x94\x8B", "?query=1", "[0]", "%00 is not a NUL",
    "line\nbreak", "",
};

}  // namespace packfolio::test
