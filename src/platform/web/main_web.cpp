// The web app: the UI in a WebGL2 canvas. GLFW (Emscripten's built-in port) creates the context; a
// small layer on the HTML5 API fills the gaps of Emscripten 3.1.6's GLFW (toolchain.md): HiDPI
// backing store, following the canvas size, touch, and an input queue that lets a press land one frame
// after the pointer moved there (ImGui 1.86 has no input queue of its own).
#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_internal.h>  // ErrorCheckEndFrameRecover

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/app.hpp"
#include "app/fonts.hpp"
#include "app/share_link.hpp"
#include "core/evaluate.hpp"

namespace {

// The largest text the page hands to the app (a scenario, an import, a paste): 4 MiB of UTF-8, the size
// of the largest share text too. The page reads it (pf_max_input_bytes) and refuses a larger text before
// copying it into wasm memory; the message is written here, in one place.
constexpr std::size_t max_input_bytes = packfolio::app::max_share_state_bytes;

std::string too_large(std::size_t bytes) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "is %.1f MiB (%zu bytes); the calculator reads at most %zu bytes (4 MiB)",
                  static_cast<double>(bytes) / (1 << 20), bytes, max_input_bytes);
    return buf;
}

// ---- page bridge (web/packfolio-shell.js defines window.packfolioPage) -------------------------------
EM_JS(void, js_set_text_mirror, (const char* text), { window.packfolioPage.setMirror(UTF8ToString(text)); });
EM_JS(void, js_set_title, (const char* text), { document.title = UTF8ToString(text); });
EM_JS(void, js_copy_to_clipboard, (const char* text), { window.packfolioPage.copy(UTF8ToString(text)); });
EM_JS(void, js_first_frame, (), { window.packfolioPage.firstFrame(); });
EM_JS(void, js_set_hash, (const char* state), { window.packfolioPage.setHash(UTF8ToString(state)); });
EM_JS(void, js_save_local, (const char* state), { window.packfolioPage.saveLocal(UTF8ToString(state)); });
EM_JS(void, js_clear_local, (), { window.packfolioPage.clearLocal(); });
EM_JS(void, js_open_file, (), { window.packfolioPage.openFile(); });
EM_JS(void, js_open_url, (const char* url), { window.open(UTF8ToString(url), '_blank', 'noopener'); });
EM_JS(void, js_report_height, (float h), { window.packfolioPage.reportHeight(h); });
EM_JS(void, js_download_png, (const char* name, int w, int h, const unsigned char* rgba), {
    window.packfolioPage.downloadPng(UTF8ToString(name), w, h, HEAPU8.slice(rgba, rgba + w * h * 4));
});
EM_JS(void, js_download, (const char* name, const char* mime, const char* data, int size), {
    window.packfolioPage.download(UTF8ToString(name), UTF8ToString(mime), HEAPU8.slice(data, data + size));
});
// Strings from the page, returned as malloc'd UTF-8 (in the heap, whatever their size) that the caller
// frees; null if the page could not give one.
EM_JS(char*, js_string, (const char* what), {
    try {
        const w = UTF8ToString(what);
        let s = "";
        if (w === 'hash') s = window.packfolioPage.getHash();
        else if (w === 'local') s = window.packfolioPage.loadLocal();
        else if (w === 'preset') s = new URLSearchParams(window.location.search).get('preset') || "";
        else if (w === 'tab') s = new URLSearchParams(window.location.search).get('tab') || "";
        else if (w === 'base') s = window.location.origin + window.location.pathname;
        s = String(s);
        if (typeof s.toWellFormed === 'function') s = s.toWellFormed();
        const n = lengthBytesUTF8(s) + 1;
        const p = _malloc(n);
        if (p) stringToUTF8(s, p, n);
        return p;
    } catch (e) {
        return 0;
    }
});

