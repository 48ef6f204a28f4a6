// The kiosk's command line (ARCHITECTURE.md, command-line contract), its config file, and the
// settings staff change on the Settings screen (STATE/settings.conf). Main thread: at start, and
// when staff change a setting.
//
// The config file holds one "key = value" a line, '#' comments. The settings file has the same
// form and a few of the same keys (kSettingKeys), read by the same code; it wins over the config
// file, and the command line wins over both:
//   content = /var/lib/kiosk/content
//   lang = zh_CN
//   size = 1920x1080
//   windowed = false
//   dpi = 169            # the panel's real density, when its EDID says nothing or lies
//   fallback.my = th     # Burmese strings not yet translated show in Thai, then English
//   idle = 90            # seconds without a touch before the attract loop and a full reset
//   languages = en zh_CN my   # the languages the home screen offers (none: every one)
//   volume = 80          # percent, of videos, narration and the kiosk's own sounds
//   hours = 08:00-12:00, 14:00-18:00   # opening hours, local time; outside them the screen is
//                                      # dark until a touch (none: always open)
//   centre = Mengla Women's Home       # named on the usage counts staff copy to a stick
//   trust = /etc/kiosk/trusted         # the publishers' keys (*.pub) packs must be signed with
//   usb = /media, /run/media           # where USB sticks are mounted
//   backlight = auto     # off in closed hours: auto (the PC's own), off (never touched), or a
//                        # folder such as /sys/class/backlight/intel_backlight
//   renderer = auto      # auto (accelerated on a real GPU, software on llvmpipe and the like),
//                        # software, or accelerated
// An installed kiosk reads /etc/kiosk/kiosk.conf when --config names no other file.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <functional>
#include <regex>
#include <set>
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
constexpr const char* kConfigFile = "";
#else
constexpr const char* kContentDir = "/var/lib/kiosk/content";
constexpr const char* kStateDir = "/var/lib/kiosk/state";
constexpr const char* kLocalesDir = "/usr/share/kiosk/locales";
constexpr const char* kSoundsDir = "/usr/share/kiosk/sounds";
constexpr const char* kTrustDir = "/etc/kiosk/trusted";
constexpr const char* kConfigFile = "/etc/kiosk/kiosk.conf";
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

// The keys of STATE/settings.conf: what staff may change on the Settings screen.
constexpr const char* kSettingKeys[] = {"idle", "lang", "languages", "volume", "hours"};

// A whole number from `least` to `most`; false (and no change) when the text is anything else.
bool ParseInt(const std::string& text, long least, long most, int* value) {
  char* end = nullptr;
  const long number = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || number < least || number > most) return false;
  *value = static_cast<int>(number);
  return true;
}

std::string Join(const std::vector<std::string>& words) {
  std::string text;
  for (const std::string& word : words) text += (text.empty() ? "" : " ") + word;
  return text;
}

std::string Trim(const std::string& text) {
  const size_t begin = text.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(" \t\r") - begin + 1);
}

