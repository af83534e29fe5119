#!/usr/bin/env bash
# Debian packages the tests use as independent peers and references:
#   dcmtk (dcmdump, dcm2pnm; dcmcrle, dcmcjpeg, dcmdjpeg, dcmcjpls, img2dcm for the codec transcoding
#   matrix), dicom3tools (dciodvfy), libgdcm-tools (gdcmconv), netpbm (pnmtojpeg: JPEGs with restart
#   markers), openjph-tools (ojph_compress/ojph_expand: HTJ2K encoder for the transcoding tests),
#   python3-pydicom + python3-numpy + python3-scipy (reference computations), chromium (browser tests);
# and the codec libraries Radstream itself loads at run time through FFM:
#   libopenjp2-7 (JPEG 2000 and HTJ2K), libcharls2 (JPEG-LS), libopenh264-7 (H.264 encoding; jcodec otherwise);
#   g++ + libopenjph-dev build the optional OpenJPH shim (faster lossless HTJ2K) that scripts/test.sh builds and tests.
# and headless OpenGL for the GL backend's parity tests (EGL device platform, Mesa llvmpipe without
#   a GPU): libegl1 (GLVND libEGL), libegl-mesa0 (Mesa's EGL vendor), libgl1-mesa-dri (llvmpipe).
set -euo pipefail
packages=(dcmtk dicom3tools libgdcm-tools netpbm openjph-tools libopenjp2-7 libcharls2 libegl1 libegl-mesa0 libgl1-mesa-dri python3-pydicom python3-numpy python3-scipy chromium libopenh264-7 g++ libopenjph-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
  echo "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
