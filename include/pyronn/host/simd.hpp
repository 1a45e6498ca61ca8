#pragma once
// How the host driver's hot loops get SIMD without asking the user for -march flags.
//
// The loops (kernels/*_rows.hpp) run a block of neighbouring pixels through lane-generic bodies
// (kernels/linear_lanes.hpp) in one of three forms (SimdForm), chosen at run time from the CPU:
//   - blocks of 8 lanes as GCC vector extensions (float_block), compiled for AVX-512 (F, VL, BW,
//     DQ) on 256-bit registers, when the CPU has it and the compiler is GCC: twice the registers
//     (no spills in the Joseph loops), two-table permutations in one instruction, mask registers;
//   - the same blocks compiled for AVX2 when the CPU has AVX2;
//   - a plain loop over the block's pixels otherwise (and wherever vector extensions are not
//     used: MSVC, host code compiled by nvcc, non-x86-64 targets, PYRONN_NO_HOST_SIMD).
// Measured on a 2-core Xeon (docs/performance.md): 8-lane blocks compiled for SSE2 (two registers
// per block) ran twice as slow as the plain loop, because GCC lowers selects on vectors wider than
// the target's registers lane by lane; so the baseline target gets the plain loop.
//
// No form contracts a multiply and an add into an FMA, which would change the last bits and make
// the numbers depend on the machine: AVX2 without FMA cannot, and the AVX-512 form, whose ISA
// includes FMA, is compiled with fp-contract=off. So every lane computes with the operations of
// the plain loop, and all forms give bitwise the same results. A build that enables FMA itself
// (-march=native) may differ from a portable build in the last bits, as it did before.

#include <algorithm>
#include <atomic>
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
// Before a lambda whose body a form's entry point must compile for its target: inlined there.
#define PYRONN_LANE_BODY __attribute__((always_inline))
// Before a short loop of known trip count meant to become vector code: kept a loop, since GCC
// unrolls it completely first otherwise and then vectorises the copies only sometimes.
#define PYRONN_VECTORISE_LOOP _Pragma("GCC unroll 1")
#else
#define PYRONN_VECTORISE_LOOP
#define PYRONN_LANE_BODY
#define PYRONN_SIMD_CODE_BEGIN
#define PYRONN_SIMD_CODE_END
#define PYRONN_TARGET_AVX2
#endif

// The AVX-512 form needs GCC: its optimize attribute turns contraction off for one function (clang
// would need a pragma inside each body).
#if PYRONN_HOST_SIMD && !defined(__clang__)
#define PYRONN_HOST_AVX512 1
#define PYRONN_TARGET_AVX512                                                                \
  __attribute__((target("avx2,avx512f,avx512vl,avx512bw,avx512dq,prefer-vector-width=256"), \
                 optimize("fp-contract=off")))
#else
#define PYRONN_HOST_AVX512 0
#endif

namespace pyronn {
namespace host {

// Pixels (or rays) a row loop treats as one block: one AVX2 register of floats.
constexpr int simd_block = 8;

// n rounded up to whole blocks: the length of a row buffer that a row loop may fill block by block.
constexpr std::size_t simd_padded(std::size_t n) { return (n + simd_block - 1) / simd_block * simd_block; }

// The forms a row loop can take, from the least to the most capable.
enum class SimdForm { plain = 0, avx2 = 1, avx512 = 2 };

inline const char* simd_form_name(SimdForm form) {
  return form == SimdForm::avx512 ? "AVX-512" : form == SimdForm::avx2 ? "AVX2" : "plain loop";
}

// The most capable form this CPU and this build can run (asked once).
inline SimdForm simd_form_of_cpu() {
#if PYRONN_HOST_SIMD
  static const SimdForm form = [] {
#if PYRONN_HOST_AVX512
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512dq"))
      return SimdForm::avx512;
#endif
    return __builtin_cpu_supports("avx2") ? SimdForm::avx2 : SimdForm::plain;
  }();
  return form;
#else
  return SimdForm::plain;
#endif
}

// The cap limit_simd_form sets, one for the process.
inline std::atomic<int>& simd_form_cap() {
  static std::atomic<int> cap{int(SimdForm::avx512)};
  return cap;
}

// The form the row loops run: the CPU's, unless limit_simd_form lowered it.
inline SimdForm simd_form() {
  return SimdForm(std::min(int(simd_form_of_cpu()), simd_form_cap().load(std::memory_order_relaxed)));
}

// Caps the form for the whole process (all forms give bitwise the same numbers: tests and
// benchmarks use this to run each one). Returns the previous cap.
inline SimdForm limit_simd_form(SimdForm most) {
  return SimdForm(simd_form_cap().exchange(int(most)));
}

// Whether the row loops run vector blocks rather than the plain loop.
inline bool use_vector_blocks() { return simd_form() != SimdForm::plain; }

// The lane type a vector body is run with: F = float_block.
template <class F>
struct LaneType {
  using type = F;
};

#if PYRONN_HOST_SIMD
// One block of floats or int32s as one value; each lane gets the operations a scalar float would.
typedef float float_block __attribute__((vector_size(4 * simd_block)));
typedef int int_block __attribute__((vector_size(4 * simd_block)));

// Each form's entry point: the body (a lambda marked PYRONN_LANE_BODY) is inlined here and so
// compiled for the form's target.
template <class Body>
PYRONN_TARGET_AVX2 void run_avx2(const Body& body) {
  body(LaneType<float_block>{});
}
#endif
#if PYRONN_HOST_AVX512
template <class Body>
PYRONN_TARGET_AVX512 void run_avx512(const Body& body) {
  body(LaneType<float_block>{});
}
#endif

// Runs vector_body(LaneType<float_block>{}) compiled for simd_form(), or plain_body() where that
// is the plain loop. The vector body is a generic lambda marked PYRONN_LANE_BODY.
template <class VectorBody, class PlainBody>
void run_simd(const VectorBody& vector_body, const PlainBody& plain_body) {
  switch (simd_form()) {
#if PYRONN_HOST_AVX512
    case SimdForm::avx512:
      run_avx512(vector_body);
      return;
#endif
#if PYRONN_HOST_SIMD
    case SimdForm::avx2:
      run_avx2(vector_body);
      return;
#endif
    default:
      plain_body();
  }
}

}  // namespace host
}  // namespace pyronn
