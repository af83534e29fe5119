#!/usr/bin/python3
"""Independent reference for grid-aligned slabs (project, then resample).

Usage: grid_slab_reference.py DIR OUT.raw WIDTH HEIGHT TLX TLY TLZ SXX SXY SXZ SYX SYY SYZ SLAB PROJ CENTER WIDTH [modality]

DIR holds one single-frame CT series. Viewport pixel (x, y) has its centre at the patient position
TL + x*SX + y*SY (mm). The view normal SX x SY must be parallel to one of the volume's grid axes
(row direction r, column direction c, slice normal n = r x c of Image Orientation (Patient)).

* slices are read with pydicom and sorted along n; stored values are pixel_array as stored;
* the slab axis a is the grid axis parallel to the view normal; the slab centre is the fractional
  index q = (TL - O).dir_a / spacing_a (TL lies on the viewed plane) and the planes reduced are the
  integers p in [0, N_a - 1] with q - h - 1e-6 <= p <= q + h + 1e-6, h = SLAB / (2 spacing_a); if
  none while the slab overlaps [0, N_a - 1], the nearest plane floor(q + 0.5);
* PROJ mip|minip|avg: numpy max / min / mean over that axis of the stored values (MinIP ignores
  Pixel Padding Value (0028,0120) when the files have it: a column of padding only is empty);
  then the modality rescale (one slope/intercept for the series, checked);
* resampling: the pixel centre's in-plane grid indices (u, v) along the two other axes; outside
  [0, N-1] black; else scipy.ndimage.map_coordinates(order=1) of the projection; a pixel whose four
  neighbours (floor clamped to N-2) include an empty column is black;
* VOI LINEAR (PS3.3 C.11.2.1.2.1) to 8 bits.

With the trailing word "modality", every slice's stored values first go through pydicom's
apply_modality_lut (a Modality LUT Sequence, which may differ from slice to slice) and the
projection reduces those modality values; the Pixel Padding Value then means its modality value
(of the first slice).

Writes WIDTH*HEIGHT gray bytes to OUT.raw; prints the plane range.
"""
import glob
import math
import os
import sys

import numpy as np
import pydicom
from pydicom.pixel_data_handlers.util import apply_modality_lut
from scipy.ndimage import map_coordinates


def linear_voi(x, c, w):
    low, high = c - 0.5 - (w - 1) / 2, c - 0.5 + (w - 1) / 2
    y = np.where(x <= low, 0.0, np.where(x > high, 255.0, ((x - (c - 0.5)) / max(w - 1, 1e-12) + 0.5) * 255.0))
    return np.clip(np.floor(y + 0.5), 0, 255).astype(np.uint8)