std::string page_string(const char* what) {
    char* p = js_string(what);
    if (!p) return {};
    std::string s = p;
    std::free(p);
    return s;
}
EM_JS(double, js_canvas_left, (), { return document.getElementById("canvas").getBoundingClientRect().left; });
EM_JS(double, js_canvas_top, (), { return document.getElementById("canvas").getBoundingClientRect().top; });
EM_JS(int, js_query_flag, (const char* name), {
    return new URLSearchParams(window.location.search).get(UTF8ToString(name)) === '1' ? 1 : 0;
});
EM_JS(int, js_prefers_dark, (), {
    return window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches ? 1 : 0;
});

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

struct WebState {
    GLFWwindow* window = nullptr;
    std::unique_ptr<packfolio::app::App> app;
    std::deque<InputEvent> queue;
    double css_w = 0, css_h = 0;
    float ratio = 1.0f;
    int settle = 3;        // frames still to render after the last input
    bool first_frame_sent = false;
    // touch: a drag that starts on no widget scrolls instead of clicking
    bool touch_active = false, touch_scrolling = false;
    float touch_x0 = 0, touch_y0 = 0, touch_last_y = 0;
};

WebState web;

void request_frames() { web.settle = 3; }

void resize_canvas() {
    double w = 0, h = 0;
    emscripten_get_element_css_size("#canvas", &w, &h);
    const float ratio = static_cast<float>(emscripten_get_device_pixel_ratio());
    if (w < 1 || h < 1) return;
    if (w == web.css_w && h == web.css_h && ratio == web.ratio) return;
    const bool ratio_changed = ratio != web.ratio;
    web.css_w = w;
    web.css_h = h;
    web.ratio = ratio;
    // Backing store in device pixels, layout in CSS pixels: crisp on HiDPI (imgui #7519).
    emscripten_set_canvas_element_size("#canvas", static_cast<int>(std::lround(w * ratio)),
                                       static_cast<int>(std::lround(h * ratio)));
    if (ratio_changed && ImGui::GetCurrentContext()) {
        packfolio::app::load_fonts(ratio);
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }
    request_frames();
}

EM_BOOL on_resize(int, const EmscriptenUiEvent*, void*) {
    resize_canvas();
    return EM_FALSE;
}

EM_BOOL on_mouse(int type, const EmscriptenMouseEvent* e, void*) {
    InputEvent ev{InputEvent::pointer_move};
    // CSS px relative to the canvas, also for the window-level mouseup. Emscripten 3.1.6 fills canvasX/Y
    // from a stale offset here, so the position comes from clientX/Y and the canvas's own rectangle.
    ev.x = static_cast<float>(e->clientX - js_canvas_left());
    ev.y = static_cast<float>(e->clientY - js_canvas_top());
    web.queue.push_back(ev);
    if (type == EMSCRIPTEN_EVENT_MOUSEDOWN || type == EMSCRIPTEN_EVENT_MOUSEUP) {
        InputEvent b{InputEvent::pointer_button};
        b.x = ev.x;
        b.y = ev.y;
        b.button = e->button == 2 ? 1 : e->button == 1 ? 2 : 0;  // DOM: 0 left, 1 middle, 2 right
        b.down = type == EMSCRIPTEN_EVENT_MOUSEDOWN;
        web.queue.push_back(b);
    }
    request_frames();
    return type != EMSCRIPTEN_EVENT_MOUSEMOVE;  // keep focus handling of the page for moves
}

