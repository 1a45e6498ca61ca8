// Compiles against the whole public API via the umbrella header and checks
// that the headers found are the expected version.
#include <pyronn/pyronn.hpp>

#include <cstdio>
#include <cstring>

int main() {
    const char* version = pyronn::version_string();
    std::printf("pyronn %s\n", version);
    return std::strcmp(version, "0.1.0") == 0 ? 0 : 1;
}
