// The "EV vs ESS portfolio" tab: how the optimum splits the lines year by year, against the static plans.
#include <imgui.h>

#include <cstdio>
#include <string>
#include <vector>

#include "charts.hpp"
#include "core/portfolio_analysis.hpp"
#include "labels.hpp"
#include "tornado_view.hpp"
#include "views.hpp"

namespace packfolio::app {

namespace {

// Palette indices of the two segments, fixed so EV and ESS keep their colours in every chart.
constexpr int ev_colour = 4;
constexpr int ess_colour = 2;

std::string lines_text(int n) { return std::to_string(n) + (n == 1 ? " line" : " lines"); }

}  // namespace

bool PortfolioView::draw_headline(const ViewContext& ctx) const {
    const Scenario& scenario = ctx.state.scenario();
    const Results& results = ctx.state.results();
    if (!scenario.portfolio || !results.portfolio) {
        paragraph("This scenario has no portfolio section. Pick a portfolio preset (\"US tariff wall\", \"2025 China LFP "
                  "glut\", \"GM Ultium LFP retool\" or \"StarPlus after the automaker exits\") from the menu above to "
                  "split a cell maker's lines between EV contracts and ESS tenders.");
        return false;
    }
    const PortfolioInput& in = *scenario.portfolio;
    const PortfolioResults& r = *results.portfolio;
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

void PortfolioView::draw_lines(const ViewContext& ctx, float height) const {
    const PortfolioResults& r = *ctx.state.results().portfolio;
    StackedBarData bars;
    bars.x = {"Year", "", std::nullopt, std::nullopt};
    bars.y = {"Production lines", "", 0.0, static_cast<double>(ctx.state.scenario().portfolio->lines.size())};
    StackedSeries ev{"EV contracts", {}, ev_colour}, ess{"ESS tenders", {}, ess_colour};
    for (const PortfolioYear& y : r.optimum.years) {
        bars.categories.push_back(std::to_string(y.calendar_year));
        ev.values.push_back(y.ev_lines);
        ess.values.push_back(y.ess_lines);
    }
    bars.series = {ev, ess};
    stacked_bar_chart("portfolio-lines", bars, height);
}

void PortfolioView::draw(ViewContext& ctx) {
    if (!draw_headline(ctx)) return;
    ImGui::Separator();
    inputs_beside_results(ctx, "portfolio", "Plant and markets", Tab::portfolio, [&] { draw_results(ctx); });
}

void PortfolioView::draw_results(ViewContext& ctx) {
    const PortfolioResults& r = *ctx.state.results().portfolio;
    const bool stack = narrow();
    draw_lines(ctx, stack ? 200.0f : 240.0f);

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
        ImGui::TableSetupScrollFreeze(1, 1);
        table_headers({"Year", "EV lines", "ESS lines", "EV sold (GWh)", "ESS sold (GWh)", "EV price ($/kWh)",
                       "ESS price ($/kWh)", "EV margin ($/kWh)", "ESS margin ($/kWh)", "Cash flow ($)"});
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
    record_item(ctx.rects, "header:portfolio_sensitivity");
    if (open) draw_sensitivity(ctx);
}

void PortfolioView::draw_sensitivity(ViewContext& ctx) {
    // Started when shown, for the scenario on screen (a cancelled run is not started again until it changes).
    if (!sensitivity_.running() && sensitivity_.version != ctx.state.version()) {
        objective_ = portfolio_objective(ctx.state.scenario());
        SensitivityOptions options;
        options.watched_outcome = static_cast<int>(PortfolioOutcome::npv_usd);
        sensitivity_.start(ctx.state.version(), objective_, options);
    }
    if (job_progress(ctx, sensitivity_, "portfolio-sensitivity", "Scanning inputs", "Portfolio sensitivity cancelled")) return;
    if (!sensitivity_.result) return;
    const Objective& o = objective_;
    const SensitivityResult& s = *sensitivity_.result;
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

std::string PortfolioView::mirror_text(std::uint64_t version) const {
    if (!sensitivity_.result || sensitivity_.version != version) return {};
    // Where the year-1 plan changes, as the portfolio tab lists it (same numbers as `analyse --breakeven`).
    std::string t;
    for (const InputBreakevens& b : sensitivity_.result->breakevens)
        for (const LevelCrossing& c : b.level_crossings) {
            char line[256];
            std::snprintf(line, sizeof line, "\nPortfolio breakeven: %s = %.6g: %s.",
                          objective_.inputs[static_cast<std::size_t>(b.input)].path.c_str(), c.x,
                          objective_.thresholds[static_cast<std::size_t>(c.threshold)].id.c_str());
            t += line;
        }
    return t;
}

bool PortfolioView::step_jobs(const FrameBudget& budget) { return sensitivity_.step(budget); }

void PortfolioView::stop_stale_jobs(std::uint64_t version) {
    if (sensitivity_.version != version) sensitivity_.job.reset();
}

}  // namespace packfolio::app
