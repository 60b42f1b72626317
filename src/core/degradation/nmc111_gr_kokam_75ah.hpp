#pragma once
// NMC111-Gr Kokam 75 Ah pouch (docs/MODEL.md §2.2; BLAST-Lite nmc111_gr_Kokam75Ah_2017.py). T in kelvin, t in
// days, TN = T/308.15, UaN = Ua/0.123:
//   LLI_t = q1·t^q2,     q1 = q1_0·e^(q1_1/TN)·e^(q1_2·UaN/TN)
//   LLI_EFC = q3·EFC^q4, q3 = q3_0·e^(q3_1/TN)·e^(q3_2·e^(DoD²))
//   LAM = 2·y_inf·(1/2 − 1/(1 + e^((EFC/q5)^p_lam))) = tanh((EFC/q5)^p_lam / 2),  y_inf = 1,
//         q5 = q5_0 + q5_1·(T_C − 55)·DoD·(mean SOC / 0.6)
//   q = min(1 − LLI_t − LLI_EFC, lam_capacity − LAM)

namespace packfolio {

struct Nmc111GrKokam75AhParams {
    double q1_0 = 2.66e7, q1_1 = -17.8, q1_2 = -5.21, q2 = 0.357;
    double q3_0 = 3.80e3, q3_1 = -18.4, q3_2 = 1.04, q4 = 0.778;
    double q5_0 = 1e4, q5_1 = 153.0, p_lam = 10.0;
    double t_ref_k = 308.15;     // temperature normalisation (35 °C)
    double ua_ref_v = 0.123;     // anode-potential normalisation (Ua at 50 % SOC)
    double lam_initial = 1e-8;   // BLAST-Lite starts the LAM state at 1e-8, not 0 (its sigmoid update needs y0 > 0)
    double lam_capacity = 1.01;  // q_LAM = 1.01 − LAM
    double q5_min = 100.0;       // guard: q5 can turn ≤ 0 far outside the data (cold, full DoD); clamp + warn
    // Reproduce BLAST-Lite's one-Euler-step-per-repetition lag of the LAM sigmoid in closed form (see
    // sigmoid_advance in loss_terms.cpp): at the knee the exact curve is up to 0.012 ahead of BLAST-Lite.
    bool lam_match_blast_stepping = true;
};

struct FadeLaw;
// Its equations (fade_law.hpp); the catalogue (catalogue.cpp) names the model.
extern const FadeLaw nmc111_gr_kokam_75ah_law;

}  // namespace packfolio
