#pragma once
// LMO-Gr Nissan Leaf half-modules in second life (docs/MODEL.md §2.2; BLAST-Lite
// lmo_gr_NissanLeaf66Ah_2ndLife_2020.py; Braco et al. 2020, 2022). q is relative to the start of second life
// (≈ 70 % of new). T in kelvin, t in days:
//   kcal = A·e^(B/T)·e^(C·SOC/T), loss kcal·t^pcal;   cycle loss qcyc_a·EFC^qcyc_p (no stressor dependence).

namespace packfolio {

struct LmoGrNissanLeafParams {
    double qcal_a = 3.25e8, qcal_b = -7.58e3, qcal_c = 162.0, qcal_p = 0.464;
    double qcyc_a = 7.58e-5, qcyc_p = 1.08;
    double start_fraction_of_new = 0.7;  // BLAST-Lite outputs qNew = 0.7·q
};

struct FadeLaw;
// Its equations (fade_law.hpp); the catalogue (catalogue.cpp) names the model.
extern const FadeLaw lmo_gr_nissan_leaf_2ndlife_law;

}  // namespace packfolio
