// Bad input is an exception that names the parameter; nothing exits or aborts.
#include <pyronn/pyronn.hpp>

#include <cstdio>

int main() {
  try {
    const pyronn::GeometryCone3D g({64, 64, 64}, {1, 1, 1}, {64, 64}, {1, 1}, 90, 6.28, 300, 400);
  } catch (const pyronn::invalid_argument& e) {
    std::printf("%s (parameter: %s)\n", e.what(), e.parameter().c_str());
    return e.parameter() == "source_detector_distance" ? 0 : 1;
  }
  return 1;
}
