// Staff mode's USB stick screen: the content packs on the stick, each checked and shown as what it
// would change (items added, updated, removed; its size) before staff install it, with a progress
// bar and a Cancel button, then the result in plain words; and the usage counts copied onto the
// stick as a CSV and an HTML report. Reached from the staff screen, and by putting in a stick that
// holds packs. The jobs run on threads of their own and are kept in the Context, so that leaving
// the screen neither cancels nor waits for them; the screen draws on the main thread.
#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>

#include "screens/screens_internal.h"
#include "usb/usb.h"

namespace kiosk::screens {
namespace {

constexpr float kMarginMm = 5;
constexpr float kGapMm = 3;
constexpr float kButtonMm = 14;
// At a pack's preview staff may read a long list, or phone the publisher.
constexpr auto kPreviewIdle = std::chrono::minutes(3);

const char* KindName(const char* kind) {
  const std::string k = kind;
  if (k == "video") return i18n::N_("Video: {}");
  if (k == "leaflet") return i18n::N_("Leaflet: {}");
  if (k == "quiz") return i18n::N_("Quiz: {}");
  if (k == "survey") return i18n::N_("Survey: {}");
  if (k == "contest") return i18n::N_("Contest set: {}");
  return i18n::N_("Help page: {}");
}

// Why a pack was not installed, in plain words (the details line has the message, which names
// the file and the field).
const char* PlainReason(const usb::ImportJob& job) {
  using packs::Refusal;
  switch (job.Why()) {
    case Refusal::kUntrusted:
      return i18n::N_("The pack is not signed by a publisher this kiosk trusts.");
    case Refusal::kChanged:
      return i18n::N_(
          "The pack was changed after it was signed: it is damaged or was tampered with. Ask the "
          "publisher for a new copy.");
    case Refusal::kExpired:
      return i18n::N_("The pack has expired. Ask the publisher for a new one.");
    case Refusal::kNotNewer:
      return i18n::N_("This version is not newer than the one installed: there is nothing to do.");
    case Refusal::kOtherPublisher:
      return i18n::N_("A pack of this name came from another publisher: it cannot replace it.");
    case Refusal::kNoSpace:
      return i18n::N_("There is not enough free space on the kiosk.");
    case Refusal::kBadContent:
      return i18n::N_("The pack's content has mistakes the kiosk cannot show. Ask the publisher.");
    case Refusal::kNotPreviewed:
      return i18n::N_("The pack on the stick is not the one checked before. Check it again.");
    case Refusal::kNone:
    case Refusal::kCancelled:
      break;
  }
  if (job.NotAFile()) {
    return i18n::N_(
        "This is not a pack file: the kiosk reads only plain files on the stick, not links that "
        "lead off it, folders or special files.");
  }
  return job.EnvironmentError()
             ? i18n::N_(
                   "The kiosk could not read the stick, or could not write to its own disk "
                   "(full?). Try again; About lists the details.")
             : i18n::N_("The pack could not be read: the stick or the file may be damaged.");
}

class UsbScreen final : public Screen {
 public:
  explicit UsbScreen(Context& context) : m_context(context) {}

  void OnEnter() override {
    m_stick.clear();
    m_jobHeight = 0;
  }

  std::optional<base::Duration> IdleTimeout() const override {
    const usb::ImportJob* job = m_context.importJob.get();
    return job && job->GetStage() == usb::ImportJob::Stage::kPreview ? kPreviewIdle : kStaffIdle;
  }

  // A job still at work, or one whose last stage the screen has not drawn yet.
  bool Working() const override {
    const usb::ImportJob* job = m_context.importJob.get();
    const usb::ExportJob* copy = m_context.exportJob.get();
    // (The export's result shows on the list, which a pack's check covers.)
    return (job && (job->Busy() || job->GetStage() != m_drawnStage)) ||
           (copy && (!copy->Done() || (!m_exportShown && !job)));
  }

