// A leaflet, a page at a time at the full width of the screen, as the centre's printed one reads:
// a swipe sideways or the arrows below turn the page, "2 / 6" says where she is; a drag moves a
// page taller than the screen; a double tap zooms to 2× where the finger is and back; two fingers
// pinch where the panel sends them. Counted: opened, and completed once the last page was shown.
// Nothing moves by itself: a page at rest draws no frame. Main thread.
#include <algorithm>
#include <cmath>

#include "screens/screens_internal.h"

namespace kiosk::screens {
namespace {

constexpr float kBarMm = 16;            // the arrows' row under the page
constexpr float kButtonPaddingMm = 18;  // an arrow button's room besides its label: the arrow, gaps
constexpr float kSwipeMm = 12;          // a sideways drag this long turns the page
constexpr float kMaxZoom = 3;           // pinched in no further
constexpr float kDoubleTapZoom = 2;     //
constexpr float kPaperRatio = 1.414f;   // an A-series page, until the picture says its shape
// A page zoomed in is decoded again at twice the width, within this many pixels (32 MB): a
// 40-megapixel scan never sits in memory whole.
constexpr float kZoomedPixels = 8'000'000;

class LeafletScreen final : public Screen {
 public:
  explicit LeafletScreen(Context& context) : m_context(context) {}

  void OnEnter() override {
    if (m_context.router.CameBack()) return;
    m_page = 0;
    m_completed = false;
    Reset();
    const auto [pack, leaflet] = Chosen();
    if (!leaflet) return;
    m_context.Count(stats::Event::kLeafletOpened, pack->id, leaflet->id);
  }

  void Draw(ui::Ui& ui) override {
    const auto [pack, leaflet] = Chosen();
    const ImRect below =
        Header(ui, m_context, leaflet ? m_context.translator.Pick(leaflet->title) : "");
    const std::vector<std::string>* pages =
        leaflet ? m_context.translator.Pick(leaflet->pages) : nullptr;
    if (!pack || !pages || pages->empty()) return;
    const std::size_t count = pages->size();
    m_page = std::min(m_page, count - 1);

    const float bar = ui.Mm(kBarMm);
    const ImVec2 size = ui.Size();
    const ImRect view(0, below.Min.y, size.x, size.y - bar - ui.Mm(4));
    const int width = static_cast<int>(view.GetWidth());
    // What the fingers did to the page shown so far; then the page (perhaps turned just now, and
    // drawn in this frame: nothing else would draw it) at the width of the screen, the one after
    // it ready for a swipe, and the page at twice the width once zoomed in.
    const std::size_t before = m_page;
    const image::Cache::Shown* fitted = Picture(*pack, (*pages)[m_page], width);
    Gestures(ui, view, Ratio(fitted), count);
    if (m_page != before) fitted = Picture(*pack, (*pages)[m_page], width);
    if (m_page == count - 1 && !m_completed) {
      m_completed = true;
      m_context.Count(stats::Event::kLeafletCompleted, pack->id, leaflet->id);
    }
    if (m_page + 1 < count) Picture(*pack, (*pages)[m_page + 1], width);
    const float ratio = Ratio(fitted);
    const image::Cache::Shown* zoomed = nullptr;
    if (Zoomed()) {
      const float wide = std::min(2 * view.GetWidth(), std::sqrt(kZoomedPixels / ratio));
      zoomed = Picture(*pack, (*pages)[m_page], static_cast<int>(wide));
    }
    Resize(view, ratio);

    // The page, sliding with a finger that swipes, and the next or last one coming in beside it.
    const ImVec2 at(view.Min.x + m_offset.x + m_follow, view.Min.y + m_offset.y);
    const image::Cache::Shown* shown = zoomed ? zoomed : fitted;
    DrawPage(ui, shown, ImRect(at, ImVec2(at.x + m_pageSize.x, at.y + m_pageSize.y)), view);
    // More of the page above or below: the fade and chevron of a list that scrolls.
    ui.MoreBeyond(view, -m_offset.y, m_offset.y + m_pageSize.y - view.GetHeight());
    if (m_follow != 0 && !Zoomed()) {
      const bool next = m_follow < 0;
      if (next ? m_page + 1 < count : m_page > 0) {
        const float x = next ? at.x + m_pageSize.x + ui.Mm(4) : at.x - ui.Mm(4) - view.GetWidth();
        const image::Cache::Shown* beside =
            Picture(*pack, (*pages)[next ? m_page + 1 : m_page - 1], width);
        const float h = view.GetWidth() * Ratio(beside);
        DrawPage(ui, beside, ImRect(x, view.Min.y, x + view.GetWidth(), view.Min.y + h), view);
      }
    }

    // Below the page: the arrows, and where she is.
    const float margin = ui.Mm(5);
    const char* previous = m_context.Tr("Previous page");
    const char* next = m_context.Tr("Next page");
    // Both as wide as the longer label and its arrow need, within 40 % of the row each.
    const float buttonWidth = std::min(std::max(ui.TextWidth(previous, ui::FontSize::kBody),
                                                ui.TextWidth(next, ui::FontSize::kBody)) +
                                           ui.Mm(kButtonPaddingMm),
                                       (size.x - 2 * margin) * 0.4f);
    const ImRect row(margin, size.y - margin - bar, size.x - margin, size.y - margin);
    if (m_page > 0 && ui.IconButton(ui::Icon::kPrevious, previous,
                                    ImRect(row.Min, ImVec2(row.Min.x + buttonWidth, row.Max.y)))) {
      Turn(-1, count);
    }
    if (m_page + 1 < count &&
        ui.IconButton(ui::Icon::kNext, next,
                      ImRect(ImVec2(row.Max.x - buttonWidth, row.Min.y), row.Max))) {
      Turn(1, count);
    }
    const std::string where = std::to_string(m_page + 1) + " / " + std::to_string(count);
    const float textHeight = ui.TextHeight(where.c_str(), row.GetWidth(), ui::FontSize::kTitle);
    ui.Text(where.c_str(),
            ImRect(row.Min.x + buttonWidth, row.GetCenter().y - textHeight / 2,
                   row.Max.x - buttonWidth, row.Max.y),
            ui::FontSize::kTitle, ui::colors::kText, ui::Align::kCenter);
  }

