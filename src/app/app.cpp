// The App: the page's chrome around the tab views, the frame, the long jobs and publishing.
//
// Index
//   start-up ........ App::App: the state from a link, ?preset=, the autosave or the default (AppState::start)
//   frame ........... App::frame, the tab bar, keyboard shortcuts, stepping the long jobs, sync
//   chrome .......... toolbar and its export menu, the story, the link banner, notices and import errors
//   embed ........... the compact view of ?embed=1
//   publishing ...... the text mirror, the address bar and the autosave; status_json for scripts
#include "app.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <utility>

#include <nlohmann/json.hpp>

#include "charts.hpp"
#include "labels.hpp"
#include "presets.hpp"

namespace packfolio::app {

// ---- start-up ---------------------------------------------------------------------------------------------

App::App(Platform platform, AppOptions options)
    : state_(embedded_presets()), platform_(std::move(platform)), options_(std::move(options)) {
    apply_theme(options_.theme);
    // Precedence: an explicit share link, then ?preset=, then the autosave (not read by the embed view), then
    // the default preset (AppState::start).
    const StartReport report = state_.start({options_.share_state, options_.preset, options_.embed ? "" : options_.saved_state, options_.tab});
    if (report.autosave_refused && platform_.clear_saved) platform_.clear_saved();
    sync();
    // A link that could not be restored stays in the address bar until the reader changes something.
    if (report.link_refused && platform_.set_share_state && !options_.embed) {
        const std::string& hash = options_.share_state;
        platform_.set_share_state(hash.compare(0, 1, "#") == 0 ? hash.substr(1) : hash);
    }
    compare_.reset(state_);
    if (platform_.set_title) platform_.set_title("Packfolio: battery-pack economics");
}

void App::load_preset(const std::string& id) {
    if (state_.load_preset(id)) input_memory_ = {};
}

void App::import_scenario(const std::string& text, const std::string& file_name) {
    state_.import_scenario(text, file_name);
    sync();
}

void App::open_link(const std::string& state) {
    state_.open_link(state);
    sync();
}

void App::show_import_errors(const std::string& file_name, std::vector<FieldError> errors) {
    state_.show_import_errors(file_name, std::move(errors));
    sync();
}

// ---- frame ------------------------------------------------------------------------------------------------

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
        draw_tabs();
        handle_shortcuts();
    }
    ImGui::End();
    sync();
    return busy();
}

void App::draw_tabs() {
    if (!ImGui::BeginTabBar("tabs", ImGuiTabBarFlags_FittingPolicyScroll)) return;
    for (const TabInfo& t : tabs) {
        // A tab asked for by a link (or --tab) is selected programmatically; ImGui shows it a frame later, so
        // until then the default tab's frame must not count as the user's choice.
        const bool select_now = tab_requested_ && t.tab == state_.tab();
        const bool open = ImGui::BeginTabItem(t.label, nullptr, select_now ? ImGuiTabItemFlags_SetSelected : 0);
        record_item(rects_, std::string("tab:") + t.name);
        if (!open) continue;
        if (tab_requested_) {
            if (t.tab == state_.tab()) tab_requested_ = false;
        } else {
            state_.select_tab(t.tab);
        }
        ImGui::BeginChild("tab-body", ImVec2(0, 0), false);
        ViewContext ctx = context();
        switch (t.tab) {
            case Tab::lifecycle: lifecycle_.draw(ctx); break;
            case Tab::portfolio: portfolio_.draw(ctx); break;
            case Tab::logistics: logistics_.draw(ctx); break;
            case Tab::compare: compare_.draw(ctx); break;
            case Tab::sources: sources_.draw(); break;
        }
        ImGui::EndChild();
        ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
}

// Ctrl+Z (Cmd+Z) outside a text field undoes the last change of the scenario; inside one, ImGui undoes typing.
void App::handle_shortcuts() {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput || !(io.KeyCtrl || io.KeySuper) || !ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Z), false)) return;
    if (state_.undo()) {
        input_memory_ = {};
        state_.set_notice("Undone: the scenario is back as it was before the last change");
    }
}

void App::step_jobs() {
    const FrameBudget budget;
    state_.step_hub_search(budget);  // its result is part of the state's results: published by sync()
    lifecycle_.step_jobs(budget);
    if (portfolio_.step_jobs(budget)) publish();  // the mirror lists the portfolio's breakevens
}

bool App::busy() const {
    return state_.hub_search_progress().has_value() || lifecycle_.busy() || portfolio_.busy();
}

void App::sync() {
    const StateChanges changes = state_.take_changes();
    if (changes.scenario) {
        lifecycle_.stop_stale_jobs(state_.version());
        portfolio_.stop_stale_jobs(state_.version());
        redraw_ = true;
    }
    if (changes.scenario || changes.shown) publish();
}

// ---- chrome -----------------------------------------------------------------------------------------------

