// The video library: the installed packs' videos, topic by topic, each a big title card with a
// play picture and its topic in the topic's colour; a tap plays it. Main thread.
#include <algorithm>

#include "screens/screens_internal.h"

namespace kiosk::screens {
namespace {

constexpr float kMarginMm = 5;
constexpr float kGapMm = 4;
constexpr float kCardMinWidthMm = 70;
constexpr float kCardHeightMm = 60;

// Title cards take their topic's colour from this set, every one ≥ 4.5:1 against white text.
constexpr ImU32 kTopicColors[] = {ui::colors::kVideos, ui::colors::kQuizzes, ui::colors::kHelp,
                                  ui::colors::kContest};

class VideosScreen final : public Screen {
 public:
  explicit VideosScreen(Context& context) : m_context(context) {}

  void Draw(ui::Ui& ui) override {
    const ImVec2 size = ui.Size();
    const float margin = ui.Mm(kMarginMm), gap = ui.Mm(kGapMm);
    if (BackButton(ui, m_context)) m_context.router.Back();
    const float headerLeft = margin + ui.Mm(50);
    ui.Text(m_context.Tr("Videos"), ImRect(headerLeft, margin + ui.Mm(2), size.x - margin, size.y),
            ui::FontSize::kTitle, ui::colors::kText);
    const ImRect view(0, margin + ui.Mm(20), size.x, size.y);
    const float width = size.x - 2 * margin;
    std::size_t videos = 0;
    for (const Context::Pack& pack : m_context.packs) videos += pack.content.videos.size();
    // As many columns as fit, but no empty ones: a few videos get big cards.
    const int columns =
        std::max(1, std::min(static_cast<int>(videos),
                             static_cast<int>((width + gap) / (ui.Mm(kCardMinWidthMm) + gap))));
    const float cardWidth =
        (width - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    const float cardHeight = std::min(ui.Mm(kCardHeightMm), cardWidth * 0.6f);

    // One grid, topic by topic: each card says its topic under its title, in its topic's colour.
    const float top = view.Min.y + ui.BeginScroll("videos", view, m_height);
    float y = top;
    const i18n::Translator& tr = m_context.translator;
    std::size_t topicIndex = 0;
    int column = 0;
    auto card = [&](std::size_t pack, std::size_t video, const char* topic, ImU32 color) {
      const float x = margin + static_cast<float>(column) * (cardWidth + gap);
      const char* title = tr.Pick(m_context.packs[pack].content.videos[video].title);
      if (ui.Tile(title, topic, ImRect(x, y, x + cardWidth, y + cardHeight), color,
                  ui::Icon::kPlay)) {
        m_context.video = {pack, video};
        m_context.router.Go(ScreenId::kPlayer);
      }
      if (++column == columns) {
        column = 0;
        y += cardHeight + gap;
      }
    };
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
          card(p, v, named ? tr.Pick(content.topics[t].title) : "", color);
          any = true;
        }
        if (any) ++topicIndex;
      }
    }
    if (column != 0) y += cardHeight + gap;
    ui.EndScroll();
    m_height = y - top;
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
