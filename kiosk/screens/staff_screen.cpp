// Staff mode: the PIN pad (choosing the PIN in the kiosk's first session after a start, checking
// it after), and the staff screen: the way to the other staff screens (USB stick, settings, usage,
// about), the installed packs with a roll back to the previous version, leaving staff mode, and
// closing the kiosk, which only staff can do. Reached by holding a finger 5 s on the home screen's
// top right corner. Main thread.
#include <algorithm>
#include <cstdio>
#include <iterator>
#include <set>
#include <utility>

#include "screens/screens_internal.h"

namespace kiosk::screens {
namespace {

constexpr float kMarginMm = 5;
constexpr float kGapMm = 3;
constexpr float kKeyMm = 17;       // a key's height
constexpr float kKeyWidthMm = 26;  // and width, at least
constexpr float kButtonMm = 16;
constexpr float kPageButtonMm = 14;  // the buttons to the other staff screens

// The staff screens the staff screen leads to.
constexpr std::pair<const char*, ScreenId> kPages[] = {
    {i18n::N_("USB stick"), ScreenId::kStaffUsb},
    {i18n::N_("Settings"), ScreenId::kStaffSettings},
    {i18n::N_("Usage"), ScreenId::kStaffUsage},
    {i18n::N_("About"), ScreenId::kStaffAbout},
};

class PinScreen final : public Screen {
 public:
  explicit PinScreen(Context& context) : m_context(context) {}

  void OnEnter() override {
    m_entry.clear();
    m_first.clear();
    m_message = nullptr;
    m_messageArg.clear();
  }

  // Staff screens wait less than the usual idle time: the next visitor must not find them open.
  std::optional<base::Duration> IdleTimeout() const override { return kStaffIdle; }

  void Draw(ui::Ui& ui) override {
    const ImVec2 size = ui.Size();
    const float gap = ui.Mm(kGapMm);
    staff::Pin* pin = m_context.pin;
    using State = staff::Pin::State;
    const State state = pin ? pin->GetState() : State::kUnreadable;
    const bool choosing = state == State::kNotSet && m_context.pinChoosable;
    const char* title =
        state == State::kUnreadable ? i18n::N_("Staff mode is not available: see the log.")
        : state == State::kSet && m_context.stickAsked
            ? i18n::N_("A USB stick with content packs: enter the staff PIN")
        : state == State::kSet ? i18n::N_("Staff PIN")
        : !choosing ? i18n::N_("No staff PIN is set yet: restart the kiosk and choose one at once.")
        : m_first.empty() ? i18n::N_("Choose a staff PIN: 4 to 8 digits")
                          : i18n::N_("Enter the same PIN again");
    const ImRect view = Header(ui, m_context, m_context.Tr(title), ui::FontSize::kBody);
    if (state == State::kUnreadable || (state == State::kNotSet && !choosing)) return;
    // A locked pad says so as it opens.
    if (state == State::kSet && pin->LockedUntil() > m_context.clock.Wall()) {
      Say(i18n::N_("Too many wrong PINs. Try again at {}."),
          base::LocalText(pin->LockedUntil(), "%H:%M"));
    }
    // The digits so far, as dots, and what the last try said.
    // Keys as wide as their longest label on one line needs ("Delete" in Burmese), and the pad
    // no wider than the screen.
    const char* erase = m_context.Tr("Delete");
    const char* ok = m_context.Tr("OK");
    const float keyWidth =
        std::max({ui.Mm(kKeyWidthMm), ui.TextWidth(erase, ui::FontSize::kBody) + ui.Mm(6),
                  ui.TextWidth(ok, ui::FontSize::kBody) + ui.Mm(6)});
    const float pad = std::min(3 * keyWidth + 2 * gap, size.x - 2 * ui.Mm(kMarginMm));
    const float left = (size.x - pad) / 2;
    float y = view.Min.y;
    std::string dots;
    for (std::size_t i = 0; i < m_entry.size(); ++i) dots += i ? " ●" : "●";
    ui.Text(dots.c_str(), ImRect(left, y, left + pad, y + ui.Mm(10)), ui::FontSize::kTitle,
            ui::colors::kAccent, ui::Align::kCenter);
    y += ui.Mm(10);
    if (m_message) {
      const std::string message = i18n::Fill(m_context.Tr(m_message), m_messageArg);
      y += ui.Text(message.c_str(), ImRect(ui.Mm(kMarginMm), y, size.x - ui.Mm(kMarginMm), size.y),
                   ui::FontSize::kBody, ui::colors::kAccent, ui::Align::kCenter);
    }
    y += gap;
    // The keys: 1-9, then Delete, 0, OK.
    const float key = (pad - 2 * gap) / 3;
    const float keyHeight = std::min(ui.Mm(kKeyMm), (size.y - y - ui.Mm(kMarginMm)) / 4 - gap);
    const char* labels[12] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", erase, "0", ok};
    for (int i = 0; i < 12; ++i) {
      const float x = left + static_cast<float>(i % 3) * (key + gap);
      const float ky = y + static_cast<float>(i / 3) * (keyHeight + gap);
      if (!ui.Button(labels[i], ImRect(x, ky, x + key, ky + keyHeight), i == 11)) continue;
      if (i == 9) {
        if (!m_entry.empty()) m_entry.pop_back();
      } else if (i == 11) {
        Submit(*pin, choosing);
      } else if (m_entry.size() < 8) {
        m_entry += labels[i];
      }
    }
  }

