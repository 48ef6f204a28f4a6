// Tap versus drag, and the fling velocity of a drag. Fed by the platform's pointer events between
// frames, read by widgets during a frame. Main thread.
#include <algorithm>
#include <cmath>

#include "ui/ui.h"

namespace kiosk::ui {
namespace {

// Velocity is measured over the last part of a drag only, so that a slow start and a quick flick
// give a quick fling, as on a phone.
constexpr auto kFlingWindow = std::chrono::milliseconds(100);

float Distance(ImVec2 a, ImVec2 b) {
  return std::hypot(a.x - b.x, a.y - b.y);
}

}  // namespace

bool Touch::OnPointer(const PointerEvent& event) {
  const ImVec2 at(event.x, event.y);
  const base::TimePoint now = m_clock.Now();
  switch (event.kind) {
    case PointerEvent::Kind::kDown:
      m_down = true;
      m_dragging = false;
      m_press = m_last = at;
      m_samples.assign(1, {now, at.y});
      m_fling.reset();
      break;
    case PointerEvent::Kind::kMove:
      if (!m_down) return false;  // a mouse moving with no button held: hover, ignored
      if (!m_dragging && Distance(at, m_press) >= m_slopPx) {
        m_dragging = true;
        m_last.y = m_press.y;  // the list follows the finger from where it went down
      }
      if (m_dragging) {
        m_dragDy += at.y - m_last.y;
        m_samples.push_back({now, at.y});
        while (m_samples.size() > 2 && now - m_samples.front().time > kFlingWindow) {
          m_samples.erase(m_samples.begin());
        }
      }
      m_last = at;
      break;
    case PointerEvent::Kind::kUp: {
      if (!m_down) return false;
      m_down = false;
      if (!m_dragging && Distance(at, m_press) < m_slopPx) {
        m_tap = Tap{m_press, at};
        break;
      }
      // A drag, even one whose moves never arrived (press here, release there).
      if (!m_dragging) m_last.y = m_press.y;
      m_dragging = false;
      m_dragDy += at.y - m_last.y;
      const Sample& first = m_samples.front();
      const double seconds = base::Seconds(now - first.time);
      // A finger that stopped before lifting does not fling.
      const bool stopped = now - m_samples.back().time > kFlingWindow;
      const float velocity =
          seconds > 0 && !stopped ? static_cast<float>((at.y - first.y) / seconds) : 0.0f;
      // Events that queued up behind a slow frame carry nearly the same time: capped, so that
      // such a batch does not throw the list to its end.
      m_fling = std::clamp(velocity, -m_maxFlingPx, m_maxFlingPx);
      break;
    }
  }
  return true;
}

std::optional<ImVec2> Touch::TakeTapAt(const ImRect& r) {
  if (!m_tap || !r.Contains(m_tap->press) || !r.Contains(m_tap->release)) return std::nullopt;
  const ImVec2 at = m_tap->release;
  m_tap.reset();
  m_tapTaken = true;
  return at;
}

std::optional<ImVec2> Touch::HeldAt(const ImRect& r) const {
  if (!m_down || !r.Contains(m_press)) return std::nullopt;
  return m_last;
}

bool Touch::IsPressing(const ImRect& r) const {
  return m_down && !m_dragging && r.Contains(m_press);
}

float Touch::TakeDragDy(const ImRect& r) {
  if (!r.Contains(m_press)) return 0;
  const float dy = m_dragDy;
  m_dragDy = 0;
  return dy;
}

std::optional<float> Touch::TakeFling(const ImRect& r) {
  if (!m_fling || !r.Contains(m_press)) return std::nullopt;
  std::optional<float> fling = m_fling;
  m_fling.reset();
  return fling;
}

bool Touch::EndFrame() {
  const bool taken = m_tapTaken;
  m_tapTaken = false;
  m_tap.reset();
  m_fling.reset();
  m_dragDy = 0;
  return taken;
}

}  // namespace kiosk::ui
