#pragma once
// The app's state without a window: the presets, the scenario and its results, the share state, the
// autosave text, undo, the "modified" flag and the messages the page shows. No ImGui and no platform calls:
// the views (tab_*.cpp) read it and call its functions, the platform writes what it asks to be written
// (take_changes), and the Catch2 tests drive it directly (tests/core/test_app_state.cpp).
// docs/ARCHITECTURE.md §1 (layers) and §2 (data flow).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/evaluate.hpp"
#include "core/logistics.hpp"
#include "core/scenario.hpp"
#include "jobs.hpp"
#include "presets.hpp"

namespace packfolio::app {

enum class Tab { lifecycle, portfolio, logistics, compare, sources };
struct TabInfo {
    Tab tab;
    const char* name;   // in URLs and share links: ?tab=NAME
    const char* label;  // on the tab bar and in the text mirror
};
inline constexpr TabInfo tabs[] = {
    {Tab::lifecycle, "lifecycle", "Pack lifecycle"}, {Tab::portfolio, "portfolio", "EV vs ESS portfolio"},
    {Tab::logistics, "logistics", "Reverse logistics"}, {Tab::compare, "compare", "Compare"},
    {Tab::sources, "sources", "Sources"},
};
bool parse_tab(const std::string& name, Tab& tab);
const char* tab_name(Tab tab);

// Sets the fields under `path` (a group's JSON path) back to `preset`'s values, through the validating setter.
void reset_to_preset(Scenario& s, const Scenario& preset, const std::string& path);

inline constexpr const char* default_preset = "china-lfp-glut-2025";
// Undo keeps this many steps; older ones are dropped.
inline constexpr std::size_t max_undo_steps = 100;

// An embedded preset, parsed once at start-up: menus, links and resets read them every frame.
struct ParsedPreset {
    std::string id;
    ParsedScenario parsed;
};

// A share link or autosave that could not be restored at start-up: a banner until dismissed.
struct LinkProblem {
    std::string title;  // "This link could not be loaded; nothing was changed"
    std::string text;   // the text as received, to copy and fix
    std::vector<FieldError> errors;
};

// Where the state at start-up comes from (AppState::start), in this order: an explicit share link, then
// ?preset=, then the autosave, then the default preset.
struct StartState {
    std::string share_state;  // the URL hash as received, still percent-encoded (share_link.hpp)
    std::string preset;       // ?preset=ID
    std::string saved_state;  // the autosave text; "" when there is none or it is not to be read (embed view)
    Tab tab = Tab::lifecycle;
};

// What start() did with the texts it was given.
struct StartReport {
    bool link_refused = false;      // the share link stays in the address bar until the reader changes something
    bool autosave_refused = false;  // the platform clears the stored autosave, so it cannot spoil the next start
};

// What changed since the last take_changes(): the scenario (re-evaluated: analysis of the old one is stale),
// and anything the text mirror, the address bar or the autosave show.
struct StateChanges {
    bool scenario = false;
    bool shown = false;
};

class AppState {
public:
    explicit AppState(const std::vector<EmbeddedPreset>& presets);

    // A link or an autosave that cannot be restored changes nothing: the state is as it would have been
    // without it, and link_problem() says why and keeps the text. Clears the undo history.
    StartReport start(const StartState& from);

    // ---- reading --------------------------------------------------------------------------------------
    const std::vector<ParsedPreset>& presets() const { return presets_; }
    const ParsedPreset* find_preset(const std::string& id) const;
    std::string preset_title(const std::string& id) const;  // its meta.title, or the id
    const std::string& preset_id() const { return preset_id_; }
    const Scenario& preset_scenario() const { return preset_scenario_; }  // what "Reset" restores
    const Scenario& scenario() const { return scenario_; }
    const Results& results() const { return results_; }
    Tab tab() const { return tab_; }
    // Bumped on every scenario change, so cached analysis knows when it is stale.
    std::uint64_t version() const { return version_; }
    // True when the scenario differs from its preset (a share link then carries changes).
    bool modified() const { return !diff_.empty(); }
    bool can_undo() const { return !undo_.empty(); }