void App::draw_toolbar() {
    ImGui::TextUnformatted("Packfolio");
    if (!narrow()) {
        ImGui::SameLine();
        ImGui::TextDisabled("what a battery pack is worth over its whole life");
    }
    // Preset menu: every file in presets/, with its story as the tooltip.
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, 320.0f));
    if (ImGui::BeginCombo("##preset", state_.preset_title(state_.preset_id()).c_str())) {
        for (const ParsedPreset& p : state_.presets()) {
            const std::string& story = p.parsed.scenario.meta.story;
            if (ImGui::Selectable(state_.preset_title(p.id).c_str(), state_.preset_id() == p.id)) load_preset(p.id);
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
            platform_.copy_to_clipboard(platform_.share_url(state_.share_state(), false));
            state_.set_notice("Link copied: it opens this exact scenario");
        }
    }
    if (button("Embed")) {
        if (platform_.share_url && platform_.copy_to_clipboard) {
            const std::string url = platform_.share_url(state_.share_state(), true);
            platform_.copy_to_clipboard("<iframe src=\"" + url +
                                        "\" title=\"Packfolio battery-pack calculator\" width=\"100%\" height=\"640\" "
                                        "style=\"border:0\" loading=\"lazy\"></iframe>");
            state_.set_notice("Embed snippet copied: paste it into an article's HTML");
        }
    }
    if (button("Export...")) ImGui::OpenPopup("export");
    draw_export_menu();
    if (button("Import...") && platform_.open_file) platform_.open_file();
    if (button("Reset")) {
        if (platform_.clear_saved) platform_.clear_saved();
        load_preset(state_.preset_id().empty() ? default_preset : state_.preset_id());
        state_.set_notice("Reset to the preset; the autosave is cleared");
    }
}

void App::draw_export_menu() {
    if (!ImGui::BeginPopup("export")) return;
    const auto item = [&](const char* label, const char* id) {
        const bool picked = ImGui::Selectable(label);
        record_item(rects_, std::string("export:") + id);
        return picked;
    };
    const std::string& id = state_.preset_id();
    if (item("Scenario (JSON)", "scenario") && platform_.download)
        platform_.download(id + "-scenario.json", "application/json", scenario_to_json(state_.scenario()));
    if (item("Results (JSON)", "results_json") && platform_.download)
        platform_.download(id + "-results.json", "application/json", results_to_json(state_.results()));
    if (item("Results (CSV)", "results_csv") && platform_.download)
        platform_.download(id + "-results.csv", "text/csv", results_to_csv(state_.results()));
    if (item("This view with its charts (PNG)", "png")) png_requested_ = true;
    ImGui::EndPopup();
}

void App::draw_about() {
    const ScenarioMeta& meta = state_.scenario().meta;
    if (meta.story.empty()) return;
    const bool open = ImGui::TreeNode("about", "About this scenario and its sources");
    record_item(rects_, "header:about");
    if (!open) return;
    paragraph(meta.story);
    ImGui::PushTextWrapPos(0.0f);
    for (const std::string& source : meta.sources) ImGui::BulletText("%s", source.c_str());
    ImGui::PopTextWrapPos();
    ImGui::TreePop();
}

void App::draw_link_problem() {
    if (!state_.link_problem()) return;
    const LinkProblem& problem = *state_.link_problem();
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
        state_.set_notice("The link's text is copied");
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
    if (dismiss) state_.dismiss_link_problem();
}

void App::draw_messages() {
    if (!state_.notice().empty()) {
        ImGui::TextDisabled("%s", state_.notice().c_str());
        ImGui::SameLine();
        if (ImGui::SmallButton("OK##notice")) state_.set_notice("");
    }
    const std::vector<FieldError>& errors = state_.import_errors();
    if (errors.empty()) return;
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.84f, 0.37f, 0.0f, 1.0f));
    ImGui::Text("%s was not loaded: %zu error%s. Nothing changed.",
                state_.import_file().empty() ? "The link" : state_.import_file().c_str(), errors.size(), errors.size() == 1 ? "" : "s");
    ImGui::PopStyleColor();
    ImGui::PushTextWrapPos(0.0f);
    for (const FieldError& e : errors) ImGui::BulletText("%s", format_error(e).c_str());
    ImGui::PopTextWrapPos();
    if (ImGui::SmallButton("Dismiss")) state_.dismiss_import_errors();
}

// ---- embed -------------------------------------------------------------------------------------------------

void App::draw_embed() {
    // Compact: the scenario's title, the answer, the one chart that tells it, and a way to the full page.
    const std::string& title = state_.scenario().meta.title;
    ImGui::TextUnformatted(title.empty() ? state_.preset_id().c_str() : title.c_str());
    ImGui::Separator();
    draw_link_problem();
    const float chart_h = narrow() ? 180.0f : 200.0f;
    ViewContext ctx = context();
    switch (state_.tab()) {
        case Tab::portfolio:
            if (portfolio_.draw_headline(ctx)) portfolio_.draw_lines(ctx, chart_h);
            break;
        case Tab::logistics:
            if (logistics_.draw_headline(ctx)) logistics_.draw_network_map(ctx, chart_h + 40.0f);
            break;
        default:
            lifecycle_.draw_headline(ctx);
            lifecycle_.draw_routes_table(ctx);
            lifecycle_.draw_soh_chart(ctx, chart_h);
            break;
    }
    if (platform_.share_url && ImGui::Button("Open the full calculator") && platform_.open_url)
        platform_.open_url(platform_.share_url(state_.share_state(), false));
    record_item(rects_, "button:open_full");
    ImGui::SameLine();
    ImGui::TextDisabled("Packfolio: every default cited");
    if (platform_.report_content_height) platform_.report_content_height(ImGui::GetCursorPosY() + ImGui::GetStyle().WindowPadding.y);
}

