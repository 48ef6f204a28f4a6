// What the screens of this module share: the list of top-level features and their state, and
// a helper to place a translated argument. Not for use outside kiosk/screens.
#pragma once

#include <memory>
#include <string>

#include "screens/screens.h"

namespace kiosk::screens {

struct Feature {
  ScreenId id;
  const char* title;  // msgid
  ImU32 color;
  ui::Icon icon;
};

// The four tiles of the home screen, in reading order.
const Feature (&Features())[4];
const Feature& FeatureFor(ScreenId id);
// False while a feature has nothing to show (its screen is still to be built, or no installed pack
// has items for it): its tile says so plainly.
bool Available(ScreenId id, const Context& context);

std::unique_ptr<Screen> MakeHomeScreen(Context& context);
std::unique_ptr<Screen> MakeUnavailableScreen(Context& context, ScreenId id);
std::unique_ptr<Screen> MakeHelpScreen(Context& context);

}  // namespace kiosk::screens
