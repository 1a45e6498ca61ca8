#pragma once
// check_refused(f, parameter): f must throw pyronn::invalid_argument naming `parameter`, in its
// parameter() and in its message.

#include <pyronn/core/errors.hpp>

#include <catch2/catch.hpp>

#include <string>

namespace pyronn_test {

template <class F>
void check_refused(F&& f, const std::string& parameter) {
  try {
    f();
    FAIL("no exception; expected one naming '" << parameter << "'");
  } catch (const pyronn::invalid_argument& e) {
    INFO(e.what());
    CHECK(e.parameter() == parameter);
    CHECK(std::string(e.what()).find(parameter) != std::string::npos);
  }
}

}  // namespace pyronn_test
