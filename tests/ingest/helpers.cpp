#include "helpers.h"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "dataset/layout.h"
#include "dataset/manifest.h"
#include "parquet/reader.h"

namespace tapelab::ingest::testing {
namespace fs = std::filesystem;

CliResult run_cli(const std::vector<std::string>& args, std::optional<std::size_t> max_file_bytes) {
  char out_name[] = "/tmp/tapelab-cli-XXXXXX";
  const int fd = ::mkstemp(out_name);
  if (fd < 0) throw std::runtime_error("mkstemp failed");
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    if (max_file_bytes) {
      ::signal(SIGXFSZ, SIG_IGN);
      const rlimit limit{*max_file_bytes, *max_file_bytes};
      ::setrlimit(RLIMIT_FSIZE, &limit);
    }
    std::vector<char*> argv;
    std::string binary = TAPELAB_BINARY;
    argv.push_back(binary.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(binary.c_str(), argv.data());
    ::_exit(127);
  }
  ::close(fd);
  int status = 0;
  ::waitpid(pid, &status, 0);
  CliResult result;
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.output = read_bytes(out_name);
  ::unlink(out_name);
  return result;
}

void generate(const fs::path& out, const std::vector<std::string>& args) {
  std::vector<std::string> all = {"gen", "--out", out.string(), "--threads", "2"};
  all.insert(all.end(), args.begin(), args.end());
  const CliResult r = run_cli(all);
  if (r.status != 0) throw std::runtime_error("tapelab gen failed: " + r.output);
}

nlohmann::json read_json(const fs::path& path) { return nlohmann::json::parse(read_bytes(path)); }

std::vector<Row> read_dataset(const fs::path& root) {
  std::vector<Row> rows;
  const auto manifest = dataset::Manifest::load(root);
  for (const auto& entry : manifest.partitions) {
    const bool options = entry.key.kind == dataset::TableKind::kOptions;
    parquet::FileReader reader(dataset::partition_path(root, entry.key));
    parquet::ReadOptions read;
    read.columns = {"timestamp", "source", "price", "volume", "oi", "bp0", "sp0", "bq4", "sq4", "lastTradeTime"};
    if (options) read.columns.push_back("symbol");
    for (const auto& batch : reader.read(read)) {
      const auto& c = batch.columns;
      const auto i64 = [&](std::size_t column, std::size_t i) -> std::int64_t {
        return c[column].is_valid(i) ? c[column].i64[i] : 0;
      };
      const auto i32 = [&](std::size_t column, std::size_t i) -> std::int64_t {
        return c[column].is_valid(i) ? c[column].i32[i] : 0;
      };
      const auto f64 = [&](std::size_t column, std::size_t i) { return c[column].is_valid(i) ? c[column].f64[i] : 0; };
      for (std::size_t i = 0; i < batch.num_rows(); ++i) {
        Row row;
        row.partition = entry.key.to_string();
        row.timestamp = c[0].i64[i];
        row.source = std::string(c[1].string_at(i));
        row.price = f64(2, i);
        row.volume = i64(3, i);
        row.oi = i64(4, i);
        row.bp0 = f64(5, i);
        row.sp0 = f64(6, i);
        row.bq4 = i32(7, i);
        row.sq4 = i32(8, i);
        row.last_trade_time = i64(9, i);
        if (options) row.symbol = std::string(c[10].string_at(i));
        rows.push_back(std::move(row));
      }
    }
  }
  return rows;
}

Sums sums_by_contract(const std::vector<Row>& rows) {
  Sums sums;
  for (const auto& r : rows) {
    // "options/2025-11-18/NIFTY" -> day and underlying.
    const auto first = r.partition.find('/'), second = r.partition.rfind('/');
    const std::string kind = r.partition.substr(0, first);
    const std::string day = r.partition.substr(first + 1, second - first - 1);
    std::string contract = r.symbol;
    for (auto& c : contract) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (kind != "options") contract = r.partition.substr(second + 1) + " " + kind;
    auto& s = sums[{day, contract}];
    constexpr std::int64_t kMicrosPerDay = 86'400'000'000;
    const std::int64_t time_of_day = r.timestamp % kMicrosPerDay / 1'000'000;
    if (s.empty()) s = {0, 0, 0, 0, 0, 0, 0, 0, 0, time_of_day, time_of_day, 0};
    s[0] += 1;
    s[1] += std::llround(r.price * 100);
    s[2] += r.volume;
    s[3] += r.oi;
    s[4] += std::llround(r.bp0 * 100);
    s[5] += std::llround(r.sp0 * 100);
    s[6] += r.bq4;
    s[7] += r.sq4;
    s[8] += r.last_trade_time / 1'000'000;
    s[9] = std::min(s[9], time_of_day);
    s[10] = std::max(s[10], time_of_day);
    s[11] += time_of_day;
  }
  return sums;
}

std::string first_difference(const Sums& expected, const Sums& actual) {
  for (const auto& [key, values] : expected) {
    const auto other = actual.find(key);
    if (other == actual.end()) return key.first + " " + key.second + ": missing";
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i >= other->second.size() || other->second[i] != values[i]) {
        return fmt::format("{} {}: {} expected {}, got {}", key.first, key.second, kSumFields[i], values[i],
                           i < other->second.size() ? std::to_string(other->second[i]) : "nothing");
      }
    }
  }
  for (const auto& [key, values] : actual) {
    if (!expected.contains(key)) return key.first + " " + key.second + ": unexpected";
  }
  return "";
}

std::map<std::string, std::string> partition_files(const fs::path& root) {
  std::map<std::string, std::string> files;
  for (const auto& key : dataset::list_partitions(root)) {
    files[dataset::partition_relative_path(key).string()] = read_bytes(dataset::partition_path(root, key));
  }
  return files;
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string gzip(const std::string& text) {
  z_stream z{};
  if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) throw std::runtime_error("deflateInit2");
  std::string out(deflateBound(&z, text.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

}  // namespace tapelab::ingest::testing
