// The app's state without a window (src/app/app_state.hpp): start-up from a share link, ?preset= or the
// autosave; the share link of every preset round-trips through the state with odd characters in its texts;
// links from earlier builds still open; a bad autosave is refused and cleared; edits, preset switches and
// resets are undone step by step, with the "modified" flag following the scenario. No window, no ImGui.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "app/app_state.hpp"
#include "app/share_link.hpp"
#include "core/scenario.hpp"
#include "odd_texts.hpp"
#include "preset_file.hpp"

using namespace packfolio;
using namespace packfolio::app;

namespace {

// The presets as the app embeds them: every presets/*.json, read once.
const std::vector<EmbeddedPreset>& presets() {
    static const std::vector<std::string> ids = test::preset_ids();
    static const std::vector<std::string> texts = [] {
        std::vector<std::string> out;
        for (const std::string& id : ids) {
            std::ifstream file(std::string(PACKFOLIO_SOURCE_DIR) + "/presets/" + id + ".json");
            std::stringstream text;
            text << file.rdbuf();
            out.push_back(text.str());
        }
        return out;
    }();
    static const std::vector<EmbeddedPreset> list = [] {
        std::vector<EmbeddedPreset> out;
        for (std::size_t i = 0; i < ids.size(); ++i) out.push_back({ids[i].c_str(), texts[i].c_str()});
        return out;
    }();
    return list;
}

std::string error_list(const std::vector<FieldError>& errors) {
    std::string s;
    for (const FieldError& e : errors) s += format_error(e) + "\n";
    return s;
}

// An edit as a panel makes it: change the scenario in place, then commit against the scenario before.
template <class F>
void edit(AppState& state, F&& change) {
    Scenario before = state.scenario();
    change(state.scenario_for_edit());
    state.commit_edit(std::move(before));
}

double nominal_kwh(const AppState& state) { return state.scenario().lifecycle.pack.nominal_kwh.value; }

const char* const autosave_banner = "The autosaved scenario could not be restored and was cleared; nothing was changed";
const char* const link_banner = "This link could not be loaded; nothing was changed";

}  // namespace

TEST_CASE("app state: starts on the default preset, unmodified, with nothing to undo", "[app_state]") {
    AppState state(presets());
    const StartReport report = state.start({});
    CHECK_FALSE(report.link_refused);
    CHECK_FALSE(report.autosave_refused);
    CHECK(state.preset_id() == default_preset);
    CHECK_FALSE(state.modified());
    CHECK_FALSE(state.can_undo());
    CHECK_FALSE(state.link_problem());
    CHECK(state.share_state() == "v1&preset=" + std::string(default_preset) + "&tab=lifecycle");
    CHECK(state.autosave_text() == state.share_state());
    const StateChanges changes = state.take_changes();
    CHECK(changes.scenario);
    CHECK(changes.shown);
    CHECK_FALSE(state.take_changes().shown);  // taken once
}

TEST_CASE("app state: every preset's share link round-trips through the state with odd characters", "[app_state]") {
    for (const EmbeddedPreset& p : presets()) {
        for (const std::string& text : test::odd_texts) {
            AppState a(presets());
            a.start({"", p.id, "", Tab::compare});
            edit(a, [&](Scenario& s) {
                s.meta.title = text;
                s.meta.story = "Story: " + text + " & more = 50% #1";
                s.lifecycle.pack.nominal_kwh.value = 61.5;
            });
            REQUIRE(a.modified());
            const std::string link = a.share_state();
            INFO(p.id << ", text " << text << ": " << link);

            AppState b(presets());
            const StartReport report = b.start({"#" + link, "", "", Tab::lifecycle});  // location.hash as the page passes it
            INFO((b.link_problem() ? error_list(b.link_problem()->errors) : std::string()));
            REQUIRE_FALSE(report.link_refused);
            CHECK(b.preset_id() == p.id);
            CHECK(b.tab() == Tab::compare);
            CHECK(b.scenario().meta.title == text);
            CHECK(scenario_diff(b.scenario(), a.scenario()).empty());
            CHECK(b.modified());
            CHECK(b.share_state() == link);
            // Bit for bit the same results as the scenario it was made from.
            CHECK(b.results().lifecycle.routes.front().npv_usd == a.results().lifecycle.routes.front().npv_usd);
        }
    }
}

