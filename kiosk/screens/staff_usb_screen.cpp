// Staff mode's USB stick screen: the content packs on the stick, each checked and shown as what it
// would change (items added, updated, removed; its size) before staff install it, with a progress
// bar and a Cancel button, then the result in plain words; and the usage counts copied onto the
// stick as a CSV and an HTML report. Reached from the staff screen, and by putting in a stick that
// holds packs. The install runs on an ImportJob's thread; the screen draws on the main thread.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "screens/screens_internal.h"
#include "usb/usb.h"

namespace kiosk::screens {
namespace {

constexpr float kMarginMm = 5;
constexpr float kGapMm = 3;
constexpr float kButtonMm = 14;

// "2.8 MB": one decimal below 10, none above.
std::string Megabytes(std::uint64_t bytes) {
  const double mb = static_cast<double>(bytes) / 1e6;
  char text[32];
  std::snprintf(text, sizeof text, mb < 10 ? "%.1f" : "%.0f", mb);
  return text;
}

const char* KindName(const char* kind) {
  const std::string k = kind;
  if (k == "video") return i18n::N_("Video: {}");
  if (k == "quiz") return i18n::N_("Quiz: {}");
  if (k == "survey") return i18n::N_("Survey: {}");
  if (k == "contest") return i18n::N_("Contest set: {}");
  return i18n::N_("Help page: {}");
}

// Why a pack was not installed, in plain words, from the packs module's message (which names
// the file and field, for the log and the details line).
const char* PlainReason(const std::string& error) {
  auto has = [&](const char* part) { return error.find(part) != std::string::npos; };
  if (has("cancelled")) return i18n::N_("The install was cancelled.");
  if (has("not among the trusted keys") || has("no trusted keys")) {
    return i18n::N_("The pack is not signed by a publisher this kiosk trusts.");
  }
  if (has("the file was changed") || has("changed after signing") || has("is not the manifest's") ||
      has("not in the manifest")) {
    return i18n::N_(
        "The pack was changed after it was signed: it is damaged or was tampered "
        "with. Ask the publisher for a new copy.");
  }
  if (has("expired")) return i18n::N_("The pack has expired. Ask the publisher for a new one.");
  if (has("is not newer")) {
    return i18n::N_("This version is not newer than the one installed: there is nothing to do.");
  }
  if (has("another publisher")) {
    return i18n::N_("A pack of this name came from another publisher: it cannot replace it.");
  }
  if (has("free space")) return i18n::N_("There is not enough free space on the kiosk.");
  if (has("would not load")) {
    return i18n::N_("The pack's content has mistakes the kiosk cannot show. Ask the publisher.");
  }
  return i18n::N_("The pack could not be read: the stick or the file may be damaged.");
}

class UsbScreen final : public Screen {
 public:
  explicit UsbScreen(Context& context) : m_context(context) {}

  void OnEnter() override {
    m_job.reset();
    m_message.clear();
    m_stick.clear();
  }
  void OnExit() override { m_job.reset(); }

  // While a pack is checked or installed (Working()), the app counts that as use.
  std::optional<base::Duration> IdleTimeout() const override { return kStaffIdle; }

  bool Working() const override { return m_job && m_job->Busy(); }

