// 7. Map (charts.hpp): collection sites, hubs and the flows between them on an equirectangular projection
// with a graticule; hover picks hubs first (the largest targets), then sites, then flows.
#define IMGUI_DEFINE_MATH_OPERATORS
#include <algorithm>
#include <cmath>
#include <optional>

#include "app/charts.hpp"
#include "app/charts/frame.hpp"
#include "app/charts/hover.hpp"
#include "app/charts/number_format.hpp"
#include "app/charts/text.hpp"

namespace packfolio::app {

namespace {

using namespace chart;

struct Projection {
    double k = 1.0;                  // cos(mean latitude): keeps shapes right away from the equator
    double x0 = 0.0, y0 = 0.0;       // projected centre
    double scale = 1.0;              // pixels per projected degree
    ImVec2 centre;
    ImVec2 operator()(double lon, double lat) const {
        return ImVec2(centre.x + static_cast<float>((lon * k - x0) * scale), centre.y - static_cast<float>((lat - y0) * scale));
    }
    double lon_at(float px) const { return ((px - centre.x) / scale + x0) / k; }
    double lat_at(float py) const { return y0 - (py - centre.y) / scale; }
};

std::string degrees(double v, bool lon, double step) {
    const int decimals = step < 1.0 ? 1 : 0;
    const std::string num = fixed_trimmed(std::fabs(v), decimals);
    if (num == "0") return "0\xC2\xB0";
    return num + "\xC2\xB0" + (lon ? (v < 0 ? "W" : "E") : (v < 0 ? "S" : "N"));
}

float distance_to_segment(ImVec2 p, ImVec2 a, ImVec2 b) {
    const ImVec2 ab = b - a, ap = p - a;
    const float len2 = ab.x * ab.x + ab.y * ab.y;
    const float t = len2 > 0.0f ? std::clamp((ap.x * ab.x + ap.y * ab.y) / len2, 0.0f, 1.0f) : 0.0f;
    const ImVec2 q = a + ab * t - p;
    return std::sqrt(q.x * q.x + q.y * q.y);
}

struct MapColours {
    ImU32 site, hub, flow;
    explicit MapColours(const Colours& c) : site(series(1, c)), hub(series(5, c)), flow(series(4, c)) {}
};

std::vector<LegendEntry> map_legend(const MapData& d, const MapColours& mc, const Colours& c0) {
    std::vector<LegendEntry> entries;
    if (!d.sites.empty()) entries.push_back({"Collection site", mc.site, Swatch::circle});
    bool any_open = false, any_closed = false;
    for (const MapHub& h : d.hubs) (h.open ? any_open : any_closed) = true;
    if (any_open) entries.push_back({"Hub, open (size = throughput)", mc.hub, Swatch::square});
    if (any_closed) entries.push_back({"Hub, closed", c0.neutral, Swatch::open_square});
    if (!d.flows.empty()) entries.push_back({"Flow (width = volume)", with_alpha(mc.flow, 0.7f), Swatch::line});
    return entries;
}

// Fits every finite location into the plot, with padding that leaves room for the largest hub square and
// the graticule labels along the edges. None when there is no location to show.
std::optional<Projection> fit_projection(const MapData& d, const ImRect& plot) {
    double lon_lo = HUGE_VAL, lon_hi = -HUGE_VAL, lat_lo = HUGE_VAL, lat_hi = -HUGE_VAL;
    auto add = [&](double lon, double lat) {
        if (!std::isfinite(lon) || !std::isfinite(lat)) return;
        finite_range(lon, lon_lo, lon_hi);
        finite_range(lat, lat_lo, lat_hi);
    };
    for (const MapSite& s : d.sites) add(s.lon, s.lat);
    for (const MapHub& h : d.hubs) add(h.lon, h.lat);
    for (const MapFlow& fl : d.flows) add(fl.from_lon, fl.from_lat), add(fl.to_lon, fl.to_lat);
    if (lon_lo > lon_hi) return std::nullopt;
    Projection pr;
    pr.k = std::cos((lat_lo + lat_hi) * 0.5 * 3.14159265358979 / 180.0);
    pr.k = std::max(pr.k, 0.1);
    const double span_x = std::max((lon_hi - lon_lo) * pr.k, 0.5), span_y = std::max(lat_hi - lat_lo, 0.5);
    const float pad_px = em() * 2.2f;
    const float box_w = std::max(plot.GetWidth() - 2 * pad_px, 10.0f), box_h = std::max(plot.GetHeight() - 2 * pad_px, 10.0f);
    pr.scale = std::min(box_w / span_x, box_h / span_y);
    pr.x0 = (lon_lo + lon_hi) * 0.5 * pr.k;
    pr.y0 = (lat_lo + lat_hi) * 0.5;
    pr.centre = plot.GetCenter();
    return pr;
}

// Graticule: the visible range in degrees, then a 1-2-5 step (capped at 10°) giving a few lines.
void draw_graticule(const Frame& f, const Projection& pr) {
    ImDrawList* dl = f.dl;
    const double vlon0 = pr.lon_at(f.plot.Min.x), vlon1 = pr.lon_at(f.plot.Max.x);
    const double vlat0 = pr.lat_at(f.plot.Max.y), vlat1 = pr.lat_at(f.plot.Min.y);
    const int max_lines = std::clamp(static_cast<int>(std::min(f.plot.GetWidth(), f.plot.GetHeight()) / (em() * 5.0f)), 2, 6);
    const double step = std::min(10.0, nice_step(std::max(vlon1 - vlon0, vlat1 - vlat0) / max_lines));
    Occupancy lon_occ, lat_occ;
    for (double g = std::ceil(vlon0 / step) * step; g <= vlon1; g += step) {
        const float x = pr(g, 0.0).x;
        dl->AddLine(ImVec2(x, f.plot.Min.y), ImVec2(x, f.plot.Max.y), f.c.grid);
        const std::string s = degrees(g, true, step);
        const float w = text_w(s);
        if (x - w * 0.5f > f.plot.Min.x + 2 && x + w * 0.5f < f.plot.Max.x - 2 && lon_occ.take(x - w * 0.5f, x + w * 0.5f, em() * 0.5f))
            dl->AddText(ImVec2(x - w * 0.5f, f.plot.Max.y - line_h() - 2.0f), f.c.tick, s.c_str());
    }
    for (double g = std::ceil(vlat0 / step) * step; g <= vlat1; g += step) {
        const float y = pr(0.0, g).y;
        dl->AddLine(ImVec2(f.plot.Min.x, y), ImVec2(f.plot.Max.x, y), f.c.grid);
        const std::string s = degrees(g, false, step);
        const float ty = y - line_h() - 1.0f;
        // Latitude labels sit just above their line at the left edge, clear of the longitude row.
        if (ty > f.plot.Min.y + 2 && ty + line_h() < f.plot.Max.y - line_h() - 4 && lat_occ.take(ty, ty + line_h(), 2.0f))
            dl->AddText(ImVec2(f.plot.Min.x + 4.0f, ty), f.c.tick, s.c_str());
    }
}

// Mark sizes: flows wider for more packs, hubs larger for more throughput.
struct MarkSizes {
    double max_packs = 0.0, max_tp = 0.0;
    float site_r = 3.5f;
    explicit MarkSizes(const MapData& d) {
        for (const MapFlow& fl : d.flows) max_packs = std::max(max_packs, std::isfinite(fl.packs) ? fl.packs : 0.0);
        for (const MapHub& h : d.hubs) max_tp = std::max(max_tp, std::isfinite(h.throughput) ? h.throughput : 0.0);
    }
    float flow_w(const MapFlow& fl) const {
        return 1.0f + 7.0f * static_cast<float>(max_packs > 0 ? std::max(fl.packs, 0.0) / max_packs : 0.0);
    }
    float hub_half(const MapHub& h) const {
        // Area ∝ throughput reads truer than side ∝ throughput.
        return em() * 0.3f + em() * 0.55f * static_cast<float>(max_tp > 0 ? std::sqrt(std::max(h.throughput, 0.0) / max_tp) : 0.0);
    }
};

struct MapHover {
    int hub = -1, site = -1, flow = -1;
    bool any() const { return hub >= 0 || site >= 0 || flow >= 0; }
};

MapHover pick(const Frame& f, const MapData& d, const Projection& pr, const MarkSizes& sz) {
    MapHover h;
    if (!f.hovered) return h;
    float best = HUGE_VALF;
    for (std::size_t i = 0; i < d.hubs.size(); ++i) {
        const ImVec2 p = pr(d.hubs[i].lon, d.hubs[i].lat), m = f.mouse - p;
        const float dist = std::max(std::fabs(m.x), std::fabs(m.y)) - sz.hub_half(d.hubs[i]);
        if (dist < 4.0f && dist < best) best = dist, h.hub = static_cast<int>(i);
    }
    if (h.hub < 0)
        for (std::size_t i = 0; i < d.sites.size(); ++i) {
            const ImVec2 m = f.mouse - pr(d.sites[i].lon, d.sites[i].lat);
            const float dist = std::sqrt(m.x * m.x + m.y * m.y);
            if (dist < sz.site_r + 5.0f && dist < best) best = dist, h.site = static_cast<int>(i);
        }
    if (h.hub < 0 && h.site < 0)
        for (std::size_t i = 0; i < d.flows.size(); ++i) {
            const MapFlow& fl = d.flows[i];
            const float dist = distance_to_segment(f.mouse, pr(fl.from_lon, fl.from_lat), pr(fl.to_lon, fl.to_lat)) - sz.flow_w(fl) * 0.5f;
            if (dist < 4.0f && dist < best) best = dist, h.flow = static_cast<int>(i);
        }
    return h;
}

// Flows under the points, then sites, then hubs; the hovered mark outlined.
void draw_network(const Frame& f, const MapData& d, const Projection& pr, const MarkSizes& sz, const MapColours& mc, const MapHover& hv) {
    ImDrawList* dl = f.dl;
    for (std::size_t i = 0; i < d.flows.size(); ++i) {
        const MapFlow& fl = d.flows[i];
        const bool hot = static_cast<int>(i) == hv.flow;
        dl->AddLine(pr(fl.from_lon, fl.from_lat), pr(fl.to_lon, fl.to_lat), with_alpha(mc.flow, hot ? 1.0f : 0.55f), sz.flow_w(fl));
    }
    for (std::size_t i = 0; i < d.sites.size(); ++i) {
        const ImVec2 p = pr(d.sites[i].lon, d.sites[i].lat);
        dl->AddCircleFilled(p, sz.site_r + 1.5f, f.c.bg, 12);
        dl->AddCircleFilled(p, sz.site_r, mc.site, 12);
        if (static_cast<int>(i) == hv.site) dl->AddCircle(p, sz.site_r + 3.0f, f.c.text, 16, 1.5f);
    }
    for (std::size_t i = 0; i < d.hubs.size(); ++i) {
        const MapHub& h = d.hubs[i];
        const ImVec2 p = pr(h.lon, h.lat);
        const float r = sz.hub_half(h);
        dl->AddRectFilled(p - ImVec2(r + 1.5f, r + 1.5f), p + ImVec2(r + 1.5f, r + 1.5f), f.c.bg);
        if (h.open) dl->AddRectFilled(p - ImVec2(r, r), p + ImVec2(r, r), mc.hub);
        else dl->AddRect(p - ImVec2(r - 1, r - 1), p + ImVec2(r - 1, r - 1), f.c.neutral, 0.0f, 0, 2.0f);
        if (static_cast<int>(i) == hv.hub) dl->AddRect(p - ImVec2(r + 3, r + 3), p + ImVec2(r + 3, r + 3), f.c.text, 0.0f, 0, 1.5f);
    }
}

void map_tooltip(const Frame& f, const MapData& d, const MapColours& mc, const MapHover& hv) {
    ImGui::BeginTooltip();
    if (hv.hub >= 0) {
        const MapHub& h = d.hubs[static_cast<std::size_t>(hv.hub)];
        tooltip_text(h.name);
        tooltip_row(h.open ? mc.hub : f.c.neutral, h.open ? "Open hub, throughput" : "Closed hub, throughput",
                    format_number(h.throughput, h.unit.c_str()));
        if (!h.detail.empty()) tooltip_note(h.detail);
        tooltip_note(degrees(h.lat, false, 0.1) + ", " + degrees(h.lon, true, 0.1));
    } else if (hv.site >= 0) {
        const MapSite& s = d.sites[static_cast<std::size_t>(hv.site)];
        tooltip_text(s.name);
        tooltip_row(mc.site, "Collected", format_number(s.value, s.unit.c_str()));
        if (!s.detail.empty()) tooltip_note(s.detail);
        tooltip_note(degrees(s.lat, false, 0.1) + ", " + degrees(s.lon, true, 0.1));
    } else {
        const MapFlow& fl = d.flows[static_cast<std::size_t>(hv.flow)];
        tooltip_text(fl.label.empty() ? "Flow" : fl.label);
        tooltip_row(mc.flow, "Volume", format_number(fl.packs, fl.unit.c_str()));
    }
    ImGui::EndTooltip();
}

void draw_map(Frame& f, const MapData& d, const MapColours& mc) {
    f.dl->AddRectFilled(f.plot.Min, f.plot.Max, f.c.band_a, 4.0f);
    f.dl->AddRect(f.plot.Min, f.plot.Max, f.c.grid, 4.0f);
    const std::optional<Projection> pr = fit_projection(d, f.plot);
    if (!pr) {
        f.dl->AddText(f.plot.Min + ImVec2(em(), em()), f.c.tick, "No locations to show");
        return;
    }
    f.dl->PushClipRect(f.plot.Min, f.plot.Max, true);
    draw_graticule(f, *pr);
    const MarkSizes sz(d);
    const MapHover hv = pick(f, d, *pr, sz);
    draw_network(f, d, *pr, sz, mc, hv);
    f.dl->PopClipRect();
    if (hv.any()) map_tooltip(f, d, mc, hv);
}

}  // namespace

void map_chart(const char* id, const MapData& d, float height) {
    ImGui::PushID(id);
    const Colours c0 = colours();
    const MapColours mc(c0);
    const std::vector<LegendEntry> entries = map_legend(d, mc, c0);
    Frame f = open_frame(entries);
    const float gap = em() * 0.35f;
    f.plot = ImRect(f.origin.x, f.origin.y + f.legend_h + gap, f.origin.x + f.width, f.origin.y + f.legend_h + gap + std::max(height, em() * 6));
    f.total_h = f.plot.Max.y - f.origin.y;
    if (place_frame(f, entries)) draw_map(f, d, mc);
    ImGui::PopID();
}

}  // namespace packfolio::app
