/**
 * A CODEOWNERS parser that reports lines GitHub would not understand.
 * https://docs.github.com/en/repositories/managing-your-repositorys-settings-and-features/customizing-your-repository/about-code-owners#codeowners-syntax
 */

export interface CodeownersRule {
  pattern: string;
  owners: string[];
  line: number;
}

export type CodeownersDefectCode = 'badOwner' | 'unsupportedPattern';

export interface CodeownersDefect {
  code: CodeownersDefectCode;
  line: number;
  token: string;
}

/** GitHub user names: alphanumerics and single hyphens, at most 39 characters. */
const USER = /^@[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
/** @org/team-slug; team slugs are lower-case alphanumerics, hyphens and underscores. */
const TEAM = /^@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isOwner(token: string): boolean {
  return USER.test(token) || TEAM.test(token) || EMAIL.test(token);
}

export function parseCodeowners(text: string): { rules: CodeownersRule[]; defects: CodeownersDefect[] } {
  const rules: CodeownersRule[] = [];
  const defects: CodeownersDefect[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    // A # starts a comment unless escaped (\#) as the start of a pattern.
    const content = raw.replace(/(^|\s)#.*$/, '$1').trim();
    if (content === '') return;
    const [pattern = '', ...owners] = content.split(/\s+/);
    // "!" negation and "[ ]" character ranges do not work in CODEOWNERS (GitHub docs, syntax exceptions).
    if (pattern.startsWith('!') || /\[[^\]]*\]/.test(pattern))
      defects.push({ code: 'unsupportedPattern', line, token: pattern });
    for (const owner of owners) if (!isOwner(owner)) defects.push({ code: 'badOwner', line, token: owner });
    rules.push({ pattern, owners, line });
  });
  return { rules, defects };
}
