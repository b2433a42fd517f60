#include "util/huge_pages.h"

#include <sys/mman.h>

#include <cstdint>
#include <new>

namespace tapelab {

namespace {
constexpr std::size_t kHugePage = std::size_t{2} << 20;

std::size_t round_up(std::size_t bytes) { return (bytes + kHugePage - 1) / kHugePage * kHugePage; }
}  // namespace

void HugePageDeleter::operator()(void* p) const {
  if (p) ::munmap(p, round_up(bytes));
}

HugePageMemory allocate_huge_pages(std::size_t bytes) {
  const std::size_t size = round_up(bytes == 0 ? 1 : bytes);
  // Map one huge page more than needed and trim both ends, so the block
  // starts on a 2 MiB boundary (a huge page cannot straddle one).
  const std::size_t mapped = size + kHugePage;
  void* raw = ::mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) throw std::bad_alloc();
  const auto start = reinterpret_cast<std::uintptr_t>(raw);
  const std::uintptr_t aligned = (start + kHugePage - 1) / kHugePage * kHugePage;
  if (aligned > start) ::munmap(raw, aligned - start);
  const std::uintptr_t end = start + mapped;
  if (end > aligned + size) ::munmap(reinterpret_cast<void*>(aligned + size), end - (aligned + size));
  void* p = reinterpret_cast<void*>(aligned);
  ::madvise(p, size, MADV_HUGEPAGE);  // advice only: without THP the pages are small
  return HugePageMemory(p, HugePageDeleter{size});
}

}  // namespace tapelab
