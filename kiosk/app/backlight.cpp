// The panel's backlight, off in closed hours: cage 0.1.4 cannot switch an output off (it has no
// output power protocol), so the kiosk does it through the kernel's backlight class
// (Documentation/ABI/stable/sysfs-class-backlight): bl_power 4 (FB_BLANK_POWERDOWN) is off and 0
// on; a backlight without bl_power is dimmed to brightness 0 and given back its brightness. A
// udev rule lets the kiosk group write both. Main thread, at the opening and closing only.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "app/app.h"

namespace kiosk::app {
namespace {

namespace fs = std::filesystem;

std::string ReadValue(const fs::path& file) {
  std::ifstream in(file);
  std::string value;
  in >> value;
  return value;
}

// Writes `value` into a sysfs attribute; the reason when the kernel or the permissions refuse.
base::Result<bool> WriteValue(const fs::path& file, const std::string& value) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return base::Error{file.string() + ": " + std::strerror(errno)};
  const ssize_t written = ::write(fd, value.data(), value.size());
  const int error = errno;
  ::close(fd);
  if (written != static_cast<ssize_t>(value.size())) {
    return base::Error{file.string() + ": " + std::strerror(written < 0 ? error : EIO)};
  }
  return true;
}

}  // namespace

std::unique_ptr<Backlight> Backlight::Open(const std::string& setting, bool headless) {
  fs::path folder;
  std::error_code error;
  if (setting == "off") return nullptr;
  if (setting == "auto") {
    // A test or a developer's headless run must not darken the machine it runs on.
    if (headless) return nullptr;
    for (const fs::directory_entry& entry : fs::directory_iterator("/sys/class/backlight", error)) {
      if (folder.empty() || entry.path() < folder) folder = entry.path();
    }
    if (folder.empty()) {
      base::Log(base::LogLevel::kInfo,
                "backlight: none in /sys/class/backlight; closed hours show a dark screen");
      return nullptr;
    }
  } else {
    folder = setting;
  }
  const bool power = fs::exists(folder / "bl_power", error);
  if (!power && !fs::exists(folder / "brightness", error)) {
    base::Log(base::LogLevel::kError, "backlight: %s has neither bl_power nor brightness",
              folder.c_str());
    return nullptr;
  }
  base::Log(base::LogLevel::kInfo, "backlight: %s, off in closed hours by %s", folder.c_str(),
            power ? "bl_power" : "brightness");
  return std::unique_ptr<Backlight>(new Backlight(folder.string(), power));
}

void Backlight::SetOn(bool on) {
  const fs::path folder = m_folder;
  base::Result<bool> written = true;
  if (m_power) {
    written = WriteValue(folder / "bl_power", on ? "0" : "4");
  } else if (!on) {
    const std::string now = ReadValue(folder / "brightness");
    if (!now.empty() && now != "0") m_brightness = now;
    written = WriteValue(folder / "brightness", "0");
  } else {
    std::string value = m_brightness;
    // Dark since before this start (a power cut in closed hours): full brightness.
    if (value.empty() && ReadValue(folder / "brightness") == "0") {
      value = ReadValue(folder / "max_brightness");
    }
    if (!value.empty()) written = WriteValue(folder / "brightness", value);
  }
  if (!written) {
    base::Log(base::LogLevel::kError, "backlight: cannot switch it %s: %s", on ? "on" : "off",
              written.error().c_str());
  }
}

}  // namespace kiosk::app
