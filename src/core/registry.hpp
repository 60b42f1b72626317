#pragma once
// The pack registry (MODEL.md §6): a CSV of individual retired packs, aggregated into the classes the
// logistics network routes (site × chemistry × SoH band × damaged). The core parses text the caller hands
// it (whole, or in chunks as a file is read); it does no I/O.
//
// Format: a header naming the six columns id,chemistry,nominal_kwh,soh,site_id,damaged (any order, any
// case), then one pack per line. Fields may be double-quoted ("" inside quotes is a quote); spaces around
// unquoted fields are ignored; blank lines are skipped; \n or \r\n line ends. Per field:
//   id           non-empty and unique in the file
//   chemistry    one of LFP, NMC811, NMC622, NMC111, NCA, LMO, Na-ion (any case)
//   nominal_kwh  a number, more than 0 and at most 2000 kWh (the scenario's pack.nominal_kwh range)
//   soh          a number from 0 to 1 (a fraction, not a percentage)
//   site_id      non-empty; when site ids are given (the scenario's logistics.sites), one of them
//   damaged      true/false, yes/no or 1/0 (any case); blank is an error, not "no": an unknown
//                condition must not ship with undamaged-pack packaging
// A row with any problem is reported by its line number (the header is line 1) with every reason, and
// the other rows still load. The file must be UTF-8 text (a byte that is not is a file_error naming its
// line and byte), at most registry_max_bytes and registry_max_rows lines. SoH bands as in logistics.hpp: <0.6, 0.6-0.7, 0.7-0.8, >=0.8.
//
// Speed: one pass, hand-rolled field and number parsing, no allocation per good row; a million rows load
// in well under a second natively (tests/bench).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/logistics.hpp"

namespace packfolio {

struct RegistryClassCount {
    std::string site;
    PackClass pack_class;
    std::int64_t packs = 0;
    double mean_nominal_kwh = 0.0;
    double mean_soh = 0.0;
};

struct RegistryIssue {
    std::int64_t line = 0;
    std::string reason;
};

// Limits, refused as file_error at read time: a million rows load in well under a second, and the id
// table stays under ~100 MB at the row limit.
inline constexpr std::size_t registry_max_bytes = std::size_t{256} << 20;  // 256 MiB
inline constexpr std::int64_t registry_max_rows = 2000000;

// Bad rows are all counted; the first registry_listed_issues are listed with their reasons.
inline constexpr std::size_t registry_listed_issues = 1000;

struct RegistrySummary {
    std::string file_error;    // non-empty: the file is not UTF-8 or exceeds a limit; nothing it holds is used
    std::string header_error;  // non-empty: the header is not the six columns, and no row was read
    std::int64_t rows_loaded = 0;
    std::int64_t rows_bad = 0;
    std::vector<RegistryIssue> bad_rows;
    // Sites in the order of the given site ids (else of first appearance), then classes in
    // pack_class_index order; only classes with packs.
    std::vector<RegistryClassCount> classes;
};

class RegistryLoader {
public:
    // known_site_ids: the network's site ids; empty accepts any site id.
    explicit RegistryLoader(const std::vector<std::string>& known_site_ids = {});
    ~RegistryLoader();
    RegistryLoader(RegistryLoader&&) noexcept;
    RegistryLoader& operator=(RegistryLoader&&) noexcept;

    void feed(std::string_view chunk);  // any split, even inside a line; ignored once failed()
    bool failed() const;                // a file_error was found: the caller may stop reading
    RegistrySummary finish();           // the last line may lack its line end

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

RegistrySummary load_registry(std::string_view csv_text, const std::vector<std::string>& known_site_ids = {});

}  // namespace packfolio
