// Start-up and the event-driven frame loop. The loop sleeps in SDL_WaitEvent until input, and
// draws a frame only when something changed (an event, a screen or language switch, a list still
// coasting): an idle kiosk uses almost no CPU, which the centres pay for. Main thread.
#include "app/app.h"

#include <imgui.h>

#include <algorithm>
#include <filesystem>

#include "packs/packs.h"

namespace kiosk::app {
namespace {

const char* ScreenName(screens::ScreenId id) {
  switch (id) {
    case screens::ScreenId::kHome:
      return "home";
    case screens::ScreenId::kVideos:
      return "videos";
    case screens::ScreenId::kQuizzes:
      return "quizzes";
    case screens::ScreenId::kContest:
      return "contest";
    case screens::ScreenId::kHelp:
      return "help";
    case screens::ScreenId::kPlayer:
      return "player";
    case screens::ScreenId::kLeaflet:
      return "leaflet";
    case screens::ScreenId::kQuiz:
      return "quiz";
    case screens::ScreenId::kSurvey:
      return "survey";
    case screens::ScreenId::kStaffPin:
      return "staff_pin";
    case screens::ScreenId::kStaff:
      return "staff";
    case screens::ScreenId::kStaffUsb:
      return "staff_usb";
    case screens::ScreenId::kStaffSettings:
      return "staff_settings";
    case screens::ScreenId::kStaffUsage:
      return "staff_usage";
    case screens::ScreenId::kStaffAbout:
      return "staff_about";
  }
  return "unknown";
}

constexpr int kAnimationFrameMs = 16;  // ~60 frames a second while something moves by itself
constexpr auto kAttractCycle = std::chrono::seconds(3);  // each language's turn while idle
constexpr auto kPlayingFrame = std::chrono::seconds(1);  // the seek bar's step under a still video
// Outside opening hours a touch wakes the kiosk for at least this long after the last one.
constexpr auto kAwakeAfterTouch = std::chrono::minutes(5);
// The wall clock is looked at this often besides at the next opening or closing, in case it
// jumps (set right by hand or by the network).
constexpr auto kHoursRecheck = std::chrono::seconds(60);
// Counts that could not be written (a full disk) are tried again this often: soon enough to
// follow space freed by staff, rarely enough that an idle kiosk stays asleep.
constexpr auto kCountsRetry = std::chrono::seconds(10);

}  // namespace

App::App(const Options& options, const base::Clock& clock)
    : m_options(options),
      m_clock(clock),
      m_context{.translator = m_translator, .router = m_router, .clock = clock},
      m_lastInput(clock.Now()),
      m_lastFrame(clock.Now()),
      m_started(std::chrono::steady_clock::now()) {}

base::Result<std::unique_ptr<App>> App::Create(const Options& options, const base::Clock& clock) {
  std::unique_ptr<App> app(new App(options, clock));
  // Before the window: a second kiosk on the folder shows nothing, and says why.
  if (base::Result<bool> locked = app->m_stateLock.Take(options.stateDir); !locked) {
    return base::Error{locked.error()};
  }
  platform::WindowOptions window;
  window.renderer = options.renderer;
  window.headless = options.headless;
  window.windowed = options.windowed;
  window.width = options.width;
  window.height = options.height;
  window.dpi = options.dpi;
  // The X server went away: the counts made since the last write are kept if the disk lets them.
  window.displayLost = [kiosk = app.get()] {
    if (!kiosk->m_counter) return;
    if (base::Result<bool> flushed = kiosk->m_counter->Flush(); !flushed) {
      base::Log(base::LogLevel::kError, "%s", flushed.error().c_str());
    }
  };
  base::Result<std::unique_ptr<platform::Platform>> platform = platform::Platform::Create(window);
  if (!platform) return base::Error{platform.error()};
  app->m_platform = std::move(platform.value());
  app->m_ui = std::make_unique<ui::Ui>(clock, app->m_platform->PxPerMm());

  std::vector<std::string> problems;
  app->m_translator = i18n::Translator::Load(options.localesDir, &problems);
  for (const auto& [code, chain] : options.fallbacks) app->m_translator.SetFallbacks(code, chain);
  for (const std::string& p : problems) {
    // Staff see the first line (file:line: reason) on screen; the log has them all.
    app->m_context.staffNotices.push_back(
        {i18n::N_("For staff: a translation file has errors, so its language is not offered: {}"),
         p.substr(0, p.find('\n'))});
  }
  if (!app->SetLanguage(options.lang)) {
    problems.push_back("language " + options.lang + ": no catalog loaded from " +
                       options.localesDir + "; showing English");
  }
  for (std::string& p : app->m_ui->LoadFonts()) problems.push_back(std::move(p));
  app->m_ui->TextEngine().SetMaxAtlasSide(app->m_platform->MaxTextureSide());
  // The atlases are on the GPU before the first frame: that frame's text must not be blank boxes.
  app->m_platform->InitImGui();
  app->UploadGlyphs();
  for (const std::string& p : problems) base::Log(base::LogLevel::kError, "%s", p.c_str());
  app->CheckContent();
  app->StartPlayback();
  app->m_attractScreen = screens::MakeAttractScreen(app->m_context);
  app->m_closedScreen = screens::MakeClosedScreen(app->m_context);
  app->m_context.openingHours = options.hours.Text();
  app->m_context.contentDir = options.contentDir;
  app->m_context.trustDir = options.trustDir;
  app->m_context.stateDir = options.stateDir;
  app->m_context.centre = options.centre;
  platform::Platform* const shown = app->m_platform.get();
  app->m_context.wake = [shown] { shown->Wake(); };
  app->m_pictures = std::make_unique<image::Cache>(
      image::Cache::Textures{[shown](int width, int height, const std::uint32_t* rgba) {
                               void* texture = shown->CreateTexture(width, height);
                               if (texture)
                                 shown->UpdateTexture(texture, 0, 0, width, height, rgba, width);
                               return texture;
                             },
                             [shown](void* texture) { shown->DestroyTexture(texture); }},
      app->m_context.wake);
  app->m_context.pictures = app->m_pictures.get();
  if (options.headless) {
    auto manual = std::make_unique<usb::ManualSticks>();
    app->m_manualSticks = manual.get();
    app->m_sticks = std::move(manual);
  } else if (base::Result<std::unique_ptr<usb::Sticks>> watcher =
                 usb::WatchMounts(options.usbRoots, app->m_context.wake)) {
    app->m_sticks = std::move(watcher.value());
    // A stick in at start is seen, but asks for nobody: staff put in the next one.
    app->m_sticksSeen = app->m_sticks->Generation();
    app->m_context.sticks = app->m_sticks->Mounted();
  } else {
    base::Log(base::LogLevel::kError, "USB sticks are not watched: %s", watcher.error().c_str());
  }
  app->m_context.settings = {.idleSeconds = options.idleSeconds,
                             .languages = options.languages,
                             .lang = options.lang,
                             .volume = options.volume,
                             .hours = options.hours.Ranges()};
  // Started outside opening hours (a power cut at night): dark from the first frame.
  if (!options.hours.IsOpen(clock.Wall())) app->m_attract = true;
  // Lit at start, whatever a crash in closed hours left; the hours put it out again.
  app->m_backlight = Backlight::Open(options.backlight, options.headless);
  if (app->m_backlight) app->m_backlight->SetOn(true);
  std::string damaged;
  base::Result<std::unique_ptr<stats::Counter>> counter =
      stats::Counter::Open(options.stateDir, packs::Today, &damaged);
  if (!damaged.empty()) base::Log(base::LogLevel::kError, "%s", damaged.c_str());
  if (counter) {
    app->m_counter = std::move(counter.value());
    app->m_context.counter = app->m_counter.get();
    // A full disk or a folder that may not be written: counts are kept in memory, staff told.
    app->ShowCountsTrouble();
    // The kiosk's random id, made at its first start, for the exports of its counts.
    base::Result<std::string> id = stats::KioskId(options.stateDir);
    if (!id) base::Log(base::LogLevel::kError, "%s", id.error().c_str());
  } else {
    base::Log(base::LogLevel::kError, "usage counts are off: %s", counter.error().c_str());
  }
  // Staff mode's PIN lives beside the counts; without a state folder there is none. A folder
  // that may not be written still lets staff in with the PIN it has, to read About.
  if (std::error_code error; std::filesystem::is_directory(options.stateDir, error)) {
    app->m_pin = std::make_unique<staff::Pin>(options.stateDir);
    app->m_context.pin = app->m_pin.get();
  }
  return app;
}

void App::SaveCounts() {
  if (!m_counter) return;
  if (m_counter->Pending() > 0 && m_clock.Now() >= m_countsRetry && !m_counter->Flush()) {
    m_countsRetry = m_clock.Now() + kCountsRetry;
  }
  ShowCountsTrouble();
}

void App::ShowCountsTrouble() {
  const stats::Health& health = m_counter->GetHealth();
  if (health == m_countsShown) return;
  m_countsShown = health;
  std::erase_if(m_context.staffNotices,
                [](const screens::Context::Notice& notice) { return notice.counts; });
  const char* msgid = nullptr;
  switch (health.trouble) {
    case stats::Trouble::kNone:
      break;
    case stats::Trouble::kDiskFull:
      msgid = i18n::N_(
          "For staff: the disk is full: usage counts are not being saved. They are kept until "
          "there is free space for them in {}.");
      break;
    case stats::Trouble::kNoPermission:
      msgid = i18n::N_(
          "For staff: usage counts are not being saved: {} cannot be written (no permission). "
          "They are kept until it can be.");
      break;
    case stats::Trouble::kLocked:
      msgid = i18n::N_(
          "For staff: usage counts are not being saved: another program is using {}. They are "
          "kept until it stops.");
      break;
    case stats::Trouble::kFailed:
      msgid = i18n::N_(
          "For staff: usage counts are not being saved: {} cannot be written. They are kept "
          "until it can be.");
      break;
  }
  if (msgid) {
    m_context.staffNotices.push_back(
        {.msgid = msgid, .arg = health.where + " (" + health.reason + ")", .counts = true});
  }
  m_framesToDraw = std::max(m_framesToDraw, 1);
}

void App::CheckContent() {
  namespace fs = std::filesystem;
  std::error_code error;
  const std::string& dir = m_options.contentDir;
  auto notice = [&](const char* msgid, const std::string& arg) {
    m_context.staffNotices.push_back({msgid, arg, true});
    base::Log(base::LogLevel::kError, "%s", i18n::Fill(msgid, arg).c_str());
  };
  if (!fs::is_directory(dir, error)) {
    notice(i18n::N_("For staff: the content folder {} is missing, so there is nothing to show yet. "
                    "Install a signed content pack."),
           dir);
    return;
  }
  // Packs were verified when installed; they are checked again here, since a disk can fail. A
  // damaged pack is left out and staff are told, the others are shown.
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::string> damaged;
  const std::vector<packs::Installed> installed = packs::ListPacks(dir, &damaged);
  for (const std::string& problem : damaged) {
    notice(i18n::N_("For staff: the pack {} is damaged and is not shown. Install it again."),
           problem.substr(0, problem.find('\n')));
  }
  for (const packs::Installed& pack : installed) {
    const std::string folder = (fs::path(dir) / pack.manifest.id / "files").string();
    // Titles only: each quiz's questions are read when it is opened.
    base::Result<packs::Content> content =
        packs::LoadCatalog((fs::path(dir) / pack.manifest.id).string());
    if (content) {
      std::map<std::string, std::string> hashes;
      for (const packs::Video& video : content.value().videos) {
        for (const auto& [lang, file] : video.files) hashes[file] = "";
      }
      for (const packs::FileEntry& file : pack.manifest.files) {
        if (auto it = hashes.find(file.path); it != hashes.end()) it->second = file.blake2b;
      }
      m_context.packs.push_back(
          {pack.manifest.id, folder, std::move(content.value()), std::move(hashes)});
    } else {
      notice(i18n::N_("For staff: the pack {} is damaged and is not shown. Install it again."),
             pack.manifest.id + " (" + content.error().substr(0, content.error().find('\n')) + ")");
    }
  }
  if (installed.empty() && damaged.empty()) {
    notice(
        i18n::N_("For staff: no content is installed in {}. Install a signed content pack from a "
                 "USB stick."),
        dir);
  }
  // On the main thread, at the start and after each install: what the screen waits for.
  std::size_t videos = 0, quizzes = 0;
  for (const screens::Context::Pack& pack : m_context.packs) {
    videos += pack.content.videos.size();
    quizzes +=
        pack.content.quizzes.size() + pack.content.contests.size() + pack.content.surveys.size();
  }
  const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - started;
  base::Log(base::LogLevel::kInfo,
            "content: %zu packs, %zu videos, %zu quizzes and surveys, read in %.1f ms",
            m_context.packs.size(), videos, quizzes, took.count());
}

void App::StartPlayback() {
  // A window with sound on the kiosk; headless runs decode the sound and drop it.
  base::Result<std::unique_ptr<playback::Engine>> engine =
      playback::Engine::Create(!m_options.headless);
  if (!engine) {
    m_context.staffNotices.push_back(
        {i18n::N_("For staff: videos cannot be played: {}"), engine.error()});
    base::Log(base::LogLevel::kError, "%s", engine.error().c_str());
    return;
  }
  m_playback = std::move(engine.value());
  platform::Platform* platform = m_platform.get();
  auto wake = [platform] { platform->Wake(); };
  m_videoPlayer = std::make_unique<playback::Player>(
      *m_playback, true, wake,
      m_options.videoRgb32 ? playback::PixelFormat::kRgb32 : playback::PixelFormat::kI420);
  m_narration = std::make_unique<playback::Player>(*m_playback, false, wake);
  // The end of a tick or a fanfare changes nothing on screen: it wakes nobody.
  m_effects = std::make_unique<playback::Player>(*m_playback, false, [] {});
  for (playback::Player* player : {m_videoPlayer.get(), m_narration.get(), m_effects.get()}) {
    player->SetVolume(m_options.volume);
  }
  if (!m_options.stateDir.empty()) {
    m_posters = std::make_unique<playback::Posters>(
        *m_playback, (std::filesystem::path(m_options.stateDir) / "posters").string(), wake);
    m_context.posters = m_posters.get();
  }
  m_context.videoPlayer = m_videoPlayer.get();
  m_context.narration = m_narration.get();
  m_context.effects = m_effects.get();
  m_context.soundsDir = m_options.soundsDir;
}

std::vector<int> App::Volumes() const {
  std::vector<int> volumes;
  for (const playback::Player* player : {m_videoPlayer.get(), m_narration.get(), m_effects.get()}) {
    if (player) volumes.push_back(player->Volume());
  }
  return volumes;
}

bool App::MediaPlaying() const {
  for (const playback::Player* player : {m_videoPlayer.get(), m_narration.get(), m_effects.get()}) {
    if (player && player->GetState() == playback::State::kPlaying) return true;
  }
  return false;
}

void App::PollPlayback() {
  for (playback::Player* player : {m_videoPlayer.get(), m_narration.get(), m_effects.get()}) {
    if (player) player->Poll();
  }
}

void App::UploadVideo() {
  if (!m_videoPlayer) return;
  screens::Context::Picture& picture = m_context.picture;
  const bool taken = m_videoPlayer->TakeFrame([&](const playback::Frame& frame) {
    const bool planar = frame.format == playback::PixelFormat::kI420;
    if (!picture.texture || frame.width != picture.width || frame.height != picture.height ||
        planar != m_videoTexturePlanar) {
      m_platform->DestroyTexture(picture.texture);
      picture.texture = m_platform->CreateVideoTexture(frame.width, frame.height, planar);
      picture.width = frame.width;
      picture.height = frame.height;
      m_videoTexturePlanar = planar;
    }
    if (picture.texture) {
      m_platform->UpdateVideoTexture(picture.texture, frame.planes, frame.pitches, planar);
    }
  });
  if (taken) ++m_videoFramesShown;
}

bool App::SetLanguage(std::string_view code) {
  if (!m_translator.SetLanguage(code)) return false;
  m_framesToDraw = std::max(m_framesToDraw, 1);
  return true;
}

int App::Run() {
  while (!m_quit) {
    PumpEvents(WaitBudgetMs());
    if (!m_quit && NeedsFrame()) DrawFrame();
    // Here and only here: a frame loop that hangs stops the pings, and the service restarts.
    m_service.Ping(std::chrono::steady_clock::now());
  }
  m_service.Stopping();
  // Closing (SIGTERM, or staff): counts not written now are lost, and the status says so (the
  // Counter logs how many).
  if (m_counter && !m_counter->Flush()) return kExitEnvironment;
  return kExitOk;
}

void App::PumpEvents(int timeoutMs) {
  // Counts reach the disk while the kiosk has nothing else to do.
  if (!NeedsFrame()) SaveCounts();
  m_events.clear();
  m_platform->WaitEvents(timeoutMs, &m_events);
  for (const platform::Event& event : m_events) {
    using Kind = platform::Event::Kind;
    switch (event.kind) {
      case Kind::kPointerDown:
      case Kind::kPointerMove:
      case Kind::kPointerUp: {
        m_lastInput = m_clock.Now();
        if (event.kind == Kind::kPointerDown && !m_sessionCounted) {
          // The first visitor after a start as much as those after an idle reset.
          m_sessionCounted = true;
          Count(stats::Event::kSessionStarted, "");
        }
        if (m_attract && event.kind == Kind::kPointerDown) {
          // Someone came: the home screen, fresh. This touch only wakes the kiosk: it began
          // before the home screen was shown.
          m_attract = false;
          m_ui->NewScreen();
          m_framesToDraw = std::max(m_framesToDraw, 1);
        }
        const auto kind = event.kind == Kind::kPointerDown ? ui::PointerEvent::Kind::kDown
                          : event.kind == Kind::kPointerUp ? ui::PointerEvent::Kind::kUp
                                                           : ui::PointerEvent::Kind::kMove;
        if (m_ui->OnPointer({kind, event.x, event.y, event.pointer})) {
          m_framesToDraw = std::max(m_framesToDraw, 1);
        }
        break;
      }
      case Kind::kKey:
        m_lastInput = m_clock.Now();
        if (m_attract) m_attract = false;
        // A keyboard is for staff and developers; Escape (or a remote's Back) goes back.
        if (event.key == "Escape" || event.key == "AC Back") m_router.Back();
        m_framesToDraw = std::max(m_framesToDraw, 1);
        break;
      case Kind::kQuit:
        m_quit = true;
        break;
      case Kind::kRedraw:
        m_framesToDraw = std::max(m_framesToDraw, 1);
        break;
      case Kind::kWake:
        // A picture, an end or an error: the frame takes it (PollPlayback, once a frame).
        m_framesToDraw = std::max(m_framesToDraw, 1);
        break;
    }
  }
}

bool App::NeedsFrame() const {
  return m_options.alwaysRedraw || m_framesToDraw > 0 || m_ui->IsAnimating() ||
         m_clock.Now() >= NextDeadline();
}

base::TimePoint App::NextDeadline() const {
  if (m_closed) return m_hoursCheck;
  if (m_attract) return std::min(m_nextCycle, HoursCheck());
  // A playing video whose picture stands still (a title card) still moves its seek bar and time.
  if (m_videoPlayer && m_videoPlayer->GetState() == playback::State::kPlaying) {
    return m_lastFrame + kPlayingFrame;
  }
  base::TimePoint deadline = std::min(m_lastInput + IdleTimeout(), HoursCheck());
  if (const screens::Screen* screen = ShownScreen()) {
    if (std::optional<base::TimePoint> own = screen->Deadline())
      deadline = std::min(deadline, *own);
  }
  return deadline;
}

const screens::Screen* App::ShownScreen() const {
  if (m_attract || !m_shown) return nullptr;
  for (const auto& [id, screen] : m_screens) {
    if (id == *m_shown) return screen.get();
  }
  return nullptr;
}

base::Duration App::IdleTimeout() const {
  const screens::Screen* screen = ShownScreen();
  std::optional<base::Duration> own = screen ? screen->IdleTimeout() : std::nullopt;
  if (own) return *own;
  // Outside opening hours whoever woke the kiosk has a few minutes; then it goes dark.
  const base::Duration timeout = std::chrono::seconds(m_options.idleSeconds);
  return m_open ? timeout : std::max<base::Duration>(timeout, kAwakeAfterTouch);
}

void App::EnterAttract() {
  m_attract = true;
  m_sessionCounted = false;
  m_context.pinChoosable = false;
  m_context.stickAsked = false;
  // A USB job at rest is forgotten (a preview nobody installed, a result read); one at work
  // goes on, and an install that ended is read at the end of this frame.
  if (usb::ImportJob* job = m_context.importJob.get(); job && !job->Busy()) {
    if (job->TakeInstalled()) m_context.reloadContent = true;
    m_context.importJob.reset();
  }
  if (m_context.exportJob && m_context.exportJob->Done()) m_context.exportJob.reset();
  m_router.Go(screens::ScreenId::kHome);
  // Screens keep their state in members: new ones keep nothing of the last visitor. What the
  // last screen counts as it closes is counted in her language.
  if (m_shown) ScreenFor(*m_shown).OnExit();
  m_screens.clear();
  m_shown.reset();
  if (m_narration) m_narration->Stop();
  if (m_effects) m_effects->Stop();
  m_translator.SetLanguage(m_options.lang);
  m_ui->ResetScrolls();
  m_context.attractCycle = 0;
  m_nextCycle = m_clock.Now() + kAttractCycle;
  m_countsRetry = {};  // at each idle reset, whatever the last attempt
  SaveCounts();
}

void App::UpdateHours(base::TimePoint now) {
  if (m_options.hours.AlwaysOpen()) {
    m_open = true;  // staff may have just made it so
  } else if (now >= m_hoursCheck) {
    // At the next opening or closing, and every minute in case the wall clock jumps.
    const base::WallTime wall = m_clock.Wall();
    m_open = m_options.hours.IsOpen(wall);
    m_hoursCheck =
        now + std::min<base::Duration>(kHoursRecheck, m_options.hours.NextChange(wall) - wall);
  }
  // Dark while closed and nobody uses the kiosk: a press ends the attract loop, and the idle
  // reset starts it again.
  const bool closed = !m_open && m_attract;
  if (closed == m_closed) return;
  m_closed = closed;
  m_platform->AllowScreenBlanking(closed);
  if (m_backlight) m_backlight->SetOn(!closed);
  base::Log(base::LogLevel::kInfo, closed ? "closed: the screen may go dark" : "open");
}

base::TimePoint App::HoursCheck() const {
  return m_options.hours.AlwaysOpen() ? base::TimePoint::max() : m_hoursCheck;
}

int App::WaitBudgetMs() const {
  if (m_options.alwaysRedraw || m_framesToDraw > 0) return 0;
  const base::TimePoint now = m_clock.Now();
  const auto untilDeadline =
      std::chrono::ceil<std::chrono::milliseconds>(NextDeadline() - now).count();
  if (m_ui->IsAnimating()) {
    const auto since = std::chrono::duration_cast<std::chrono::milliseconds>(now - m_lastFrame);
    return std::max(0, kAnimationFrameMs - static_cast<int>(since.count()));
  }
  // Nothing changes before the next deadline (the idle reset, the attract loop's next language, a
  // countdown's next second; rounded up, so that the loop does not wake just before it and spin),
  // but counts that could not be written are tried again.
  long long budget = untilDeadline;
  // The watchdog's ping: the one wake-up an idle kiosk adds.
  if (const auto ping = m_service.NextPing()) {
    budget = std::min<long long>(budget, std::chrono::ceil<std::chrono::milliseconds>(
                                             *ping - std::chrono::steady_clock::now())
                                             .count());
  }
  if (m_counter && m_counter->Pending() > 0) {
    budget = std::min<long long>(
        budget, std::chrono::ceil<std::chrono::milliseconds>(m_countsRetry - now).count());
  }
  return static_cast<int>(std::clamp<long long>(budget, 0, 24 * 3600 * 1000LL));
}

screens::Screen& App::ScreenFor(screens::ScreenId id) {
  for (auto& [screenId, screen] : m_screens) {
    if (screenId == id) return *screen;
  }
  m_screens.emplace_back(id, screens::MakeScreen(id, m_context));
  return *m_screens.back().second;
}

void App::UpdateSticks() {
  if (!m_sticks || m_sticks->Generation() == m_sticksSeen) return;
  m_sticksSeen = m_sticks->Generation();
  std::vector<std::string> before = std::exchange(m_context.sticks, m_sticks->Mounted());
  // A pack whose stick went is not installed, wherever staff are.
  if (usb::ImportJob* job = m_context.importJob.get();
      job && (job->Busy() || job->GetStage() == usb::ImportJob::Stage::kPreview) &&
      std::none_of(m_context.sticks.begin(), m_context.sticks.end(), [&](const std::string& stick) {
        return job->PackPath().rfind(stick + "/", 0) == 0;
      })) {
    job->StickPulled();
  }
  bool packsIn = false, asked = false;
  for (const std::string& stick : m_context.sticks) {
    if (usb::PacksOn(stick).empty()) continue;
    packsIn = true;
    if (asked || std::find(before.begin(), before.end(), stick) != before.end()) continue;
    asked = true;
    // Staff came with packs: the kiosk wakes, and asks for them unless they are already in.
    m_attract = false;
    m_lastInput = m_clock.Now();
    const screens::ScreenId current = m_router.Current();
    const bool staffIn = current > screens::ScreenId::kStaffPin;
    base::Log(base::LogLevel::kInfo, "USB stick with content packs: %s; %s", stick.c_str(),
              staffIn ? "the USB stick screen shows them" : "the staff PIN is asked for");
    if (staffIn) {
      if (current != screens::ScreenId::kStaffUsb) m_router.Go(screens::ScreenId::kStaffUsb);
    } else {
      m_context.stickAsked = true;
      if (current != screens::ScreenId::kStaffPin) m_router.Go(screens::ScreenId::kStaffPin);
    }
  }
  if (!packsIn) m_context.stickAsked = false;
  m_framesToDraw = std::max(m_framesToDraw, 1);
}

bool App::Working() const {
  const screens::Screen* screen = ShownScreen();
  return (screen && screen->Working()) || (m_context.importJob && m_context.importJob->Busy()) ||
         (m_context.exportJob && !m_context.exportJob->Done()) || m_pictures->Busy() ||
         (m_posters && m_posters->Busy());
}

bool App::InsertStick(const std::string& dir) {
  if (!m_manualSticks) return false;
  m_manualSticks->Insert(dir);
  m_platform->Wake();
  return true;
}

bool App::RemoveStick() {
  if (!m_manualSticks) return false;
  m_manualSticks->Remove();
  m_platform->Wake();
  return true;
}

void App::RenderFrame() {
  UpdateSticks();
  const base::TimePoint now = m_clock.Now();
  // What VLC's threads reported, once a frame: a wake asks for the frame, and a wake SDL lost
  // is made up by the frame that comes every second while a video plays. Someone watching a
  // video is not idle, though she does not touch the screen.
  PollPlayback();
  if (m_videoPlayer && m_videoPlayer->GetState() == playback::State::kPlaying) m_lastInput = now;
  // Nor is staff watching an install (it was going on at the last frame): its result gets the
  // whole idle time.
  if (m_working) m_lastInput = now;
  if (!m_attract && now >= m_lastInput + IdleTimeout()) EnterAttract();
  UpdateHours(now);
  if (m_attract && !m_closed && now >= m_nextCycle) {
    ++m_context.attractCycle;
    m_nextCycle = now + kAttractCycle;
  }
  const screens::ScreenId current = m_router.Current();
  if (!m_attract && m_shown != current) {
    if (m_shown) ScreenFor(*m_shown).OnExit();
    ScreenFor(current).OnEnter();
    m_shown = current;
    // Every screen change, wherever it came from: a finger of the last screen, or of a double
    // tap's second tap, does nothing on this one.
    m_ui->NewScreen();
    Count(stats::Event::kScreenShown, ScreenName(current));
    if (current == screens::ScreenId::kHelp) Count(stats::Event::kHelpShown, "");
  }
  UploadVideo();
  m_pictures->Collect();
  const i18n::Language* language = &m_translator.Current();
  int width = 0, height = 0;
  m_platform->OutputSize(&width, &height);
  // A frame whose glyphs did not fit the atlas is drawn again once the atlas has grown. If the
  // last try still overflows, what fitted is shown and the next frame grows it again: the
  // draw data must never point at a texture that was just replaced.
  text::Engine& engine = m_ui->TextEngine();
  for (int attempt = 0;; ++attempt) {
    if (engine.NeedsRedraw()) {
      engine.GrowAtlas();
      UploadGlyphs();
    }
    m_ui->SetLanguage(m_translator.Current().code);
    m_ui->BeginFrame(static_cast<float>(width), static_cast<float>(height));
    if (m_closed) {
      m_closedScreen->Draw(*m_ui);
    } else if (m_attract) {
      m_attractScreen->Draw(*m_ui);
    } else {
      ScreenFor(current).Draw(*m_ui);
    }
    m_ui->EndFrame();
    if (!engine.NeedsRedraw()) break;
    if (attempt == 2) {
      m_framesToDraw = std::max(m_framesToDraw, 2);
      break;
    }
  }
  UploadGlyphs();
  m_platform->Render(ImGui::GetDrawData(), ui::colors::kBackground);
  m_lastFrame = m_clock.Now();
  m_working = Working();
  m_framesToDraw = std::max(0, m_framesToDraw - 1);
  // A tap shows its result on the next frame: a new screen, a new language, an answer chosen.
  if (m_ui->TapTaken() || m_router.Current() != current || &m_translator.Current() != language) {
    m_framesToDraw = std::max(m_framesToDraw, 1);
  }
  if (&m_translator.Current() != language) Count(stats::Event::kLanguageChosen, "");
  // What a staff screen asked for, now that no screen is drawing; and an install that is done.
  if (m_context.importJob && m_context.importJob->TakeInstalled()) m_context.reloadContent = true;
  if (m_context.reloadContent) ReloadContent();
  if (m_context.settingsChanged) ApplySettings();
  if (m_context.quit) m_quit = true;
}

void App::ApplySettings() {
  m_context.settingsChanged = false;
  const screens::Context::Settings& s = m_context.settings;
  base::Result<OpeningHours> hours = OpeningHours::FromRanges(s.hours);
  IM_ASSERT(hours.ok() && "the Settings screen makes only ranges that OpeningHours takes");
  if (hours) m_options.hours = hours.value();
  m_options.idleSeconds = s.idleSeconds;
  m_options.languages = s.languages;
  m_options.lang = s.lang;
  m_options.volume = s.volume;
  for (playback::Player* player : {m_videoPlayer.get(), m_narration.get(), m_effects.get()}) {
    if (player) player->SetVolume(s.volume);
  }
  // The hours are looked at again now: the kiosk closes at the new time, not the old one.
  m_context.openingHours = m_options.hours.Text();
  m_hoursCheck = m_clock.Now();
  UpdateHours(m_hoursCheck);
  base::Result<bool> saved = WriteSettings(m_options);
  m_context.settingsProblem = saved ? "" : saved.error();
  if (!saved) base::Log(base::LogLevel::kError, "settings: %s", saved.error().c_str());
  m_framesToDraw = std::max(m_framesToDraw, 1);
}

void App::ReloadContent() {
  m_context.reloadContent = false;
  ++m_context.contentGeneration;
  m_context.packs.clear();
  // An installed pack's pictures keep their paths: what is cached of the old one goes.
  m_pictures->Clear();
  std::erase_if(m_context.staffNotices,
                [](const screens::Context::Notice& notice) { return notice.content; });
  CheckContent();
  // Screens that held the old packs (a contest, a quiz) are made anew when next shown.
  const screens::ScreenId current = m_router.Current();
  std::erase_if(m_screens, [current](const auto& entry) { return entry.first != current; });
  m_framesToDraw = std::max(m_framesToDraw, 1);
}

std::int64_t App::CountOf(std::string_view event, std::string_view item,
                          std::optional<std::string_view> detail) {
  if (!m_counter || !m_counter->Flush()) return -1;
  base::Result<std::vector<stats::Row>> rows = m_counter->Rows();
  if (!rows) return -1;
  const std::string today = packs::Today();
  std::int64_t count = 0;
  for (const stats::Row& row : rows.value()) {
    // Survey answers are kept by month.
    if ((row.day == today || row.day == today.substr(0, 7)) && row.event == event &&
        row.item == item && (!detail || row.detail == *detail)) {
      count += row.count;
    }
  }
  return count;
}

void App::Count(stats::Event event, std::string_view item) {
  m_context.Count(event, "", item);
}

void App::UploadGlyphs() {
  text::AtlasUpdate update;
  text::Engine& engine = m_ui->TextEngine();
  if (!engine.TakeAtlasUpdate(&update)) return;
  if (update.resized) {
    m_platform->DestroyTexture(m_glyphTexture);
    m_glyphTexture = m_platform->CreateTexture(update.width, update.height);
    engine.SetTexture(m_glyphTexture);
  }
  if (m_glyphTexture) {
    m_platform->UpdateTexture(m_glyphTexture, update.x, update.y, update.w, update.h, update.pixels,
                              update.width);
  }
}

void App::DrawFrame() {
  RenderFrame();
  m_platform->Present();
  if (++m_framesDrawn == 1) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - m_started);
    base::Log(base::LogLevel::kInfo, "first frame after %lld ms",
              static_cast<long long>(ms.count()));
    m_service.Ready(std::chrono::steady_clock::now());
  }
}

base::Result<bool> App::Screenshot(const std::string& path) {
  RenderFrame();
  base::Result<bool> written = m_platform->Screenshot(path);
  m_platform->Present();
  ++m_framesDrawn;
  return written;
}

}  // namespace kiosk::app
