// Staff mode's Settings screen: how long the kiosk waits without a touch before it resets, which
// languages the home screen offers and which one each reset returns to, the volume, and the
// opening hours. Every choice is a tap (staff have no keyboard) and takes effect at once: the
// screen changes Context::settings and the app applies and keeps them after the frame. Reached
// from the staff screen. Main thread.
#include <algorithm>
#include <cstdio>

#include "screens/screens_internal.h"

namespace kiosk::screens {
namespace {

constexpr float kMarginMm = 5;
constexpr float kGapMm = 3;
constexpr float kRowMm = 14;   // a button's height: more than the 12 mm a finger needs
constexpr float kStepMm = 16;  // a - or + button's width
constexpr float kButtonMinMm = 24;
constexpr int kVolumeStep = 10;  // percent
constexpr int kHoursStep = 30;   // minutes
constexpr int kDay = 24 * 60;
constexpr std::pair<int, int> kFirstRange{8 * 60, 18 * 60};
constexpr const char* kMinus = "\u2212";  // a minus sign, as wide as the plus

// The idle times offered, in seconds, and how each reads.
struct IdleChoice {
  int seconds;
  const char* minutes;
};
constexpr IdleChoice kIdleChoices[] = {{60, "1"}, {90, "1.5"}, {120, "2"}, {180, "3"}, {300, "5"}};

// "08:30" for minutes of the day; "24:00" for the end of it.
std::string TimeOfDay(int minutes) {
  char text[32];  // room for any int, which the compiler cannot rule out
  std::snprintf(text, sizeof text, "%02d:%02d", minutes / 60, minutes % 60);
  return text;
}

// Places items left to right from `left`, on a new line where the next would pass `right`.
class Flow {
 public:
  Flow(float left, float right, float y, float height, float gap)
      : m_left(left), m_right(right), m_x(left), m_y(y), m_height(height), m_gap(gap) {}
  ImRect Next(float width) {
    width = std::min(width, m_right - m_left);
    if (m_x > m_left && m_x + width > m_right) {
      m_x = m_left;
      m_y += m_height + m_gap;
    }
    const ImRect r(m_x, m_y, m_x + width, m_y + m_height);
    m_x += width + m_gap;
    return r;
  }
  // Below the last line.
  float Bottom() const { return m_y + m_height; }

 private:
  float m_left, m_right, m_x, m_y, m_height, m_gap;
};

class StaffSettingsScreen final : public Screen {
 public:
  explicit StaffSettingsScreen(Context& context) : m_context(context) {}

  // Staff screens wait less than the usual idle time: the next visitor must not find them open.
  std::optional<base::Duration> IdleTimeout() const override { return kStaffIdle; }