 private:
  void Say(const char* msgid, std::string arg = {}) {
    m_message = msgid;
    m_messageArg = std::move(arg);
  }

  void Submit(staff::Pin& pin, bool choosing) {
    const std::string entry = std::exchange(m_entry, {});
    if (choosing) {
      if (entry.size() < 4) return Say(i18n::N_("Choose a staff PIN: 4 to 8 digits"));
      if (m_first.empty()) {
        m_first = entry;
        m_message = nullptr;
        return;
      }
      if (entry != std::exchange(m_first, {})) {
        return Say(i18n::N_("The two PINs differ. Start again."));
      }
      base::Result<bool> set = pin.Set(entry);
      if (!set) {
        base::Log(base::LogLevel::kError, "staff PIN: %s", set.error().c_str());
        return Say(i18n::N_("The PIN could not be saved: {}"), set.error());
      }
      return Enter();
    }
    if (entry.size() < 4) return;  // too short to be a PIN: not a try
    switch (pin.Try(entry, m_context.clock.Wall())) {
      case staff::Pin::Outcome::kRight:
        return Enter();
      case staff::Pin::Outcome::kWrong:
        if (pin.LockedUntil() > m_context.clock.Wall()) break;
        return Say(i18n::N_("Wrong PIN. Tries left: {}"), std::to_string(pin.TriesLeft()));
      case staff::Pin::Outcome::kLocked:
        break;
    }
    Say(i18n::N_("Too many wrong PINs. Try again at {}."),
        base::LocalText(pin.LockedUntil(), "%H:%M"));
  }

  // Into staff mode: the PIN pad leaves the way back, so Back from staff mode goes home; and on
  // to the USB screen when a stick with packs asked for staff.
  void Enter() {
    m_context.router.Back();
    m_context.router.Go(ScreenId::kStaff);
    if (std::exchange(m_context.stickAsked, false)) m_context.router.Go(ScreenId::kStaffUsb);
  }

  Context& m_context;
  std::string m_entry;              // digits typed so far
  std::string m_first;              // choosing: the PIN typed the first time
  const char* m_message = nullptr;  // msgid
  std::string m_messageArg;
};

class StaffScreen final : public Screen {
 public:
  explicit StaffScreen(Context& context) : m_context(context) {}

  void OnEnter() override {
    ReadPacks();
    m_result.clear();
    m_rolledBack.clear();
  }

