#pragma once
// The Packfolio user interface: reads a Scenario, shows Results. It owns no economics: every number on
// screen comes from the core functions that the CLI and the tests call (core/evaluate.hpp). The App ties
// three parts together (docs/ARCHITECTURE.md §1): the AppState (app_state.hpp, no ImGui), one view per tab
// (views.hpp), and the page's chrome drawn here (toolbar, banners, messages, the embed view); it steps the
// long jobs and publishes the text mirror, the address and the autosave through the platform's hooks.

#include <string>
#include <vector>

#include "app_state.hpp"
#include "inputs.hpp"
#include "platform.hpp"
#include "theme.hpp"
#include "views.hpp"

namespace packfolio::app {

struct AppOptions {
    bool embed = false;     // ?embed=1: compact view without the editing chrome
    std::string preset;     // ?preset=... (a file name in presets/ without .json)
    Tab tab = Tab::lifecycle;
    Theme theme = Theme::light;
    std::string share_state;  // the URL hash as received, still percent-encoded: "#v1&preset=...&tab=...&path=value..."
    std::string saved_state;  // the autosaved state from localStorage, same format (share_link.hpp)
};

class App {
public:
    App(Platform platform, AppOptions options);

    // Draws one frame into the current ImGui context. Returns true while the app needs more frames
    // without input (long work running in slices); otherwise the platform may sleep until input.
    bool frame();

    // A scenario file chosen by the user: validated strictly; on any error nothing changes and the
    // errors are listed by JSON path.
    void import_scenario(const std::string& text, const std::string& file_name);
    // A file the platform refused before reading it (too large): listed like an import's errors.
    void show_import_errors(const std::string& file_name, std::vector<FieldError> errors);
    // A link pasted into the address bar of the open page (AppState::open_link).
    void open_link(const std::string& state);
    // One line of feedback from the platform ("Not pasted: ...").
    void show_notice(std::string text) { state_.set_notice(std::move(text)); }

    const AppState& state() const { return state_; }

    // For tests and scripts: where an item was drawn last frame (see ItemRects), and the state of the long
    // jobs and the last notice as JSON: {"jobs": {"hub_search", "decision_map", "monte_carlo",
    // "portfolio_sensitivity"}: progress 0-1 or null when not running, "notice", "errors": [...] of the last
    // import, "link": null or the link or autosave that could not be restored, {"title", "text", "errors"}}.
    const ItemRect* item_rect(const std::string& id) const;
    std::string status_json() const;

    // True once after an edit changed the scenario during frame(): parts of the window drawn before the
    // edit (the headline above the inputs) show the old results, so the platform runs frame() once more
    // before presenting. The reader then sees the new answer in the same displayed frame as the edit.
    bool take_redraw_request() {
        const bool r = redraw_;
        redraw_ = false;
        return r;
    }

    // "Export > This view (PNG)": the platform reads the frame it just rendered and offers it as a file
    // named png_name(). True once per request.
    bool take_png_request() {
        const bool r = png_requested_;
        png_requested_ = false;
        return r;
    }
    std::string png_name() const { return state_.preset_id() + "-" + tab_name(state_.tab()) + ".png"; }

private:
    ViewContext context() { return {state_, input_memory_, rects_, options_.theme}; }
    void load_preset(const std::string& id);
    void step_jobs();
    bool busy() const;
    void handle_shortcuts();
    // After the state changed: stale analysis stops, the frame is drawn again, and the mirror, the address
    // and the autosave are brought up to date.
    void sync();
    void publish();
    std::string mirror_text() const;

    void draw_tabs();
    void draw_toolbar();
    void draw_export_menu();
    void draw_about();  // the scenario's story and sources, folded
    void draw_link_problem();
    void draw_messages();
    void draw_embed();

    AppState state_;
    Platform platform_;
    AppOptions options_;
    InputMemory input_memory_;
    ItemRects rects_;
    LifecycleView lifecycle_;
    PortfolioView portfolio_;
    LogisticsView logistics_;
    CompareView compare_;
    SourcesView sources_;
    std::string last_published_state_;
    bool tab_requested_ = true;  // state_.tab() still has to be selected in the tab bar
    bool png_requested_ = false;
    bool redraw_ = false;
};

}  // namespace packfolio::app
