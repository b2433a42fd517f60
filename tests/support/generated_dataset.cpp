#include "support/generated_dataset.h"

#include <sys/wait.h>

#include <cstdlib>
#include <memory>
#include <stdexcept>

#include "dataset/manifest.h"
#include "support/shell.h"
#include "support/temp_dir.h"

namespace tapelab::testing {

namespace fs = std::filesystem;

int run_tapelab(const std::string& args, const fs::path& out, const fs::path& err) {
  const std::string command = shell_quote(TAPELAB_BINARY) + " " + args + " > " + shell_quote(out.string()) +
                              " 2> " + shell_quote(err.string());
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

const fs::path& generated_dataset() {
  static const std::unique_ptr<tapelab::testing::TempDir> dir = [] {
    auto d = std::make_unique<tapelab::testing::TempDir>("tapelab-dataset");
    const fs::path rec = d->path() / "rec";
    const fs::path log = d->path() / "log.txt";
    if (run_tapelab("gen --out " + shell_quote(rec.string()) + " --start 2025-11-17 --days 2 --seed 7 --scale small",
                    log, log) != 0 ||
        run_tapelab("ingest " + shell_quote(rec.string()) + " --out " + shell_quote((d->path() / "dataset").string()) +
                        " --calendar " + shell_quote((rec / "expiry_calendar.csv").string()),
                    log, log) != 0) {
      throw std::runtime_error("could not generate and ingest the test dataset; see " + log.string());
    }
    return d;
  }();
  static const fs::path dataset = dir->path() / "dataset";
  return dataset;
}

std::map<std::string, std::string> published_file_hashes(const std::filesystem::path& root) {
  std::map<std::string, std::string> out;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    const std::string relative = std::filesystem::relative(entry.path(), root).generic_string();
    if (!entry.is_regular_file() || relative.starts_with(".staging") || relative == ".lock") continue;
    out[relative] = dataset::hash_file(entry.path());
  }
  return out;
}

}  // namespace tapelab::testing
