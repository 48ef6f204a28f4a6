// Touch widgets for the kiosk, drawn with Dear ImGui's draw lists and fonts.
//
// ImGui 1.86 is built for a mouse: clicks fire on press, drags do not scroll, hover highlights
// stay after a finger lifts (ocornut/imgui #3379, #2675, #1470). So the kiosk does its own input
// here and uses ImGui only to draw: a tap fires on release if the finger moved less than a
// threshold, a drag scrolls a list with inertia, and nothing depends on hover. Sizes are in
// millimetres of the real screen, so every target is at least 12 mm under a finger.
//
// Every label drawn is recorded with its rectangle, so headless scripts and tests can find
// "Videos" on the screen as a person would. Main thread only.
#pragma once

#include <imgui.h>
#include <imgui_internal.h>  // ImRect

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/base.h"
#include "i18n/i18n.h"
#include "text/text.h"

namespace kiosk::ui {

struct PointerEvent {
  enum class Kind { kDown, kMove, kUp };
  Kind kind;
  float x;  // window pixels
  float y;
  std::int64_t pointer = 0;  // 0 the mouse, else a touchscreen finger
};

enum class FontSize { kSmall, kBody, kTitle };
using Align = text::Align;
enum class Icon { kNone, kPlay, kQuiz, kStar, kHelp, kPause, kSpeaker, kLeaflet, kPrevious, kNext };

// High-contrast colours: white on dark, every tile colour at least 4.5:1 against white text.
namespace colors {
constexpr ImU32 kBackground = IM_COL32(16, 24, 32, 255);
constexpr ImU32 kPanel = IM_COL32(36, 48, 62, 255);
constexpr ImU32 kText = IM_COL32(255, 255, 255, 255);
constexpr ImU32 kTextDim = IM_COL32(200, 210, 220, 255);
constexpr ImU32 kAccent = IM_COL32(255, 210, 63, 255);
constexpr ImU32 kWarning = IM_COL32(150, 40, 20, 255);
constexpr ImU32 kVideos = IM_COL32(30, 90, 168, 255);
constexpr ImU32 kQuizzes = IM_COL32(27, 115, 64, 255);
constexpr ImU32 kContest = IM_COL32(160, 70, 14, 255);
constexpr ImU32 kHelp = IM_COL32(176, 35, 79, 255);
}  // namespace colors

// A label on the screen as the last finished frame drew it.
struct Label {
  std::string text;
  ImRect rect;  // the part that is on screen
  bool tappable;
  bool scrolledPartlyOut;  // a list item cut by the edge of its list: scroll to see it whole
};

// What the pointers are doing between two frames. A plain value, so the touch logic is testable.
// The first finger down (or the mouse) taps, drags and flings; other fingers that go down while
// it is held only tap, so that children of several teams can tap their zones at once.
class Touch {
 public:
  // A finger moving less than slopPx taps; a fling is at most maxFlingPx per second.
  Touch(const base::Clock& clock, float slopPx, float maxFlingPx)
      : m_clock(clock), m_slopPx(slopPx), m_maxFlingPx(maxFlingPx) {}

  // False when the event changes nothing (a pointer moving while up: hover, which is ignored).
  bool OnPointer(const PointerEvent& event);