TEST_CASE("app state: links written by earlier builds still open", "[app_state]") {
    SECTION("the first builds' links: keys as they are, values percent-encoded, the same v1 text") {
        // Written by the app before share links had a module of their own (the encoder kept [A-Za-z0-9-_.~[]]).
        AppState state(presets());
        const StartReport report =
            state.start({"#v1&preset=baas-fleet&tab=portfolio&pack.nominal_kwh=61.5&meta.title=R%26D%20%28draft%29", "", "", Tab::lifecycle});
        REQUIRE_FALSE(report.link_refused);
        CHECK(state.preset_id() == "baas-fleet");
        CHECK(state.tab() == Tab::portfolio);
        CHECK(nominal_kwh(state) == 61.5);
        CHECK(state.scenario().meta.title == "R&D (draft)");
        // Written again, it is the same link up to the order of its fields.
        const ShareState again = decode_share_state(state.share_state());
        REQUIRE(again.ok());
        CHECK(again.changes.size() == 2);
    }
    SECTION("the shortest v1 link names neither preset nor tab: the default preset, the tab asked for") {
        AppState state(presets());
        REQUIRE_FALSE(state.start({"v1&pack.nominal_kwh=60", "", "", Tab::logistics}).link_refused);
        CHECK(state.preset_id() == default_preset);
        CHECK(state.tab() == Tab::logistics);
        CHECK(nominal_kwh(state) == 60.0);
    }
    SECTION("a link of another version, or of a preset this build does not ship, is refused and changes nothing") {
        for (const std::string link : {"#v2&preset=baas-fleet", "#v0&pack.nominal_kwh=60", "#v1&preset=retired-preset-2024"}) {
            AppState state(presets());
            const StartReport report = state.start({link, "", "", Tab::lifecycle});
            INFO(link);
            CHECK(report.link_refused);
            REQUIRE(state.link_problem());
            CHECK(state.link_problem()->title == link_banner);
            CHECK(state.link_problem()->text == link);
            CHECK_FALSE(state.link_problem()->errors.empty());
            CHECK(state.preset_id() == default_preset);
            CHECK_FALSE(state.modified());
        }
    }
}

