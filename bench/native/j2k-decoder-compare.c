// In-process comparison of two JPEG 2000 Part 1 decoders on the same codestreams: OpenJPEG
// (libopenjp2, what Radstream uses today) and Grok (libgrokj2k, an OpenJPEG fork). For each input
// it decodes the codestream RUNS times per decoder in this one process, the decoders taking turns
// (round robin, so that load changes on a shared machine hit every row alike), measures CPU time per decode
// with CLOCK_PROCESS_CPUTIME_ID (all threads of the process, so a multi-threaded decoder is charged
// for every core it used) and wall time, prints median and spread, and compares the decoded
// samples of every component, sample by sample.
//
// Build (needs libopenjp2-7-dev and the Grok headers, e.g. dpkg -x libgrokj2k1-dev_*.deb ROOT), one line:
//   gcc -O2 -o /tmp/j2k-decoder-compare bench/native/j2k-decoder-compare.c
//       -I/usr/include/openjpeg-2.5 -I ROOT/usr/include/grok-10.0 -lopenjp2 -l:libgrokj2k.so.1
// Run:   [OPJ_VARIANTS=1] /tmp/j2k-decoder-compare RUNS GROK_THREADS file.j2k...
//   GROK_THREADS is passed to grk_initialize (0 = Grok's default, all hardware threads).
//   RUNS=0 only compares the samples (e.g. over every corpus frame).
//   ONLY=openjpeg or ONLY=grok times one decoder alone (for perf stat); both still decode once to compare.
//   OPJ_VARIANTS=1 adds rows for the per-frame settings OpenJPEG offers (strict mode, stream buffer
//   size, opj_set_decoded_components, 2 threads, header parsing alone); their MB/s column is
//   meaningless for "header only", read its milliseconds: the fixed cost per frame.
// Profile OpenJPEG with symbols: link /usr/lib/x86_64-linux-gnu/libopenjp2.a instead of -lopenjp2
// and run under perf record.
#define _GNU_SOURCE
#include <openjpeg.h>
#include <grok.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct { int32_t *samples; uint32_t w, h, n, prec; int sgnd; } planes;

