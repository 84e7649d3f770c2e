// libpng behind setjmp: see include/png_shim.h for the contract.
#include "png_shim.h"

#include <errno.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/// State shared with libpng's callbacks: the open file and the first error seen.
typedef struct {
    FILE *file;
    tw_png_status status;
    char *err;
    size_t errlen;
} tw_io;

/// Records the first failure (later ones are consequences) and returns its code.
static tw_png_status fail(tw_io *io, tw_png_status status, const char *message) {
    if (io->status == TW_PNG_OK) {
        io->status = status;
        if (io->err && io->errlen > 0) snprintf(io->err, io->errlen, "%s", message);
    }
    return io->status;
}

static tw_png_status fail_errno(tw_io *io, tw_png_status status, const char *what, int code) {
    char message[256];
    snprintf(message, sizeof message, "%s%s", what, strerror(code));
    return fail(io, status, message);
}

static int host_is_little_endian(void) {
    const uint16_t one = 1;
    return *(const uint8_t *)&one == 1;
}

static void on_error(png_structp png, png_const_charp message) {
    fail(png_get_error_ptr(png), TW_PNG_ERR_CORRUPT, message);
    png_longjmp(png, 1);
}

/// Warnings (e.g. about colour profiles) never affect the pixels we return;
/// this replaces libpng's default, which prints them to stderr.
static void on_warning(png_structp png, png_const_charp message) {
    (void)png;
    (void)message;
}

static void read_data(png_structp png, png_bytep data, size_t length) {
    tw_io *io = png_get_io_ptr(png);
    if (fread(data, 1, length, io->file) == length) return;
    if (ferror(io->file)) {
        fail_errno(io, TW_PNG_ERR_IO, "read error: ", errno);
    } else {
        fail(io, TW_PNG_ERR_TRUNCATED, "file is truncated");
    }
    png_error(png, "read failed");
}

static void write_data(png_structp png, png_bytep data, size_t length) {
    tw_io *io = png_get_io_ptr(png);
    if (fwrite(data, 1, length, io->file) == length) return;
    fail_errno(io, TW_PNG_ERR_IO, "write error: ", errno);
    png_error(png, "write failed");
}

static void flush_data(png_structp png) {
    tw_io *io = png_get_io_ptr(png);
    fflush(io->file);
}

static int valid_format(tw_png_format format) {
    return format == TW_PNG_RGB8 || format == TW_PNG_GRAY8 || format == TW_PNG_GRAY16;
}

static size_t channels_of(tw_png_format format) { return format == TW_PNG_RGB8 ? 3 : 1; }
static size_t sample_bytes_of(tw_png_format format) { return format == TW_PNG_GRAY16 ? 2 : 1; }

/// The layout a file decodes to when the caller asks for its native one.
static tw_png_format native_format(int color_type, int bit_depth) {
    if (color_type & PNG_COLOR_MASK_COLOR) return TW_PNG_RGB8; // RGB, RGBA, palette
    return bit_depth == 16 ? TW_PNG_GRAY16 : TW_PNG_GRAY8;
}

/// Asks libpng to convert any colour type and bit depth to `format`.
static void request_format(png_structp png, int color_type, int bit_depth,
                           tw_png_format format) {
    if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    // Unconditional: also drops the alpha that png_set_expand_16 derives from tRNS.
    png_set_strip_alpha(png);
    if (format == TW_PNG_RGB8) {
        if (!(color_type & PNG_COLOR_MASK_COLOR)) png_set_gray_to_rgb(png);
    } else if (color_type & PNG_COLOR_MASK_COLOR) {
        png_set_rgb_to_gray_fixed(png, 1, -1, -1); // 1: convert silently; -1: default weights
    }
    if (format == TW_PNG_GRAY16) {
        if (bit_depth < 16) png_set_expand_16(png);
        if (host_is_little_endian()) png_set_swap(png);
    } else if (bit_depth == 16) {
        png_set_scale_16(png);
    }
    png_set_interlace_handling(png);
}

/// Decodes from io->file, positioned just after the 8 signature bytes.
static void decode(tw_io *io, tw_png_format want, uint32_t *width, uint32_t *height,
                   tw_png_format *format, void **pixels) {
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, io, on_error, on_warning);
    if (!png) {
        fail(io, TW_PNG_ERR_MEMORY, "out of memory");
        return;
    }
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_read_struct(&png, NULL, NULL);
        fail(io, TW_PNG_ERR_MEMORY, "out of memory");
        return;
    }
    // Assigned after setjmp, so volatile: their values must survive the longjmp.
    png_bytep volatile image = NULL;
    png_bytepp volatile rows = NULL;
    if (setjmp(png_jmpbuf(png))) {
        free(rows);
        free(image);
        png_destroy_read_struct(&png, &info, NULL);
        return;
    }

    png_set_read_fn(png, io, read_data);
    png_set_sig_bytes(png, 8);
    png_read_info(png, info);
    png_uint_32 w, h;
    int bit_depth, color_type;
    png_get_IHDR(png, info, &w, &h, &bit_depth, &color_type, NULL, NULL, NULL);
    tw_png_format fmt = want == TW_PNG_NATIVE ? native_format(color_type, bit_depth) : want;
    request_format(png, color_type, bit_depth, fmt);
    png_read_update_info(png, info);

    size_t row_bytes = (size_t)w * channels_of(fmt) * sample_bytes_of(fmt);
    if (row_bytes == 0 || png_get_rowbytes(png, info) != row_bytes) {
        png_error(png, "unsupported combination of colour type and bit depth");
    }
    if ((size_t)h > SIZE_MAX / row_bytes || (size_t)h > SIZE_MAX / sizeof(png_bytep)) {
        fail(io, TW_PNG_ERR_MEMORY, "image too large");
        png_error(png, "image too large");
    }
    image = malloc(row_bytes * h);
    rows = malloc(sizeof(png_bytep) * h);
    if (!image || !rows) {
        fail(io, TW_PNG_ERR_MEMORY, "out of memory");
        png_error(png, "out of memory");
    }
    for (png_uint_32 y = 0; y < h; y++) rows[y] = image + (size_t)y * row_bytes;
    png_read_image(png, rows);
    png_read_end(png, NULL);

    free(rows);
    png_destroy_read_struct(&png, &info, NULL);
    *width = w;
    *height = h;
    *format = fmt;
    *pixels = image;
}

