// Staff mode's about screen: what a technician on the phone asks first. The kiosk's version, the
// free space where content packs and the usage counts are kept, the kiosk's id (the one its
// exports carry), how many packs are installed, why usage counts are not being saved (a full
// disk: the home screen's red band again, and how many uses wait in memory), and the warnings and
// errors logged since the kiosk started, newest first. Read when the screen is entered; drawing
// reads only the lines that made. Main thread.
#include <sys/statvfs.h>

#include "screens/screens_internal.h"

namespace kiosk::screens {
namespace {

constexpr float kMarginMm = 5;
constexpr float kGapMm = 3;

// The space free for an ordinary process in the folder's file system, in plain words (SizeText).
// Empty when the folder cannot be looked at (missing, unreadable).
std::string FreeSpace(const std::string& folder) {
  struct statvfs fs {};
  if (folder.empty() || statvfs(folder.c_str(), &fs) != 0) return {};
  return SizeText(static_cast<double>(fs.f_bavail) * static_cast<double>(fs.f_frsize));
}

class StaffAboutScreen final : public Screen {
 public:
  explicit StaffAboutScreen(Context& context) : m_context(context) {}

  void OnEnter() override { Read(); }

  std::optional<base::Duration> IdleTimeout() const override { return kStaffIdle; }

  void Draw(ui::Ui& ui) override {
    if (m_readIn != &m_context.translator.Current()) Read();
    const ImVec2 size = ui.Size();
    const float margin = ui.Mm(kMarginMm), gap = ui.Mm(kGapMm);
    const float left = margin, right = size.x - margin;
    const ImRect view = Header(ui, m_context, m_context.Tr("About this kiosk"));
    float y = view.Min.y + ui.BeginScroll("about", view, m_height);
    const float top = y;
    if (!m_countsTrouble.empty()) {
      // The same red band as on the home screen: counts that are not being written.
      const float pad = ui.Mm(2);
      const float height =
          ui.TextHeight(m_countsTrouble.c_str(), right - left - 2 * pad, ui::FontSize::kBody) +
          2 * pad;
      ui.Fill(ImRect(left, y, right, y + height), ui::colors::kWarning, 2);
      ui.Text(m_countsTrouble.c_str(), ImRect(left + pad, y + pad, right - pad, y + height),
              ui::FontSize::kBody, ui::colors::kText);
      y += height + gap;
    }
    for (const Fact& fact : m_facts) {
      y += ui.Text(fact.line.c_str(), ImRect(left, y, right, y + ui.Mm(40)), ui::FontSize::kBody,
                   ui::colors::kText);
      if (!fact.detail.empty()) {
        y += ui.Text(fact.detail.c_str(), ImRect(left, y, right, y + ui.Mm(40)),
                     ui::FontSize::kSmall, ui::colors::kTextDim);
      }
      y += gap;
    }
    y += gap;
    y += ui.Text(m_context.Tr("Recent problems, newest first"),
                 ImRect(left, y, right, y + ui.Mm(40)), ui::FontSize::kTitle, ui::colors::kText) +
         gap;
    if (m_problems.empty()) {
      y +=
          ui.Text(m_context.Tr("None since the kiosk started."),
                  ImRect(left, y, right, y + ui.Mm(40)), ui::FontSize::kBody, ui::colors::kTextDim);
    }
    for (const Problem& problem : m_problems) {
      y +=
          ui.Text(problem.when.c_str(), ImRect(left, y, right, y + ui.Mm(40)), ui::FontSize::kSmall,
                  problem.error ? ui::colors::kAccent : ui::colors::kTextDim);
      y += ui.Text(problem.text.c_str(), ImRect(left, y, right, y + ui.Mm(40)),
                   ui::FontSize::kSmall, ui::colors::kText) +
           gap;
    }
    ui.EndScroll();
    m_height = y - top + margin;
  }

 private:
  struct Fact {
    std::string line, detail;  // "Kiosk id: ...", and a path under it
  };
  struct Problem {
    std::string when;  // local date and time, and "Error" or "Warning"
    std::string text;  // as logged, in English
    bool error;
  };

  void Read() {
    m_readIn = &m_context.translator.Current();
    auto fill = [this](const char* msgid, const std::string& arg) {
      return i18n::Fill(m_context.Tr(msgid), arg);
    };
    auto space = [&](const std::string& folder) {
      const std::string free = FreeSpace(folder);
      return free.empty() ? std::string(m_context.Tr("unknown")) : free;
    };
    base::Result<std::string> id = stats::KioskId(m_context.stateDir);
    std::vector<std::string> damaged;
    const std::size_t installed = packs::ListPacks(m_context.contentDir, &damaged).size();
    m_facts = {
        {fill(i18n::N_("Kiosk version: {}"), KIOSK_VERSION), ""},
        {fill(i18n::N_("Kiosk id: {}"), id ? id.value() : std::string(m_context.Tr("unknown"))),
         id ? "" : id.error()},
        {fill(i18n::N_("Installed packs: {}"), std::to_string(installed)),
         damaged.empty() ? ""
                         : fill(i18n::N_("Damaged packs: {}"), std::to_string(damaged.size()))},
        {fill(i18n::N_("Free space for content packs: {}"), space(m_context.contentDir)),
         m_context.contentDir},
        {fill(i18n::N_("Free space for usage counts and settings: {}"), space(m_context.stateDir)),
         m_context.stateDir},
    };
    m_countsTrouble.clear();
    for (const Context::Notice& notice : m_context.staffNotices) {
      if (!notice.counts) continue;
      m_countsTrouble = fill(notice.msgid, notice.arg);
      if (m_context.counter) {
        m_facts.insert(m_facts.begin() + 2, {fill(i18n::N_("Uses counted and not yet saved: {}"),
                                                  std::to_string(m_context.counter->Unsaved())),
                                             ""});
      }
    }
    m_problems.clear();
    for (const base::LogLine& line : base::RecentProblems()) {
      const bool error = line.level == base::LogLevel::kError;
      m_problems.push_back({base::LocalText(line.time, "%Y-%m-%d %H:%M:%S") + "  " +
                                m_context.Tr(error ? i18n::N_("Error") : i18n::N_("Warning")),
                            line.text, error});
    }
  }

  Context& m_context;
  std::vector<Fact> m_facts;
  std::vector<Problem> m_problems;  // newest first
  std::string m_countsTrouble;      // why usage counts are not being written, translated; or ""
  const i18n::Language* m_readIn = nullptr;
  float m_height = 0;
};

}  // namespace

std::unique_ptr<Screen> MakeStaffAboutScreen(Context& context) {
  return std::make_unique<StaffAboutScreen>(context);
}

}  // namespace kiosk::screens
