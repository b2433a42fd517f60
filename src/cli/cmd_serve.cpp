// `tapelab serve`: the read-only HTTP API over a dataset, a truth folder and
// backtest runs (server/, docs/server.md).
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.h"
#include "server/api.h"
#include "server/catalog.h"
#include "server/listener.h"
#include "util/error.h"

namespace tapelab::cli {
namespace {

struct ServeFlags {
  std::string dataset;
  std::string truth;
  std::vector<std::string> runs;
  std::string bind = "127.0.0.1";
  int port = 8080;
  std::string token;
  int threads = 0;
  int cache_mb = 2048;
  std::string web;
};

void run_serve(const ServeFlags& flags) {
  const bool loopback = server::is_loopback(flags.bind);
  if (!loopback && flags.token.empty()) {
    fail("serve: {} is not a loopback address; binding to it needs --token (every request must then carry it)",
         flags.bind);
  }
  std::optional<std::filesystem::path> truth;
  if (!flags.truth.empty()) truth = flags.truth;
  server::Catalog catalog(flags.dataset, truth, {flags.runs.begin(), flags.runs.end()});
  std::optional<std::filesystem::path> web = server::assets_next_to_binary();
  if (!flags.web.empty()) web = flags.web;
  server::Api api(catalog, {flags.token, static_cast<std::size_t>(flags.cache_mb) << 20, web});
  server::ListenOptions listen;
  listen.bind = flags.bind;
  listen.port = static_cast<std::uint16_t>(flags.port);
  listen.threads = flags.threads;
  listen.stop_on_signals = true;
  server::HttpServer http(api, listen);
  const std::string host = flags.bind.find(':') == std::string::npos ? flags.bind : "[" + flags.bind + "]";
  fmt::print("tapelab serve: listening on http://{}:{}/\n", host, http.port());
  if (!flags.token.empty()) {
    fmt::print("tapelab serve: every request needs 'Authorization: Bearer <token>'{}\n",
               loopback ? "" : fmt::format(" ({} is reachable from other machines)", flags.bind));
  }
  if (!web) fmt::print("tapelab serve: no player here (it is built next to the binary by `make build`; or --web DIR)\n");
  std::fflush(stdout);
  http.run();
}

}  // namespace

void add_serve_command(CLI::App& app) {
  auto flags = std::make_shared<ServeFlags>();
  CLI::App* serve = app.add_subcommand("serve", "Serve the read-only HTTP API over a dataset, truth and runs");
  serve->add_option("--data", flags->dataset, "Dataset folder")->required();
  serve->add_option("--truth", flags->truth, "Truth folder (tapelab truth build)");
  serve->add_option("--runs", flags->runs, "Run folders, or folders holding runs (repeatable)");
  serve->add_option("--bind", flags->bind, "Address to listen on (default 127.0.0.1; others need --token)");
  serve->add_option("--port", flags->port, "Port (0: any free port, printed at start)")->check(CLI::Range(0, 65535));
  serve->add_option("--token", flags->token, "Bearer token every request must carry");
  serve->add_option("--threads", flags->threads, "Server threads (default: one per core)")
      ->check(CLI::NonNegativeNumber);
  serve->add_option("--cache-mb", flags->cache_mb, "Memory for decoded data and responses (MiB, default 2048)")
      ->check(CLI::Range(16, 1 << 20));
  serve->add_option("--web", flags->web, "The player's built assets (default: player/ next to the binary)")
      ->check(CLI::ExistingDirectory);
  serve->callback([flags] { run_serve(*flags); });
}

}  // namespace tapelab::cli
