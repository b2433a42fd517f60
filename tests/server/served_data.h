// What the server tests serve, made with the real command line once per
// build (see served_data()): the generated dataset (2 days, NIFTY and
// BANKNIFTY), its truth (`tapelab truth build`), and one backtest run
// (`tapelab backtest --preset S1`) in runs/s1/. And an in-process server
// over folders on port 0.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "server/api.h"
#include "server/catalog.h"
#include "server/listener.h"
#include "support/temp_dir.h"

namespace tapelab::server::testing {

struct ServedData {
  std::filesystem::path root = TAPELAB_SERVE_TEST_DATA;  // in the build tree
  std::filesystem::path dataset = root / "dataset";
  std::filesystem::path truth = root / "truth";
  std::filesystem::path runs = root / "runs";
  std::filesystem::path run = runs / "s1";
};
const ServedData& served_data();

// Runs `tapelab ARGS`; throws with its output on a non-zero exit.
void tapelab_ok(const std::string& args);

class TestServer {
 public:
  TestServer(const std::filesystem::path& dataset, std::optional<std::filesystem::path> truth,
             std::vector<std::filesystem::path> runs, const std::string& token = "", const Limits& limits = {});
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  std::uint16_t port() const { return http_.port(); }

 private:
  Catalog catalog_;
  Api api_;
  HttpServer http_;
  std::thread thread_;
};

// One server over served_data() for the whole process.
std::uint16_t shared_port();

}  // namespace tapelab::server::testing
