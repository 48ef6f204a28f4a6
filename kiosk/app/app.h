// The kiosk program: options, start-up, the event-driven frame loop, and the headless script
// runner that drives the real UI for tests. Main thread.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "base/base.h"
#include "i18n/i18n.h"
#include "platform/platform.h"
#include "playback/playback.h"
#include "screens/screens.h"
#include "stats/stats.h"
#include "ui/ui.h"
#include "usb/usb.h"

namespace kiosk::app {

// Exit statuses of the command-line contract (ARCHITECTURE.md).
enum ExitCode {
  kExitOk = 0,
  kExitUsage = 1,
  kExitBadInput = 2,
  kExitEnvironment = 3,
  kExitExpectationFailed = 4,  // a headless script's expect-* or tap found the screen otherwise
};

// When the centre is open, by the kiosk's local clock: ranges of the day, the same every day.
// Outside them the screen goes dark and the kiosk sleeps; a touch wakes it for a while.
class OpeningHours {
 public:
  // "08:00-12:00, 14:00-20:30"; a range may cross midnight ("18:00-02:00"). Empty: always open.
  // Fails saying what is wrong with the text.
  static base::Result<OpeningHours> Parse(const std::string& text);
  // The same from minutes of the day [from, to), as the Settings screen sets them; fails as
  // Parse() does.
  static base::Result<OpeningHours> FromRanges(const std::vector<std::pair<int, int>>& ranges);
  bool AlwaysOpen() const { return m_ranges.empty(); }
  bool IsOpen(base::WallTime wall) const;
  // The next minute at which IsOpen() changes, at most a day after `wall`.
  base::WallTime NextChange(base::WallTime wall) const;
  // As it was written, for the closed screen: "08:00-12:00, 14:00-20:30".
  const std::string& Text() const { return m_text; }
  // Minutes of the day, [from, to); none when always open.
  const std::vector<std::pair<int, int>>& Ranges() const { return m_ranges; }

 private:
  std::vector<std::pair<int, int>> m_ranges;  // minutes of the day, [from, to)
  std::string m_text;
};

struct Options {
  std::string contentDir;  // the store of installed packs
  std::string stateDir;    // usage database and settings
  std::string localesDir;  // <code>.po catalogs
  std::string soundsDir;   // the kiosk's own sounds (media/make_sounds.sh); none: silence
  std::string configFile;
  std::string lang = i18n::kSourceLanguage;  // and the language of each idle reset
  // The languages the home screen offers and the attract loop shows (codes); none: every one.
  std::vector<std::string> languages;
  int volume = 100;  // percent (0..100), of videos, narration and the kiosk's own sounds
  bool windowed = false;
  bool headless = false;
  int width = 1280;
  int height = 720;
  float dpi = 0;         // 0: as the display reports it
  int idleSeconds = 90;  // no touch for this long: the attract loop, and everything is reset
  OpeningHours hours;    // outside them the screen is dark
  // USB sticks (config only): the trusted publishers' keys, the centre's name for the counts'
  // export, and the folders sticks are mounted below.
  std::string trustDir;
  std::string centre;
  std::vector<std::string> usbRoots{"/media", "/run/media"};
  // The panel's backlight, off in closed hours (config only): "auto" (the PC's own, if it has
  // one; none in headless runs), "off" (never touched), or a folder of /sys/class/backlight.
  std::string backlight = "auto";
  // Which renderer draws (config only): auto (an accelerated one on a real GPU only), software,
  // or accelerated.
  platform::RendererSetting renderer = platform::RendererSetting::kAuto;
  // Per language, where its missing strings come from before English (config only).
  std::map<std::string, std::vector<std::string>> fallbacks;
  std::string script;
  std::string screenshotsDir = ".";
  bool alwaysRedraw = false;  // Dear ImGui's usual loop, for the idle benchmark only
  // Video pictures in RGB, converted by VLC, instead of I420 converted by the renderer: for the
  // playback benchmark only.
  bool videoRgb32 = false;
};

// Parses argv, --config FILE and the settings file in the state folder (ReadSettings). On
// failure returns the exit code and prints the message (usage on stderr for a bad flag);
// `--help` prints usage and returns kExitOk.
std::variant<Options, int> ParseOptions(int argc, char** argv);

// Applies STATE/settings.conf (what staff set on the Settings screen: idle, lang, languages,
// volume, hours) over `options`, but for the keys the command line gave (`given`). A missing
// file changes nothing. A damaged one changes nothing either: returns its problems, each
// "FILE:LINE: key: reason", which are also logged.
std::vector<std::string> ReadSettings(Options* options, const std::set<std::string>& given = {});
// Writes those settings to STATE/settings.conf, whole or not at all; fails naming the file and
// the system's reason.
base::Result<bool> WriteSettings(const Options& options);

// One kiosk per state folder (state_lock.cpp): a second one on it would count every use twice
// under the one kiosk id.
class StateLock {
 public:
  StateLock() = default;
  ~StateLock();
  StateLock(const StateLock&) = delete;
  StateLock& operator=(const StateLock&) = delete;
  // Holds STATE/lock until destroyed, making the folder if need be. Fails, naming the folder
  // (and the holder's process id), when another process holds it; a folder where the lock cannot
  // be made or taken for another reason (read-only, wrong owner) is logged, not refused.
  base::Result<bool> Take(const std::string& stateDir);

