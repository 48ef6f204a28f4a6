// Headless UI scripts (ARCHITECTURE.md): tap widgets by their visible label, drag, move the
// injectable clock, check what is on screen and take screenshots, through the same event path a
// finger takes. Time only moves when the script says so, so a run is the same every time, except
// while a video or narration plays: VLC keeps real time, and so does `wait` then.
// Main thread.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>

#include "app/app.h"

namespace kiosk::app {
namespace {

using namespace std::chrono_literals;
using Kind = platform::Event::Kind;

constexpr auto kFrameTime = 16ms;
constexpr int kMaxSettleFrames = 600;  // 10 s of animation: anything longer is a bug
constexpr int kDragSteps = 10;
constexpr auto kMaxWork = std::chrono::minutes(2);

struct Command {
  int line;
  std::string verb;
  std::vector<std::string> args;
  std::vector<double> numbers;  // the args of a numeric verb, checked against its limit
};

struct Verb {
  const char* name;
  int args;
  bool numeric;
  double max = 0;  // numbers run from 0 to this
};

constexpr double kMaxPixel = 16384;
constexpr double kMaxWaitMs = 3'600'000;          // an hour of frames
constexpr double kMaxClockJumpS = 366.0 * 86400;  // a year: schedules and day buckets

constexpr Verb kVerbs[] = {
    {"tap", 1, false},
    {"tap-at", 2, true, kMaxPixel},
    {"double-tap-at", 2, true, kMaxPixel},
    {"pinch", 4, true, kMaxPixel},  // X Y FROM TO: two fingers FROM px apart, then TO px
    {"drag", 4, true, kMaxPixel},
    {"hold", 3, true, kMaxPixel},  // X Y SECONDS: a finger held still (staff mode's gesture)
    {"wait", 1, true, kMaxWaitMs},
    {"advance-clock", 1, true, kMaxClockJumpS},
    {"expect-text", 1, false},
    {"expect-no-text", 1, false},
    {"expect-count", 3, false},
    {"screenshot", 1, false},
    {"key", 1, false},
    {"lang", 1, false},
    {"insert-usb", 1, false},
    {"remove-usb", 0, false},
};

// Splits a line into words; "quoted text" is one word, with \" and \\ inside.
bool Split(const std::string& line, std::vector<std::string>* words) {
  size_t i = 0;
  while (i < line.size()) {
    if (line[i] == ' ' || line[i] == '\t' || line[i] == '\r') {
      ++i;
      continue;
    }
    std::string word;
    if (line[i] == '"') {
      ++i;
      while (i < line.size() && line[i] != '"') {
        if (line[i] == '\\' && i + 1 < line.size()) ++i;
        word += line[i++];
      }
      if (i == line.size()) return false;  // no closing quote
      ++i;
    } else {
      while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') {
        word += line[i++];
      }
    }
    words->push_back(word);
  }
  return true;
}

// The number in `text` if it is one from 0 to max; nullopt otherwise (inf and nan included).
std::optional<double> Number(const std::string& text, double max) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !std::isfinite(value) || value < 0 || value > max) {
    return std::nullopt;
  }
  return value;
}

// Every problem in the script, each "FILE:LINE: reason".
std::vector<std::string> Parse(const std::string& path, std::vector<Command>* commands) {
  std::ifstream in(path);
  if (!in) return {path + ": cannot be read"};
  std::vector<std::string> problems;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const std::string where = path + ":" + std::to_string(number) + ": ";
    if (size_t hash = line.find_first_not_of(" \t");
        hash == std::string::npos || line[hash] == '#') {
      continue;
    }
    std::vector<std::string> words;
    if (!Split(line, &words)) {
      problems.push_back(where + "a quoted text has no closing \"");
      continue;
    }
    if (words.empty()) continue;  // only white space (a Windows line end, say)
    const Verb* verb = nullptr;
    for (const Verb& v : kVerbs) {
      if (words[0] == v.name) verb = &v;
    }
    if (!verb) {
      problems.push_back(where + "unknown command '" + words[0] + "'");
      continue;
    }
    if (static_cast<int>(words.size()) - 1 != verb->args) {
      problems.push_back(where + words[0] + " takes " + std::to_string(verb->args) +
                         " argument(s), not " + std::to_string(words.size() - 1));
      continue;
    }
    Command command{number, words[0], {words.begin() + 1, words.end()}, {}};
    for (size_t i = 1; verb->numeric && i < words.size(); ++i) {
      if (std::optional<double> value = Number(words[i], verb->max)) {
        command.numbers.push_back(*value);
      }
    }
    if (verb->numeric && command.numbers.size() != command.args.size()) {
      char range[64];
      std::snprintf(range, sizeof range, "%g", verb->max);
      problems.push_back(where + words[0] + " takes numbers from 0 to " + range);
      continue;
    }
    commands->push_back(std::move(command));
  }
  return problems;
}

class Runner {
 public:
  Runner(App& app, base::ManualClock& clock, std::string path, std::string screenshotsDir)
      : m_app(app), m_clock(clock), m_path(std::move(path)), m_dir(std::move(screenshotsDir)) {}