TEST_CASE("app state: the autosave restores the scenario, and a bad one is refused and cleared", "[app_state]") {
    AppState first(presets());
    first.start({"", "gm-redwood-second-life", "", Tab::lifecycle});
    edit(first, [](Scenario& s) { s.lifecycle.pack.nominal_kwh.value = 77.0; });
    first.select_tab(Tab::sources);
    const std::string saved = first.autosave_text();

    SECTION("restored") {
        AppState state(presets());
        const StartReport report = state.start({"", "", saved, Tab::lifecycle});
        CHECK_FALSE(report.autosave_refused);
        CHECK_FALSE(state.link_problem());
        CHECK(state.preset_id() == "gm-redwood-second-life");
        CHECK(state.tab() == Tab::sources);
        CHECK(nominal_kwh(state) == 77.0);
        CHECK(scenario_diff(state.scenario(), first.scenario()).empty());
    }
    SECTION("a share link and ?preset= come before the autosave") {
        AppState linked(presets());
        linked.start({"#v1&preset=baas-fleet", "", saved, Tab::lifecycle});
        CHECK(linked.preset_id() == "baas-fleet");
        AppState named(presets());
        named.start({"", "lithium-rebound-2026", saved, Tab::lifecycle});
        CHECK(named.preset_id() == "lithium-rebound-2026");
    }
    SECTION("refused: out of range, not a link at all, or not UTF-8") {
        for (const std::string bad : {"v1&pack.nominal_kwh=-5", "{\"schema\": \"packfolio/1\"}", "v1&meta.title=%FF"}) {
            AppState state(presets());
            const StartReport report = state.start({"", "", bad, Tab::lifecycle});
            INFO(bad);
            CHECK(report.autosave_refused);  // the platform clears it
            CHECK_FALSE(report.link_refused);
            REQUIRE(state.link_problem());
            CHECK(state.link_problem()->title == autosave_banner);
            CHECK(state.link_problem()->text == bad);
            CHECK(state.preset_id() == default_preset);
            CHECK_FALSE(state.modified());
            // What is saved next is the default preset's state, which restores.
            AppState next(presets());
            CHECK_FALSE(next.start({"", "", state.autosave_text(), Tab::lifecycle}).autosave_refused);
        }
    }
    SECTION("a bad link and a bad autosave: the link's banner, and the autosave still cleared") {
        AppState state(presets());
        const StartReport report = state.start({"#v1&pack.nominal_kwh=oops", "", "v1&pack.nominal_kwh=-5", Tab::lifecycle});
        CHECK(report.link_refused);
        CHECK(report.autosave_refused);
        REQUIRE(state.link_problem());
        CHECK(state.link_problem()->title == link_banner);
        state.dismiss_link_problem();
        CHECK_FALSE(state.link_problem());
        CHECK(state.take_changes().shown);  // the mirror drops the banner
    }
}

TEST_CASE("app state: a preset switch after edits is undone, and undo brings the edits back", "[app_state]") {
    AppState state(presets());
    state.start({});
    const double preset_kwh = nominal_kwh(state);
    const std::uint64_t v0 = state.version();

    edit(state, [](Scenario& s) { s.lifecycle.pack.nominal_kwh.value = 61.5; });
    CHECK(state.modified());
    CHECK(state.version() == v0 + 1);
    edit(state, [](Scenario& s) { s.meta.title = "My fleet"; });
    const std::string edited_link = state.share_state();

    REQUIRE(state.load_preset("baas-fleet"));
    CHECK(state.preset_id() == "baas-fleet");
    CHECK_FALSE(state.modified());
    CHECK(state.can_undo());

    REQUIRE(state.undo());  // the switch
    CHECK(state.preset_id() == default_preset);
    CHECK(state.modified());
    CHECK(nominal_kwh(state) == 61.5);
    CHECK(state.scenario().meta.title == "My fleet");
    CHECK(state.share_state() == edited_link);
    CHECK(state.take_changes().scenario);

    REQUIRE(state.undo());  // the title
    CHECK(state.scenario().meta.title != "My fleet");
    REQUIRE(state.undo());  // the size
    CHECK(nominal_kwh(state) == preset_kwh);
    CHECK_FALSE(state.modified());
    CHECK_FALSE(state.undo());  // start-up is not undone
}

TEST_CASE("app state: a link opened in the running page applies in place, is undone, and a bad one changes nothing", "[app_state]") {
    AppState state(presets());
    state.start({});
    edit(state, [](Scenario& s) { s.lifecycle.pack.nominal_kwh.value = 61.5; });
    const std::string edited = state.share_state();
    const std::uint64_t v0 = state.version();

    CHECK(state.open_link("#" + edited));  // the page's own hash: nothing to do
    CHECK(state.version() == v0);

    REQUIRE(state.open_link("#v1&preset=baas-fleet&tab=portfolio"));
    CHECK(state.preset_id() == "baas-fleet");
    CHECK(state.tab() == Tab::portfolio);
    CHECK_FALSE(state.modified());
    CHECK_FALSE(state.link_problem());
    REQUIRE(state.undo());  // the scenario and preset come back (undo keeps the open tab, as everywhere)
    CHECK(state.preset_id() == default_preset);
    CHECK(nominal_kwh(state) == 61.5);

    const std::string before = state.share_state();
    CHECK_FALSE(state.open_link("v1&preset=no-such-preset"));
    CHECK(state.share_state() == before);
    REQUIRE(state.link_problem());
    CHECK(state.link_problem()->text == "v1&preset=no-such-preset");
    CHECK(error_list(state.link_problem()->errors).find("no-such-preset") != std::string::npos);

    REQUIRE(state.open_link("#v1&preset=baas-fleet"));  // a good link clears the banner
    CHECK_FALSE(state.link_problem());
}

