// The pack registry (MODEL.md §6): CSV rows aggregated into pack classes per site; broken rows reported by
// line with their reasons while the good rows still load; chunked input; the header's forms.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "core/registry.hpp"
#include "core/scenario_logistics.hpp"

using namespace packfolio;

namespace {

const RegistryClassCount* find_class(const RegistrySummary& s, const std::string& site, PackClass c) {
    for (const RegistryClassCount& x : s.classes)
        if (x.site == site && x.pack_class == c) return &x;
    return nullptr;
}

std::string reason_on(const RegistrySummary& s, std::int64_t line) {
    for (const RegistryIssue& i : s.bad_rows)
        if (i.line == line) return i.reason;
    return "";
}

bool same(const RegistrySummary& a, const RegistrySummary& b) {
    if (a.header_error != b.header_error || a.rows_loaded != b.rows_loaded || a.rows_bad != b.rows_bad ||
        a.bad_rows.size() != b.bad_rows.size() || a.classes.size() != b.classes.size())
        return false;
    for (std::size_t i = 0; i < a.bad_rows.size(); ++i)
        if (a.bad_rows[i].line != b.bad_rows[i].line || a.bad_rows[i].reason != b.bad_rows[i].reason) return false;
    for (std::size_t i = 0; i < a.classes.size(); ++i)
        if (a.classes[i].site != b.classes[i].site || a.classes[i].pack_class != b.classes[i].pack_class ||
            a.classes[i].packs != b.classes[i].packs || a.classes[i].mean_soh != b.classes[i].mean_soh ||
            a.classes[i].mean_nominal_kwh != b.classes[i].mean_nominal_kwh)
            return false;
    return true;
}

const char* good_csv =
    "id,chemistry,nominal_kwh,soh,site_id,damaged\n"
    "P1,NMC811,75,0.72,chicago,false\n"
    "P2,nmc811,82,0.78,chicago,no\n"
    "P3,LFP,60,0.6,chicago,0\n"
    "P4,LFP,60,0.59,detroit,true\n"
    "P5,Na-ion,50,0.8,detroit,YES\n"
    "P6,NMC811,100,0.7,chicago,False\n";

}  // namespace

TEST_CASE("a clean registry aggregates into classes per site", "[registry]") {
    const RegistrySummary s = load_registry(good_csv);
    CHECK(s.header_error.empty());
    CHECK(s.rows_loaded == 6);
    CHECK(s.rows_bad == 0);
    REQUIRE(s.classes.size() == 4);
    // chicago NMC811 0.7-0.8 undamaged: P1 (75, 0.72), P2 (82, 0.78), P6 (100, 0.7 is in 0.7-0.8):
    // mean kWh (75 + 82 + 100)/3 = 85.666..., mean SoH (0.72 + 0.78 + 0.7)/3 = 0.7333...
    const RegistryClassCount* c = find_class(s, "chicago", {Chemistry::nmc811, SohBand::from_70_to_80, false});
    REQUIRE(c);
    CHECK(c->packs == 3);
    CHECK(c->mean_nominal_kwh == Approx(257.0 / 3.0));
    CHECK(c->mean_soh == Approx(2.2 / 3.0));
    // 0.6 opens the 0.6-0.7 band; 0.59 is below it; 0.8 opens >=0.8.
    CHECK(find_class(s, "chicago", {Chemistry::lfp, SohBand::from_60_to_70, false}));
    CHECK(find_class(s, "detroit", {Chemistry::lfp, SohBand::below_60, true}));
    CHECK(find_class(s, "detroit", {Chemistry::na_ion, SohBand::from_80, true}));
    // Sites in the order they first appear, then classes in index order.
    CHECK(s.classes.front().site == "chicago");
    CHECK(s.classes.back().site == "detroit");
}

