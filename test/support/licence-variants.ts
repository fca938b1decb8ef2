/**
 * Licence files as repositories hold them, made from an SPDX text: a markdown title, lines rewrapped
 * at 72 columns, a Crown copyright line in place of the template's, and British spelling. Shared by
 * the licence identification tests and `npm run bench -- licences`.
 */

const CROWN = 'Copyright (c) 2024 Crown Copyright (Department for Education)';
const COPYRIGHT_STATEMENT = /^\s*(?:copyright\s*(?:\(c\)|©|\d{4}|[<[])|©|\(c\)\s)/i;

/** British spelling of the noun and of -ize words, outside URLs. */
function british(text: string): string {
  return text
    .replace(/(?<![/\w.-])(L|l)icense(s?)\b/g, (_w, l: string, s: string) => `${l}icence${s}`)
    .replace(/(?<![/\w.-])LICENSE(S?)\b/g, 'LICENCE$1')
    .replace(
      /\b(organi|authori|recogni|characteri|utili|reali|summari|minimi|emphasi|finali)z(e|ed|es|ing|ation|ations)\b/gi,
      '$1s$2',
    );
}

/** Joins each paragraph and wraps it at 72 columns; copyright statements keep their own line. */
function rewrap(text: string): string {
  const paragraphs = text.replace(/\r\n?/g, '\n').split(/\n\s*\n/);
  return paragraphs
    .map((p) => {
      const lines = p.split('\n');
      const out: string[] = [];
      let words: string[] = [];
      const flush = (): void => {
        let line = '';
        for (const w of words) {
          if (line !== '' && line.length + 1 + w.length > 72) {
            out.push(line);
            line = w;
          } else line = line === '' ? w : `${line} ${w}`;
        }
        if (line !== '') out.push(line);
        words = [];
      };
      for (const l of lines) {
        if (COPYRIGHT_STATEMENT.test(l)) {
          flush();
          out.push(l.trim());
        } else words.push(...l.trim().split(/\s+/).filter(Boolean));
      }
      flush();
      return out.join('\n');
    })
    .join('\n\n');
}

/** A licence file as a repository holds it. */
export function variant(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let replaced = false;
  const withCrown = lines.map((l) => {
    if (!COPYRIGHT_STATEMENT.test(l)) return l;
    replaced = true;
    return CROWN;
  });
  const first = (withCrown[0] ?? '').trim();
  const titled =
    first !== '' && first.length < 80 && !/[.:,;]$/.test(first) && !COPYRIGHT_STATEMENT.test(first);
  const body = titled ? withCrown.slice(1).join('\n') : withCrown.join('\n');
  const title = titled ? `# ${first}` : '# Licence';
  return british(`${title}\n\n${replaced ? '' : `${CROWN}\n\n`}${rewrap(body.trim())}\n`);
}

/**
 * A harsher variant: the repository variant, then curly quotes, numbered clauses turned into
 * markdown bullets, every line indented, and a trailing sentence that is not part of the licence.
 */
export function hardVariant(text: string): string {
  return (
    variant(text)
      .replace(/"([^"\n]*)"/g, '“$1”')
      .replace(/^(\s*)(?:\d{1,2}|[a-z])[.)]\s+/gm, '$1- ')
      .split('\n')
      .map((l) => (l.trim() === '' || l.startsWith('#') ? l : `    ${l}`))
      .join('\n') + '\nQuestions about this licence: open an issue on the repository.\n'
  );
}
