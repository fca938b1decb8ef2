import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { LicenceCorpus } from '../../checks/lib/licence/corpus.js';
import { decodeCorpus } from '../../checks/lib/licence/corpus-encoding.js';

/**
 * The prepared licence index (scripts/build.mjs writes dist/licence-index.bin), as the bundles load
 * it: the part every identification needs is read at once, each template's words when first compared.
 * The file stays open for the process, so a rebuild that replaces it meanwhile cannot mix two
 * versions of the index. Undefined when there is no file at `url`.
 */
export function loadCorpusFile(url: URL): LicenceCorpus | undefined {
  let fd: number;
  try {
    fd = openSync(url, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const size = fstatSync(fd).size;
    const read = (offset: number, length: number): Uint8Array => {
      const bytes = new Uint8Array(length);
      for (let filled = 0; filled < length;) {
        const n = readSync(fd, bytes, filled, length - filled, offset + filled);
        if (n === 0) throw new Error('licence index: truncated or corrupt (rebuild with npm run build)');
        filled += n;
      }
      return bytes;
    };
    return decodeCorpus({ size, read });
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}
