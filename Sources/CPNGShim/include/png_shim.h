// A longjmp-free C interface to libpng for Swift.
//
// libpng reports errors by longjmp-ing out of the failing call, which would skip
// Swift frames. These functions catch that inside C (setjmp/png_jmpbuf), release
// everything they allocated, and return an error code plus libpng's message.
#ifndef TW_PNG_SHIM_H
#define TW_PNG_SHIM_H

#include <stddef.h>
#include <stdint.h>

/// Closed enums import into Swift as exhaustive Swift enums.
#define TW_CLOSED_ENUM __attribute__((enum_extensibility(closed)))

/// Pixel layouts exchanged with the caller; samples are row-major, channels
/// interleaved, 16-bit samples in host byte order.
typedef enum TW_CLOSED_ENUM {
    TW_PNG_NATIVE = -1, ///< (reading only) whatever layout the file has; see tw_png_read.
    TW_PNG_RGB8 = 0,   ///< 3 bytes per pixel: R, G, B.
    TW_PNG_GRAY8 = 1,  ///< 1 byte per pixel.
    TW_PNG_GRAY16 = 2, ///< 1 uint16_t per pixel.
} tw_png_format;

/// Result codes of tw_png_read / tw_png_write.
typedef enum TW_CLOSED_ENUM {
    TW_PNG_OK = 0,
    TW_PNG_ERR_NOT_FOUND = 1, ///< the file (reading) or its directory (writing) does not exist
    TW_PNG_ERR_OPEN = 2,      ///< any other failure to open the file (message: strerror)
    TW_PNG_ERR_EMPTY = 3,     ///< the file to read has no bytes at all
    TW_PNG_ERR_NOT_PNG = 4,   ///< the file does not start with the PNG signature
    TW_PNG_ERR_TRUNCATED = 5, ///< the file ended before the image data did
    TW_PNG_ERR_CORRUPT = 6,   ///< libpng rejected the contents (message: libpng's)
    TW_PNG_ERR_IO = 7,        ///< a read or write system call failed (message: strerror)
    TW_PNG_ERR_MEMORY = 8,    ///< out of memory, or the image is too large to address
    TW_PNG_ERR_ARGUMENT = 9,  ///< invalid layout, size or pointer passed by the caller
} tw_png_status;

/// Decodes the PNG at `path`.
///
/// `want` is the layout to return, or TW_PNG_NATIVE for the file's own: grey files
/// (with or without alpha) give GRAY8, or GRAY16 when stored with 16 bits;
/// every other file (palette, RGB, RGBA, any depth) gives RGB8. Any file can be
/// converted to any layout: alpha is dropped, palettes and low bit depths are
/// expanded, colour is reduced to grey with libpng's default weights, 8-bit grey
/// is widened to 16 bits by v * 257 and 16-bit samples are narrowed to 8 bits.
///
/// On success returns TW_PNG_OK, sets *width, *height, *format and *pixels (a
/// malloc'd buffer the caller releases with tw_png_free; its size is width *
/// height * channels * bytes per sample). On failure returns an error code,
/// writes a NUL-terminated message into `err` (at most `errlen` bytes) and
/// leaves *pixels NULL.
tw_png_status tw_png_read(const char *path, tw_png_format want,
                          uint32_t *width, uint32_t *height, tw_png_format *format,
                          void **pixels, char *err, size_t errlen);

/// Encodes `pixels` (layout `format`, width * height pixels) as a PNG at `path`,
/// replacing any existing file. On failure returns an error code, fills `err` and
/// removes the partially written file.
tw_png_status tw_png_write(const char *path, uint32_t width, uint32_t height,
                           tw_png_format format, const void *pixels, char *err, size_t errlen);

/// Releases a buffer returned by tw_png_read.
void tw_png_free(void *pixels);

#endif
