#!/usr/bin/python3
"""Independent reference for reformats (MPR planes and MIP / MinIP / AVG slabs).

Usage: mpr_reference.py DIR OUT.raw WIDTH HEIGHT TLX TLY TLZ SXX SXY SXZ SYX SYY SYZ SLAB PROJ CENTER WIDTH [FUNCTION [INVERT]]

DIR holds one single-frame CT series. The viewport pixel (x, y) samples the patient position
TL + x*SX + y*SY (mm; TL is the centre of pixel (0, 0), SX and SY the steps between pixels),
given explicitly so that this script depends on nothing but the DICOM files for the volume:

* slices are read with pydicom and sorted by Image Position (Patient) projected on the normal
  n = row x column of Image Orientation (Patient) (PS3.3 C.7.6.2.1.1); the slice spacing is the
  mean distance between consecutive positions along n;
* modality values come from pydicom's apply_modality_lut, per slice;
* a patient position P becomes the fractional index (k, j, i) = ((P-O).n / dz, (P-O).c / dr,
  (P-O).r / dc), with O the first slice's position, r/c the row/column directions and dr, dc the
  Pixel Spacing; values come from scipy.ndimage.map_coordinates(order=1) (trilinear);
* a position is inside when 0 <= i <= cols-1, 0 <= j <= rows-1, 0 <= k <= slices-1;
* a slab of SLAB mm (PROJ mip|minip|avg; SLAB 0 = thin plane) takes N = ceil(SLAB / s) + 1
  samples evenly from -SLAB/2 to +SLAB/2 along the plane normal SX x SY (unit), s the smallest
  voxel spacing, and combines the inside ones; a pixel with none inside is 0;
* the VOI gives 8 bits: FUNCTION (default LINEAR) is the VOI LUT Function of PS3.3 C.11.2.1.2.1
  (LINEAR) or C.11.2.1.3 (LINEAR_EXACT, SIGMOID), its output fraction f in [0, 1] scaled as
  floor(f * 255 + 0.5); INVERT 1 inverts (MONOCHROME1 or Presentation LUT Shape INVERSE).

Writes WIDTH*HEIGHT gray bytes to OUT.raw and as many bytes to OUT.raw.edge, 1 where some sample
lies within 1e-3 voxel of the volume's boundary (where inside/outside may differ by rounding).
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


def voi(x, c, w, function):
    if function == "LINEAR":
        return linear_voi(x, c, w)
    if function == "LINEAR_EXACT":
        f = np.where(x <= c - w / 2, 0.0, np.where(x > c + w / 2, 1.0, (x - c) / w + 0.5))
    elif function == "SIGMOID":
        f = 1.0 / (1.0 + np.exp(-4.0 * (x - c) / w))
    else:
        raise SystemExit("unknown VOI LUT Function " + function)
    return np.floor(np.clip(f, 0, 1) * 255 + 0.5).astype(np.uint8)


def main(a):
    if len(a) not in (18, 19, 20):
        print(__doc__, file=sys.stderr)
        return 2
    folder, out_path = a[1], a[2]
    w, h = int(a[3]), int(a[4])
    tl, sx, sy = (np.array([float(v) for v in a[i:i + 3]]) for i in (5, 8, 11))
    slab, proj, center, width = float(a[14]), a[15], float(a[16]), float(a[17])
    function = a[18] if len(a) > 18 else "LINEAR"
    invert = len(a) > 19 and a[19] == "1"

    ds = [pydicom.dcmread(f) for f in sorted(glob.glob(os.path.join(folder, "*")))]
    iop = np.array([float(v) for v in ds[0].ImageOrientationPatient])
    r, c = iop[:3], iop[3:]
    n = np.cross(r, c)
    ds.sort(key=lambda d: float(np.dot(np.array([float(v) for v in d.ImagePositionPatient]), n)))
    pos = np.array([[float(v) for v in d.ImagePositionPatient] for d in ds])
    dz = float(np.mean(np.diff(pos @ n))) if len(ds) > 1 else 1.0
    dr, dc = (float(v) for v in ds[0].PixelSpacing)
    vol = np.stack([apply_modality_lut(d.pixel_array, d).astype(np.float64) for d in ds])
    ns, nr, nc = vol.shape
    origin = pos[0]

    normal = np.cross(sx, sy)
    normal /= np.linalg.norm(normal)
    step = min(dr, dc, dz)
    count = 1 if slab <= 0 else int(math.ceil(slab / step - 1e-9)) + 1
    offsets = [0.0] if count == 1 else [-slab / 2 + t * slab / (count - 1) for t in range(count)]

    ys, xs = np.mgrid[0:h, 0:w].astype(np.float64)
    base = tl[None, None, :] + xs[..., None] * sx[None, None, :] + ys[..., None] * sy[None, None, :]
    if proj == "mip":
        acc = np.full((h, w), -np.inf)
    elif proj == "minip":
        acc = np.full((h, w), np.inf)
    else:
        acc = np.zeros((h, w))
    hits = np.zeros((h, w), dtype=np.int64)
    edge = np.zeros((h, w), dtype=bool)
    for off in offsets:
        d = base + off * normal[None, None, :] - origin[None, None, :]
        k, j, i = d @ n / dz, d @ c / dr, d @ r / dc
        inside = (i >= 0) & (i <= nc - 1) & (j >= 0) & (j <= nr - 1) & (k >= 0) & (k <= ns - 1)
        e = 1e-3
        for q, m in ((i, nc - 1), (j, nr - 1), (k, ns - 1)):
            edge |= (np.abs(q) < e) | (np.abs(q - m) < e)
        v = map_coordinates(vol, [k.ravel(), j.ravel(), i.ravel()], order=1, mode="nearest").reshape(h, w)
        if proj == "mip":
            acc = np.where(inside, np.maximum(acc, v), acc)
        elif proj == "minip":
            acc = np.where(inside, np.minimum(acc, v), acc)
        else:
            acc = np.where(inside, acc + v, acc)
        hits += inside
    if proj == "avg":
        acc = np.where(hits > 0, acc / np.maximum(hits, 1), 0)
    shown = voi(np.where(hits > 0, acc, 0), center, width, function)
    if invert:
        shown = 255 - shown
    gray = np.where(hits > 0, shown, 0).astype(np.uint8)
    with open(out_path, "wb") as f:
        f.write(gray.tobytes())
    with open(out_path + ".edge", "wb") as f:
        f.write(edge.astype(np.uint8).tobytes())
    print("%d %d %d" % (w, h, count))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
