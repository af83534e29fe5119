#version 450 core
// Native slice, nearest neighbour, Modality LUT (linear rescale) then VOI LINEAR, MONOCHROME1
// inverted: the same arithmetic as CpuRenderer / ImageMapping / VoiLut, in double precision.
// Output row r of the framebuffer is image row r of the Frame (top-down), so glReadPixels' bottom-up
// order yields the Frame's rows without a flip.

layout(binding = 0) uniform usampler2DArray volume; // R16UI: the stored values' 16 bits
layout(binding = 1) uniform isampler2D mapping;     // R32I: row 0 = image column per viewport x,
                                                    //       row 1 = image row per viewport y, −1 outside
uniform int layer;          // slice index within this texture
uniform bool signedValues;  // Pixel Representation 1: the 16 bits are two's complement
uniform double slope;       // this slice's Rescale Slope
uniform double intercept;   // this slice's Rescale Intercept
uniform double center;      // window centre
uniform double width;       // window width
uniform bool invert;        // MONOCHROME1

out vec4 gray;

void main() {
    ivec2 p = ivec2(gl_FragCoord.xy);
    int column = texelFetch(mapping, ivec2(p.x, 0), 0).r;
    int row = texelFetch(mapping, ivec2(p.y, 1), 0).r;
    if (column < 0 || row < 0) { // outside the image: black, whatever the photometric interpretation
        gray = vec4(0.0, 0.0, 0.0, 1.0);
        return;
    }
    int bits = int(texelFetch(volume, ivec3(column, row, layer), 0).r);
    int stored = signedValues && bits >= 32768 ? bits - 65536 : bits;
    precise double x = double(stored) * slope + intercept;
    precise double c = center - 0.5LF;
    precise double w = width - 1.0LF;
    int y;
    if (x <= c - w / 2.0LF) {
        y = 0;
    } else if (x > c + w / 2.0LF) {
        y = 255;
    } else {
        precise double v = ((x - c) / w + 0.5LF) * 255.0LF;
        y = clamp(int(floor(v + 0.5LF)), 0, 255);
    }
    if (invert) y = 255 - y;
    gray = vec4(float(y) / 255.0, 0.0, 0.0, 1.0);
}
