// The registry of screens and the router. Main thread.
#include "screens/screens_internal.h"

namespace kiosk::screens {

const Feature (&Features())[4] {
  static const Feature kFeatures[4] = {
      {ScreenId::kVideos, i18n::N_("Videos"), ui::colors::kVideos, ui::Icon::kPlay},
      {ScreenId::kQuizzes, i18n::N_("Quizzes"), ui::colors::kQuizzes, ui::Icon::kQuiz},
      {ScreenId::kContest, i18n::N_("Contest"), ui::colors::kContest, ui::Icon::kStar},
      {ScreenId::kHelp, i18n::N_("Help"), ui::colors::kHelp, ui::Icon::kHelp},
  };
  return kFeatures;
}

const Feature& FeatureFor(ScreenId id) {
  for (const Feature& feature : Features()) {
    if (feature.id == id) return feature;
  }
  IM_ASSERT(false && "FeatureFor() takes a feature screen, not the home screen");
  return Features()[0];
}

bool Available(ScreenId id, const Context& context) {
  if (id != ScreenId::kHelp) return false;  // videos, quizzes and contests: screens to come
  for (const packs::Content& c : context.content) {
    if (!c.help.empty()) return true;
  }
  return false;
}

std::unique_ptr<Screen> MakeScreen(ScreenId id, Context& context) {
  if (id == ScreenId::kHome) return MakeHomeScreen(context);
  if (Available(id, context) && id == ScreenId::kHelp) return MakeHelpScreen(context);
  return MakeUnavailableScreen(context, id);
}

void Router::Go(ScreenId id) {
  if (id == ScreenId::kHome) {
    m_stack.assign(1, ScreenId::kHome);
  } else if (id != Current()) {
    m_stack.push_back(id);
  }
}

void Router::Back() {
  if (m_stack.size() > 1) m_stack.pop_back();
}

}  // namespace kiosk::screens
