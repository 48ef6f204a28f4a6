// Whether a file a pack names as a video is one, judged by its content with libavformat (kioskctl
// may not use libvlc: ARCHITECTURE.md). Runs when a pack is built, once per video file, on the
// caller's thread. Quick: the container's header is read, and only a container that announces
// its streams late (MPEG program streams, as DVDs hold) is read further, up to libavformat's
// probe limits (5 MB, 5 s of media).
//
// libavformat is loaded with dlopen() the first time a video is checked, not linked: it brings
// about 120 libraries (every codec's), and linked they were loaded at every start of kioskctl and
// of the kiosk, which never use them (66 ms of every start on a 2-core PC).
#include <dlfcn.h>

#include <algorithm>
#include <memory>
#include <set>
#include <string_view>
#include <type_traits>

#include "packs/packs.h"

extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/log.h>
}

namespace kiosk::packs {
namespace {

// The functions of libavformat (and libavutil, which it loads) that the check calls.
struct Avformat {
  decltype(&avformat_open_input) openInput = nullptr;
  decltype(&avformat_find_stream_info) findStreamInfo = nullptr;
  decltype(&avformat_close_input) closeInput = nullptr;
  std::string error;  // why they are missing, or empty
};

// Loaded once, and kept: the libraries of the version these headers are.
const Avformat& Library() {
  static const Avformat library = [] {
    Avformat l;
    const char* const names[] = {"libavformat.so." AV_STRINGIFY(LIBAVFORMAT_VERSION_MAJOR),
                                 "libavutil.so." AV_STRINGIFY(LIBAVUTIL_VERSION_MAJOR)};
    void* handles[2] = {};
    for (int i = 0; i < 2; ++i) {
      handles[i] = ::dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
      if (!handles[i]) {
        l.error = std::string("videos cannot be checked without ") + names[i] +
                  " (Debian package libavformat" AV_STRINGIFY(LIBAVFORMAT_VERSION_MAJOR) "): " +
                  ::dlerror();
        return l;
      }
    }
    auto symbol = [&](int which, const char* name, auto& function) {
      function = reinterpret_cast<std::remove_reference_t<decltype(function)>>(
          ::dlsym(handles[which], name));
      if (!function && l.error.empty()) {
        l.error = std::string(names[which]) + " lacks " + name + ": videos cannot be checked";
      }
    };
    symbol(0, "avformat_open_input", l.openInput);
    symbol(0, "avformat_find_stream_info", l.findStreamInfo);
    symbol(0, "avformat_close_input", l.closeInput);
    decltype(&av_log_set_level) setLogLevel = nullptr;
    symbol(1, "av_log_set_level", setLogLevel);
    // libavformat's own messages ("moov atom not found") would stand beside ours on kioskctl's
    // stderr; ours name the file and say it in a publisher's words.
    if (setLogLevel) setLogLevel(AV_LOG_QUIET);
    return l;
  }();
  return library;
}

struct InputCloser {
  void operator()(AVFormatContext* context) const { Library().closeInput(&context); }
};

// A stream with moving pictures: not cover art (an MP3's or an M4A's picture is a video stream
// with AV_DISPOSITION_ATTACHED_PIC), and with a size once the header or the probe found one.
bool IsMovingPicture(const AVStream& stream) {
  return stream.codecpar->codec_type == AVMEDIA_TYPE_VIDEO &&
         !(stream.disposition & AV_DISPOSITION_ATTACHED_PIC) && stream.codecpar->width > 0;
}

bool HasMovingPicture(const AVFormatContext& context) {
  return std::any_of(context.streams, context.streams + context.nb_streams,
                     [](const AVStream* stream) { return IsMovingPicture(*stream); });
}

}  // namespace

base::Result<bool> ProbeVideo(const std::string& path) {
  const Avformat& av = Library();
  if (!av.error.empty()) return base::Error{path + ": " + av.error};
  AVFormatContext* opened = nullptr;
  if (av.openInput(&opened, path.c_str(), nullptr, nullptr) < 0) {
    return base::Error{path +
                       ": not a video: no video format recognised (empty, damaged, or "
                       "another kind of file)"};
  }
  std::unique_ptr<AVFormatContext, InputCloser> context(opened);
  const std::string_view format = context->iformat->name;
  // libavformat reads a single picture as a one-frame video: its image demuxers are named
  // "image2" and "<codec>_pipe" (jpeg_pipe, png_pipe, webp_pipe).
  if (format == "image2" || (format.size() > 5 && format.substr(format.size() - 5) == "_pipe")) {
    return base::Error{path + ": not a video: it is a picture (" + std::string(format) + ")"};
  }
  if (!HasMovingPicture(*context) && av.findStreamInfo(context.get(), nullptr) < 0) {
    return base::Error{path + ": not a video: its streams cannot be read (damaged?)"};
  }
  if (HasMovingPicture(*context)) return true;
  const bool sound = std::any_of(
      context->streams, context->streams + context->nb_streams,
      [](const AVStream* stream) { return stream->codecpar->codec_type == AVMEDIA_TYPE_AUDIO; });
  const bool cover = std::any_of(
      context->streams, context->streams + context->nb_streams,
      [](const AVStream* stream) { return stream->disposition & AV_DISPOSITION_ATTACHED_PIC; });
  if (sound && cover) {
    return base::Error{path + ": not a video: sound with a cover picture, no moving picture"};
  }
  if (sound) return base::Error{path + ": not a video: it holds sound only"};
  return base::Error{path + ": not a video: it holds no video stream"};
}

void CheckVideos(const std::string& dir, const Content& content,
                 std::vector<std::string>* problems) {
  std::set<std::string> checked;  // a file two languages share is read once
  for (const Video& video : content.videos) {
    for (const auto& [lang, file] : video.files) {
      if (!checked.insert(file).second) continue;
      base::Result<bool> probed = ProbeVideo(dir + "/" + file);
      if (!probed) {
        problems->push_back(probed.error() + " (videos.json: \"" + video.id + "\": files." + lang +
                            ")");
      }
    }
  }
}

}  // namespace kiosk::packs
