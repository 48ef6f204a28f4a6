// kioskctl: the staff's and content authors' tool. Builds, signs, verifies, installs and rolls
// back content packs (the same code the kiosk's USB import calls); exports a kiosk's usage counts,
// merges many centres' exports and makes their report. No SDL, no ImGui, no libvlc.
//
// Exit status: 0 success; 1 usage error; 2 bad input (the message names the file, field and
// reason; nothing installed or changed); 3 environment failure (disk full, unreadable device).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "i18n/i18n.h"
#include "packs/packs.h"
#include "stats/stats.h"

namespace {

using namespace kiosk;

constexpr int kOk = 0, kUsage = 1, kBadInput = 2, kEnvironment = 3;

template <class T>
int Report(const base::Result<T>& result) {
  if (result) return kOk;
  std::fprintf(stderr, "kioskctl: %s\n", result.error().c_str());
  return result.environmentError() ? kEnvironment : kBadInput;
}

// Reads a usage export; fails naming the file (exit 3 when it is there but unreadable).
base::Result<std::vector<stats::ExportRow>> ReadExport(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return base::Error{path + ": cannot be read", std::filesystem::exists(path)};
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return base::Error{path + ": cannot be read (a device error)", true};
  return stats::ParseExport(text.str(), path);
}

// Writes rows as an export CSV and says what it wrote.
int WriteExport(const std::vector<stats::ExportRow>& rows, const std::string& out) {
  base::Result<bool> written = base::WriteAtomically(out, stats::ToCsv(rows));
  if (written) std::printf("wrote %zu rows to %s\n", rows.size(), out.c_str());
  return Report(written);
}

int ExportCounts(const std::string& stateDir, const std::string& centre, const std::string& out) {
  const std::string today = packs::Today();
  base::Result<std::vector<stats::ExportRow>> rows = stats::ExportState(stateDir, centre, today);
  if (!rows) return Report(rows);
  const std::vector<stats::ExportRow>& exported = rows.value();
  std::size_t hidden = 0;
  for (const stats::ExportRow& row : exported) hidden += !row.count;
  std::printf("survey answers are exported by month once the month is over (not %s yet)\n",
              today.substr(0, 7).c_str());
  if (centre.empty()) {
    std::printf("no --centre given: the rows carry the kiosk's id but no centre name\n");
  }
  if (hidden > 0) {
    std::printf("%zu survey answer cells chosen 1 to 4 times in a month are written as <5\n",
                hidden);
  }
  return WriteExport(exported, out);
}

// Reads every file, and fails listing the problems of all of them.
base::Result<std::vector<stats::NamedExport>> ReadExports(const std::vector<std::string>& files) {
  std::vector<stats::NamedExport> read;
  std::vector<std::string> problems;
  bool environment = false;
  for (const std::string& file : files) {
    base::Result<std::vector<stats::ExportRow>> rows = ReadExport(file);
    if (rows) {
      read.push_back({file, std::move(rows.value())});
    } else {
      problems.push_back(rows.error());
      environment = environment || rows.environmentError();
    }
  }
  if (problems.empty()) return read;
  base::Error error = base::Problems(problems);
  error.environment = environment;
  return error;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli(
      "kioskctl: content packs (build, sign, verify, install) and usage counts (export, merge, "
      "report)",
      "kioskctl");
  cli.require_subcommand(1);
  std::string name, source, keyPath, out, pack, trust, content, packId, state, centre;
  std::vector<std::string> exports;

  CLI::App* key = cli.add_subcommand("key", "Signing keys")->require_subcommand(1);
  CLI::App* generate = key->add_subcommand("generate", "Make NAME.pub and NAME.key");
  generate->add_option("--out", name, "Key name (path without .pub/.key)")->required();

  CLI::App* packCmd = cli.add_subcommand("pack", "Content packs")->require_subcommand(1);
  CLI::App* build = packCmd->add_subcommand("build", "Build and sign a pack from a folder");
  build->add_option("SRC_DIR", source, "Folder with pack.json and the pack's files")->required();
  build->add_option("--key", keyPath, "Secret key (NAME.key)")->required();
  build->add_option("--out", out, "The .kpack to write")->required();
  CLI::App* verify = packCmd->add_subcommand("verify", "Check a pack without installing it");
  verify->add_option("FILE", pack, "The .kpack")->required();
  verify->add_option("--trust", trust, "Folder of trusted publisher keys (*.pub)")->required();
  CLI::App* install = packCmd->add_subcommand("install", "Verify and install a pack");
  install->add_option("FILE", pack, "The .kpack")->required();
  install->add_option("--content", content, "The store of installed packs")->required();
  install->add_option("--trust", trust, "Folder of trusted publisher keys (*.pub)")->required();
  CLI::App* list = packCmd->add_subcommand("list", "List installed packs");
  list->add_option("--content", content, "The store of installed packs")->required();
  CLI::App* rollback = packCmd->add_subcommand("rollback", "Go back to a pack's earlier version");
  rollback->add_option("PACK_ID", packId, "The pack's id")->required();
  rollback->add_option("--content", content, "The store of installed packs")->required();

  CLI::App* statsCmd = cli.add_subcommand("stats", "Usage counts")->require_subcommand(1);
  CLI::App* exportCmd =
      statsCmd->add_subcommand("export", "Write a kiosk's usage counts as a CSV file");
  exportCmd->add_option("--state", state, "The kiosk's state folder (with usage.db)")->required();
  exportCmd->add_option("--out", out, "The .csv to write")->required();
  exportCmd->add_option("--centre", centre, "The centre's name, written on every row");
  CLI::App* merge = statsCmd->add_subcommand("merge", "Merge the exports of many centres");
  merge->add_option("FILE", exports, "Exports (.csv)")->required();
  merge->add_option("--out", out, "The merged .csv to write")->required();
  CLI::App* report = statsCmd->add_subcommand("report", "Make an HTML report of an export");
  report->add_option("FILE", pack, "An export or a merge (.csv)")->required();
  report->add_option("--out", out, "The .html to write")->required();

  try {
    cli.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::fputs(cli.help().c_str(), stdout);
    return kOk;
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "kioskctl: %s\n\n%s", e.what(), cli.help().c_str());
    return kUsage;
  }

