#pragma once
// LFP-Gr 250 Ah prismatic (docs/MODEL.md §2.2; BLAST-Lite lfp_gr_250AhPrismatic_2019.py; data: Gasper et al.,
// J. Energy Storage 73 (2023) 109042). T in kelvin, t in days:
//   q = 1 − kcal·t^pcal − kcyc·EFC^pcyc,  kcal = |p1|·e^(p2/T)·e^(p3·Ua/T),
//   kcyc = (p4 + p5·DoD + p6·Crate)·(e^(p7/T) + e^(−p8/T)).

namespace packfolio {

struct LfpGr250AhParams {
    double p1 = 8.37e4, p2 = -5.21e3, p3 = -3.56e3, pcal = 0.526;
    double p4 = 4.38e-8, p5 = 1.55e-8, p6 = 1.68e-7, p7 = 2.19e3, p8 = 1.55e5, pcyc = 0.828;
};

struct FadeLaw;
// Its equations (fade_law.hpp); the catalogue (catalogue.cpp) names the model.
extern const FadeLaw lfp_gr_250ah_law;

}  // namespace packfolio
