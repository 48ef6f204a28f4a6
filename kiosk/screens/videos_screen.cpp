// The video library: the installed packs' videos grouped by topic, each a big title card with a
// play picture; a tap plays it. Main thread.
#include <algorithm>

#include "screens/screens_internal.h"

namespace kiosk::screens {
namespace {

constexpr float kMarginMm = 5;
constexpr float kGapMm = 4;
constexpr float kCardMinWidthMm = 70;
constexpr float kCardHeightMm = 42;

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
    const int columns =
        std::max(1, static_cast<int>((width + gap) / (ui.Mm(kCardMinWidthMm) + gap)));
    const float cardWidth =
        (width - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    const float cardHeight = std::min(ui.Mm(kCardHeightMm), cardWidth * 0.6f);

    const float top = view.Min.y + ui.BeginScroll("videos", view, m_height);
    float y = top;
    const i18n::Translator& tr = m_context.translator;
    std::size_t topicIndex = 0;
    for (std::size_t p = 0; p < m_context.packs.size(); ++p) {
      const packs::Content& content = m_context.packs[p].content;
      // Each topic with its videos, then the videos whose topic the pack does not name.
      for (std::size_t t = 0; t <= content.topics.size(); ++t) {
        const bool named = t < content.topics.size();
        std::vector<std::size_t> videos;
        for (std::size_t v = 0; v < content.videos.size(); ++v) {
          const std::string& topic = content.videos[v].topic;
          const bool known =
              std::any_of(content.topics.begin(), content.topics.end(),
                          [&](const packs::Topic& candidate) { return candidate.id == topic; });
          if (named ? topic == content.topics[t].id : !known) videos.push_back(v);
        }
        if (videos.empty()) continue;
        if (named) {
          y += ui.Text(tr.Pick(content.topics[t].title), ImRect(margin, y, size.x - margin, size.y),
                       ui::FontSize::kBody, ui::colors::kAccent);
          y += ui.Mm(2);
        }
        const ImU32 color = kTopicColors[topicIndex++ % std::size(kTopicColors)];
        for (std::size_t i = 0; i < videos.size(); ++i) {
          const int column = static_cast<int>(i % columns);
          const float x = margin + static_cast<float>(column) * (cardWidth + gap);
          const ImRect card(x, y, x + cardWidth, y + cardHeight);
          if (ui.Tile(tr.Pick(content.videos[videos[i]].title), "", card, color, ui::Icon::kPlay)) {
            m_context.video = {p, videos[i]};
            m_context.router.Go(ScreenId::kPlayer);
          }
          if (column == columns - 1 || i + 1 == videos.size()) y += cardHeight + gap;
        }
        y += gap;
      }
    }
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