 private:
  std::pair<const Context::Pack*, const packs::Leaflet*> Chosen() const {
    const Context::Choice& choice = m_context.leaflet;
    if (choice.pack >= m_context.packs.size()) return {nullptr, nullptr};
    const Context::Pack& pack = m_context.packs[choice.pack];
    if (choice.item >= pack.content.leaflets.size()) return {nullptr, nullptr};
    return {&pack, &pack.content.leaflets[choice.item]};
  }

  // A page's height to its width.
  static float Ratio(const image::Cache::Shown* page) {
    return page ? static_cast<float>(page->height) / static_cast<float>(page->width) : kPaperRatio;
  }

  const image::Cache::Shown* Picture(const Context::Pack& pack, const std::string& file,
                                     int width) const {
    if (!m_context.pictures || width <= 0) return nullptr;
    return m_context.pictures->Get(m_context.PathIn(pack, file), width, image::kMaxSide);
  }

  bool Zoomed() const { return m_zoom > 1.01f; }

  // The page's size on the screen at the zoom now (`ratio`: its height to its width), and the
  // page kept over the view.
  void Resize(const ImRect& view, float ratio) {
    m_pageSize = ImVec2(view.GetWidth() * m_zoom, view.GetWidth() * m_zoom * ratio);
    Clamp(view);
  }

  // What the fingers did on the page since the last frame.
  void Gestures(ui::Ui& ui, const ImRect& view, float ratio, std::size_t count) {
    if (std::optional<ui::Touch::Pinch> pinch = ui.TakePinch(view)) {
      ZoomAt(view, pinch->centre, m_zoom * pinch->scale, ratio);
      m_offset.x += pinch->moved.x;
      m_offset.y += pinch->moved.y;
      m_follow = 0;
    }
    if (std::optional<ImVec2> tap = ui.TakeDoubleTap(view)) {
      ZoomAt(view, *tap, Zoomed() ? 1.0f : kDoubleTapZoom, ratio);
    }
    const ImVec2 drag = ui.TakeDrag(view);
    if (Zoomed()) {
      m_offset.x += drag.x;
      m_offset.y += drag.y;
    } else {
      // At the screen's width a page moves up and down only; sideways it follows the finger,
      // to turn.
      m_offset.y += drag.y;
      m_follow += drag.x;
    }
    if (std::optional<ImVec2> swipe = ui.TakeSwipe(view)) {
      if (!Zoomed() && std::abs(swipe->x) >= ui.Mm(kSwipeMm) &&
          std::abs(swipe->x) > std::abs(swipe->y)) {
        Turn(swipe->x < 0 ? 1 : -1, count);
      }
    }
    if (!ui.IsDownIn(view)) m_follow = 0;  // a swipe too short springs back
  }

  // Zooms to `zoom` keeping the point of the page under `at` (screen pixels) where it is.
  void ZoomAt(const ImRect& view, ImVec2 at, float zoom, float ratio) {
    zoom = std::clamp(zoom, 1.0f, kMaxZoom);
    const ImVec2 local(at.x - view.Min.x, at.y - view.Min.y);
    const float scale = zoom / m_zoom;
    m_offset =
        ImVec2(local.x - (local.x - m_offset.x) * scale, local.y - (local.y - m_offset.y) * scale);
    m_zoom = zoom;
    Resize(view, ratio);
  }

  // Keeps the page over the view: no empty band where more page could show; a page smaller
  // than the view in one direction is centred in it.
  void Clamp(const ImRect& view) {
    auto clamp = [](float offset, float page, float room) {
      return page <= room ? (room - page) / 2 : std::clamp(offset, room - page, 0.0f);
    };
    m_offset.x = std::round(clamp(m_offset.x, m_pageSize.x, view.GetWidth()));
    m_offset.y = std::round(clamp(m_offset.y, m_pageSize.y, view.GetHeight()));
  }

  void DrawPage(ui::Ui& ui, const image::Cache::Shown* picture, const ImRect& r,
                const ImRect& view) {
    if (picture) {
      ui.Image(picture->texture, r, view);
    } else {
      // Being decoded: a sheet of paper's place, which the picture takes a moment later.
      ImRect sheet = r;
      sheet.ClipWith(view);
      ui.Fill(sheet, ui::colors::kPanel);
    }
  }

  void Turn(int by, std::size_t count) {
    const auto page = static_cast<std::ptrdiff_t>(m_page) + by;
    if (page < 0 || page >= static_cast<std::ptrdiff_t>(count)) return;
    m_page = static_cast<std::size_t>(page);
    Reset();
  }

  void Reset() {
    m_zoom = 1;
    m_offset = ImVec2(0, 0);
    m_follow = 0;
  }

  Context& m_context;
  std::size_t m_page = 0;
  bool m_completed = false;  // counted for this opening
  float m_zoom = 1;          // 1: the screen's width
  ImVec2 m_offset{0, 0};     // the page's top left in the view
  ImVec2 m_pageSize{0, 0};
  float m_follow = 0;  // how far a finger swiping sideways has taken the page
};

}  // namespace

std::unique_ptr<Screen> MakeLeafletScreen(Context& context) {
  return std::make_unique<LeafletScreen>(context);
}

}  // namespace kiosk::screens