  struct Tap {
    ImVec2 press;
    ImVec2 release;
    bool second = false;  // of a double tap
  };
  // Consumes a tap completed since the last frame, if it lies in r (press and release both);
  // the first such tap when several fingers tapped.
  bool TakeTap(const ImRect& r) { return TakeTapAt(r).has_value(); }
  // The same, giving where the finger lifted.
  std::optional<ImVec2> TakeTapAt(const ImRect& r);
  // Where the finger is while it holds down what it pressed in r (tapping or dragging).
  std::optional<ImVec2> HeldAt(const ImRect& r) const;
  // A finger is down on this point and has not started a drag: draw the widget pressed.
  bool IsPressing(const ImRect& r) const;
  // How long the first finger has been held still in r, if it is.
  std::optional<base::Duration> HeldFor(const ImRect& r) const;
  bool IsDownIn(const ImRect& r) const { return m_down && !m_ignored && r.Contains(m_press); }
  // The drag that started inside r: its movement since the last frame (finger right and down
  // positive), its vertical part, and the fling velocity in px/s when the finger lifted since
  // the last frame.
  ImVec2 TakeDrag(const ImRect& r);
  float TakeDragDy(const ImRect& r) { return TakeDrag(r).y; }
  std::optional<float> TakeFling(const ImRect& r);
  // A drag that started inside r and lifted since the last frame: from where the finger went
  // down to where it lifted. A pinch's fingers make none.
  std::optional<ImVec2> TakeSwipe(const ImRect& r);
  // The second tap of a double tap in r (pressed within kDoubleTap of the first's release, near
  // it): where it lifted. Its first tap was an ordinary one.
  std::optional<ImVec2> TakeDoubleTap(const ImRect& r);
  static constexpr auto kDoubleTap = std::chrono::milliseconds(400);
  // Two fingers pressed in r, held: how far apart they are against the last frame (a factor),
  // the point between them, and how far that point moved. Taken, it is a pinch: the fingers
  // neither tap, drag nor swipe any more until they lift (screens without pinches never take
  // one, and two fingers there tap as they did).
  struct Pinch {
    float scale;
    ImVec2 centre;
    ImVec2 moved;
  };
  std::optional<Pinch> TakePinch(const ImRect& r);
  // Forgets unconsumed taps and drags; called at the end of every frame. Returns true when a
  // widget took a tap during the frame.
  bool EndFrame();
  // A new screen is shown. The fingers that are down pressed what the last one showed, and a
  // finger that comes down within kSettle from now most likely meant it too (the second tap of
  // a child's double tap, 90 ms after the first): until they lift, they tap, drag and hold
  // nothing here.
  void NewScreen();
  static constexpr auto kSettle = std::chrono::milliseconds(300);
  // Presses before this moment do nothing (NewScreen): a script's next finger waits for it.
  base::TimePoint Settled() const { return m_settled; }

 private:
  // A finger that went down while another was held: it taps, nothing more.
  bool OnOtherFinger(const PointerEvent& event);

  const base::Clock& m_clock;
  float m_slopPx;
  float m_maxFlingPx;
  bool m_down = false;
  bool m_ignored = false;      // the one that is down does nothing (NewScreen)
  std::int64_t m_pointer = 0;  // the one that is down
  bool m_dragging = false;
  ImVec2 m_press{0, 0};
  base::TimePoint m_pressTime{};
  ImVec2 m_last{0, 0};
  ImVec2 m_drag{0, 0};      // dragged since the last frame
  bool m_pinched = false;   // the finger that is down is one of a pinch's
  std::vector<Tap> m_taps;  // completed since the last frame, the first finger's first
  std::optional<ImVec2> m_swipe;
  // The last tap, for a double tap: when and where it lifted.
  struct LastTap {
    base::TimePoint time;
    ImVec2 at;
  };
  std::optional<LastTap> m_lastTap;
  // A pinch's fingers at the last frame: how far apart, and the point between them.
  float m_pinchDistance = 0;
  ImVec2 m_pinchCentre{0, 0};
  // Other fingers that went down while the first was held: where each pressed, until it lifts.
  struct Press {
    std::int64_t pointer;
    ImVec2 at;
    ImVec2 now;
    bool moved;
    bool ignored;  // pressed before the screen settled (NewScreen)
  };
  std::vector<Press> m_others;
  base::TimePoint m_settled{};  // presses before this do nothing (NewScreen)
  bool m_tapTaken = false;
  std::optional<float> m_fling;
  struct Sample {
    base::TimePoint time;
    float y;
  };
  std::vector<Sample> m_samples;  // the last ~100 ms of a drag, for the fling velocity
};

class Ui {
 public:
  // pxPerMm comes from the display's DPI. Creates the ImGui context, which lives as long as this.
  Ui(const base::Clock& clock, float pxPerMm);
  ~Ui();
  Ui(const Ui&) = delete;
  Ui& operator=(const Ui&) = delete;

  // Opens the fonts of every script. Returns a message per font file that could not be loaded
  // ("install fonts-noto-cjk"); text in that script then shows placeholder boxes, never a crash.
  std::vector<std::string> LoadFonts();
  // The language whose line-breaking rules wrap the text (an i18n code).
  void SetLanguage(std::string_view code) { m_lang = code; }
  text::Engine& TextEngine() { return m_text; }
  const text::Engine& TextEngine() const { return m_text; }

  // False when the event changes nothing on screen (a mouse moving with no button held).
  bool OnPointer(const PointerEvent& event) { return m_touch.OnPointer(event); }
  // A new screen is shown: what fingers began before it, or just after, does nothing on it.
  void NewScreen() { m_touch.NewScreen(); }
  base::TimePoint TouchSettled() const { return m_touch.Settled(); }

