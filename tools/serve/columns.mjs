// Decodes `tapelab serve`'s columnar responses (docs/server.md#columnar-format)
// into typed-array views over the response's own bytes: no value is parsed.
//
//   decodeColumns(arrayBuffer) -> { rows, columns: { name: { type, values, valid } } }
//
// values: Float64Array (f64, time: seconds of the IST wall clock), Float32Array,
// Int32Array (i32, date: days since 1970-01-01), Uint8Array (u8), or for str
// an array of strings. valid: Uint8Array (1 = a value) or null when no row is null.
const decoder = new TextDecoder();

// ASCII text (kinds, option types, clock times: the usual) is decoded once and
// sliced, byte offsets being character offsets there; other text row by row.
function strings(text, offsets, rows) {
  let ascii = true;
  for (let i = 0; i < text.length && ascii; i++) ascii = text[i] < 0x80;
  if (ascii) {
    const all = decoder.decode(text);
    return Array.from({ length: rows }, (_, i) => all.slice(offsets[i], offsets[i + 1]));
  }
  return Array.from({ length: rows }, (_, i) => decoder.decode(text.subarray(offsets[i], offsets[i + 1])));
}

export function decodeColumns(buffer) {
  const bytes = new Uint8Array(buffer);
  const magic = decoder.decode(bytes.subarray(0, 8));
  if (magic !== 'TLCOLS01') throw new Error(`not a tapelab columns response (starts ${JSON.stringify(magic)})`);
  const headerBytes = new DataView(buffer).getUint32(8, true);
  const header = JSON.parse(decoder.decode(bytes.subarray(16, 16 + headerBytes)));
  const body = 16 + headerBytes;
  const view = (Type, [offset, length]) => new Type(buffer, body + offset, length / Type.BYTES_PER_ELEMENT);
  const kinds = { f64: Float64Array, time: Float64Array, f32: Float32Array, i32: Int32Array, date: Int32Array, u8: Uint8Array };
  const columns = {};
  for (const c of header.columns) {
    let values;
    if (c.type === 'str') {
      const offsets = view(Uint32Array, c.offsets);
      values = strings(bytes.subarray(body + c.data[0], body + c.data[0] + c.data[1]), offsets, header.rows);
    } else {
      values = view(kinds[c.type], c.data);
    }
    columns[c.name] = { type: c.type, values, valid: c.valid ? view(Uint8Array, c.valid) : null };
  }
  return { rows: header.rows, columns };
}
