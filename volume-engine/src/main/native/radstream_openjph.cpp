// A C entry point over OpenJPH's C++ decoder (libopenjph, Debian libopenjph-dev), so that Java can
// call it through the FFM API, which binds C functions only. Built by build-openjph-shim.sh when a
// C++ compiler and the OpenJPH headers are present; without it HTJ2K decodes through OpenJPEG.
//
// Contract (see io.radstream.volume.codec.j2k.OpenJphShim): decode one HTJ2K codestream held in
// memory, on the calling thread, into the caller's buffer: int32 component planes one after the
// other, each width x height samples in raster order, as OpenJPH reconstructs them (unsigned
// components DC-shifted back, signed ones as signed); or, for one component, the 16-bit frame. Reversible codestreams only: OpenJPH hands
// irreversible (9/7) samples back as floats, and rounding them is not what other decoders do.
// Nothing is thrown across the C boundary: every error becomes a return code and a message.
#include <openjph/ojph_arch.h>
#include <openjph/ojph_file.h>
#include <openjph/ojph_mem.h>
#include <openjph/ojph_params.h>
#include <openjph/ojph_codestream.h>
#include <openjph/ojph_message.h>
#include <openjph/ojph_version.h>

#include <cstdarg>
#include <stdio.h>
#include <sys/types.h>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

thread_local char last_error[512];

// OpenJPH reports errors through a global handler that prints and throws; this one keeps the
// message for the caller and throws, so the decode unwinds to the catch below.
class keep_error : public ojph::message_error {
public:
    void operator()(int code, const char* file, int line, const char* fmt, ...) override {
        va_list args;
        va_start(args, fmt);
        int n = std::snprintf(last_error, sizeof last_error, "OpenJPH error 0x%x: ", code);
        if (n > 0 && n < (int) sizeof last_error) std::vsnprintf(last_error + n, sizeof last_error - n, fmt, args);
        va_end(args);
        throw std::runtime_error(last_error);
    }
};

// Info and warnings would go to stdout/stderr of the server: dropped.
class quiet_info : public ojph::message_info {
public:
    void operator()(int, const char*, int, const char*, ...) override {}
};
class quiet_warning : public ojph::message_warning {
public:
    void operator()(int, const char*, int, const char*, ...) override {}
};

keep_error error_handler;
quiet_info info_handler;
quiet_warning warning_handler;

// OpenJPH 0.9.0 (Debian bookworm) ignores configure_error/_info/_warning: each is an empty function
// in libopenjph.so.0.9.0 (objdump: a lone `ret`), so its default handlers stay, print to
// stderr/stdout and throw runtime_error("ojph error"). Its set_*_stream functions do work, so the
// streams go to cookie FILEs: the error stream appends to this thread's last_error (unbuffered, so
// each fprintf reaches the cookie inside the call, on the decoding thread), the others nowhere.
ssize_t append_error(void*, const char* text, size_t size) {
    size_t used = std::strlen(last_error);
    size_t room = sizeof last_error - 1 - used;
    size_t n = size < room ? size : room;
    std::memcpy(last_error + used, text, n);
    size_t end = used + n;
    last_error[end] = 0;
    while (end > 0 && last_error[end - 1] == '\n') last_error[--end] = 0; // the handler ends its line
    return (ssize_t) size;
}
ssize_t discard(void*, const char*, size_t size) {
    return (ssize_t) size;
}

FILE* cookie_stream(cookie_write_function_t* write) {
    cookie_io_functions_t io = {nullptr, write, nullptr, nullptr};
    FILE* f = fopencookie(nullptr, "w", io);
    if (f) std::setvbuf(f, nullptr, _IONBF, 0);
    return f;
}

struct install_handlers {
    install_handlers() {
        // newer OpenJPH: these replace the default handlers
        ojph::configure_error(&error_handler);
        ojph::configure_info(&info_handler);
        ojph::configure_warning(&warning_handler);
        // OpenJPH 0.9: the default handlers stay; where they print is what can be changed
        if (FILE* f = cookie_stream(append_error)) ojph::set_error_stream(f);
        if (FILE* f = cookie_stream(discard)) {
            ojph::set_warning_stream(f);
            ojph::set_info_stream(f);
        }
    }
} installed;

void set_error(const char* text) {
    std::snprintf(last_error, sizeof last_error, "%s", text);
}

}  // namespace