  std::optional<base::Duration> IdleTimeout() const override { return kStaffIdle; }

  void Draw(ui::Ui& ui) override {
    // After the app has read the packs again (a roll back, an install from a stick), their items
    // are listed anew; and in another language, the lines are made again in it.
    if (m_readFor != m_context.contentGeneration || m_readIn != &m_context.translator.Current()) {
      ReadPacks();
    }
    const ImVec2 size = ui.Size();
    const float margin = ui.Mm(kMarginMm), gap = ui.Mm(kGapMm);
    const float left = margin, right = size.x - margin;
    const ImRect header = Header(ui, m_context, m_context.Tr("Staff"));
    // Leaving staff mode and closing the kiosk, always in view at the bottom.
    const float bottom = size.y - margin - ui.Mm(kButtonMm);
    // Each as wide as its label on one line, up to half the screen.
    auto widthOf = [&](const char* label) {
      return std::clamp(ui.TextWidth(label, ui::FontSize::kBody) + ui.Mm(8), ui.Mm(60),
                        (right - left - gap) / 2);
    };
    const char* leave = m_context.Tr("Leave staff mode");
    const char* close = m_context.Tr("Close the kiosk");
    if (ui.Button(leave, ImRect(left, bottom, left + widthOf(leave), size.y - margin), true)) {
      m_context.router.Go(ScreenId::kHome);
    }
    if (ui.Button(close, ImRect(right - widthOf(close), bottom, right, size.y - margin))) {
      m_context.quit = true;
    }
    // The other staff screens, a row of buttons under the header: each as wide as its label on
    // one line, up to its share of the row, and all as tall as the tallest label needs (a
    // Burmese label that still wraps).
    const float count = static_cast<float>(std::size(kPages));
    const float share = (right - left - gap * (count - 1)) / count;
    float pageWidths[std::size(kPages)];
    float pageHeight = ui.Mm(kPageButtonMm);
    for (std::size_t i = 0; i < std::size(kPages); ++i) {
      const char* label = m_context.Tr(kPages[i].first);
      pageWidths[i] =
          std::clamp(ui.TextWidth(label, ui::FontSize::kBody) + ui.Mm(8), ui.Mm(45), share);
      pageHeight =
          std::max(pageHeight,
                   ui.TextHeight(label, pageWidths[i] - ui.Mm(4), ui::FontSize::kBody) + ui.Mm(2));
    }
    float x = left;
    for (std::size_t i = 0; i < std::size(kPages); ++i) {
      const ImRect r(x, header.Min.y, x + pageWidths[i], header.Min.y + pageHeight);
      if (ui.Button(m_context.Tr(kPages[i].first), r)) m_context.router.Go(kPages[i].second);
      x += pageWidths[i] + gap;
    }
    const ImRect view(ImVec2(header.Min.x, header.Min.y + pageHeight + gap),
                      ImVec2(size.x, bottom - gap));
    float y = view.Min.y + ui.BeginScroll("staff", view, m_height);
    const float top = y;
    y += ui.Text(m_context.Tr("Installed packs"), ImRect(left, y, right, size.y),
                 ui::FontSize::kTitle, ui::colors::kText);
    y += gap;
    if (!m_result.empty()) {
      y += ui.Text(m_result.c_str(), ImRect(left, y, right, size.y), ui::FontSize::kBody,
                   ui::colors::kAccent);
      y += gap;
    }
    const float buttonWidth = ui.Mm(45);
    std::optional<std::string> rollBack;  // after the loop: it lists the packs anew
    for (const PackLine& pack : m_packs) {
      // Once per pack and visit: a second tap would swap the versions back.
      const bool canRollBack = pack.canRollBack && !m_rolledBack.count(pack.id);
      const float textRight = right - (canRollBack ? buttonWidth + gap : 0);
      float height =
          ui.Text(pack.line.c_str(), ImRect(left, y, textRight, size.y), ui::FontSize::kBody,
                  pack.damaged ? ui::colors::kAccent : ui::colors::kText);
      if (!pack.items.empty()) {
        height += ui.Text(pack.items.c_str(), ImRect(left, y + height, textRight, size.y),
                          ui::FontSize::kSmall, ui::colors::kTextDim);
      }
      if (canRollBack &&
          ui.Button(m_context.Tr("Roll back"),
                    ImRect(right - buttonWidth, y, right, y + std::max(height, ui.Mm(14))))) {
        rollBack = pack.id;
      }
      y += std::max(height, canRollBack ? ui.Mm(14) : 0.0f) + gap;
    }
    ui.EndScroll();
    if (rollBack) RollBack(*rollBack);
    m_height = y - top;
  }