 private:
  int m_fd = -1;
};

// Tells the service manager how the kiosk is (service.cpp): ready, alive, stopping. Does nothing
// when no service manager asked (NOTIFY_SOCKET unset).
class ServiceNotifier {
 public:
  // From NOTIFY_SOCKET and WATCHDOG_USEC.
  ServiceNotifier();
  // After the first frame; the watchdog's first ping is due half its interval later.
  void Ready(std::chrono::steady_clock::time_point now);
  void Stopping();
  // Pings the watchdog when it is due; from the frame loop only.
  void Ping(std::chrono::steady_clock::time_point now);
  // When the next ping is due; none without a watchdog.
  std::optional<std::chrono::steady_clock::time_point> NextPing() const;

 private:
  void Send(const char* state);

  bool m_notify = false;
  bool m_failed = false;                // a failure was logged
  std::chrono::microseconds m_half{0};  // half of WATCHDOG_USEC; zero: no watchdog
  std::chrono::steady_clock::time_point m_nextPing;
};

// The panel's backlight (backlight.cpp), switched off in closed hours.
class Backlight {
 public:
  // The backlight Options::backlight names; nullptr where there is none to use (logged).
  static std::unique_ptr<Backlight> Open(const std::string& setting, bool headless);
  // Failures are logged, not fatal: the closed screen is dark anyway.
  void SetOn(bool on);

 private:
  Backlight(std::string folder, bool power) : m_folder(std::move(folder)), m_power(power) {}

  std::string m_folder;
  bool m_power;              // bl_power is written; else brightness
  std::string m_brightness;  // what brightness was before it went to 0
};

class App {
 public:
  // Opens the window, loads catalogs and fonts, and checks the content folder (a missing or empty
  // one is shown to staff, not fatal). Fails when the kiosk cannot show anything, and when
  // another kiosk uses the state folder.
  static base::Result<std::unique_ptr<App>> Create(const Options& options,
                                                   const base::Clock& clock);

  // The real kiosk: waits for input or a deadline, draws only what changed, until quit.
  int Run();

