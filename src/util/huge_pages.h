// Large scratch memory backed by transparent huge pages where the kernel
// offers them.
//
// Why: ingest fills gigabytes of freshly mapped row buffers. With 4 KiB pages
// every page is a separate fault (a few microseconds each on a VM), which
// measured as a tenth of ingest's CPU; a 2 MiB page costs one fault for 512 of
// them. Kernels set to THP "madvise" (Debian's default) give huge pages only
// to mappings that ask, hence this allocator. Where huge pages are off, the
// memory is ordinary anonymous memory.
#pragma once

#include <cstddef>
#include <memory>

namespace tapelab {

struct HugePageDeleter {
  std::size_t bytes = 0;
  void operator()(void* p) const;
};
using HugePageMemory = std::unique_ptr<void, HugePageDeleter>;

// `bytes` of zeroed memory aligned to 2 MiB (rounded up to whole 2 MiB pages).
// Throws std::bad_alloc when the system has no memory to give.
HugePageMemory allocate_huge_pages(std::size_t bytes);

}  // namespace tapelab