EM_BOOL on_wheel(int, const EmscriptenWheelEvent* e, void*) {
    InputEvent ev{InputEvent::scroll};
    // DOM deltas are pixels (mode 0), lines (1) or pages (2); ImGui wants "lines", about 40 px each.
    const double unit = e->deltaMode == DOM_DELTA_PIXEL ? 1.0 / 40.0 : e->deltaMode == DOM_DELTA_LINE ? 1.0 / 3.0 : 1.0;
    ev.wheel_x = static_cast<float>(-e->deltaX * unit);
    ev.wheel_y = static_cast<float>(-e->deltaY * unit);
    web.queue.push_back(ev);
    request_frames();
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
        web.touch_active = true;
        web.touch_scrolling = false;
        web.touch_x0 = x;
        web.touch_y0 = y;
        web.touch_last_y = y;
        InputEvent down{InputEvent::pointer_button};
        down.x = x;
        down.y = y;
        down.down = true;
        web.queue.push_back(move);  // hover first, press on the next frame
        web.queue.push_back(down);
    } else if (type == EMSCRIPTEN_EVENT_TOUCHMOVE) {
        if (!web.touch_scrolling && std::fabs(y - web.touch_y0) > 12.0f && !ImGui::IsAnyItemActive()) {
            // A vertical drag that grabbed no widget scrolls the page content like a phone user expects.
            web.touch_scrolling = true;
            InputEvent up{InputEvent::pointer_button};
            up.x = -FLT_MAX;
            up.y = -FLT_MAX;
            up.down = false;
            web.queue.push_back(up);
        }
        if (web.touch_scrolling) {
            InputEvent wheel{InputEvent::scroll};
            wheel.wheel_y = (y - web.touch_last_y) / (ImGui::GetTextLineHeightWithSpacing() * 5.0f);
            web.queue.push_back(move);
            web.queue.push_back(wheel);
        } else {
            web.queue.push_back(move);
        }
        web.touch_last_y = y;
    } else {  // end or cancel
        if (web.touch_active && !web.touch_scrolling) {
            InputEvent up{InputEvent::pointer_button};
            up.x = x;
            up.y = y;
            up.down = false;
            web.queue.push_back(up);
        }
        web.touch_active = false;
        // Lift the pointer away so nothing stays hovered after a tap.
        InputEvent away{InputEvent::pointer_move};
        away.x = -FLT_MAX;
        away.y = -FLT_MAX;
        web.queue.push_back(away);
    }
    request_frames();
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
    web.queue.push_back(ev);
    request_frames();
    // A printable character (e->key holds it as UTF-8) is queued behind the keys before it, so "select all,
    // then type" replaces the text instead of typing first.
    InputEvent text{InputEvent::text};
    if (down && !e->ctrlKey && !e->metaKey && std::strlen(e->key) > 0 && std::strcmp(e->code, "Space") != 0 &&
        dom_key_index(e->code) == 0)
        text.utf8 = e->key;
    else if (down && std::strcmp(e->code, "Space") == 0)
        text.utf8 = " ";
    if (!text.utf8.empty()) web.queue.push_back(text);
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