  int Run(const std::vector<Command>& commands) {
    Settle();
    for (const Command& command : commands) {
      m_line = command.line;
      const int status = Execute(command);
      if (status != kExitOk) return status;
      if (m_restless) {
        return Fail("the screen kept changing for 10 s of frames; an animation never ends", true);
      }
      if (m_app.QuitRequested()) break;
    }
    return kExitOk;
  }

 private:
  // Draws frames until nothing is left to draw, moving the clock a frame's time each. A screen
  // that never comes to rest is noted, and fails the command.
  // Work on another thread (a USB import) goes on in real time: the script waits for it to come
  // to rest, as a person watching its progress bar would, for up to kMaxWork.
  void Settle() {
    const auto started = std::chrono::steady_clock::now();
    for (int i = 0; i < kMaxSettleFrames;) {
      m_app.PumpEvents(0);
      if (m_app.QuitRequested()) return;
      if (!m_app.NeedsFrame()) {
        if (!m_app.Working() || std::chrono::steady_clock::now() - started > kMaxWork) return;
        m_app.PumpEvents(static_cast<int>(kFrameTime.count()));  // until the worker wakes it
        continue;
      }
      m_app.DrawFrame();
      m_clock.Advance(kFrameTime);
      ++i;
    }
    m_restless = true;
  }

  void Pointer(Kind kind, float x, float y, std::int64_t finger = 0) {
    if (kind == Kind::kPointerDown && m_clock.Now() < m_app.TouchSettled()) {
      // A press this soon after a screen change would do nothing (Touch::NewScreen); a script
      // presses as a person who looks at the new screen first.
      m_clock.Advance(m_app.TouchSettled() - m_clock.Now());
      Settle();
    }
    m_app.Platform().PushPointer(kind, x, y, finger);
    Settle();
  }

  int Fail(const std::string& what, bool listScreen) {
    std::string message = m_path + ":" + std::to_string(m_line) + ": " + what;
    if (listScreen) {
      message += "\n  on screen:";
      // Where each label is, in pixels: where a finger (or xdotool on a real screen) finds it.
      for (const ui::Label& label : m_app.Labels()) {
        char at[64];
        std::snprintf(at, sizeof at, " at %.0f,%.0f %.0fx%.0f", label.rect.Min.x, label.rect.Min.y,
                      label.rect.GetWidth(), label.rect.GetHeight());
        message += "\n    \"" + label.text + "\"" + (label.tappable ? " (tappable)" : "") + at;
      }
    }
    std::fprintf(stderr, "kiosk: %s\n", message.c_str());
    return listScreen ? kExitExpectationFailed : kExitBadInput;
  }

  bool OnScreen(const std::string& text) const {
    for (const ui::Label& label : m_app.Labels()) {
      if (label.text.find(text) != std::string::npos) return true;
    }
    return false;
  }

