// The progress line of an ingest on a terminal: bytes of the dumps read, rows
// per second, ETA. Readers only bump atomics; a ticker thread draws the line
// every half second, so progress costs the readers nothing measurable. When
// disabled (stderr is not a terminal) nothing is printed and no thread runs.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace tapelab::ingest {

class ProgressMeter {
 public:
  struct File {
    std::uint64_t size = 0;               // compressed bytes, set before reading
    std::atomic<std::uint64_t> bytes{0};  // compressed bytes read
    std::atomic<std::uint64_t> rows{0};
  };

  ProgressMeter(std::size_t files, bool enabled);
  ~ProgressMeter();
  ProgressMeter(const ProgressMeter&) = delete;
  ProgressMeter& operator=(const ProgressMeter&) = delete;

  File& file(std::size_t i) { return files_[i]; }
  void start(std::string label);  // starts drawing
  void stop();                    // draws the final line
  void start_phase(const std::string& text);  // a line of its own

 private:
  std::string line() const;
  void run();

  std::unique_ptr<File[]> files_;
  std::size_t count_;
  bool enabled_;
  std::string label_;
  std::chrono::steady_clock::time_point began_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace tapelab::ingest