// ---- publishing: the text mirror, the address bar and the autosave -----------------------------------------

// The text for screen readers and tests (web: the hidden live region): the tabs, the answer, the inputs
// it rests on, and any banner or error list on screen.
std::string App::mirror_text() const {
    const Scenario& scenario = state_.scenario();
    const Results& results = state_.results();
    const LifecycleResults& r = results.lifecycle;
    std::string t = "Packfolio tabs:";
    for (const TabInfo& tab : tabs) t += std::string(" ") + tab.label + (tab.tab == state_.tab() ? " (open)" : "") + ";";
    t += "\nScenario: " + (scenario.meta.title.empty() ? state_.preset_id() : scenario.meta.title) + ".\n";
    t += std::string("Best route: ") + r.best_route + " (" + route_label(r.best_route) + "), margin " + money(r.margin_usd) +
         " over " + r.next_best_route + ".\n";
    for (const RouteResult& route : r.routes) {
        char line[256];
        std::snprintf(line, sizeof line, "Route %s: NPV %.2f USD per pack, %.4f USD per kWh, CO2 %.1f kg.\n", route.id.c_str(),
                      route.npv_usd, route.npv_usd_per_kwh, route.co2_kg);
        t += line;
    }
    if (results.portfolio) {
        char line[256];
        std::snprintf(line, sizeof line, "Portfolio NPV: %.0f USD.\n", results.portfolio->npv_usd);
        t += line;
    }
    t += "Inputs: pack " + std::string(chemistry_names[static_cast<std::size_t>(scenario.lifecycle.pack.chemistry)]) + " " +
         format_number(scenario.lifecycle.pack.nominal_kwh.value, "kWh") + ", retirement SoH " +
         format_number(r.retirement_soh * 100.0, "%") + ", discount rate " +
         format_number(scenario.lifecycle.market.discount_rate.value * 100.0, "%") + ".";
    t += portfolio_.mirror_text(state_.version());
    if (const auto& problem = state_.link_problem()) {
        t += "\n" + problem->title + ":";
        for (const FieldError& e : problem->errors) t += "\n  " + format_error(e);
        t += "\nText received: " + problem->text.substr(0, 2000);
    }
    if (!state_.import_errors().empty()) {
        const std::string& file = state_.import_file();
        t += "\n" + (file.empty() ? std::string("The link") : file) + " was not loaded (nothing changed):";
        for (const FieldError& e : state_.import_errors()) t += "\n  " + format_error(e);
    }
    return t;
}

void App::publish() {
    if (platform_.set_text_mirror) platform_.set_text_mirror(mirror_text());
    const std::string state = state_.share_state();
    if (state != last_published_state_) {
        last_published_state_ = state;
        if (platform_.set_share_state && !options_.embed) platform_.set_share_state(state);
        if (platform_.save_state && !options_.embed) platform_.save_state(state_.autosave_text());
    }
}

const ItemRect* App::item_rect(const std::string& id) const {
    const auto it = rects_.find(id);
    return it == rects_.end() ? nullptr : &it->second;
}

std::string App::status_json() const {
    const auto progress = [](const std::optional<double>& p) { return p ? nlohmann::json(*p) : nlohmann::json(nullptr); };
    const auto error_list = [](const std::vector<FieldError>& list) {
        nlohmann::json out = nlohmann::json::array();
        for (const FieldError& e : list) out.push_back({{"path", e.path}, {"message", e.message}});
        return out;
    };
    nlohmann::json link = nullptr;
    if (const auto& problem = state_.link_problem())
        link = {{"title", problem->title}, {"text", problem->text}, {"errors", error_list(problem->errors)}};
    // Texts from outside (a file name, a link) may hold bytes that are not UTF-8: written as U+FFFD, never thrown.
    return nlohmann::json{{"jobs", {{"hub_search", progress(state_.hub_search_progress())},
                                    {"decision_map", progress(lifecycle_.map_progress())},
                                    {"monte_carlo", progress(lifecycle_.monte_carlo_progress())},
                                    {"portfolio_sensitivity", progress(portfolio_.sensitivity_progress())}}},
                          {"decision_map", {{"current", lifecycle_.map_current(state_.version())},
                                            {"margin_sum", lifecycle_.map_margin_sum(state_.version())}}},
                          {"notice", state_.notice()},
                          {"errors", error_list(state_.import_errors())},
                          {"link", link}}
        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace packfolio::app
