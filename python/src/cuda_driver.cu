// The extension's CUDA driver: pyronn's cuda::Projector2D/3D and cuda::FBP2D/3D on the caller's
// device arrays and stream (cuda_driver.hpp says what it allocates and when it waits).
//
// A CUDA operator uploads its per-view geometry when it is made, and that upload waits for the
// device (cuda/device_array.cuh). Making one per call would make every call wait, so operators
// are kept in a small least-recently-used cache keyed by everything they are made from. An
// operator on the texture path also keeps its texture arrays, which a call overwrites before
// its kernels read them: such operators are cached per stream (work on one stream runs in order)
// and each entry's mutex keeps two host threads from interleaving their calls' queued work.
#include "cuda_driver.hpp"

#include <pyronn/core/errors.hpp>
#include <pyronn/core/indexing.hpp>
#include <pyronn/cuda/check.cuh>
#include <pyronn/cuda/fbp_2d.cuh>
#include <pyronn/cuda/fbp_3d.cuh>
#include <pyronn/cuda/filter_rows.cuh>
#include <pyronn/cuda/filter_rows_gradient.cuh>
#include <pyronn/cuda/projector_2d.cuh>
#include <pyronn/cuda/projector_3d.cuh>
#include <pyronn/cuda/weights.cuh>

#include <cstring>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <utility>

namespace pyronn_python {
namespace {

using pyronn::Interpolation;

// Makes `device` current for the call and restores the caller's device afterwards.
class DeviceGuard {
 public:
  explicit DeviceGuard(int device) {
    PYRONN_CUDA_CHECK(cudaGetDevice(&previous_));
    if (previous_ != device) PYRONN_CUDA_CHECK(cudaSetDevice(device));
    else previous_ = -1;
  }
  ~DeviceGuard() {
    if (previous_ >= 0) cudaSetDevice(previous_);
  }
  DeviceGuard(const DeviceGuard&) = delete;
  DeviceGuard& operator=(const DeviceGuard&) = delete;

 private:
  int previous_ = -1;
};

struct CachedOperator {
  virtual ~CachedOperator() = default;
  virtual void run(Op op, const float* in, float* out, int batch, cudaStream_t stream, float* workspace,
                   std::size_t workspace_bytes) = 0;
  std::mutex mutex;  // held while a call queues its work
};

template <class G, Interpolation I>
class ProjectorOperator final : public CachedOperator {
  using P = std::conditional_t<is_2d<G>, pyronn::cuda::Projector2D<G, I>, pyronn::cuda::Projector3D<G, I>>;

 public:
  ProjectorOperator(const G& g, const Options& o) : projector_(make(g, o)) {}

  void run(Op op, const float* in, float* out, int batch, cudaStream_t stream, float*, std::size_t) override {
    switch (op) {
      case Op::forward: return projector_.forward(in, out, batch, stream);
      case Op::adjoint: return projector_.adjoint(in, out, batch, stream);
      case Op::backproject_fbp: return projector_.backproject_fbp(in, out, batch, stream);
      case Op::backproject_fbp_transpose: return projector_.backproject_fbp_transpose(in, out, batch, stream);
      default: throw pyronn::invalid_argument("op", "is not a projector operator");
    }
  }

 private:
  static P make(const G& g, const Options& o) {
    if constexpr (is_2d<G>) return P(g);
    else return P(g, o.model, o.step_size);
  }
  P projector_;
};

template <class G, Interpolation I>
class FBPOperator final : public CachedOperator {
  using F = std::conditional_t<is_2d<G>, pyronn::cuda::FBP2D<G, I>, pyronn::cuda::FBP3D<G, I>>;

 public:
  FBPOperator(const G& g, const Options& o) : fbp_(g, o.filter) {}

