#!/usr/bin/python3
"""Independent reference for one rendered frame of the display pipeline, per VOI preset.

usage: voi_preset_reference.py FILE STORED.raw OUT.raw FRAME PRESET [CENTER WIDTH]

  STORED.raw: the frame's stored values as little-endian int32 (rows*columns); the decoders are
  verified bit-exact against the corpus references elsewhere, the display pipeline is checked here.
  FRAME: 0-based frame number. PRESET: the data set's VOI preset, VOI LUT Sequence items first then
  the windows (index = number of VOI LUTs + window index); -1 = a user window CENTER WIDTH, LINEAR.
  OUT.raw: uint8 display values.

Per frame the VOI attributes are those of the frame's Frame VOI LUT Sequence item (Per-frame
Functional Groups, else Shared, else the top level, PS3.3 C.7.6.16.1), read here with pydicom and
copied to the top level, where pydicom's apply_voi_lut / apply_windowing look. The modality transform
is pydicom's apply_modality_lut; a window's output is normalised to 0..255 over the range pydicom
maps into (y_min..y_max, pydicom's own rule), a VOI LUT's over 0..2^bits-1; then
floor(clip(f, 0, 1) * 255 + 0.5), and 255 - that for MONOCHROME1 xor Presentation LUT Shape INVERSE.
"""
import sys
import numpy as np
import pydicom
from pydicom.dataset import Dataset
from pydicom.pixel_data_handlers.util import apply_modality_lut, apply_voi_lut, apply_windowing

VOI_KEYS = ('WindowCenter', 'WindowWidth', 'WindowCenterWidthExplanation', 'VOILUTFunction', 'VOILUTSequence')


def frame_voi_item(ds, frame):
    for groups in (ds.get('PerFrameFunctionalGroupsSequence'), ds.get('SharedFunctionalGroupsSequence')):
        if not groups:
            continue
        g = groups[frame] if groups is ds.get('PerFrameFunctionalGroupsSequence') else groups[0]
        seq = g.get('FrameVOILUTSequence')
        if seq and 'WindowCenter' in seq[0]:
            return seq[0]
    return None


def main(a):
    path, stored_path, out_path, frame, preset = a[1], a[2], a[3], int(a[4]), int(a[5])
    ds = pydicom.dcmread(path, stop_before_pixels=True)
    item = frame_voi_item(ds, frame)
    if item is not None:
        for k in VOI_KEYS:
            if k in ds:
                delattr(ds, k)
        for k in VOI_KEYS:
            if k in item:
                setattr(ds, k, item[k].value)
    if preset < 0:
        for k in VOI_KEYS:
            if k in ds:
                delattr(ds, k)
        ds.WindowCenter, ds.WindowWidth = float(a[6]), float(a[7])
    arr = np.fromfile(stored_path, dtype='<i4').astype(np.int64)
    m = apply_modality_lut(arr, ds)
    luts = [i for i in ds.get('VOILUTSequence', []) if 'LUTData' in i and i.get('LUTDescriptor')]
    if preset >= 0 and preset < len(luts):
        bits = int(luts[preset].LUTDescriptor[2])
        y = apply_voi_lut(m, ds, index=preset, prefer_lut=True).astype(np.float64)
        f = y / (2 ** bits - 1)
    else:
        index = 0 if preset < 0 else preset - len(luts)
        bits_stored = int(ds.BitsStored)
        if ds.get('ModalityLUTSequence'):
            y_min, y_max = 0.0, float(2 ** int(ds.ModalityLUTSequence[0].LUTDescriptor[2]) - 1)
        elif ds.PixelRepresentation == 0:
            y_min, y_max = 0.0, float(2 ** bits_stored - 1)
        else:
            y_min, y_max = float(-2 ** (bits_stored - 1)), float(2 ** (bits_stored - 1) - 1)
        if 'RescaleSlope' in ds and 'RescaleIntercept' in ds:  # as pydicom, also with a Modality LUT
            y_min = y_min * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
            y_max = y_max * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
        y = apply_windowing(m.astype(np.float64), ds, index=index).astype(np.float64)
        f = (y - y_min) / (y_max - y_min)
    out = np.floor(np.clip(f, 0, 1) * 255 + 0.5).astype(np.uint8)
    if (ds.PhotometricInterpretation == 'MONOCHROME1') != (ds.get('PresentationLUTShape', '') == 'INVERSE'):
        out = 255 - out
    out.tofile(out_path)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
