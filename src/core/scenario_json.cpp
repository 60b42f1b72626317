#include "core/scenario_json.hpp"

namespace packfolio {

std::string json_value_text(const nlohmann::json& j) {
    std::string s = j.dump();
    if (s.size() > 60) s = s.substr(0, 57) + "...";
    return s;
}

}  // namespace packfolio
