// libFuzzer target: the API's routing and query parsing (server/target.h,
// server/api.h), as `tapelab serve` runs them for every request.
//
// The input is "TARGET\nACCEPT-ENCODING\nIF-NONE-MATCH" (the last two
// optional). It goes to parse_target and then to Api::handle over a small
// real run folder (summary.json and CSVs written at start) and an empty
// dataset. A decoded target never holds ".", "..", '/', '\', '%' or a
// control byte in a segment; every answer is one of the API's statuses, and
// an error is a JSON body carrying its status. A 500 means the server failed
// on good files: a finding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fuzz_check.h"
#include "server/api.h"
#include "server/catalog.h"
#include "server/http_error.h"
#include "server/target.h"

namespace fs = std::filesystem;
using namespace tapelab::server;

namespace {

struct Fixture {
  fs::path root;
  std::unique_ptr<Catalog> catalog;
  std::unique_ptr<Api> api;
};

Fixture& fixture() {
  static Fixture f = [] {
    Fixture out;
    out.root = fs::temp_directory_path() / ("tapelab-serve-fuzz-" + std::to_string(::getpid()));
    fs::create_directories(out.root / "dataset");
    fs::create_directories(out.root / "runs" / "r1");
    std::ofstream(out.root / "runs" / "r1" / "summary.json") << R"({"trades": 2})";
    std::ofstream(out.root / "runs" / "r1" / "daily.csv")
        << "strategy,date,underlying,trades,net\nS1,2025-11-17,NIFTY,2,-10.5\nS1,2025-11-18,NIFTY,0,0\n";
    std::ofstream(out.root / "runs" / "r1" / "trades.csv")
        << "strategy,date,underlying,strike,type,net\nS1,2025-11-17,NIFTY,24000,CE,-5.25\n"
           "S1,2025-11-17,NIFTY,24000,PE,\"-5,25\"\n";
    out.catalog = std::make_unique<Catalog>(out.root / "dataset", std::nullopt,
                                            std::vector<fs::path>{out.root / "runs"});
    // The player's assets too, so that targets outside /api/ reach their lookup.
    fs::create_directories(out.root / "web" / "assets");
    std::ofstream(out.root / "web" / "index.html") << "<!doctype html>";
    std::ofstream(out.root / "web" / "assets" / "main-0123abcd.js") << "export {};";
    out.api = std::make_unique<Api>(*out.catalog, ApiOptions{"", std::size_t{16} << 20, out.root / "web"});
    return out;
  }();
  return f;
}

void check_target(std::string_view target) {
  try {
    const Target t = parse_target(target);
    for (const std::string& s : t.segments) {
      FUZZ_CHECK(!s.empty() && s != "." && s != "..");
      FUZZ_CHECK(s.find_first_of("/\\%") == std::string::npos);
      for (const char c : s) FUZZ_CHECK(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f);
    }
    FUZZ_CHECK(t.query.size() <= kMaxQueryParameters);
  } catch (const HttpError& e) {
    FUZZ_CHECK(e.status() == 400 || e.status() == 414);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t first = input.find('\n');
  const std::size_t second = first == std::string_view::npos ? first : input.find('\n', first + 1);
  Request request;
  request.method = "GET";
  request.target = std::string(input.substr(0, first));
  if (first != std::string_view::npos) request.accept_encoding = std::string(input.substr(first + 1, second - first - 1));
  if (second != std::string_view::npos) request.if_none_match = std::string(input.substr(second + 1));
  check_target(request.target);
  const Response response = fixture().api->handle(request);
  static const std::set<int> kStatuses = {200, 304, 400, 404, 414};
  FUZZ_CHECK(kStatuses.count(response.status) == 1);
  if (response.status >= 400) {
    const nlohmann::json body = nlohmann::json::parse(response.text());
    FUZZ_CHECK(body.at("error") == response.status);
    FUZZ_CHECK(!body.at("message").get<std::string>().empty());
  }
  return 0;
}
