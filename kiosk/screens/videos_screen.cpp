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
    if (m_cardsFor != m_context.contentGeneration) Order();
    // One grid, topic by topic: each card says its topic under its title, in its topic's colour.
    // Only the cards in view are drawn: flinging 300 videos costs what flinging 30 does.
    const float height = Grid(ui, 0, m_cards.size(), kCardMinWidthMm, kCardHeightMm).Height();
    const float top = view.Min.y + ui.BeginScroll("videos", view, height);
    const Grid grid(ui, top, m_cards.size(), kCardMinWidthMm, kCardHeightMm);
    const i18n::Translator& tr = m_context.translator;
    const ui::Ui::Rows shown = grid.InView(ui);
    for (std::size_t i = shown.first; i < shown.last; ++i) {
      const Card& card = m_cards[i];
      const packs::Content& content = m_context.packs[card.pack].content;
      const bool named = card.topic < content.topics.size();
      if (ui.Tile(tr.Pick(content.videos[card.video].title),
                  named ? tr.Pick(content.topics[card.topic].title) : "", grid.At(i), card.color,
                  ui::Icon::kPlay)) {
        m_context.video = {card.pack, card.video};
        m_context.router.Go(ScreenId::kPlayer);
      }
    }
    ui.EndScroll();
  }

 private:
  struct Card {
    std::size_t pack, video;
    std::size_t topic;  // in the pack's topics; past them for a video whose topic it does not name
    ImU32 color;
  };

  // The cards in the order the grid shows them, once per reading of the packs.
  void Order() {
    m_cardsFor = m_context.contentGeneration;
    m_cards.clear();
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
          m_cards.push_back({p, v, t, color});
          any = true;
        }
        if (any) ++topicIndex;
      }
    }
  }

  Context& m_context;
  std::vector<Card> m_cards;
  int m_cardsFor = -1;  // the Context::contentGeneration the cards were ordered from
};

}  // namespace

std::unique_ptr<Screen> MakeVideosScreen(Context& context) {
  return std::make_unique<VideosScreen>(context);
}

}  // namespace kiosk::screens
