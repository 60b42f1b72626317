// Input for the web build: mouse, wheel, touch and keys from the HTML5 API, queued so a press lands one
// frame after the pointer moved there and a quick tap or Enter (down and up within one frame) is not lost:
// ImGui 1.86 has no input queue of its own, and Emscripten 3.1.6's GLFW has no touch and reports stale
// canvas offsets (docs/toolchain.md, "Emscripten's built-in GLFW and ImGui 1.86"; quirk 6).
#include "web_input.hpp"

#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>

#include <cfloat>
#include <cmath>
#include <cstring>
#include <deque>
#include <string>

namespace packfolio::web {

namespace {

EM_JS(double, js_canvas_left, (), { return document.getElementById("canvas").getBoundingClientRect().left; });
EM_JS(double, js_canvas_top, (), { return document.getElementById("canvas").getBoundingClientRect().top; });
struct InputEvent {
    enum Kind { pointer_move, pointer_button, scroll, key, text } kind;
    std::string utf8;   // text events
    int key_index = 0;  // io.KeysDown index, for key events
    bool ctrl = false, shift = false, alt = false, super = false;
    float x = 0, y = 0;  // CSS pixels relative to the canvas
    int button = 0;
    bool down = false;
    float wheel_x = 0, wheel_y = 0;
};

struct InputState {
    std::deque<InputEvent> queue;
    void (*on_input)() = [] {};
    // touch: a drag that starts on no widget scrolls instead of clicking
    bool touch_active = false, touch_scrolling = false;
    float touch_x0 = 0, touch_y0 = 0, touch_last_y = 0;
};

InputState input;

EM_BOOL on_mouse(int type, const EmscriptenMouseEvent* e, void*) {
    InputEvent ev{InputEvent::pointer_move};
    // CSS px relative to the canvas, also for the window-level mouseup. Emscripten 3.1.6 fills canvasX/Y
    // from a stale offset here, so the position comes from clientX/Y and the canvas's own rectangle.
    ev.x = static_cast<float>(e->clientX - js_canvas_left());
    ev.y = static_cast<float>(e->clientY - js_canvas_top());
    input.queue.push_back(ev);
    if (type == EMSCRIPTEN_EVENT_MOUSEDOWN || type == EMSCRIPTEN_EVENT_MOUSEUP) {
        InputEvent b{InputEvent::pointer_button};
        b.x = ev.x;
        b.y = ev.y;
        b.button = e->button == 2 ? 1 : e->button == 1 ? 2 : 0;  // DOM: 0 left, 1 middle, 2 right
        b.down = type == EMSCRIPTEN_EVENT_MOUSEDOWN;
        input.queue.push_back(b);
    }
    input.on_input();
    return type != EMSCRIPTEN_EVENT_MOUSEMOVE;  // keep focus handling of the page for moves
}

EM_BOOL on_wheel(int, const EmscriptenWheelEvent* e, void*) {
    InputEvent ev{InputEvent::scroll};
    // DOM deltas are pixels (mode 0), lines (1) or pages (2); ImGui wants "lines", about 40 px each.
    const double unit = e->deltaMode == DOM_DELTA_PIXEL ? 1.0 / 40.0 : e->deltaMode == DOM_DELTA_LINE ? 1.0 / 3.0 : 1.0;
    ev.wheel_x = static_cast<float>(-e->deltaX * unit);
    ev.wheel_y = static_cast<float>(-e->deltaY * unit);
    input.queue.push_back(ev);
    input.on_input();
    return EM_TRUE;
}

EM_BOOL on_touch(int type, const EmscriptenTouchEvent* e, void*) {
    if (e->numTouches < 1) return EM_FALSE;
    const EmscriptenTouchPoint& t = e->touches[0];
    const float x = static_cast<float>(t.clientX - js_canvas_left()), y = static_cast<float>(t.clientY - js_canvas_top());
    InputEvent move{InputEvent::pointer_move};
    move.x = x;
    move.y = y;
    if (type == EMSCRIPTEN_EVENT_TOUCHSTART) {
        input.touch_active = true;
        input.touch_scrolling = false;
        input.touch_x0 = x;
        input.touch_y0 = y;
        input.touch_last_y = y;
        InputEvent down{InputEvent::pointer_button};
        down.x = x;
        down.y = y;
        down.down = true;
        input.queue.push_back(move);  // hover first, press on the next frame
        input.queue.push_back(down);
    } else if (type == EMSCRIPTEN_EVENT_TOUCHMOVE) {
        if (!input.touch_scrolling && std::fabs(y - input.touch_y0) > 12.0f && !ImGui::IsAnyItemActive()) {
            // A vertical drag that grabbed no widget scrolls the page content like a phone user expects.
            input.touch_scrolling = true;
            InputEvent up{InputEvent::pointer_button};
            up.x = -FLT_MAX;
            up.y = -FLT_MAX;
            up.down = false;
            input.queue.push_back(up);
        }
        if (input.touch_scrolling) {
            InputEvent wheel{InputEvent::scroll};
            wheel.wheel_y = (y - input.touch_last_y) / (ImGui::GetTextLineHeightWithSpacing() * 5.0f);
            input.queue.push_back(move);
            input.queue.push_back(wheel);
        } else {
            input.queue.push_back(move);
        }
        input.touch_last_y = y;
    } else {  // end or cancel
        if (input.touch_active && !input.touch_scrolling) {
            InputEvent up{InputEvent::pointer_button};
            up.x = x;
            up.y = y;
            up.down = false;
            input.queue.push_back(up);
        }
        input.touch_active = false;
        // Lift the pointer away so nothing stays hovered after a tap.
        InputEvent away{InputEvent::pointer_move};
        away.x = -FLT_MAX;
        away.y = -FLT_MAX;
        input.queue.push_back(away);
    }
    input.on_input();
    return EM_TRUE;  // no synthetic mouse events, no browser scroll of the canvas
}

// DOM key codes of the keys ImGui 1.86 maps through io.KeyMap.
int dom_key_index(const char* code) {
    static const char* const names[] = {"Tab", "ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "PageUp",
                                        "PageDown", "Home", "End", "Insert", "Delete", "Backspace", "Space",
                                        "Enter", "Escape", "NumpadEnter", "KeyA", "KeyC", "KeyV", "KeyX",
                                        "KeyY", "KeyZ"};
    for (int i = 0; i < static_cast<int>(sizeof names / sizeof names[0]); ++i)
        if (std::strcmp(code, names[i]) == 0) return i + 1;  // 0 is "no key"
    return 0;
}

EM_BOOL on_key(int type, const EmscriptenKeyboardEvent* e, void*) {
    ImGuiIO& io = ImGui::GetIO();
    const bool down = type == EMSCRIPTEN_EVENT_KEYDOWN;
    // Key changes go through the input queue like mouse buttons: a press and release that arrive within
    // one frame (a quick Enter) then still reach ImGui in two frames instead of cancelling out.
    InputEvent ev{InputEvent::key};
    ev.key_index = dom_key_index(e->code);
    ev.down = down;
    ev.ctrl = e->ctrlKey;
    ev.shift = e->shiftKey;
    ev.alt = e->altKey;
    ev.super = e->metaKey;
    input.queue.push_back(ev);
    input.on_input();
    // A printable character (e->key holds it as UTF-8) is queued behind the keys before it, so "select all,
    // then type" replaces the text instead of typing first.
    InputEvent text{InputEvent::text};
    if (down && !e->ctrlKey && !e->metaKey && std::strlen(e->key) > 0 && std::strcmp(e->code, "Space") != 0 &&
        dom_key_index(e->code) == 0)
        text.utf8 = e->key;
    else if (down && std::strcmp(e->code, "Space") == 0)
        text.utf8 = " ";
    if (!text.utf8.empty()) input.queue.push_back(text);
    // Keep keys for ImGui only while it wants the keyboard (a text field is active); let the page have
    // them otherwise, so an embedding article scrolls with the keyboard as usual. Let copy/paste through.
    if (!io.WantCaptureKeyboard) return EM_FALSE;
    if ((e->ctrlKey || e->metaKey) && (std::strcmp(e->code, "KeyC") == 0 || std::strcmp(e->code, "KeyV") == 0 ||
                                       std::strcmp(e->code, "KeyX") == 0))
        return EM_FALSE;
    return EM_TRUE;
}

void install_key_map() {
    ImGuiIO& io = ImGui::GetIO();
    const ImGuiKey_ keys[] = {ImGuiKey_Tab,       ImGuiKey_LeftArrow, ImGuiKey_RightArrow, ImGuiKey_UpArrow,
                              ImGuiKey_DownArrow, ImGuiKey_PageUp,    ImGuiKey_PageDown,   ImGuiKey_Home,
                              ImGuiKey_End,       ImGuiKey_Insert,    ImGuiKey_Delete,     ImGuiKey_Backspace,
                              ImGuiKey_Space,     ImGuiKey_Enter,     ImGuiKey_Escape,     ImGuiKey_KeyPadEnter,
                              ImGuiKey_A,         ImGuiKey_C,         ImGuiKey_V,          ImGuiKey_X,
                              ImGuiKey_Y,         ImGuiKey_Z};
    for (int i = 0; i < static_cast<int>(sizeof keys / sizeof keys[0]); ++i) io.KeyMap[keys[i]] = i + 1;
}

}  // namespace

void install_input(void (*on_input)()) {
    input.on_input = on_input;
    install_key_map();
    emscripten_set_mousedown_callback("#canvas", nullptr, EM_TRUE, on_mouse);
    emscripten_set_mouseup_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_TRUE, on_mouse);
    emscripten_set_mousemove_callback("#canvas", nullptr, EM_TRUE, on_mouse);
    emscripten_set_wheel_callback("#canvas", nullptr, EM_TRUE, on_wheel);
    emscripten_set_touchstart_callback("#canvas", nullptr, EM_TRUE, on_touch);
    emscripten_set_touchmove_callback("#canvas", nullptr, EM_TRUE, on_touch);
    emscripten_set_touchend_callback("#canvas", nullptr, EM_TRUE, on_touch);
    emscripten_set_touchcancel_callback("#canvas", nullptr, EM_TRUE, on_touch);
    emscripten_set_keydown_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_TRUE, on_key);
    emscripten_set_keyup_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_TRUE, on_key);
}

