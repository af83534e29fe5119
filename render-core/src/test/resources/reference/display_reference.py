#!/usr/bin/python3
"""Independent display pipeline reference: pydicom's apply_modality_lut + apply_voi_lut (2.3.1).

usage: display_reference.py FILE STORED.raw OUT.raw
  STORED.raw: the frame's stored values as little-endian int32 (rows*columns), already verified
  bit-exact against the corpus references; the LUT application is what is being checked here.
  OUT.raw: uint8 display values: the VOI output normalised to 0..255 over the range pydicom maps
  into (windowing: y_min..y_max; VOI LUT: 0..2^bits-1), inverted for MONOCHROME1.
"""
import sys
import numpy as np
import pydicom
from pydicom.pixel_data_handlers.util import apply_modality_lut, apply_voi_lut

path, stored_path, out_path = sys.argv[1:4]
ds = pydicom.dcmread(path, stop_before_pixels=True)
arr = np.fromfile(stored_path, dtype='<i4').astype(np.int64)
m = apply_modality_lut(arr, ds)
if 'VOILUTSequence' in ds:
    item = ds.VOILUTSequence[0]
    bits = int(item.LUTDescriptor[2])
    y = apply_voi_lut(m, ds, prefer_lut=True).astype(np.float64)
    f = y / (2 ** bits - 1)
else:
    bits_stored = int(ds.BitsStored)
    if ds.get('ModalityLUTSequence'):
        y_min, y_max = 0.0, float(2 ** int(ds.ModalityLUTSequence[0].LUTDescriptor[2]) - 1)
    elif ds.PixelRepresentation == 0:
        y_min, y_max = 0.0, float(2 ** bits_stored - 1)
    else:
        y_min, y_max = float(-2 ** (bits_stored - 1)), float(2 ** (bits_stored - 1) - 1)
    if 'RescaleSlope' in ds and 'RescaleIntercept' in ds:
        y_min = y_min * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
        y_max = y_max * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
    y = apply_voi_lut(m, ds, prefer_lut=True).astype(np.float64)
    f = (y - y_min) / (y_max - y_min)
out = np.floor(np.clip(f, 0, 1) * 255 + 0.5).astype(np.uint8)
if ds.PhotometricInterpretation == 'MONOCHROME1':
    out = 255 - out
out.tofile(out_path)
