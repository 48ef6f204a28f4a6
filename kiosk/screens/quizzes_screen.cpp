// The list behind the Quizzes tile: the packs' rights quizzes (each with its topic's picture
// where the pack has one), then their anonymous surveys, each a big tile; a tap starts it. Main
// thread.
#include <algorithm>

#include "screens/screens_internal.h"

namespace kiosk::screens {
namespace {

constexpr float kTileMinWidthMm = 80;
constexpr float kTileHeightMm = 36;
constexpr ImU32 kSurveyColor = IM_COL32(96, 62, 150, 255);  // 7:1 against white

class QuizzesScreen final : public Screen {
 public:
  explicit QuizzesScreen(Context& context) : m_context(context) {}

  void Draw(ui::Ui& ui) override {
    const ImRect view = Header(ui, m_context, m_context.Tr("Quizzes"));
    if (m_tilesFor != m_context.contentGeneration) Order();
    // Only the tiles in view are drawn, however many the packs hold.
    const float height = Grid(ui, 0, m_tiles.size(), kTileMinWidthMm, kTileHeightMm).Height();
    const float top = view.Min.y + ui.BeginScroll("quizzes", view, height);
    const Grid grid(ui, top, m_tiles.size(), kTileMinWidthMm, kTileHeightMm);
    const i18n::Translator& tr = m_context.translator;
    const ui::Ui::Rows shown = grid.InView(ui);
    for (std::size_t i = shown.first; i < shown.last; ++i) {
      const Tile& tile = m_tiles[i];
      const packs::Content& content = m_context.packs[tile.pack].content;
      if (!tile.survey) {
        const packs::Quiz& quiz = content.quizzes[tile.item];
        const char* title = tr.Pick(quiz.title);
        const ui::Ui::Shown picture = TopicPicture(ui, tile.pack, quiz.topic, grid.At(i));
        if (ui.Tile(title, "", grid.At(i), ui::colors::kQuizzes, ui::Icon::kQuiz, &picture)) {
          m_context.quiz = {tile.pack, tile.item};
          m_context.router.Go(ScreenId::kQuiz);
        }
      } else if (ui.Tile(tr.Pick(content.surveys[tile.item].title),
                         m_context.Tr("Anonymous: no names are kept"), grid.At(i), kSurveyColor,
                         ui::Icon::kNone)) {
        m_context.survey = {tile.pack, tile.item};
        m_context.router.Go(ScreenId::kSurvey);
      }
    }
    ui.EndScroll();
  }

 private:
  // The picture of a quiz's topic, where the pack gives one, once decoded.
  ui::Ui::Shown TopicPicture(ui::Ui& ui, std::size_t pack, const std::string& topic,
                             const ImRect& r) {
    const Context::Pack& p = m_context.packs[pack];
    ui::Ui::Shown shown;
    for (const packs::Topic& t : p.content.topics) {
      if (t.id != topic || t.picture.empty() || !m_context.pictures) continue;
      const ImVec2 box = ui.TilePictureBox(r);
      if (box.x < 1 || box.y < 1) break;
      if (const image::Cache::Shown* decoded = m_context.pictures->Get(
              m_context.PathIn(p, t.picture), static_cast<int>(box.x), static_cast<int>(box.y))) {
        shown = {decoded->texture, decoded->width, decoded->height};
      }
    }
    return shown;
  }

  struct Tile {
    std::size_t pack, item;
    bool survey;
  };

  // The packs' quizzes, then their surveys, once per reading of the packs.
  void Order() {
    m_tilesFor = m_context.contentGeneration;
    m_tiles.clear();
    for (std::size_t p = 0; p < m_context.packs.size(); ++p) {
      for (std::size_t q = 0; q < m_context.packs[p].content.quizzes.size(); ++q) {
        m_tiles.push_back({p, q, false});
      }
    }
    for (std::size_t p = 0; p < m_context.packs.size(); ++p) {
      for (std::size_t s = 0; s < m_context.packs[p].content.surveys.size(); ++s) {
        m_tiles.push_back({p, s, true});
      }
    }
  }

  Context& m_context;
  std::vector<Tile> m_tiles;
  int m_tilesFor = -1;  // the Context::contentGeneration the tiles were listed from
};

}  // namespace

std::unique_ptr<Screen> MakeQuizzesScreen(Context& context) {
  return std::make_unique<QuizzesScreen>(context);
}

}  // namespace kiosk::screens
