#!/usr/bin/python3
"""Independent reference for the grayscale display pipeline (modality LUT + LINEAR VOI).

Usage: voi_reference.py FILE CENTER WIDTH OUT.raw [FRAME]

Reads FILE with pydicom, applies the modality LUT with pydicom's apply_modality_lut, then the
DICOM LINEAR VOI function of PS3.3 C.11.2.1.2.1 written out here in numpy (deliberately NOT
pydicom's apply_voi_lut, so the Java renderer is checked against two independent pieces):

    x <= c - 0.5 - (w-1)/2  -> 0
    x >  c - 0.5 + (w-1)/2  -> 255
    else y = ((x - (c - 0.5)) / (w - 1) + 0.5) * 255

rounded half up (floor(y + 0.5)), clipped to 0..255, as uint8. MONOCHROME1 is inverted (255 - y)
after rounding. FRAME is the 0-based frame of a multi-frame image (default 0).

Writes rows*cols bytes (row-major, one byte per pixel) to OUT.raw and prints "rows cols" on stdout.
Exit status 2 on bad usage or an image this reference does not cover (colour, width < 1), 3 when
pydicom cannot decode the pixel data (compressed syntaxes need a pydicom handler: Debian's
python3-pydicom decodes native, deflated and RLE data, and JPEG/JPEG 2000 only via Pillow).
"""
import sys

import numpy as np
import pydicom
from pydicom.pixel_data_handlers.util import apply_modality_lut


def linear_voi(x, center, width):
    """PS3.3 C.11.2.1.2.1 LINEAR, output range 0..255, in float64 then rounded half up."""
    x = np.asarray(x, dtype=np.float64)
    c = float(center)
    w = float(width)
    low = c - 0.5 - (w - 1.0) / 2.0
    high = c - 0.5 + (w - 1.0) / 2.0
    out = np.empty(x.shape, dtype=np.float64)
    below = x <= low
    above = x > high
    inside = ~(below | above)
    out[below] = 0.0
    out[above] = 255.0
    if w > 1.0:  # with w == 1 the 'inside' set is empty: low == high
        out[inside] = ((x[inside] - (c - 0.5)) / (w - 1.0) + 0.5) * 255.0
    return np.clip(np.floor(out + 0.5), 0, 255).astype(np.uint8)


def main(argv):
    if len(argv) not in (5, 6):
        print(__doc__, file=sys.stderr)
        return 2
    path, center, width, out_path = argv[1], float(argv[2]), float(argv[3]), argv[4]
    frame = int(argv[5]) if len(argv) == 6 else 0
    if width < 1.0:
        print("window width must be >= 1, got %s" % width, file=sys.stderr)
        return 2

    ds = pydicom.dcmread(path)
    photometric = str(ds.get("PhotometricInterpretation", "")).strip()
    if int(ds.get("SamplesPerPixel", 1)) != 1 or photometric not in ("MONOCHROME1", "MONOCHROME2"):
        print("not a grayscale image: %s" % photometric, file=sys.stderr)
        return 2

    try:
        pixels = ds.pixel_array
    except Exception as e:  # e.g. a compressed syntax without an installed pydicom handler
        print("cannot decode pixel data: %s" % e, file=sys.stderr)
        return 3
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    if frames > 1:
        if not 0 <= frame < frames:
            print("frame %d out of range 0..%d" % (frame, frames - 1), file=sys.stderr)
            return 2
        pixels = pixels[frame]
    elif frame != 0:
        print("single-frame image has no frame %d" % frame, file=sys.stderr)
        return 2

    modality = apply_modality_lut(pixels, ds)
    out = linear_voi(modality, center, width)
    if photometric == "MONOCHROME1":
        out = (255 - out).astype(np.uint8)

    rows, cols = out.shape
    with open(out_path, "wb") as f:
        f.write(np.ascontiguousarray(out, dtype=np.uint8).tobytes())
    print("%d %d" % (rows, cols))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