TEST_CASE("broken rows are reported by line with their reasons, the rest still load", "[registry]") {
    const std::string csv =
        "id,chemistry,nominal_kwh,soh,site_id,damaged\n"  // line 1
        "A1,NMC811,75,0.72,chicago,false\n"               // 2 good
        "A2,NMC81,75,0.72,chicago,false\n"                // 3 unknown chemistry
        "A3,LFP,75,1.2,chicago,false\n"                   // 4 soh out of range
        "A4,LFP,abc,0.7,chicago,false\n"                  // 5 non-numeric kWh
        "A5,LFP,75,0.7,chicago\n"                         // 6 five columns
        "A6,LFP,75,0.7,chicgo,false\n"                    // 7 unknown site (sites given)
        "A7,LFP,75,0.7,detroit,maybe\n"                   // 8 damaged not a flag
        "A1,LFP,75,0.7,detroit,false\n"                   // 9 duplicate id
        "\n"                                              // 10 blank: skipped
        "A8,LFP,0,85,detroit,true\n"                      // 11 kWh 0 and a percentage SoH
        "\"A9,x\",LFP,75,0.7,detroit,true\n"              // 12 good (quoted id with a comma)
        "\"A10,LFP,75,0.7,detroit,true\n"                 // 13 unterminated quote
        ",LFP,75,0.7,detroit,true\n"                      // 14 empty id
        "A11,LFP,75,0.7,detroit,true";                    // 15 good, no final line end
    const RegistrySummary s = load_registry(csv, {"chicago", "detroit"});
    CHECK(s.header_error.empty());
    CHECK(s.rows_loaded == 3);
    CHECK(s.rows_bad == 10);
    CHECK(s.bad_rows.size() == 10);
    CHECK(reason_on(s, 3).find("unknown chemistry \"NMC81\" (did you mean \"NMC811\"?)") != std::string::npos);
    CHECK(reason_on(s, 4).find("soh 1.2 is out of range: expected 0 to 1") != std::string::npos);
    CHECK(reason_on(s, 5) == "nominal_kwh \"abc\" is not a number");
    CHECK(reason_on(s, 6) == "expected 6 columns, found 5");
    CHECK(reason_on(s, 7) == "unknown site id \"chicgo\" (did you mean \"chicago\"?)");
    CHECK(reason_on(s, 8).find("damaged \"maybe\"") != std::string::npos);
    CHECK(reason_on(s, 9) == "duplicate id \"A1\" (first on line 2)");
    // Every reason of a row, not just the first.
    CHECK(reason_on(s, 11).find("nominal_kwh 0 is out of range") != std::string::npos);
    CHECK(reason_on(s, 11).find("soh 85 is out of range: expected 0 to 1 (a fraction, not a percentage)") !=
          std::string::npos);
    CHECK(reason_on(s, 13) == "unterminated quote");
    CHECK(reason_on(s, 14) == "id is empty");
    CHECK(reason_on(s, 12).empty());
    const RegistryClassCount* d = find_class(s, "detroit", {Chemistry::lfp, SohBand::from_70_to_80, true});
    REQUIRE(d);
    CHECK(d->packs == 2);  // A9,x and A11
    // The known sites are listed in their given order even when one has no pack.
    CHECK(s.classes.front().site == "chicago");
}

TEST_CASE("the header may reorder columns, change case, carry a BOM and CRLF line ends", "[registry]") {
    const std::string csv =
        "\xEF\xBB\xBFSite_ID, DAMAGED ,soh,Nominal_kWh,Chemistry,ID\r\n"
        "depot,true,0.81,64.5,NCA,X1\r\n"
        "depot,false,0.65,64.5,NCA,X2\r\n";
    const RegistrySummary s = load_registry(csv);
    CHECK(s.header_error.empty());
    CHECK(s.rows_loaded == 2);
    CHECK(find_class(s, "depot", {Chemistry::nca, SohBand::from_80, true}));
    CHECK(find_class(s, "depot", {Chemistry::nca, SohBand::from_60_to_70, false}));

    const RegistrySummary bad = load_registry("id,chem,nominal_kwh,soh,site_id,damaged\nP1,LFP,75,0.7,x,false\n");
    CHECK(bad.header_error.find("unknown column \"chem\"") != std::string::npos);
    CHECK(bad.rows_loaded == 0);
    const RegistrySummary short_header = load_registry("id,chemistry,soh\n");
    CHECK(short_header.header_error.find("found 3 columns") != std::string::npos);
    CHECK(load_registry("").header_error.find("empty") != std::string::npos);
    CHECK(load_registry("\n\n").header_error.find("empty") != std::string::npos);
}

