#pragma once
// How the host driver's hot loops get SIMD without asking the user for -march flags.
//
// The loops (kernels/*_rows.hpp) run a block of neighbouring pixels through lane-generic bodies
// (kernels/linear_lanes.hpp) in one of two forms, chosen at run time from the CPU:
//   - blocks of 8 lanes as GCC vector extensions (float_block), compiled for AVX2 by
//     `__attribute__((target("avx2")))`, when the CPU has AVX2;
//   - a plain loop over the block's pixels otherwise (and wherever vector extensions are not
//     used: MSVC, host code compiled by nvcc, non-x86-64 targets, PYRONN_NO_HOST_SIMD).
// Measured on a 2-core Xeon (docs/performance.md): 8-lane blocks compiled for SSE2 (two registers
// per block) ran twice as slow as the plain loop, because GCC lowers selects on vectors wider than
// the target's registers lane by lane; so the baseline target gets the plain loop.
//
// Only AVX2 is targeted, not AVX-512 or "arch=native": those also enable FMA, and contracting a
// multiply and an add changes the last bits, so the numbers would depend on the machine. AVX2
// without FMA computes every lane with the same operations as the plain loop, so both forms give
// bitwise the same results. A build that enables FMA itself (-march=native) may differ from a
// portable build in the last bits, as it did before.

#include <cstddef>

#if defined(__GNUC__) && !defined(__CUDACC__) && defined(__x86_64__) && !defined(PYRONN_NO_HOST_SIMD)
#define PYRONN_HOST_SIMD 1
#else
#define PYRONN_HOST_SIMD 0
#endif

// Code that passes blocks between inlined functions sits between these: GCC warns (-Wpsabi) that
// vectors wider than the baseline's registers change the calling convention, which never applies
// to functions that are all inlined.
#if PYRONN_HOST_SIMD
#define PYRONN_SIMD_CODE_BEGIN _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wpsabi\"")
#define PYRONN_SIMD_CODE_END _Pragma("GCC diagnostic pop")
#define PYRONN_TARGET_AVX2 __attribute__((target("avx2")))
// Before a short loop of known trip count meant to become vector code: kept a loop, since GCC
// unrolls it completely first otherwise and then vectorises the copies only sometimes.
#define PYRONN_VECTORISE_LOOP _Pragma("GCC unroll 1")
#else
#define PYRONN_VECTORISE_LOOP
#define PYRONN_SIMD_CODE_BEGIN
#define PYRONN_SIMD_CODE_END
#define PYRONN_TARGET_AVX2
#endif

namespace pyronn {
namespace host {

// Pixels (or rays) a row loop treats as one block: one AVX2 register of floats.
constexpr int simd_block = 8;

// n rounded up to whole blocks: the length of a row buffer that a row loop may fill block by block.
constexpr std::size_t simd_padded(std::size_t n) { return (n + simd_block - 1) / simd_block * simd_block; }

#if PYRONN_HOST_SIMD
// One block of floats or int32s as one value; each lane gets the operations a scalar float would.
typedef float float_block __attribute__((vector_size(4 * simd_block)));
typedef int int_block __attribute__((vector_size(4 * simd_block)));

// Whether the AVX2 form may run here: the CPU has it (asked once).
inline bool use_avx2() {
#if defined(__AVX2__)
  return true;
#else
  static const bool has = __builtin_cpu_supports("avx2");
  return has;
#endif
}
#else
inline bool use_avx2() { return false; }
#endif

}  // namespace host
}  // namespace pyronn
