#version 450 core
// Native slice, nearest neighbour, then the slice's display table: stored value → 8 bits through the
// modality transform (rescale or Modality LUT), the selected VOI (window with its function, or VOI
// LUT) and the presentation inversion. The table is DisplayTables' — the very bytes CpuRenderer
// indexes — so the two backends agree exactly on every VOI the data can carry.
// Output row r of the framebuffer is image row r of the Frame (top-down), so glReadPixels' bottom-up
// order yields the Frame's rows without a flip.

layout(binding = 0) uniform usampler2DArray volume; // R16UI: the stored values' 16 bits
layout(binding = 1) uniform isampler2D mapping;     // R32I: row 0 = image column per viewport x,
                                                    //       row 1 = image row per viewport y, −1 outside
layout(binding = 2) uniform usampler2D display;     // R8UI 256 × 256: display value of the 16 bits b
                                                    // at (b & 255, b >> 8)
uniform int layer;          // slice index within this texture

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
    uint y = texelFetch(display, ivec2(bits & 255, bits >> 8), 0).r;
    gray = vec4(float(y) / 255.0, 0.0, 0.0, 1.0);
}
