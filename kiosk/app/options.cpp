// The kiosk's command line (ARCHITECTURE.md, command-line contract) and its config file. Main
// thread, before anything else.
//
// The config file holds one "key = value" a line, '#' comments; the command line wins over it:
//   content = /var/lib/kiosk/content
//   lang = zh_CN
//   size = 1920x1080
//   windowed = false
//   dpi = 169            # the panel's real density, when its EDID says nothing or lies
//   fallback.my = th     # Burmese strings not yet translated show in Thai, then English
//   idle = 90            # seconds without a touch before the attract loop and a full reset
//   hours = 08:00-12:00, 14:00-18:00   # opening hours, local time; outside them the screen is
//                                      # dark until a touch (none: always open)
//   centre = Mengla Women's Home       # named on the usage counts staff copy to a stick
//   trust = /etc/kiosk/trust           # the publishers' keys (*.pub) packs must be signed with
//   usb = /media, /run/media           # where USB sticks are mounted
#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>

#include "app/app.h"

namespace kiosk::app {
namespace {

#ifdef KIOSK_DEV_DEFAULTS
// A development build shows the repo's catalogs and the store its build installed.
constexpr const char* kContentDir = KIOSK_BUILD_DIR "/store";
constexpr const char* kStateDir = KIOSK_BUILD_DIR "/state";
constexpr const char* kLocalesDir = KIOSK_SOURCE_DIR "/locales";
constexpr const char* kSoundsDir = KIOSK_BUILD_DIR "/sounds";
constexpr const char* kTrustDir = KIOSK_BUILD_DIR "/trust";
#else
constexpr const char* kContentDir = "/var/lib/kiosk/content";
constexpr const char* kStateDir = "/var/lib/kiosk/state";
constexpr const char* kLocalesDir = "/usr/share/kiosk/locales";
constexpr const char* kSoundsDir = "/usr/share/kiosk/sounds";
constexpr const char* kTrustDir = "/etc/kiosk/trust";
#endif

// "1920x1080" → width and height; false when malformed or outside what a screen can be.
bool ParseSize(const std::string& text, int* width, int* height) {
  std::smatch match;
  if (!std::regex_match(text, match, std::regex(R"((\d{2,5})x(\d{2,5}))"))) return false;
  *width = std::stoi(match[1]);
  *height = std::stoi(match[2]);
  return *width >= 320 && *height >= 240 && *width <= 16384 && *height <= 16384;
}

bool ParseBool(const std::string& text, bool* value) {
  if (text == "true" || text == "yes" || text == "1") {
    *value = true;
  } else if (text == "false" || text == "no" || text == "0") {
    *value = false;
  } else {
    return false;
  }
  return true;
}

std::string Trim(const std::string& text) {
  const size_t begin = text.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(" \t\r") - begin + 1);
}

// Applies the config file's settings that the command line did not give. Returns every problem,
// each as "FILE:LINE: reason".
std::vector<std::string> ReadConfig(const std::string& path, const CLI::App& cli, Options* o) {
  std::vector<std::string> problems;
  std::ifstream in(path);
  if (!in) return {path + ": cannot be read"};
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const std::string where = path + ":" + std::to_string(number) + ": ";
    line = Trim(line.substr(0, line.find('#')));
    if (line.empty()) continue;
    const size_t equals = line.find('=');
    if (equals == std::string::npos) {
      problems.push_back(where + "expected 'key = value'");
      continue;
    }
    const std::string key = Trim(line.substr(0, equals));
    const std::string value = Trim(line.substr(equals + 1));
    if (cli.get_option_no_throw("--" + key) && cli.count("--" + key) > 0) {
      continue;  // the command line wins
    }
    if (key == "content") {
      o->contentDir = value;
    } else if (key == "state") {
      o->stateDir = value;
    } else if (key == "lang") {
      o->lang = value;
    } else if (key == "size") {
      if (!ParseSize(value, &o->width, &o->height)) {
        problems.push_back(where + "size: '" + value + "' is not WIDTHxHEIGHT, e.g. 1920x1080");
      }
    } else if (key == "idle") {
      char* end = nullptr;
      const long seconds = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || seconds < 10 || seconds > 3600) {
        problems.push_back(where + "idle: '" + value +
                           "' is not a number of seconds from 10 to 3600");
      } else {
        o->idleSeconds = static_cast<int>(seconds);
      }
    } else if (key == "hours") {
      base::Result<OpeningHours> hours = OpeningHours::Parse(value);
      if (hours) {
        o->hours = hours.value();
      } else {
        problems.push_back(where + "hours: " + hours.error());
      }
    } else if (key == "dpi") {
      char* end = nullptr;
      o->dpi = std::strtof(value.c_str(), &end);
      if (value.empty() || *end != '\0' || !(o->dpi >= 50 && o->dpi <= 600)) {
        problems.push_back(where + "dpi: '" + value + "' is not a number from 50 to 600");
      }
    } else if (key.rfind("fallback.", 0) == 0) {
      const std::string code = key.substr(sizeof("fallback.") - 1);
      std::vector<std::string> chain;
      std::istringstream words(value);
      for (std::string word; words >> word;) chain.push_back(word);
      bool known = i18n::FindLanguage(code) != nullptr && !chain.empty();
      for (const std::string& c : chain) known = known && i18n::FindLanguage(c) != nullptr;
      if (!known) {
        problems.push_back(where + key + ": '" + value +
                           "' is not a list of language codes for a known language");
      }
      o->fallbacks[code] = chain;
    } else if (key == "trust") {
      o->trustDir = value;
    } else if (key == "centre") {
      o->centre = value;
    } else if (key == "usb") {
      o->usbRoots.clear();
      std::istringstream roots(value);
      for (std::string root; std::getline(roots, root, ',');) {
        root = Trim(root);
        if (root.empty() || root[0] != '/') {
          problems.push_back(where + "usb: '" + root + "' is not an absolute folder");
        } else {
          o->usbRoots.push_back(root);
        }
      }
    } else if (key == "windowed") {
      if (!ParseBool(value, &o->windowed)) {
        problems.push_back(where + "windowed: '" + value + "' is not true or false");
      }
    } else {
      problems.push_back(
          where + "unknown setting '" + key +
          "' (known: content, state, lang, size, windowed, dpi, idle, hours, centre, trust, usb, "
          "fallback.<code>)");
    }
  }
  return problems;
}

}  // namespace

