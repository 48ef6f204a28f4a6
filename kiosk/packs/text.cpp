// The text files of a pack as publishers' tools save them: Chinese Excel's "CSV" is GB18030
// (GBK), its "Unicode text" is UTF-16LE with a byte-order mark, Chinese subtitle tools write GBK,
// everything else writes UTF-8, with or without a BOM. `pack build` turns each into UTF-8 (ICU's
// converters, which the kiosk's text engine links already), so a kiosk only ever reads UTF-8;
// anything that is not text in one of these is refused, naming the line and byte. Any thread.
#include <unicode/ucnv.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <cctype>
#include <memory>

#include "packs/packs_internal.h"

namespace kiosk::packs {
namespace {

// Characters no text file holds: a file with them is a binary file named like a text file.
bool Control(UChar32 c) {
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F;
}

std::string Location(const std::string& where, int line, std::size_t byte) {
  return where + ":" + std::to_string(line) + ": byte " + std::to_string(byte + 1) + ": ";
}

std::string ByteHex(unsigned char byte) {
  static const char* kDigits = "0123456789ABCDEF";
  return std::string("0x") + kDigits[byte >> 4] + kDigits[byte & 15];
}

// Where strict UTF-8 (no overlong forms, no surrogates) first fails in text[start..], or npos;
// `control` tells a control character from a byte that is not UTF-8.
struct Utf8Check {
  std::size_t bad = std::string::npos;
  bool control = false;
  int line = 1;  // of `bad`
};
Utf8Check CheckUtf8(const std::string& text, std::size_t start) {
  Utf8Check check;
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto length = static_cast<std::int32_t>(text.size());
  for (auto i = static_cast<std::int32_t>(start); i < length;) {
    const std::int32_t at = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0 || Control(c)) {
      check.bad = static_cast<std::size_t>(at);
      check.control = c >= 0;
      return check;
    }
    if (c == '\n') ++check.line;
  }
  return check;
}

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};

// text[start..] in `encoding` (an ICU converter name) as UTF-8; fails naming the line and the
// byte of the file where it is not text.
base::Result<std::string> Convert(const std::string& text, std::size_t start, const char* encoding,
                                  const std::string& where) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> converter(ucnv_open(encoding, &status));
  if (U_FAILURE(status)) {
    return base::Error{where + ": cannot be read: ICU has no " + encoding + " converter", true};
  }
  ucnv_setToUCallBack(converter.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  // No encoding read here makes more UTF-16 units than it had bytes.
  std::u16string units(text.size() - start + 1, u'\0');
  std::vector<std::int32_t> offsets(units.size());
  UChar* target = units.data();
  const char* source = text.data() + start;
  ucnv_toUnicode(converter.get(), &target, units.data() + units.size(), &source,
                 text.data() + text.size(), offsets.data(), /*flush=*/true, &status);
  const auto produced = static_cast<std::size_t>(target - units.data());
  int line = 1;
  auto lineBefore = [&](std::size_t unit) {
    for (std::size_t u = 0; u < unit; ++u) line += units[u] == u'\n';
    return line;
  };
  if (U_FAILURE(status)) {
    char invalid[32];
    std::int8_t invalidLength = sizeof invalid;
    UErrorCode ignored = U_ZERO_ERROR;
    ucnv_getInvalidChars(converter.get(), invalid, &invalidLength, &ignored);
    const std::size_t byte =
        static_cast<std::size_t>(source - text.data()) - static_cast<std::size_t>(invalidLength);
    return base::Error{Location(where, lineBefore(produced), byte) +
                       ByteHex(static_cast<unsigned char>(text[byte])) + " is not " + encoding +
                       " text"};
  }
  std::string utf8;
  utf8.reserve(produced * 3 / 2);
  for (std::size_t u = 0; u < produced;) {
    const std::size_t at = u;
    UChar32 c;
    U16_NEXT(units.data(), u, produced, c);
    if (Control(c) || U_IS_SURROGATE(c)) {
      return base::Error{Location(where, lineBefore(at), start + offsets[at]) +
                         "holds control characters: not a text file"};
    }
    char bytes[U8_MAX_LENGTH];
    std::int32_t n = 0;
    U8_APPEND_UNSAFE(bytes, n, c);
    utf8.append(bytes, static_cast<std::size_t>(n));
  }
  return utf8;
}

}  // namespace

bool IsTextFile(const std::filesystem::path& path) {
  std::string extension = path.extension().string();
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* text : {".json", ".csv", ".tsv", ".txt", ".srt", ".vtt", ".ass", ".ssa"}) {
    if (extension == text) return true;
  }
  return false;
}

base::Result<std::string> DecodeText(const std::string& bytes, const std::string& where,
                                     Encodings encodings) {
  const bool converting = encodings == Encodings::kAny;
  if (converting && (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF"))) {
    return Convert(bytes, 2, bytes[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE", where);
  }
  const bool bom = bytes.starts_with("\xEF\xBB\xBF");
  const Utf8Check check = CheckUtf8(bytes, bom ? 3 : 0);
  if (check.bad == std::string::npos) return bom ? bytes.substr(3) : bytes;
  const std::string at = Location(where, check.line, check.bad);
  if (check.control) return base::Error{at + "holds control characters: not a text file"};
  // Without a byte-order mark, text that is not UTF-8 is read as GB18030 (GBK is part of it).
  if (converting && !bom) {
    if (base::Result<std::string> gb18030 = Convert(bytes, 0, "GB18030", where)) {
      // A byte-order mark converted to GB18030 (84 31 95 33) by a tool that kept it.
      if (gb18030.value().starts_with("\xEF\xBB\xBF")) return gb18030.value().substr(3);
      return gb18030;
    }
  }
  std::string message =
      at + ByteHex(static_cast<unsigned char>(bytes[check.bad])) + " is not UTF-8";
  if (converting && !bom) message += ", and the file is not GB18030 (GBK) text either";
  if (!converting) message += " (a pack holds its text as UTF-8: build it with kioskctl)";
  return base::Error{message};
}

}  // namespace kiosk::packs
