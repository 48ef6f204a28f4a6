// The kiosk's screens and the router between them. A screen draws itself with ui widgets and asks
// the router for another screen by id; screens never call each other. One file per screen;
// screens.cpp is the registry. Main thread only.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "i18n/i18n.h"
#include "packs/packs.h"
#include "ui/ui.h"

namespace kiosk::screens {

enum class ScreenId { kHome, kVideos, kQuizzes, kContest, kHelp };

// Where the kiosk is, and where "Back" goes.
class Router {
 public:
  void Go(ScreenId id);
  // Back to the previous screen; on the home screen, nothing happens.
  void Back();
  ScreenId Current() const { return m_stack.back(); }

 private:
  std::vector<ScreenId> m_stack{ScreenId::kHome};
};

// What every screen may read or change. Owned by the app.
struct Context {
  i18n::Translator& translator;
  Router& router;
  // Shown to staff on the home screen while something needs their attention: no content, a
  // broken translation. Each is an English msgid with "{}" for `arg`, translated when drawn.
  struct Notice {
    const char* msgid;
    std::string arg;
  };
  std::vector<Notice> staffNotices;
  // What the installed packs hold (those that loaded), read at start.
  std::vector<packs::Content> content;
  // While nobody uses the kiosk: which language the attract loop shows now (counts up).
  std::size_t attractCycle = 0;

  const char* Tr(const char* msgid) const { return translator.Tr(msgid); }
};

class Screen {
 public:
  virtual ~Screen() = default;
  virtual void Draw(ui::Ui& ui) = 0;
  virtual void OnEnter() {}
  virtual void OnExit() {}
};

// The screen for an id (registry in screens.cpp).
std::unique_ptr<Screen> MakeScreen(ScreenId id, Context& context);
// What an idle kiosk shows: "touch the screen to start", in each language in turn.
std::unique_ptr<Screen> MakeAttractScreen(Context& context);

}  // namespace kiosk::screens
