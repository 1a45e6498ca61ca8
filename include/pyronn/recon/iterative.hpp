#pragma once
// The iterative solvers in one include: SIRT, CGLS and TV-penalised gradient descent, each written
// once against a vector space (host::VectorSpace here; cuda::VectorSpace in
// <pyronn/cuda/iterative.cuh>) and an operator with an exact adjoint.

#include <pyronn/recon/cgls.hpp>
#include <pyronn/recon/iterative_common.hpp>
#include <pyronn/recon/iterative_host_space.hpp>
#include <pyronn/recon/iterative_operator_norm.hpp>
#include <pyronn/recon/iterative_ops.hpp>
#include <pyronn/recon/sirt.hpp>
#include <pyronn/recon/tv.hpp>
#include <pyronn/recon/tv_gradient_descent.hpp>
