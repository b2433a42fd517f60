#include "server/served_data.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <stdexcept>

#include "support/generated_dataset.h"
#include "support/shell.h"
#include "util/file.h"

namespace tapelab::server::testing {

using tapelab::testing::shell_quote;

void tapelab_ok(const std::string& args) {
  const tapelab::testing::TempDir logs("tapelab-serve-log");
  const int status = tapelab::testing::run_tapelab(args, logs / "out.txt", logs / "err.txt");
  if (status != 0) {
    throw std::runtime_error("tapelab " + args + " failed:\n" + read_file(logs / "out.txt") + read_file(logs / "err.txt"));
  }
}

namespace {

namespace fs = std::filesystem;

// What the folder was made by: the tapelab binary's size and time.
std::string binary_stamp() {
  const fs::path binary(TAPELAB_BINARY);
  return std::to_string(fs::file_size(binary)) + " " +
         std::to_string(fs::last_write_time(binary).time_since_epoch().count());
}

// Holds an exclusive lock on a file while it lives (flock: released if the process dies).
class FolderLock {
 public:
  explicit FolderLock(const fs::path& file) : fd_(::open(file.c_str(), O_CREAT | O_RDWR, 0644)) {
    if (fd_ < 0 || ::flock(fd_, LOCK_EX) != 0) throw std::runtime_error("cannot lock " + file.string());
  }
  ~FolderLock() { ::close(fd_); }
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

 private:
  int fd_;
};

}  // namespace

// Made once for all test processes of a build (CTest runs each test in a
// process of its own): the first one builds the folder under a lock, the
// others wait and reuse it; a new tapelab binary makes it again. Tests that
// change files work on copies.
const ServedData& served_data() {
  static const ServedData* data = [] {
    auto* d = new ServedData;
    fs::create_directories(d->root);
    const FolderLock lock(d->root / ".lock");
    const fs::path stamp = d->root / "stamp.txt";
    if (!fs::exists(stamp) || read_file(stamp) != binary_stamp()) {
      for (const fs::path& p : {d->dataset, d->truth, d->runs}) fs::remove_all(p);
      fs::copy(tapelab::testing::generated_dataset(), d->dataset, fs::copy_options::recursive);
      tapelab_ok("truth build --data " + shell_quote(d->dataset.string()) + " --out " + shell_quote(d->truth.string()));
      tapelab_ok("backtest --preset S1 --data " + shell_quote(d->dataset.string()) + " --out " +
                 shell_quote(d->run.string()));
      write_file_atomically(stamp, binary_stamp());
    }
    return d;
  }();
  return *data;
}

TestServer::TestServer(const std::filesystem::path& dataset, std::optional<std::filesystem::path> truth,
                       std::vector<std::filesystem::path> runs, const std::string& token, const Limits& limits)
    : catalog_(dataset, std::move(truth), std::move(runs)),
      api_(catalog_, ApiOptions{token, std::size_t{256} << 20, std::nullopt}),
      http_(api_, ListenOptions{"127.0.0.1", 0, 2, false, limits}),
      thread_([this] { http_.run(); }) {}

TestServer::~TestServer() {
  http_.stop();
  thread_.join();
}

std::uint16_t shared_port() {
  static const TestServer* server = [] {
    const ServedData& d = served_data();
    return new TestServer(d.dataset, d.truth, {d.runs});
  }();
  return server->port();
}

}  // namespace tapelab::server::testing