// Applies queued input up to and including the first button change, so that a press is seen one frame
// after the pointer arrived and a quick tap (down and up in one frame) is not lost.
void apply_input() {
    ImGuiIO& io = ImGui::GetIO();
    while (!web.queue.empty()) {
        const InputEvent ev = web.queue.front();
        web.queue.pop_front();
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

// Reads the frame just rendered (before the browser presents it) and offers it as a PNG download.
void save_png() {
    const int w = static_cast<int>(std::lround(web.css_w * web.ratio)), h = static_cast<int>(std::lround(web.css_h * web.ratio));
    std::vector<unsigned char> pixels(static_cast<std::size_t>(w) * h * 4), flipped(pixels.size());
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    const std::size_t row = static_cast<std::size_t>(w) * 4;
    for (int y = 0; y < h; ++y)  // GL rows run bottom-up, images top-down
        std::memcpy(&flipped[static_cast<std::size_t>(y) * row], &pixels[static_cast<std::size_t>(h - 1 - y) * row], row);
    js_download_png(web.app->png_name().c_str(), w, h, flipped.data());
}

// One frame of the app. An exception from the UI (a defect) must not end the main loop, which would leave a
// dead page: the frame's open windows are closed and the next frame runs as usual.
bool app_frame() {
    try {
        return web.app->frame();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "packfolio: a frame failed: %s\n", e.what());
    } catch (...) {
        std::fprintf(stderr, "packfolio: a frame failed\n");
    }
    ImGui::ErrorCheckEndFrameRecover(nullptr);
    return false;
}

void frame() {
    resize_canvas();
    const bool has_input = !web.queue.empty();
    if (!has_input && web.settle <= 0) return;  // idle: nothing to draw, no CPU burnt
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(static_cast<float>(web.css_w), static_cast<float>(web.css_h));
    io.DisplayFramebufferScale = ImVec2(web.ratio, web.ratio);
    static double last_time = emscripten_get_now() / 1000.0;
    const double now = emscripten_get_now() / 1000.0;
    io.DeltaTime = static_cast<float>(std::max(1e-4, now - last_time));
    last_time = now;
    apply_input();

    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
    bool busy = app_frame();
    ImGui::Render();
    if (web.app->take_redraw_request()) {  // an edit landed mid-frame: draw again before presenting
        ImGui::NewFrame();
        busy = app_frame();
        ImGui::Render();
    }
    glViewport(0, 0, static_cast<int>(std::lround(web.css_w * web.ratio)),
               static_cast<int>(std::lround(web.css_h * web.ratio)));
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (web.app->take_png_request()) save_png();
    web.settle = busy || !web.queue.empty() ? 3 : web.settle - 1;
    if (!web.first_frame_sent) {
        web.first_frame_sent = true;
        js_first_frame();
    }
}

// A malloc'd copy for the page, which frees it with pf_free; null when out of memory (the page says so).
char* copy_string(const std::string& s) {
    char* p = static_cast<char*>(std::malloc(s.size() + 1));
    if (p) std::memcpy(p, s.c_str(), s.size() + 1);
    return p;
}

// {"errors": [{"path": "", "message": PREFIX + DETAIL}]} for the page. Never throws.
char* error_json(const char* prefix, const char* detail = "") noexcept {
    try {
        const nlohmann::json e = {{"errors", {{{"path", ""}, {"message", std::string(prefix) + detail}}}}};
        return copy_string(e.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    } catch (...) {
        return copy_string(R"({"errors":[{"path":"","message":"out of memory"}]})");
    }
}

// Runs the body of an export that returns JSON. No exception may cross into JS: there it would be a bare
// number, and the wasm stack it unwound would never be given back.
template <class F>
char* json_export(F&& body) noexcept {
    try {
        return copy_string(body());
    } catch (const std::exception& e) {
        return error_json("internal error: ", e.what());
    } catch (...) {
        return error_json("internal error");
    }
}

template <class F>
void void_export(F&& body) noexcept {
    try {
        body();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "packfolio: %s\n", e.what());
    } catch (...) {
        std::fprintf(stderr, "packfolio: internal error\n");
    }
    request_frames();
}

}  // namespace

// ---- exports for the page (web/packfolio-shell.js) ------------------------------------------------------

extern "C" {

// Texts come from the page as (pointer, byte count) in the heap (malloc'd by the page, freed by it after the
// call); a text over max_input_bytes arrives as (null, its size) and is refused without being read.

EMSCRIPTEN_KEEPALIVE std::size_t pf_max_input_bytes() { return max_input_bytes; }

// window.packfolio.evaluate: the same parse, validate and evaluate as `packfolio eval`.
EMSCRIPTEN_KEEPALIVE char* pf_evaluate(const char* scenario_json, std::size_t size) {
    return json_export([&] {
        if (size > max_input_bytes || !scenario_json) {
            const nlohmann::json e = {{"errors", {{{"path", ""}, {"message", "the scenario " + too_large(size)}}}}};
            return e.dump();
        }
        return packfolio::evaluate_json_text(std::string(scenario_json, size));
    });
}

EMSCRIPTEN_KEEPALIVE void pf_free(char* p) { std::free(p); }

// Test and scripting hooks: where an item was drawn ({"x","y","w","h"} in CSS px, or null) and the state of
// the long jobs (App::status_json).
EMSCRIPTEN_KEEPALIVE char* pf_rect(const char* id) {
    return json_export([&] {
        const packfolio::app::ItemRect* r = web.app && id ? web.app->item_rect(id) : nullptr;
        char buf[128];
        if (r) std::snprintf(buf, sizeof buf, "{\"x\":%.2f,\"y\":%.2f,\"w\":%.2f,\"h\":%.2f}", r->x, r->y, r->w, r->h);
        else std::snprintf(buf, sizeof buf, "null");
        return std::string(buf);
    });
}

EMSCRIPTEN_KEEPALIVE char* pf_status() {
    return json_export([] { return web.app ? web.app->status_json() : std::string("null"); });
}

EMSCRIPTEN_KEEPALIVE void pf_import(const char* text, std::size_t size, const char* file_name) {
    void_export([&] {
        if (!web.app) return;
        const std::string name = file_name && *file_name ? file_name : "The file";
        if (size > max_input_bytes) web.app->show_import_errors(name, {{"", "the file " + too_large(size)}});
        else if (!text) web.app->show_import_errors(name, {{"", "the browser could not read the file"}});
        else web.app->import_scenario(std::string(text, size), name);
    });
}

// Text from the browser's paste event goes to the active text field.
EMSCRIPTEN_KEEPALIVE void pf_paste(const char* text, std::size_t size) {
    void_export([&] {
        if (size > max_input_bytes || !text) {
            if (web.app) web.app->show_notice("Not pasted: the text " + too_large(size));
            return;
        }
        ImGui::GetIO().AddInputCharactersUTF8(std::string(text, size).c_str());
    });
}

}  // extern "C"