  void Draw(ui::Ui& ui) override {
    Follow();
    const ImVec2 size = ui.Size();
    const float margin = ui.Mm(kMarginMm), gap = ui.Mm(kGapMm);
    const float left = margin, right = size.x - margin;
    const ImRect header = Header(ui, m_context, m_context.Tr("USB stick"));
    float y = header.Min.y;
    if (m_job) {
      DrawJob(ui, ImRect(left, y, right, size.y - margin));
      return;
    }
    const ImRect view(header.Min, ImVec2(size.x, size.y - margin));
    y = view.Min.y + ui.BeginScroll("usb", view, m_height);
    const float top = y;
    auto line = [&](const std::string& text, ui::FontSize font, ImU32 color) {
      y += ui.Text(text.c_str(), ImRect(left, y, right, size.y), font, color) + gap;
    };
    if (!m_message.empty()) line(m_message, ui::FontSize::kBody, ui::colors::kAccent);
    if (m_stick.empty()) {
      line(m_context.Tr("No USB stick is in. Put one in to install content packs from it, or to "
                        "take the usage counts home on it."),
           ui::FontSize::kBody, ui::colors::kText);
    } else {
      line(m_context.Tr("Content packs on the stick"), ui::FontSize::kTitle, ui::colors::kText);
      line(m_packs.empty()
               ? m_context.Tr("There are no content packs (.kpack files) on this stick.")
               : m_context.Tr("Tap a pack to see what it would change. Nothing is installed yet."),
           ui::FontSize::kBody, ui::colors::kTextDim);
      std::optional<std::string> open;
      for (const std::string& pack : m_packs) {
        const std::string name = std::filesystem::path(pack).filename().string();
        if (ui.Button(name.c_str(), ImRect(left, y, right, y + ui.Mm(kButtonMm)))) open = pack;
        y += ui.Mm(kButtonMm) + gap;
      }
      y += gap;
      line(m_context.Tr("Usage counts"), ui::FontSize::kTitle, ui::colors::kText);
      line(m_context.Tr("The counts of this kiosk, anonymous and by day, as a table (CSV) and a "
                        "report to open in any browser."),
           ui::FontSize::kBody, ui::colors::kTextDim);
      const char* copy = m_context.Tr("Copy the counts to the stick");
      const float copyWidth =
          std::clamp(ui.TextWidth(copy, ui::FontSize::kBody) + ui.Mm(8), ui.Mm(60), right - left);
      const bool copyTapped =
          ui.Button(copy, ImRect(left, y, left + copyWidth, y + ui.Mm(kButtonMm)));
      y += ui.Mm(kButtonMm) + gap;
      line(m_context.Tr("Nothing is being read or written: you can take the stick out."),
           ui::FontSize::kBody, ui::colors::kTextDim);
      // What was tapped acts once the list is drawn; the next frame shows it.
      if (open) Check(*open);
      if (copyTapped) Export();
    }
    ui.EndScroll();
    m_height = y - top;
  }

 private:
  // The stick the screen shows: the first one in. A stick taken out cancels what used it.
  void Follow() {
    const std::vector<std::string>& sticks = m_context.sticks;
    const bool stillIn =
        !m_stick.empty() && std::find(sticks.begin(), sticks.end(), m_stick) != sticks.end();
    if (!stillIn) {
      if (!m_stick.empty()) {
        if (m_job && (m_job->Busy() || m_job->GetStage() == usb::ImportJob::Stage::kPreview)) {
          m_job->Cancel();
          m_pulled = true;
        } else if (!m_job) {
          m_message.clear();
        }
      }
      m_stick = sticks.empty() ? std::string() : sticks.front();
      m_packs = m_stick.empty() ? std::vector<std::string>() : usb::PacksOn(m_stick);
    }
  }

  void Check(const std::string& pack) {
    m_message.clear();
    m_pulled = false;
    m_job = std::make_unique<usb::ImportJob>(pack, m_context.contentDir, m_context.trustDir,
                                             packs::Today(), m_context.wake);
  }

  void Export() {
    // The counts still in memory go to the database first: the export reads it.
    if (m_context.counter) (void)m_context.counter->Flush();
    base::Result<std::vector<std::string>> written =
        usb::ExportCounts(m_context.stateDir, m_stick, m_context.centre, packs::Today());
    if (written) {
      std::string names;
      for (const std::string& name : written.value()) names += (names.empty() ? "" : ", ") + name;
      m_message = i18n::Fill(m_context.Tr("The counts are on the stick: {}"), names);
    } else {
      m_message = i18n::Fill(m_context.Tr("The counts were not copied: {}"), written.error());
      base::Log(base::LogLevel::kError, "export to %s: %s", m_stick.c_str(),
                written.error().c_str());
    }
  }

