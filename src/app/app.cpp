#include "app.hpp"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <utility>

#include <nlohmann/json.hpp>

#include "charts.hpp"
#include "jobs.hpp"
#include "labels.hpp"
#include "core/sources.hpp"
#include "presets.hpp"
#include "share_link.hpp"

namespace packfolio::app {

namespace {

constexpr const char* default_preset = "china-lfp-glut-2025";

struct TabInfo {
    Tab tab;
    const char* name;  // in URLs: ?tab=NAME
    const char* label;
};
constexpr TabInfo tabs[] = {
    {Tab::lifecycle, "lifecycle", "Pack lifecycle"}, {Tab::portfolio, "portfolio", "EV vs ESS portfolio"},
    {Tab::logistics, "logistics", "Reverse logistics"}, {Tab::compare, "compare", "Compare"},
    {Tab::sources, "sources", "Sources"},
};

}  // namespace

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

App::App(Platform platform, AppOptions options)
    : platform_(std::move(platform)), options_(std::move(options)), jobs_(std::make_unique<Jobs>()) {
    for (const EmbeddedPreset& p : embedded_presets()) presets_.push_back({p.id, parse_scenario(p.json)});
    apply_theme(options_.theme);
    // Precedence: an explicit share link, then ?preset=, then the autosave, then the default preset. A link
    // or an autosave that cannot be restored changes nothing: the page starts as it would have without it,
    // and a banner says why and keeps the text to copy and fix. A bad autosave is cleared, so that it cannot
    // spoil the next start too; a bad link stays in the address bar until the reader changes something.
    bool restored = false;
    if (!options_.share_state.empty()) {
        std::vector<FieldError> errors;
        restored = restore_share_state(options_.share_state, errors);
        if (!restored) link_problem_ = LinkProblem{"This link could not be loaded; nothing was changed", options_.share_state, std::move(errors)};
    }
    if (!restored && !options_.preset.empty()) restored = load_preset(options_.preset);
    if (!restored && !options_.saved_state.empty() && !options_.embed) {
        std::vector<FieldError> errors;
        restored = restore_share_state(options_.saved_state, errors);
        if (!restored) {
            if (platform_.clear_saved) platform_.clear_saved();
            if (!link_problem_)
                link_problem_ = LinkProblem{"The autosaved scenario could not be restored and was cleared; nothing was changed",
                                            options_.saved_state, std::move(errors)};
        }
    }
    if (!restored) load_preset(default_preset);
    if (link_problem_ && link_problem_->text == options_.share_state && platform_.set_share_state && !options_.embed) {
        const std::string& hash = options_.share_state;
        platform_.set_share_state(hash.compare(0, 1, "#") == 0 ? hash.substr(1) : hash);
    }
    compare_preset_id_ = preset_id_;
    compare_scenario_ = scenario_;
    compare_results_ = evaluate(compare_scenario_, LogisticsSearch::defer);
    if (platform_.set_title) platform_.set_title("Packfolio: battery-pack economics");
}

App::~App() = default;

const App::ParsedPreset* App::find_preset(const std::string& id) const {
    for (const ParsedPreset& p : presets_)
        if (p.id == id) return &p;
    return nullptr;
}

std::string App::preset_title(const std::string& id) const {
    const ParsedPreset* p = find_preset(id);
    return p && !p->parsed.scenario.meta.title.empty() ? p->parsed.scenario.meta.title : id;
}

bool App::load_preset(const std::string& id) {
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
    preset_id_ = id;
    preset_scenario_ = p->parsed.scenario;
    scenario_ = p->parsed.scenario;
    input_memory_ = {};
    scenario_changed();
    return true;
}

void App::scenario_changed() {
    // Everything but the hub search is fast enough to redo in this frame; the search runs in slices.
    results_ = evaluate(scenario_, LogisticsSearch::defer);
    Jobs& j = *jobs_;
    ++j.scenario_version;
    j.hub_job.reset();
    if (scenario_.logistics) j.hub_job.emplace(*scenario_.logistics, logistics_context(scenario_.lifecycle, *scenario_.logistics));
    // A Monte Carlo of the old scenario is stopped; a decision map restarts itself when drawn.
    j.mc_job.reset();
    j.map_job.reset();
    j.portfolio_job.reset();
    redraw_ = true;
    publish();
}

void App::step_jobs() {
    Jobs& j = *jobs_;
    // About 12 ms of work per frame keeps the page at ~60 fps while long work runs.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(12);
    const auto time_left = [&] { return std::chrono::steady_clock::now() < deadline; };
    if (j.hub_job) {
        while (!j.hub_job->done() && time_left()) j.hub_job->step(1);
        if (j.hub_job->done()) {
            results_.logistics = j.hub_job->result();
            j.hub_job.reset();
            publish();
        }
    }
    if (j.map_job) {
        while (!j.map_job->done() && time_left()) j.map_job->step(16);
        if (j.map_job->done()) {
            j.map = j.map_job->result();
            j.map_job.reset();
        }
    }
    if (j.portfolio_job) {
        while (!j.portfolio_job->done() && time_left()) j.portfolio_job->step(8);
        if (j.portfolio_job->done()) {
            j.portfolio_sensitivity = j.portfolio_job->result();
            j.portfolio_job.reset();
            publish();
        }
    }
    if (j.mc_job) {
        while (!j.mc_job->done() && time_left()) j.mc_job->step(64);
        if (j.mc_job->done()) {
            j.mc = j.mc_job->result();
            j.mc_job.reset();
        }
    }
}

std::string App::share_state() const {
    return encode_share_state(preset_id_, tab_name(options_.tab), scenario_diff(preset_scenario_, scenario_));
}

bool App::restore_share_state(const std::string& state, std::vector<FieldError>& errors) {
    const std::size_t errors_before = errors.size();
    const ShareState link = decode_share_state(state);
    errors.insert(errors.end(), link.errors.begin(), link.errors.end());
    if (!link.ok()) return false;
    const std::string preset = link.preset.empty() ? default_preset : link.preset;
    Tab tab = options_.tab;
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
    preset_id_ = preset;
    preset_scenario_ = p->parsed.scenario;
    scenario_ = std::move(s);
    options_.tab = tab;
    tab_requested_ = true;
    scenario_changed();
    return true;
}

void App::import_scenario(const std::string& text, const std::string& file_name) {
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
    import_file_ = file_name;
    import_errors_.clear();
    scenario_ = std::move(parsed.scenario);
    notice_ = "Imported " + file_name;
    scenario_changed();
}

void App::show_import_errors(const std::string& file_name, std::vector<FieldError> errors) {
    import_file_ = file_name;
    import_errors_ = std::move(errors);  // nothing changes but the message
    publish();
}

const ItemRect* App::item_rect(const std::string& id) const {
    const auto it = rects_.find(id);
    return it == rects_.end() ? nullptr : &it->second;
}

std::string App::status_json() const {
    const Jobs& j = *jobs_;
    const auto progress = [](const auto& job) { return job ? nlohmann::json(job->progress()) : nlohmann::json(nullptr); };
    const auto error_list = [](const std::vector<FieldError>& list) {
        nlohmann::json out = nlohmann::json::array();
        for (const FieldError& e : list) out.push_back({{"path", e.path}, {"message", e.message}});
        return out;
    };
    nlohmann::json link = nullptr;
    if (link_problem_) link = {{"title", link_problem_->title}, {"text", link_problem_->text}, {"errors", error_list(link_problem_->errors)}};
    // Texts from outside (a file name, a link) may hold bytes that are not UTF-8: written as U+FFFD, never thrown.
    return nlohmann::json{{"jobs", {{"hub_search", progress(j.hub_job)},
                                    {"decision_map", progress(j.map_job)},
                                    {"monte_carlo", progress(j.mc_job)},
                                    {"portfolio_sensitivity", progress(j.portfolio_job)}}},
                          {"notice", notice_},
                          {"errors", error_list(import_errors_)},
                          {"link", link}}
        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// ---- frame ---------------------------------------------------------------------------------------

bool App::frame() {
    step_jobs();
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::Begin("Packfolio", nullptr, flags);
    if (options_.embed) {
        draw_embed();
    } else {
        draw_toolbar();
        draw_link_problem();
        draw_about();
        draw_messages();
        if (ImGui::BeginTabBar("tabs", ImGuiTabBarFlags_FittingPolicyScroll)) {
            for (const TabInfo& t : tabs) {
                // A tab asked for by a link (or --tab) is selected programmatically; ImGui shows it a frame
                // later, so until then the default tab's frame must not count as the user's choice.
                const bool select_now = tab_requested_ && t.tab == options_.tab;
                const bool open = ImGui::BeginTabItem(t.label, nullptr, select_now ? ImGuiTabItemFlags_SetSelected : 0);
                record_item(rects_, std::string("tab:") + t.name);
                if (open) {
                    if (tab_requested_) {
                        if (t.tab == options_.tab) tab_requested_ = false;
                    } else if (options_.tab != t.tab) {
                        options_.tab = t.tab;
                        publish();
                    }
                    ImGui::BeginChild("tab-body", ImVec2(0, 0), false);
                    switch (t.tab) {
                        case Tab::lifecycle: draw_lifecycle(); break;
                        case Tab::portfolio: draw_portfolio(); break;
                        case Tab::logistics: draw_logistics(); break;
                        case Tab::compare: draw_compare(); break;
                        case Tab::sources: draw_sources(); break;
                    }
                    ImGui::EndChild();
                    ImGui::EndTabItem();
                }
            }
            ImGui::EndTabBar();
        }
    }
    ImGui::End();
    return jobs_->busy();
}

void App::draw_toolbar() {
    ImGui::TextUnformatted("Packfolio");
    if (!narrow()) {
        ImGui::SameLine();
        ImGui::TextDisabled("what a battery pack is worth over its whole life");
    }
    // Preset menu: every file in presets/, with its story as the tooltip.
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, 320.0f));
    if (ImGui::BeginCombo("##preset", preset_title(preset_id_).c_str())) {
        for (const ParsedPreset& p : presets_) {
            const std::string& story = p.parsed.scenario.meta.story;
            if (ImGui::Selectable(preset_title(p.id).c_str(), preset_id_ == p.id)) load_preset(p.id);
            if (ImGui::IsItemHovered() && !story.empty()) {
                ImGui::BeginTooltip();
                ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
                ImGui::TextUnformatted(story.c_str());
                ImGui::PopTextWrapPos();
                ImGui::EndTooltip();
            }
        }
        ImGui::EndCombo();
    }
    // Buttons flow after the preset menu and wrap to a new row when the next one would not fit (phones).
    const float right_edge = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    auto button = [&](const char* label) {
        const float w = ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2;
        if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + w <= right_edge) ImGui::SameLine();
        const bool clicked = ImGui::Button(label);
        record_item(rects_, std::string("button:") + label);
        return clicked;
    };
    if (button("Copy link")) {
        if (platform_.share_url && platform_.copy_to_clipboard) {
            platform_.copy_to_clipboard(platform_.share_url(share_state(), false));
            notice_ = "Link copied: it opens this exact scenario";
        }
    }
    if (button("Embed")) {
        if (platform_.share_url && platform_.copy_to_clipboard) {
            const std::string url = platform_.share_url(share_state(), true);
            platform_.copy_to_clipboard("<iframe src=\"" + url +
                                        "\" title=\"Packfolio battery-pack calculator\" width=\"100%\" height=\"640\" "
                                        "style=\"border:0\" loading=\"lazy\"></iframe>");
            notice_ = "Embed snippet copied: paste it into an article's HTML";
        }
    }
    if (button("Export...")) ImGui::OpenPopup("export");
    if (ImGui::BeginPopup("export")) {
        const auto item = [&](const char* label, const char* id) {
            const bool picked = ImGui::Selectable(label);
            record_item(rects_, std::string("export:") + id);
            return picked;
        };
        if (item("Scenario (JSON)", "scenario") && platform_.download)
            platform_.download(preset_id_ + "-scenario.json", "application/json", scenario_to_json(scenario_));
        if (item("Results (JSON)", "results_json") && platform_.download)
            platform_.download(preset_id_ + "-results.json", "application/json", results_to_json(results_));
        if (item("Results (CSV)", "results_csv") && platform_.download)
            platform_.download(preset_id_ + "-results.csv", "text/csv", results_to_csv(results_));
        if (item("This view with its charts (PNG)", "png")) png_requested_ = true;
        ImGui::EndPopup();
    }
    if (button("Import...") && platform_.open_file) platform_.open_file();
    if (button("Reset")) {
        if (platform_.clear_saved) platform_.clear_saved();
        load_preset(preset_id_.empty() ? default_preset : preset_id_);
        notice_ = "Reset to the preset; the autosave is cleared";
    }
}

