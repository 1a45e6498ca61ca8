"""2D: pyronn against ASTRA Toolbox (CPU projectors) and scikit-image, same phantom and geometry.

Conventions: ASTRA's projection angle is pyronn's -a - pi/2 and its detector runs the same way
(pyronn's Joseph projector and ASTRA's 'linear' then agree to float rounding); ASTRA's volume
pixels are its unit of length, so pyronn's 1 mm pixels map one to one. ASTRA's CPU fan-beam
projector is 'line_fanflat' (Siddon's method: another model, so only roughly comparable).
scikit-image rotates about pixel N/2 and returns [bins][views]; it is timed, not compared.
"""

import numpy as np

import pyronn

from timing import relative_l2


def astra_angles(geometry):
    a = np.arange(geometry.number_of_projections) * geometry.angular_range / geometry.number_of_projections
    return -a - np.pi / 2


class Astra2D:
    """ASTRA's FP, BP and FBP algorithms on data objects made once, as a user would reuse them."""

    def __init__(self, geometry, image):
        import astra
        self.astra = astra
        n_y, n_x = geometry.volume_shape
        vol_geom = astra.create_vol_geom(n_y, n_x)
        if isinstance(geometry, pyronn.GeometryFan2D):
            proj_geom = astra.create_proj_geom("fanflat", geometry.detector_spacing, geometry.detector_shape,
                                               astra_angles(geometry), geometry.source_isocenter_distance,
                                               geometry.source_detector_distance - geometry.source_isocenter_distance)
            self.projector_name = "line_fanflat"
        else:
            proj_geom = astra.create_proj_geom("parallel", geometry.detector_spacing, geometry.detector_shape,
                                               astra_angles(geometry))
            self.projector_name = "linear"
        self.projector = astra.create_projector(self.projector_name, proj_geom, vol_geom)
        self.volume = astra.data2d.create("-vol", vol_geom, image)
        self.sinogram = astra.data2d.create("-sino", proj_geom, 0)
        self.reconstruction = astra.data2d.create("-vol", vol_geom, 0)
        self.fp = self._algorithm("FP", VolumeDataId=self.volume, ProjectionDataId=self.sinogram)
        self.bp = self._algorithm("BP", ReconstructionDataId=self.reconstruction, ProjectionDataId=self.sinogram)
        # ASTRA's CPU FBP supports parallel beams only.
        self.fbp = None if self.projector_name == "line_fanflat" else self._algorithm(
            "FBP", ReconstructionDataId=self.reconstruction, ProjectionDataId=self.sinogram, FilterType="Ram-Lak")

    def _algorithm(self, kind, **ids):
        cfg = self.astra.astra_dict(kind)
        cfg["ProjectorId"] = self.projector
        cfg.update(ids)
        return self.astra.algorithm.create(cfg)

    def run(self, algorithm):
        self.astra.algorithm.run(algorithm)

    def sinogram_data(self):
        return self.astra.data2d.get(self.sinogram)

    def set_sinogram(self, sinogram):
        self.astra.data2d.store(self.sinogram, sinogram)

    def reconstruction_data(self):
        return self.astra.data2d.get(self.reconstruction)


def run_case(report, name, geometry, repeats, threads_list):
    image = pyronn.rasterize_2d(pyronn.shepp_logan_2d(0.45 * geometry.volume_shape[0]), geometry, 2)
    sinogram = pyronn.Projector(geometry).forward(image)
    for threads in threads_list:
        projector, fbp = pyronn.Projector(geometry, threads=threads), pyronn.FBP(geometry, "ram_lak", threads=threads)
        report.time(name, "forward", "pyronn", threads, lambda: projector.forward(image), repeats)
        report.time(name, "adjoint (exact)", "pyronn", threads, lambda: projector.adjoint(sinogram), repeats)
        report.time(name, "backproject_fbp", "pyronn", threads, lambda: projector.backproject_fbp(sinogram), repeats)
        report.time(name, "backproject_fbp_transpose", "pyronn", threads,
                    lambda: projector.backproject_fbp_transpose(image), repeats)
        report.time(name, "FBP", "pyronn", threads, lambda: fbp(sinogram), repeats)

    peer = Astra2D(geometry, image)
    label = "astra " + peer.projector_name
    report.time(name, "forward", label, 1, lambda: peer.run(peer.fp), repeats)
    ours = pyronn.Projector(geometry)
    report.figure(f"{name}: pyronn forward vs {label}, relative L2", relative_l2(ours.forward(image),
                                                                                  peer.sinogram_data()))
    peer.set_sinogram(sinogram)
    report.time(name, "adjoint (exact)", label, 1, lambda: peer.run(peer.bp), repeats)
    report.figure(f"{name}: pyronn adjoint vs {label} BP, relative L2",
                  relative_l2(ours.adjoint(sinogram), peer.reconstruction_data()))
    if peer.fbp is not None:
        report.time(name, "FBP", label, 1, lambda: peer.run(peer.fbp), repeats)
        report.figure(f"{name}: pyronn FBP vs {label} FBP, relative L2",
                      relative_l2(pyronn.FBP(geometry)(sinogram), peer.reconstruction_data()))

    if not isinstance(geometry, pyronn.GeometryFan2D):
        from skimage.transform import iradon, radon
        theta = np.degrees(np.arange(geometry.number_of_projections) * geometry.angular_range
                           / geometry.number_of_projections)
        report.time(name, "forward", "scikit-image", 1, lambda: radon(image, theta, circle=False), repeats)
        sk_sinogram = radon(image, theta, circle=False)
        report.time(name, "FBP", "scikit-image", 1,
                    lambda: iradon(sk_sinogram, theta, filter_name="ramp", circle=False), repeats)
