// The JS bridge of the web build: what the app asks of the page (web/packfolio-shell.js defines
// window.packfolioPage), the page's own settings (URL, hash, autosave, colour scheme), and the pf_* exports
// behind window.packfolio. No exception crosses into JavaScript (docs/ARCHITECTURE.md §4; toolchain.md
// quirk 7): every export catches, and texts travel through the heap as (pointer, byte count).
#include "js_bridge.hpp"

#include <emscripten.h>
#include <imgui.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <nlohmann/json.hpp>

#include "app/share_link.hpp"
#include "core/evaluate.hpp"

namespace packfolio::web {

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
EM_JS(int, js_query_flag, (const char* name), {
    return new URLSearchParams(window.location.search).get(UTF8ToString(name)) === '1' ? 1 : 0;
});
EM_JS(int, js_prefers_dark, (), {
    return window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches ? 1 : 0;
});

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

void first_frame_drawn() { js_first_frame(); }

void offer_png(const std::string& name, int width, int height, const unsigned char* rgba) {
    js_download_png(name.c_str(), width, height, rgba);
}

void copy_to_clipboard(const char* text) { js_copy_to_clipboard(text); }

app::Platform page_platform() {
    app::Platform platform;
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
    return platform;
}

app::AppOptions page_options() {
    app::AppOptions options;
    options.embed = js_query_flag("embed") != 0;
    options.theme = js_prefers_dark() ? app::Theme::dark : app::Theme::light;
    options.preset = page_string("preset");
    app::parse_tab(page_string("tab"), options.tab);
    options.share_state = page_string("hash");
    options.saved_state = page_string("local");
    return options;
}

void clear_saved_state() { js_clear_local(); }

}  // namespace packfolio::web

// The exports keep C names (window.packfolio calls M._pf_*); the helpers above are found by their namespace.
using namespace packfolio::web;

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
        const packfolio::app::ItemRect* r = running_app() && id ? running_app()->item_rect(id) : nullptr;
        char buf[128];
        if (r) std::snprintf(buf, sizeof buf, "{\"x\":%.2f,\"y\":%.2f,\"w\":%.2f,\"h\":%.2f}", r->x, r->y, r->w, r->h);
        else std::snprintf(buf, sizeof buf, "null");
        return std::string(buf);
    });
}

EMSCRIPTEN_KEEPALIVE char* pf_status() {
    return json_export([] { return running_app() ? running_app()->status_json() : std::string("null"); });
}

EMSCRIPTEN_KEEPALIVE void pf_import(const char* text, std::size_t size, const char* file_name) {
    void_export([&] {
        packfolio::app::App* app = running_app();
        if (!app) return;
        const std::string name = file_name && *file_name ? file_name : "The file";
        if (size > max_input_bytes) app->show_import_errors(name, {{"", "the file " + too_large(size)}});
        else if (!text) app->show_import_errors(name, {{"", "the browser could not read the file"}});
        else app->import_scenario(std::string(text, size), name);
    });
}

// The page's hash changed while it runs (a link pasted into the address bar): applied in place.
EMSCRIPTEN_KEEPALIVE void pf_open_link(const char* text, std::size_t size) {
    void_export([&] {
        packfolio::app::App* app = running_app();
        if (!app || !text) return;
        if (size > max_input_bytes) app->show_notice("Not opened: the link " + too_large(size));
        else app->open_link(std::string(text, size));
    });
}

// Text from the browser's paste event goes to the active text field.
EMSCRIPTEN_KEEPALIVE void pf_paste(const char* text, std::size_t size) {
    void_export([&] {
        if (size > max_input_bytes || !text) {
            if (running_app()) running_app()->show_notice("Not pasted: the text " + too_large(size));
            return;
        }
        ImGui::GetIO().AddInputCharactersUTF8(std::string(text, size).c_str());
    });
}

}  // extern "C"

