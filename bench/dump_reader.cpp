// Throughput of the dump reader on a synthetic dump shaped like the users'
// (46-column option tables, one extended REPLACE line per ~1 MB).
//
//   dump_reader make FILE.sql MB      writes a synthetic dump of about MB megabytes
//   dump_reader read FILE [read|skip|convert] [inline]
//       read:    every row reported (values only classified)
//       skip:    every table skipped (the equity path)
//       convert: every value converted (decimal -> double, datetime -> ns, int)
//   prints uncompressed MB/s; compare with `igzip -dc FILE > /dev/null`.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>

#include <fmt/format.h>

#include "dump/reader.h"

namespace {

using namespace tapelab::dump;

void make(const std::string& path, std::uint64_t megabytes) {
  std::ofstream out(path, std::ios::binary);
  std::uint64_t state = 1;
  auto next = [&](std::uint64_t mod) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % mod;
  };
  out << "-- synthetic dump\n/*!40101 SET NAMES utf8 */;\nUSE `banknifty`;\n";
  std::uint64_t written = 0;
  for (int table = 0; written < (megabytes << 20); ++table) {
    const std::string name = fmt::format("BANKNIFTY25DEC{}CE", 50000 + table * 100);
    std::string create = fmt::format("DROP TABLE IF EXISTS `{}`;\nCREATE TABLE `{}` (\n  `timestamp` datetime NOT NULL,\n", name, name);
    const char* cols[] = {"price", "qty", "avgPrice", "volume", "bQty", "sQty", "open", "high", "low", "close", "changeper",
                          "lastTradeTime", "oi", "oiHigh", "oiLow"};
    for (const char* c : cols) create += fmt::format("  `{}` decimal(10,2) DEFAULT NULL,\n", c);
    for (char side : {'b', 's'}) {
      for (int l = 0; l < 5; ++l) create += fmt::format("  `{0}q{1}` int, `{0}p{1}` decimal(10,2), `{0}o{1}` int,\n", side, l);
    }
    create += "  PRIMARY KEY (`timestamp`)\n) ENGINE=InnoDB DEFAULT CHARSET=latin1;\n";
    out << create << fmt::format("LOCK TABLES `{}` WRITE;\n", name);
    written += create.size();
    for (int statement = 0; statement < 8; ++statement) {
      std::string line = fmt::format("REPLACE INTO `{}` VALUES ", name);
      for (int row = 0; row < 3000; ++row) {
        const int second = statement * 3000 + row;
        line += row ? ",(" : "(";
        line += fmt::format("'2025-11-18 {:02}:{:02}:{:02}',{}.{:02},35,{}.{:02},{},{},{},", 9 + second / 3600,
                            second / 60 % 60, second % 60, 1400 + next(200), next(20) * 5, 1500 + next(50), next(100),
                            next(900000), next(9000), next(9000));
        line += fmt::format("1492.05,1568.00,1492.00,1546.65,-2.{:010},'2025-11-18 09:52:{:02}',{},{},{}", next(10000000000ULL),
                            next(60), next(9000), next(9000), next(9000));
        for (int level = 0; level < 10; ++level) line += fmt::format(",{},{}.{:02},{}", next(300), 1400 + next(200), next(20) * 5, next(3));
        line += ')';
      }
      line += ";\n";
      out << line;
      written += line.size();
    }
    out << "UNLOCK TABLES;\n";
  }
}

struct Handler : DumpHandler {
  enum Mode { kRead, kSkip, kConvert } mode = kRead;
  std::uint64_t rows = 0;
  double checksum = 0;
  TableAction on_table(const TableSchema&, const Position&) override {
    return mode == kSkip ? TableAction::kSkip : TableAction::kRead;
  }
  void on_rows(const RowBatch& batch) override {
    rows += batch.rows();
    if (mode != kConvert) return;
    for (const Value& value : batch.values) {
      if (value.kind == ValueKind::kString) {
        checksum += static_cast<double>(parse_datetime(value.text).nanos % 1000);
      } else if (value.kind == ValueKind::kNumber) {
        checksum += *parse_double(value.text);
      }
    }
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 4 && std::string(argv[1]) == "make") {
    make(argv[2], std::stoull(argv[3]));
    return 0;
  }
  if (argc < 3 || std::string(argv[1]) != "read") {
    std::fprintf(stderr, "usage: dump_reader make FILE MB | read FILE [read|skip|convert] [inline]\n");
    return 2;
  }
  Handler handler;
  const std::string mode = argc > 3 ? argv[3] : "read";
  handler.mode = mode == "skip" ? Handler::kSkip : mode == "convert" ? Handler::kConvert : Handler::kRead;
  ReaderOptions options;
  options.background_decode = !(argc > 4 && std::string(argv[4]) == "inline");
  const auto start = std::chrono::steady_clock::now();
  DumpReader reader(argv[2], options);
  reader.read(handler);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double mb = static_cast<double>(reader.stats().bytes) / 1e6;
  fmt::print("{} {} {}: {:.0f} MB text in {:.2f} s = {:.0f} MB/s, {} rows ({:.1f} M rows/s), checksum {:.0f}\n", argv[2],
             mode, options.background_decode ? "background" : "inline", mb, seconds, mb / seconds, handler.rows,
             static_cast<double>(handler.rows) / seconds / 1e6, handler.checksum);
  return 0;
}