void App::draw_about() {
    if (scenario_.meta.story.empty()) return;
    const bool open = ImGui::TreeNode("about", "About this scenario and its sources");
    record_item(rects_, "header:about");
    if (!open) return;
    paragraph(scenario_.meta.story);
    ImGui::PushTextWrapPos(0.0f);
    for (const std::string& source : scenario_.meta.sources) ImGui::BulletText("%s", source.c_str());
    ImGui::PopTextWrapPos();
    ImGui::TreePop();
}

void App::draw_link_problem() {
    if (!link_problem_) return;
    const LinkProblem& problem = *link_problem_;
    const bool dark = options_.theme == Theme::dark;
    const ImVec4 title_colour = dark ? ImVec4(1.0f, 0.65f, 0.35f, 1.0f) : ImVec4(0.62f, 0.23f, 0.0f, 1.0f);
    const ImU32 tint = dark ? IM_COL32(72, 40, 12, 255) : IM_COL32(255, 236, 214, 255);
    // A tinted box behind the banner, drawn on a lower channel once the content's height is known.
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float pad = 6.0f;
    ImGui::Dummy(ImVec2(0.0f, pad));
    const ImVec2 top_left = ImGui::GetCursorScreenPos();
    draw->ChannelsSplit(2);
    draw->ChannelsSetCurrent(1);
    ImGui::BeginGroup();
    ImGui::PushStyleColor(ImGuiCol_Text, title_colour);
    paragraph(problem.title);
    ImGui::PopStyleColor();
    record_item(rects_, "banner:link");
    constexpr std::size_t listed = 5;
    for (std::size_t i = 0; i < problem.errors.size() && i < listed; ++i) paragraph("- " + format_error(problem.errors[i]));
    if (problem.errors.size() > listed) paragraph(printf_text("and %zu more", problem.errors.size() - listed));
    // The text as received, in a field the reader can select and copy (a long text is shown cut; Copy takes all).
    constexpr std::size_t shown_bytes = 2000;
    std::size_t cut = std::min(problem.text.size(), shown_bytes);
    while (cut > 0 && cut < problem.text.size() && (static_cast<unsigned char>(problem.text[cut]) & 0xC0) == 0x80) --cut;
    std::string shown = problem.text.substr(0, cut);  // cut before a character, never inside one
    const float buttons_w = ImGui::CalcTextSize("CopyDismiss").x + ImGui::GetStyle().FramePadding.x * 4 + ImGui::GetStyle().ItemSpacing.x * 2;
    const bool stack = narrow();
    ImGui::SetNextItemWidth(stack ? -1.0f : std::max(120.0f, ImGui::GetContentRegionAvail().x - buttons_w));
    ImGui::InputText("##link_text", shown.data(), shown.size() + 1, ImGuiInputTextFlags_ReadOnly);
    record_item(rects_, "field:link_text");
    if (!stack) ImGui::SameLine();
    if (ImGui::Button("Copy##link") && platform_.copy_to_clipboard) {
        platform_.copy_to_clipboard(problem.text);
        notice_ = "The link's text is copied";
    }
    record_item(rects_, "button:copy_link_text");
    ImGui::SameLine();
    const bool dismiss = ImGui::Button("Dismiss##link");
    record_item(rects_, "button:dismiss_link");
    ImGui::EndGroup();
    draw->ChannelsSetCurrent(0);
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    draw->AddRectFilled(ImVec2(top_left.x - pad, top_left.y - pad), ImVec2(right + pad, ImGui::GetItemRectMax().y + pad), tint,
                        ImGui::GetStyle().FrameRounding);
    draw->ChannelsMerge();
    ImGui::Dummy(ImVec2(0.0f, pad));
    if (dismiss) {
        link_problem_.reset();
        publish();
    }
}

