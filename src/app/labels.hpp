#pragma once
// Wording shared by the tabs: route names for people, money with its unit, and the narrow-layout test.

#include <imgui.h>

#include <cstdarg>
#include <cstdio>
#include <initializer_list>
#include <string>

#include "charts.hpp"
#include "core/lifecycle.hpp"
#include "inputs.hpp"

namespace packfolio::app {

inline const char* route_label(const std::string& id) {
    if (id == "deploy_ev") return "Deploy in an EV first";
    if (id == "deploy_ess") return "Deploy straight into ESS";
    if (id == "recycle_now") return "Recycle now";
    if (id == "second_life") return "Second life in storage";
    if (id == "remanufacture") return "Remanufacture for EV use";
    return "another route";  // never a pointer into `id`, which may be a temporary
}

// The result of a route by its id ("second_life"), or nullptr: looked up by id, never through a palette index.
inline const RouteResult* find_route(const LifecycleResults& r, const std::string& id) {
    for (const RouteResult& route : r.routes)
        if (route.id == id) return &route;
    return nullptr;
}

// NPV per pack of the best end-of-life route (every evaluation decides one).
inline double best_route_npv_usd(const LifecycleResults& r) {
    const RouteResult* best = find_route(r, r.best_route);
    return best ? best->npv_usd : 0.0;
}

// Palette index of a route: its position in route_ids, so a route keeps its colour in every chart.
inline int route_colour_index(const std::string& id) {
    for (std::size_t i = 0; i < route_ids.size(); ++i)
        if (id == route_ids[i]) return static_cast<int>(i);
    return -1;
}

inline std::string money(double usd) { return format_number(usd, "$"); }
inline std::string per_kwh(double usd) { return format_number(usd, "$/kWh"); }

// Whether the layout should stack (phones) rather than put inputs beside results.
inline bool narrow() { return ImGui::GetIO().DisplaySize.x < 760.0f; }

// Breaks `text` into lines no wider than `width`, at spaces only: ImGui 1.86's own wrapping also breaks
// after '.' and ',', which would split a number such as "$1.32k" across two lines.
inline std::string wrap_at_spaces(const std::string& text, float width) {
    std::string out, line;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find_first_of(" \n", start);
        if (end == std::string::npos) end = text.size();
        const std::string word = text.substr(start, end - start);
        const std::string candidate = line.empty() ? word : line + " " + word;
        if (!line.empty() && ImGui::CalcTextSize(candidate.c_str()).x > width) {
            out += line + "\n";
            line = word;
        } else {
            line = candidate;
        }
        if (end < text.size() && text[end] == '\n') {
            out += line + "\n";
            line.clear();
        }
        start = end + 1;
    }
    return out + line;
}

// Paragraphs of the answer (normal) and of the detail (dimmed), wrapped to the available width.
inline void paragraph(const std::string& text) {
    ImGui::TextUnformatted(wrap_at_spaces(text, ImGui::GetContentRegionAvail().x).c_str());
}
inline void note(const std::string& text) {
    ImGui::TextDisabled("%s", wrap_at_spaces(text, ImGui::GetContentRegionAvail().x).c_str());
}
inline std::string printf_text(const char* fmt, ...) IM_FMTARGS(1);
// Formats into a string of the length the text needs: never cut (a long title or file name stays whole).
inline std::string printf_text(const char* fmt, ...) {
    va_list args, measure;
    va_start(args, fmt);
    va_copy(measure, args);
    const int n = std::vsnprintf(nullptr, 0, fmt, measure);
    va_end(measure);
    std::string out(n > 0 ? static_cast<std::size_t>(n) : 0, '\0');
    if (n > 0) std::vsnprintf(out.data(), out.size() + 1, fmt, args);
    va_end(args);
    return out;
}

// One column per name, then the header row.
inline void table_headers(std::initializer_list<const char*> names) {
    for (const char* name : names) ImGui::TableSetupColumn(name);
    ImGui::TableHeadersRow();
}

// A progress bar with a Cancel button beside it; true when Cancel was clicked.
inline bool progress_with_cancel(const char* id, double progress, const std::string& what, ItemRects* rects = nullptr) {
    ImGui::PushID(id);
    const float cancel_w = ImGui::CalcTextSize("Cancel").x + ImGui::GetStyle().FramePadding.x * 2;
    char overlay[96];
    std::snprintf(overlay, sizeof overlay, "%s %.0f %%", what.c_str(), progress * 100.0);
    ImGui::ProgressBar(static_cast<float>(progress),
                       ImVec2(ImGui::GetContentRegionAvail().x - cancel_w - ImGui::GetStyle().ItemSpacing.x, 0), overlay);
    ImGui::SameLine();
    const bool cancel = ImGui::Button("Cancel");
    if (rects) record_item(*rects, std::string("button:cancel_") + id);
    ImGui::PopID();
    return cancel;
}

}  // namespace packfolio::app
