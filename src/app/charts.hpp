#pragma once
// Chart primitives for every Packfolio chart, drawn with ImDrawList (ImPlot is not packaged).
//
// Charts take plain, already computed data (numbers, labels, units) and only draw it: no economics
// happens here. Every chart sizes itself to ImGui::GetContentRegionAvail().x, so the same call works
// at 1280 px and on a 390 px phone: tick counts follow the space, labels that would collide are
// skipped, legends wrap, and horizontal-bar layouts move their labels above the bars when narrow.
// Colours come from the ImGui style (text, grid) and the Okabe–Ito palette (series_colour), so the
// charts follow light and dark themes without being told which one is active.
//
// Values are given in the unit they are shown in: a percentage is 0–100 with unit "%", not 0–1.
//
// Index of the implementation, src/app/charts/ (internals in namespace packfolio::app::chart):
//   shared   number_format  format_number, format_signed and tick labels
//            colours        chart colours from the ImGui style
//            text           measuring, fitting, wrapping and placing labels
//            dashed_line    dashed lines and curves
//            legend         swatches and legend rows that wrap
//            scale          data ranges, 1-2-5 ticks, value-to-pixel scales
//            frame          the chart frame: legend, plot box, room for the axes (XYFrame, RowFrame)
//            axes           grid lines, tick labels and titles of a frame
//            hover          what is under the mouse (slot, row), its highlight, tooltip rows
//   charts   line_chart (1), waterfall (2), tornado (3), decision_map (4), histogram (5),
//            stacked_bars (6), map_chart (7): one file each, numbered as the sections below

#include <optional>
#include <string>
#include <vector>

