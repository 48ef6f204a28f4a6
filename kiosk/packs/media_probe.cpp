// Whether a file a pack names as a video is one, judged by its content with libavformat (kioskctl
// may not use libvlc: ARCHITECTURE.md). Runs when a pack is built, once per video file, on the
// caller's thread. Quick: the container's header is read, and only a container that announces
// its streams late (MPEG program streams, as DVDs hold) is read further, up to libavformat's
// probe limits (5 MB, 5 s of media).
#include <algorithm>
#include <memory>
#include <mutex>
#include <set>
#include <string_view>

#include "packs/packs.h"

extern "C" {
#include <libavformat/avformat.h>
}

namespace kiosk::packs {
namespace {

struct InputCloser {
  void operator()(AVFormatContext* context) const { avformat_close_input(&context); }
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
  // libavformat's own messages ("moov atom not found") would stand beside ours on kioskctl's
  // stderr; ours name the file and say it in a publisher's words.
  static std::once_flag quiet;
  std::call_once(quiet, [] { av_log_set_level(AV_LOG_QUIET); });

  AVFormatContext* opened = nullptr;
  if (avformat_open_input(&opened, path.c_str(), nullptr, nullptr) < 0) {
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
  if (!HasMovingPicture(*context) && avformat_find_stream_info(context.get(), nullptr) < 0) {
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
