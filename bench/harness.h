// Helpers every benchmark binary uses: best-of-N timing and running the Node
// side (tools/interop) for the foreign figures.
#pragma once

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <functional>
#include <stdexcept>
#include <string>

namespace tapelab::bench {

// Seconds of CPU this process has used, all threads together.
inline double process_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

struct Timing {
  double wall = 1e300;  // seconds
  double cpu = 1e300;   // CPU seconds of all threads
};

// The best wall time and the best CPU time of `runs` calls (the page cache
// and the allocator are warm after the first). On a shared machine the CPU
// time is the steadier figure: waiting for a core costs wall time only.
inline Timing best_timing(int runs, const std::function<void()>& body) {
  Timing best;
  for (int i = 0; i < runs; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    const double cpu0 = process_cpu_seconds();
    body();
    best.cpu = std::min(best.cpu, process_cpu_seconds() - cpu0);
    best.wall = std::min(best.wall, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return best;
}

inline double best_seconds(int runs, const std::function<void()>& body) { return best_timing(runs, body).wall; }

// Runs a shell command and returns its stdout; throws when it fails.
inline std::string run_capture(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run " + command);
  char buf[65536];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  if (pclose(pipe) != 0) throw std::runtime_error(command + " failed:\n" + out);
  return out;
}

}  // namespace tapelab::bench
