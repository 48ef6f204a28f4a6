// The video library: the installed packs' videos and leaflets, topic by topic, each a card with
// its picture (a video's poster, or one taken from the video; a leaflet's first page), its length
// or number of pages, its title and its topic in the topic's colour; a tap plays the video or
// opens the leaflet. Main thread.
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
    if (m_cardsFor != m_context.contentGeneration) Order();
    const ImRect view =
        Header(ui, m_context, m_context.Tr(m_leaflets ? "Videos and leaflets" : "Videos"));
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
      const bool named = card.topic < pack.content.topics.size();
      const ImRect r = grid.At(i);
      const char* topic = named ? tr.Pick(pack.content.topics[card.topic].title) : "";
      if (card.leaflet) {
        const packs::Leaflet& leaflet = pack.content.leaflets[card.item];
        const char* title = tr.Pick(leaflet.title);
        const std::vector<std::string>* pages = tr.Pick(leaflet.pages);
        const std::size_t count = pages ? pages->size() : 0;
        const std::string badge =
            i18n::Fill(m_context.TrN("{} page", "{} pages", count), std::to_string(count));
        const ui::Ui::Shown picture =
            Shown(ui, pages ? m_context.PathIn(pack, pages->front()) : "", title, topic, r);
        if (ui.VideoCard(picture, title, topic, badge.c_str(), r, card.color, ui::Icon::kLeaflet)) {
          m_context.leaflet = {card.pack, card.item};
          m_context.router.Go(ScreenId::kLeaflet);
        }
        continue;
      }
      const packs::Video& video = pack.content.videos[card.item];
      const char* title = tr.Pick(video.title);
      std::string length;
      const ui::Ui::Shown picture = Picture(ui, pack, video, title, topic, r, &length);
      if (ui.VideoCard(picture, title, topic, length.c_str(), r, card.color, ui::Icon::kPlay)) {
        m_context.video = {card.pack, card.item};
        m_context.router.Go(ScreenId::kPlayer);
      }
    }
    ui.EndScroll();
  }

 private:
  struct Card {
    std::size_t pack;
    bool leaflet;
    std::size_t item;   // in the pack's videos or leaflets
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
    return Shown(ui, path, title, subtext, card);
  }

  // The picture at `path` as a card shows it, once decoded.
  ui::Ui::Shown Shown(ui::Ui& ui, const std::string& path, const char* title, const char* subtext,
                      const ImRect& card) {
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
    m_leaflets = false;
    std::size_t topicIndex = 0;
    for (std::size_t p = 0; p < m_context.packs.size(); ++p) {
      const packs::Content& content = m_context.packs[p].content;
      // Each topic's videos (those a video player can play), then its leaflets; then the
      // videos and leaflets whose topic the pack does not name.
      for (std::size_t t = 0; t <= content.topics.size(); ++t) {
        const bool named = t < content.topics.size();
        const ImU32 color = kTopicColors[topicIndex % std::size(kTopicColors)];
        bool any = false;
        auto add = [&](const auto& items, bool leaflets) {
          for (std::size_t i = 0; i < items.size(); ++i) {
            const std::string& topic = items[i].topic;
            const bool known =
                std::any_of(content.topics.begin(), content.topics.end(),
                            [&](const packs::Topic& candidate) { return candidate.id == topic; });
            if (named ? topic != content.topics[t].id : known) continue;
            m_cards.push_back({p, leaflets, i, t, color});
            any = true;
            m_leaflets = m_leaflets || leaflets;
          }
        };
        if (m_context.videoPlayer) add(content.videos, false);
        add(content.leaflets, true);
        if (any) ++topicIndex;
      }
    }
  }

  Context& m_context;
  std::vector<Card> m_cards;
  bool m_leaflets = false;  // some of them are leaflets
  int m_cardsFor = -1;      // the Context::contentGeneration the cards were ordered from
};

}  // namespace

std::unique_ptr<Screen> MakeVideosScreen(Context& context) {
  return std::make_unique<VideosScreen>(context);
}

}  // namespace kiosk::screens
