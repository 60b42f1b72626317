#pragma once
// The Packfolio user interface: reads a Scenario, shows Results. It owns no economics: every number
// on screen comes from the core functions that the CLI and the tests call.

#include <string>

#include "platform.hpp"
#include "theme.hpp"

namespace packfolio::app {

enum class Tab { lifecycle, portfolio, logistics, compare, sources };

struct AppOptions {
    bool embed = false;     // ?embed=1: compact view without the editing chrome
    std::string preset;     // ?preset=...
    Tab tab = Tab::lifecycle;
    Theme theme = Theme::light;
};

class App {
public:
    App(Platform platform, AppOptions options);

    // Draws one frame into the current ImGui context. Returns true while the app needs more frames
    // without input (long work running in slices); otherwise the platform may sleep until input.
    bool frame();

    void set_theme(Theme theme);

private:
    void draw_header();
    void draw_tab_body(Tab tab);
    void publish_text_mirror();

    Platform platform_;
    AppOptions options_;
    std::string mirror_;
};

}  // namespace packfolio::app