def main(a):
    if len(a) not in (18, 19):
        print(__doc__, file=sys.stderr)
        return 2
    folder, out_path = a[1], a[2]
    w, h = int(a[3]), int(a[4])
    tl, sx, sy = (np.array([float(v) for v in a[i:i + 3]]) for i in (5, 8, 11))
    slab, proj, center, width = float(a[14]), a[15], float(a[16]), float(a[17])

    ds = [pydicom.dcmread(f) for f in sorted(glob.glob(os.path.join(folder, "*")))]
    iop = np.array([float(v) for v in ds[0].ImageOrientationPatient])
    r, c = iop[:3], iop[3:]
    n = np.cross(r, c)
    ds.sort(key=lambda d: float(np.dot(np.array([float(v) for v in d.ImagePositionPatient]), n)))
    pos = np.array([[float(v) for v in d.ImagePositionPatient] for d in ds])
    dz = float(np.mean(np.diff(pos @ n)))
    dr, dc = (float(v) for v in ds[0].PixelSpacing)
    slope = {float(getattr(d, "RescaleSlope", 1)) for d in ds}
    intercept = {float(getattr(d, "RescaleIntercept", 0)) for d in ds}
    if len(slope) != 1 or len(intercept) != 1:
        raise SystemExit("this reference expects one rescale for the series")
    slope, intercept = slope.pop(), intercept.pop()
    padding = int(ds[0].PixelPaddingValue) if "PixelPaddingValue" in ds[0] else None
    vol = np.stack([d.pixel_array.astype(np.int64) for d in ds])  # (k, j, i)
    if len(a) == 19 and a[18] == "modality":
        vol = np.stack([apply_modality_lut(d.pixel_array, d).astype(np.float64) for d in ds])
        if padding is not None:
            padding = float(apply_modality_lut(np.array([padding]), ds[0])[0])
        slope, intercept = 1.0, 0.0
    origin = pos[0]

    # grid axes in (i, j, k) order with their directions, spacings and array axes of vol
    dirs, spacing, size, array_axis = [r, c, n], [dc, dr, dz], [vol.shape[2], vol.shape[1], vol.shape[0]], [2, 1, 0]
    normal = np.cross(sx, sy)
    normal /= np.linalg.norm(normal)
    axis = int(np.argmax([abs(np.dot(normal, d)) for d in dirs]))
    if abs(np.dot(normal, dirs[axis])) < 1 - 1e-9:
        raise SystemExit("the view is not grid aligned")
    q = float(np.dot(tl - origin, dirs[axis])) / spacing[axis]
    half = slab / (2 * spacing[axis])
    first = max(0, math.ceil(q - half - 1e-6))
    last = min(size[axis] - 1, math.floor(q + half + 1e-6))
    if first > last and q + half >= -1e-6 and q - half <= size[axis] - 1 + 1e-6:
        first = last = int(min(size[axis] - 1, max(0, math.floor(q + 0.5))))
    if first > last:
        gray = np.zeros((h, w), dtype=np.uint8)
    else:
        sub = np.take(vol, range(first, last + 1), axis=array_axis[axis]).astype(np.float64)
        ax = array_axis[axis]
        empty = None
        if proj == "mip":
            p = sub.max(axis=ax)
        elif proj == "minip":
            if padding is not None:
                masked = np.where(sub == padding, np.inf, sub)
                p = masked.min(axis=ax)
                empty = np.isinf(p)
                p = np.where(empty, 0, p)
            else:
                p = sub.min(axis=ax)
        else:
            p = sub.mean(axis=ax)
        p = p * slope + intercept
        # p's array axes are the remaining grid axes in (k, j, i) order minus the slab axis
        others = [g for g in (2, 1, 0) if g != axis]  # grid axes along p's axis 0 and axis 1
        ys, xs = np.mgrid[0:h, 0:w].astype(np.float64)
        pts = tl[None, None, :] + xs[..., None] * sx[None, None, :] + ys[..., None] * sy[None, None, :] - origin
        coords = [pts @ dirs[g] / spacing[g] for g in others]
        inside = np.ones((h, w), dtype=bool)
        for q2, g in zip(coords, others):
            inside &= (q2 >= 0) & (q2 <= size[g] - 1)
        value = map_coordinates(p, [q2.ravel() for q2 in coords], order=1, mode="nearest").reshape(h, w)
        if empty is not None:
            i0 = [np.clip(np.minimum(np.floor(q2), max(0, size[g] - 2)), 0, None).astype(np.int64) for q2, g in zip(coords, others)]
            touch = np.zeros((h, w), dtype=bool)
            for d0 in (0, 1):
                for d1 in (0, 1):
                    a0 = np.clip(i0[0] + d0, 0, size[others[0]] - 1)
                    a1 = np.clip(i0[1] + d1, 0, size[others[1]] - 1)
                    touch |= empty[a0, a1]
            inside &= ~touch
        gray = np.where(inside, linear_voi(np.where(inside, value, 0), center, width), 0).astype(np.uint8)
    with open(out_path, "wb") as f:
        f.write(gray.tobytes())
    print("%d %d" % (first, last))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
