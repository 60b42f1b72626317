// Pack registries as `packfolio registry FILE.csv [--scenario S]` reads them: bytes → RegistryLoader →
// summary → JSON. Checked: the counts add up, every mean is finite and in its column's range, the JSON
// printed is valid, restricting site ids only rejects rows, and reading in chunks (the CLI reads 1 MiB at a
// time) gives the same summary as reading the text whole.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/registry.hpp"
#include "core/scenario_logistics.hpp"
#include "invariants.hpp"

namespace {

using packfolio::fuzz::require;

// Texts from valid UTF-8 input are valid UTF-8 (invariants.hpp); the JSON dump checks the rest.
void require_consistent(const packfolio::RegistrySummary& s, const std::vector<std::string>& sites, bool utf8) {
    using namespace packfolio;
    if (!s.header_error.empty()) {
        require(!utf8 || packfolio::fuzz::valid_utf8(s.header_error), "header_error is not valid UTF-8");
        require(s.rows_loaded == 0 && s.rows_bad == 0 && s.classes.empty(), "rows read after a bad header");
    }
    require(s.rows_loaded >= 0 && s.rows_bad >= 0, "a negative row count");
    const std::size_t listed = s.rows_bad < static_cast<std::int64_t>(registry_listed_issues)
                                   ? static_cast<std::size_t>(s.rows_bad)
                                   : registry_listed_issues;
    require(s.bad_rows.size() == listed, "bad_rows lists " + std::to_string(s.bad_rows.size()) + " of " +
                                             std::to_string(s.rows_bad) + " bad rows");
    std::int64_t previous_line = 1;  // the header
    for (const RegistryIssue& i : s.bad_rows) {
        require(i.line > previous_line, "bad rows out of line order");
        previous_line = i.line;
        require(!i.reason.empty(), "a bad row without a reason");
        require(!utf8 || packfolio::fuzz::valid_utf8(i.reason), "a bad row's reason is not valid UTF-8: " + i.reason);
        require(i.reason.find_first_of("\n\r") == std::string::npos, "a bad row's reason spans lines: " + i.reason);
    }
    std::int64_t packs = 0;
    for (const RegistryClassCount& c : s.classes) {
        require(c.packs > 0, "a class without packs");
        require(std::isfinite(c.mean_nominal_kwh) && c.mean_nominal_kwh >= 0.0 && c.mean_nominal_kwh <= 2000.0,
                "mean_nominal_kwh " + number_text(c.mean_nominal_kwh) + " outside 0 to 2000 kWh");
        require(std::isfinite(c.mean_soh) && c.mean_soh >= 0.0 && c.mean_soh <= 1.0,
                "mean_soh " + number_text(c.mean_soh) + " outside 0 to 1");
        bool known = sites.empty();
        for (const std::string& id : sites) known |= id == c.site;
        require(known, "a class at a site that is not in the site ids");
        packs += c.packs;
    }
    require(packs == s.rows_loaded, "classes hold " + std::to_string(packs) + " packs, rows_loaded is " +
                                        std::to_string(s.rows_loaded));
    const nlohmann::json doc = registry_summary_json(s);
    packfolio::fuzz::require_finite(doc, "registry");
    packfolio::fuzz::require_json_text(doc.dump(2), "registry_summary_json");  // as `packfolio registry` prints it
}

bool same(const packfolio::RegistrySummary& a, const packfolio::RegistrySummary& b) {
    if (a.header_error != b.header_error || a.rows_loaded != b.rows_loaded || a.rows_bad != b.rows_bad ||
        a.bad_rows.size() != b.bad_rows.size() || a.classes.size() != b.classes.size())
        return false;
    for (std::size_t i = 0; i < a.bad_rows.size(); ++i)
        if (a.bad_rows[i].line != b.bad_rows[i].line || a.bad_rows[i].reason != b.bad_rows[i].reason) return false;
    for (std::size_t i = 0; i < a.classes.size(); ++i)
        if (a.classes[i].site != b.classes[i].site || !(a.classes[i].pack_class == b.classes[i].pack_class) ||
            a.classes[i].packs != b.classes[i].packs || a.classes[i].mean_soh != b.classes[i].mean_soh ||
            a.classes[i].mean_nominal_kwh != b.classes[i].mean_nominal_kwh)
            return false;
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace packfolio;
    const std::string_view csv(reinterpret_cast<const char*>(data), size);
    const bool utf8 = fuzz::valid_utf8(std::string(csv));
    if (fuzz::skipped(std::string(csv))) return 0;
    const RegistrySummary whole = load_registry(csv);
    require_consistent(whole, {}, utf8);

    // The site ids of a scenario's logistics.sites (`--scenario`): the same rows, fewer of them loaded.
    const std::vector<std::string> sites = {"chicago", "detroit", "Zürich"};
    const RegistrySummary restricted = load_registry(csv, sites);
    require_consistent(restricted, sites, utf8);
    require(restricted.rows_loaded <= whole.rows_loaded, "restricting site ids loaded more rows");
    require(restricted.rows_loaded + restricted.rows_bad == whole.rows_loaded + whole.rows_bad,
            "restricting site ids changed the number of rows");

    // Chunks of 1 to 64 bytes, split anywhere (inside a line, a quote, a UTF-8 character, a \r\n).
    const std::size_t chunk = size == 0 ? 1 : 1 + data[size - 1] % 64;
    RegistryLoader loader;
    for (std::size_t at = 0; at < size; at += chunk) loader.feed(csv.substr(at, chunk));
    require(same(loader.finish(), whole), "reading in chunks of " + std::to_string(chunk) + " bytes gave another summary");
    return 0;
}
