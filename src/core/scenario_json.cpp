#include "core/scenario_json.hpp"

#include "core/json_input.hpp"
#include "core/utf8.hpp"

namespace packfolio {

// A bad value is described, never dumped whole: a long string by its length and first characters, an array
// or object by its size unless it is a few plain values ([75]). Nothing here recurses into the value.
std::string json_value_text(const nlohmann::json& j) {
    constexpr std::size_t max_string_chars = 40, max_shown_bytes = 60, max_shown_items = 8;
    if (j.is_string()) {
        const std::string& s = j.get_ref<const std::string&>();
        const std::size_t chars = utf8_length(s);
        if (chars <= max_string_chars) return dump_json(j);
        return "a string of " + count_text(chars) + " characters: " + dump_json(nlohmann::json(utf8_prefix(s, 20)));
    }
    if (j.is_structured()) {
        bool flat = j.size() <= max_shown_items;
        for (auto it = j.begin(); flat && it != j.end(); ++it)
            flat = it->is_primitive() && !(it->is_string() && it->get_ref<const std::string&>().size() > max_shown_bytes);
        if (flat) {
            const std::string d = dump_json(j);
            if (d.size() <= max_shown_bytes) return d;
        }
        const std::size_t n = j.size();
        return j.is_array() ? "an array of " + count_text(n) + (n == 1 ? " item" : " items")
                            : "an object of " + count_text(n) + (n == 1 ? " key" : " keys");
    }
    return dump_json(j);
}

}  // namespace packfolio
