// What staff do with a stick: install a pack from it (on the job's own thread, with a preview
// first, progress and cancel), and write the usage counts onto it.
#include <filesystem>

#include "stats/stats.h"
#include "usb/usb.h"

namespace kiosk::usb {

ImportJob::ImportJob(std::string packPath, std::string contentDir, std::string trustDir,
                     std::string today, std::function<void()> changed)
    : m_packPath(std::move(packPath)),
      m_contentDir(std::move(contentDir)),
      m_trustDir(std::move(trustDir)),
      m_today(std::move(today)),
      m_changed(std::move(changed)) {
  m_progress.changed = m_changed;
  m_thread = std::thread([this] { Run(); });
}

ImportJob::~ImportJob() {
  Cancel();
  m_thread.join();
}

ImportJob::Stage ImportJob::GetStage() const {
  std::lock_guard lock(m_mutex);
  return m_stage;
}

float ImportJob::Fraction() const {
  const std::uint64_t total = m_progress.total;
  return total == 0 ? 0.0f
                    : static_cast<float>(static_cast<double>(m_progress.done) /
                                         static_cast<double>(total));
}

void ImportJob::Install() {
  std::lock_guard lock(m_mutex);
  if (m_stage != Stage::kPreview) return;
  m_install = true;
  m_stage = Stage::kInstalling;
  m_decided.notify_all();
}

void ImportJob::Cancel() {
  std::lock_guard lock(m_mutex);
  m_progress.cancel = true;
  if (m_stage == Stage::kPreview) m_stage = Stage::kCancelled;
  m_decided.notify_all();
}

void ImportJob::SetStage(Stage stage) {
  {
    std::lock_guard lock(m_mutex);
    m_stage = stage;
  }
  m_changed();
}

void ImportJob::Run() {
  base::Result<packs::Preview> preview =
      packs::PreviewPack(m_packPath, m_contentDir, m_trustDir, m_today);
  if (!preview) {
    m_error = preview.error();
    return SetStage(m_progress.cancel ? Stage::kCancelled : Stage::kFailed);
  }
  m_preview = std::move(preview.value());
  {
    std::unique_lock lock(m_mutex);
    if (m_progress.cancel) {
      m_stage = Stage::kCancelled;
    } else {
      m_stage = Stage::kPreview;
    }
  }
  m_changed();
  {
    std::unique_lock lock(m_mutex);
    m_decided.wait(lock, [&] { return m_install || m_progress.cancel; });
    if (!m_install) return;  // cancelled at the preview
  }
  base::Result<packs::Installed> installed =
      packs::InstallPack(m_packPath, m_contentDir, m_trustDir, m_today, &m_progress);
  if (installed) {
    m_installed = std::move(installed.value());
    return SetStage(Stage::kInstalled);
  }
  m_error = installed.error();
  SetStage(m_progress.cancel ? Stage::kCancelled : Stage::kFailed);
}

base::Result<std::vector<std::string>> ExportCounts(const std::string& stateDir,
                                                    const std::string& mountPoint,
                                                    const std::string& centre,
                                                    const std::string& today) {
  namespace fs = std::filesystem;
  base::Result<std::vector<stats::Row>> rows = stats::ReadCounts(stateDir);
  if (!rows) return base::Error{rows.error(), rows.environmentError()};
  base::Result<std::string> kiosk = stats::KioskId(stateDir);
  if (!kiosk) return base::Error{kiosk.error(), kiosk.environmentError()};
  const std::vector<stats::ExportRow> exported =
      stats::ExportRows(rows.value(), centre, kiosk.value(), today);
  // A name any stick's file system takes (FAT forbids : * ? " < > | \ /): the centre's name
  // as typed, less those.
  std::string name = "kiosk-counts-";
  for (char c : centre) {
    if (std::string(":*?\"<>|\\/").find(c) == std::string::npos && c >= 0x20) name += c;
  }
  name += (centre.empty() ? "" : "-") + kiosk.value() + "-" + today;
  std::vector<std::string> written;
  for (const auto& [extension, text] :
       {std::pair<std::string, std::string>{".csv", stats::ToCsv(exported)},
        {".html", stats::ReportHtml(exported, today)}}) {
    const std::string path = (fs::path(mountPoint) / (name + extension)).string();
    base::Result<bool> ok = base::WriteAtomically(path, text);
    if (!ok) return base::Error{ok.error(), ok.environmentError()};
    written.push_back(name + extension);
  }
  return written;
}

}  // namespace kiosk::usb
