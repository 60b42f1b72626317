#define IMGUI_DEFINE_MATH_OPERATORS
#include "app/charts/text.hpp"

#include <imgui_internal.h>  // ImVec2 operators; pinned to Dear ImGui 1.86

#include "app/charts/colours.hpp"

namespace packfolio::app::chart {

float line_h() { return ImGui::GetTextLineHeight(); }
float em() { return ImGui::GetFontSize(); }
float text_w(const std::string& s) { return ImGui::CalcTextSize(s.c_str()).x; }

std::string fit_text(const std::string& s, float max_w) {
    if (text_w(s) <= max_w) return s;
    std::string t = s;
    while (!t.empty()) {
        t.pop_back();
        while (!t.empty() && (static_cast<unsigned char>(t.back()) & 0xC0) == 0x80) t.pop_back();  // UTF-8 continuation
        while (!t.empty() && t.back() == ' ') t.pop_back();
        if (text_w(t + "\xE2\x80\xA6") <= max_w) return t + "\xE2\x80\xA6";
    }
    return "";
}

std::vector<std::string> wrap_words(const std::string& s, float max_w, int max_lines) {
    std::vector<std::string> lines;
    std::string line, word;
    auto flush_word = [&]() -> bool {
        if (word.empty()) return true;
        const std::string joined = line.empty() ? word : line + " " + word;
        if (text_w(joined) <= max_w) line = joined;
        else {
            if (line.empty()) return false;  // a single word wider than the space
            lines.push_back(line);
            line = word;
            if (text_w(line) > max_w) return false;
        }
        word.clear();
        return true;
    };
    for (char ch : s) {
        if (ch == ' ') {
            if (!flush_word()) return {};
        } else word += ch;
    }
    if (!flush_word()) return {};
    if (!line.empty()) lines.push_back(line);
    if (static_cast<int>(lines.size()) > max_lines) return {};
    return lines;
}

std::string with_unit(const std::string& title, const std::string& unit) {
    if (unit.empty()) return title;
    if (title.empty()) return unit;
    return title + " (" + unit + ")";
}

void label_with_bg(ImDrawList* dl, ImVec2 pos, const std::string& s, ImU32 col, ImU32 bg) {
    const ImVec2 size = ImGui::CalcTextSize(s.c_str());
    dl->AddRectFilled(pos - ImVec2(2, 0), pos + size + ImVec2(2, 0), with_alpha(bg, 0.85f), 2.0f);
    dl->AddText(pos, col, s.c_str());
}

bool Occupancy::take(float a, float b, float gap) {
    for (const auto& s : spans)
        if (a < s.second + gap && b > s.first - gap) return false;
    spans.emplace_back(a, b);
    return true;
}

}  // namespace packfolio::app::chart
