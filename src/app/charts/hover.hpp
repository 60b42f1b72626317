#pragma once
// The hover layer: what is under the mouse in a placed frame, its highlight, and the tooltip rows that
// read it out. Each chart finds its own hovered mark (a point, a slot, a row, a cell) with these and
// writes its tooltip between ImGui::BeginTooltip() and ImGui::EndTooltip().

#include <imgui.h>

#include <cstddef>
#include <optional>
#include <string>

#include "app/charts/frame.hpp"

namespace packfolio::app::chart {

// The category slot under the mouse in a categorical XYFrame of `n` slots (waterfall columns, stacked bars).
std::optional<std::size_t> hovered_slot(const XYFrame& f, std::size_t n);
// Shades slot `i` from the top of the plot to its axis.
void highlight_slot(const XYFrame& f, std::size_t i, ImU32 col);

// The row under the mouse, its label included (tornado, waterfall rows).
std::optional<std::size_t> hovered_row(const RowFrame& f);

// The vertical read-out line at `x` across the plot.
void hover_rule(const Frame& f, float x);

// One tooltip line with a colour chip: "label: value", or the value alone when the label is empty.
void tooltip_row(ImU32 colour, const std::string& label, const std::string& value);
void tooltip_text(const std::string& s);
void tooltip_note(const std::string& s);  // secondary (dimmed) line

}  // namespace packfolio::app::chart