  void Draw(ui::Ui& ui) override {
    const ImVec2 size = ui.Size();
    const float margin = ui.Mm(kMarginMm), gap = ui.Mm(kGapMm);
    m_left = margin;
    m_right = size.x - margin;
    const ImRect header = Header(ui, m_context, m_context.Tr("Settings"));
    const ImRect view(header.Min, ImVec2(size.x, size.y - margin));
    float y = view.Min.y + ui.BeginScroll("settings", view, m_height);
    const float top = y;
    Context::Settings& s = m_context.settings;
    if (!m_context.settingsProblem.empty()) {
      y += ui.Text(
          i18n::Fill(m_context.Tr("The settings could not be saved: {}"), m_context.settingsProblem)
              .c_str(),
          ImRect(m_left, y, m_right, size.y), ui::FontSize::kBody, ui::colors::kAccent);
      y += gap;
    }

    // Idle time.
    y = Title(ui, m_context.Tr("Back to the start after no touch for"), y);
    Flow idle = Row(ui, y);
    for (const IdleChoice& choice : kIdleChoices) {
      const std::string label = i18n::Fill(m_context.Tr("{} min"), choice.minutes);
      if (ui.Button(label.c_str(), idle.Next(ButtonWidth(ui, label.c_str())),
                    s.idleSeconds == choice.seconds)) {
        s.idleSeconds = choice.seconds;
        m_context.settingsChanged = true;
      }
    }
    y = idle.Bottom() + 2 * gap;

    // The languages offered, and the one each reset returns to.
    y = Title(ui, m_context.Tr("Languages the home screen offers (at least one)"), y);
    const std::vector<const i18n::Language*> available = m_context.translator.Available();
    const std::vector<const i18n::Language*> offered = m_context.Offered();
    Flow languages = Row(ui, y);
    for (const i18n::Language* language : available) {
      const bool on = std::find(offered.begin(), offered.end(), language) != offered.end();
      if (ui.Button(language->ownName, languages.Next(ButtonWidth(ui, language->ownName)), on)) {
        Toggle(available, offered, language);
      }
    }
    y = languages.Bottom() + 2 * gap;
    y = Title(ui, m_context.Tr("Language after each reset"), y);
    Flow reset = Row(ui, y);
    for (const i18n::Language* language : offered) {
      if (ui.Button(language->ownName, reset.Next(ButtonWidth(ui, language->ownName)),
                    s.lang == language->code)) {
        s.lang = language->code;
        m_context.settingsChanged = true;
      }
    }
    y = reset.Bottom() + 2 * gap;

    // Volume.
    y = Title(ui, m_context.Tr("Volume of videos and sounds"), y);
    Flow volume = Row(ui, y);
    const std::string percent = i18n::Fill(m_context.Tr("{} %"), std::to_string(s.volume));
    Stepper(ui, volume, percent, &s.volume, kVolumeStep, 0, 100);
    y = volume.Bottom() + 2 * gap;

    // Opening hours.
    y = Title(ui, m_context.Tr("Opening hours"), y);
    Flow mode = Row(ui, y);
    const char* always = m_context.Tr("Always open");
    const char* set = m_context.Tr("Set hours");
    if (ui.Button(always, mode.Next(ButtonWidth(ui, always)), s.hours.empty())) {
      s.hours.clear();
      m_context.settingsChanged = true;
    }
    if (ui.Button(set, mode.Next(ButtonWidth(ui, set)), !s.hours.empty()) && s.hours.empty()) {
      s.hours.push_back(kFirstRange);
      m_context.settingsChanged = true;
    }
    y = mode.Bottom() + gap;
    std::optional<std::size_t> remove;
    for (std::size_t i = 0; i < s.hours.size(); ++i) {
      Flow range = Row(ui, y);
      auto& [from, to] = s.hours[i];
      Stepper(ui, range, m_context.Tr("From"), TimeOfDay(from), &from, 0, kDay - kHoursStep, to);
      Stepper(ui, range, m_context.Tr("to"), TimeOfDay(to), &to, kHoursStep, kDay, from);
      const char* label = m_context.Tr("Remove");
      if (i > 0 && ui.Button(label, range.Next(ButtonWidth(ui, label)))) remove = i;
      y = range.Bottom() + gap;
    }
    if (remove) {  // after the loop: it walks the ranges
      s.hours.erase(s.hours.begin() + static_cast<std::ptrdiff_t>(*remove));
      m_context.settingsChanged = true;
    }
    const char* add = m_context.Tr("Add a second range");
    const bool one = s.hours.size() == 1;
    if (one && ui.Button(add, Row(ui, y).Next(ButtonWidth(ui, add)))) {
      // An hour after the first range ends, for two hours: staff move it from there.
      const int from = (s.hours[0].second + 60) % kDay;
      s.hours.emplace_back(from, std::min(from + 120, kDay));
      m_context.settingsChanged = true;
    }
    if (one) y += ui.Mm(kRowMm) + gap;
    ui.EndScroll();
    m_height = y - top + gap;
  }

 private:
  float Title(ui::Ui& ui, const char* text, float y) const {
    return y +
           ui.Text(text, ImRect(m_left, y, m_right, y + ui.Size().y), ui::FontSize::kBody,
                   ui::colors::kTextDim) +
           ui.Mm(1);
  }

  Flow Row(ui::Ui& ui, float y) const {
    return Flow(m_left, m_right, y, ui.Mm(kRowMm), ui.Mm(kGapMm));
  }

  // As wide as its label on one line, and never narrow.
  static float ButtonWidth(ui::Ui& ui, const char* label) {
    return std::max(ui.TextWidth(label, ui::FontSize::kBody) + ui.Mm(8), ui.Mm(kButtonMinMm));
  }