  void Draw(ui::Ui& ui) override {
    Follow();
    const ImVec2 size = ui.Size();
    const float margin = ui.Mm(kMarginMm), gap = ui.Mm(kGapMm);
    const float left = margin, right = size.x - margin;
    const ImRect header = Header(ui, m_context, m_context.Tr("USB stick"));
    if (m_context.importJob) {
      DrawJob(ui, ImRect(left, header.Min.y, right, size.y - margin));
      return;
    }
    const ImRect view(header.Min, ImVec2(size.x, size.y - margin));
    float y = view.Min.y + ui.BeginScroll("usb", view, m_height);
    const float top = y;
    auto line = [&](const std::string& text, ui::FontSize font, ImU32 color) {
      y += ui.Text(text.c_str(), ImRect(left, y, right, size.y), font, color) + gap;
    };
    const usb::ExportJob* copy = m_context.exportJob.get();
    if (m_stick.empty()) {
      // A stick pulled while its counts were being copied: they are not on it (a copy that ended
      // whole before says so, as it would have with the stick in).
      if (copy && m_exportPulled) {
        const bool copied = copy->Done() && copy->Written();
        m_exportShown = copy->Done();
        line(copied ? i18n::Fill(m_context.Tr("The counts are on the stick: {}"),
                                 Names(copy->Written().value()))
                    : std::string(m_context.Tr("The stick was taken out: the counts were not "
                                               "copied. Put it in again and copy them again.")),
             ui::FontSize::kTitle, ui::colors::kAccent);
      }
      line(m_context.Tr("No USB stick is in. Put one in to install content packs from it, or to "
                        "take the usage counts home on it."),
           ui::FontSize::kBody, ui::colors::kText);
      ui.EndScroll();
      m_height = y - top;
      return;
    }
    line(m_context.Tr("Content packs on the stick"), ui::FontSize::kTitle, ui::colors::kText);
    line(m_packs.empty()
             ? m_context.Tr("There are no content packs (.kpack files) on this stick.")
             : m_context.Tr("Tap a pack to see what it would change. Nothing is installed yet."),
         ui::FontSize::kBody, ui::colors::kTextDim);
    // Only the packs in view are drawn: a stick with 5,000 packs scrolls as one with 5 does.
    std::optional<std::string> open;
    const float pitch = ui.Mm(kButtonMm) + gap;
    const ui::Ui::Rows shown = ui.RowsInView(y, pitch, m_packs.size());
    for (std::size_t i = shown.first; i < shown.last; ++i) {
      const std::string& pack = m_packs[i];
      const float at = y + static_cast<float>(i) * pitch;
      const std::string& name = ShownName(ui, pack, right - left);
      if (ui.Button(name.c_str(), ImRect(left, at, right, at + ui.Mm(kButtonMm)))) open = pack;
    }
    y += static_cast<float>(m_packs.size()) * pitch;
    y += gap;
    line(m_context.Tr("Usage counts"), ui::FontSize::kTitle, ui::colors::kText);
    line(m_context.Tr("The counts of this kiosk, anonymous and by day, as a table (CSV) and a "
                      "report to open in any browser."),
         ui::FontSize::kBody, ui::colors::kTextDim);
    // Where the button was, when staff tapped it: the list does not move, so it shows there even
    // on a small screen scrolled down to the button.
    if (copy && copy->Done()) {
      m_exportShown = true;
      line(copy->Written() ? i18n::Fill(m_context.Tr("The counts are on the stick: {}"),
                                        Names(copy->Written().value()))
                           : i18n::Fill(m_context.Tr("The counts were not copied: {}"),
                                        copy->Written().error()),
           ui::FontSize::kBody, ui::colors::kAccent);
    }
    const bool copying = copy && !copy->Done();
    const char* label =
        copying ? m_context.Tr("Copying…") : m_context.Tr("Copy the counts to the stick");
    const float width =
        std::clamp(ui.TextWidth(label, ui::FontSize::kBody) + ui.Mm(8), ui.Mm(60), right - left);
    const bool copyTapped =
        ui.Button(label, ImRect(left, y, left + width, y + ui.Mm(kButtonMm))) && !copying;
    y += ui.Mm(kButtonMm) + gap;
    if (!copying) {
      line(m_context.Tr("Nothing is being read or written: you can take the stick out."),
           ui::FontSize::kBody, ui::colors::kTextDim);
    }
    ui.EndScroll();
    m_height = y - top;
    // What was tapped acts once the list is drawn; the next frame shows it.
    if (open) Check(*open);
    if (copyTapped) Export();
  }

 private:
  static std::string Names(const std::vector<std::string>& names) {
    std::string list;
    for (const std::string& name : names) list += (list.empty() ? "" : ", ") + name;
    return list;
  }

