// The host cases of bench_operators_2d, compiled by the C++ compiler in every build, CUDA or not
// (bench_operators_2d.cpp says why).
#define PYRONN_BENCH_HOST_PART 1
#include "bench_operators_2d.cpp"
