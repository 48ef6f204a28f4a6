// What the screens of this module share: the list of top-level features and their state, and
// a helper to place a translated argument. Not for use outside kiosk/screens.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

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
std::unique_ptr<Screen> MakeVideosScreen(Context& context);
std::unique_ptr<Screen> MakePlayerScreen(Context& context);
std::unique_ptr<Screen> MakeLeafletScreen(Context& context);
std::unique_ptr<Screen> MakeQuizzesScreen(Context& context);
std::unique_ptr<Screen> MakeQuizScreen(Context& context);
std::unique_ptr<Screen> MakeSurveyScreen(Context& context);
std::unique_ptr<Screen> MakeContestScreen(Context& context);
std::unique_ptr<Screen> MakeStaffPinScreen(Context& context);
std::unique_ptr<Screen> MakeStaffScreen(Context& context);
std::unique_ptr<Screen> MakeStaffUsbScreen(Context& context);
std::unique_ptr<Screen> MakeStaffSettingsScreen(Context& context);
std::unique_ptr<Screen> MakeStaffUsageScreen(Context& context);
std::unique_ptr<Screen> MakeStaffAboutScreen(Context& context);

// The top of every screen but home: a big Back button at the top left, which goes back, and a
// line beside it (a title, or a quiet line such as "Question 2 / 8" in body size). Returns the
// area below, for the screen's content.
ImRect Header(ui::Ui& ui, Context& context, const char* line,
              ui::FontSize size = ui::FontSize::kTitle);

// Tiles in rows, from the left margin to the right one: as many columns as fit at the least
// width, but no more than there are tiles, so that a few tiles are big ones.
class Grid {
 public:
  Grid(const ui::Ui& ui, float top, std::size_t tiles, float minWidthMm, float heightMm);
  // Where tile i goes.
  ImRect At(std::size_t tile) const;
  // The tiles [first, last) of the rows in the open list's view (Ui::RowsInView): the only ones
  // to draw, however many there are.
  ui::Ui::Rows InView(const ui::Ui& ui) const;
  // From the top to below the last row.
  float Height() const;

 private:
  float m_left, m_top, m_gap, m_width, m_height;
  std::size_t m_tiles;
  std::size_t m_columns;
};

// A size in plain words: "2.4 MB", "850 MB", "12.4 GB" (one decimal below 10, in GB from 1 GB),
// with a no-break space that keeps the number and its unit on one line.
std::string SizeText(double bytes);
// A video's time or length as the player and the library show it: "4:32", "1:02:03" past an
// hour (whole seconds, cut, not rounded: a card says what the player's clock ends at).
std::string VideoTime(std::int64_t ms);

// Staff screens wait less than the usual idle time before the kiosk resets: the next visitor
// must not find them open.
constexpr auto kStaffIdle = std::chrono::seconds(30);

// [SECTION] Questions, as quizzes and surveys show them

// Plays the narration of one thing at a time (a question, an answer) through the context's
// narration player; a second tap on the same thing stops it.
class Narrator {
 public:
  explicit Narrator(Context& context) : m_context(context) {}
  // Starts the narration `key` (a question -1, an answer its index) from a pack's per-language
  // audio files, or stops it when it is the one playing.
  void Toggle(const Context::Pack& pack, const std::map<std::string, std::string>& files, int key);
  bool Playing(int key) const;
  void Stop();

 private:
  Context& m_context;
  int m_key = 0;
};
constexpr int kQuestionNarration = -1;

// The header of a question screen: Back, and "Question 2 / 8" (nothing past the last question,
// on the results). Returns the area below.
ImRect QuestionHeader(ui::Ui& ui, Context& context, std::size_t step, std::size_t count);

// How an answer is shown.
enum class Mark { kPlain, kChosen, kRight, kWrong };

// The height DrawQuestion takes for `question` in `width`.
float QuestionHeight(ui::Ui& ui, const Context& context, const packs::Question& question,
                     float width);
// The question in large type, with a Listen button where the pack has its narration; returns
// the height used from r's top.
float DrawQuestion(ui::Ui& ui, Context& context, Narrator& narrator, const Context::Pack& pack,
                   const packs::Question& question, const ImRect& r);
// Whether any answer of `question` is a picture.
bool HasPictures(const packs::Question& question);
// Picture answers: cards in a grid of 2×2 for four, else up to three a row; each picture as
// large as the width and `room` allow (at least 30 mm high, at most three quarters of its width),
// its caption below, numbered "1", "2"... when `numbered`. Returns the card tapped, if any; cards
// not `tappable` are to look at (a contest's, shared by the teams).
std::optional<std::size_t> DrawPictureAnswers(ui::Ui& ui, Context& context, Narrator& narrator,
                                              const Context::Pack& pack,
                                              const packs::Question& question,
                                              const std::vector<Mark>& marks, float left,
                                              float right, float room, bool numbered, bool tappable,
                                              float* y);
// The answers as big blocks, one under another from *y (which moves down), each with a listen
// button where narrated; answers with pictures as picture cards in a grid (2×2 for four), sized
// to fit `room` (the view's height below *y) where they can. Returns the answer tapped, if any.
std::optional<std::size_t> DrawAnswers(ui::Ui& ui, Context& context, Narrator& narrator,
                                       const Context::Pack& pack, const packs::Question& question,
                                       const std::vector<Mark>& marks, float left, float right,
                                       float room, float* y);

// [SECTION] Quizzes: what Draw() decides, kept apart so that it can be tested.

// The band a quiz score is counted in: "0-49", "50-79" or "80-100" (percent right).
const char* ScoreBand(int right, int total);
// True when the chosen answers (indexes) are exactly the right ones.
bool IsRight(const packs::Question& question, const std::vector<std::size_t>& chosen);
// The order the questions are asked in: as written, or shuffled when the quiz says so.
std::vector<std::size_t> QuestionOrder(const packs::Quiz& quiz, unsigned seed);
// The questions of a quiz, contest set or survey, read from its pack when it is first opened
// (a pack's catalog holds only their titles, so that the kiosk starts as fast with 10,000
// questions as with ten): the item, or nullptr when they cannot be read (a disk damaged since the
// install), which is logged and shown to staff.
packs::Quiz* WithQuestions(Context& context, std::size_t pack, std::size_t item, bool contest);
packs::Survey* WithQuestions(Context& context, std::size_t pack, std::size_t item);

}  // namespace kiosk::screens