  // [SECTION] Steps of the loop, for the script runner, tests and benchmarks.
  // Takes pending events, waiting up to timeoutMs (< 0: until something happens); first, when
  // no frame is due, writes the pending usage counts (SaveCounts).
  void PumpEvents(int timeoutMs);
  bool NeedsFrame() const;
  // Milliseconds the loop may sleep before the next frame is due (-1: until input).
  int WaitBudgetMs() const;
  void DrawFrame();
  // Writes the pending usage counts, unless the last attempt failed less than 10 s ago, and
  // shows staff why they cannot be written.
  void SaveCounts();
  int FramesDrawn() const { return m_framesDrawn; }
  bool QuitRequested() const { return m_quit; }
  bool SetLanguage(std::string_view code);
  const std::vector<ui::Label>& Labels() const { return m_ui->Labels(); }
  platform::Platform& Platform() { return *m_platform; }
  // Writes a screenshot of the current screen; the message names the file on failure.
  base::Result<bool> Screenshot(const std::string& path);
  // The same of what the last frame left on the screen, without drawing one: what a person sees
  // now, even where the kiosk failed to draw a change.
  base::Result<bool> ScreenshotAsShown(const std::string& path) {
    return m_platform->Screenshot(path);
  }
  screens::ScreenId CurrentScreen() const { return m_router.Current(); }
  bool Attracting() const { return m_attract; }
  // Outside opening hours, dark and asleep.
  bool Closed() const { return m_closed; }
  // A video or a narration is playing: it runs on VLC's clock, which scripts cannot move.
  bool MediaPlaying() const;
  // One of the kiosk's own sounds (a countdown's tick, a fanfare) is playing.
  bool SoundPlaying() const {
    return m_effects && m_effects->GetState() == playback::State::kPlaying;
  }
  // Presses before this moment do nothing: a screen shown just before (Touch::NewScreen).
  base::TimePoint TouchSettled() const { return m_ui->TouchSettled(); }
  // Today's count of an event for an item (a screen's name, a video's or quiz's id; "" for
  // events without one), every language together, and every detail unless one is given;
  // written to disk first. -1 when usage counts are off.
  std::int64_t CountOf(std::string_view event, std::string_view item,
                       std::optional<std::string_view> detail = std::nullopt);
  // The volume (percent) each player applies: video, narration, the kiosk's own sounds; empty
  // when libvlc could not start.
  std::vector<int> Volumes() const;
  // Video pictures put on the screen since start.
  std::uint64_t VideoFramesShown() const { return m_videoFramesShown; }
  const text::Engine& Text() const { return m_ui->TextEngine(); }
  // The screen on show has work going on on another thread (a USB import).
  bool Working() const;
  // Headless only: a stick mounted at `dir` comes in; the last one in goes. False when the kiosk
  // watches the real mount table instead.
  bool InsertStick(const std::string& dir);
  bool RemoveStick();

 private:
  App(const Options& options, const base::Clock& clock);
  void CheckContent();
  void RenderFrame();
  // Hands the glyphs rasterized this frame to the renderer's texture.
  void UploadGlyphs();
  // Starts libvlc and the players; without them videos and narration are left out.
  void StartPlayback();
  // Takes what VLC's threads reported (pictures, ends, errors); once a frame.
  void PollPlayback();
  // Puts the newest video picture into the video texture.
  void UploadVideo();
  // The next moment something changes without input (idle reset, attract cycle, a screen's own
  // timer).
  base::TimePoint NextDeadline() const;
  // The screen on show (not the attract loop), if its OnEnter ran.
  const screens::Screen* ShownScreen() const;
  // How long without a touch before the attract loop: the screen's own time, or the setting.
  base::Duration IdleTimeout() const;
  // Everything back to how the first visitor found it, and the attract loop on.
  void EnterAttract();
  // Reads the installed packs again (after a staff roll back); the screens that held them go.
  void ReloadContent();
  // Applies what staff changed on the Settings screen (Context::settings) at once, and keeps it
  // in the state folder.
  void ApplySettings();
  // Outside opening hours with nobody using the kiosk: dark, asleep; else as usual.
  void UpdateHours(base::TimePoint now);
  // When the opening hours are looked at next (never, when the kiosk is always open).
  base::TimePoint HoursCheck() const;
  // Tells staff on the home screen (Context::staffNotices) why counts are not being written, or
  // takes that back; when the Counter's trouble changed.
  void ShowCountsTrouble();
  // One anonymous use, in the current language.
  void Count(stats::Event event, std::string_view item);
  // Takes the sticks that came or went: a new one holding packs wakes the kiosk and asks for
  // staff.
  void UpdateSticks();
  screens::Screen& ScreenFor(screens::ScreenId id);