void App::draw_messages() {
    if (!notice_.empty()) {
        ImGui::TextDisabled("%s", notice_.c_str());
        ImGui::SameLine();
        if (ImGui::SmallButton("OK##notice")) notice_.clear();
    }
    if (import_errors_.empty()) return;
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.84f, 0.37f, 0.0f, 1.0f));
    ImGui::Text("%s was not loaded: %zu error%s. Nothing changed.", import_file_.empty() ? "The link" : import_file_.c_str(),
                import_errors_.size(), import_errors_.size() == 1 ? "" : "s");
    ImGui::PopStyleColor();
    ImGui::PushTextWrapPos(0.0f);
    for (const FieldError& e : import_errors_) ImGui::BulletText("%s", format_error(e).c_str());
    ImGui::PopTextWrapPos();
    if (ImGui::SmallButton("Dismiss")) import_errors_.clear();
}

// Resets the fields under `path` (a group's JSON path) to the preset's values, through the validating setter.
void App::reset_group(Scenario& s, const Scenario& preset, const std::string& path) {
    for (const FieldChange& c : scenario_diff(s, preset))
        if (c.path == path || c.path.rfind(path + ".", 0) == 0 || c.path.rfind(path + "[", 0) == 0)
            set_field(s, c.path, c.value_json);
}

