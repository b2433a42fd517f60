#include "ingest/progress.h"

#include <algorithm>
#include <cstdio>

#include <fmt/format.h>

namespace tapelab::ingest {

ProgressMeter::ProgressMeter(std::size_t files, bool enabled)
    : files_(std::make_unique<File[]>(files)), count_(files), enabled_(enabled) {}

ProgressMeter::~ProgressMeter() {
  if (thread_.joinable()) {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
}

void ProgressMeter::start(std::string label) {
  if (!enabled_) return;
  label_ = std::move(label);
  began_ = std::chrono::steady_clock::now();
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void ProgressMeter::stop() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  fmt::print(stderr, "\r{}\n", line());
}

void ProgressMeter::start_phase(const std::string& text) {
  if (enabled_) fmt::print(stderr, "{}\n", text);
}

std::string ProgressMeter::line() const {
  std::uint64_t bytes = 0, size = 0, rows = 0;
  for (std::size_t i = 0; i < count_; ++i) {
    bytes += files_[i].bytes.load(std::memory_order_relaxed);
    size += files_[i].size;
    rows += files_[i].rows.load(std::memory_order_relaxed);
  }
  const double seconds =
      std::max(1e-3, std::chrono::duration<double>(std::chrono::steady_clock::now() - began_).count());
  const double fraction = size ? static_cast<double>(bytes) / static_cast<double>(size) : 1.0;
  const double eta = fraction > 0 ? seconds * (1 - fraction) / fraction : 0;
  return fmt::format("{}: {:.0f}/{:.0f} MB ({:.0f}%), {:.1f}M rows, {:.2f}M rows/s, ETA {:.0f} s   ", label_,
                     static_cast<double>(bytes) / 1e6, static_cast<double>(size) / 1e6, fraction * 100,
                     static_cast<double>(rows) / 1e6, static_cast<double>(rows) / 1e6 / seconds, eta);
}

void ProgressMeter::run() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, std::chrono::milliseconds(500), [this] { return stopping_; })) {
    fmt::print(stderr, "\r{}", line());
    std::fflush(stderr);
  }
}

}  // namespace tapelab::ingest
