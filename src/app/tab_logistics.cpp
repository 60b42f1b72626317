// The "Reverse logistics" tab: which hubs to open, where packs go, and what the network earns and emits.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "charts.hpp"
#include "labels.hpp"
#include "views.hpp"

namespace packfolio::app {

namespace {

struct Point {
    double lat = 0.0, lon = 0.0;
};

// The map of one design: sites sized by supply, hubs by throughput, outlets by what they receive, and the
// flows summed per leg (site → hub, hub → outlet).
MapData network_map(const LogisticsInput& in, const LogisticsDesign& d) {
    std::map<std::string, Point> where;
    for (const LogisticsSite& s : in.sites) where[s.id] = {s.lat, s.lon};
    for (const CandidateHub& h : in.hubs) where[h.id] = {h.lat, h.lon};
    for (const Outlet& o : in.outlets) where[o.id] = {o.lat, o.lon};

    std::map<std::string, double> supply, through, received;
    for (const SiteSupply& s : in.supply) supply[s.site] += s.packs_per_year;
    std::map<std::pair<std::string, std::string>, double> legs;
    for (const LogisticsFlow& f : d.flows) {
        through[f.hub] += static_cast<double>(f.packs);
        received[f.outlet] += static_cast<double>(f.packs);
        legs[{f.site, f.hub}] += static_cast<double>(f.packs);
        legs[{f.hub, f.outlet}] += static_cast<double>(f.packs);
    }
    MapData m;
    for (const LogisticsSite& s : in.sites)
        m.sites.push_back({s.id, s.lon, s.lat, supply[s.id], "packs/yr", site_kind_names[static_cast<std::size_t>(s.kind)]});
    for (const Outlet& o : in.outlets)
        m.sites.push_back({o.id, o.lon, o.lat, received[o.id], "packs/yr received",
                           outlet_kind_names[static_cast<std::size_t>(o.kind)]});
    for (const CandidateHub& h : in.hubs) {
        const bool open = std::find(d.open_hubs.begin(), d.open_hubs.end(), h.id) != d.open_hubs.end();
        m.hubs.push_back({h.id, h.lon, h.lat, through[h.id], "packs/yr", open, open ? "open hub" : "candidate, closed"});
    }
    for (const auto& [ends, packs] : legs) {
        const Point a = where[ends.first], b = where[ends.second];
        m.flows.push_back({ends.first + " -> " + ends.second, a.lon, a.lat, b.lon, b.lat, packs, "packs/yr"});
    }
    return m;
}

std::string hub_list(const std::vector<std::string>& hubs) {
    std::string s;
    for (const std::string& h : hubs) s += (s.empty() ? "" : ", ") + h;
    return s.empty() ? std::string("none") : s;
}

}  // namespace

bool LogisticsView::draw_headline(ViewContext& ctx) const {
    const AppState& state = ctx.state;
    if (!state.scenario().logistics) {
        paragraph("This scenario has no logistics network. Pick \"Centralised hub vs decentralised spokes\" or \"EU "
                  "circularity mandate\" from the menu above.");
        return false;
    }
    const std::optional<double> progress = state.hub_search_progress();
    if (progress && progress_with_cancel("hubs", *progress, "Searching hub sets", &ctx.rects)) {
        ctx.state.cancel_hub_search();
        ctx.state.set_notice("Hub search cancelled: showing the best set found so far");
    }
    if (!state.results().logistics) {
        note("Searching for the best set of hubs...");
        return false;
    }
    const LogisticsResults& r = *state.results().logistics;
    const LogisticsDesign& d = r.result;
    paragraph(printf_text("Open %s: the network %s %s a year net on %lld packs (%s cost, %s value), emitting %s in transport.",
                hub_list(d.open_hubs).c_str(), d.net_value_usd >= 0 ? "earns" : "costs",
                money(std::abs(d.net_value_usd)).c_str(), static_cast<long long>(d.packs_routed),
                money(d.total_cost_usd).c_str(), money(d.total_value_usd).c_str(), format_number(d.co2_kg, "kg CO2e").c_str()));
    std::string how = "Method: " + r.method;
    if (r.optimality_gap_usd) how += ", within " + money(*r.optimality_gap_usd) + "/yr of the optimum";
    if (r.cancelled) how += " (search cancelled: best set so far)";
    note(printf_text("%s; %lld packs/yr cannot be routed.", how.c_str(), static_cast<long long>(d.packs_unroutable)));
    for (const std::string& w : r.warnings) note("Note: " + w);
    return true;
}

void LogisticsView::draw_network_map(const ViewContext& ctx, float height) const {
    map_chart("network-map", network_map(*ctx.state.scenario().logistics, ctx.state.results().logistics->result), height);
}

void LogisticsView::draw(ViewContext& ctx) {
    if (!draw_headline(ctx)) return;
    ImGui::Separator();
    inputs_beside_results(ctx, "logistics", "Network", Tab::logistics, [&] {
        // An edit in the inputs drawn beside restarts the hub search: nothing to show until the next frame.
        if (!ctx.state.results().logistics) return;
        const LogisticsResults& r = *ctx.state.results().logistics;
        draw_network_map(ctx, narrow() ? 260.0f : 320.0f);
        draw_designs(r);
        std::string routes = "Packs per route:";
        for (std::size_t k = 0; k < outcome_count; ++k)
            routes += std::string(k ? "," : "") + " " + outcome_names[k] + " " +
                      format_number(static_cast<double>(r.result.packs_per_outcome[k]), "packs");
        note(routes + " (per year).");
    });
}

// The chosen design against the centralised and decentralised ones: a table, or on phones one block each.
void LogisticsView::draw_designs(const LogisticsResults& r) const {
    const LogisticsDesign& d = r.result;
    const bool stack = narrow();
    struct Row {
        const char* name;
        const LogisticsDesign* design;
    };
    const Row rows[] = {{"Chosen", &d},
                        {"Centralised hub", r.centralised ? &*r.centralised : nullptr},
                        {"Decentralised spokes", r.decentralised ? &*r.decentralised : nullptr}};
    if (stack) {
        // Phones: one block per design, every figure on its own line with its unit.
        for (const Row& row : rows) {
            ImGui::Separator();
            ImGui::TextUnformatted(row.name);
            if (!row.design) {
                note("No candidate fits this design.");
                continue;
            }
            note("Open hubs: " + hub_list(row.design->open_hubs));
            ImGui::Text("Net value %s/yr, cost %s/yr", money(row.design->net_value_usd).c_str(),
                        money(row.design->total_cost_usd).c_str());
            ImGui::Text("%s/yr, hazmat %s/yr", format_number(row.design->co2_kg, "kg CO2e").c_str(),
                        format_number(row.design->hazmat_tonne_km, "t-km").c_str());
        }
    } else if (ImGui::BeginTable("designs", 7, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollX |
                                            ImGuiTableFlags_SizingFixedFit)) {
        ImGui::TableSetupScrollFreeze(1, 1);
        table_headers({"Design", "Open hubs", "Net value ($/yr)", "Cost ($/yr)", "CO2 (kg/yr)", "Hazmat (t-km/yr)",
                       "Packs routed"});
        for (const Row& row : rows) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(row.name);
            if (!row.design) {
                ImGui::TableNextColumn();
                ImGui::TextDisabled("no candidate fits this design");
                continue;
            }
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(hub_list(row.design->open_hubs).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(money(row.design->net_value_usd).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(money(row.design->total_cost_usd).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_number(row.design->co2_kg, "kg CO2e").c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_number(row.design->hazmat_tonne_km, "t-km").c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_number(static_cast<double>(row.design->packs_routed), "packs").c_str());
        }
        ImGui::EndTable();
    }
}

}  // namespace packfolio::app
