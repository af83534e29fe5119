#!/usr/bin/python3
"""Test data: gives every file in DIR a non-linear Modality LUT Sequence (PS3.3 C.11.1), in place.

Usage: add_modality_lut.py DIR

The LUT of the file with Instance Number N maps stored value x (4096 entries from 0, 16 bits) to
round(65535 * (x / 4095) ** g), g = 0.5 + 0.1 * (N % 3): a gamma curve that differs from slice to
slice, so a reformat that interpolated stored values, or used one slice's LUT for all, would show.
Rescale Slope / Intercept are removed (the LUT replaces them). Prints the number of files.
"""
import glob
import os
import sys

import numpy as np
import pydicom
from pydicom.dataelem import DataElement
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence


def main(a):
    if len(a) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    files = sorted(glob.glob(os.path.join(a[1], "*")))
    for f in files:
        ds = pydicom.dcmread(f)
        g = 0.5 + 0.1 * (int(ds.InstanceNumber) % 3)
        x = np.arange(4096, dtype=np.float64)
        data = np.round(65535 * (x / 4095) ** g).astype(np.uint16)
        item = Dataset()
        item.add(DataElement(0x00283002, "US", [4096, 0, 16]))
        item.add(DataElement(0x00283006, "US", [int(v) for v in data]))
        item.LUTExplanation = "gamma %.1f" % g
        item.ModalityLUTType = "US"
        ds.ModalityLUTSequence = Sequence([item])
        for k in ("RescaleSlope", "RescaleIntercept", "RescaleType"):
            if k in ds:
                delattr(ds, k)
        ds.save_as(f)
    print(len(files))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
