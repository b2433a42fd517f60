#include "gen/gzip.h"

#include <isa-l/crc.h>
#include <isa-l/igzip_lib.h>
#include <zlib.h>

#include <vector>

#include "util/error.h"

namespace tapelab::gen {

DeflatedPiece deflate_piece(std::string_view text, bool last) {
  DeflatedPiece piece;
  piece.raw_size = text.size();
  piece.crc = crc32_gzip_refl(0, reinterpret_cast<const unsigned char*>(text.data()), text.size());

  std::vector<uint8_t> level_buffer(ISAL_DEF_LVL1_DEFAULT);
  isal_zstream stream;
  isal_deflate_init(&stream);
  stream.level = 1;
  stream.level_buf = level_buffer.data();
  stream.level_buf_size = static_cast<uint32_t>(level_buffer.size());
  stream.gzip_flag = IGZIP_DEFLATE;
  stream.flush = last ? NO_FLUSH : SYNC_FLUSH;
  stream.end_of_stream = last ? 1 : 0;

  // Text compresses at least 3:1; the buffer grows in the rare case it does not.
  piece.data.resize(text.size() / 3 + 4096);
  size_t in_done = 0;
  size_t out_done = 0;
  for (;;) {
    const size_t in_chunk = std::min<size_t>(text.size() - in_done, 1u << 30);
    stream.next_in = reinterpret_cast<uint8_t*>(const_cast<char*>(text.data() + in_done));
    stream.avail_in = static_cast<uint32_t>(in_chunk);
    const bool final_input = in_done + in_chunk == text.size();
    stream.end_of_stream = (last && final_input) ? 1 : 0;
    do {
      if (out_done == piece.data.size()) piece.data.resize(piece.data.size() * 2);
      stream.next_out = reinterpret_cast<uint8_t*>(piece.data.data() + out_done);
      stream.avail_out = static_cast<uint32_t>(std::min<size_t>(piece.data.size() - out_done, 1u << 30));
      const uint32_t before = stream.avail_out;
      if (isal_deflate(&stream) != COMP_OK) fail("gzip: igzip compression failed");
      out_done += before - stream.avail_out;
    } while (stream.avail_in > 0 || stream.avail_out == 0);
    in_done += in_chunk;
    if (final_input) break;
  }
  if (last && stream.internal_state.state != ZSTATE_END) fail("gzip: igzip did not end the stream");
  piece.data.resize(out_done);
  return piece;
}

GzipFileWriter::GzipFileWriter(const std::filesystem::path& path) : file_(path) {
  // ID1 ID2 CM=deflate FLG=0 MTIME=0 XFL=0 OS=3 (Unix), as `gzip -n` writes it.
  static constexpr unsigned char kHeader[10] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};
  file_.write(kHeader, sizeof kHeader);
}

void GzipFileWriter::append(const DeflatedPiece& piece) {
  file_.write(piece.data);
  crc_ = static_cast<uint32_t>(crc32_combine(crc_, piece.crc, static_cast<z_off_t>(piece.raw_size)));
  raw_size_ += piece.raw_size;
}

void GzipFileWriter::finish() {
  unsigned char trailer[8];
  for (int i = 0; i < 4; ++i) {
    trailer[i] = static_cast<unsigned char>(crc_ >> (8 * i));
    trailer[4 + i] = static_cast<unsigned char>(raw_size_ >> (8 * i));
  }
  file_.write(trailer, sizeof trailer);
  file_.commit();
}

}  // namespace tapelab::gen