void App::draw_inputs(const char* title, Tab section) {
    ImGui::TextUnformatted(title);
    note("Hover a label for its range and source; type a value and press Enter to apply it.");
    const Scenario before = scenario_;  // restored if an edit fails a cross-field check
    InputPanel panel(input_memory_, rects_, "");
    // The panel draws the tab's sections from the same schema the scenario files use.
    switch (section) {
        case Tab::portfolio:
            panel.optional_object("portfolio", scenario_.portfolio, [](InputPanel& v, PortfolioInput& in) { visit_fields(v, in); });
            break;
        case Tab::logistics:
            panel.optional_object("logistics", scenario_.logistics, [](InputPanel& v, LogisticsInput& in) { visit_fields(v, in); });
            break;
        default:
            visit_fields(panel, scenario_.lifecycle);
            break;
    }
    apply_panel(panel, before);
}

void App::apply_panel(const InputPanel& panel, const Scenario& before) {
    if (!panel.reset_path().empty()) {
        reset_group(scenario_, preset_scenario_, panel.reset_path());
        input_memory_ = {};
        scenario_changed();
    } else if (panel.changed()) {
        // Cross-field checks (e.g. second-life floor below retirement SoH) refuse an edit as a whole.
        std::vector<FieldError> errors = check_scenario(scenario_);
        if (errors.empty()) {
            scenario_changed();
        } else {
            notice_ = "Refused: " + format_error(errors.front());
            scenario_ = before;
        }
    }
}