  void run(Op op, const float* in, float* out, int batch, cudaStream_t stream, float* workspace,
           std::size_t workspace_bytes) override {
    if (op == Op::fbp_filter) return fbp_.filter(in, out, batch, stream);
    if (workspace) return fbp_.reconstruct(in, out, batch, workspace, workspace_bytes, stream);
    // No caller scratch: take it from the stream-ordered pool, so that neither the allocation nor
    // the release waits for the device.
    const std::size_t bytes = fbp_.workspace_bytes(batch);
    void* scratch = nullptr;
    PYRONN_CUDA_CHECK(cudaMallocAsync(&scratch, bytes, stream));
    try {
      fbp_.reconstruct(in, out, batch, scratch, bytes, stream);
    } catch (...) {
      cudaFreeAsync(scratch, stream);
      throw;
    }
    PYRONN_CUDA_CHECK(cudaFreeAsync(scratch, stream));
  }

 private:
  F fbp_;
};

// The operators in use, most recent first. Never destroyed: freeing device memory while the
// process exits, after the CUDA runtime may be gone, would fail.
class OperatorCache {
 public:
  static constexpr std::size_t capacity = 16;

  template <class Make>
  std::shared_ptr<CachedOperator> get(const std::string& key, Make&& make) {
    std::shared_ptr<CachedOperator> evicted;  // released after the lock: cudaFree waits for the device
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      if (it->first != key) continue;
      entries_.splice(entries_.begin(), entries_, it);
      return entries_.front().second;
    }
    std::shared_ptr<CachedOperator> made = make();
    entries_.emplace_front(key, made);
    if (entries_.size() > capacity) {
      evicted = std::move(entries_.back().second);
      entries_.pop_back();
    }
    return made;
  }

 private:
  std::mutex mutex_;
  std::list<std::pair<std::string, std::shared_ptr<CachedOperator>>> entries_;
};

OperatorCache& cache() {
  static OperatorCache* instance = new OperatorCache;
  return *instance;
}

template <class T>
void append(std::string& key, T value) {
  key.append(reinterpret_cast<const char*>(&value), sizeof value);
}

// Everything an operator is made from. The stream only where the operator keeps state that a call
// overwrites (the texture arrays).
std::string key_of(bool fbp, const Numbers& params, const Numbers& vectors, const Options& o, CudaCall call) {
  std::string key;
  append(key, call.device);
  append(key, o.interpolation == Interpolation::texture ? call.stream : std::uintptr_t(0));
  append(key, fbp ? 1.0 : 0.0);
  append(key, double(int(o.interpolation)));
  append(key, fbp ? 0.0 : double(int(o.model)));
  append(key, fbp ? 0.0 : o.step_size);
  append(key, fbp ? double(int(o.filter)) : 0.0);
  append(key, double(params.size()));
  for (double v : params) append(key, v);
  for (double v : vectors) append(key, v);
  return key;
}

template <Interpolation I, class G>
std::shared_ptr<CachedOperator> make_operator(bool fbp, const G& g, const Options& o) {
  if (fbp) return std::make_shared<FBPOperator<G, I>>(g, o);
  return std::make_shared<ProjectorOperator<G, I>>(g, o);
}

}  // namespace

void run_cuda(Op op, const Numbers& params, const Numbers& vectors, const float* in, float* out, int batch,
              const Options& o, CudaCall call, float* workspace, std::size_t workspace_bytes) {
  if (batch == 0) return;
  const DeviceGuard device(call.device);
  const bool fbp = op == Op::fbp || op == Op::fbp_filter;
  const std::shared_ptr<CachedOperator> op_object = cache().get(key_of(fbp, params, vectors, o, call), [&] {
    return visit_geometry(params, vectors, [&](const auto& g) {
      return o.interpolation == Interpolation::texture ? make_operator<Interpolation::texture>(fbp, g, o)
                                                        : make_operator<Interpolation::software>(fbp, g, o);
    });
  });
  std::lock_guard<std::mutex> lock(op_object->mutex);
  op_object->run(op, in, out, batch, reinterpret_cast<cudaStream_t>(call.stream), workspace, workspace_bytes);
}

