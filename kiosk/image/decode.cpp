// Picture files: the header checked by hand (the decoders would allocate what a bomb declares),
// JPEG decoded by libjpeg (scaled by its DCT), PNG and WebP by SDL2_image, the EXIF orientation
// read with libexif, the rest of the scaling done here.
#include <SDL.h>
#include <SDL_image.h>
#include <jpeglib.h>
#include <libexif/exif-data.h>
#include <unistd.h>

#include <algorithm>
#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <string_view>

#include "image/image.h"

namespace kiosk::image {
namespace {

using Bytes = std::string_view;

std::uint32_t Big16(Bytes b, std::size_t at) {
  return (std::uint32_t(std::uint8_t(b[at])) << 8) | std::uint8_t(b[at + 1]);
}
std::uint32_t Big32(Bytes b, std::size_t at) {
  return (Big16(b, at) << 16) | Big16(b, at + 2);
}
std::uint32_t Little16(Bytes b, std::size_t at) {
  return std::uint8_t(b[at]) | (std::uint32_t(std::uint8_t(b[at + 1])) << 8);
}
std::uint32_t Little24(Bytes b, std::size_t at) {
  return Little16(b, at) | (std::uint32_t(std::uint8_t(b[at + 2])) << 16);
}
std::uint32_t Little32(Bytes b, std::size_t at) {
  return Little16(b, at) | (Little16(b, at + 2) << 16);
}
bool StartsWith(Bytes b, Bytes prefix) {
  return b.substr(0, prefix.size()) == prefix;
}

// What a file that is not a picture the kiosk shows is, for the message.
std::string WhatElse(Bytes b) {
  if (b.empty()) return "an empty file";
  if (StartsWith(b, "GIF8")) return "a GIF picture";
  if (StartsWith(b, "%PDF")) return "a PDF document";
  if (StartsWith(b, "BM")) return "a BMP picture";
  if (StartsWith(b, Bytes("II*\0", 4)) || StartsWith(b, Bytes("MM\0*", 4))) return "a TIFF picture";
  if (StartsWith(b, "<svg") || StartsWith(b, "<?xml")) return "an SVG or XML file";
  if (StartsWith(b, Bytes("PK\3\4", 4))) return "a ZIP archive (a Word or Excel file?)";
  return "an unknown kind of file";
}

base::Error Bad(const std::string& path, const std::string& why) {
  return {path + ": " + why};
}

base::Result<Header> PngHeader(const std::string& path, Bytes b) {
  // Signature, then IHDR: length 13, "IHDR", width, height, depth, colour type ...
  if (b.size() < 33 || b.substr(12, 4) != "IHDR") {
    return Bad(path, "not a whole PNG picture: its header is cut short or damaged");
  }
  // The last chunk is IEND: a PNG cut short has lost it.
  if (b.size() < 45 || b.substr(b.size() - 8, 4) != "IEND") {
    return Bad(path, "not a whole PNG picture: it is cut short (no end chunk)");
  }
  // Every chunk lies within the file, one after the other, up to IEND: libpng, fed through
  // SDL_image, loops for ever on a chunk that claims to run past the file's end.
  for (std::size_t at = 8;;) {
    if (at + 12 > b.size() || Big32(b, at) > b.size() - at - 12) {
      return Bad(path, "not a whole PNG picture: a chunk runs past the end of the file");
    }
    if (b.substr(at + 4, 4) == "IEND") break;
    at += 12 + Big32(b, at);
  }
  Header header;
  header.format = Format::kPng;
  header.width = static_cast<int>(std::min<std::uint32_t>(Big32(b, 16), 1u << 30));
  header.height = static_cast<int>(std::min<std::uint32_t>(Big32(b, 20), 1u << 30));
  return header;
}

// The orientation in an APP1 segment's EXIF, 1 when there is none or it makes no sense.
int ExifOrientation(Bytes segment) {
  std::unique_ptr<ExifData, decltype(&exif_data_unref)> data(
      exif_data_new_from_data(reinterpret_cast<const unsigned char*>(segment.data()),
                              static_cast<unsigned int>(segment.size())),
      exif_data_unref);
  if (!data) return 1;
  ExifEntry* entry = exif_data_get_entry(data.get(), EXIF_TAG_ORIENTATION);
  if (!entry || entry->format != EXIF_FORMAT_SHORT || entry->components < 1) return 1;
  const int value = exif_get_short(entry->data, exif_data_get_byte_order(data.get()));
  return value >= 1 && value <= 8 ? value : 1;
}

bool IsStartOfFrame(std::uint8_t marker) {
  return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

// Walks the segments to the end marker: the frame's size, the EXIF orientation, and whether the
// file is whole (libjpeg fills a picture cut short with grey and calls it a warning).
base::Result<Header> JpegHeader(const std::string& path, Bytes b) {
  Header header;
  header.format = Format::kJpeg;
  bool sized = false;
  std::size_t at = 2;
  while (true) {
    // Entropy-coded data and fill bytes run to the next marker: 0xFF not followed by 0 (a data
    // byte) or a restart marker.
    while (at < b.size() && std::uint8_t(b[at]) != 0xFF) ++at;
    while (at < b.size() && std::uint8_t(b[at]) == 0xFF) ++at;
    if (at >= b.size()) return Bad(path, "not a whole JPEG picture: it is cut short");
    const std::uint8_t marker = std::uint8_t(b[at++]);
    if (marker == 0x00 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) continue;
    if (marker == 0xD9) break;
    if (at + 2 > b.size()) return Bad(path, "not a whole JPEG picture: it is cut short");
    const std::size_t length = Big16(b, at);
    if (length < 2 || at + length > b.size()) {
      return Bad(path, "not a whole JPEG picture: it is cut short or damaged");
    }
    const Bytes segment = b.substr(at + 2, length - 2);
    if (IsStartOfFrame(marker) && !sized) {
      if (segment.size() < 6) return Bad(path, "not a JPEG picture: its frame header is damaged");
      header.height = static_cast<int>(Big16(segment, 1));
      header.width = static_cast<int>(Big16(segment, 3));
      header.cmyk = std::uint8_t(segment[5]) == 4;
      sized = true;
    } else if (marker == 0xE1 && StartsWith(segment, Bytes("Exif\0\0", 6))) {
      header.orientation = ExifOrientation(segment);
    } else if (marker == 0xEE && StartsWith(segment, "Adobe")) {
      header.inverted = true;
    }
    at += length;
  }
  if (!sized) return Bad(path, "not a JPEG picture: it has no frame");
  return header;
}

base::Result<Header> WebpHeader(const std::string& path, Bytes b) {
  if (b.size() < 30) return Bad(path, "not a whole WebP picture: it is cut short");
  if (std::uint64_t(Little32(b, 4)) + 8 > b.size()) {
    return Bad(path, "not a whole WebP picture: it is cut short");
  }
  Header header;
  header.format = Format::kWebp;
  const Bytes chunk = b.substr(12, 4);
  const Bytes data = b.substr(20);
  if (chunk == "VP8 " && data.size() >= 10 && data.substr(3, 3) == "\x9d\x01\x2a") {
    header.width = static_cast<int>(Little16(data, 6) & 0x3FFF);
    header.height = static_cast<int>(Little16(data, 8) & 0x3FFF);
  } else if (chunk == "VP8L" && data.size() >= 5 && std::uint8_t(data[0]) == 0x2F) {
    const std::uint32_t bits = Little32(data, 1);
    header.width = static_cast<int>((bits & 0x3FFF) + 1);
    header.height = static_cast<int>(((bits >> 14) & 0x3FFF) + 1);
  } else if (chunk == "VP8X" && data.size() >= 10) {
    header.width = static_cast<int>(Little24(data, 4) + 1);
    header.height = static_cast<int>(Little24(data, 7) + 1);
  } else {
    return Bad(path, "not a WebP picture: its header is damaged");
  }
  return header;
}

const char* Name(Format format) {
  switch (format) {
    case Format::kPng:
      return "PNG";
    case Format::kJpeg:
      return "JPEG";
    case Format::kWebp:
      return "WebP";
  }
  return "";
}

}  // namespace

base::Result<Header> CheckHeader(std::string_view b, const std::string& path) {
  base::Result<Header> header = base::Error{};
  if (StartsWith(b, "\x89PNG\r\n\x1a\n")) {
    header = PngHeader(path, b);
  } else if (StartsWith(b, "\xFF\xD8\xFF")) {
    header = JpegHeader(path, b);
  } else if (StartsWith(b, "RIFF") && b.size() >= 12 && b.substr(8, 4) == "WEBP") {
    header = WebpHeader(path, b);
  } else {
    return Bad(path, "not a PNG, JPEG or WebP picture: it is " + WhatElse(b));
  }
  if (!header) return header;
  const Header& h = header.value();
  const std::string size = std::to_string(h.width) + "×" + std::to_string(h.height);
  if (h.width > kMaxSide || h.height > kMaxSide || std::int64_t(h.width) * h.height > kMaxPixels) {
    return Bad(path, std::string(Name(h.format)) + " of " + size + " pixels: too large (at most " +
                         std::to_string(kMaxSide) + " a side and " +
                         std::to_string(kMaxPixels / 1'000'000) + " megapixels)");
  }
  if (h.width < kMinSide || h.height < kMinSide) {
    return Bad(path, std::string(Name(h.format)) + " of " + size +
                         " pixels: too small to be seen (at least " + std::to_string(kMinSide) +
                         "×" + std::to_string(kMinSide) + ")");
  }
  return header;
}

namespace {

base::Result<std::string> ReadAll(const std::string& path) {
  base::Result<int> fd = base::OpenRegular(path, false);
  if (!fd) return fd.failure();
  std::string bytes;
  char chunk[65536];
  while (true) {
    const ssize_t got = ::read(fd.value(), chunk, sizeof chunk);
    if (got < 0) {
      ::close(fd.value());
      return base::Error{path + ": cannot be read: " + std::strerror(errno), true};
    }
    if (got == 0) break;
    bytes.append(chunk, static_cast<std::size_t>(got));
    if (bytes.size() > kMaxFileBytes) {
      ::close(fd.value());
      return Bad(path, "too large a file for a picture (over " +
                           std::to_string(kMaxFileBytes >> 20) + " MB)");
    }
  }
  ::close(fd.value());
  return bytes;
}

// [SECTION] Pixels

// Halves both sides, each pixel the mean of four: repeated, a fair downscale of a photo.
Pixels Halve(const Pixels& in) {
  Pixels out;
  out.width = std::max(1, in.width / 2);
  out.height = std::max(1, in.height / 2);
  out.rgba.resize(std::size_t(out.width) * out.height);
  for (int y = 0; y < out.height; ++y) {
    const std::uint32_t* r0 = &in.rgba[std::size_t(std::min(2 * y, in.height - 1)) * in.width];
    const std::uint32_t* r1 = &in.rgba[std::size_t(std::min(2 * y + 1, in.height - 1)) * in.width];
    for (int x = 0; x < out.width; ++x) {
      const int x0 = std::min(2 * x, in.width - 1), x1 = std::min(2 * x + 1, in.width - 1);
      std::uint32_t pixel = 0;
      for (int shift = 0; shift < 32; shift += 8) {
        const std::uint32_t sum = ((r0[x0] >> shift) & 0xFF) + ((r0[x1] >> shift) & 0xFF) +
                                  ((r1[x0] >> shift) & 0xFF) + ((r1[x1] >> shift) & 0xFF);
        pixel |= ((sum + 2) / 4) << shift;
      }
      out.rgba[std::size_t(y) * out.width + x] = pixel;
    }
  }
  return out;
}

// Bilinear to the exact size, after halving to under twice it.
Pixels Scale(Pixels in, int width, int height) {
  while (in.width >= 2 * width && in.height >= 2 * height) in = Halve(in);
  if (in.width == width && in.height == height) return in;
  Pixels out;
  out.width = width;
  out.height = height;
  out.rgba.resize(std::size_t(width) * height);
  SDL_Surface* from = SDL_CreateRGBSurfaceWithFormatFrom(in.rgba.data(), in.width, in.height, 32,
                                                         in.width * 4, SDL_PIXELFORMAT_ABGR8888);
  SDL_Surface* to = SDL_CreateRGBSurfaceWithFormatFrom(out.rgba.data(), width, height, 32,
                                                       width * 4, SDL_PIXELFORMAT_ABGR8888);
  if (from && to) SDL_SoftStretchLinear(from, nullptr, to, nullptr);
  SDL_FreeSurface(from);
  SDL_FreeSurface(to);
  return out;
}

// Turns stored pixels upright by their EXIF orientation (2-8: mirrored and/or turned).
Pixels Orient(Pixels in, int orientation) {
  if (orientation <= 1 || orientation > 8) return in;
  const bool swap = orientation >= 5;
  Pixels out;
  out.width = swap ? in.height : in.width;
  out.height = swap ? in.width : in.height;
  out.rgba.resize(in.rgba.size());
  for (int y = 0; y < out.height; ++y) {
    for (int x = 0; x < out.width; ++x) {
      int sx = x, sy = y;  // where the shown pixel (x, y) is stored
      switch (orientation) {
        case 2:
          sx = in.width - 1 - x;
          break;
        case 3:
          sx = in.width - 1 - x;
          sy = in.height - 1 - y;
          break;
        case 4:
          sy = in.height - 1 - y;
          break;
        case 5:
          sx = y;
          sy = x;
          break;
        case 6:
          sx = y;
          sy = in.height - 1 - x;
          break;
        case 7:
          sx = in.width - 1 - y;
          sy = in.height - 1 - x;
          break;
        case 8:
          sx = in.width - 1 - y;
          sy = x;
          break;
        default:
          break;
      }
      out.rgba[std::size_t(y) * out.width + x] = in.rgba[std::size_t(sy) * in.width + sx];
    }
  }
  return out;
}

const char* SdlType(Format format) {
  switch (format) {
    case Format::kPng:
      return "PNG";
    case Format::kJpeg:  // decoded by libjpeg (DecodeJpeg)
      return "JPG";
    case Format::kWebp:
      return "WEBP";
  }
  return "";
}

// libjpeg's errors come back here instead of ending the process; its warnings are not printed.
struct JpegErrors {
  jpeg_error_mgr manager;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX] = {};
};
[[noreturn]] void JpegFailed(j_common_ptr info) {
  auto* errors = reinterpret_cast<JpegErrors*>(info->err);
  (*info->err->format_message)(info, errors->message);
  std::longjmp(errors->jump, 1);
}
void JpegQuiet(j_common_ptr, int) {}

// A JPEG decoded by libjpeg at the smallest of 1/1, 1/2, 1/4 or 1/8 of its size that is still at
// least `width` x `height` (its DCT does the scaling): a 12-megapixel photo for a card is
// decoded at an eighth or a quarter of its pixels. CMYK is made RGB.
base::Result<Pixels> DecodeJpeg(Bytes b, const std::string& path, const Header& h, int width,
                                int height) {
  Pixels pixels;
  jpeg_decompress_struct info{};
  JpegErrors errors;
  info.err = jpeg_std_error(&errors.manager);
  errors.manager.error_exit = JpegFailed;
  errors.manager.emit_message = JpegQuiet;
  if (setjmp(errors.jump)) {
    jpeg_destroy_decompress(&info);
    return Bad(path, std::string("the JPEG picture cannot be decoded: ") + errors.message);
  }
  jpeg_create_decompress(&info);
  jpeg_mem_src(&info, reinterpret_cast<const unsigned char*>(b.data()),
               static_cast<unsigned long>(b.size()));
  jpeg_read_header(&info, TRUE);
  unsigned denom = 8;
  while (denom > 1 && (h.width / static_cast<int>(denom) < width ||
                       h.height / static_cast<int>(denom) < height)) {
    denom /= 2;
  }
  info.scale_num = 1;
  info.scale_denom = denom;
  info.out_color_space = h.cmyk ? JCS_CMYK : JCS_EXT_RGBA;
  jpeg_start_decompress(&info);
  pixels.width = static_cast<int>(info.output_width);
  pixels.height = static_cast<int>(info.output_height);
  pixels.rgba.resize(std::size_t(pixels.width) * pixels.height);
  while (info.output_scanline < info.output_height) {
    JSAMPROW row = reinterpret_cast<JSAMPROW>(
        &pixels.rgba[std::size_t(info.output_scanline) * std::size_t(pixels.width)]);
    jpeg_read_scanlines(&info, &row, 1);
  }
  jpeg_finish_decompress(&info);
  jpeg_destroy_decompress(&info);
  if (!h.cmyk) return pixels;
  for (std::uint32_t& pixel : pixels.rgba) {
    // Adobe's files store 255 - C, 255 - M, 255 - Y, 255 - K.
    const std::uint32_t v = pixel;
    auto ink = [&](int i) {
      const int stored = static_cast<int>((v >> (8 * i)) & 0xFF);
      return h.inverted ? stored : 255 - stored;
    };
    const int k = ink(3);
    pixel = std::uint32_t(ink(0) * k / 255) | std::uint32_t(ink(1) * k / 255) << 8 |
            std::uint32_t(ink(2) * k / 255) << 16 | 0xFF000000u;
  }
  return pixels;
}

}  // namespace

base::Result<Header> ReadHeader(const std::string& path) {
  base::Result<std::string> bytes = ReadAll(path);
  if (!bytes) return bytes.failure();
  return CheckHeader(bytes.value(), path);
}

base::Result<Pixels> Decode(const std::string& path, int maxWidth, int maxHeight) {
  base::Result<std::string> bytes = ReadAll(path);
  if (!bytes) return bytes.failure();
  return DecodeBytes(bytes.value(), path, maxWidth, maxHeight);
}

base::Result<Pixels> DecodeBytes(std::string_view bytes, const std::string& path, int maxWidth,
                                 int maxHeight) {
  base::Result<Header> header = CheckHeader(bytes, path);
  if (!header) return header.failure();
  const Header& h = header.value();
  // The size it is kept at: fitted to the box the stored picture takes before it is turned.
  const bool swap = h.orientation >= 5;
  const int boxWidth = std::max(1, swap ? maxHeight : maxWidth);
  const int boxHeight = std::max(1, swap ? maxWidth : maxHeight);
  const double scale = std::min({1.0, double(boxWidth) / h.width, double(boxHeight) / h.height});
  const int width = std::max(1, static_cast<int>(h.width * scale + 0.5));
  const int height = std::max(1, static_cast<int>(h.height * scale + 0.5));
  if (h.format == Format::kJpeg) {
    base::Result<Pixels> pixels = DecodeJpeg(bytes, path, h, width, height);
    if (!pixels) return pixels;
    return Orient(Scale(std::move(pixels.value()), width, height), h.orientation);
  }
  // IMG_Init is not thread-safe: the decoders are loaded once, before any thread decodes.
  static std::once_flag loaded;
  std::call_once(loaded, [] { IMG_Init(IMG_INIT_PNG | IMG_INIT_WEBP); });
  // Only the decoder of the kind the header names: nothing else ever parses the file.
  SDL_RWops* rw = SDL_RWFromConstMem(bytes.data(), static_cast<int>(bytes.size()));
  SDL_Surface* decoded = rw ? IMG_LoadTyped_RW(rw, 1, SdlType(h.format)) : nullptr;
  if (!decoded) {
    return Bad(path, std::string("the ") + Name(h.format) +
                         " picture cannot be decoded: " + IMG_GetError());
  }
  if (decoded->w != h.width || decoded->h != h.height) {
    SDL_FreeSurface(decoded);
    return Bad(path, std::string("the ") + Name(h.format) +
                         " picture is damaged: it decodes to another size than its header's");
  }
  if (SDL_ISPIXELFORMAT_INDEXED(decoded->format->format)) {
    // A palette (a PNG of few colours): SDL_ConvertPixels takes none, SDL's blitter does.
    SDL_Surface* unpacked = SDL_ConvertSurfaceFormat(decoded, SDL_PIXELFORMAT_ABGR8888, 0);
    SDL_FreeSurface(decoded);
    if (!unpacked) return base::Error{path + ": no memory to decode it: " + SDL_GetError(), true};
    decoded = unpacked;
  }
  Pixels pixels;
  pixels.width = decoded->w;
  pixels.height = decoded->h;
  pixels.rgba.resize(std::size_t(decoded->w) * decoded->h);
  // Straight into the pixels kept: a second picture of the full size, zeroed and copied, was a
  // third of the decoding's time.
  const bool converted =
      SDL_ConvertPixels(decoded->w, decoded->h, decoded->format->format, decoded->pixels,
                        decoded->pitch, SDL_PIXELFORMAT_ABGR8888, pixels.rgba.data(),
                        decoded->w * 4) == 0;
  SDL_FreeSurface(decoded);
  if (!converted) return base::Error{path + ": cannot be converted: " + SDL_GetError(), true};
  return Orient(Scale(std::move(pixels), width, height), h.orientation);
}

base::Result<bool> SavePng(const Pixels& pixels, const std::string& path) {
  SDL_Surface* surface = SDL_CreateRGBSurfaceWithFormatFrom(
      const_cast<std::uint32_t*>(pixels.rgba.data()), pixels.width, pixels.height, 32,
      pixels.width * 4, SDL_PIXELFORMAT_ABGR8888);
  if (!surface) return base::Error{path + ": cannot be written: " + SDL_GetError(), true};
  const std::string partial = path + ".partial";
  const bool saved = IMG_SavePNG(surface, partial.c_str()) == 0;
  SDL_FreeSurface(surface);
  if (!saved || std::rename(partial.c_str(), path.c_str()) != 0) {
    std::remove(partial.c_str());
    return base::Error{path + ": cannot be written: " + IMG_GetError(), true};
  }
  return true;
}

}  // namespace kiosk::image
