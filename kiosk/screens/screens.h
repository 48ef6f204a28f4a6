// The kiosk's screens and the router between them. A screen draws itself with ui widgets and asks
// the router for another screen by id; screens never call each other. One file per screen;
// screens.cpp is the registry. Main thread only.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "i18n/i18n.h"
#include "image/image.h"
#include "packs/packs.h"
#include "playback/playback.h"
#include "staff/staff.h"
#include "stats/stats.h"
#include "ui/ui.h"
#include "usb/usb.h"

namespace kiosk::screens {

// The four features of the home screen, then the screens behind their lists.
enum class ScreenId {
  kHome,
  kVideos,
  kQuizzes,
  kContest,
  kHelp,
  kPlayer,
  kLeaflet,
  kQuiz,
  kSurvey,
  kStaffPin,  // the PIN pad, reached by holding a finger on the home screen's top right corner
  // Staff mode's screens: they come last.
  kStaff,
  kStaffUsb,       // a stick's packs and the counts' export; also reached by putting a stick in
  kStaffSettings,  // idle time, languages, volume, opening hours
  kStaffUsage,     // staff: the usage counts as charts
  kStaffAbout,     // staff: version, free space, kiosk id, recent problems
};

// Where the kiosk is, and where "Back" goes.
class Router {
 public:
  void Go(ScreenId id);
  // Back to the previous screen; on the home screen, nothing happens.
  void Back();
  ScreenId Current() const { return m_stack.back(); }
  // True when the current screen was reached by Back: it shows what it showed before.
  bool CameBack() const { return m_cameBack; }

 private:
  std::vector<ScreenId> m_stack{ScreenId::kHome};
  bool m_cameBack = false;
};

// What every screen may read or change. Owned by the app.
struct Context {
  i18n::Translator& translator;
  Router& router;
  const base::Clock& clock;
  // Shown to staff on the home screen while something needs their attention: no content, a
  // broken translation. Each is an English msgid with "{}" for `arg`, translated when drawn.
  struct Notice {
    const char* msgid;
    std::string arg;
    bool content = false;  // about the installed packs: made again when they are read again
    bool counts = false;   // why usage counts are not being written: follows the Counter
  };
  std::vector<Notice> staffNotices{};
  // What the installed packs hold (those that loaded), read at start.
  struct Pack {
    std::string id;
    std::string folder;  // where the pack's files are, for the paths its content names
    packs::Content content;
    std::map<std::string, std::string> hashes{};  // its video files' hashes, for their posters
  };
  std::vector<Pack> packs{};
  // What a list screen chose for the screen it opens: indexes into packs and their items.
  struct Choice {
    std::size_t pack = 0;
    std::size_t item = 0;
  };
  Choice video{}, leaflet{}, quiz{}, survey{};