  // A pack's file name as its button shows it: cleaned of what would break the line (a newline,
  // bytes that are not UTF-8), and shortened in the middle to the button's width. Kept until the
  // list is read again.
  const std::string& ShownName(ui::Ui& ui, const std::string& pack, float width) {
    auto [it, added] = m_shownNames.try_emplace(pack);
    if (!added) return it->second;
    const std::string name = std::filesystem::path(pack).filename().string();
    constexpr std::size_t kMostChars = 64, kFewestChars = 12;
    std::string shown = usb::CleanName(name, kMostChars);
    for (std::size_t chars = kMostChars;
         chars > kFewestChars &&
         ui.TextWidth(shown.c_str(), ui::FontSize::kBody) > width - ui.Mm(8);
         chars -= 4) {
      shown = usb::CleanName(name, chars - 4);
    }
    return it->second = std::move(shown);
  }

  void ReadPacks() {
    m_packs = m_stick.empty() ? std::vector<std::string>() : usb::PacksOn(m_stick);
    m_shownNames.clear();
  }

  // The stick the screen shows: the first one in.
  void Follow() {
    const std::vector<std::string>& sticks = m_context.sticks;
    if (!m_stick.empty() && std::find(sticks.begin(), sticks.end(), m_stick) != sticks.end()) {
      return;
    }
    // Another stick, or none: what was said about the last one no longer holds, but for counts
    // that were being copied onto it (or failed to be): staff must know they are not on it.
    if (usb::ExportJob* copy = m_context.exportJob.get(); copy && !m_stick.empty()) {
      if (copy->MountPoint() == m_stick && !(copy->Done() && copy->Written())) {
        m_exportPulled = true;
      } else if (copy->Done()) {
        m_context.exportJob.reset();
        m_exportPulled = false;
      }
    }
    m_stick = sticks.empty() ? std::string() : sticks.front();
    ReadPacks();
  }

  void Check(const std::string& pack) {
    m_jobHeight = 0;
    m_drawnStage.reset();
    m_context.importJob = std::make_unique<usb::ImportJob>(
        pack, m_context.contentDir, m_context.trustDir, packs::Today(), m_context.wake);
  }

  void Export() {
    // The counts still in memory go to the database first: the export reads it.
    if (m_context.counter) {
      if (base::Result<bool> flushed = m_context.counter->Flush(); !flushed) {
        base::Log(base::LogLevel::kWarning, "export: today's newest counts are left out: %s",
                  flushed.error().c_str());
      }
    }
    m_exportShown = false;
    m_exportPulled = false;
    m_context.exportJob.reset();  // the last one is done: its result was shown
    m_context.exportJob = std::make_unique<usb::ExportJob>(
        m_context.stateDir, m_stick, m_context.centre, packs::Today(), m_context.wake);
  }

  // One pack: checking, its preview, the install's progress, the result. The text scrolls when
  // it is long (a small screen, a long list of changes); the buttons stay at the bottom.
  void DrawJob(ui::Ui& ui, const ImRect& area) {
    using Stage = usb::ImportJob::Stage;
    usb::ImportJob& job = *m_context.importJob;
    const Stage stage = job.GetStage();
    m_drawnStage = stage;
    const float gap = ui.Mm(kGapMm), left = area.Min.x, right = area.Max.x;
    const float buttonsTop = area.Max.y - ui.Mm(kButtonMm);
    const ImRect view(ImVec2(0, area.Min.y), ImVec2(ui.Size().x, buttonsTop - gap));
    float y = view.Min.y + ui.BeginScroll("usb-job", view, m_jobHeight);
    const float top = y;
    auto line = [&](const std::string& text, ui::FontSize font, ImU32 color) {
      y += ui.Text(text.c_str(), ImRect(left, y, right, y + view.GetHeight() * 8), font, color) +
           gap;
    };
    line(usb::CleanName(std::filesystem::path(job.PackPath()).filename().string(), 120),
         ui::FontSize::kBody, ui::colors::kTextDim);
    const bool saving = stage == Stage::kInstalling && job.Fraction() >= 1;
    switch (stage) {
      case Stage::kChecking:
        line(m_context.Tr("Checking the pack's signature and content…"), ui::FontSize::kTitle,
             ui::colors::kText);
        break;
      case Stage::kPreview:
        DrawPreview(job, line);
        break;
      case Stage::kInstalling: {
        line(saving ? m_context.Tr("Saving to the kiosk's disk…") : m_context.Tr("Installing…"),
             ui::FontSize::kTitle, ui::colors::kText);
        const float fraction = job.Fraction();
        const ImRect bar(left, y, right, y + ui.Mm(10));
        ui.Fill(bar, ui::colors::kPanel, 2);
        ui.Fill(ImRect(bar.Min, ImVec2(left + (right - left) * fraction, bar.Max.y)),
                ui::colors::kQuizzes, 2);
        y += ui.Mm(10) + gap;
        line(i18n::Fill(m_context.Tr("{} %"), std::to_string(static_cast<int>(fraction * 100))),
             ui::FontSize::kBody, ui::colors::kText);
        line(m_context.Tr("Do not take the stick out."), ui::FontSize::kBody, ui::colors::kAccent);
        break;
      }
      case Stage::kInstalled:
      case Stage::kFailed:
      case Stage::kCancelled:
        DrawResult(job, stage, line);
        break;
    }
    ui.EndScroll();
    m_jobHeight = y - top;

    // The buttons: Install and Cancel at the preview, Cancel while checking and copying, Done
    // after; none while the new version is being saved, when it can no longer be stopped.
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
      job.Install();
    } else if ((stage == Stage::kChecking || stage == Stage::kPreview ||
                (stage == Stage::kInstalling && !saving)) &&
               ui.Button(cancel, rightButton)) {
      job.Cancel();
    } else if (!job.Busy() && stage != Stage::kPreview && ui.Button(done, leftButton, true)) {
      m_context.importJob.reset();
      m_drawnStage.reset();
      m_jobHeight = 0;
      ReadPacks();
    }
  }

