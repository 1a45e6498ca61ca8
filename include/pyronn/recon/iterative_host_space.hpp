#pragma once
// host::VectorSpace: where the iterative solvers keep and combine their vectors on the host.
// Vectors are caller-owned float arrays; the space runs the functors of recon/iterative_ops.hpp
// (and recon/tv.hpp) over them on threads, and applies host operators.
//
// A vector space is the policy the solvers are templated on (cuda::VectorSpace is the other):
//   for_each(n, f)            f(i) for every i in [0, n)
//   sum(n, t) -> double       sum of t(i), accumulated in double
//   forward(op, in, out)      out = A in   (one batch item)
//   adjoint(op, in, out)      out = A^T in
//   require_vector(p, name)   throws pyronn::invalid_argument unless p is usable memory here
//   host_memory               true where vectors are plain host memory
//
// sum() is deterministic: it adds fixed blocks of `sum_block` terms in order and then the block
// sums in order, so the result does not depend on the thread count. The space keeps one small
// host buffer of block sums (8 bytes per sum_block terms), grown on demand; one space must not
// be used from two threads at once.

#include <pyronn/core/errors.hpp>
#include <pyronn/host/parallel_for.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace pyronn {
namespace host {

class VectorSpace {
 public:
  static constexpr bool host_memory = true;
  static constexpr std::size_t sum_block = 4096;

  // threads = 0: one per hardware thread.
  explicit VectorSpace(int threads = 0) {
    threads_ = resolve_thread_count(threads);
  }

  int threads() const { return threads_; }

  template <class F>
  void for_each(std::size_t n, const F& f) {
    parallel_for(n, threads_, [&](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) f(i);
    });
  }

  template <class Term>
  double sum(std::size_t n, const Term& term) {
    const std::size_t blocks = (n + sum_block - 1) / sum_block;
    if (partials_.size() < blocks) partials_.resize(blocks);
    double* partials = partials_.data();
    parallel_for(blocks, threads_, [&](std::size_t begin, std::size_t end) {
      for (std::size_t b = begin; b < end; ++b) {
        const std::size_t last = b * sum_block + sum_block < n ? b * sum_block + sum_block : n;
        double s = 0;
        for (std::size_t i = b * sum_block; i < last; ++i) s += term(i);
        partials[b] = s;
      }
    });
    double total = 0;
    for (std::size_t b = 0; b < blocks; ++b) total += partials[b];
    return total;
  }

  template <class Operator>
  void forward(Operator& op, const float* in, float* out) {
    op.forward(in, out, 1);
  }
  template <class Operator>
  void adjoint(Operator& op, const float* in, float* out) {
    op.adjoint(in, out, 1);
  }

  void require_vector(const void* pointer, const std::string& parameter) const {
    detail::require_not_null(pointer, parameter);
  }

  // A workspace of `floats` floats, for the solvers' overloads that allocate one per call.
  std::vector<float> make_workspace(std::size_t floats) const { return std::vector<float>(floats); }

 private:
  int threads_ = 1;
  std::vector<double> partials_;
};

}  // namespace host
}  // namespace pyronn
