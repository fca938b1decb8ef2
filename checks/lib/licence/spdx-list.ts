import list from 'spdx-license-list/spdx.json' with { type: 'json' };

/** One licence's facts in the SPDX licence list (spdx-license-list, without the texts). */
export interface SpdxListEntry {
  readonly name: string;
  /** Missing for a few entries. */
  readonly url?: string;
  readonly osiApproved: boolean;
}

/**
 * The SPDX licence list by id, imported as the JSON file it is: the package's CommonJS index made
 * the bundle copy it into a module namespace, one getter per licence (about 700), in each module
 * that imported it, on every start.
 */
export const SPDX_LIST: Readonly<Record<string, SpdxListEntry | undefined>> = list;