  int Execute(const Command& c) {
    const std::vector<std::string>& a = c.args;
    auto number = [&](size_t i) { return static_cast<float>(c.numbers[i]); };
    if (c.verb == "tap") {
      for (const ui::Label& label : m_app.Labels()) {
        if (label.tappable && label.text == a[0]) {
          const ImVec2 at = label.rect.GetCenter();
          Pointer(Kind::kPointerDown, at.x, at.y);
          Pointer(Kind::kPointerUp, at.x, at.y);
          return kExitOk;
        }
      }
      return Fail("tap \"" + a[0] + "\": nothing with that label to tap", true);
    }
    if (c.verb == "tap-at") {
      Pointer(Kind::kPointerDown, number(0), number(1));
      Pointer(Kind::kPointerUp, number(0), number(1));
    } else if (c.verb == "double-tap-at") {
      // Two taps 120 ms apart, as a finger makes them.
      Pointer(Kind::kPointerDown, number(0), number(1));
      Pointer(Kind::kPointerUp, number(0), number(1));
      m_clock.Advance(120ms);
      Pointer(Kind::kPointerDown, number(0), number(1));
      Pointer(Kind::kPointerUp, number(0), number(1));
    } else if (c.verb == "pinch") {
      // Two fingers of a touchscreen side by side about X Y, moving apart (or together) a frame
      // at a time, then lifting.
      auto fingers = [&](Kind kind, float apart) {
        Pointer(kind, number(0) - apart / 2, number(1), 1);
        Pointer(kind, number(0) + apart / 2, number(1), 2);
      };
      fingers(Kind::kPointerDown, number(2));
      for (int step = 1; step <= kDragSteps; ++step) {
        m_clock.Advance(kFrameTime);
        fingers(Kind::kPointerMove,
                number(2) + (number(3) - number(2)) * static_cast<float>(step) / kDragSteps);
      }
      fingers(Kind::kPointerUp, number(3));
    } else if (c.verb == "drag") {
      // A finger's drag: down, ten moves a frame apart, up; the list then coasts.
      Pointer(Kind::kPointerDown, number(0), number(1));
      for (int step = 1; step <= kDragSteps; ++step) {
        const float t = static_cast<float>(step) / kDragSteps;
        m_clock.Advance(kFrameTime);
        Pointer(Kind::kPointerMove, number(0) + (number(2) - number(0)) * t,
                number(1) + (number(3) - number(1)) * t);
      }
      Pointer(Kind::kPointerUp, number(2), number(3));
    } else if (c.verb == "hold") {
      // Down, then time passes a frame at a time with the finger still, then up.
      Pointer(Kind::kPointerDown, number(0), number(1));
      const auto until = m_clock.Now() + std::chrono::duration_cast<base::Duration>(
                                             std::chrono::duration<double>(c.numbers[2]));
      while (m_clock.Now() < until) {
        m_clock.Advance(kFrameTime);
        Settle();
      }
      Pointer(Kind::kPointerUp, number(0), number(1));
    } else if (c.verb == "wait") {
      const auto until =
          m_clock.Now() + std::chrono::milliseconds(static_cast<int64_t>(c.numbers[0]));
      while (m_clock.Now() < until) {
        if (m_app.MediaPlaying()) {
          // VLC plays on the real clock, which a script cannot move: the wait takes real time
          // while a video or narration plays, and the kiosk's clock keeps pace with it.
          const auto before = std::chrono::steady_clock::now();
          m_app.PumpEvents(static_cast<int>(kFrameTime.count()));
          m_clock.Advance(std::max<base::Duration>(
              std::chrono::duration_cast<base::Duration>(std::chrono::steady_clock::now() - before),
              std::chrono::milliseconds(1)));
        } else {
          m_clock.Advance(kFrameTime);
        }
        Settle();
      }
    } else if (c.verb == "advance-clock") {
      m_clock.Advance(
          std::chrono::duration_cast<base::Duration>(std::chrono::duration<double>(c.numbers[0])));
      Settle();
    } else if (c.verb == "expect-text") {
      if (!OnScreen(a[0])) return Fail("expect-text \"" + a[0] + "\": not on screen", true);
    } else if (c.verb == "expect-no-text") {
      if (OnScreen(a[0])) return Fail("expect-no-text \"" + a[0] + "\": it is on screen", true);
    } else if (c.verb == "expect-count") {
      // expect-count EVENT ITEM N: today's count, all languages ("" for events without an item).
      char* end = nullptr;
      const long long want = std::strtoll(a[2].c_str(), &end, 10);
      if (a[2].empty() || *end != '\0')
        return Fail("expect-count: " + a[2] + " is no count", false);
      const std::int64_t got = m_app.CountOf(a[0], a[1]);
      if (got != want) {
        return Fail(
            "expect-count " + a[0] + " \"" + a[1] + "\": " + std::to_string(got) + ", not " + a[2],
            true);
      }
    } else if (c.verb == "screenshot") {
      std::error_code error;
      std::filesystem::create_directories(m_dir, error);
      const std::string path = (std::filesystem::path(m_dir) / a[0]).string();
      base::Result<bool> written = m_app.Screenshot(path);
      if (!written) return Fail("screenshot: " + written.error(), false);
      base::Log(base::LogLevel::kInfo, "screenshot %s", path.c_str());
    } else if (c.verb == "key") {
      if (!m_app.Platform().PushKey(a[0])) return Fail("key " + a[0] + ": no such key", false);
      Settle();
    } else if (c.verb == "lang") {
      if (!m_app.SetLanguage(a[0])) {
        return Fail("lang " + a[0] + ": no catalog for that language is loaded", false);
      }
      Settle();
    } else if (c.verb == "insert-usb") {
      // A stick, mounted at the folder DIR (relative to the script's folder).
      const std::filesystem::path dir = std::filesystem::path(m_path).parent_path() / a[0];
      if (!std::filesystem::is_directory(dir)) {
        return Fail("insert-usb " + a[0] + ": " + dir.string() + " is not a folder", false);
      }
      if (!m_app.InsertStick(dir.string())) {
        return Fail("insert-usb: only a headless kiosk takes sticks from a script", false);
      }
      Settle();
    } else if (c.verb == "remove-usb") {
      if (!m_app.RemoveStick()) {
        return Fail("remove-usb: only a headless kiosk takes sticks from a script", false);
      }
      Settle();
    }
    return kExitOk;
  }

  App& m_app;
  base::ManualClock& m_clock;
  std::string m_path;
  std::string m_dir;
  int m_line = 0;
  bool m_restless = false;
};

}  // namespace

int RunScript(App& app, base::ManualClock& clock, const std::string& scriptPath,
              const std::string& screenshotsDir) {
  std::vector<Command> commands;
  const std::vector<std::string> problems = Parse(scriptPath, &commands);
  for (const std::string& p : problems) std::fprintf(stderr, "kiosk: %s\n", p.c_str());
  if (!problems.empty()) return kExitBadInput;
  return Runner(app, clock, scriptPath, screenshotsDir).Run(commands);
}

}  // namespace kiosk::app
