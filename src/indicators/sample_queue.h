// The FIFO of timed samples behind the windowed indicators (monotonic queues,
// window sums, look-backs). A std::deque allocates and frees a block every 32
// samples of 16 bytes, which a signal preset pays for each of the thirty-odd
// contracts it feeds every second; a ring buffer that doubles when full
// reaches its size once and then only moves two indices.
#pragma once

#include <algorithm>
#include <cstddef>

#include <boost/circular_buffer.hpp>

namespace tapelab::indicators {

template <typename T>
class SampleQueue {
 public:
  bool empty() const { return ring_.empty(); }
  std::size_t size() const { return ring_.size(); }
  const T& front() const { return ring_.front(); }
  const T& back() const { return ring_.back(); }
  const T& operator[](std::size_t i) const { return ring_[i]; }

  void push_back(const T& sample) {
    if (ring_.full()) ring_.set_capacity(std::max<std::size_t>(16, 2 * ring_.capacity()));
    ring_.push_back(sample);
  }
  void pop_back() { ring_.pop_back(); }
  void pop_front() { ring_.pop_front(); }

 private:
  boost::circular_buffer<T> ring_;
};

}  // namespace tapelab::indicators