  if (exportCmd->parsed()) return ExportCounts(state, centre, out);
  if (merge->parsed()) {
    base::Result<std::vector<stats::NamedExport>> read = ReadExports(exports);
    if (!read) return Report(read);
    base::Result<std::vector<stats::ExportRow>> merged = stats::Merge(read.value());
    if (!merged) return Report(merged);
    return WriteExport(merged.value(), out);
  }
  if (report->parsed()) {
    base::Result<std::vector<stats::ExportRow>> rows = ReadExport(pack);
    if (!rows) return Report(rows);
    base::Result<bool> written =
        base::WriteAtomically(out, stats::ReportHtml(rows.value(), packs::Today()));
    if (written)
      std::printf("wrote the report of %zu rows to %s\n", rows.value().size(), out.c_str());
    return Report(written);
  }
  if (generate->parsed()) {
    base::Result<packs::PublicKey> made = packs::GenerateKey(name);
    if (made)
      std::printf("wrote %s.pub (give it to the kiosks) and %s.key (keep it secret)\n",
                  name.c_str(), name.c_str());
    return Report(made);
  }
  if (build->parsed()) {
    base::Result<packs::Manifest> built = packs::BuildPack(source, keyPath, out);
    if (built) {
      // Text no installed font can show is the publisher's to fix, but not a reason to refuse.
      for (const std::string& warning : i18n::UncoveredText(source))
        std::fprintf(stderr, "kioskctl: warning: %s\n", warning.c_str());
      std::printf("built %s: pack %s version %llu, %zu files, expires %s\n", out.c_str(),
                  built.value().id.c_str(), static_cast<unsigned long long>(built.value().version),
                  built.value().files.size(), built.value().expires.c_str());
    }
    return Report(built);
  }
  if (verify->parsed()) {
    base::Result<packs::Manifest> checked = packs::VerifyPack(pack, trust, packs::Today());
    if (checked) {
      std::printf("%s: good: pack %s version %llu from %s, expires %s\n", pack.c_str(),
                  checked.value().id.c_str(),
                  static_cast<unsigned long long>(checked.value().version),
                  checked.value().publisher.c_str(), checked.value().expires.c_str());
    }
    return Report(checked);
  }
  if (install->parsed()) {
    base::Result<packs::Installed> done = packs::InstallPack(pack, content, trust, packs::Today());
    if (done) {
      std::printf("installed pack %s version %llu into %s\n", done.value().manifest.id.c_str(),
                  static_cast<unsigned long long>(done.value().manifest.version), content.c_str());
    }
    return Report(done);
  }
  if (list->parsed()) {
    std::vector<std::string> damaged;
    for (const packs::Installed& p : packs::ListPacks(content, &damaged)) {
      // What staff will find on the kiosk, or why the kiosk will leave the pack out.
      base::Result<packs::Content> c = packs::LoadContent(content + "/" + p.manifest.id + "/files");
      const std::string items = c ? std::to_string(c.value().videos.size()) + " videos, " +
                                        std::to_string(c.value().quizzes.size()) + " quizzes, " +
                                        std::to_string(c.value().surveys.size()) + " surveys, " +
                                        std::to_string(c.value().contests.size()) +
                                        " contest sets, " + std::to_string(c.value().help.size()) +
                                        " help pages"
                                  : "DAMAGED: " + c.error().substr(0, c.error().find('\n'));
      std::printf("%s\tversion %llu\t%s\texpires %s\t%s%s\n", p.manifest.id.c_str(),
                  static_cast<unsigned long long>(p.manifest.version), p.manifest.publisher.c_str(),
                  p.manifest.expires.c_str(), items.c_str(),
                  p.hasPrevious ? "\tcan roll back" : "");
    }
    for (const std::string& d : damaged) std::fprintf(stderr, "kioskctl: DAMAGED: %s\n", d.c_str());
    return damaged.empty() ? kOk : kBadInput;
  }
  base::Result<packs::Installed> back = packs::Rollback(packId, content);
  if (back) {
    std::printf("pack %s is back at version %llu\n", packId.c_str(),
                static_cast<unsigned long long>(back.value().manifest.version));
  }
  return Report(back);
}