int main() {
    if (!glfwInit()) return 1;
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    web.window = glfwCreateWindow(1280, 800, "Packfolio", nullptr, nullptr);
    if (!web.window) return 1;
    glfwMakeContextCurrent(web.window);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // no file system on the web; state lives in the URL and localStorage
    // Ctrl+C in a text field copies to the browser's clipboard; pasting comes only from the page's paste
    // event (pf_paste), so ImGui's own Ctrl+V finds nothing to insert twice.
    io.SetClipboardTextFn = [](void*, const char* text) { js_copy_to_clipboard(text); };
    io.GetClipboardTextFn = [](void*) { return ""; };
    install_key_map();
    resize_canvas();
    packfolio::app::load_fonts(web.ratio);
    ImGui_ImplOpenGL3_Init("#version 300 es");

    packfolio::app::Platform platform;
    platform.set_text_mirror = [](const std::string& t) { js_set_text_mirror(t.c_str()); };
    platform.set_title = [](const std::string& t) { js_set_title(t.c_str()); };
    platform.copy_to_clipboard = [](const std::string& t) { js_copy_to_clipboard(t.c_str()); };
    const std::string base_url = page_string("base");
    platform.share_url = [base_url](const std::string& state, bool embed) {
        return base_url + (embed ? "?embed=1" : "") + "#" + state;
    };
    platform.set_share_state = [](const std::string& state) { js_set_hash(state.c_str()); };
    platform.save_state = [](const std::string& state) { js_save_local(state.c_str()); };
    platform.clear_saved = [] { js_clear_local(); };
    platform.download = [](const std::string& name, const std::string& mime, const std::string& data) {
        js_download(name.c_str(), mime.c_str(), data.data(), static_cast<int>(data.size()));
    };
    platform.open_file = [] { js_open_file(); };
    platform.open_url = [](const std::string& url) { js_open_url(url.c_str()); };
    platform.report_content_height = [](float h) { js_report_height(h); };
    packfolio::app::AppOptions options;
    options.embed = js_query_flag("embed") != 0;
    options.theme = js_prefers_dark() ? packfolio::app::Theme::dark : packfolio::app::Theme::light;
    options.preset = page_string("preset");
    packfolio::app::parse_tab(page_string("tab"), options.tab);
    options.share_state = page_string("hash");
    options.saved_state = page_string("local");
    try {
        web.app = std::make_unique<packfolio::app::App>(platform, options);
    } catch (...) {
        // Only a defect gets here (the app refuses a bad link or autosave itself and says why): start clean
        // rather than not at all.
        js_clear_local();
        options.share_state.clear();
        options.saved_state.clear();
        web.app = std::make_unique<packfolio::app::App>(platform, options);
    }

    emscripten_set_resize_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_FALSE, on_resize);
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

    emscripten_set_main_loop(frame, 0, false);
    return 0;
}