  // A value between a - and a + button, which move it by `step` within [least, most].
  void Stepper(ui::Ui& ui, Flow& flow, const std::string& value, int* number, int step, int least,
               int most) {
    const float width = std::max(ui.TextWidth(value.c_str(), ui::FontSize::kBody), ui.Mm(16));
    const ImRect r = flow.Next(2 * ui.Mm(kStepMm) + width + 2 * ui.Mm(kGapMm));
    Steps(ui, r, value, width, number, step, least, most, -1);
  }

  // The same for one end of a range of the opening hours, after its name ("From", "to"): it
  // skips `other`, the range's other end, since a range cannot be empty.
  void Stepper(ui::Ui& ui, Flow& flow, const char* name, const std::string& value, int* minutes,
               int least, int most, int other) {
    const float nameWidth = ui.TextWidth(name, ui::FontSize::kBody) + ui.Mm(2);
    const float width = std::max(ui.TextWidth("00:00", ui::FontSize::kBody), ui.Mm(16));
    const ImRect r = flow.Next(nameWidth + 2 * ui.Mm(kStepMm) + width + 2 * ui.Mm(kGapMm));
    const float textHeight = ui.TextHeight(name, nameWidth, ui::FontSize::kBody);
    ui.Text(name, ImRect(r.Min.x, r.GetCenter().y - textHeight / 2, r.Min.x + nameWidth, r.Max.y),
            ui::FontSize::kBody, ui::colors::kText);
    Steps(ui, ImRect(r.Min.x + nameWidth, r.Min.y, r.Max.x, r.Max.y), value, width, minutes,
          kHoursStep, least, most, other);
  }

  void Steps(ui::Ui& ui, const ImRect& r, const std::string& value, float width, int* number,
             int step, int least, int most, int other) {
    const float stepWidth = ui.Mm(kStepMm), gap = ui.Mm(kGapMm);
    const ImRect minus(r.Min.x, r.Min.y, r.Min.x + stepWidth, r.Max.y);
    const ImRect text(minus.Max.x + gap, r.Min.y, minus.Max.x + gap + width, r.Max.y);
    const ImRect plus(text.Max.x + gap, r.Min.y, text.Max.x + gap + stepWidth, r.Max.y);
    const float height = ui.TextHeight(value.c_str(), width, ui::FontSize::kBody);
    ui.Text(value.c_str(), ImRect(text.Min.x, text.GetCenter().y - height / 2, text.Max.x, r.Max.y),
            ui::FontSize::kBody, ui::colors::kAccent, ui::Align::kCenter);
    int direction = 0;
    if (ui.Button(kMinus, minus)) direction = -1;
    if (ui.Button("+", plus)) direction = 1;
    if (direction == 0) return;
    int next = *number + direction * step;
    if (next == other) next += direction * step;
    if (next < least || next > most) return;
    *number = next;
    m_context.settingsChanged = true;
  }

  // Turns a language on or off; the last one stays on, and the language of each reset moves to
  // another one when it goes.
  void Toggle(const std::vector<const i18n::Language*>& available,
              const std::vector<const i18n::Language*>& offered, const i18n::Language* language) {
    const bool on = std::find(offered.begin(), offered.end(), language) != offered.end();
    if (on && offered.size() == 1) return;
    Context::Settings& s = m_context.settings;
    s.languages.clear();
    for (const i18n::Language* l : available) {
      const bool wasOn = std::find(offered.begin(), offered.end(), l) != offered.end();
      if (l == language ? !on : wasOn) s.languages.push_back(l->code);
    }
    if (std::find(s.languages.begin(), s.languages.end(), s.lang) == s.languages.end()) {
      s.lang = s.languages.front();
    }
    m_context.settingsChanged = true;
  }

  Context& m_context;
  float m_left = 0, m_right = 0;  // this frame's margins
  float m_height = 0;             // the page, for its scroll
};

}  // namespace

std::unique_ptr<Screen> MakeStaffSettingsScreen(Context& context) {
  return std::make_unique<StaffSettingsScreen>(context);
}

}  // namespace kiosk::screens
