#pragma once
// Everything pyronn offers. Host-only code compiles with any C++17 compiler; the CUDA driver is
// included when this header is compiled by nvcc.

#include <pyronn/core/config.hpp>
#include <pyronn/convert/astra.hpp>
#include <pyronn/convert/skimage.hpp>
#include <pyronn/convert/tomosipo.hpp>
#include <pyronn/core/errors.hpp>
#include <pyronn/geometry/cone_3d.hpp>
#include <pyronn/geometry/cone_cylindrical_3d.hpp>
#include <pyronn/geometry/fan_2d.hpp>
#include <pyronn/geometry/fan_arc_2d.hpp>
#include <pyronn/geometry/parallel_2d.hpp>
#include <pyronn/geometry/parallel_3d.hpp>
#include <pyronn/geometry/trajectory_2d.hpp>
#include <pyronn/geometry/trajectory_3d.hpp>
#include <pyronn/geometry/vector_2d.hpp>
#include <pyronn/geometry/vector_3d.hpp>
#include <pyronn/geometry/vector_conversion.hpp>
#include <pyronn/host/fbp_2d.hpp>
#include <pyronn/host/fbp_3d.hpp>
#include <pyronn/host/projector_2d.hpp>
#include <pyronn/host/projector_3d.hpp>
#include <pyronn/host/weights.hpp>
#include <pyronn/io/pgm.hpp>
#include <pyronn/io/png.hpp>
#include <pyronn/phantoms/analytic_projections_3d.hpp>
#include <pyronn/phantoms/analytic_sinogram_2d.hpp>
#include <pyronn/phantoms/raster_2d.hpp>
#include <pyronn/phantoms/raster_3d.hpp>
#include <pyronn/phantoms/shepp_logan_2d.hpp>
#include <pyronn/phantoms/shepp_logan_3d.hpp>
#include <pyronn/recon/convenience.hpp>
#include <pyronn/recon/fbp_weights_2d.hpp>
#include <pyronn/recon/fbp_weights_3d.hpp>
#include <pyronn/recon/fbp_weights_arc_2d.hpp>
#include <pyronn/recon/fbp_weights_cylindrical_3d.hpp>
#include <pyronn/recon/filters.hpp>
#include <pyronn/recon/iterative.hpp>
#include <pyronn/recon/weight_operators.hpp>
#include <pyronn/recon/weight_operators_curved.hpp>

#if PYRONN_HAS_CUDA
#include <pyronn/cuda/fbp_2d.cuh>
#include <pyronn/cuda/fbp_3d.cuh>
#include <pyronn/cuda/iterative.cuh>
#include <pyronn/cuda/projector_2d.cuh>
#include <pyronn/cuda/projector_3d.cuh>
#include <pyronn/cuda/weights.cuh>
#endif
