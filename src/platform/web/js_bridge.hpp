#pragma once
// The JS bridge of the web build (js_bridge.cpp): the page hooks the app calls, the page's settings read at
// start-up, and the pf_* exports behind window.packfolio (web/packfolio-shell.js).

#include <string>

#include "app/app.hpp"

namespace packfolio::web {

// The platform hooks, filled with calls into window.packfolioPage.
app::Platform page_platform();
// ?embed=1, ?preset=, ?tab=, the hash, the autosave and the colour scheme, as the app's start-up options.
app::AppOptions page_options();
void clear_saved_state();
void copy_to_clipboard(const char* text);
void first_frame_drawn();  // the page drops its loader
// Offers the frame just rendered (RGBA, top row first) as a PNG download.
void offer_png(const std::string& name, int width, int height, const unsigned char* rgba);

// Defined by the frame loop (main_web.cpp): the running app (null before start-up), and a request to draw the
// next frames after something changed outside a frame.
app::App* running_app();
void request_frames();

}  // namespace packfolio::web