// ---- tabs (the first three live in tab_*.cpp) ----------------------------------------------------------

void App::draw_compare() {
    const LifecycleResults& ra = results_.lifecycle;
    const LifecycleResults& rb = compare_results_.lifecycle;
    const std::vector<FieldChange> diff = scenario_diff(scenario_, compare_scenario_);
    paragraph(printf_text("A (your scenario) picks %s at %s per pack; B picks %s at %s. %zu input%s differ, highlighted below.",
                route_label(ra.best_route), money(best_route_npv_usd(ra)).c_str(),
                route_label(rb.best_route), money(best_route_npv_usd(rb)).c_str(),
                diff.size(), diff.size() == 1 ? "" : "s"));
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x * 0.7f, 320.0f));
    if (ImGui::BeginCombo("B##compare", preset_title(compare_preset_id_).c_str())) {
        for (const ParsedPreset& p : presets_)
            if (ImGui::Selectable(p.id.c_str(), compare_preset_id_ == p.id)) {
                if (p.parsed.ok()) {
                    compare_preset_id_ = p.id;
                    compare_scenario_ = p.parsed.scenario;
                    compare_memory_ = {};
                    compare_results_ = evaluate(compare_scenario_, LogisticsSearch::defer);
                }
            }
        ImGui::EndCombo();
    }

    // Result deltas: every route, the decision figures, and the portfolio when both have one.
    if (ImGui::BeginTable("compare-results", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                                    ImGuiTableFlags_SizingStretchProp)) {
        // On phones the numbers keep their width and the result names wrap.
        const ImGuiTableColumnFlags fit = narrow() ? ImGuiTableColumnFlags_WidthFixed : ImGuiTableColumnFlags_None;
        ImGui::TableSetupColumn("Result", ImGuiTableColumnFlags_WidthStretch, 2.0f);
        ImGui::TableSetupColumn("A", fit);
        ImGui::TableSetupColumn("B", fit);
        ImGui::TableSetupColumn("B - A", fit);
        ImGui::TableHeadersRow();
        const auto row = [](const std::string& name, double a, double b, const char* unit) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextUnformatted(name.c_str());
            ImGui::PopTextWrapPos();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_number(a, unit).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_number(b, unit).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_signed(b - a, unit).c_str());
        };
        for (std::size_t i = 0; i < ra.routes.size() && i < rb.routes.size(); ++i)
            row(std::string(route_label(ra.routes[i].id)) + " (NPV per pack)", ra.routes[i].npv_usd, rb.routes[i].npv_usd, "$");
        row("Retirement SoH", ra.retirement_soh * 100.0, rb.retirement_soh * 100.0, "%");
        row("Most a repurposer can pay", ra.max_buy_price_usd_per_kwh, rb.max_buy_price_usd_per_kwh, "$/kWh");
        row("Second-life years", ra.second_life_years, rb.second_life_years, "years");
        if (results_.portfolio && compare_results_.portfolio)
            row("Portfolio NPV (optimum)", results_.portfolio->npv_usd, compare_results_.portfolio->npv_usd, "$");
        ImGui::EndTable();
    }

    // The two scenarios' inputs side by side (stacked on phones), differing fields highlighted. Editing A
    // edits your scenario; editing B changes only the comparison.
    std::set<std::string> highlight;
    for (const FieldChange& c : diff) highlight.insert(c.path);
    const bool stack = narrow();
    const float half = stack ? 0.0f : (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
    const Scenario before = scenario_;
    ImGui::BeginChild("compare-a", ImVec2(half, 0.0f), false);  // 0 height: as tall as its content
    ImGui::TextUnformatted("A: your scenario");
    InputPanel panel_a(input_memory_, rects_, "", &highlight);
    visit_fields(panel_a, scenario_);
    if (stack) {
        ImGui::Separator();
        draw_compare_b(highlight);
    }
    ImGui::EndChild();
    apply_panel(panel_a, before);
    if (!stack) {
        ImGui::SameLine();
        ImGui::BeginChild("compare-b", ImVec2(0, 0), false);
        draw_compare_b(highlight);
        ImGui::EndChild();
    }
}

