#pragma once
// What the UI asks of the platform layer (native GLFW or the web page). The UI owns no economics and
// no platform code: it calls these hooks, and each platform fills them in.

#include <functional>
#include <string>

namespace packfolio::app {

struct Platform {
    // Text for screen readers and tests: inputs and headline results (web: the hidden live region).
    std::function<void(const std::string& text)> set_text_mirror;
    std::function<void(const std::string& title)> set_title;
    std::function<void(const std::string& text)> copy_to_clipboard;
};

}  // namespace packfolio::app
