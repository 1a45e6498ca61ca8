#include "arrays.hpp"

#include <climits>
#include <string>

namespace nb = nanobind;

namespace pyronn_python {
namespace {

std::string shape_text(const Array& a) {
  std::string s = "(";
  for (std::size_t i = 0; i < a.ndim(); ++i) s += (i ? ", " : "") + std::to_string(a.shape(i));
  return s + (a.ndim() == 1 ? ",)" : ")");
}

std::string trailing_text(const std::vector<std::size_t>& trailing) {
  std::string s = "(..., ";
  for (std::size_t i = 0; i < trailing.size(); ++i) s += (i ? ", " : "") + std::to_string(trailing[i]);
  return s + ")";
}

bool is_c_contiguous(const Array& a) {
  if (a.size() == 0) return true;  // an empty array's strides are arbitrary
  std::int64_t expected = 1;
  for (std::size_t i = a.ndim(); i-- > 0;) {
    if (a.shape(i) != 1 && a.stride(i) != expected) return false;  // a size-1 axis has any stride
    expected *= std::int64_t(a.shape(i));
  }
  return true;
}

}  // namespace

Operand checked_operand(const Array& a, const char* name, const std::vector<std::size_t>& trailing) {
  using pyronn::detail::require;
  if (!(a.dtype() == nb::dtype<float>()))
    throw argument_type_error(name, "must be float32 (the projectors compute in single precision)");
  const bool on_cuda = a.device_type() == nb::device::cuda::value || a.device_type() == nb::device::cuda_managed::value;
  if (!with_cuda)
    require(a.device_type() == nb::device::cpu::value, name,
            "is on a CUDA or other device; this build of pyronn has only the host (CPU) driver");
  else
    require(a.device_type() == nb::device::cpu::value || on_cuda, name,
            "is on a device pyronn cannot drive (DLPack device type " + std::to_string(a.device_type()) +
                "); pyronn drives CPU and CUDA arrays");
  require(a.ndim() >= trailing.size(), name,
          "must have shape " + trailing_text(trailing) + ", got " + shape_text(a));
  const std::size_t lead = a.ndim() - trailing.size();
  for (std::size_t i = 0; i < trailing.size(); ++i)
    require(a.shape(lead + i) == trailing[i], name,
            "must have shape " + trailing_text(trailing) + ", got " + shape_text(a));
  require(is_c_contiguous(a), name, "must be C-contiguous (row-major, no strides); pass a contiguous copy");
  Operand op{const_cast<float*>(static_cast<const float*>(a.data())), 1, {}, on_cuda ? int(a.device_id()) : -1};
  for (std::size_t i = 0; i < lead; ++i) {
    op.leading.push_back(a.shape(i));
    op.batch *= a.shape(i);
  }
  return op;
}

namespace {
std::string device_text(int device) { return device < 0 ? "the CPU" : "CUDA device " + std::to_string(device); }
}  // namespace

void require_same_device(const Operand& a, const char* a_name, const Operand& b, const char* b_name) {
  pyronn::detail::require(a.device == b.device, b_name,
                          "is on " + device_text(b.device) + " but " + a_name + " is on " + device_text(a.device) +
                              "; pyronn computes where its arrays are, so they must be on one device");
}

int checked_batch(const Operand& in, const char* in_name, std::size_t in_elements, const Operand& out,
                  const char* out_name, std::size_t out_elements) {
  using pyronn::detail::require;
  require_same_device(in, in_name, out, out_name);
  require(in.leading == out.leading, out_name,
          std::string("must have the same leading (batch) dimensions as ") + in_name);
  require(in.batch <= std::size_t(INT_MAX), in_name, "has more than 2^31 - 1 batch entries");
  require(!pyronn::detail::ranges_overlap(in.data, in.batch * in_elements, out.data, out.batch * out_elements),
          out_name, std::string("must not overlap ") + in_name);
  return int(in.batch);
}

}  // namespace pyronn_python
