#pragma once
// NCA-Gr Panasonic 18650B 3 Ah (docs/MODEL.md §2.2; BLAST-Lite nca_gr_Panasonic3Ah_2018.py; calendar: Keil et al.
// 2016, cycling: Preger et al. 2020). T in kelvin, t in days:
//   kcal = A·e^(B/T)·e^(C·SOC/T), loss kcal·t^pcal
//   kcyc = (A + B·Crate + C·DoD)·(e^(D/T) + e^(−E/T)), loss kcyc·EFC^pcyc

namespace packfolio {

struct NcaGrPanasonic3AhParams {
    double qcal_a = 75.4, qcal_b = -3.34e3, qcal_c = 353.0, qcal_p = 0.512;
    double qcyc_a = 1.86e-6, qcyc_b = 4.74e-11, qcyc_c = 1.77e-4, qcyc_d = 3.34e-11, qcyc_e = 2.81e-9, qcyc_p = 0.699;
};

struct FadeLaw;
// Its equations (fade_law.hpp); the catalogue (catalogue.cpp) names the model.
extern const FadeLaw nca_gr_panasonic_3ah_law;

}  // namespace packfolio