namespace packfolio::app {

// Compact number with its unit, for ticks, read-outs and text: 3 significant digits, k/M/B suffixes.
//   "$" → "$1.23k", "-$3.4M"     "$/kWh" → "$85.2/kWh"    "%" → "12.5 %"     "" → "0.85"
//   "kg CO2e" → "850 kg CO2e", "12.3 t CO2e", "4.5 kt CO2e" "years" → "8.5 years", "1 year"
//   "GWh" → "3.4 GWh"            "packs" → "12.3k packs"  anything else → "<number> <unit>"
// Non-finite values read "n/a".
std::string format_number(double value, const char* unit);
// The same with an explicit sign for changes: "+$1.2k", "-$300", "+2.5 %".
std::string format_signed(double value, const char* unit);

// One axis of a chart. Its title is drawn as "title (unit)", e.g. "NPV ($/kWh)", and its unit formats
// every read-out. min/max fix the range (e.g. SoH 0–100 %); otherwise it comes from the data, widened
// to "nice" 1-2-5 tick values.
struct Axis {
    std::string title;
    std::string unit;
    std::optional<double> min, max;
};

// Colours are palette indices for series_colour(); -1 is the neutral grey.

// 1. Line chart ------------------------------------------------------------------------------------
struct LineSeries {
    std::string label;
    std::vector<double> x, y;  // same length, x ascending
    int colour = 0;
    bool dashed = false;       // a second cue besides colour, e.g. projected vs measured
};
struct VerticalMarker {        // e.g. "Retirement" at year 8.2
    double x = 0;
    std::string label;
};
struct Band {                  // shaded background x-range, e.g. "First life" / "Second life"
    double x0 = 0, x1 = 0;
    std::string label;
    int colour = -1;
};
struct LineChartData {
    Axis x, y;
    std::vector<LineSeries> series;
    std::vector<VerticalMarker> markers;
    std::vector<Band> bands;
};
// `height` is the plot with its axes; the legend (if any) adds its rows above.
void line_chart(const char* id, const LineChartData& data, float height);

// 2. Waterfall ---------------------------------------------------------------------------------------
struct WaterfallStep {
    std::string label;
    double value = 0;          // signed contribution
};
struct WaterfallData {
    std::string name;          // the route, for the selector
    Axis value;                // e.g. {"Cash flow", "$"}
    std::vector<WaterfallStep> steps;
    std::string total_label = "Net";
    std::optional<double> total;  // the result as computed by core; the sum of the steps if absent
    int colour = -1;           // the route's colour, for its selector swatch (the total bar stays neutral
                               // so it never reads as "increase" or "decrease")
};
// Vertical bars when the step labels fit, otherwise (phones) one row per step with its label.
void waterfall_chart(const char* id, const WaterfallData& data, float height);
// Several routes: a selector (radio buttons that wrap) and one chart, on one value scale shared by
// all routes so switching compares like with like. `selected` is clamped to the routes.
void waterfall_chart(const char* id, const std::vector<WaterfallData>& routes, int* selected, float height);

// 3. Tornado -----------------------------------------------------------------------------------------
struct TornadoBar {
    std::string input;         // "Discount rate"
    std::string input_unit;    // "%": the label reads "Discount rate (%)"
    double input_low = 0, input_high = 0;
    double output_at_low = 0, output_at_high = 0;
    bool flips = false;        // the input's range crosses the flip line: marked, and said in its label
};
struct TornadoData {
    Axis output;               // e.g. {"NPV", "$/kWh"}
    double base = 0;           // the output at the base case
    std::vector<TornadoBar> bars;  // drawn sorted by swing, largest on top
    // The output at which the decision flips (a margin's 0), drawn as a dashed line with a marker where a
    // flipping bar crosses it.
    std::optional<double> flip_at;
};
// The height grows with the number of bars; `height` is the minimum.
void tornado_chart(const char* id, const TornadoData& data, float height);

// 4. Decision map ------------------------------------------------------------------------------------
struct DecisionMapData {
    Axis x, y;                 // the two swept inputs (min/max unused: see x0..y1)
    double x0 = 0, x1 = 1, y0 = 0, y1 = 1;  // grid edges; nx × ny equal cells, each sampled at its centre
    int nx = 0, ny = 0;
    std::vector<int> cells;    // category per cell, cells[iy * nx + ix], iy = 0 at y0 (bottom)
    std::vector<std::string> categories;
    std::vector<int> category_colours;  // palette index per category; empty: the category index
    std::vector<double> values;         // optional per cell: shading (stronger = higher) and tooltip
    std::string value_label;            // e.g. "Margin over next best"
    std::string value_unit;
    std::optional<double> current_x, current_y;  // the scenario being edited
    std::string current_label = "Current scenario";
};
void decision_map(const char* id, const DecisionMapData& data, float height);

// 5. Histogram ---------------------------------------------------------------------------------------
struct HistogramSeries {
    std::string label;
    std::vector<double> edges;   // bins + 1, ascending
    std::vector<double> counts;  // per bin
    int colour = 0;
    std::optional<double> p5, p50, p95;
};
struct HistogramData {
    Axis x;
    Axis y{"Frequency", "runs", std::nullopt, std::nullopt};
    std::vector<HistogramSeries> series;  // overlaid, semi-transparent
};
void histogram_chart(const char* id, const HistogramData& data, float height);

// 6. Stacked bars ------------------------------------------------------------------------------------
struct StackedSeries {
    std::string label;
    std::vector<double> values;  // one per category; negative values stack below zero
    int colour = 0;
};
struct StackedBarData {
    Axis x;                      // e.g. {"Year", ""}
    Axis y;                      // e.g. {"Packs allocated", "packs"}
    std::vector<std::string> categories;
    std::vector<StackedSeries> series;  // first series at the bottom
};
void stacked_bar_chart(const char* id, const StackedBarData& data, float height);

// 7. Map ---------------------------------------------------------------------------------------------
struct MapSite {                 // small circle
    std::string name;
    double lon = 0, lat = 0;
    double value = 0;            // shown on hover with `unit`, e.g. packs collected per year
    std::string unit = "packs";
    std::string detail;          // optional extra tooltip line
};
struct MapHub {                  // square sized by throughput; open filled, closed hollow
    std::string name;
    double lon = 0, lat = 0;
    double throughput = 0;
    std::string unit = "packs";
    bool open = true;
    std::string detail;
};
struct MapFlow {                 // line with width ∝ packs
    std::string label;
    double from_lon = 0, from_lat = 0, to_lon = 0, to_lat = 0;
    double packs = 0;
    std::string unit = "packs";
};
struct MapData {
    std::vector<MapSite> sites;
    std::vector<MapHub> hubs;
    std::vector<MapFlow> flows;
};
// Equirectangular projection scaled by cos(mean latitude), fitted into the box with padding.
void map_chart(const char* id, const MapData& data, float height);

}  // namespace packfolio::app
