#include "app_state.hpp"

#include <exception>
#include <utility>

#include "share_link.hpp"

namespace packfolio::app {

bool parse_tab(const std::string& name, Tab& tab) {
    for (const auto& t : tabs)
        if (name == t.name) {
            tab = t.tab;
            return true;
        }
    return false;
}

const char* tab_name(Tab tab) {
    for (const auto& t : tabs)
        if (t.tab == tab) return t.name;
    return "lifecycle";
}

void reset_to_preset(Scenario& s, const Scenario& preset, const std::string& path) {
    for (const FieldChange& c : scenario_diff(s, preset))
        if (c.path == path || c.path.rfind(path + ".", 0) == 0 || c.path.rfind(path + "[", 0) == 0)
            set_field(s, c.path, c.value_json);
}

// The banner over a link that could not be opened, at start-up or pasted into the running page.
constexpr const char* link_refused_title = "This link could not be loaded; nothing was changed";

AppState::AppState(const std::vector<EmbeddedPreset>& presets) {
    for (const EmbeddedPreset& p : presets) presets_.push_back({p.id, parse_scenario(p.json)});
}

StartReport AppState::start(const StartState& from) {
    // A bad autosave is cleared (by the platform), so that it cannot spoil the next start too; a bad link
    // stays in the address bar until the reader changes something.
    StartReport report;
    tab_ = from.tab;
    bool restored = false;
    if (!from.share_state.empty()) {
        std::vector<FieldError> errors;
        restored = restore_share_state(from.share_state, errors);
        if (!restored) {
            link_problem_ = LinkProblem{link_refused_title, from.share_state, std::move(errors)};
            report.link_refused = true;
        }
    }
    if (!restored && !from.preset.empty()) restored = load_preset(from.preset);
    if (!restored && !from.saved_state.empty()) {
        std::vector<FieldError> errors;
        restored = restore_share_state(from.saved_state, errors);
        if (!restored) {
            report.autosave_refused = true;
            if (!link_problem_)
                link_problem_ = LinkProblem{"The autosaved scenario could not be restored and was cleared; nothing was changed",
                                            from.saved_state, std::move(errors)};
        }
    }
    if (!restored) load_preset(default_preset);
    undo_.clear();
    return report;
}

const ParsedPreset* AppState::find_preset(const std::string& id) const {
    for (const ParsedPreset& p : presets_)
        if (p.id == id) return &p;
    return nullptr;
}

std::string AppState::preset_title(const std::string& id) const {
    const ParsedPreset* p = find_preset(id);
    return p && !p->parsed.scenario.meta.title.empty() ? p->parsed.scenario.meta.title : id;
}

std::string AppState::share_state() const { return encode_share_state(preset_id_, tab_name(tab_), diff_); }

void AppState::remember(std::string preset_id, Scenario scenario) {
    if (undo_.size() == max_undo_steps) undo_.erase(undo_.begin());
    undo_.push_back({std::move(preset_id), std::move(scenario)});
}

void AppState::scenario_changed() {
    // Everything but the hub search is fast enough to redo at once; the search runs in slices.
    results_ = evaluate(scenario_, LogisticsSearch::defer);
    diff_ = scenario_diff(preset_scenario_, scenario_);
    ++version_;
    hub_search_.job.reset();
    if (scenario_.logistics)
        hub_search_.start(version_, *scenario_.logistics, logistics_context(scenario_.lifecycle, *scenario_.logistics));
    changes_.scenario = true;
    changes_.shown = true;
}

bool AppState::load_preset(const std::string& id) {
    const ParsedPreset* p = find_preset(id);
    if (!p) {
        notice_ = "No preset named \"" + id + "\"";
        return false;
    }
    if (!p->parsed.ok()) {  // presets are tested; this would be a build defect, shown rather than hidden
        import_errors_ = p->parsed.errors;
        import_file_ = std::string("presets/") + id + ".json";
        return false;
    }
    remember(preset_id_, scenario_);
    preset_id_ = id;
    preset_scenario_ = p->parsed.scenario;
    scenario_ = p->parsed.scenario;
    scenario_changed();
    return true;
}

bool AppState::open_link(const std::string& state) {
    const std::string text = state.compare(0, 1, "#") == 0 ? state.substr(1) : state;
    if (text == share_state()) return true;
    std::vector<FieldError> errors;
    if (restore_share_state(text, errors)) {
        link_problem_.reset();
        return true;
    }
    link_problem_ = LinkProblem{link_refused_title, text, std::move(errors)};
    return false;
}

bool AppState::restore_share_state(const std::string& state, std::vector<FieldError>& errors) {
    const std::size_t errors_before = errors.size();
    const ShareState link = decode_share_state(state);
    errors.insert(errors.end(), link.errors.begin(), link.errors.end());
    if (!link.ok()) return false;
    const std::string preset = link.preset.empty() ? default_preset : link.preset;
    Tab tab = tab_;
    if (!link.tab.empty() && !parse_tab(link.tab, tab))
        errors.push_back({"#tab", "\"" + link.tab + "\" is not a tab: expected lifecycle, portfolio, logistics, compare or sources"});
    const ParsedPreset* p = find_preset(preset);
    if (!p) {
        errors.push_back({"#preset", "\"" + preset + "\" is not a preset of this version"});
        return false;
    }
    if (!p->parsed.ok()) {
        errors.push_back({"#preset", "\"" + preset + "\" does not load in this build"});
        return false;
    }
    Scenario s = p->parsed.scenario;
    // The link's changes go through the same validating setter as `--set`; an exception there (a defect)
    // refuses the link like any other error instead of stopping the page.
    for (const FieldChange& c : link.changes) {
        try {
            for (auto& e : set_field(s, c.path, c.value_json)) errors.push_back(std::move(e));
        } catch (const std::exception& e) {
            errors.push_back({c.path, std::string("could not be applied: ") + e.what()});
        } catch (...) {
            errors.push_back({c.path, "could not be applied"});
        }
    }
    if (errors.size() != errors_before) return false;
    remember(preset_id_, scenario_);
    preset_id_ = preset;
    preset_scenario_ = p->parsed.scenario;
    scenario_ = std::move(s);
    tab_ = tab;
    scenario_changed();
    return true;
}

void AppState::import_scenario(const std::string& text, const std::string& file_name) {
    ParsedScenario parsed;
    try {
        parsed = parse_scenario(text);
    } catch (const std::exception& e) {  // a defect of the reader: still the file's error, not the page's end
        parsed.errors = {{"", std::string("could not be read: ") + e.what()}};
    } catch (...) {
        parsed.errors = {{"", "could not be read"}};
    }
    if (!parsed.ok()) {
        show_import_errors(file_name, std::move(parsed.errors));
        return;
    }
    remember(preset_id_, scenario_);
    import_file_ = file_name;
    import_errors_.clear();
    scenario_ = std::move(parsed.scenario);
    notice_ = "Imported " + file_name;
    scenario_changed();
}

void AppState::show_import_errors(const std::string& file_name, std::vector<FieldError> errors) {
    import_file_ = file_name;
    import_errors_ = std::move(errors);  // nothing changes but the message
    changes_.shown = true;
}

void AppState::commit_edit(Scenario before, bool continues_last) {
    // Cross-field checks (e.g. second-life floor below retirement SoH) refuse an edit as a whole.
    const std::vector<FieldError> errors = check_scenario(scenario_);
    if (errors.empty()) {
        if (!continues_last || undo_.empty()) remember(preset_id_, std::move(before));
        scenario_changed();
    } else {
        notice_ = "Refused: " + format_error(errors.front());
        scenario_ = std::move(before);
    }
}

void AppState::reset_group(const std::string& path, Scenario before) {
    reset_to_preset(scenario_, preset_scenario_, path);
    remember(preset_id_, std::move(before));
    scenario_changed();
}

bool AppState::undo() {
    if (undo_.empty()) return false;
    UndoStep step = std::move(undo_.back());
    undo_.pop_back();
    const ParsedPreset* p = find_preset(step.preset_id);
    preset_id_ = std::move(step.preset_id);
    if (p && p->parsed.ok()) preset_scenario_ = p->parsed.scenario;
    scenario_ = std::move(step.scenario);
    scenario_changed();
    return true;
}

void AppState::select_tab(Tab tab) {
    if (tab == tab_) return;
    tab_ = tab;
    changes_.shown = true;
}

void AppState::cancel_hub_search() {
    if (hub_search_.job) hub_search_.job->cancel();
}

bool AppState::step_hub_search(const FrameBudget& budget) {
    if (!hub_search_.step(budget)) return false;
    results_.logistics = std::move(*hub_search_.result);
    hub_search_.result.reset();
    changes_.shown = true;
    return true;
}

void AppState::dismiss_link_problem() {
    link_problem_.reset();
    changes_.shown = true;
}

StateChanges AppState::take_changes() {
    const StateChanges c = changes_;
    changes_ = {};
    return c;
}

}  // namespace packfolio::app
