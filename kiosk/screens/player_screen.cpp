// The video player: the chosen video in the visitor's language (or its fallback) with subtitles
// in her language where the pack has them, big play/pause and back buttons, and a seek bar a
// finger drags. A file that cannot be played gives a friendly message and the way back, never a
// frozen screen. Counts: started, completed (≥ 90 % watched), playback error. Main thread.
#include <algorithm>
#include <cmath>

#include "screens/screens_internal.h"

namespace kiosk::screens {
namespace {

constexpr float kMarginMm = 5;
constexpr float kBarMm = 20;
constexpr float kWatchedToComplete = 0.9f;

class PlayerScreen final : public Screen {
 public:
  explicit PlayerScreen(Context& context) : m_context(context) {}

  void OnEnter() override {
    m_completedCounted = m_errorCounted = false;
    m_lastSeek = -1;
    m_pack = &m_context.packs.at(m_context.video.pack);
    m_video = &m_pack->content.videos.at(m_context.video.item);
    const i18n::Translator& tr = m_context.translator;
    const char* file = tr.Pick(m_video->files);
    // Subtitles in her language; else in the language she hears.
    std::string subtitles;
    if (auto it = m_video->subtitles.find(tr.Current().code); it != m_video->subtitles.end()) {
      subtitles = m_context.PathIn(*m_pack, it->second);
    } else {
      for (const auto& [code, path] : m_video->files) {
        auto sub = m_video->subtitles.find(code);
        if (path.c_str() == file && sub != m_video->subtitles.end()) {
          subtitles = m_context.PathIn(*m_pack, sub->second);
        }
      }
    }
    m_file = m_context.PathIn(*m_pack, file);
    m_subtitles = subtitles;
    m_started = false;  // on the first frame, when the size of the picture is known
  }

  void OnExit() override {
    CountCompletion();
    m_context.videoPlayer->Stop();
  }

  void Draw(ui::Ui& ui) override {
    playback::Player& player = *m_context.videoPlayer;
    const ImVec2 size = ui.Size();
    const float margin = ui.Mm(kMarginMm);
    // The picture, as large as fits above the controls: VLC scales it to that size.
    const ImRect area(0, 0, size.x, size.y - ui.Mm(kBarMm) - margin);
    if (!m_started) {
      m_started = true;
      player.SetBox(static_cast<int>(area.GetWidth()), static_cast<int>(area.GetHeight()));
      if (player.Play(m_file, m_subtitles)) {
        m_context.Count(stats::Event::kVideoStarted, m_pack->id, m_video->id);
      }
    }
    if (player.GetState() == playback::State::kFailed) {
      DrawFailure(ui, player);
      return;
    }
    if (player.GetState() == playback::State::kEnded) CountCompletion();

    // At its own size, which VLC fitted to the area: copied, not scaled again. (Larger only when
    // the window changed size since it started: then it is fitted here.)
    const Context::Picture& picture = m_context.picture;
    if (picture.texture && picture.width > 0 && player.FramesTaken() > 0) {
      ImVec2 natural(static_cast<float>(picture.width), static_cast<float>(picture.height));
      // A picture VLC scaled before it knew the shape of the video's pixels (a DVD's first ones)
      // is widened to the video's shape here.
      const float aspect = player.DisplayAspect();
      if (aspect > 0 && std::abs(natural.x / natural.y - aspect) > 0.01f * aspect) {
        natural.x = natural.y * aspect;
      }
      const float scale =
          std::min({1.0f, area.GetWidth() / natural.x, area.GetHeight() / natural.y});
      const ImVec2 shown(natural.x * scale, natural.y * scale);
      const ImVec2 corner(area.GetCenter().x - shown.x / 2, area.GetCenter().y - shown.y / 2);
      ui.Image(picture.texture,
               ImRect(ImFloor(corner), ImFloor(ImVec2(corner.x + shown.x, corner.y + shown.y))));
    } else {
      ui.Text(m_context.Tr("Loading…"), ImRect(margin, area.GetCenter().y, size.x - margin, size.y),
              ui::FontSize::kTitle, ui::colors::kTextDim, ui::Align::kCenter);
    }

    // The controls: back, play or pause, the seek bar and the time.
    const float barTop = size.y - ui.Mm(kBarMm) - margin / 2;
    const ImRect back(margin, barTop, margin + ui.Mm(40), barTop + ui.Mm(kBarMm) - margin / 2);
    if (ui.Button(m_context.Tr("Back"), back)) m_context.router.Back();
    const ImRect toggle(back.Max.x + margin, back.Min.y, back.Max.x + margin + ui.Mm(50),
                        back.Max.y);
    if (player.GetState() == playback::State::kEnded) {
      DrawEnd(ui, area);
    } else if (player.GetState() == playback::State::kPaused) {
      if (ui.IconButton(ui::Icon::kPlay, m_context.Tr("Play"), toggle)) player.SetPaused(false);
    } else if (ui.IconButton(ui::Icon::kPause, m_context.Tr("Pause"), toggle)) {
      player.SetPaused(true);
    }
    const std::string time = VideoTime(static_cast<std::int64_t>(
                                 player.Position() * static_cast<float>(player.LengthMs()))) +
                             " / " + VideoTime(player.LengthMs());
    const float timeWidth = ui.Mm(38);
    ui.Text(time.c_str(),
            ImRect(size.x - margin - timeWidth, back.GetCenter().y - ui.Mm(4), size.x - margin,
                   back.Max.y),
            ui::FontSize::kBody, ui::colors::kText, ui::Align::kCenter);
    const ImRect bar(toggle.Max.x + margin, back.Min.y, size.x - 2 * margin - timeWidth,
                     back.Max.y);
    if (std::optional<float> seek = ui.SeekBar(bar, player.Position())) {
      // A finger moving along the bar seeks as it goes, but not on every pixel.
      if (std::abs(*seek - m_lastSeek) > 0.005f) {
        if (player.GetState() == playback::State::kEnded) {
          WatchAgain(*seek);
        } else {
          player.Seek(*seek);
        }
        m_lastSeek = *seek;
      }
    } else {
      m_lastSeek = -1;
    }
  }

