// Deterministic random streams.
//
// Every piece of the market (an underlying's day, a contract's day, a strike's
// cadence) draws from its own stream, keyed by the seed and labels that name
// the piece. A stream never depends on what else is generated, in which order,
// or on which thread, so the same flags give the same bytes and two folders
// that share a day share that day's rows.
#pragma once

#include <cmath>
#include <cstdint>
#include <string_view>

namespace tapelab::gen {

// SplitMix64's finalizer: a bijective mix with good avalanche.
constexpr uint64_t mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

// Extends a stream key with a number or a label.
constexpr uint64_t derive(uint64_t key, uint64_t value) {
  return mix64(key ^ mix64(value + 0x9e3779b97f4a7c15ULL));
}
constexpr uint64_t derive(uint64_t key, std::string_view label) {
  uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a: cheap and stable across platforms
  for (char c : label) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  return derive(key, h);
}

// xoshiro256**: fast, small state, statistically strong enough for simulation.
class Rng {
 public:
  explicit Rng(uint64_t key) {
    for (auto& s : state_) {
      key += 0x9e3779b97f4a7c15ULL;
      s = mix64(key);
    }
  }

  uint64_t next() {
    const uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  bool chance(double p) { return uniform() < p; }
  // Uniform integer in [0, n); n > 0.
  int64_t below(int64_t n) { return static_cast<int64_t>(uniform() * static_cast<double>(n)); }
  double exponential(double mean) { return -mean * std::log1p(-uniform()); }
  // Standard normal (Box-Muller; one value per call keeps the stream simple).
  double normal() {
    const double u1 = 1.0 - uniform();  // (0, 1]
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t state_[4];
};

}  // namespace tapelab::gen