TEST_CASE("app state: a refused edit changes nothing; a reset restores a group and is undone", "[app_state]") {
    AppState state(presets());
    state.start({});
    const Scenario preset = state.scenario();
    state.take_changes();

    // The second life cannot end above the SoH the first life retires at (a cross-field check).
    edit(state, [](Scenario& s) {
        s.lifecycle.first_life.end_by = FirstLifeEnd::retirement_soh;
        s.lifecycle.second_life.floor_soh.value = 0.9;
    });
    CHECK(state.notice().rfind("Refused: second_life.floor_soh", 0) == 0);
    CHECK(scenario_diff(state.scenario(), preset).empty());
    CHECK_FALSE(state.can_undo());
    CHECK_FALSE(state.take_changes().scenario);

    edit(state, [](Scenario& s) {
        s.lifecycle.pack.nominal_kwh.value = 90.0;
        s.lifecycle.market.discount_rate.value = 0.11;
    });
    CHECK(scenario_diff(preset, state.scenario()).size() == 2);
    state.reset_group("pack", state.scenario());
    CHECK(nominal_kwh(state) == preset.lifecycle.pack.nominal_kwh.value);
    CHECK(state.scenario().lifecycle.market.discount_rate.value == 0.11);  // another group: kept
    REQUIRE(state.undo());
    CHECK(nominal_kwh(state) == 90.0);
}

TEST_CASE("app state: an import is all or nothing, and undone", "[app_state]") {
    AppState state(presets());
    state.start({});
    state.import_scenario("{\"schema\": \"packfolio/1\", \"pack\": {\"nominal_kwh\": -1}}", "bad.json");
    CHECK(state.import_file() == "bad.json");
    CHECK_FALSE(state.import_errors().empty());
    CHECK_FALSE(state.modified());
    CHECK_FALSE(state.can_undo());

    Scenario imported = state.scenario();
    imported.meta.title = "Imported fleet";
    imported.lifecycle.pack.nominal_kwh.value = 55.0;
    state.import_scenario(scenario_to_json(imported), "fleet.json");
    CHECK(state.import_errors().empty());
    CHECK(state.notice() == "Imported fleet.json");
    CHECK(state.scenario().meta.title == "Imported fleet");
    CHECK(state.modified());
    REQUIRE(state.undo());
    CHECK_FALSE(state.modified());
}

TEST_CASE("app state: the hub search runs in slices and gives the result of a whole solve", "[app_state]") {
    AppState state(presets());
    state.start({"", "centralised-vs-decentralised", "", Tab::logistics});
    REQUIRE(state.scenario().logistics);
    CHECK_FALSE(state.results().logistics);  // deferred to the search
    REQUIRE(state.hub_search_progress());
    int frames = 0;
    while (!state.step_hub_search(FrameBudget(std::chrono::milliseconds(1)))) REQUIRE(++frames < 100000);
    CHECK_FALSE(state.hub_search_progress());
    REQUIRE(state.results().logistics);
    const Results whole = evaluate(state.scenario());
    REQUIRE(whole.logistics);
    CHECK(state.results().logistics->result.net_value_usd == whole.logistics->result.net_value_usd);
    CHECK(state.results().logistics->result.open_hubs == whole.logistics->result.open_hubs);
}
