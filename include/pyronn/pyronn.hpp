#pragma once
// Everything pyronn offers for 2D. Host-only code compiles with any C++17 compiler; the CUDA
// driver is included when this header is compiled by nvcc.

#include <pyronn/core/config.hpp>
#include <pyronn/core/errors.hpp>
#include <pyronn/geometry/fan_2d.hpp>
#include <pyronn/geometry/parallel_2d.hpp>
#include <pyronn/geometry/trajectory_2d.hpp>
#include <pyronn/host/fbp_2d.hpp>
#include <pyronn/host/projector_2d.hpp>
#include <pyronn/io/pgm.hpp>
#include <pyronn/phantoms/analytic_sinogram_2d.hpp>
#include <pyronn/phantoms/raster_2d.hpp>
#include <pyronn/phantoms/shepp_logan_2d.hpp>
#include <pyronn/recon/fbp_weights_2d.hpp>
#include <pyronn/recon/filters.hpp>

#if PYRONN_HAS_CUDA
#include <pyronn/cuda/fbp_2d.cuh>
#include <pyronn/cuda/projector_2d.cuh>
#include <pyronn/cuda/projector_3d.cuh>
#endif