  template <class Line>
  void DrawResult(const usb::ImportJob& job, usb::ImportJob::Stage stage, const Line& line) {
    using Stage = usb::ImportJob::Stage;
    if (stage == Stage::kInstalled) {
      const packs::Manifest& m = job.Installed().manifest;
      line(i18n::Fill(
               m_context.Tr("Installed: {}"),
               m.id + " · " + i18n::Fill(m_context.Tr("version {}"), std::to_string(m.version))),
           ui::FontSize::kTitle, ui::colors::kText);
      line(m_context.Tr("The kiosk shows the new content now. If something is wrong with it, "
                        "Roll back on the staff screen brings the previous version back."),
           ui::FontSize::kBody, ui::colors::kText);
    } else if (job.Pulled()) {
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
      line(m_context.Tr(PlainReason(job)), ui::FontSize::kBody, ui::colors::kText);
      line(i18n::Fill(m_context.Tr("Details: {}"), job.Error()), ui::FontSize::kSmall,
           ui::colors::kTextDim);
    }
    if (!m_stick.empty()) {
      line(m_context.Tr("Nothing is being read or written: you can take the stick out."),
           ui::FontSize::kBody, ui::colors::kTextDim);
    }
  }

  // What installing would change: the pack, the version it replaces, its size, and its items.
  template <class Line>
  void DrawPreview(const usb::ImportJob& job, const Line& line) {
    const packs::Preview& p = job.GetPreview();
    line(p.manifest.id + " · " +
             i18n::Fill(m_context.Tr("version {}"), std::to_string(p.manifest.version)),
         ui::FontSize::kTitle, ui::colors::kText);
    line(p.manifest.publisher, ui::FontSize::kBody, ui::colors::kTextDim);
    line(p.installedVersion == 0 ? std::string(m_context.Tr("New on this kiosk."))
                                 : i18n::Fill(m_context.Tr("Replaces the installed {}."),
                                              i18n::Fill(m_context.Tr("version {}"),
                                                         std::to_string(p.installedVersion))),
         ui::FontSize::kBody, ui::colors::kText);
    line(i18n::Fill(m_context.Tr("Size: {}"), SizeText(static_cast<double>(p.bytes))),
         ui::FontSize::kBody, ui::colors::kText);
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
  std::string m_stick;                              // the stick shown, or empty
  std::vector<std::string> m_packs;                 // the packs on it
  std::map<std::string, std::string> m_shownNames;  // by path: ShownName()
  // The import job's stage drawn last, and whether the export's result was shown.
  std::optional<usb::ImportJob::Stage> m_drawnStage;
  bool m_exportShown = false;
  // The stick went while the counts were being copied onto it, or after the copy failed.
  bool m_exportPulled = false;
  float m_height = 0, m_jobHeight = 0;  // of the scrolled text
};

}  // namespace

std::unique_ptr<Screen> MakeStaffUsbScreen(Context& context) {
  return std::make_unique<UsbScreen>(context);
}

}  // namespace kiosk::screens
