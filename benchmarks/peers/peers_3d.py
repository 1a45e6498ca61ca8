"""3D cone beam: pyronn against RTK (itk-rtk, CPU): Joseph forward projection, Joseph
backprojection (its exact transpose) and FDK, same phantom and geometry.

Conventions: RTK's volume frame is pyronn's (y, z, -x) - its rotation axis is its y - and its
gantry angle turns the other way (RTK angle = -pyronn angle); its projections are laid out as
pyronn's [views][V][U] with neither detector axis flipped. With that mapping the two Joseph
projectors agree to float rounding on volumes that are zero near their faces (they treat the
volume's boundary differently). Each forward projection is also compared with the phantom's exact
line integrals.
"""

import numpy as np

import pyronn

from timing import relative_l2


def to_rtk(volume):
    """pyronn [Z][Y][X] -> RTK's array [z'][y'][x'] with x' = y, y' = z, z' = -x."""
    return np.ascontiguousarray(np.flip(volume.transpose(2, 0, 1), 0))


def from_rtk(array):
    return np.ascontiguousarray(np.flip(array, 0).transpose(1, 2, 0))


class Rtk3D:
    """RTK's filters for one geometry; each call re-runs its filter (Modified + Update)."""

    def __init__(self, geometry, volume, projections):
        import itk
        from itk import RTK as rtk
        self.itk = itk
        image = itk.Image[itk.F, 3]
        sdd, sid = geometry.source_detector_distance, geometry.source_isocenter_distance
        angles = np.arange(geometry.number_of_projections) * geometry.angular_range / geometry.number_of_projections
        self.geometry = rtk.ThreeDCircularProjectionGeometry.New()
        for a in angles:
            self.geometry.AddProjection(sid, sdd, float(-np.degrees(a)), 0.0, 0.0)
        nz, ny, nx = geometry.volume_shape
        sz, sy, sx = geometry.volume_spacing
        nv, nu = geometry.detector_shape
        dv, du = geometry.detector_spacing
        self.volume = self._image(to_rtk(volume), [-(ny - 1) / 2 * sy, -(nz - 1) / 2 * sz, -(nx - 1) / 2 * sx], [sy, sz, sx])
        self.empty_volume = self._image(np.zeros_like(to_rtk(volume)), self.volume.GetOrigin(), [sy, sz, sx])
        detector_origin = [-(nu - 1) / 2 * du, -(nv - 1) / 2 * dv, 0.0]
        self.projections = self._image(projections, detector_origin, [du, dv, 1.0])
        self.empty_projections = self._image(np.zeros_like(projections), detector_origin, [du, dv, 1.0])
        self.forward_filter = self._filter(rtk.JosephForwardProjectionImageFilter[image, image],
                                           self.empty_projections, self.volume)
        self.back_filter = self._filter(rtk.JosephBackProjectionImageFilter[image, image], self.empty_volume,
                                        self.projections)
        self.fdk_filter = self._filter(rtk.FDKConeBeamReconstructionFilter[image], self.empty_volume,
                                       self.projections)

    def _image(self, array, origin, spacing):
        image = self.itk.image_from_array(np.ascontiguousarray(array, dtype=np.float32))
        image.SetOrigin(list(origin))
        image.SetSpacing(list(spacing))
        return image

    def _filter(self, kind, first, second):
        f = kind.New()
        # RTK's projectors work in place on their first input by default, which would leave it
        # empty for the next call: every call here starts from the same inputs.
        if hasattr(f, "InPlaceOff"):
            f.InPlaceOff()
        f.SetInput(0, first)
        f.SetInput(1, second)
        f.SetGeometry(self.geometry)
        return f

    def run(self, f):
        f.Modified()
        f.Update()
        return self.itk.array_from_image(f.GetOutput())


def set_itk_threads(threads):
    """ITK filters take the global thread count when they are made (RTK's FDK is a pipeline of
    several), so this comes before Rtk3D."""
    import itk
    itk.MultiThreaderBase.SetGlobalMaximumNumberOfThreads(threads)
    itk.MultiThreaderBase.SetGlobalDefaultNumberOfThreads(threads)


def run_case(report, name, geometry, repeats, threads_list):
    ellipsoids = pyronn.shepp_logan_3d(0.45 * geometry.volume_shape[0] * geometry.volume_spacing[0])
    volume = pyronn.rasterize_3d(ellipsoids, geometry, 2)
    exact = pyronn.analytic_projections_3d(ellipsoids, geometry)
    projections = pyronn.Projector(geometry).forward(volume)
    for threads in threads_list:
        joseph = pyronn.Projector(geometry, threads=threads)
        marching = pyronn.Projector(geometry, threads=threads, model="ray_march", step_size=0.5)
        fdk = pyronn.FDK(geometry, "ram_lak", threads=threads)
        report.time(name, "forward", "pyronn", threads, lambda: joseph.forward(volume), repeats)
        report.time(name, "forward (ray march 0.5)", "pyronn", threads, lambda: marching.forward(volume), repeats)
        report.time(name, "adjoint (exact)", "pyronn", threads, lambda: joseph.adjoint(projections), repeats)
        report.time(name, "FDK", "pyronn", threads, lambda: fdk(projections), repeats)

    for threads in threads_list:
        set_itk_threads(threads)
        peer = Rtk3D(geometry, volume, projections)
        assert peer.forward_filter.GetMultiThreader().GetMaximumNumberOfThreads() == threads
        report.time(name, "forward", "rtk Joseph", threads, lambda: peer.run(peer.forward_filter), repeats)
        report.time(name, "adjoint (exact)", "rtk Joseph", threads, lambda: peer.run(peer.back_filter), repeats)
        report.time(name, "FDK", "rtk", threads, lambda: peer.run(peer.fdk_filter), repeats)

    rtk_projections = peer.run(peer.forward_filter)
    report.figure(f"{name}: pyronn Joseph forward vs analytic, relative L2", relative_l2(projections, exact))
    report.figure(f"{name}: pyronn ray march forward vs analytic, relative L2",
                  relative_l2(pyronn.Projector(geometry, model="ray_march").forward(volume), exact))
    report.figure(f"{name}: rtk Joseph forward vs analytic, relative L2", relative_l2(rtk_projections, exact))
    report.figure(f"{name}: pyronn vs rtk Joseph forward, relative L2", relative_l2(projections, rtk_projections))
    report.figure(f"{name}: pyronn adjoint vs rtk Joseph backprojection, relative L2",
                  relative_l2(pyronn.Projector(geometry).adjoint(projections), from_rtk(peer.run(peer.back_filter))))
    report.figure(f"{name}: pyronn FDK vs rtk FDK, relative L2",
                  relative_l2(pyronn.FDK(geometry)(projections), from_rtk(peer.run(peer.fdk_filter))))
