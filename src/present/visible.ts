/**
 * Characters that change how text looks or behaves without being seen: controls (terminal escape
 * sequences start with ESC or C1 CSI), bidirectional overrides and isolates (CVE-2021-42574,
 * "Trojan Source"), zero-width and other format characters, line and paragraph separators, lone
 * surrogates, variation selectors and Hangul fillers (both used to hide text). Tab is kept.
 */
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}\p{Cs}\ufe00-\ufe0f\u{e0100}-\u{e01ef}\u115f\u1160\u3164\uffa0]/gu;

/**
 * Repository text made visible: C0 controls become their Unicode control pictures (ESC → ␛, line
 * feed → ␊), every other invisible character its code point in brackets (`⟨U+202E⟩`). Nothing is
 * deleted, so a reader sees that something was there and what it was.
 */
export function visible(text: string): string {
  return text.replace(INVISIBLE, (c) => {
    const code = c.codePointAt(0) as number;
    if (code < 0x20) return String.fromCodePoint(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return `⟨U+${code.toString(16).toUpperCase().padStart(4, '0')}⟩`;
  });
}

/** True when {@link visible} would change the text. */
export const hasInvisible = (text: string): boolean => {
  INVISIBLE.lastIndex = 0;
  return INVISIBLE.test(text);
};

/**
 * {@link visible} for text that keeps its line structure: what the CLI writes to stderr, or a
 * report for a file shown on a terminal. Line feeds and tabs stay; every other control, escape,
 * bidirectional or zero-width character is shown, so repository text cannot drive the terminal.
 */
export function visibleLines(text: string): string {
  return text.split('\n').map(visible).join('\n');
}
