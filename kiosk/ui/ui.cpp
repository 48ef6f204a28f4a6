// The kiosk's touch widgets: tiles, buttons, wrapped text and inertial scroll lists, drawn into
// ImGui's background draw list, with every label recorded for scripts and tests. Main thread.
//
// Index:
// [SECTION] Frame
// [SECTION] Widgets
// [SECTION] Scrolling
// [SECTION] Text
#include <algorithm>
#include <cmath>
#include <cstring>
#include <numbers>

#include "ui/ui.h"

namespace kiosk::ui {
namespace {

// A finger that moves less than this between press and release taps; more, it drags.
constexpr float kTapSlopMm = 3.0f;
// Coasting slows with this time constant, and stops below kStopMmPerSecond.
constexpr float kFlingTimeConstantS = 0.325f;
constexpr float kStopMmPerSecond = 5.0f;
// A hard flick on a phone moves content about a metre a second; faster is a measuring error.
constexpr float kMaxFlingMmPerSecond = 1500.0f;
// An edge of a list with more beyond it fades into the background over this height, and over
// less as the list nears its end, so that the fade leaves smoothly rather than blinks out.
constexpr float kFadeMm = 8.0f;
// The fade is drawn in plain bands, at most this many: SDL 2.26's software renderer fills an
// axis-aligned quad of one colour as a rectangle but rasterizes a gradient pixel by pixel.
constexpr int kFadeBands = 32;
constexpr float kChevronMm = 2.5f;            // half its width, and its height
constexpr float kCardListenMm = 14.0f;        // a picture card's loudspeaker button
constexpr float kTilePictureMarginMm = 2.5f;  // around a tile's own picture

ImU32 Lighter(ImU32 color, float amount) {
  ImVec4 c = ImGui::ColorConvertU32ToFloat4(color);
  c.x += (1 - c.x) * amount;
  c.y += (1 - c.y) * amount;
  c.z += (1 - c.z) * amount;
  return ImGui::ColorConvertFloat4ToU32(c);
}

}  // namespace

// [SECTION] Frame

Ui::Ui(const base::Clock& clock, float pxPerMm)
    : m_clock(clock),
      m_pxPerMm(pxPerMm),
      m_touch(clock, kTapSlopMm * pxPerMm, kMaxFlingMmPerSecond * pxPerMm) {
  IM_ASSERT(pxPerMm > 0 && "Ui needs the display's pixels per millimetre");
  m_imgui = ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // nothing to remember between runs: the next person starts afresh
  io.LogFilename = nullptr;
  m_lastFrame = clock.Now();
}

Ui::~Ui() {
  ImGui::DestroyContext(m_imgui);
}

void Ui::BeginFrame(float width, float height) {
  const base::TimePoint now = m_clock.Now();
  m_dt = std::clamp(static_cast<float>(base::Seconds(now - m_lastFrame)), 0.0f, 0.25f);
  m_lastFrame = now;
  m_size = ImVec2(width, height);
  ImGui::SetCurrentContext(m_imgui);
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = m_size;
  io.DeltaTime = m_dt > 0 ? m_dt : 1e-4f;  // ImGui asserts DeltaTime > 0
  ImGui::NewFrame();
  m_draw = ImGui::GetBackgroundDrawList();  // the platform clears to colors::kBackground
  m_building.clear();
  m_animating = false;
}

void Ui::EndFrame() {
  IM_ASSERT(m_clip.empty() && "BeginScroll() without EndScroll()");
  ImGui::Render();
  m_tapTaken = m_touch.EndFrame();
  m_text.EndFrame();
  m_labels.swap(m_building);
  m_draw = nullptr;
}

bool Ui::Visible(const ImRect& r) const {
  ImRect screen(ImVec2(0, 0), m_size);
  if (!m_clip.empty()) screen.ClipWith(m_clip.back());
  return screen.Overlaps(r);
}

void Ui::AddLabel(const char* text, const ImRect& r, bool tappable) {
  if (!Visible(r) || *text == '\0') return;
  ImRect shown = r;
  if (!m_clip.empty()) shown.ClipWith(m_clip.back());
  const bool cut = shown.Min.x != r.Min.x || shown.Min.y != r.Min.y || shown.Max.x != r.Max.x ||
                   shown.Max.y != r.Max.y;
  m_building.push_back({text, shown, tappable, cut});
}

// [SECTION] Widgets

void Ui::Fill(const ImRect& rect, ImU32 color, float roundingMm) {
  // SDL's software renderer (SDL 2.26, SDL_SW_RenderGeometryRaw) fills a two-triangle
  // axis-aligned quad as a plain rectangle, but rasterizes every other triangle pixel by pixel:
  // one rounded tile cost ~6 ms at 1080p. So the body of a rounded rectangle is three plain
  // rectangles and only the four small corners are triangles.
  // Whole pixels, so that the pieces meet without a gap.
  const ImRect r(ImFloor(rect.Min), ImFloor(rect.Max));
  const float radius =
      std::floor(std::min(Mm(roundingMm), std::min(r.GetWidth(), r.GetHeight()) * 0.5f));
  if (radius < 1) {
    m_draw->AddRectFilled(r.Min, r.Max, color);
    return;
  }
  const float pi = std::numbers::pi_v<float>;
  const ImVec2 centres[4] = {
      ImVec2(r.Min.x + radius, r.Min.y + radius), ImVec2(r.Max.x - radius, r.Min.y + radius),
      ImVec2(r.Max.x - radius, r.Max.y - radius), ImVec2(r.Min.x + radius, r.Max.y - radius)};
  // Without anti-aliasing: its fringe along the corners' straight edges shows as thin dark
  // lines where they meet the rectangles.
  const ImDrawListFlags flags = m_draw->Flags;
  m_draw->Flags &= ~ImDrawListFlags_AntiAliasedFill;
  for (int i = 0; i < 4; ++i) {
    const float start = pi + static_cast<float>(i) * pi / 2;
    m_draw->PathLineTo(centres[i]);
    m_draw->PathArcTo(centres[i], radius, start, start + pi / 2, 6);
    m_draw->PathFillConvex(color);
  }
  m_draw->Flags = flags;
  // The pieces overlap by a pixel: the corners' rasterization leaves their straight edges' last
  // column or row to the neighbour.
  m_draw->AddRectFilled(ImVec2(r.Min.x + radius - 1, r.Min.y),
                        ImVec2(r.Max.x - radius + 1, r.Max.y), color);
  m_draw->AddRectFilled(ImVec2(r.Min.x, r.Min.y + radius - 1),
                        ImVec2(r.Min.x + radius, r.Max.y - radius + 1), color);
  m_draw->AddRectFilled(ImVec2(r.Max.x - radius, r.Min.y + radius - 1),
                        ImVec2(r.Max.x, r.Max.y - radius + 1), color);
}

bool Ui::Tile(const char* text, const char* subtext, const ImRect& r, ImU32 color, Icon icon,
              const Shown* picture) {
  ImRect hit = r;
  if (!m_clip.empty()) hit.ClipWith(m_clip.back());
  const bool pressed = m_touch.IsPressing(hit);
  Fill(r, pressed ? Lighter(color, 0.25f) : color, 3);
  if (pressed) m_draw->AddRect(r.Min, r.Max, colors::kAccent, Mm(3), 0, Mm(1));

  // A picture of its own goes on the left, as high as the tile; the words take the rest.
  ImRect area = r;
  if (picture && picture->texture && picture->width > 0 && picture->height > 0) {
    const ImVec2 box = TilePictureBox(r);
    const ImVec2 at =
        ImFloor(ImVec2(r.Min.x + Mm(kTilePictureMarginMm), r.Min.y + Mm(kTilePictureMarginMm)));
    DrawFitted(*picture, ImRect(at, ImVec2(at.x + box.x, at.y + box.y)));
    area.Min.x = at.x + box.x;
    icon = Icon::kNone;
  }

  // Large type where it fits; on a small screen one size down rather than text past the edge.
  float pad = Mm(4);
  FontSize titleSize = FontSize::kTitle;
  FontSize subSize = FontSize::kBody;
  float subHeight = *subtext ? TextHeight(subtext, area.GetWidth() - 2 * pad, subSize) : 0;
  float textHeight = TextHeight(text, area.GetWidth() - 2 * pad, titleSize);
  if (textHeight + subHeight + 2 * pad > area.GetHeight()) {
    pad = Mm(2);
    titleSize = FontSize::kBody;
    subSize = FontSize::kSmall;
    subHeight = *subtext ? TextHeight(subtext, area.GetWidth() - 2 * pad, subSize) : 0;
    textHeight = TextHeight(text, area.GetWidth() - 2 * pad, titleSize);
  }
  // Still too low (a tall script on a small screen): the name alone; the screen behind the tile
  // says the rest.
  if (textHeight + subHeight + 2 * pad > area.GetHeight()) {
    subtext = "";
    subHeight = 0;
    if (textHeight + 2 * pad > area.GetHeight()) {
      titleSize = FontSize::kSmall;
      textHeight = TextHeight(text, area.GetWidth() - 2 * pad, titleSize);
    }
  }
  const float iconRadius = std::min(area.GetWidth() * 0.2f,
                                    (area.GetHeight() - textHeight - subHeight - 3 * pad) * 0.5f);
  float y = area.Min.y + pad;
  if (icon != Icon::kNone && iconRadius > Mm(4)) {
    // The picture tells what the tile is to someone who reads little.
    const float blockHeight = 2 * iconRadius + pad + textHeight + subHeight;
    y = area.Min.y + std::max(pad, (area.GetHeight() - blockHeight) * 0.5f);
    DrawIcon(icon, ImVec2(area.GetCenter().x, y + iconRadius), iconRadius);
    y += 2 * iconRadius + pad;
  } else {
    y = area.Min.y + std::max(pad, (area.GetHeight() - textHeight - subHeight) * 0.5f);
  }
  m_draw->PushClipRect(r.Min, r.Max, true);  // nothing spills onto the next tile
  // A title longer than the tile holds is cut with "…" above the subtext's room.
  ImRect textRect(ImVec2(area.Min.x + pad, y),
                  ImVec2(area.Max.x - pad, area.Max.y - pad - subHeight));
  y += DrawText(text, textRect, titleSize, colors::kText, Align::kCenter);
  if (*subtext) {
    DrawText(subtext,
             ImRect(ImVec2(area.Min.x + pad, y), ImVec2(area.Max.x - pad, area.Max.y - pad)),
             subSize, colors::kAccent, Align::kCenter);
  }
  m_draw->PopClipRect();
  // The tile is tapped by any of its words.
  AddLabel(text, r, true);
  if (*subtext) AddLabel(subtext, r, true);
  return m_touch.TakeTap(hit);
}

ImRect Ui::ButtonFace(const ImRect& r, bool selected) {
  ImRect hit = r;
  if (!m_clip.empty()) hit.ClipWith(m_clip.back());
  ImU32 fill = selected ? colors::kAccent : colors::kPanel;
  if (m_touch.IsPressing(hit)) fill = Lighter(fill, 0.3f);
  Fill(r, fill, 2);
  if (!selected) m_draw->AddRect(r.Min, r.Max, colors::kTextDim, Mm(2), 0, Mm(0.4f));
  return hit;
}

bool Ui::Button(const char* text, const ImRect& r, bool selected) {
  const ImRect hit = ButtonFace(r, selected);
  const ImU32 ink = selected ? colors::kBackground : colors::kText;
  const float pad = Mm(2);
  const float height = TextHeight(text, r.GetWidth() - 2 * pad, FontSize::kBody);
  const float top = r.Min.y + std::max(0.0f, (r.GetHeight() - height) * 0.5f);
  DrawText(text, ImRect(ImVec2(r.Min.x + pad, top), ImVec2(r.Max.x - pad, r.Max.y)),
           FontSize::kBody, ink, Align::kCenter);
  AddLabel(text, r, true);
  return m_touch.TakeTap(hit);
}

bool Ui::IconButton(Icon icon, const char* text, const ImRect& r, bool selected) {
  const ImRect hit = ButtonFace(r, selected);
  const float pad = Mm(2);
  const float radius = std::min(Mm(5), r.GetHeight() * 0.5f - pad);
  if (*text == '\0') {
    DrawIcon(icon, r.GetCenter(), radius);
    return m_touch.TakeTap(hit);
  }
  DrawIcon(icon, ImVec2(r.Min.x + pad + radius, r.GetCenter().y), radius);
  const float left = r.Min.x + 2 * pad + 2 * radius;
  const float height = TextHeight(text, r.Max.x - pad - left, FontSize::kBody);
  const float top = r.Min.y + std::max(0.0f, (r.GetHeight() - height) * 0.5f);
  DrawText(text, ImRect(ImVec2(left, top), ImVec2(r.Max.x - pad, r.Max.y)), FontSize::kBody,
           selected ? colors::kBackground : colors::kText, Align::kLeft);
  AddLabel(text, r, true);
  return m_touch.TakeTap(hit);
}

bool Ui::Choice(const char* text, const ImRect& r, ImU32 fill) {
  ImRect hit = r;
  if (!m_clip.empty()) hit.ClipWith(m_clip.back());
  const bool pressed = m_touch.IsPressing(hit);
  Fill(r, pressed ? Lighter(fill, 0.3f) : fill, 2);
  if (pressed) m_draw->AddRect(r.Min, r.Max, colors::kAccent, Mm(2), 0, Mm(0.8f));
  const float pad = Mm(3);
  const float height = TextHeight(text, r.GetWidth() - 2 * pad, FontSize::kBody);
  const float top = r.Min.y + std::max(pad, (r.GetHeight() - height) * 0.5f);
  DrawText(text, ImRect(ImVec2(r.Min.x + pad, top), ImVec2(r.Max.x - pad, r.Max.y)),
           FontSize::kBody, colors::kText, Align::kLeft);
  AddLabel(text, r, true);
  return m_touch.TakeTap(hit);
}

float Ui::ChoiceHeight(const char* text, float width) {
  return std::max(Mm(16), TextHeight(text, width - Mm(6), FontSize::kBody) + Mm(6));
}

Ui::CardTap Ui::PictureChoice(const Shown& picture, const char* caption, const ImRect& r,
                              float pictureHeight, ImU32 fill, bool tappable, bool listen,
                              bool listening) {
  ImRect hit = r;
  if (!m_clip.empty()) hit.ClipWith(m_clip.back());
  const float side = Mm(kCardListenMm);
  const ImRect speaker(r.Max.x - Mm(2) - side, r.Min.y + pictureHeight, r.Max.x - Mm(2),
                       r.Min.y + pictureHeight + side);
  const bool pressed =
      tappable && m_touch.IsPressing(hit) && !(listen && m_touch.IsPressing(speaker));
  Fill(r, pressed ? Lighter(fill, 0.3f) : fill, 2);
  const ImVec2 size = PictureChoiceBox(r, pictureHeight);
  const ImVec2 min = ImFloor(ImVec2(r.GetCenter().x - size.x * 0.5f, r.Min.y + Mm(2)));
  const ImRect box(min, ImVec2(min.x + size.x, min.y + size.y));
  if (picture.texture && picture.width > 0 && picture.height > 0) {
    DrawFitted(picture, box);
  } else {
    Fill(box, Lighter(colors::kPanel, 0.15f), 1);
  }
  if (pressed) m_draw->AddRect(r.Min, r.Max, colors::kAccent, Mm(2), 0, Mm(0.8f));
  if (*caption) {
    const float right = listen ? speaker.Min.x - Mm(1) : r.Max.x - Mm(3);
    DrawText(caption, ImRect(r.Min.x + Mm(3), r.Min.y + pictureHeight + Mm(1), right, r.Max.y),
             FontSize::kBody, colors::kText, Align::kCenter);
  }
  AddLabel(caption, r, tappable);
  // The loudspeaker takes its tap before the card does.
  if (listen && IconButton(Icon::kSpeaker, "", speaker, listening)) return CardTap::kListen;
  return tappable && m_touch.TakeTap(hit) ? CardTap::kCard : CardTap::kNone;
}

ImVec2 Ui::TilePictureBox(const ImRect& r) const {
  const float height = std::floor(r.GetHeight() - 2 * Mm(kTilePictureMarginMm));
  return ImVec2(std::floor(std::min(height * 4 / 3, r.GetWidth() * 0.4f)), height);
}

ImVec2 Ui::PictureChoiceBox(const ImRect& r, float pictureHeight) const {
  return ImVec2(std::floor(r.GetWidth() - 2 * Mm(2)), std::floor(pictureHeight - 2 * Mm(2)));
}

ImRect Ui::DrawFitted(const Shown& picture, const ImRect& box) {
  float width = float(picture.width), height = float(picture.height);
  if (width > box.GetWidth() || height > box.GetHeight()) {
    const float scale = std::min(box.GetWidth() / width, box.GetHeight() / height);
    width = std::floor(width * scale);
    height = std::floor(height * scale);
  }
  const ImVec2 min =
      ImFloor(ImVec2(box.GetCenter().x - width * 0.5f, box.GetCenter().y - height * 0.5f));
  const ImRect shown(min, ImVec2(min.x + width, min.y + height));
  m_draw->AddImage(picture.texture, shown.Min, shown.Max);
  return shown;
}

float Ui::CaptionHeight(const char* caption, float width, bool listen) {
  const float text =
      *caption
          ? TextHeight(caption, width - Mm(listen ? 5 + kCardListenMm : 6), FontSize::kBody) + Mm(3)
          : Mm(1);
  return listen ? std::max(text, Mm(kCardListenMm + 1)) : text;
}

ImRect Ui::VideoCardPicture(const char* title, const char* subtext, const ImRect& r,
                            float* titleHeight, float* subHeight) {
  const float pad = Mm(2.5f);
  const float width = r.GetWidth() - 2 * pad;
  *subHeight = *subtext ? TextHeight(subtext, width, FontSize::kSmall) : 0;
  // The title on two lines at most: the picture keeps the rest.
  *titleHeight = std::min(TextHeight(title, width, FontSize::kBody),
                          2 * TextHeight("A", width, FontSize::kBody));
  return ImRect(ImFloor(r.Min),
                ImFloor(ImVec2(r.Max.x, r.Max.y - 2 * pad - *titleHeight - *subHeight)));
}

ImVec2 Ui::VideoCardBox(const char* title, const char* subtext, const ImRect& r) {
  float titleHeight = 0, subHeight = 0;
  return VideoCardPicture(title, subtext, r, &titleHeight, &subHeight).GetSize();
}

bool Ui::VideoCard(const Shown& picture, const char* title, const char* subtext, const char* badge,
                   const ImRect& r, ImU32 color, Icon sign) {
  ImRect hit = r;
  if (!m_clip.empty()) hit.ClipWith(m_clip.back());
  const bool pressed = m_touch.IsPressing(hit);
  Fill(r, pressed ? Lighter(color, 0.25f) : color, 3);
  float titleHeight = 0, subHeight = 0;
  const ImRect box = VideoCardPicture(title, subtext, r, &titleHeight, &subHeight);
  const float pad = Mm(2.5f);
  // The picture fills the card's top on black, as a screen shows a film, whatever its shape.
  Fill(box, IM_COL32(0, 0, 0, 255), 3);
  m_draw->AddRectFilled(ImVec2(box.Min.x, box.Max.y - Mm(3)), box.Max, IM_COL32(0, 0, 0, 255));
  const ImRect shown =
      picture.texture && picture.width > 0 && picture.height > 0 ? DrawFitted(picture, box) : box;
  // The sign in the picture's corner, on a dark disc so that it shows on any picture, and in the
  // middle of the empty screen while there is no picture; the badge in the other corner. A
  // picture too narrow for both (a leaflet's upright page) has them in the screen's corners.
  const float radius = std::min(box.GetHeight() * (picture.texture ? 0.16f : 0.25f), Mm(8));
  const float w = *badge ? TextWidth(badge, FontSize::kSmall) + Mm(3) : 0;
  const ImRect corners = shown.GetWidth() >= w + 2 * radius + Mm(5) ? shown : box;
  if (radius > Mm(2.5f)) {
    const ImVec2 at = picture.texture ? ImVec2(corners.Min.x + Mm(1.5f) + radius,
                                               corners.Max.y - Mm(1.5f) - radius)
                                      : box.GetCenter();
    m_draw->AddCircleFilled(at, radius * 1.05f, IM_COL32(0, 0, 0, 150), 48);
    DrawIcon(sign, at, radius);
  }
  if (*badge) {
    const float h = PxFor(FontSize::kSmall) * 1.4f;
    const ImRect corner(corners.Max.x - w - Mm(1), corners.Max.y - h - Mm(1), corners.Max.x - Mm(1),
                        corners.Max.y - Mm(1));
    Fill(corner, IM_COL32(0, 0, 0, 190), 1);
    DrawText(badge, ImRect(corner.Min.x, corner.Min.y + Mm(0.3f), corner.Max.x, corner.Max.y),
             FontSize::kSmall, colors::kText, Align::kCenter);
  }
  if (pressed) m_draw->AddRect(r.Min, r.Max, colors::kAccent, Mm(3), 0, Mm(1));
  const float top = box.Max.y + pad;
  DrawText(title, ImRect(r.Min.x + pad, top, r.Max.x - pad, top + titleHeight), FontSize::kBody,
           colors::kText, Align::kLeft);
  if (*subtext) {
    DrawText(subtext,
             ImRect(r.Min.x + pad, top + titleHeight, r.Max.x - pad, top + titleHeight + subHeight),
             FontSize::kSmall, colors::kText, Align::kLeft);
  }
  AddLabel(title, r, true);
  if (*subtext) AddLabel(subtext, r, true);
  if (*badge) AddLabel(badge, r, true);
  return m_touch.TakeTap(hit);
}

std::optional<float> Ui::SeekBar(const ImRect& r, float value) {
  // The track is thin to look at but the whole bar's height (at least 12 mm) takes a finger.
  const float centreY = r.GetCenter().y;
  const ImRect hit(r.Min.x, std::min(r.Min.y, centreY - Mm(6)), r.Max.x,
                   std::max(r.Max.y, centreY + Mm(6)));
  const float knob = Mm(4);
  const float left = r.Min.x + knob, right = r.Max.x - knob;
  auto fractionAt = [&](float x) { return std::clamp((x - left) / (right - left), 0.0f, 1.0f); };
  std::optional<float> result;
  if (std::optional<ImVec2> held = m_touch.HeldAt(hit)) result = fractionAt(held->x);
  if (std::optional<ImVec2> tap = m_touch.TakeTapAt(hit)) result = fractionAt(tap->x);
  const float shown = result.value_or(std::clamp(value, 0.0f, 1.0f));
  // At whole pixels: a playing video's knob is drawn again only when it has moved one.
  const float x = std::round(left + (right - left) * shown);
  const float track = Mm(1.5f);
  m_draw->AddRectFilled(ImVec2(left, centreY - track), ImVec2(right, centreY + track),
                        colors::kPanel, track);
  m_draw->AddRectFilled(ImVec2(left, centreY - track), ImVec2(x, centreY + track), colors::kAccent,
                        track);
  m_draw->AddCircleFilled(ImVec2(x, centreY), knob, result ? colors::kText : colors::kAccent, 24);
  return result;
}

void Ui::Image(void* texture, const ImRect& r) {
  m_draw->AddImage(texture, r.Min, r.Max);
}

void Ui::Image(void* texture, const ImRect& r, const ImRect& clip) {
  m_draw->PushClipRect(clip.Min, clip.Max, true);
  m_draw->AddImage(texture, r.Min, r.Max);
  m_draw->PopClipRect();
}

void Ui::Picture(Icon icon, ImVec2 centre, float radius, ImU32 color) {
  m_draw->AddCircleFilled(centre, radius, color, 64);
  DrawIcon(icon, centre, radius * 0.6f);
}

void Ui::DrawIcon(Icon icon, ImVec2 c, float radius) {
  const ImU32 ink = colors::kText;
  const float stroke = std::max(2.0f, radius * 0.12f);
  switch (icon) {
    case Icon::kNone:
      break;
    case Icon::kPlay: {
      m_draw->AddCircle(c, radius, ink, 48, stroke);
      const float s = radius * 0.5f;
      m_draw->AddTriangleFilled(ImVec2(c.x - s * 0.6f, c.y - s), ImVec2(c.x - s * 0.6f, c.y + s),
                                ImVec2(c.x + s, c.y), ink);
      break;
    }
    case Icon::kQuiz: {
      const float s = radius * 0.8f;
      m_draw->AddRect(ImVec2(c.x - s, c.y - s), ImVec2(c.x + s, c.y + s), ink, stroke, 0, stroke);
      const ImVec2 tick[] = {ImVec2(c.x - s * 0.55f, c.y), ImVec2(c.x - s * 0.1f, c.y + s * 0.45f),
                             ImVec2(c.x + s * 0.6f, c.y - s * 0.5f)};
      m_draw->AddPolyline(tick, 3, colors::kAccent, 0, stroke * 1.4f);
      break;
    }
    case Icon::kStar: {
      ImVec2 points[10];
      for (int i = 0; i < 10; ++i) {
        const float angle =
            -std::numbers::pi_v<float> / 2 + static_cast<float>(i) * std::numbers::pi_v<float> / 5;
        const float r = i % 2 == 0 ? radius : radius * 0.45f;
        points[i] = ImVec2(c.x + r * std::cos(angle), c.y + r * std::sin(angle));
      }
      // ImGui 1.86 fills convex polygons only: the inner pentagon, then the five points, without
      // anti-aliasing, whose fringe would show the seams between them.
      const ImDrawListFlags flags = m_draw->Flags;
      m_draw->Flags &= ~ImDrawListFlags_AntiAliasedFill;
      const ImVec2 inner[] = {points[1], points[3], points[5], points[7], points[9]};
      m_draw->AddConvexPolyFilled(inner, 5, colors::kAccent);
      for (int i = 0; i < 10; i += 2) {
        m_draw->AddTriangleFilled(points[(i + 9) % 10], points[i], points[i + 1], colors::kAccent);
      }
      m_draw->Flags = flags;
      break;
    }
    case Icon::kPause: {
      const float w = radius * 0.3f, h = radius * 0.75f;
      m_draw->AddRectFilled(ImVec2(c.x - 2.2f * w, c.y - h), ImVec2(c.x - 0.6f * w, c.y + h), ink);
      m_draw->AddRectFilled(ImVec2(c.x + 0.6f * w, c.y - h), ImVec2(c.x + 2.2f * w, c.y + h), ink);
      break;
    }
    case Icon::kSpeaker: {
      // A loudspeaker and two sound waves: "listen", for those who read little.
      const float s = radius * 0.45f;
      const ImVec2 body[] = {ImVec2(c.x - radius * 0.9f, c.y - s * 0.6f),
                             ImVec2(c.x - radius * 0.45f, c.y - s * 0.6f),
                             ImVec2(c.x, c.y - radius * 0.8f),
                             ImVec2(c.x, c.y + radius * 0.8f),
                             ImVec2(c.x - radius * 0.45f, c.y + s * 0.6f),
                             ImVec2(c.x - radius * 0.9f, c.y + s * 0.6f)};
      m_draw->AddConvexPolyFilled(body, 6, ink);
      for (float wave : {0.45f, 0.8f}) {
        m_draw->PathArcTo(ImVec2(c.x, c.y), radius * wave + stroke, -0.8f, 0.8f, 12);
        m_draw->PathStroke(ink, 0, stroke);
      }
      break;
    }
    case Icon::kLeaflet: {
      // A printed page, its corner folded, with lines of text.
      const float w = radius * 0.62f, h = radius * 0.82f, fold = radius * 0.32f;
      const ImVec2 page[] = {ImVec2(c.x - w, c.y - h), ImVec2(c.x + w - fold, c.y - h),
                             ImVec2(c.x + w, c.y - h + fold), ImVec2(c.x + w, c.y + h),
                             ImVec2(c.x - w, c.y + h)};
      m_draw->AddConvexPolyFilled(page, 5, ink);
      m_draw->AddTriangleFilled(ImVec2(c.x + w - fold, c.y - h), ImVec2(c.x + w, c.y - h + fold),
                                ImVec2(c.x + w - fold, c.y - h + fold), colors::kTextDim);
      for (int line = 0; line < 4; ++line) {
        const float y = c.y - h * 0.35f + static_cast<float>(line) * h * 0.3f;
        m_draw->AddLine(ImVec2(c.x - w * 0.65f, y), ImVec2(c.x + w * (line == 3 ? 0.2f : 0.65f), y),
                        colors::kVideos, stroke * 0.8f);
      }
      break;
    }
    case Icon::kPrevious:
    case Icon::kNext: {
      // A chevron: the page before, the page after.
      const float s = radius * (icon == Icon::kNext ? 0.45f : -0.45f);
      const ImVec2 chevron[] = {ImVec2(c.x - s * 0.5f, c.y - std::abs(s) * 1.4f),
                                ImVec2(c.x + s * 0.9f, c.y),
                                ImVec2(c.x - s * 0.5f, c.y + std::abs(s) * 1.4f)};
      m_draw->AddPolyline(chevron, 3, ink, 0, stroke * 1.6f);
      break;
    }
    case Icon::kHelp: {
      // A lifebuoy: help when you are in trouble.
      const float ring = radius * 0.75f;
      m_draw->AddCircle(c, ring, ink, 48, radius * 0.45f);
      for (int i = 0; i < 4; ++i) {
        const float a =
            std::numbers::pi_v<float> / 4 + static_cast<float>(i) * std::numbers::pi_v<float> / 2;
        m_draw->PathArcTo(c, ring, a - 0.3f, a + 0.3f, 12);
        m_draw->PathStroke(colors::kHelp, 0, radius * 0.45f);
      }
      break;
    }
  }
}

// [SECTION] Scrolling

float Ui::BeginScroll(const char* id, const ImRect& view, float contentHeight) {
  Scroll& s = m_scrolls[id];
  const float maxOffset = std::max(0.0f, contentHeight - view.GetHeight());
  // Another frame shows the fades (and the end) for the new height.
  if (contentHeight != s.contentHeight) m_animating = true;
  s.contentHeight = contentHeight;
  if (m_touch.IsDownIn(view)) s.velocity = 0;  // a finger on a coasting list stops it
  s.offset -= m_touch.TakeDragDy(view);
  if (std::optional<float> fling = m_touch.TakeFling(view)) s.velocity = *fling;
  if (s.velocity != 0) {
    s.offset -= s.velocity * m_dt;
    s.velocity *= std::exp(-m_dt / kFlingTimeConstantS);
    if (std::abs(s.velocity) < Mm(kStopMmPerSecond)) s.velocity = 0;
  }
  const float clamped = std::clamp(s.offset, 0.0f, maxOffset);
  if (clamped != s.offset) s.velocity = 0;  // reached an end: stop rather than bounce
  s.offset = clamped;
  if (s.velocity != 0) m_animating = true;
  ImRect clip = view;  // a list inside a scrolled page shows only where both do
  if (!m_clip.empty()) clip.ClipWithFull(m_clip.back());
  m_clip.push_back(clip);
  m_beyond.push_back({s.offset, maxOffset - s.offset});
  m_draw->PushClipRect(clip.Min, clip.Max, true);
  return -s.offset;
}

void Ui::EndScroll() {
  IM_ASSERT(!m_clip.empty() && "EndScroll() without BeginScroll()");
  // Over the items, inside the list's clip: a list in a scrolled page fades only where it shows.
  DrawScrollFades(m_clip.back(), m_beyond.back());
  m_draw->PopClipRect();
  m_clip.pop_back();
  m_beyond.pop_back();
}

void Ui::DrawScrollFades(const ImRect& clip, Beyond beyond) {
  const ImRect r(ImFloor(clip.Min), ImFloor(clip.Max));
  const float most = std::floor(std::min(Mm(kFadeMm), r.GetHeight() / 3));
  ImVec4 ink = ImGui::ColorConvertU32ToFloat4(colors::kBackground);
  // edge: the view's edge row; inward: +1 down from the top edge, -1 up from the bottom one.
  auto fade = [&](float edge, float inward, float height) {
    height = std::floor(std::min(height, most));
    if (height < 1) return;
    const int bands = std::min(kFadeBands, static_cast<int>(height));
    for (int i = 0; i < bands; ++i) {
      // Band i covers [from, to) px from the edge; opaque at the edge, clear at the inner end.
      const float from = std::floor(height * static_cast<float>(i) / static_cast<float>(bands));
      const float to = std::floor(height * static_cast<float>(i + 1) / static_cast<float>(bands));
      ink.w = 1 - (from + to) / (2 * height);
      const float a = edge + inward * from, b = edge + inward * to;
      m_draw->AddRectFilled(ImVec2(r.Min.x, std::min(a, b)), ImVec2(r.Max.x, std::max(a, b)),
                            ImGui::ColorConvertFloat4ToU32(ink));
    }
    // And a chevron pointing that way in the middle of the edge, for those who read little: the
    // sign phones use for "more this way". It leaves with the fade.
    const float size = Mm(kChevronMm);
    if (height < 2 * size) return;
    ImVec4 chevron = ImGui::ColorConvertU32ToFloat4(colors::kTextDim);
    chevron.w = height / most;
    const float tipY = edge + inward * Mm(1.5f), x = r.GetCenter().x;
    const ImVec2 points[] = {ImVec2(x - size, tipY + inward * size), ImVec2(x, tipY),
                             ImVec2(x + size, tipY + inward * size)};
    m_draw->AddPolyline(points, 3, ImGui::ColorConvertFloat4ToU32(chevron), 0, Mm(0.7f));
  };
  fade(r.Min.y, 1, beyond.above);
  fade(r.Max.y, -1, beyond.below);
}

Ui::Rows Ui::RowsInView(float top, float pitch, std::size_t count) const {
  IM_ASSERT(pitch > 0 && "RowsInView() needs rows of a height");
  const ImRect view = m_clip.empty() ? ImRect(ImVec2(0, 0), m_size) : m_clip.back();
  // A row more on each side: a row coming into view was laid out a frame before.
  const float first = std::floor((view.Min.y - top) / pitch) - 1;
  const float last = std::ceil((view.Max.y - top) / pitch) + 1;
  const auto clamp = [count](float row) {
    return static_cast<std::size_t>(std::clamp(row, 0.0f, static_cast<float>(count)));
  };
  return {clamp(first), clamp(last)};
}

// [SECTION] Text

float Ui::TextHeight(const char* text, float width, FontSize size) {
  return m_text.Lay(text, PxFor(size), width, m_lang).Height();
}

float Ui::TextWidth(const char* text, FontSize size) {
  return m_text.Lay(text, PxFor(size), 0, m_lang).width;
}

float Ui::Text(const char* text, const ImRect& r, FontSize size, ImU32 color, Align align) {
  // In a list that scrolls, the list's end is not the text's: it is drawn whole.
  const float height = DrawText(text, r, size, color, align, m_clip.empty());
  AddLabel(text, ImRect(r.Min, ImVec2(r.Max.x, r.Min.y + height)), false);
  return height;
}

float Ui::DrawText(const char* text, const ImRect& r, FontSize size, ImU32 color, Align align,
                   bool cut) {
  const float px = PxFor(size);
  const text::Layout* layout = &m_text.Lay(text, px, r.GetWidth(), m_lang);
  // Lines below the box would be drawn over what lies under it, or clipped through the middle:
  // the last line that fits ends in "…" instead (at least one line is always drawn).
  const int fit = std::max(1, static_cast<int>((r.GetHeight() + 0.5f) / layout->lineHeight));
  if (cut && static_cast<int>(layout->lines.size()) > fit) {
    layout = &m_text.Lay(text, px, r.GetWidth(), m_lang, fit);
  }
  // Text scrolled out of its list costs no vertices: a long page of lines (a pack's preview)
  // draws only those in view.
  if (Visible(ImRect(r.Min, ImVec2(r.Max.x, r.Min.y + layout->Height())))) {
    m_text.Draw(m_draw, *layout, r.Min, r.GetWidth(), align, color);
  }
  return layout->Height();
}

}  // namespace kiosk::ui
