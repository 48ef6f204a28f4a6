// Tap versus drag, the fling velocity of a drag, double taps and pinches, and the fingers a new
// screen must not take (they began on the last one). Fed by the platform's pointer events between
// frames, read by widgets during a frame. Main thread.
#include <algorithm>
#include <cmath>

#include "ui/ui.h"

namespace kiosk::ui {
namespace {

// Velocity is measured over the last part of a drag only, so that a slow start and a quick flick
// give a quick fling, as on a phone.
constexpr auto kFlingWindow = std::chrono::milliseconds(100);
// The second tap of a double tap lands within this many slops of the first: a finger lifted and
// put down again is less precise than one held.
constexpr float kDoubleTapSlops = 3;

float Distance(ImVec2 a, ImVec2 b) {
  return std::hypot(a.x - b.x, a.y - b.y);
}
ImVec2 Minus(ImVec2 a, ImVec2 b) {
  return {a.x - b.x, a.y - b.y};
}
ImVec2 Between(ImVec2 a, ImVec2 b) {
  return {(a.x + b.x) / 2, (a.y + b.y) / 2};
}

}  // namespace

bool Touch::OnPointer(const PointerEvent& event) {
  const ImVec2 at(event.x, event.y);
  const base::TimePoint now = m_clock.Now();
  const bool other = (m_down && event.pointer != m_pointer) ||
                     std::any_of(m_others.begin(), m_others.end(),
                                 [&](const Press& p) { return p.pointer == event.pointer; });
  if (other) return OnOtherFinger(event);
  if (m_ignored && event.kind != PointerEvent::Kind::kDown) {
    // A finger that pressed something of the last screen: nothing here, until it lifts.
    if (event.kind == PointerEvent::Kind::kUp) m_down = m_ignored = false;
    return false;
  }
  switch (event.kind) {
    case PointerEvent::Kind::kDown:
      m_down = true;
      m_ignored = now < m_settled;
      m_pointer = event.pointer;
      m_pressTime = now;
      m_dragging = false;
      m_pinched = false;
      m_press = m_last = at;
      m_samples.assign(1, {now, at.y});
      m_fling.reset();
      break;
    case PointerEvent::Kind::kMove:
      if (!m_down) return false;  // a mouse moving with no button held: hover, ignored
      if (!m_dragging && Distance(at, m_press) >= m_slopPx) {
        m_dragging = true;
        m_last = m_press;  // the list follows the finger from where it went down
      }
      if (m_dragging) {
        m_drag = ImVec2(m_drag.x + at.x - m_last.x, m_drag.y + at.y - m_last.y);
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
      if (m_pinched) break;  // a pinch's finger: it neither taps nor flings
      if (!m_dragging && Distance(at, m_press) < m_slopPx) {
        Tap tap{m_press, at};
        tap.second = m_lastTap && m_pressTime - m_lastTap->time <= kDoubleTap &&
                     Distance(m_press, m_lastTap->at) < kDoubleTapSlops * m_slopPx;
        // A third tap starts the next pair.
        if (tap.second) {
          m_lastTap.reset();
        } else {
          m_lastTap = LastTap{now, at};
        }
        m_taps.insert(m_taps.begin(), tap);
        break;
      }
      // A drag, even one whose moves never arrived (press here, release there).
      if (!m_dragging) m_last = m_press;
      m_dragging = false;
      m_drag = ImVec2(m_drag.x + at.x - m_last.x, m_drag.y + at.y - m_last.y);
      m_swipe = Minus(at, m_press);
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

bool Touch::OnOtherFinger(const PointerEvent& event) {
  const ImVec2 at(event.x, event.y);
  auto press = std::find_if(m_others.begin(), m_others.end(),
                            [&](const Press& p) { return p.pointer == event.pointer; });
  switch (event.kind) {
    case PointerEvent::Kind::kDown:
      if (press == m_others.end()) {
        m_others.push_back({event.pointer, at, at, false, m_clock.Now() < m_settled});
        m_pinchDistance = Distance(m_last, at);
        m_pinchCentre = Between(m_last, at);
      }
      break;
    case PointerEvent::Kind::kMove:
      if (press == m_others.end()) return false;
      press->now = at;
      press->moved = press->moved || Distance(at, press->at) >= m_slopPx;
      break;
    case PointerEvent::Kind::kUp:
      if (press == m_others.end()) return false;
      if (!press->ignored && !press->moved && Distance(at, press->at) < m_slopPx) {
        m_taps.push_back({press->at, at});
      }
      m_others.erase(press);
      break;
  }
  return true;
}

std::optional<ImVec2> Touch::TakeTapAt(const ImRect& r) {
  const auto tap = std::find_if(m_taps.begin(), m_taps.end(), [&](const Tap& t) {
    return r.Contains(t.press) && r.Contains(t.release);
  });
  if (tap == m_taps.end()) return std::nullopt;
  const ImVec2 at = tap->release;
  m_taps.erase(tap);
  m_tapTaken = true;
  return at;
}

std::optional<ImVec2> Touch::HeldAt(const ImRect& r) const {
  if (!IsDownIn(r)) return std::nullopt;
  return m_last;
}

bool Touch::IsPressing(const ImRect& r) const {
  if (IsDownIn(r) && !m_dragging) return true;
  return std::any_of(m_others.begin(), m_others.end(),
                     [&](const Press& p) { return !p.ignored && !p.moved && r.Contains(p.at); });
}

std::optional<base::Duration> Touch::HeldFor(const ImRect& r) const {
  if (!IsDownIn(r) || m_dragging) return std::nullopt;
  return m_clock.Now() - m_pressTime;
}

ImVec2 Touch::TakeDrag(const ImRect& r) {
  if (!r.Contains(m_press)) return {0, 0};
  const ImVec2 drag = m_drag;
  m_drag = {0, 0};
  return drag;
}

std::optional<ImVec2> Touch::TakeSwipe(const ImRect& r) {
  if (!m_swipe || !r.Contains(m_press)) return std::nullopt;
  const std::optional<ImVec2> swipe = m_swipe;
  m_swipe.reset();
  return swipe;
}

std::optional<ImVec2> Touch::TakeDoubleTap(const ImRect& r) {
  const auto tap = std::find_if(m_taps.begin(), m_taps.end(), [&](const Tap& t) {
    return t.second && r.Contains(t.press) && r.Contains(t.release);
  });
  if (tap == m_taps.end()) return std::nullopt;
  const ImVec2 at = tap->release;
  m_taps.erase(tap);
  m_tapTaken = true;
  return at;
}

std::optional<Touch::Pinch> Touch::TakePinch(const ImRect& r) {
  if (!IsDownIn(r)) return std::nullopt;
  Press* other = nullptr;
  for (Press& press : m_others) {
    if (press.ignored) continue;
    if (other || !r.Contains(press.at)) return std::nullopt;  // a third finger, or elsewhere
    other = &press;
  }
  if (!other) return std::nullopt;
  const float distance = std::max(Distance(m_last, other->now), 1.0f);
  const ImVec2 centre = Between(m_last, other->now);
  const Pinch pinch{distance / std::max(m_pinchDistance, 1.0f), centre,
                    Minus(centre, m_pinchCentre)};
  m_pinchDistance = distance;
  m_pinchCentre = centre;
  // From now on the two fingers are a pinch's: their moves are its, not a drag's or a tap's.
  m_pinched = other->moved = true;
  m_drag = {0, 0};
  return pinch;
}

std::optional<float> Touch::TakeFling(const ImRect& r) {
  if (!m_fling || !r.Contains(m_press)) return std::nullopt;
  std::optional<float> fling = m_fling;
  m_fling.reset();
  return fling;
}

void Touch::NewScreen() {
  m_settled = m_clock.Now() + kSettle;
  m_ignored = m_down;
  for (Press& press : m_others) press.ignored = true;
  m_taps.clear();
  m_lastTap.reset();
  m_fling.reset();
  m_swipe.reset();
  m_drag = {0, 0};
}

bool Touch::EndFrame() {
  const bool taken = m_tapTaken;
  m_tapTaken = false;
  m_taps.clear();
  m_fling.reset();
  m_swipe.reset();
  m_drag = {0, 0};
  return taken;
}

}  // namespace kiosk::ui
