#include "support/mariadb_server.h"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/shell.h"

extern char** environ;

namespace tapelab::testing {
namespace {

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs a bash command (pipefail, so a failing gzip in a pipe counts); stdout
// goes to `out_path` when given; throws with stderr when it fails.
std::string run(const std::string& command, const std::filesystem::path& dir, const std::string& out_path = "") {
  const auto err = dir / "command.err";
  const auto out = out_path.empty() ? (dir / "command.out").string() : out_path;
  const std::string full = "bash -o pipefail -c " + shell_quote(command) + " >" + shell_quote(out) + " 2>" + shell_quote(err.string());
  const int status = std::system(full.c_str());
  if (status != 0) {
    throw std::runtime_error("command failed (" + std::to_string(status) + "): " + command + "\n" + slurp(err));
  }
  return out_path.empty() ? slurp(out) : std::string();
}

}  // namespace

MariaDbServer::MariaDbServer() {
  char pattern[] = "/tmp/tapelab-mariadb-XXXXXX";
  if (!mkdtemp(pattern)) throw std::runtime_error("mariadb: cannot create a temporary folder");
  dir_ = pattern;
  socket_ = dir_ / "mysqld.sock";
  const auto data = dir_ / "data";
  // Its own folder for temporary tables: two servers bootstrapping at once
  // (tests run in parallel) in the shared /tmp failed now and then with
  // "Could not remove temporary table".
  const auto tmp = dir_ / "tmp";
  std::filesystem::create_directories(tmp);
  run("mariadb-install-db --no-defaults --datadir=" + shell_quote(data.string()) + " --tmpdir=" +
          shell_quote(tmp.string()) + " --user=root --auth-root-authentication-method=normal --skip-test-db",
      dir_);

  std::vector<std::string> args = {"mariadbd",
                                   "--no-defaults",
                                   "--datadir=" + data.string(),
                                   "--tmpdir=" + tmp.string(),
                                   "--socket=" + socket_.string(),
                                   "--pid-file=" + (dir_ / "mysqld.pid").string(),
                                   "--log-error=" + (dir_ / "error.log").string(),
                                   "--skip-networking",
                                   "--user=root",
                                   "--skip-log-bin",
                                   "--innodb-buffer-pool-size=256M",
                                   "--innodb-flush-log-at-trx-commit=0",
                                   "--max-allowed-packet=256M"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid;
  if (posix_spawnp(&pid, "mariadbd", nullptr, nullptr, argv.data(), environ) != 0) {
    throw std::runtime_error("mariadb: cannot start mariadbd");
  }
  pid_ = pid;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    const std::string ping = "mariadb-admin --no-defaults -uroot --socket=" + shell_quote(socket_.string()) + " ping >/dev/null 2>&1";
    if (std::system(ping.c_str()) == 0) return;
    int status;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("mariadb: mariadbd exited at start:\n" + slurp(dir_ / "error.log"));
    }
    if (std::chrono::steady_clock::now() > deadline) {
      stop();
      throw std::runtime_error("mariadb: mariadbd did not answer within 60 s");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

MariaDbServer::~MariaDbServer() { stop(); }

void MariaDbServer::stop() {
  if (pid_ > 0) {
    const std::string shutdown = "mariadb-admin --no-defaults -uroot --socket=" + shell_quote(socket_.string()) + " shutdown >/dev/null 2>&1";
    if (std::system(shutdown.c_str()) != 0) kill(pid_, SIGTERM);
    int status;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
    dir_.clear();
  }
}

std::string MariaDbServer::client_flags() const {
  return "--no-defaults -uroot --socket=" + shell_quote(socket_.string()) + " --max-allowed-packet=256M";
}

std::vector<std::vector<std::string>> MariaDbServer::query(const std::string& sql, const std::string& database) const {
  const std::string text = run("mariadb " + client_flags() + " --batch --skip-column-names -e " + shell_quote(sql) +
                                   (database.empty() ? "" : " " + shell_quote(database)),
                               dir_);
  std::vector<std::vector<std::string>> rows;
  std::stringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::vector<std::string> fields;
    std::stringstream cells(line);
    for (std::string cell; std::getline(cells, cell, '\t');) fields.push_back(cell);
    if (!line.empty() && line.back() == '\t') fields.emplace_back();
    rows.push_back(std::move(fields));
  }
  return rows;
}

void MariaDbServer::load(const std::filesystem::path& file, const std::string& database) const {
  const bool gz = file.extension() == ".gz";
  const std::string source = gz ? "gzip -dc " + shell_quote(file.string()) + " | " : "cat " + shell_quote(file.string()) + " | ";
  run(source + "mariadb " + client_flags() + (database.empty() ? "" : " " + shell_quote(database)), dir_);
}

void MariaDbServer::dump(const std::vector<std::string>& args, const std::filesystem::path& out) const {
  std::string command = "mariadb-dump " + client_flags();
  for (const auto& a : args) command += " " + shell_quote(a);
  run(command, dir_, out.string());
}

}  // namespace tapelab::testing
