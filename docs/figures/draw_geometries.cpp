// draw_geometries: the pictures of docs/conventions.md, drawn from the library's own geometry
// output (views(), rays, detector coordinates), so that a picture cannot disagree with the code.
//
//   draw_geometries OUTPUT_DIR
//
// Writes geometry_parallel_2d.png, geometry_fan_2d.png, geometry_fan_arc_2d.png,
// geometry_cone_3d_top.png, geometry_cone_3d_side.png, geometry_cone_cylindrical_3d_top.png and
// geometry_parallel_3d_top.png. World +y (and +z) point up.
// Colours: grey volume, blue rays of one view, red detector of that view, orange source positions
// of all views, green central ray, black world axes (+x right, +y or +z up) through the isocentre;
// a dark red dot marks the detector's pixel 0 end (u grows away from it).

#include <pyronn/geometry/cone_3d.hpp>
#include <pyronn/geometry/cone_cylindrical_3d.hpp>
#include <pyronn/geometry/fan_2d.hpp>
#include <pyronn/geometry/fan_arc_2d.hpp>
#include <pyronn/geometry/parallel_2d.hpp>
#include <pyronn/geometry/parallel_3d.hpp>
#include <pyronn/io/png.hpp>
#include <pyronn/kernels/beam_2d.hpp>
#include <pyronn/kernels/beam_3d.hpp>

#include <cmath>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

namespace {

const double pi = 3.14159265358979323846;

struct Colour {
  unsigned char r, g, b;
};
const Colour dark_red{120, 0, 0}, black{0, 0, 0}, grey{200, 200, 200}, blue{90, 140, 230}, red{220, 40, 40}, orange{240, 150, 30},
    green{30, 160, 60};

// An RGB canvas showing the world square [-half, half]^2 (mm), +y up.
class Canvas {
 public:
  Canvas(int size, double half) : size_(size), half_(half), rgb_(std::size_t(size) * size * 3, 255) {}

  void dot(double x, double y, int radius, Colour c) {
    const int px = column(x), py = row(y);
    for (int dy = -radius; dy <= radius; ++dy)
      for (int dx = -radius; dx <= radius; ++dx)
        if (dx * dx + dy * dy <= radius * radius) put(px + dx, py + dy, c);
  }
  void line(double x0, double y0, double x1, double y1, Colour c, int width = 1) {
    const double length = std::hypot(x1 - x0, y1 - y0) / (2 * half_) * size_;
    const int steps = std::max(1, int(std::ceil(length * 2)));
    for (int i = 0; i <= steps; ++i) {
      const double t = double(i) / steps;
      dot(x0 + t * (x1 - x0), y0 + t * (y1 - y0), width / 2, c);
    }
  }
  void box(double x0, double y0, double x1, double y1, Colour c) {
    for (int py = row(std::max(y0, y1)); py <= row(std::min(y0, y1)); ++py)
      for (int px = column(std::min(x0, x1)); px <= column(std::max(x0, x1)); ++px) put(px, py, c);
  }
  void axes() {
    line(-half_, 0, half_, 0, black);
    line(0, -half_, 0, half_, black);
    line(half_ * 0.9, 0, half_ * 0.85, half_ * 0.03, black);  // arrow heads at +x and +y
    line(half_ * 0.9, 0, half_ * 0.85, -half_ * 0.03, black);
    line(0, half_ * 0.9, half_ * 0.03, half_ * 0.85, black);
    line(0, half_ * 0.9, -half_ * 0.03, half_ * 0.85, black);
  }
  void save(const std::string& path) const { pyronn::write_png_rgb(path, rgb_, size_, size_); }

