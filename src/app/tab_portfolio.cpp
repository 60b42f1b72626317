// The "EV vs ESS portfolio" tab: how the optimum splits the lines year by year, against the static plans.
#include <imgui.h>

#include <string>
#include <vector>

#include "app.hpp"
#include "charts.hpp"
#include "core/portfolio_analysis.hpp"
#include "jobs.hpp"
#include "labels.hpp"
#include "tornado_view.hpp"

namespace packfolio::app {

namespace {

// Palette indices of the two segments, fixed so EV and ESS keep their colours in every chart.
constexpr int ev_colour = 4;
constexpr int ess_colour = 2;

std::string lines_text(int n) { return std::to_string(n) + (n == 1 ? " line" : " lines"); }

}  // namespace

bool App::draw_portfolio_headline() {
    if (!scenario_.portfolio || !results_.portfolio) {
        paragraph("This scenario has no portfolio section. Pick a portfolio preset (\"US tariff wall\", \"2025 China LFP "
                  "glut\", \"GM Ultium LFP retool\" or \"StarPlus after the automaker exits\") from the menu above to "
                  "split a cell maker's lines between EV contracts and ESS tenders.");
        return false;
    }
    const PortfolioInput& in = *scenario_.portfolio;
    const PortfolioResults& r = *results_.portfolio;
    const int lines = static_cast<int>(in.lines.size());
    int today_ess = 0;
    for (const PortfolioLine& l : in.lines) today_ess += l.segment == MarketSegment::ess;
    if (r.optimum.years.empty()) {
        for (const std::string& w : r.warnings) note(w);
        return false;
    }
    const PortfolioYear& first = r.optimum.years.front();
    const PortfolioYear& last = r.optimum.years.back();
    // Flexibility worth less than a dollar means the best plan is a static split: say so plainly.
    const std::string flexibility = r.value_of_flexibility_usd >= 1.0
                                        ? money(r.value_of_flexibility_usd) + " more than the best static plan"
                                        : "no switching beats holding the best static split";
    paragraph(printf_text("Optimum: %s of %d in ESS in %d (%s today), %s by %d; NPV %s, %s.", lines_text(first.ess_lines).c_str(),
                lines, first.calendar_year, std::to_string(today_ess).c_str(), lines_text(last.ess_lines).c_str(),
                last.calendar_year, money(r.npv_usd).c_str(), flexibility.c_str()));
    note(printf_text("Static plans: all EV %s, all ESS %s, today's split %s, best static (%s in ESS) %s.",
                        money(r.all_ev.npv_usd).c_str(), money(r.all_ess.npv_usd).c_str(),
                        money(r.no_switch.npv_usd).c_str(), lines_text(r.best_static_ess_lines).c_str(),
                        money(r.best_static.npv_usd).c_str()));
    for (const std::string& w : r.warnings) note("Note: " + w);
    return true;
}

void App::draw_portfolio_lines(float height) {
    const PortfolioResults& r = *results_.portfolio;
    StackedBarData bars;
    bars.x = {"Year", "", std::nullopt, std::nullopt};
    bars.y = {"Production lines", "", 0.0, static_cast<double>(scenario_.portfolio->lines.size())};
    StackedSeries ev{"EV contracts", {}, ev_colour}, ess{"ESS tenders", {}, ess_colour};
    for (const PortfolioYear& y : r.optimum.years) {
        bars.categories.push_back(std::to_string(y.calendar_year));
        ev.values.push_back(y.ev_lines);
        ess.values.push_back(y.ess_lines);
    }
    bars.series = {ev, ess};
    stacked_bar_chart("portfolio-lines", bars, height);
}

void App::draw_portfolio() {
    if (!draw_portfolio_headline()) return;
    const PortfolioResults& r = *results_.portfolio;
    ImGui::Separator();

    const bool stack = narrow();
    if (!stack) {
        ImGui::BeginChild("portfolio-inputs", ImVec2(ImGui::GetContentRegionAvail().x * 0.38f, 0), false);
        draw_inputs("Plant and markets", Tab::portfolio);
        ImGui::EndChild();
        ImGui::SameLine();
        ImGui::BeginChild("portfolio-results", ImVec2(0, 0), false);
    }
    draw_portfolio_lines(stack ? 200.0f : 240.0f);

    StackedBarData cash;
    cash.x = {"Year", "", std::nullopt, std::nullopt};
    cash.y = {"Cash flow", "$", std::nullopt, std::nullopt};
    StackedSeries flow{"Cash flow of the optimum", {}, 0};
    for (const PortfolioYear& y : r.optimum.years) {
        cash.categories.push_back(std::to_string(y.calendar_year));
        flow.values.push_back(y.cash_flow_usd);
    }
    cash.series = {flow};
    stacked_bar_chart("portfolio-cash", cash, stack ? 180.0f : 200.0f);

    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollX |
                                  ImGuiTableFlags_SizingFixedFit;
    if (ImGui::BeginTable("plan", 10, flags)) {
        const char* headers[] = {"Year",           "EV lines",        "ESS lines",          "EV sold (GWh)",
                                 "ESS sold (GWh)", "EV price ($/kWh)", "ESS price ($/kWh)", "EV margin ($/kWh)",
                                 "ESS margin ($/kWh)", "Cash flow ($)"};
        ImGui::TableSetupScrollFreeze(1, 1);
        for (const char* h : headers) ImGui::TableSetupColumn(h);
        ImGui::TableHeadersRow();
        for (const PortfolioYear& y : r.optimum.years) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::Text("%d", y.calendar_year);
            ImGui::TableNextColumn();
            ImGui::Text("%d", y.ev_lines);
            ImGui::TableNextColumn();
            ImGui::Text("%d%s", y.ess_lines, y.lines_retooled > 0 ? " (retool)" : "");
            const double cells[] = {y.ev_gwh, y.ess_gwh};
            for (double v : cells) {
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(format_number(v, "GWh").c_str());
            }
            const double prices[] = {y.ev_price_usd_per_kwh, y.ess_price_usd_per_kwh, y.ev_margin_usd_per_kwh,
                                     y.ess_margin_usd_per_kwh};
            for (double v : prices) {
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(per_kwh(v).c_str());
            }
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(money(y.cash_flow_usd).c_str());
        }
        ImGui::EndTable();
    }
    const bool open = ImGui::CollapsingHeader("What moves the plan: tornado and line conversions");
    record_item(rects_, "header:portfolio_sensitivity");
    if (open) draw_portfolio_sensitivity();
    if (stack) {
        ImGui::Separator();
        draw_inputs("Plant and markets", Tab::portfolio);
    } else {
        ImGui::EndChild();
    }
}

