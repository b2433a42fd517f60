// A private MariaDB server for tests: Debian's mariadbd on a Unix socket in a
// fresh temporary folder (--skip-networking), so tests never touch a system
// server and run in parallel. Start it once per suite: installing the system
// tables takes a few seconds.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace tapelab::testing {

class MariaDbServer {
 public:
  // Installs a data directory and starts the server; throws std::runtime_error
  // with the server's log when it does not come up.
  MariaDbServer();
  ~MariaDbServer();
  MariaDbServer(const MariaDbServer&) = delete;
  MariaDbServer& operator=(const MariaDbServer&) = delete;

  // Shuts the server down and removes its folder; the destructor calls it.
  void stop();

  // Runs SQL with the `mariadb` client; rows of tab-separated fields (NULL reads "NULL").
  std::vector<std::vector<std::string>> query(const std::string& sql, const std::string& database = "") const;
  // Loads a .sql or .sql.gz file (a dump selects its own database with USE).
  void load(const std::filesystem::path& file, const std::string& database = "") const;
  // Runs `mariadb-dump ARGS` and writes its output to `out`.
  void dump(const std::vector<std::string>& args, const std::filesystem::path& out) const;

  const std::filesystem::path& socket() const { return socket_; }

 private:
  std::string client_flags() const;
  std::filesystem::path dir_;
  std::filesystem::path socket_;
  int pid_ = -1;
};

}  // namespace tapelab::testing
