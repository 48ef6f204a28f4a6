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
  for (const Context::Pack& pack : context.packs) {
    const packs::Content& c = pack.content;
    switch (id) {
      case ScreenId::kVideos:
        if (context.videoPlayer && !c.videos.empty()) return true;
        break;
      case ScreenId::kQuizzes:
        if (!c.quizzes.empty() || !c.surveys.empty()) return true;
        break;
      case ScreenId::kHelp:
        if (!c.help.empty()) return true;
        break;
      default:  // contests: a screen still to come
        return false;
    }
  }
  return false;
}

std::unique_ptr<Screen> MakeScreen(ScreenId id, Context& context) {
  switch (id) {
    case ScreenId::kHome:
      return MakeHomeScreen(context);
    case ScreenId::kPlayer:
      return MakePlayerScreen(context);
    case ScreenId::kQuiz:
      return MakeQuizScreen(context);
    case ScreenId::kSurvey:
      return MakeSurveyScreen(context);
    default:
      break;
  }
  if (!Available(id, context)) return MakeUnavailableScreen(context, id);
  if (id == ScreenId::kVideos) return MakeVideosScreen(context);
  if (id == ScreenId::kQuizzes) return MakeQuizzesScreen(context);
  if (id == ScreenId::kHelp) return MakeHelpScreen(context);
  return MakeUnavailableScreen(context, id);
}

bool BackButton(ui::Ui& ui, const Context& context) {
  const float margin = ui.Mm(5);
  return ui.Button(context.Tr("Back"),
                   ImRect(margin, margin, margin + ui.Mm(45), margin + ui.Mm(16)));
}

void Router::Go(ScreenId id) {
  m_cameBack = false;
  if (id == ScreenId::kHome) {
    m_stack.assign(1, ScreenId::kHome);
  } else if (id != Current()) {
    m_stack.push_back(id);
  }
}

void Router::Back() {
  if (m_stack.size() > 1) m_stack.pop_back();
  m_cameBack = true;
}

}  // namespace kiosk::screens
