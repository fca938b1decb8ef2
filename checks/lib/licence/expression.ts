import parse, { type ConjunctionInfo, type LicenseInfo } from 'spdx-expression-parse';

/** A parsed SPDX licence expression (SPDX specification annex D). */
export interface ParsedExpression {
  expression: string;
  /** Licence ids in order of appearance, without `+` or exceptions. */
  licences: string[];
  /** Whether any `OR` offers a choice. */
  hasChoice: boolean;
}

function walk(node: LicenseInfo | ConjunctionInfo, out: ParsedExpression): void {
  if ('conjunction' in node) {
    if (node.conjunction === 'or') out.hasChoice = true;
    walk(node.left, out);
    walk(node.right, out);
    return;
  }
  // LicenseRef-… ids are valid expressions but name no SPDX licence.
  out.licences.push(node.license);
}

/** Parses an SPDX expression ("MIT OR Apache-2.0"); undefined when it is not valid. */
export function parseExpression(expression: string): ParsedExpression | undefined {
  const trimmed = expression.trim();
  if (trimmed === '') return undefined;
  try {
    const out: ParsedExpression = { expression: trimmed, licences: [], hasChoice: false };
    walk(parse(trimmed), out);
    return out;
  } catch {
    return undefined;
  }
}

/** Whether `id` is an SPDX licence reference that names no listed licence (LicenseRef-…). */
export const isLicenceRef = (id: string): boolean => /^(DocumentRef-[^:]+:)?LicenseRef-/.test(id);