  void BeginFrame(float width, float height);
  // Finishes the frame: ImGui::GetDrawData() is ready to render.
  void EndFrame();
  // True while something moves on its own (a list coasting), or when a list's length changed
  // (its fades follow in the next frame): the loop must draw another frame.
  bool IsAnimating() const { return m_animating; }
  // True when a widget took a tap in the last frame: what the tap changed shows in the next one
  // (a frame is drawn before its widgets learn of the tap).
  bool TapTaken() const { return m_tapTaken; }

  float Mm(float mm) const { return mm * m_pxPerMm; }
  // How long a finger has been held still in r (a hidden gesture for staff), if it is.
  std::optional<base::Duration> HeldFor(const ImRect& r) const { return m_touch.HeldFor(r); }
  ImVec2 Size() const { return m_size; }

  // [SECTION] Widgets. Each returns true on the frame a tap on it completes.
  // A big tile: its icon above its words, centred. A `picture` of its own (a topic's), once
  // decoded (its texture not nullptr), stands on its left instead, fitted in TilePictureBox: as
  // high as the tile, at most 4:3 and 40 % of its width.
  struct Shown;
  bool Tile(const char* text, const char* subtext, const ImRect& r, ImU32 color, Icon icon,
            const Shown* picture = nullptr);
  ImVec2 TilePictureBox(const ImRect& r) const;
  bool Button(const char* text, const ImRect& r, bool selected = false);
  // A button with a picture (play, pause, listen) before its text; the text may be empty for a
  // picture alone, which then has no label.
  bool IconButton(Icon icon, const char* text, const ImRect& r, bool selected = false);
  // An answer to choose: its text left-aligned on a block of `fill`, wrapped; r's height should
  // come from ChoiceHeight().
  bool Choice(const char* text, const ImRect& r, ImU32 fill);
  float ChoiceHeight(const char* text, float width);
  // An answer to choose by its picture: a card of `fill` with the picture fitted (kept in shape,
  // centred) in its top `pictureHeight`, and its caption (may be empty) wrapped below. A picture
  // not yet decoded (texture nullptr) leaves a plain panel of the same size in its place. With
  // `listen`, a loudspeaker button ends the caption's row (lit while `listening`). Not
  // `tappable`: a card to look at (a contest's shared answers), which no finger chooses.
  struct Shown {
    void* texture = nullptr;
    int width = 0, height = 0;
  };
  enum class CardTap { kNone, kCard, kListen };
  CardTap PictureChoice(const Shown& picture, const char* caption, const ImRect& r,
                        float pictureHeight, ImU32 fill, bool tappable, bool listen,
                        bool listening);
  // The height of a card's caption row below its picture, for a card `width` wide.
  float CaptionHeight(const char* caption, float width, bool listen);
  // The size a picture card `r` shows its picture at, in whole pixels: a picture decoded to fit
  // it is drawn pixel for pixel (never scaled on each frame, and alike drawn whole or in parts).
  ImVec2 PictureChoiceBox(const ImRect& r, float pictureHeight) const;
  // A video or leaflet in a library: its picture on a black screen, a `sign` (play, leaflet) in
  // the picture's corner (in the middle of the screen until the picture is decoded) and a `badge`
  // in the other (a video's length "4:32", a leaflet's "4 pages"; may be empty), above its title
  // and `subtext`, on its topic's colour.
  bool VideoCard(const Shown& picture, const char* title, const char* subtext, const char* badge,
                 const ImRect& r, ImU32 color, Icon sign);
  // The size a video card `r` shows its picture at, as PictureChoiceBox.
  ImVec2 VideoCardBox(const char* title, const char* subtext, const ImRect& r);
  // A seek bar the finger drags, showing `value` (0..1). Returns the fraction under the finger
  // while it holds the bar, and where it lifted after a tap.
  std::optional<float> SeekBar(const ImRect& r, float value);
  // A picture from a texture (a video frame), stretched to r; only its part within `clip`.
  void Image(void* texture, const ImRect& r);
  void Image(void* texture, const ImRect& r, const ImRect& clip);

