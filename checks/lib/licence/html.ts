/**
 * The text of an HTML licence file (license.html, as the Eclipse Foundation publishes the EPL): the
 * head, styles and scripts go, block elements become line breaks, and character references are decoded.
 * Bounded: every pattern is linear in the text.
 */
const NAMED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  copy: '©',
  ndash: '–',
  mdash: '—',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
};

/** Removes each element named (with its content) and comments, scanning forward once. */
function withoutElements(html: string, names: readonly string[]): string {
  const lower = html.toLowerCase();
  let out = '';
  let at = 0;
  while (at < html.length) {
    const open = lower.indexOf('<', at);
    if (open < 0) break;
    let end = -1;
    if (lower.startsWith('<!--', open)) {
      const close = lower.indexOf('-->', open + 4);
      end = close < 0 ? html.length : close + 3;
    } else {
      const name = names.find(
        (n) => lower.startsWith(`<${n}`, open) && !/[a-z0-9]/.test(lower[open + n.length + 1] ?? ''),
      );
      if (name !== undefined) {
        const close = lower.indexOf(`</${name}`, open);
        const gt = close < 0 ? -1 : lower.indexOf('>', close);
        end = gt < 0 ? html.length : gt + 1;
      }
    }
    if (end < 0) {
      out += html.slice(at, open + 1);
      at = open + 1;
    } else {
      out += `${html.slice(at, open)} `;
      at = end;
    }
  }
  return out + html.slice(at);
}

export function htmlToText(html: string): string {
  return withoutElements(html, ['head', 'style', 'script'])
    .replace(/<\/?(?:p|div|br|li|ul|ol|h[1-6]|tr|table|section|article|blockquote|pre|hr)\b[^>]*>/gi, '\n')
    .replace(/<[^<>]*>/g, ' ')
    .replace(/&#(\d{1,7});/g, (whole, n: string) => {
      const code = Number(n);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    })
    .replace(/&#x([0-9a-f]{1,6});/gi, (whole, n: string) => {
      const code = parseInt(n, 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    })
    .replace(/&([a-z]+);/gi, (whole, name: string) => NAMED[name.toLowerCase()] ?? whole)
    .replace(/[ \t]+/g, ' ');
}

/** Whether a file name is an HTML page. */
export const isHtml = (path: string): boolean => /\.x?html?$/i.test(path);