void App::draw_compare_b(const std::set<std::string>& highlight) {
    ImGui::Text("B: %s", compare_preset_id_.c_str());
    ItemRects ignored;  // B's fields are not addressed by id: A's paths are
    InputPanel panel_b(compare_memory_, ignored, "", &highlight);
    const Scenario before = compare_scenario_;
    visit_fields(panel_b, compare_scenario_);
    if (!panel_b.reset_path().empty()) {
        if (const ParsedPreset* p = find_preset(compare_preset_id_))
            reset_group(compare_scenario_, p->parsed.scenario, panel_b.reset_path());
        compare_memory_ = {};
    } else if (!panel_b.changed()) {
        return;
    }
    if (check_scenario(compare_scenario_).empty()) compare_results_ = evaluate(compare_scenario_, LogisticsSearch::defer);
    else compare_scenario_ = before;
}

void App::draw_sources() {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted("Every default with its value, unit, source, year and confidence (A primary, B one credible "
                           "source, C secondary or vendor, D derived here).");
    ImGui::PopTextWrapPos();
    if (sources_.empty()) sources_ = all_sources();
    const std::vector<SourceEntry>& entries = sources_;
    if (ImGui::BeginTable("sources", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                                            ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_Resizable)) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("Default");
        ImGui::TableSetupColumn("Value");
        ImGui::TableSetupColumn("Source");
        ImGui::TableSetupColumn("Year");
        ImGui::TableSetupColumn("Conf.");
        ImGui::TableHeadersRow();
        for (const SourceEntry& e : entries) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%s", e.name.c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%.6g %s", e.sourced.value, e.sourced.unit);
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%s", e.sourced.source);
            ImGui::TableNextColumn();
            if (e.sourced.year > 0) ImGui::Text("%d", e.sourced.year);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(e.sourced.confidence);
        }
        ImGui::EndTable();
    }
}