  // [SECTION] Gestures on what a screen moves itself (a leaflet's page), started in r: see
  // Touch. A screen that takes them draws its own feedback.
  ImVec2 TakeDrag(const ImRect& r) { return m_touch.TakeDrag(r); }
  std::optional<ImVec2> TakeSwipe(const ImRect& r) { return m_touch.TakeSwipe(r); }
  std::optional<ImVec2> TakeDoubleTap(const ImRect& r) { return m_touch.TakeDoubleTap(r); }
  std::optional<Touch::Pinch> TakePinch(const ImRect& r) { return m_touch.TakePinch(r); }
  bool IsDownIn(const ImRect& r) const { return m_touch.IsDownIn(r); }
  // The fades and chevrons a scrolling list shows at the edges of `view` with more of it beyond
  // them (px above and below), for a picture the screen moves itself.
  void MoreBeyond(const ImRect& view, float above, float below) {
    DrawScrollFades(view, {above, below});
  }
  // Draws text wrapped to r's width from r's top, and returns the height it took. Outside a
  // scrolling list, lines past r's bottom are cut and the last one kept ends in "…".
  float Text(const char* text, const ImRect& r, FontSize size, ImU32 color,
             Align align = Align::kLeft);
  float TextHeight(const char* text, float width, FontSize size);
  // The width of text on one line, unbroken.
  float TextWidth(const char* text, FontSize size);
  void Fill(const ImRect& r, ImU32 color, float roundingMm = 0);
  // A feature's picture in a disc of its colour: what a tile shows, for people who read little.
  void Picture(Icon icon, ImVec2 centre, float radius, ImU32 color);

  // A vertical list that a drag scrolls, with inertia. Draw the items between Begin and End at
  // y + the returned offset (negative: scrolled down); only what lies inside `view` is drawn.
  // An edge of the view with more of the list beyond it fades into the background, with a
  // chevron pointing there, so that a list that scrolls looks like it (items cut by the edge
  // alone were missed at 800x480).
  float BeginScroll(const char* id, const ImRect& view, float contentHeight);
  void EndScroll();
  // Of `count` rows `pitch` px apart, the first at y = `top` (where the open list places it,
  // scrolled), the rows [first, last) that lie in the list's view or within a row of it: only
  // these need laying out and drawing, so that a frame costs the same for 50 rows or 5,000.
  // Outside a list, the rows on the screen.
  struct Rows {
    std::size_t first = 0;
    std::size_t last = 0;
  };
  Rows RowsInView(float top, float pitch, std::size_t count) const;

  const std::vector<Label>& Labels() const { return m_labels; }
  // Forgets every list's scroll position: the next person starts at the top.
  void ResetScrolls() { m_scrolls.clear(); }

 private:
  struct Scroll {
    float offset = 0;    // px scrolled down, 0..max
    float velocity = 0;  // px/s of content movement while coasting
    // The height the list was given last frame (screens measure theirs as they draw it, so a
    // list's first frame may have the height of none); -1 before its first frame.
    float contentHeight = -1;
  };
  // How much of an open list lies beyond its view: px above it (scrolled out) and below it.
  struct Beyond {
    float above;
    float below;
  };
  float PxFor(FontSize size) const;
  // A button's face, pressed or selected; returns the part a finger can hit.
  ImRect ButtonFace(const ImRect& r, bool selected);
  void AddLabel(const char* text, const ImRect& r, bool tappable);
  // Draws text wrapped to r's width; with `cut`, only the lines that fit r's height, the last
  // one ending in "…" when there were more. Returns the height drawn.
  float DrawText(const char* text, const ImRect& r, FontSize size, ImU32 color, Align align,
                 bool cut = true);
  bool Visible(const ImRect& r) const;
  void DrawIcon(Icon icon, ImVec2 centre, float radius);
  // Draws a picture centred in box: pixel for pixel where it fits, else scaled down to fit.
  // Returns where it is.
  ImRect DrawFitted(const Shown& picture, const ImRect& box);
  // A video card's screen (the top of `r`, in whole pixels), and the heights of its title (two
  // lines at the most) and subtext below it.
  ImRect VideoCardPicture(const char* title, const char* subtext, const ImRect& r,
                          float* titleHeight, float* subHeight);
  // Fades the edges of the view `clip` that have more of its list beyond them.
  void DrawScrollFades(const ImRect& clip, Beyond beyond);

  const base::Clock& m_clock;
  float m_pxPerMm;
  Touch m_touch;
  ImVec2 m_size{0, 0};
  base::TimePoint m_lastFrame;
  float m_dt = 0;
  bool m_animating = false;
  bool m_tapTaken = false;
  ImGuiContext* m_imgui = nullptr;
  ImDrawList* m_draw = nullptr;
  std::vector<ImRect> m_clip;    // scroll views currently open
  std::vector<Beyond> m_beyond;  // and how much of each list lies beyond its view
  std::map<std::string, Scroll, std::less<>> m_scrolls;
  std::vector<Label> m_building;
  std::vector<Label> m_labels;
  text::Engine m_text;
  std::string m_lang = i18n::kSourceLanguage;
};

}  // namespace kiosk::ui