  Options m_options;
  const base::Clock& m_clock;
  StateLock m_stateLock;  // first taken, last let go
  // The ImGui context (in Ui) must outlive the renderer backend (in Platform): members are
  // destroyed in reverse order.
  std::unique_ptr<ui::Ui> m_ui;
  std::unique_ptr<platform::Platform> m_platform;
  std::unique_ptr<image::Cache> m_pictures;  // its textures go before the renderer
  i18n::Translator m_translator;
  screens::Router m_router;
  screens::Context m_context;
  std::vector<std::pair<screens::ScreenId, std::unique_ptr<screens::Screen>>> m_screens;
  std::optional<screens::ScreenId> m_shown;   // the screen whose OnEnter ran
  void* m_glyphTexture = nullptr;             // the text engine's atlas, owned by the platform
  std::unique_ptr<stats::Counter> m_counter;  // nullptr when the state folder is unusable
  std::unique_ptr<staff::Pin> m_pin;          // nullptr when there is no state folder
  stats::Health m_countsShown;                // the Counter's trouble that staff are shown
  base::TimePoint m_countsRetry;              // not before then after a failed write
  // USB sticks: the mount table's watcher, or, headless, sticks put in by the script.
  std::unique_ptr<usb::Sticks> m_sticks;
  ServiceNotifier m_service;
  std::unique_ptr<Backlight> m_backlight;  // nullptr: the PC has none, or it is not touched
  usb::ManualSticks* m_manualSticks = nullptr;
  std::uint64_t m_sticksSeen = 0;
  bool m_working = false;  // the screen had work going on at the last frame (Working())
  // Idle: after idleSeconds without input the attract loop shows, until a touch.
  bool m_attract = false;
  // The visitor at the kiosk was counted (session_started): at her first press after a start or
  // an idle reset.
  bool m_sessionCounted = false;
  base::TimePoint m_lastInput;
  base::TimePoint m_nextCycle;
  std::unique_ptr<screens::Screen> m_attractScreen;
  std::unique_ptr<screens::Screen> m_closedScreen;
  // Opening hours: open by the clock, and dark (closed, with nobody using the kiosk).
  bool m_open = true;
  bool m_closed = false;
  base::TimePoint m_hoursCheck;  // when to look at the wall clock again
  // After the platform: the players' wake calls go to it, so they must stop first.
  std::unique_ptr<playback::Engine> m_playback;
  std::unique_ptr<playback::Player> m_videoPlayer;
  std::unique_ptr<playback::Player> m_narration;
  std::unique_ptr<playback::Player> m_effects;   // the kiosk's own sounds
  std::unique_ptr<playback::Posters> m_posters;  // nullptr without a state folder
  std::uint64_t m_videoFramesShown = 0;
  bool m_videoTexturePlanar = false;
  std::vector<platform::Event> m_events;  // reused every frame: an idle frame allocates nothing
  int m_framesToDraw = 1;                 // Tracy's idea: any change asks for frames; 0 = sleep
  int m_framesDrawn = 0;
  bool m_quit = false;
  base::TimePoint m_lastFrame;
  std::chrono::steady_clock::time_point m_started;
};

// Runs a UI script (ARCHITECTURE.md) against the app; returns the exit code.
int RunScript(App& app, base::ManualClock& clock, const std::string& scriptPath,
              const std::string& screenshotsDir);

}  // namespace kiosk::app
