// Runner for the CUDA tests. Exits 77 (ctest SKIP_RETURN_CODE) when no usable
// GPU is present, so a machine without a device reports the CUDA tests as
// skipped instead of silently passing them.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cuda_runtime.h>

#include <cstdio>

int main(int argc, char* argv[]) {
    int device_count = 0;
    const cudaError_t status = cudaGetDeviceCount(&device_count);
    if (status != cudaSuccess || device_count == 0) {
        const char* reason = status != cudaSuccess ? cudaGetErrorString(status) : "0 devices found";
        std::printf("SKIPPED: no usable CUDA device (%s); the CUDA tests did not run\n", reason);
        return 77;
    }
    return Catch::Session().run(argc, argv);
}