tw_png_status tw_png_read(const char *path, tw_png_format want,
                          uint32_t *width, uint32_t *height, tw_png_format *format,
                          void **pixels, char *err, size_t errlen) {
    tw_io io = {NULL, TW_PNG_OK, err, errlen};
    if (err && errlen > 0) err[0] = '\0';
    if (!path || !width || !height || !format || !pixels || (want != TW_PNG_NATIVE && !valid_format(want))) {
        return fail(&io, TW_PNG_ERR_ARGUMENT, "invalid argument");
    }
    *pixels = NULL;
    io.file = fopen(path, "rb");
    if (!io.file) {
        if (errno == ENOENT) return fail(&io, TW_PNG_ERR_NOT_FOUND, "file not found");
        return fail_errno(&io, TW_PNG_ERR_OPEN, "", errno);
    }

    png_byte signature[8];
    size_t got = fread(signature, 1, sizeof signature, io.file);
    if (ferror(io.file)) {
        fail_errno(&io, TW_PNG_ERR_IO, "read error: ", errno);
    } else if (got == 0) {
        fail(&io, TW_PNG_ERR_EMPTY, "the file is empty");
    } else if (png_sig_cmp(signature, 0, got) != 0) {
        fail(&io, TW_PNG_ERR_NOT_PNG, "not a PNG file");
    } else if (got < sizeof signature) {
        fail(&io, TW_PNG_ERR_TRUNCATED, "file is truncated");
    } else {
        decode(&io, want, width, height, format, pixels);
    }
    fclose(io.file);
    return io.status;
}

/// Encodes into io->file; the caller validated the arguments.
static void encode(tw_io *io, uint32_t width, uint32_t height, tw_png_format format,
                   const void *pixels) {
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, io, on_error, on_warning);
    if (!png) {
        fail(io, TW_PNG_ERR_MEMORY, "out of memory");
        return;
    }
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_write_struct(&png, NULL);
        fail(io, TW_PNG_ERR_MEMORY, "out of memory");
        return;
    }
    png_bytepp volatile rows = NULL;
    if (setjmp(png_jmpbuf(png))) {
        free(rows);
        png_destroy_write_struct(&png, &info);
        return;
    }

    png_set_write_fn(png, io, write_data, flush_data);
    png_set_IHDR(png, info, width, height, format == TW_PNG_GRAY16 ? 16 : 8,
                 format == TW_PNG_RGB8 ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_GRAY,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    if (format == TW_PNG_GRAY16 && host_is_little_endian()) png_set_swap(png);

    size_t row_bytes = (size_t)width * channels_of(format) * sample_bytes_of(format);
    rows = malloc(sizeof(png_bytep) * height);
    if (!rows) {
        fail(io, TW_PNG_ERR_MEMORY, "out of memory");
        png_error(png, "out of memory");
    }
    // libpng copies each row before transforming it, so the caller's buffer stays intact.
    for (uint32_t y = 0; y < height; y++) rows[y] = (png_bytep)pixels + (size_t)y * row_bytes;
    png_write_image(png, rows);
    png_write_end(png, NULL);

    free(rows);
    png_destroy_write_struct(&png, &info);
}

tw_png_status tw_png_write(const char *path, uint32_t width, uint32_t height,
                           tw_png_format format, const void *pixels, char *err, size_t errlen) {
    tw_io io = {NULL, TW_PNG_OK, err, errlen};
    if (err && errlen > 0) err[0] = '\0';
    if (width == 0 || height == 0 || width > PNG_UINT_31_MAX || height > PNG_UINT_31_MAX) {
        return fail(&io, TW_PNG_ERR_ARGUMENT, "width and height must be between 1 and 2^31 - 1");
    }
    if (!path || !pixels || !valid_format(format)) {
        return fail(&io, TW_PNG_ERR_ARGUMENT, "invalid argument");
    }
    io.file = fopen(path, "wb");
    if (!io.file) {
        if (errno == ENOENT) return fail(&io, TW_PNG_ERR_NOT_FOUND, "directory does not exist");
        return fail_errno(&io, TW_PNG_ERR_OPEN, "", errno);
    }
    encode(&io, width, height, format, pixels);
    if (fclose(io.file) != 0) fail_errno(&io, TW_PNG_ERR_IO, "write error: ", errno);
    if (io.status != TW_PNG_OK) remove(path);
    return io.status;
}

void tw_png_free(void *pixels) { free(pixels); }
