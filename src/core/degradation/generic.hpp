#pragma once
// Generic power law for Na-ion and user cells (docs/MODEL.md §2.2): q = 1 − a·years^b − c·EFC^d with
//   a(T) = calendar_loss_10y_25c / 10^b · e^(−Ea/R·(1/T − 1/298.15)),  c = 0.2 / cycles_to_80pct^d.
// An assumption, not a fitted model: the UI must say so (fade_warning::generic_assumption).

#include <string>

namespace packfolio {

struct GenericParams {
    double calendar_loss_10y_25c = 0.08;          // assumption: mid of LFP 4–11 % (DATA.md §2)
    double cycles_to_80pct = 5000.0;              // assumption: HiNa 4,500 to 83 % (DATA.md §2) → ~5,000 to 80 %
    double b = 0.5;                               // assumption: √t SEI growth
    double d = 1.0;                               // assumption: linear in throughput
    double activation_energy_j_per_mol = 43.3e3;  // = 5.21e3 K · R, the LFP-Gr 250 Ah calendar term (p2)
};

struct FadeLaw;
struct FadeModel;
// Its equations (fade_law.hpp); the catalogue (catalogue.cpp) names the model.
extern const FadeLaw generic_law;
// The generic model with user parameters; "" error when they are in range, otherwise one line naming the
// parameter, e.g. "generic.cycles_to_80pct = -5: expected 1 to 1e6 EFC". On an error: the default model.
FadeModel make_generic_model(const GenericParams& p, std::string* error = nullptr);

}  // namespace packfolio