std::variant<Options, int> ParseOptions(int argc, char** argv) {
  Options o;
  o.contentDir = kContentDir;
  o.stateDir = kStateDir;
  o.localesDir = kLocalesDir;
  o.soundsDir = kSoundsDir;
  o.trustDir = kTrustDir;
  std::string size;

  CLI::App cli("Women's Home kiosk: videos, quizzes, contests and help for a touchscreen.",
               "kiosk");
  cli.add_option("--content", o.contentDir, "Store of installed content packs")
      ->capture_default_str();
  cli.add_option("--state", o.stateDir, "Folder for usage counts and settings")
      ->capture_default_str();
  cli.add_option("--config", o.configFile, "Settings file (key = value lines)");
  cli.add_option("--lang", o.lang, "Language to start in, e.g. en, zh_CN")->capture_default_str();
  cli.add_flag("--windowed", o.windowed, "A window instead of the whole screen");
  cli.add_option("--size", size, "Window size WIDTHxHEIGHT (windowed or headless)");
  cli.add_flag("--headless", o.headless, "No display: draw off screen with the software renderer");
  cli.add_option("--script", o.script, "Run a UI script (tap, expect-text, screenshot...)");
  cli.add_option("--screenshots", o.screenshotsDir, "Folder for the script's screenshots");
  try {
    cli.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::fputs(cli.help().c_str(), stdout);
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "kiosk: %s\n\n%s", e.what(), cli.help().c_str());
    return kExitUsage;
  }
  if (!size.empty() && !ParseSize(size, &o.width, &o.height)) {
    std::fprintf(stderr, "kiosk: --size %s: expected WIDTHxHEIGHT, e.g. 1920x1080\n\n%s",
                 size.c_str(), cli.help().c_str());
    return kExitUsage;
  }
  if (!o.configFile.empty()) {
    std::vector<std::string> problems = ReadConfig(o.configFile, cli, &o);
    for (const std::string& p : problems) std::fprintf(stderr, "kiosk: %s\n", p.c_str());
    if (!problems.empty()) return kExitBadInput;
  }
  if (!i18n::FindLanguage(o.lang)) {
    std::string known;
    for (const i18n::Language& l : i18n::KnownLanguages()) known += std::string(" ") + l.code;
    std::fprintf(stderr, "kiosk: --lang %s: unknown language (known:%s)\n", o.lang.c_str(),
                 known.c_str());
    return kExitUsage;
  }
  return o;
}

}  // namespace kiosk::app