void App::draw_portfolio_sensitivity() {
    Jobs& j = *jobs_;
    if (!j.portfolio_job && j.portfolio_version != j.scenario_version) {
        j.portfolio_objective = portfolio_objective(scenario_);
        SensitivityOptions options;
        options.watched_outcome = static_cast<int>(PortfolioOutcome::npv_usd);
        j.portfolio_job.emplace(j.portfolio_objective, options);
        j.portfolio_version = j.scenario_version;
    }
    if (j.portfolio_job && progress_with_cancel("portfolio-sensitivity", j.portfolio_job->progress(), "Scanning inputs", &rects_)) {
        j.portfolio_job.reset();
        notice_ = "Portfolio sensitivity cancelled";
        return;
    }
    if (!j.portfolio_sensitivity) return;
    const Objective& o = j.portfolio_objective;
    const SensitivityResult& s = *j.portfolio_sensitivity;
    const std::size_t watched = static_cast<std::size_t>(PortfolioOutcome::npv_usd);
    draw_tornado("portfolio-tornado", o, s, watched, "NPV of the optimal plan");
    ImGui::TextUnformatted("Where lines change segment in year 1, inside each input's range");
    int quiet = 0;
    for (const InputBreakevens& b : s.breakevens) {
        if (b.level_crossings.empty()) {
            ++quiet;
            continue;
        }
        const ParamRef& ref = o.inputs[static_cast<std::size_t>(b.input)];
        for (const LevelCrossing& c : b.level_crossings) {
            const Threshold& th = o.thresholds[static_cast<std::size_t>(c.threshold)];
            std::string what = th.id;  // "line_1_converts" → "line 1 converts"
            for (char& ch : what) ch = ch == '_' ? ' ' : ch;
            ImGui::BulletText("%s: %s at %s (as it %s)", ref.spec.label, what.c_str(), format_number(c.x, ref.spec.unit).c_str(),
                              c.rising ? "rises" : "falls");
        }
    }
    note(std::to_string(quiet) + " other input" + (quiet == 1 ? "" : "s") + " with a range move no line in range.");
}

}  // namespace packfolio::app
