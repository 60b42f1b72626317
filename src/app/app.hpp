#pragma once
// The Packfolio user interface: reads a Scenario, shows Results. It owns no economics: every number
// on screen comes from the core functions that the CLI and the tests call (core/evaluate.hpp).

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/evaluate.hpp"
#include "core/scenario.hpp"
#include "inputs.hpp"
#include "platform.hpp"
#include "theme.hpp"

namespace packfolio::app {

enum class Tab { lifecycle, portfolio, logistics, compare, sources };
bool parse_tab(const std::string& name, Tab& tab);
const char* tab_name(Tab tab);

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
    ~App();

    // Draws one frame into the current ImGui context. Returns true while the app needs more frames
    // without input (long work running in slices); otherwise the platform may sleep until input.
    bool frame();

    // A scenario file chosen by the user: validated strictly; on any error nothing changes and the
    // errors are listed by JSON path.
    void import_scenario(const std::string& text, const std::string& file_name);
    // A file the platform refused before reading it (too large): listed like an import's errors.
    void show_import_errors(const std::string& file_name, std::vector<FieldError> errors);
    // One line of feedback from the platform ("Not pasted: ...").
    void show_notice(std::string text) { notice_ = std::move(text); }

    // The state as a compact, versioned share string: the preset id plus the fields that differ from it.
    std::string share_state() const;
    // Restores a share string (share_link.hpp); returns false, with the reasons, and changes nothing if it
    // cannot be read or applied. Never throws.
    bool restore_share_state(const std::string& state, std::vector<FieldError>& errors);

    const Results& results() const { return results_; }

    // For tests and scripts: where an item was drawn last frame (see ItemRects), and the state of the long
    // jobs and the last notice as JSON: {"jobs": {"hub_search", "decision_map", "monte_carlo"}: progress
    // 0-1 or null when not running, "notice", "errors": [...] of the last import, "link": null or the
    // link or autosave that could not be restored, {"title", "text", "errors"}}.
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
    std::string png_name() const { return preset_id_ + "-" + tab_name(options_.tab) + ".png"; }
    const Scenario& scenario() const { return scenario_; }

private:
    struct Jobs;

    bool load_preset(const std::string& id);
    void scenario_changed();  // re-evaluate, republish mirror, URL and autosave
    void draw_toolbar();
    void step_jobs();  // runs the long jobs for a few milliseconds; true results land in results_
    void draw_lifecycle();
    void draw_lifecycle_headline();
    void draw_lifecycle_results();
    void draw_routes_table();
    void draw_soh_chart(float height);
    void update_sensitivity();  // the lifecycle tornado and breakevens of the current scenario, if stale
    void draw_sensitivity();
    void draw_decision_map();
    void start_decision_map();
    void draw_monte_carlo();
    void draw_portfolio();
    bool draw_portfolio_headline();  // false when the scenario has no portfolio results
    void draw_portfolio_lines(float height);
    void draw_portfolio_sensitivity();
    void draw_logistics();
    bool draw_logistics_headline();  // false while there are no logistics results
    void draw_network_map(float height);
    void draw_compare();
    void draw_compare_b(const std::set<std::string>& highlight);
    void draw_sources();
    // The inputs of one tab's sections: the lifecycle sections, or the portfolio or logistics section.
    void draw_inputs(const char* title, Tab section);
    static void reset_group(Scenario& s, const Scenario& preset, const std::string& path);
    // After a panel over scenario_ was drawn: its Reset, or its edit if the whole scenario still passes
    // check_scenario (otherwise `before` comes back and the notice says why).
    void apply_panel(const InputPanel& panel, const Scenario& before);
    void draw_embed();
    void draw_messages();
    void draw_link_problem();
    void draw_about();  // the scenario's story and sources, folded
    void publish();

    // Every embedded preset, parsed once at start-up: menus, links and resets read them every frame.
    struct ParsedPreset {
        std::string id;
        ParsedScenario parsed;
    };
    const ParsedPreset* find_preset(const std::string& id) const;
    std::string preset_title(const std::string& id) const;  // its meta.title, or the id

    std::vector<ParsedPreset> presets_;
    Platform platform_;
    AppOptions options_;
    std::string preset_id_;
    Scenario preset_scenario_;  // what "Reset" restores
    Scenario scenario_;
    Results results_;
    InputMemory input_memory_;
    ItemRects rects_;
    std::vector<FieldError> import_errors_;
    // A share link or autosave that could not be restored at start-up: a banner until dismissed.
    struct LinkProblem {
        std::string title;  // "This link could not be loaded; nothing was changed"
        std::string text;   // the text as received, to copy and fix
        std::vector<FieldError> errors;
    };
    std::optional<LinkProblem> link_problem_;
    std::string import_file_;
    std::string notice_;        // one-line feedback ("Link copied")
    std::string compare_preset_id_;
    Scenario compare_scenario_;
    InputMemory compare_memory_;
    Results compare_results_;
    std::unique_ptr<Jobs> jobs_;
    std::string last_published_state_;
    bool tab_requested_ = true;  // options_.tab still has to be selected in the tab bar
    bool png_requested_ = false;
    bool redraw_ = false;
    std::vector<SourceEntry> sources_;  // all_sources(), listed once
};

}  // namespace packfolio::app
