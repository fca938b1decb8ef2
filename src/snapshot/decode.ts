/**
 * Bytes to text, as a snapshot reads a file. UTF-8 unless a byte-order mark says UTF-16: Windows
 * tools write `.reg`, `.ps1`, `.config` and exported settings in UTF-16, whose NUL bytes git's
 * test would otherwise call binary, and a secret in them would go unscanned without a word. A file
 * that claims an encoding it does not hold is `undecodable`: listed, not read, and counted as such.
 */

/** Bytes inspected for a NUL to call a file binary (git's own heuristic, `buffer_is_binary`). */
export const BINARY_SNIFF_BYTES = 8000;

export function isBinary(buffer: Uint8Array): boolean {
  const end = Math.min(buffer.length, BINARY_SNIFF_BYTES);
  for (let i = 0; i < end; i++) if (buffer[i] === 0) return true;
  return false;
}

/**
 * Whether a file whose first bytes are `head` (its first {@link BINARY_SNIFF_BYTES}, or all of it)
 * decodes as binary, whatever follows: no byte-order mark, and a NUL among the bytes sniffed. A
 * reader can stop there instead of reading a large image or archive to the end.
 */
export function binaryFromStart(head: Uint8Array): boolean {
  const b0 = head[0];
  const b1 = head[1];
  const marked =
    (b0 === 0xff && b1 === 0xfe) ||
    (b0 === 0xfe && b1 === 0xff) ||
    (b0 === 0 && b1 === 0 && head[2] === 0xfe && head[3] === 0xff);
  return !marked && isBinary(head);
}

export type Decoded =
  { kind: 'text'; text: string } | { kind: 'binary' } | { kind: 'undecodable'; encoding: string };

const UTF16LE = new TextDecoder('utf-16le', { fatal: true });

/** The text of a file's bytes, or why there is none. */
export function decodeText(buffer: Buffer): Decoded {
  const b0 = buffer[0];
  const b1 = buffer[1];
  // FF FE 00 00 is UTF-32's mark, which no check reads.
  if (b0 === 0xff && b1 === 0xfe && !(buffer[2] === 0 && buffer[3] === 0)) return utf16(buffer, 'UTF-16LE');
  if (b0 === 0xfe && b1 === 0xff) return utf16(buffer, 'UTF-16BE');
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0 && b1 === 0 && buffer[2] === 0xfe && buffer[3] === 0xff))
    return { kind: 'undecodable', encoding: 'UTF-32' };
  if (isBinary(buffer)) return { kind: 'binary' };
  return { kind: 'text', text: buffer.toString('utf8') };
}

function utf16(buffer: Buffer, encoding: 'UTF-16LE' | 'UTF-16BE'): Decoded {
  // An odd length or an unpaired surrogate is not UTF-16, whatever the mark says.
  if (buffer.length % 2 !== 0) return { kind: 'undecodable', encoding };
  // Big-endian is swapped into little-endian: the one UTF-16 decoder every Node build has.
  const bytes = encoding === 'UTF-16BE' ? Buffer.from(buffer).swap16() : buffer;
  let text: string;
  try {
    text = UTF16LE.decode(bytes);
  } catch {
    return { kind: 'undecodable', encoding };
  }
  // The decoder drops the mark. A NUL in the text is binary data behind a lucky first two bytes.
  return text.slice(0, BINARY_SNIFF_BYTES).includes('\u0000') ? { kind: 'binary' } : { kind: 'text', text };
}