    // The state as a compact, versioned share string: the preset id, the tab and the fields that differ
    // from the preset (share_link.hpp). The autosave is the same text.
    std::string share_state() const;
    std::string autosave_text() const { return share_state(); }

    // ---- changing the scenario (each is one undo step, except a restore at start-up) ------------------
    // Loads a preset; false with a notice (nothing changes) if there is none by that id.
    bool load_preset(const std::string& id);
    // Restores a share string; returns false, with the reasons, and changes nothing if it cannot be read or
    // applied. Never throws.
    bool restore_share_state(const std::string& state, std::vector<FieldError>& errors);
    // A link opened while the page runs (pasted into the address bar: the hash changed). Applied as one
    // undo step when it reads; otherwise nothing changes and link_problem() says why. The state's own hash
    // (the page writes it after every change) does nothing. The leading '#' is optional.
    bool open_link(const std::string& state);
    // A scenario file chosen by the user: validated strictly; on any error nothing changes and the errors are
    // listed by JSON path.
    void import_scenario(const std::string& text, const std::string& file_name);
    // A panel edits the scenario in place (scenario_for_edit), then calls one of these with the scenario as it
    // was before. An edit is kept if the whole scenario still passes check_scenario; otherwise `before` comes
    // back and the notice says why. A reset sets the fields under `path` (a group's JSON path) to the preset's.
    Scenario& scenario_for_edit() { return scenario_; }
    // `continues_last`: the edit goes on the previous one (a drag, committed every frame), so that the
    // whole gesture is one undo step.
    void commit_edit(Scenario before, bool continues_last = false);
    void reset_group(const std::string& path, Scenario before);
    // Goes back one step: the scenario and preset before the last change. False when there is none.
    bool undo();
    void select_tab(Tab tab);

    // ---- the logistics hub search, stepped per frame (the other results are computed at once) ---------
    std::optional<double> hub_search_progress() const { return hub_search_.progress(); }
    void cancel_hub_search();  // the search finishes with the best set found so far
    bool step_hub_search(const FrameBudget& budget);  // true when the search finished in this call

    // ---- messages --------------------------------------------------------------------------------------
    const std::string& notice() const { return notice_; }  // one line of feedback ("Link copied")
    void set_notice(std::string text) { notice_ = std::move(text); }
    const std::vector<FieldError>& import_errors() const { return import_errors_; }
    const std::string& import_file() const { return import_file_; }
    // A file the platform refused before reading it (too large): listed like an import's errors.
    void show_import_errors(const std::string& file_name, std::vector<FieldError> errors);
    void dismiss_import_errors() { import_errors_.clear(); }
    const std::optional<LinkProblem>& link_problem() const { return link_problem_; }
    void dismiss_link_problem();

    StateChanges take_changes();

private:
    struct UndoStep {
        std::string preset_id;
        Scenario scenario;
    };
    void remember(std::string preset_id, Scenario scenario);
    void scenario_changed();  // re-evaluate, restart the hub search, mark for publishing

    std::vector<ParsedPreset> presets_;
    std::string preset_id_;
    Scenario preset_scenario_;
    Scenario scenario_;
    std::vector<FieldChange> diff_;  // scenario_diff(preset_scenario_, scenario_), kept with the scenario
    Results results_;
    Tab tab_ = Tab::lifecycle;
    std::uint64_t version_ = 0;
    std::vector<UndoStep> undo_;
    SlicedJob<HubSearch, LogisticsResults> hub_search_{1};
    std::string notice_;
    std::string import_file_;
    std::vector<FieldError> import_errors_;
    std::optional<LinkProblem> link_problem_;
    StateChanges changes_;
};

}  // namespace packfolio::app
