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
  if (!preview) return Fail(preview.failure());
  m_preview = std::move(preview.value());
  SetStage(m_progress.cancel ? Stage::kCancelled : Stage::kPreview);
  {
    std::unique_lock lock(m_mutex);
    m_decided.wait(lock, [&] { return m_install || m_progress.cancel; });
    if (!m_install) return;  // cancelled at the preview
  }
  base::Result<packs::Installed> installed = packs::InstallPack(
      m_packPath, m_contentDir, m_trustDir, m_today, &m_progress, &m_preview.signature);
  if (!installed) return Fail(installed.failure());
  m_installed = std::move(installed.value());
  base::Log(base::LogLevel::kInfo, "USB import: installed %s version %llu from %s",
            m_installed.manifest.id.c_str(),
            static_cast<unsigned long long>(m_installed.manifest.version), m_packPath.c_str());
  SetStage(Stage::kInstalled);
}

void ImportJob::Fail(const base::Error& error) {
  m_error = error.message;
  m_environment = error.environment;
  m_why = static_cast<packs::Refusal>(error.reason);
  if (m_progress.cancel) return SetStage(Stage::kCancelled);
  // A refused pack is the pack's problem; a stick that cannot be read or a full disk, the kiosk's.
  base::Log(m_environment ? base::LogLevel::kError : base::LogLevel::kWarning, "USB import: %s",
            m_error.c_str());
  SetStage(Stage::kFailed);
}

bool ImportJob::TakeInstalled() {
  std::lock_guard lock(m_mutex);
  if (m_stage != Stage::kInstalled || m_taken) return false;
  m_taken = true;
  return true;
}

ExportJob::ExportJob(std::string stateDir, std::string mountPoint, std::string centre,
                     std::string today, std::function<void()> changed)
    : m_changed(std::move(changed)) {
  m_thread = std::thread([this, stateDir = std::move(stateDir), mountPoint = std::move(mountPoint),
                          centre = std::move(centre), today = std::move(today)] {
    base::Result<std::vector<std::string>> written =
        ExportCounts(stateDir, mountPoint, centre, today);
    if (!written) base::Log(base::LogLevel::kError, "export: %s", written.error().c_str());
    {
      std::lock_guard lock(m_mutex);
      m_written = std::move(written);
      m_done = true;
    }
    m_changed();
  });
}

ExportJob::~ExportJob() {
  m_thread.join();
}

bool ExportJob::Done() const {
  std::lock_guard lock(m_mutex);
  return m_done;
}

base::Result<std::vector<std::string>> ExportCounts(const std::string& stateDir,
                                                    const std::string& mountPoint,
                                                    const std::string& centre,
                                                    const std::string& today) {
  namespace fs = std::filesystem;
  base::Result<std::vector<stats::ExportRow>> rows = stats::ExportState(stateDir, centre, today);
  if (!rows) return rows.failure();
  const std::vector<stats::ExportRow>& exported = rows.value();
  base::Result<std::string> kiosk = stats::KioskId(stateDir);  // for the file's name
  if (!kiosk) return kiosk.failure();
  // A name any stick's file system takes (FAT forbids : * ? " < > | \ /): the centre's name
  // as typed, less those.
  std::string name = "kiosk-counts-";
  for (char c : centre) {
    if (std::string(":*?\"<>|\\/").find(c) == std::string::npos &&
        static_cast<unsigned char>(c) >= 0x20) {
      name += c;
    }
  }
  name += (centre.empty() ? "" : "-") + kiosk.value() + "-" + today;
  std::vector<std::string> written;
  for (const auto& [extension, text] :
       {std::pair<std::string, std::string>{".csv", stats::ToCsv(exported)},
        {".html", stats::ReportHtml(exported, today)}}) {
    const std::string path = (fs::path(mountPoint) / (name + extension)).string();
    base::Result<bool> ok = base::WriteAtomically(path, text);
    if (!ok) return ok.failure();
    written.push_back(name + extension);
  }
  return written;
}

}  // namespace kiosk::usb
