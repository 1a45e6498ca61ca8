#pragma once
// Runs a test once per form of the host's row loops that this CPU has (host/simd.hpp): each
// form must give the scalar kernels' numbers bitwise, not only the best one, which is all the
// driver takes by itself.

#include <pyronn/host/simd.hpp>

#include <vector>

namespace pyronn_test {

// The forms this CPU and build can run, from the plain loop up.
inline std::vector<pyronn::host::SimdForm> simd_forms_here() {
  std::vector<pyronn::host::SimdForm> forms;
  for (int f = 0; f <= int(pyronn::host::simd_form_of_cpu()); ++f) forms.push_back(pyronn::host::SimdForm(f));
  return forms;
}

// Caps the form for one scope.
class SimdFormScope {
 public:
  explicit SimdFormScope(pyronn::host::SimdForm form) : previous_(pyronn::host::limit_simd_form(form)) {}
  ~SimdFormScope() { pyronn::host::limit_simd_form(previous_); }
  SimdFormScope(const SimdFormScope&) = delete;
  SimdFormScope& operator=(const SimdFormScope&) = delete;

 private:
  pyronn::host::SimdForm previous_;
};

}  // namespace pyronn_test

// At the top of a test case: runs the case once per form, with the form capped and reported.
#define PYRONN_FOR_EACH_SIMD_FORM()                                                                  \
  const pyronn::host::SimdForm simd_form_under_test = GENERATE(from_range(pyronn_test::simd_forms_here())); \
  const pyronn_test::SimdFormScope simd_form_scope(simd_form_under_test);                                  \
  INFO("row loops' form: " << pyronn::host::simd_form_name(simd_form_under_test))