  // One pack: checking, its preview, the install's progress, the result. The text scrolls when
  // it is long (a small screen, a long list of changes); the buttons stay at the bottom.
  void DrawJob(ui::Ui& ui, const ImRect& area) {
    using Stage = usb::ImportJob::Stage;
    const Stage stage = m_job->GetStage();
    const float gap = ui.Mm(kGapMm), left = area.Min.x, right = area.Max.x;
    const float buttonsTop = area.Max.y - ui.Mm(kButtonMm);
    const ImRect view(ImVec2(0, area.Min.y), ImVec2(ui.Size().x, buttonsTop - gap));
    float y = view.Min.y + ui.BeginScroll("usb-job", view, m_jobHeight);
    const float top = y;
    auto line = [&](const std::string& text, ui::FontSize font, ImU32 color) {
      y += ui.Text(text.c_str(), ImRect(left, y, right, y + view.GetHeight() * 8), font, color) +
           gap;
    };
    line(std::filesystem::path(m_job->PackPath()).filename().string(), ui::FontSize::kBody,
         ui::colors::kTextDim);
    switch (stage) {
      case Stage::kChecking:
        line(m_context.Tr("Checking the pack's signature and content…"), ui::FontSize::kTitle,
             ui::colors::kText);
        break;
      case Stage::kPreview:
        DrawPreview(line);
        break;
      case Stage::kInstalling: {
        line(m_context.Tr("Installing…"), ui::FontSize::kTitle, ui::colors::kText);
        const float fraction = m_job->Fraction();
        const ImRect bar(left, y, right, y + ui.Mm(10));
        ui.Fill(bar, ui::colors::kPanel, 2);
        ui.Fill(ImRect(bar.Min, ImVec2(left + (right - left) * fraction, bar.Max.y)),
                ui::colors::kQuizzes, 2);
        y += ui.Mm(10) + gap;
        line(std::to_string(static_cast<int>(fraction * 100)) + " %", ui::FontSize::kBody,
             ui::colors::kText);
        line(m_context.Tr("Do not take the stick out."), ui::FontSize::kBody, ui::colors::kAccent);
        break;
      }
      case Stage::kInstalled:
      case Stage::kFailed:
      case Stage::kCancelled:
        if (!m_told) {
          m_told = true;
          if (stage == Stage::kInstalled) m_context.reloadContent = true;
          if (stage == Stage::kFailed) {
            base::Log(base::LogLevel::kError, "USB import: %s", m_job->Error().c_str());
          }
        }
        DrawResult(stage, line);
        break;
    }
    ui.EndScroll();
    m_jobHeight = y - top;

    // The buttons: Install and Cancel at the preview, Cancel while installing, Done after.
    const char* install = m_context.Tr("Install");
    const char* cancel = m_context.Tr("Cancel");
    const char* done = m_context.Tr("Done");
    float widest = 0;
    for (const char* label : {install, cancel, done}) {
      widest = std::max(widest, ui.TextWidth(label, ui::FontSize::kBody));
    }
    const float buttonWidth = std::clamp(widest + ui.Mm(8), ui.Mm(45), (right - left - gap) / 2);
    const ImRect leftButton(left, buttonsTop, left + buttonWidth, area.Max.y);
    const ImRect rightButton(right - buttonWidth, buttonsTop, right, area.Max.y);
    if (stage == Stage::kPreview && ui.Button(install, leftButton, true)) {
      m_job->Install();
    } else if ((stage == Stage::kPreview || stage == Stage::kInstalling) &&
               ui.Button(cancel, rightButton)) {
      m_job->Cancel();
    } else if (!m_job->Busy() && stage != Stage::kPreview && ui.Button(done, leftButton, true)) {
      m_job.reset();
      m_told = false;
      m_jobHeight = 0;
      m_packs = m_stick.empty() ? std::vector<std::string>() : usb::PacksOn(m_stick);
    }
  }

