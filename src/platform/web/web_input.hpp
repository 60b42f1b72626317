#pragma once
// Input for the web build (web_input.cpp): the HTML5 callbacks queue pointer, wheel, touch, key and text
// events; each frame applies them up to the first button or key change.

namespace packfolio::web {

// Registers the callbacks on the canvas and the window and ImGui's key map; `on_input` runs after each
// event (the frame loop then draws the next frames).
void install_input(void (*on_input)());
bool has_queued_input();
// Applies queued input up to and including the first button or key change.
void apply_queued_input();

}  // namespace packfolio::web