 private:
  struct PackLine {
    std::string id, line, items;
    bool canRollBack = false;
    bool damaged = false;
  };

  // The store as it is on disk: each pack's id, version, publisher, expiry and items.
  void ReadPacks() {
    m_readIn = &m_context.translator.Current();
    m_readFor = m_context.contentGeneration;
    m_packs.clear();
    std::vector<std::string> damaged;
    for (const packs::Installed& p : packs::ListPacks(m_context.contentDir, &damaged)) {
      const packs::Manifest& m = p.manifest;
      std::string items;
      for (const Context::Pack& loaded : m_context.packs) {
        if (loaded.id != m.id) continue;
        const packs::Content& c = loaded.content;
        const std::size_t videos = c.videos.size(), quizzes = c.quizzes.size(),
                          surveys = c.surveys.size(), contests = c.contests.size();
        items =
            i18n::Fill(m_context.TrN("{} video", "{} videos", videos), std::to_string(videos)) +
            ", " +
            i18n::Fill(m_context.TrN("{} quiz", "{} quizzes", quizzes), std::to_string(quizzes)) +
            ", " +
            i18n::Fill(m_context.TrN("{} survey", "{} surveys", surveys), std::to_string(surveys)) +
            ", " +
            i18n::Fill(m_context.TrN("{} contest set", "{} contest sets", contests),
                       std::to_string(contests));
      }
      m_packs.push_back(
          {m.id,
           m.id + " · " + i18n::Fill(m_context.Tr("version {}"), std::to_string(m.version)) +
               " · " + m.publisher + " · " + i18n::Fill(m_context.Tr("expires {}"), m.expires),
           items, p.hasPrevious, false});
    }
    for (const std::string& d : damaged) m_packs.push_back({"", d, "", false, true});
  }

  void RollBack(const std::string& id) {
    m_rolledBack.insert(id);
    base::Result<packs::Installed> back = packs::Rollback(id, m_context.contentDir);
    if (back) {
      m_result = i18n::Fill(m_context.Tr("Rolled back: {}"),
                            id + " · " +
                                i18n::Fill(m_context.Tr("version {}"),
                                           std::to_string(back.value().manifest.version)));
      m_context.reloadContent = true;
    } else {
      m_result = i18n::Fill(m_context.Tr("Not rolled back: {}"), back.error());
      base::Log(base::LogLevel::kError, "roll back %s: %s", id.c_str(), back.error().c_str());
    }
    ReadPacks();
  }

  Context& m_context;
  std::vector<PackLine> m_packs;
  std::string m_result;                // what the last roll back did
  int m_readFor = -1;                  // the Context::contentGeneration the lines were made from
  std::set<std::string> m_rolledBack;  // this visit
  const i18n::Language* m_readIn = nullptr;  // the language the lines were made in
  float m_height = 0;
};

}  // namespace

std::unique_ptr<Screen> MakeStaffPinScreen(Context& context) {
  return std::make_unique<PinScreen>(context);
}

std::unique_ptr<Screen> MakeStaffScreen(Context& context) {
  return std::make_unique<StaffScreen>(context);
}

}  // namespace kiosk::screens
