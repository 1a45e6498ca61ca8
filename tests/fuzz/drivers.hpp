#pragma once
// The drivers fuzz_main.cpp dispatches to; each decodes its own parameters from the input.

#include "fuzz_input.hpp"

namespace pyronn_fuzz {

void fuzz_2d(FuzzInput& in);       // fuzz_2d.cpp: parallel/fan geometries, Projector2D, FBP2D, fan weights, solvers
void fuzz_3d(FuzzInput& in);       // fuzz_3d.cpp: parallel/cone geometries, Projector3D, FBP3D, cone weights
void fuzz_filters(FuzzInput& in);  // fuzz_filters.cpp: filter taps and responses, weight operators of any shape

}  // namespace pyronn_fuzz