TEST_CASE("chunked input gives the same summary wherever the chunks split", "[registry]") {
    const std::string csv = std::string(good_csv) + "Q1,LMO,24,0.5,depot,true\r\nQ2,NMC622,\"75\",0.9,depot,1\nbroken\n";
    const RegistrySummary whole = load_registry(csv);
    CHECK(whole.rows_loaded == 8);
    CHECK(whole.rows_bad == 1);
    for (std::size_t a = 0; a <= csv.size(); ++a) {
        for (std::size_t b = a; b <= csv.size(); b += 7) {
            RegistryLoader loader;
            loader.feed(std::string_view(csv).substr(0, a));
            loader.feed(std::string_view(csv).substr(a, b - a));
            loader.feed(std::string_view(csv).substr(b));
            INFO("split at " << a << " and " << b);
            CHECK(same(loader.finish(), whole));
        }
    }
}

TEST_CASE("numbers parse exactly at the SoH band edges", "[registry]") {
    const RegistrySummary s = load_registry(
        "id,chemistry,nominal_kwh,soh,site_id,damaged\n"
        "a,LFP,75,0.7,x,false\n"
        "b,LFP,7.5e1,7e-1,x,false\n"
        "c,LFP,75.000,0.69999999999999999999,x,false\n"  // more digits than the fast path: strtod
        "d,LFP,+75,.7,x,false\n"
        "e,LFP,75,0.6999999,x,false\n"
        "f,LFP,1e400,0.7,x,false\n"
        "g,LFP,75,nan,x,false\n"
        "h,LFP,0x10,0.7,x,false\n");
    // a-d are all 0.7 exactly, the lower edge of 0.7-0.8; e is below it.
    const RegistryClassCount* upper = find_class(s, "x", {Chemistry::lfp, SohBand::from_70_to_80, false});
    REQUIRE(upper);
    CHECK(upper->packs == 4);
    CHECK(upper->mean_soh == Approx(0.7));
    CHECK(upper->mean_nominal_kwh == 75.0);
    const RegistryClassCount* lower = find_class(s, "x", {Chemistry::lfp, SohBand::from_60_to_70, false});
    REQUIRE(lower);
    CHECK(lower->packs == 1);
    CHECK(s.rows_bad == 3);
    CHECK(reason_on(s, 7) == "nominal_kwh \"1e400\" is not a number");
    CHECK(reason_on(s, 8) == "soh \"nan\" is not a number");
    CHECK(reason_on(s, 9) == "nominal_kwh \"0x10\" is not a number");
}

TEST_CASE("many rows: counts add up and the list of bad rows is capped", "[registry]") {
    std::string csv = "id,chemistry,nominal_kwh,soh,site_id,damaged\n";
    const char* chems[] = {"LFP", "NMC811", "NCA"};
    std::int64_t expected_bad = 0;
    for (int i = 0; i < 30000; ++i) {
        const bool broken = i % 20 == 7;
        expected_bad += broken;
        csv += "P" + std::to_string(i) + "," + chems[i % 3] + ",70," + (broken ? "1.5" : (i % 2 ? "0.75" : "0.55")) +
               ",site" + std::to_string(i % 11) + "," + (i % 5 == 0 ? "true" : "false") + "\n";
    }
    const RegistrySummary s = load_registry(csv);
    CHECK(s.rows_bad == expected_bad);  // 1500
    CHECK(s.rows_loaded == 30000 - expected_bad);
    CHECK(s.bad_rows.size() == registry_listed_issues);
    CHECK(s.bad_rows.front().line == 9);  // row i = 7 is on line 9
    std::int64_t total = 0;
    for (const RegistryClassCount& c : s.classes) total += c.packs;
    CHECK(total == s.rows_loaded);

    const nlohmann::json j = registry_summary_json(s);
    CHECK(j["rows_loaded"] == s.rows_loaded);
    CHECK(j["bad_rows"].size() == registry_listed_issues);
    CHECK(j["header_error"].is_null());
    CHECK(j["classes"][0].contains("soh_band"));
}
