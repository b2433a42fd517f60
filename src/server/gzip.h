// Content-Encoding: gzip for responses (zlib, level 1: day series are mostly
// doubles, which deflate shrinks little at any level, so speed wins;
// docs/server.md#caching), and what a client's Accept-Encoding allows.
#pragma once

#include <string>
#include <string_view>

namespace tapelab::server {

std::string gzip_compress(std::string_view data);
// Throws Error on bytes that are not one whole gzip member (tests read responses with it).
std::string gzip_decompress(std::string_view data);

// True when Accept-Encoding lists gzip (or *) with a non-zero q.
bool accepts_gzip(std::string_view accept_encoding);

}  // namespace tapelab::server
