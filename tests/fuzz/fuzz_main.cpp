// libFuzzer entry point: the first byte picks the part of the API to drive, the rest of the input
// is decoded by that driver (see fuzz_input.hpp for the encoding and make_corpus.py for seeds).

#include "drivers.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  pyronn_fuzz::FuzzInput in(data, size);
  switch (in.choice(3)) {
    case 0: pyronn_fuzz::fuzz_2d(in); break;
    case 1: pyronn_fuzz::fuzz_3d(in); break;
    default: pyronn_fuzz::fuzz_filters(in); break;
  }
  return 0;
}