  // Players for the video screen and for narration; nullptr when libvlc could not start (the
  // Videos tile then says "not available"). The video's newest picture is in `picture`.
  playback::Player* videoPlayer = nullptr;
  playback::Player* narration = nullptr;
  // The kiosk's own sounds (a contest's countdown and fanfare): a player for them, and the folder
  // of <name>.ogg files; either missing, and they are left out.
  playback::Player* effects = nullptr;
  std::string soundsDir{};
  struct Picture {
    void* texture = nullptr;  // an I420 texture the app keeps up to date, or nullptr
    int width = 0;
    int height = 0;
  } picture{};
  stats::Counter* counter = nullptr;  // nullptr when usage counts are off
  // The pictures of the packs' content (picture answers), decoded off the main thread; nullptr
  // in a context without a window, where they are left out.
  image::Cache* pictures = nullptr;
  // Pictures taken from the videos that bring no poster, and their lengths; nullptr without
  // libvlc or a state folder.
  playback::Posters* posters = nullptr;
  // While nobody uses the kiosk: which language the attract loop shows now (counts up).
  std::size_t attractCycle = 0;
  std::string openingHours{};  // as the config gives them, for the closed screen
  // Staff mode: the PIN's lock (nullptr when the state folder is unusable), the store of
  // installed packs, and what a staff screen asks of the app after the frame.
  staff::Pin* pin = nullptr;
  std::string contentDir{};
  std::string stateDir{};      // the usage counts and settings
  bool reloadContent = false;  // a pack was rolled back: the app reads the packs again
  int contentGeneration = 0;   // grows each time the app has read the packs again
  // A staff PIN may be chosen (none is set) only until the first idle reset after the kiosk
  // starts: staff setting up a kiosk choose it; a visitor who finds the corner later cannot.
  bool pinChoosable = true;
  bool quit = false;  // staff closed the kiosk
  // USB sticks: the mount points of those in now, the trusted publishers' keys their packs are
  // checked against, and the centre's name for an export of the counts.
  std::vector<std::string> sticks{};
  std::string trustDir{}, centre{};
  // A stick holding packs came in: the PIN pad goes on to the USB screen.
  bool stickAsked = false;
  // What staff started on the USB screen, kept here so that leaving the screen neither cancels
  // nor waits for it: the app reads the packs again once an install is done.
  std::unique_ptr<usb::ImportJob> importJob{};
  std::unique_ptr<usb::ExportJob> exportJob{};
  // Any thread: asks the main thread for a frame (a job's progress).
  std::function<void()> wake{};
  // What staff set on the Settings screen, which sets settingsChanged when it changes any; the
  // app then applies it and keeps it in the state folder, and says in settingsProblem why it
  // could not (else "").
  struct Settings {
    int idleSeconds = 90;                    // no touch for this long: the attract loop (10..3600)
    std::vector<std::string> languages;      // codes the home screen offers; none: every one
    std::string lang;                        // the language of each idle reset, one of those
    int volume = 100;                        // percent (0..100)
    std::vector<std::pair<int, int>> hours;  // minutes of the day [from, to); none: always open
  };
  Settings settings{};
  bool settingsChanged = false;
  std::string settingsProblem{};

  const char* Tr(const char* msgid) const { return translator.Tr(msgid); }
  // A count's text for n, e.g. TrN("{} survey", "{} surveys", n): see Translator::TrN.
  const char* TrN(const char* singular, const char* plural, unsigned long n) const {
    return translator.TrN(singular, plural, n);
  }
  // The languages the home screen offers and the attract loop shows: those of settings.languages
  // that have a catalog (every one that has, when none of them has).
  std::vector<const i18n::Language*> Offered() const;
  // One anonymous use, in the language on screen now.
  void Count(stats::Event event, std::string_view pack, std::string_view item,
             std::string_view detail = {}) const {
    if (counter) counter->Count(event, pack, item, translator.Current().code, detail);
  }
  // A file a pack names, as a path on this kiosk.
  std::string PathIn(const Pack& pack, const std::string& file) const {
    return pack.folder + "/" + file;
  }
};

class Screen {
 public:
  virtual ~Screen() = default;
  virtual void Draw(ui::Ui& ui) = 0;
  virtual void OnEnter() {}
  virtual void OnExit() {}
  // The next moment the screen changes by itself (a countdown's next second), if any: the kiosk
  // draws a frame then, and sleeps until then otherwise.
  virtual std::optional<base::TimePoint> Deadline() const { return std::nullopt; }
  // How long nobody may touch the screen before the kiosk resets, when not the usual idle time
  // (a contest led by a teacher who talks between questions).
  virtual std::optional<base::Duration> IdleTimeout() const { return std::nullopt; }
  // True while work started on this screen goes on on another thread (a pack being installed):
  // the kiosk counts it as use, as it does a playing video, and headless scripts wait for it.
  virtual bool Working() const { return false; }
};

// The screen for an id (registry in screens.cpp).
std::unique_ptr<Screen> MakeScreen(ScreenId id, Context& context);
// What an idle kiosk shows: "touch the screen to start", in each language in turn.
std::unique_ptr<Screen> MakeAttractScreen(Context& context);
// What it shows outside opening hours (Context::openingHours): a dark screen and a dim line.
std::unique_ptr<Screen> MakeClosedScreen(Context& context);

}  // namespace kiosk::screens