extern "C" {

enum { RS_OK = 0, RS_ERROR = 1, RS_UNSUPPORTED = 2 };

const char* radstream_openjph_version() {
    static char v[32];
    std::snprintf(v, sizeof v, "%d.%d.%d", OPENJPH_VERSION_MAJOR, OPENJPH_VERSION_MINOR, OPENJPH_VERSION_PATCH);
    return v;
}

// The message of the last failed call on this thread.
const char* radstream_openjph_error() {
    return last_error;
}

}  // extern "C"

namespace {

// Decodes the codestream and hands each reconstructed line to sink(component, row, samples).
template <typename Sink>
int decode_lines(const uint8_t* data, size_t size, uint32_t width, uint32_t height, uint32_t components, Sink sink) {
    last_error[0] = 0;
    try {
        ojph::mem_infile in;
        in.open(data, size);
        ojph::codestream cs;
        cs.read_headers(&in);
        ojph::param_siz siz = cs.access_siz();
        ojph::point extent = siz.get_image_extent(), offset = siz.get_image_offset();
        if (extent.x - offset.x != width || extent.y - offset.y != height || siz.get_num_components() != components) {
            set_error("codestream size differs from the frame");
            return RS_UNSUPPORTED;
        }
        for (uint32_t c = 0; c < components; c++) {
            ojph::point ds = siz.get_downsampling(c);
            if (ds.x != 1 || ds.y != 1) {
                set_error("sub-sampled component");
                return RS_UNSUPPORTED;
            }
        }
        if (!cs.access_cod().is_reversible()) {
            set_error("irreversible codestream");
            return RS_UNSUPPORTED;
        }
        cs.create();
        std::vector<uint32_t> row(components, 0);
        const size_t lines = (size_t) height * components;
        for (size_t i = 0; i < lines; i++) {
            ojph::ui32 c;
            ojph::line_buf* line = cs.pull(c);
            if (c >= components || row[c] >= height || line == nullptr || line->size < width) {
                cs.close();
                set_error("OpenJPH returned an unexpected line");
                return RS_ERROR;
            }
            sink(c, row[c], line->i32);
            row[c]++;
        }
        cs.close();
        return RS_OK;
    } catch (const std::exception& e) {
        if (!last_error[0]) set_error(e.what());
        return RS_ERROR;
    } catch (...) {
        set_error("OpenJPH failed with an unknown exception");
        return RS_ERROR;
    }
}

// Java's (v << s) >> s and (v << s) >>> s on 32-bit ints, without C's undefined signed shifts.
inline int32_t narrow(int32_t v, int shift, bool is_signed) {
    uint32_t up = (uint32_t) v << shift;
    return is_signed ? (int32_t) up >> shift : (int32_t) (up >> shift);
}

}  // namespace

extern "C" {

// Returns RS_OK, RS_ERROR (message in radstream_openjph_error) or RS_UNSUPPORTED (an irreversible
// or sub-sampled codestream, or one whose size is not width x height x components: the caller
// decodes it another way). out: component planes of width x height int32 samples.
int radstream_openjph_decode(const uint8_t* data, size_t size, uint32_t width, uint32_t height,
                             uint32_t components, int32_t* out) {
    const size_t plane = (size_t) width * height;
    return decode_lines(data, size, width, height, components, [&](uint32_t c, uint32_t y, const int32_t* samples) {
        std::memcpy(out + c * plane + (size_t) y * width, samples, (size_t) width * sizeof(int32_t));
    });
}

// One component straight into a 16-bit little-endian frame, each sample taken through the same two
// steps as the Java side (J2kSamples): the component's precision and sign (componentShift = 32 -
// precision), then Bits Stored and Pixel Representation (storedShift = 32 - Bits Stored). Saves the
// int32 frame and a pass over it.
int radstream_openjph_decode16(const uint8_t* data, size_t size, uint32_t width, uint32_t height, uint8_t* out,
                               int32_t component_shift, int32_t component_signed,
                               int32_t stored_shift, int32_t stored_signed) {
    if (component_shift < 0 || component_shift > 31 || stored_shift < 16 || stored_shift > 31) {
        set_error("shift out of range");
        return RS_ERROR;
    }
    const bool cs = component_signed != 0, ss = stored_signed != 0;
    return decode_lines(data, size, width, height, 1, [&](uint32_t, uint32_t y, const int32_t* samples) {
        uint8_t* o = out + (size_t) y * width * 2;
        for (uint32_t x = 0; x < width; x++) {
            int32_t v = narrow(narrow(samples[x], component_shift, cs), stored_shift, ss);
            o[2 * x] = (uint8_t) v;
            o[2 * x + 1] = (uint8_t) (v >> 8);
        }
    });
}

}  // extern "C"
