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
    // Share links: the page's URL with `state` in the hash; `embed` gives the ?embed=1 form.
    std::function<std::string(const std::string& state, bool embed)> share_url;
    std::function<void(const std::string& state)> set_share_state;  // keep the address bar current
    std::function<void(const std::string& state)> save_state;        // autosave (localStorage)
    std::function<void()> clear_saved;
    std::function<void(const std::string& name, const std::string& mime, const std::string& data)> download;
    std::function<void()> open_file;  // the platform calls App::import_scenario with the chosen file
    std::function<void(const std::string& url)> open_url;
    std::function<void(float css_px)> report_content_height;  // embed mode: the parent sizes the iframe
};

}  // namespace packfolio::app