static double seconds(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

// ---- OpenJPEG, from memory, single-threaded, strict mode (as OpenJpegDecoder does) ----

typedef struct { const uint8_t *data; size_t size, pos; } memory;

static OPJ_SIZE_T mem_read(void *buf, OPJ_SIZE_T n, void *user) {
    memory *m = user;
    if (m->pos >= m->size) return (OPJ_SIZE_T) -1;
    if (n > m->size - m->pos) n = m->size - m->pos;
    memcpy(buf, m->data + m->pos, n);
    m->pos += n;
    return n;
}
static OPJ_OFF_T mem_skip(OPJ_OFF_T n, void *user) {
    memory *m = user;
    if (n < 0 || (size_t) n > m->size - m->pos) n = m->size - m->pos;
    m->pos += n;
    return n;
}
static OPJ_BOOL mem_seek(OPJ_OFF_T n, void *user) {
    memory *m = user;
    if (n < 0 || (size_t) n > m->size) return OPJ_FALSE;
    m->pos = n;
    return OPJ_TRUE;
}
static void quiet(const char *msg, void *user) { (void) msg; (void) user; }

// What the OpenJPEG variants change; the defaults are OpenJpegDecoder's settings.
static struct {
    int strict, threads, first_component_only, header_only;
    size_t chunk; // 0: OPJ_J2K_STREAM_CHUNK_SIZE (1 MiB); else the codestream size
} opj = { 1, 0, 0, 0, 0 };

static int openjpeg_decode(const uint8_t *data, size_t size, planes *out) {
    memory m = { data, size, 0 };
    opj_codec_t *codec = opj_create_decompress(OPJ_CODEC_J2K);
    opj_set_error_handler(codec, quiet, NULL);
    opj_set_warning_handler(codec, quiet, NULL);
    opj_dparameters_t p;
    opj_set_default_decoder_parameters(&p);
    opj_setup_decoder(codec, &p);
    opj_decoder_set_strict_mode(codec, opj.strict ? OPJ_TRUE : OPJ_FALSE);
    opj_codec_set_threads(codec, opj.threads);
    opj_stream_t *s = opj_stream_create(opj.chunk ? size : OPJ_J2K_STREAM_CHUNK_SIZE, OPJ_TRUE);
    opj_stream_set_read_function(s, mem_read);
    opj_stream_set_skip_function(s, mem_skip);
    opj_stream_set_seek_function(s, mem_seek);
    opj_stream_set_user_data(s, &m, NULL);
    opj_stream_set_user_data_length(s, size);
    opj_image_t *img = NULL;
    static const OPJ_UINT32 first[] = { 0 };
    int ok = opj_read_header(s, codec, &img)
             && (!opj.first_component_only || opj_set_decoded_components(codec, 1, first, OPJ_FALSE))
             && (opj.header_only || (opj_decode(codec, s, img) && opj_end_decompress(codec, s)));
    if (opj.header_only) out = NULL;
    if (ok && out) {
        out->w = img->comps[0].w; out->h = img->comps[0].h; out->n = img->numcomps;
        out->prec = img->comps[0].prec; out->sgnd = img->comps[0].sgnd;
        size_t plane = (size_t) out->w * out->h;
        out->samples = malloc(plane * out->n * sizeof(int32_t));
        for (uint32_t c = 0; c < out->n; c++) memcpy(out->samples + c * plane, img->comps[c].data, plane * 4);
    }
    if (img) opj_image_destroy(img);
    opj_stream_destroy(s);
    opj_destroy_codec(codec);
    return ok;
}

// ---- Grok, from memory; thread count set once by grk_initialize ----

static int grok_decode(const uint8_t *data, size_t size, planes *out) {
    grk_stream_params sp;
    memset(&sp, 0, sizeof sp);
    sp.buf = (uint8_t *) data;
    sp.len = size;
    grk_decompress_core_params core;
    grk_decompress_set_default_params(&core);
    grk_codec *codec = grk_decompress_init(&sp, &core);
    if (!codec) return 0;
    static grk_header_info hdr; // large (comments, asoc boxes): not on the stack
    memset(&hdr, 0, sizeof hdr);
    int ok = grk_decompress_read_header(codec, &hdr) && grk_decompress(codec, NULL);
    grk_image *img = ok ? grk_decompress_get_composited_image(codec) : NULL;
    ok = ok && img;
    if (ok && out) {
        out->w = img->comps[0].w; out->h = img->comps[0].h; out->n = img->numcomps;
        out->prec = img->comps[0].prec; out->sgnd = img->comps[0].sgnd;
        size_t plane = (size_t) out->w * out->h;
        out->samples = malloc(plane * out->n * sizeof(int32_t));
        for (uint32_t c = 0; c < out->n; c++) {
            grk_image_comp *k = &img->comps[c];
            for (uint32_t y = 0; y < k->h; y++)
                memcpy(out->samples + c * plane + (size_t) y * out->w, k->data + (size_t) y * k->stride, out->w * 4);
        }
    }
    grk_object_unref(codec);
    return ok;
}

typedef int (*decoder)(const uint8_t *, size_t, planes *);

// One row of the table: a decoder and, for OpenJPEG, the settings it runs with.
typedef struct {
    const char *name;
    decoder dec;
    int strict, threads, first_component_only, header_only, chunk;
    double *cpu, *wall;
} variant;

static void apply(const variant *v) {
    opj.strict = v->strict;
    opj.threads = v->threads;
    opj.first_component_only = v->first_component_only;
    opj.header_only = v->header_only;
    opj.chunk = v->chunk;
}

// Round robin: run i decodes once with every variant, in turn, so that a change in the machine's
// load (it is shared) falls on all rows alike instead of on whichever ran during it.
static void measure(variant *vs, int count, const uint8_t *data, size_t size, int runs, size_t decoded_bytes) {
    for (int k = 0; k < count; k++) {
        vs[k].cpu = malloc(runs * sizeof(double));
        vs[k].wall = malloc(runs * sizeof(double));
        apply(&vs[k]);
        vs[k].dec(data, size, NULL); // warm-up: first-use allocations, page faults
    }
    for (int i = 0; i < runs; i++) {
        for (int k = 0; k < count; k++) {
            apply(&vs[k]);
            double c0 = seconds(CLOCK_PROCESS_CPUTIME_ID), w0 = seconds(CLOCK_MONOTONIC);
            if (!vs[k].dec(data, size, NULL)) { fprintf(stderr, "%s: decode failed\n", vs[k].name); exit(1); }
            vs[k].cpu[i] = seconds(CLOCK_PROCESS_CPUTIME_ID) - c0;
            vs[k].wall[i] = seconds(CLOCK_MONOTONIC) - w0;
        }
    }
    for (int k = 0; k < count; k++) {
        double *cpu = vs[k].cpu, *wall = vs[k].wall;
        qsort(cpu, runs, sizeof(double), cmp_double);
        qsort(wall, runs, sizeof(double), cmp_double);
        double mc = cpu[runs / 2], mw = wall[runs / 2];
        if (vs[k].header_only)
            printf("  %-30s cpu median %8.3f ms (min %8.3f, max %8.3f)  wall median %8.3f ms  (fixed cost per frame)\n",
                   vs[k].name, mc * 1e3, cpu[0] * 1e3, cpu[runs - 1] * 1e3, mw * 1e3);
        else
            printf("  %-30s cpu median %8.2f ms (min %8.2f, max %8.2f)  wall median %8.2f ms  -> %6.1f MB/s per CPU-second, %6.1f MB/s wall\n",
                   vs[k].name, mc * 1e3, cpu[0] * 1e3, cpu[runs - 1] * 1e3, mw * 1e3, decoded_bytes / mc / 1e6,
                   decoded_bytes / mw / 1e6);
        free(cpu);
        free(wall);
    }
}

int main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: %s RUNS GROK_THREADS file.j2k...\n", argv[0]); return 2; }
    int runs = atoi(argv[1]);
    unsigned grok_threads = (unsigned) atoi(argv[2]);
    grk_initialize(NULL, grok_threads);
    grk_set_msg_handlers(quiet, NULL, quiet, NULL, quiet, NULL);
    printf("OpenJPEG %s, Grok %s (grk_initialize threads=%u), %d runs each, interleaved\n", opj_version(), grk_version(),
           grok_threads, runs);
    const char *only = getenv("ONLY");
    int with_openjpeg = !only || !strcmp(only, "openjpeg"), with_grok = !only || !strcmp(only, "grok");
    variant all[8];
    int count = 0;
    // OpenJpegDecoder's settings: strict mode, decoding on the calling thread, 1 MiB stream buffer
    if (with_openjpeg) all[count++] = (variant) { "OpenJPEG (1 thread)", openjpeg_decode, 1, 0, 0, 0, 0, 0, 0 };
    if (with_openjpeg && getenv("OPJ_VARIANTS")) {
        // the per-frame settings OpenJPEG offers that keep the whole frame at full quality
        all[count++] = (variant) { "OpenJPEG, strict mode off", openjpeg_decode, 0, 0, 0, 0, 0, 0, 0 };
        all[count++] = (variant) { "OpenJPEG, stream buffer=size", openjpeg_decode, 1, 0, 0, 0, 1, 0, 0 };
        all[count++] = (variant) { "OpenJPEG, decoded comps {0}", openjpeg_decode, 1, 0, 1, 0, 0, 0, 0 };
        all[count++] = (variant) { "OpenJPEG, 2 threads", openjpeg_decode, 1, 2, 0, 0, 0, 0, 0 };
        all[count++] = (variant) { "OpenJPEG, header only", openjpeg_decode, 1, 0, 0, 1, 0, 0, 0 };
    }
    if (with_grok)
        all[count++] = (variant) { grok_threads == 0 ? "Grok (default threads)" : grok_threads == 1 ? "Grok (1 thread)"
                                                                                               : "Grok (n threads)",
                                   grok_decode, 1, 0, 0, 0, 0, 0, 0 };
    for (int f = 3; f < argc; f++) {
        FILE *in = fopen(argv[f], "rb");
        if (!in) { perror(argv[f]); return 1; }
        fseek(in, 0, SEEK_END);
        size_t size = ftell(in);
        fseek(in, 0, SEEK_SET);
        uint8_t *data = malloc(size);
        if (fread(data, 1, size, in) != size) { perror(argv[f]); return 1; }
        fclose(in);
        planes a = {0}, b = {0};
        // the comparison decodes with OpenJpegDecoder's settings
        opj.strict = 1, opj.threads = 0, opj.first_component_only = 0, opj.header_only = 0, opj.chunk = 0;
        if (!openjpeg_decode(data, size, &a)) { fprintf(stderr, "%s: OpenJPEG failed\n", argv[f]); return 1; }
        if (!grok_decode(data, size, &b)) { fprintf(stderr, "%s: Grok failed\n", argv[f]); return 1; }
        size_t samples = (size_t) a.w * a.h * a.n, differ = 0;
        int same_shape = a.w == b.w && a.h == b.h && a.n == b.n && a.prec == b.prec && a.sgnd == b.sgnd;
        if (same_shape)
            for (size_t i = 0; i < samples; i++) differ += a.samples[i] != b.samples[i];
        size_t decoded_bytes = samples * (a.prec > 8 ? 2 : 1);
        printf("%s: %zu bytes, %ux%u x%u, %u-bit %s; Grok vs OpenJPEG: %s, %zu of %zu samples differ\n", argv[f], size,
               a.w, a.h, a.n, a.prec, a.sgnd ? "signed" : "unsigned", same_shape ? "same shape" : "SHAPE DIFFERS",
               differ, samples);
        if (runs > 0) measure(all, count, data, size, runs, decoded_bytes);
        free(a.samples);
        free(b.samples);
        free(data);
    }
    grk_deinitialize();
    return 0;
}