bool has_queued_input() { return !input.queue.empty(); }

// Applies queued input up to and including the first button change, so that a press is seen one frame
// after the pointer arrived and a quick tap (down and up in one frame) is not lost.
void apply_queued_input() {
    ImGuiIO& io = ImGui::GetIO();
    while (!input.queue.empty()) {
        const InputEvent ev = input.queue.front();
        input.queue.pop_front();
        if (ev.kind == InputEvent::pointer_move) {
            io.MousePos = ImVec2(ev.x, ev.y);
        } else if (ev.kind == InputEvent::scroll) {
            io.MouseWheel += ev.wheel_y;
            io.MouseWheelH += ev.wheel_x;
        } else if (ev.kind == InputEvent::text) {
            io.AddInputCharactersUTF8(ev.utf8.c_str());
        } else if (ev.kind == InputEvent::key) {
            io.KeyCtrl = ev.ctrl;
            io.KeyShift = ev.shift;
            io.KeyAlt = ev.alt;
            io.KeySuper = ev.super;
            if (ev.key_index) {
                io.KeysDown[ev.key_index] = ev.down;
                break;
            }
        } else {
            if (ev.x != -FLT_MAX) io.MousePos = ImVec2(ev.x, ev.y);
            io.MouseDown[ev.button] = ev.down;
            break;
        }
    }
}

}  // namespace packfolio::web