  template <class Line>
  void DrawResult(usb::ImportJob::Stage stage, const Line& line) {
    using Stage = usb::ImportJob::Stage;
    if (stage == Stage::kInstalled) {
      const packs::Manifest& m = m_job->Installed().manifest;
      line(i18n::Fill(
               m_context.Tr("Installed: {}"),
               m.id + " · " + i18n::Fill(m_context.Tr("version {}"), std::to_string(m.version))),
           ui::FontSize::kTitle, ui::colors::kText);
      line(m_context.Tr("The kiosk shows the new content now. If something is wrong with it, "
                        "Roll back on the staff screen brings the previous version back."),
           ui::FontSize::kBody, ui::colors::kText);
    } else if (m_pulled) {
      line(m_context.Tr("The stick was taken out before the pack was installed."),
           ui::FontSize::kTitle, ui::colors::kAccent);
      line(m_context.Tr("Nothing was changed: the kiosk shows what it showed before. Put the "
                        "stick in again to install the pack."),
           ui::FontSize::kBody, ui::colors::kText);
    } else if (stage == Stage::kCancelled) {
      line(m_context.Tr("Cancelled. Nothing was changed."), ui::FontSize::kTitle,
           ui::colors::kText);
    } else {
      line(m_context.Tr("This pack was not installed. Nothing was changed."), ui::FontSize::kTitle,
           ui::colors::kAccent);
      line(m_context.Tr(PlainReason(m_job->Error())), ui::FontSize::kBody, ui::colors::kText);
      line(i18n::Fill(m_context.Tr("Details: {}"), m_job->Error()), ui::FontSize::kSmall,
           ui::colors::kTextDim);
    }
    if (m_stick.empty() || !m_pulled) {
      line(m_context.Tr("Nothing is being read or written: you can take the stick out."),
           ui::FontSize::kBody, ui::colors::kTextDim);
    }
  }

  // What installing would change: the pack, the version it replaces, its size, and its items.
  template <class Line>
  void DrawPreview(const Line& line) {
    const packs::Preview& p = m_job->GetPreview();
    line(p.manifest.id + " · " +
             i18n::Fill(m_context.Tr("version {}"), std::to_string(p.manifest.version)),
         ui::FontSize::kTitle, ui::colors::kText);
    line(p.manifest.publisher, ui::FontSize::kBody, ui::colors::kTextDim);
    line(p.installedVersion == 0 ? std::string(m_context.Tr("New on this kiosk."))
                                 : i18n::Fill(m_context.Tr("Replaces the installed {}."),
                                              i18n::Fill(m_context.Tr("version {}"),
                                                         std::to_string(p.installedVersion))),
         ui::FontSize::kBody, ui::colors::kText);
    line(i18n::Fill(m_context.Tr("Size: {} MB"), Megabytes(p.bytes)), ui::FontSize::kBody,
         ui::colors::kText);
    auto list = [&](const char* heading, const std::vector<packs::Preview::Item>& items) {
      if (items.empty()) return;
      line(i18n::Fill(m_context.Tr(heading), std::to_string(items.size())), ui::FontSize::kBody,
           ui::colors::kAccent);
      for (const packs::Preview::Item& item : items) {
        line(i18n::Fill(m_context.Tr(KindName(item.kind)), m_context.translator.Pick(item.title)),
             ui::FontSize::kBody, ui::colors::kText);
      }
    };
    list(i18n::N_("New: {}"), p.added);
    list(i18n::N_("Updated: {}"), p.updated);
    list(i18n::N_("Removed: {}"), p.removed);
    if (p.added.empty() && p.updated.empty() && p.removed.empty()) {
      line(m_context.Tr("No item changes; only the pack's version does."), ui::FontSize::kBody,
           ui::colors::kTextDim);
    }
  }

  Context& m_context;
  std::string m_stick;               // the stick shown, or empty
  std::vector<std::string> m_packs;  // the packs on it
  std::unique_ptr<usb::ImportJob> m_job;
  bool m_told = false;                  // the job's result was logged
  bool m_pulled = false;                // the stick went while the job used it
  std::string m_message;                // what the last export did
  float m_height = 0, m_jobHeight = 0;  // of the scrolled text
};

}  // namespace

std::unique_ptr<Screen> MakeStaffUsbScreen(Context& context) {
  return std::make_unique<UsbScreen>(context);
}

}  // namespace kiosk::screens
