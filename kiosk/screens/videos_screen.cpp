// The video library: the installed packs' videos, topic by topic, each a card with its picture
// (the pack's poster, or one taken from the video), its length, its title and its topic in the
// topic's colour; a tap plays it. Main thread.
#include <algorithm>

#include "screens/screens_internal.h"

namespace kiosk::screens {
namespace {

constexpr float kCardMinWidthMm = 70;
constexpr float kCardHeightMm = 72;

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
      const Context::Pack& pack = m_context.packs[card.pack];
      const packs::Video& video = pack.content.videos[card.video];
      const bool named = card.topic < pack.content.topics.size();
      const ImRect r = grid.At(i);
      const char* title = tr.Pick(video.title);
      const char* topic = named ? tr.Pick(pack.content.topics[card.topic].title) : "";
      std::string length;
      const ui::Ui::Shown picture = Picture(ui, pack, video, title, topic, r, &length);
      if (ui.VideoCard(picture, title, topic, length.c_str(), r, card.color)) {
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

  // A card's picture: the pack's poster in the visitor's language, else the one taken from the
  // video file she would see; its length ("4:32") in `*length` when known.
  ui::Ui::Shown Picture(ui::Ui& ui, const Context::Pack& pack, const packs::Video& video,
                        const char* title, const char* subtext, const ImRect& card,
                        std::string* length) {
    const i18n::Translator& tr = m_context.translator;
    std::string path;
    if (m_context.posters && !video.files.empty()) {
      const std::string file = tr.Pick(video.files);
      auto hash = pack.hashes.find(file);
      const std::string& key = hash != pack.hashes.end() && !hash->second.empty()
                                   ? hash->second
                                   : m_context.PathIn(pack, file);
      if (const playback::Poster* taken =
              m_context.posters->Get(m_context.PathIn(pack, file), key)) {
        path = taken->picture;
        if (taken->lengthMs > 0) *length = VideoTime(taken->lengthMs);
      }
    }
    if (!video.posters.empty()) path = m_context.PathIn(pack, tr.Pick(video.posters));
    ui::Ui::Shown shown;
    if (m_context.pictures && !path.empty()) {
      const ImVec2 box = ui.VideoCardBox(title, subtext, card);
      if (const image::Cache::Shown* decoded =
              m_context.pictures->Get(path, static_cast<int>(box.x), static_cast<int>(box.y))) {
        shown = {decoded->texture, decoded->width, decoded->height};
      }
    }
    return shown;
  }

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
