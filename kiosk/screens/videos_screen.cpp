// The video library: the installed packs' videos, topic by topic, each a big title card with a
// play picture and its topic in the topic's colour; a tap plays it. Main thread.
#include <algorithm>

#include "screens/screens_internal.h"

namespace kiosk::screens {
namespace {

constexpr float kCardMinWidthMm = 70;
constexpr float kCardHeightMm = 60;

// Title cards take their topic's colour from this set, every one ≥ 4.5:1 against white text.
constexpr ImU32 kTopicColors[] = {ui::colors::kVideos, ui::colors::kQuizzes, ui::colors::kHelp,
                                  ui::colors::kContest};

class VideosScreen final : public Screen {
 public:
  explicit VideosScreen(Context& context) : m_context(context) {}

  void Draw(ui::Ui& ui) override {
    const ImRect view = Header(ui, m_context, m_context.Tr("Videos"));
    std::size_t videos = 0;
    for (const Context::Pack& pack : m_context.packs) videos += pack.content.videos.size();
    // One grid, topic by topic: each card says its topic under its title, in its topic's colour.
    const float top = view.Min.y + ui.BeginScroll("videos", view, m_height);
    Grid grid(ui, top, videos, kCardMinWidthMm, kCardHeightMm);
    const i18n::Translator& tr = m_context.translator;
    std::size_t topicIndex = 0;
    for (std::size_t p = 0; p < m_context.packs.size(); ++p) {
      const packs::Content& content = m_context.packs[p].content;
      // Each topic's videos, then the videos whose topic the pack does not name.
      for (std::size_t t = 0; t <= content.topics.size(); ++t) {
        const bool named = t < content.topics.size();
        const ImU32 color = kTopicColors[topicIndex % std::size(kTopicColors)];
        bool any = false;
        for (std::size_t v = 0; v < content.videos.size(); ++v) {
          const std::string& topic = content.videos[v].topic;
          const bool known =
              std::any_of(content.topics.begin(), content.topics.end(),
                          [&](const packs::Topic& candidate) { return candidate.id == topic; });
          if (named ? topic != content.topics[t].id : known) continue;
          if (ui.Tile(tr.Pick(content.videos[v].title),
                      named ? tr.Pick(content.topics[t].title) : "", grid.Next(), color,
                      ui::Icon::kPlay)) {
            m_context.video = {p, v};
            m_context.router.Go(ScreenId::kPlayer);
          }
          any = true;
        }
        if (any) ++topicIndex;
      }
    }
    ui.EndScroll();
    m_height = grid.Height();
  }

 private:
  Context& m_context;
  float m_height = 0;
};

}  // namespace

std::unique_ptr<Screen> MakeVideosScreen(Context& context) {
  return std::make_unique<VideosScreen>(context);
}

}  // namespace kiosk::screens