 private:
  int column(double x) const { return int(std::lround((x + half_) / (2 * half_) * (size_ - 1))); }
  int row(double y) const { return int(std::lround((half_ - y) / (2 * half_) * (size_ - 1))); }
  void put(int x, int y, Colour c) {
    if (x < 0 || y < 0 || x >= size_ || y >= size_) return;
    unsigned char* p = &rgb_[(std::size_t(y) * size_ + x) * 3];
    p[0] = c.r, p[1] = c.g, p[2] = c.b;
  }
  int size_;
  double half_;
  std::vector<unsigned char> rgb_;
};

template <class Geometry>
void volume_box_2d(Canvas& c, const Geometry& g) {
  const pyronn::Grid2D grid = g.grid();
  c.box(grid.origin.x - grid.spacing.x / 2, grid.origin.y - grid.spacing.y / 2,
        grid.origin.x + (grid.nx - 0.5) * grid.spacing.x, grid.origin.y + (grid.ny - 0.5) * grid.spacing.y, grey);
}

void draw_parallel_2d(const std::string& dir) {
  pyronn::GeometryParallel2D g({64, 96}, {1, 1}, 120, 1.0, 12, pi);
  const auto views = g.views();
  Canvas c(600, 110);
  volume_box_2d(c, g);
  const pyronn::View2D& v = views[2];  // 30 degrees
  for (int u = 0; u < g.detector_shape(); u += 8) {
    const pyronn::Ray2D r = pyronn::ParallelBeam2D::ray(v, float(u));
    c.line(r.origin.x - 100 * r.dir.x, r.origin.y - 100 * r.dir.y, r.origin.x + 100 * r.dir.x,
           r.origin.y + 100 * r.dir.y, blue);
  }
  // The detector drawn at its bins' positions (it passes through the isocentre) and again where
  // the rays leave, 95 mm along the central ray, with its u-axis.
  const pyronn::vec2 first = v.det_origin, last = v.det_origin + float(g.detector_shape() - 1) * v.det_u;
  c.line(first.x + 95 * v.ray.x, first.y + 95 * v.ray.y, last.x + 95 * v.ray.x, last.y + 95 * v.ray.y, red, 5);
  c.dot(first.x + 95 * v.ray.x, first.y + 95 * v.ray.y, 6, dark_red);
  c.line(0, 0, 95 * v.ray.x, 95 * v.ray.y, green, 3);
  c.axes();
  c.save(dir + "/geometry_parallel_2d.png");
}

void draw_fan_2d(const std::string& dir) {
  pyronn::GeometryFan2D g({64, 64}, {1, 1}, 160, 1.0, 24, 2 * pi, 180, 110);
  const auto views = g.views();
  Canvas c(600, 130);
  volume_box_2d(c, g);
  for (const pyronn::View2D& v : views) c.dot(v.source.x, v.source.y, 3, orange);
  const pyronn::View2D& v = views[1];  // 15 degrees
  for (int u = 0; u < g.detector_shape(); u += 10) {
    const pyronn::Ray2D r = pyronn::FanBeam2D::ray(v, float(u));
    c.line(r.origin.x, r.origin.y, r.origin.x + r.t_max * r.dir.x, r.origin.y + r.t_max * r.dir.y, blue);
  }
  const pyronn::vec2 first = v.det_origin, last = v.det_origin + float(g.detector_shape() - 1) * v.det_u;
  c.line(first.x, first.y, last.x, last.y, red, 5);
  c.dot(first.x, first.y, 6, dark_red);
  c.line(v.source.x, v.source.y, 0, 0, green, 3);
  c.dot(v.source.x, v.source.y, 6, orange);
  c.axes();
  c.save(dir + "/geometry_fan_2d.png");
}

// The equiangular (arc) fan detector: rays from the source to the bins on the arc about it.
void draw_fan_arc_2d(const std::string& dir) {
  pyronn::GeometryFanArc2D g({64, 64}, {1, 1}, 160, 1.0, 24, 2 * pi, 180, 110);
  const auto views = g.views();
  Canvas c(600, 130);
  volume_box_2d(c, g);
  for (const pyronn::View2D& v : views) c.dot(v.source.x, v.source.y, 3, orange);
  const pyronn::View2D& v = views[1];  // 15 degrees
  for (int u = 0; u < g.detector_shape(); u += 10) {
    const pyronn::Ray2D r = pyronn::ArcFanBeam2D::ray(v, float(u));
    c.line(r.origin.x, r.origin.y, r.origin.x + r.t_max * r.dir.x, r.origin.y + r.t_max * r.dir.y, blue);
  }
  for (int u = 0; u + 1 < g.detector_shape(); ++u) {  // the arc, bin centre to bin centre
    const pyronn::Ray2D a = pyronn::ArcFanBeam2D::ray(v, float(u)), b = pyronn::ArcFanBeam2D::ray(v, float(u + 1));
    c.line(a.origin.x + a.t_max * a.dir.x, a.origin.y + a.t_max * a.dir.y, b.origin.x + b.t_max * b.dir.x,
           b.origin.y + b.t_max * b.dir.y, red, 5);
  }
  c.dot(v.det_origin.x, v.det_origin.y, 6, dark_red);
  c.line(v.source.x, v.source.y, 0, 0, green, 3);
  c.dot(v.source.x, v.source.y, 6, orange);
  c.axes();
  c.save(dir + "/geometry_fan_arc_2d.png");
}

// The cylindrical detector from above: its middle row's rays end on the cylinder about the source.
void draw_cone_cylindrical_3d(const std::string& dir) {
  pyronn::GeometryConeCylindrical3D g({48, 64, 64}, {1, 1, 1}, {90, 130}, {1.2, 1.2}, 24, 2 * pi, 180, 110);
  const auto views = g.views();
  const pyronn::Grid3D grid = g.grid();
  const double lo_x = grid.origin.x - 0.5 * grid.spacing.x, hi_x = lo_x + grid.nx * grid.spacing.x;
  const double lo_y = grid.origin.y - 0.5 * grid.spacing.y, hi_y = lo_y + grid.ny * grid.spacing.y;
  const int rows = g.detector_shape()[0], columns = g.detector_shape()[1];
  // Where a ray meets the cylinder: source + t dir with t = sdd / |dir's part in x-y|.
  const auto on_detector = [&](const pyronn::View3D& v, float u, float w) {
    const pyronn::Ray3D r = pyronn::CylindricalConeBeam3D::ray(v, u, w);
    const float t = float(g.source_detector_distance()) / std::hypot(r.dir.x, r.dir.y);
    return r.origin + t * r.dir;
  };
  Canvas top(600, 130);
  top.box(lo_x, lo_y, hi_x, hi_y, grey);
  for (const pyronn::View3D& v : views) top.dot(v.source.x, v.source.y, 3, orange);
  const pyronn::View3D& v = views[1];
  const float middle_row = float(rows - 1) / 2;
  for (int u = 0; u < columns; u += 10) {
    const pyronn::vec3 p = on_detector(v, float(u), middle_row);
    top.line(v.source.x, v.source.y, p.x, p.y, blue);
  }
  for (int u = 0; u + 1 < columns; ++u) {
    const pyronn::vec3 a = on_detector(v, float(u), middle_row), b = on_detector(v, float(u + 1), middle_row);
    top.line(a.x, a.y, b.x, b.y, red, 5);
  }
  const pyronn::vec3 first = on_detector(v, 0, middle_row);
  top.dot(first.x, first.y, 6, dark_red);
  top.line(v.source.x, v.source.y, 0, 0, green, 3);
  top.dot(v.source.x, v.source.y, 6, orange);
  top.axes();
  top.save(dir + "/geometry_cone_cylindrical_3d_top.png");
}

// Cone beam from above (x-y) and from the side (the plane of view 0's central ray, x, and z).
void draw_cone_3d(const std::string& dir) {
  pyronn::GeometryCone3D g({48, 64, 64}, {1, 1, 1}, {90, 130}, {1.2, 1.2}, 24, 2 * pi, 180, 110);
  const auto views = g.views();
  const pyronn::Grid3D grid = g.grid();
  const double lo_x = grid.origin.x - 0.5 * grid.spacing.x, hi_x = lo_x + grid.nx * grid.spacing.x;
  const double lo_y = grid.origin.y - 0.5 * grid.spacing.y, hi_y = lo_y + grid.ny * grid.spacing.y;
  const double lo_z = grid.origin.z - 0.5 * grid.spacing.z, hi_z = lo_z + grid.nz * grid.spacing.z;
  const int rows = g.detector_shape()[0], columns = g.detector_shape()[1];
  // Where a ray meets the detector plane: source + t dir with t = sdd / (dir . central ray).
  const auto on_detector = [&](const pyronn::View3D& v, float u, float w) {
    const pyronn::Ray3D r = pyronn::ConeBeam3D::ray(v, u, w);
    const pyronn::vec3 axis = (1.f / pyronn::norm(v.ray)) * v.ray;
    const float t = float(g.source_detector_distance()) / pyronn::dot(r.dir, axis);
    return r.origin + t * r.dir;
  };

  Canvas top(600, 130);
  top.box(lo_x, lo_y, hi_x, hi_y, grey);
  for (const pyronn::View3D& v : views) top.dot(v.source.x, v.source.y, 3, orange);
  const pyronn::View3D& v = views[1];
  const float middle_row = float(rows - 1) / 2;
  for (int u = 0; u < columns; u += 10) {
    const pyronn::vec3 p = on_detector(v, float(u), middle_row);
    top.line(v.source.x, v.source.y, p.x, p.y, blue);
  }
  const pyronn::vec3 a = on_detector(v, 0, middle_row), b = on_detector(v, float(columns - 1), middle_row);
  top.line(a.x, a.y, b.x, b.y, red, 5);
  top.dot(a.x, a.y, 6, dark_red);
  top.line(v.source.x, v.source.y, 0, 0, green, 3);
  top.dot(v.source.x, v.source.y, 6, orange);
  top.axes();
  top.save(dir + "/geometry_cone_3d_top.png");

  // View 0: the central ray runs along +x, so the side view is the x-z plane.
  Canvas side(600, 130);
  side.box(lo_x, lo_z, hi_x, hi_z, grey);
  const pyronn::View3D& v0 = views[0];
  const float middle_column = float(columns - 1) / 2;
  for (int w = 0; w < rows; w += 8) {
    const pyronn::vec3 p = on_detector(v0, middle_column, float(w));
    side.line(v0.source.x, v0.source.z, p.x, p.z, blue);
  }
  const pyronn::vec3 c0 = on_detector(v0, middle_column, 0), c1 = on_detector(v0, middle_column, float(rows - 1));
  side.line(c0.x, c0.z, c1.x, c1.z, red, 5);
  side.dot(c0.x, c0.z, 6, dark_red);
  side.line(v0.source.x, v0.source.z, 0, 0, green, 3);
  side.dot(v0.source.x, v0.source.z, 6, orange);
  side.axes();
  side.save(dir + "/geometry_cone_3d_side.png");
}

void draw_parallel_3d(const std::string& dir) {
  pyronn::GeometryParallel3D g({32, 64, 96}, {1, 1, 1}, {40, 120}, {1, 1}, 12, pi);
  const auto views = g.views();
  const pyronn::Grid3D grid = g.grid();
  Canvas c(600, 110);
  c.box(grid.origin.x - 0.5f * grid.spacing.x, grid.origin.y - 0.5f * grid.spacing.y,
        grid.origin.x + (grid.nx - 0.5f) * grid.spacing.x, grid.origin.y + (grid.ny - 0.5f) * grid.spacing.y, grey);
  const pyronn::View3D& v = views[2];
  for (int u = 0; u < g.detector_shape()[1]; u += 8) {
    const pyronn::Ray3D r = pyronn::ParallelBeam3D::ray(v, float(u), 0.f);
    c.line(r.origin.x - 100 * r.dir.x, r.origin.y - 100 * r.dir.y, r.origin.x + 100 * r.dir.x,
           r.origin.y + 100 * r.dir.y, blue);
  }
  const pyronn::Ray3D first = pyronn::ParallelBeam3D::ray(v, 0.f, 0.f);
  const pyronn::Ray3D last = pyronn::ParallelBeam3D::ray(v, float(g.detector_shape()[1] - 1), 0.f);
  c.line(first.origin.x + 95 * v.ray.x, first.origin.y + 95 * v.ray.y, last.origin.x + 95 * v.ray.x,
         last.origin.y + 95 * v.ray.y, red, 5);
  c.dot(first.origin.x + 95 * v.ray.x, first.origin.y + 95 * v.ray.y, 6, dark_red);
  c.line(0, 0, 95 * v.ray.x, 95 * v.ray.y, green, 3);
  c.axes();
  c.save(dir + "/geometry_parallel_3d_top.png");
}

}  // namespace

int main(int argc, char* argv[]) {
  try {
    const std::string dir = argc > 1 ? argv[1] : ".";
    draw_parallel_2d(dir);
    draw_fan_2d(dir);
    draw_fan_arc_2d(dir);
    draw_cone_cylindrical_3d(dir);
    draw_cone_3d(dir);
    draw_parallel_3d(dir);
    std::printf("geometry pictures written to %s\n", dir.c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "draw_geometries: %s\n", e.what());
    return 1;
  }
}