// Applies a file of "key = value" lines to `o`: every key but those the command line gave
// (`given`), and only kSettingKeys when `settingsOnly`. Returns every problem, each as
// "FILE:LINE: key: reason".
std::vector<std::string> ReadKeyValues(const std::string& path,
                                       const std::function<bool(const std::string&)>& given,
                                       bool settingsOnly, Options* o) {
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
    if (given(key)) continue;  // the command line wins
    const bool setting =
        std::find_if(std::begin(kSettingKeys), std::end(kSettingKeys),
                     [&](const char* k) { return key == k; }) != std::end(kSettingKeys);
    if (settingsOnly && !setting) {
      problems.push_back(where + "'" + key +
                         "' is not a setting of this file (known: idle, lang, languages, volume, "
                         "hours)");
    } else if (key == "content") {
      o->contentDir = value;
    } else if (key == "state") {
      o->stateDir = value;
    } else if (key == "lang") {
      if (i18n::FindLanguage(value)) {
        o->lang = value;
      } else {
        problems.push_back(where + "lang: '" + value + "' is not a known language code");
      }
    } else if (key == "size") {
      if (!ParseSize(value, &o->width, &o->height)) {
        problems.push_back(where + "size: '" + value + "' is not WIDTHxHEIGHT, e.g. 1920x1080");
      }
    } else if (key == "idle") {
      if (!ParseInt(value, 10, 3600, &o->idleSeconds)) {
        problems.push_back(where + "idle: '" + value +
                           "' is not a number of seconds from 10 to 3600");
      }
    } else if (key == "volume") {
      if (!ParseInt(value, 0, 100, &o->volume)) {
        problems.push_back(where + "volume: '" + value + "' is not a percentage from 0 to 100");
      }
    } else if (key == "languages") {
      std::vector<std::string> codes;
      std::istringstream words(value);
      for (std::string word; words >> word;) codes.push_back(word);
      const bool known = !codes.empty() && std::all_of(codes.begin(), codes.end(), [](auto& c) {
        return i18n::FindLanguage(c) != nullptr;
      });
      if (known) {
        o->languages = codes;
      } else {
        problems.push_back(where + "languages: '" + value + "' is not a list of language codes");
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
    } else if (key == "backlight") {
      if (value == "auto" || value == "off" || (!value.empty() && value[0] == '/')) {
        o->backlight = value;
      } else {
        problems.push_back(where + "backlight: '" + value +
                           "' is not auto, off or a folder such as "
                           "/sys/class/backlight/intel_backlight");
      }
    } else if (key == "renderer") {
      if (value == "auto") {
        o->renderer = platform::RendererSetting::kAuto;
      } else if (value == "software") {
        o->renderer = platform::RendererSetting::kSoftware;
      } else if (value == "accelerated") {
        o->renderer = platform::RendererSetting::kAccelerated;
      } else {
        problems.push_back(where + "renderer: '" + value +
                           "' is not auto, software or accelerated");
      }
    } else if (key == "windowed") {
      if (!ParseBool(value, &o->windowed)) {
        problems.push_back(where + "windowed: '" + value + "' is not true or false");
      }
    } else {
      problems.push_back(where + "unknown setting '" + key +
                         "' (known: content, state, lang, size, windowed, dpi, idle, hours, "
                         "languages, volume, centre, trust, usb, backlight, renderer, "
                         "fallback.<code>)");
    }
  }
  // The language of each idle reset is one the home screen offers.
  if (problems.empty() && !o->languages.empty() &&
      std::find(o->languages.begin(), o->languages.end(), o->lang) == o->languages.end()) {
    problems.push_back(path + ": lang: '" + o->lang + "' is not one of the languages offered (" +
                       Join(o->languages) + ")");
  }
  return problems;
}

std::string SettingsPath(const Options& options) {
  return options.stateDir + "/settings.conf";
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
  cli.add_option("--config", o.configFile, "Settings file (key = value lines)")
      ->default_str(kConfigFile);
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
  auto given = [&cli](const std::string& key) {
    return cli.get_option_no_throw("--" + key) && cli.count("--" + key) > 0;
  };
  // The installed kiosk's own config file is read where it is (a missing one: the defaults); a
  // file named on the command line must be there.
  if (o.configFile.empty() && *kConfigFile && std::ifstream(kConfigFile))
    o.configFile = kConfigFile;
  if (!o.configFile.empty()) {
    std::vector<std::string> problems = ReadKeyValues(o.configFile, given, false, &o);
    for (const std::string& p : problems) std::fprintf(stderr, "kiosk: %s\n", p.c_str());
    if (!problems.empty()) return kExitBadInput;
  }
  std::set<std::string> keep;
  for (const char* key : kSettingKeys) {
    if (given(key)) keep.insert(key);
  }
  (void)ReadSettings(&o, keep);
  if (!i18n::FindLanguage(o.lang)) {
    std::string known;
    for (const i18n::Language& l : i18n::KnownLanguages()) known += std::string(" ") + l.code;
    std::fprintf(stderr, "kiosk: --lang %s: unknown language (known:%s)\n", o.lang.c_str(),
                 known.c_str());
    return kExitUsage;
  }
  return o;
}

std::vector<std::string> ReadSettings(Options* options, const std::set<std::string>& given) {
  const std::string path = SettingsPath(*options);
  if (!std::ifstream(path)) return {};  // staff changed nothing yet
  Options read = *options;
  std::vector<std::string> problems = ReadKeyValues(
      path, [&given](const std::string& key) { return given.count(key) > 0; }, true, &read);
  if (problems.empty()) {
    *options = std::move(read);
    return {};
  }
  for (const std::string& p : problems) base::Log(base::LogLevel::kError, "%s", p.c_str());
  base::Log(base::LogLevel::kError, "%s is left out: the kiosk starts with the config's settings",
            path.c_str());
  return problems;
}

base::Result<bool> WriteSettings(const Options& options) {
  std::ostringstream text;
  text << "# What staff set on the kiosk's Settings screen; it wins over the config file.\n"
       << "idle = " << options.idleSeconds << "\n"
       << (options.languages.empty() ? "" : "languages = " + Join(options.languages) + "\n")
       << "lang = " << options.lang << "\n"
       << "volume = " << options.volume << "\n"
       << "hours = " << options.hours.Text() << "\n";
  return base::WriteAtomically(SettingsPath(options), text.str());
}

}  // namespace kiosk::app