 private:
  void DrawFailure(ui::Ui& ui, const playback::Player& player) {
    if (!m_errorCounted) {
      m_errorCounted = true;
      m_context.Count(stats::Event::kPlaybackError, m_pack->id, m_video->id);
      base::Log(base::LogLevel::kError, "video %s: %s", m_video->id.c_str(),
                player.ErrorMessage().c_str());
    }
    const ImVec2 size = ui.Size();
    const float margin = ui.Mm(kMarginMm);
    float y = size.y * 0.25f;
    y += ui.Text(m_context.Tr("Sorry, this video cannot be played."),
                 ImRect(margin, y, size.x - margin, size.y), ui::FontSize::kTitle,
                 ui::colors::kText, ui::Align::kCenter);
    y += ui.Mm(3);
    y += ui.Text(m_context.Tr("Please choose another one, or tell the staff."),
                 ImRect(margin, y, size.x - margin, size.y), ui::FontSize::kBody,
                 ui::colors::kTextDim, ui::Align::kCenter);
    y += ui.Mm(8);
    const float width = ui.Mm(80);
    if (ui.Button(m_context.Tr("Back to videos"),
                  ImRect(size.x / 2 - width / 2, y, size.x / 2 + width / 2, y + ui.Mm(18)))) {
      m_context.router.Back();
    }
  }

  // At the end: the two things she may want next, large, over the last picture.
  void DrawEnd(ui::Ui& ui, const ImRect& area) {
    ui.Fill(area, IM_COL32(16, 24, 32, 200));
    const float width = std::min(ui.Mm(90), area.GetWidth() - ui.Mm(10));
    const float height = ui.Mm(kBarMm);
    const ImVec2 c = area.GetCenter();
    const ImRect again(c.x - width / 2, c.y - height - ui.Mm(3), c.x + width / 2, c.y - ui.Mm(3));
    if (ui.IconButton(ui::Icon::kPlay, m_context.Tr("Watch again"), again)) WatchAgain(0);
    if (ui.Button(m_context.Tr("Back to videos"),
                  ImRect(again.Min.x, c.y + ui.Mm(3), again.Max.x, c.y + ui.Mm(3) + height))) {
      m_context.router.Back();
    }
  }

  // An ended video played again, from the start or where the finger put it: a new viewing.
  void WatchAgain(float from) {
    CountCompletion();
    m_completedCounted = false;
    m_context.videoPlayer->Seek(from);
    m_context.Count(stats::Event::kVideoStarted, m_pack->id, m_video->id);
  }

  void CountCompletion() {
    if (m_completedCounted || !m_video) return;
    if (m_context.videoPlayer->WatchedFraction() < kWatchedToComplete) return;
    m_completedCounted = true;
    m_context.Count(stats::Event::kVideoCompleted, m_pack->id, m_video->id);
  }

  Context& m_context;
  const Context::Pack* m_pack = nullptr;
  const packs::Video* m_video = nullptr;
  bool m_completedCounted = false;
  bool m_errorCounted = false;
  float m_lastSeek = -1;
  std::string m_file, m_subtitles;
  bool m_started = false;
};

}  // namespace

std::unique_ptr<Screen> MakePlayerScreen(Context& context) {
  return std::make_unique<PlayerScreen>(context);
}

}  // namespace kiosk::screens