void run_cuda_on_buffers(Op op, const Numbers& params, const Numbers& vectors, const float* in, std::size_t in_elements,
                         float* out, std::size_t out_elements, const Options& o, CudaCall call) {
  if (in_elements == 0 && out_elements == 0) return;  // an empty batch
  const int batch = visit_geometry(params, vectors, [&](const auto& g) {
    using G = std::decay_t<decltype(g)>;
    const bool from_volume = op == Op::forward || op == Op::backproject_fbp_transpose;
    const bool to_volume = op == Op::adjoint || op == Op::backproject_fbp || op == Op::fbp;
    const char* in_name = from_volume ? (is_2d<G> ? "image" : "volume") : (is_2d<G> ? "sinogram" : "projections");
    return pyronn::detail::batch_of(in_elements, from_volume ? g.volume_size() : g.sinogram_size(), in_name,
                                    out_elements, to_volume ? g.volume_size() : g.sinogram_size(), "out");
  });
  run_cuda(op, params, vectors, in, out, batch, o, call, nullptr, 0);
}

void filter_rows_cuda(RowOp op, const float* input, const float* grad_output, float* out, std::size_t rows,
                      const pyronn::FilterRowsParams& params, CudaCall call) {
  if (rows == 0) return;
  const DeviceGuard device(call.device);
  const auto stream = reinterpret_cast<cudaStream_t>(call.stream);
  const bool int_index = rows * std::size_t(params.nu) <= pyronn::detail::int_index_limit;
  auto dispatch = [&](auto index) {
    using Index = decltype(index);
    if (op == RowOp::filter) {
      pyronn::detail::check_filter_rows_call(input, "input", out, "out", rows, params);
      pyronn::cuda::detail::check_filter_rows_device(input, "input", out, "out", params);
      pyronn::cuda::filter_rows<Index>(input, out, Index(rows), params, stream);
    } else if (op == RowOp::adjoint) {
      pyronn::cuda::filter_rows_adjoint<Index>(input, out, Index(rows), params, stream);
    } else {
      pyronn::cuda::filter_rows_taps_gradient<Index>(input, grad_output, Index(rows), params, out, stream);
    }
  };
  if (int_index) dispatch(int(0));
  else dispatch((long long)(0));
}

void apply_weights_cuda(const pyronn::WeightShape& shape, const float* weights, std::size_t weights_size,
                        const float* input, float* out, int batch, CudaCall call) {
  if (batch == 0) return;
  const DeviceGuard device(call.device);
  const auto stream = reinterpret_cast<cudaStream_t>(call.stream);
  if (std::size_t(batch) * shape.projection_size() <= pyronn::detail::int_index_limit)
    pyronn::cuda::apply_weights<int>(shape, weights, weights_size, input, out, batch, stream);
  else pyronn::cuda::apply_weights<long long>(shape, weights, weights_size, input, out, batch, stream);
}

void weight_gradient_cuda(const pyronn::WeightShape& shape, const float* grad_output, const float* input,
                          float* grad_weights, std::size_t grad_weights_size, int batch, CudaCall call) {
  const DeviceGuard device(call.device);
  const auto stream = reinterpret_cast<cudaStream_t>(call.stream);
  if (batch == 0) {  // an empty sum
    PYRONN_CUDA_CHECK(cudaMemsetAsync(grad_weights, 0, grad_weights_size * sizeof(float), stream));
    return;
  }
  if (std::size_t(batch) * shape.projection_size() <= pyronn::detail::int_index_limit)
    pyronn::cuda::weight_gradient<int>(shape, grad_output, input, grad_weights, grad_weights_size, batch, stream);
  else
    pyronn::cuda::weight_gradient<long long>(shape, grad_output, input, grad_weights, grad_weights_size, batch,
                                             stream);
}

void synchronize_device(int device) {
  const DeviceGuard guard(device);
  PYRONN_CUDA_CHECK(cudaDeviceSynchronize());
}

}  // namespace pyronn_python
