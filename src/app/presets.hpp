#pragma once
// The scenario presets of presets/*.json, embedded in the binary at build time.

#include <vector>

namespace packfolio::app {

struct EmbeddedPreset {
    const char* id;    // file name without .json, e.g. "china-lfp-glut-2025"
    const char* json;  // the scenario file's text
};

const std::vector<EmbeddedPreset>& embedded_presets();

}  // namespace packfolio::app