void App::draw_embed() {
    // Compact: the scenario's title, the answer, the one chart that tells it, and a way to the full page.
    ImGui::TextUnformatted(scenario_.meta.title.empty() ? preset_id_.c_str() : scenario_.meta.title.c_str());
    ImGui::Separator();
    draw_link_problem();
    const float chart_h = narrow() ? 180.0f : 200.0f;
    switch (options_.tab) {
        case Tab::portfolio:
            if (draw_portfolio_headline()) draw_portfolio_lines(chart_h);
            break;
        case Tab::logistics:
            if (draw_logistics_headline()) draw_network_map(chart_h + 40.0f);
            break;
        default:
            draw_lifecycle_headline();
            draw_routes_table();
            draw_soh_chart(chart_h);
            break;
    }
    if (platform_.share_url && ImGui::Button("Open the full calculator") && platform_.open_url)
        platform_.open_url(platform_.share_url(share_state(), false));
    record_item(rects_, "button:open_full");
    ImGui::SameLine();
    ImGui::TextDisabled("Packfolio: every default cited");
    if (platform_.report_content_height) platform_.report_content_height(ImGui::GetCursorPosY() + ImGui::GetStyle().WindowPadding.y);
}

// ---- publishing: the text mirror, the URL and the autosave ---------------------------------------------

void App::publish() {
    const LifecycleResults& r = results_.lifecycle;
    std::string t = "Packfolio tabs:";
    for (const TabInfo& tab : tabs) t += std::string(" ") + tab.label + (tab.tab == options_.tab ? " (open)" : "") + ";";
    t += "\nScenario: " + (scenario_.meta.title.empty() ? preset_id_ : scenario_.meta.title) + ".\n";
    t += std::string("Best route: ") + r.best_route + " (" + route_label(r.best_route) + "), margin " + money(r.margin_usd) +
         " over " + r.next_best_route + ".\n";
    for (const RouteResult& route : r.routes) {
        char line[256];
        std::snprintf(line, sizeof line, "Route %s: NPV %.2f USD per pack, %.4f USD per kWh, CO2 %.1f kg.\n", route.id.c_str(),
                      route.npv_usd, route.npv_usd_per_kwh, route.co2_kg);
        t += line;
    }
    if (results_.portfolio) {
        char line[256];
        std::snprintf(line, sizeof line, "Portfolio NPV: %.0f USD.\n", results_.portfolio->npv_usd);
        t += line;
    }
    t += "Inputs: pack " + std::string(chemistry_names[static_cast<std::size_t>(scenario_.lifecycle.pack.chemistry)]) + " " +
         format_number(scenario_.lifecycle.pack.nominal_kwh.value, "kWh") + ", retirement SoH " +
         format_number(r.retirement_soh * 100.0, "%") + ", discount rate " +
         format_number(scenario_.lifecycle.market.discount_rate.value * 100.0, "%") + ".";
    const Jobs& j = *jobs_;
    if (j.portfolio_sensitivity && j.portfolio_version == j.scenario_version) {
        // Where the year-1 plan changes, as the portfolio tab lists it (same numbers as `analyse --breakeven`).
        for (const InputBreakevens& b : j.portfolio_sensitivity->breakevens)
            for (const LevelCrossing& c : b.level_crossings) {
                char line[256];
                std::snprintf(line, sizeof line, "\nPortfolio breakeven: %s = %.6g: %s.",
                              j.portfolio_objective.inputs[static_cast<std::size_t>(b.input)].path.c_str(), c.x,
                              j.portfolio_objective.thresholds[static_cast<std::size_t>(c.threshold)].id.c_str());
                t += line;
            }
    }
    if (link_problem_) {
        t += "\n" + link_problem_->title + ":";
        for (const FieldError& e : link_problem_->errors) t += "\n  " + format_error(e);
        t += "\nText received: " + link_problem_->text.substr(0, 2000);
    }
    if (!import_errors_.empty()) {
        t += "\n" + (import_file_.empty() ? std::string("The link") : import_file_) + " was not loaded (nothing changed):";
        for (const FieldError& e : import_errors_) t += "\n  " + format_error(e);
    }
    if (platform_.set_text_mirror) platform_.set_text_mirror(t);
    const std::string state = share_state();
    if (state != last_published_state_) {
        last_published_state_ = state;
        if (platform_.set_share_state && !options_.embed) platform_.set_share_state(state);
        if (platform_.save_state && !options_.embed) platform_.save_state(state);
    }
}

}  // namespace packfolio::app
