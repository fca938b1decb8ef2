import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { lineOf } from '../../../src/snapshot/snapshot.js';
import type { SpecProblem } from './types.js';

/** Element name → element(s); every element is an array, attributes are `@_name`, text is `#text`. */
export type XmlElement = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  removeNSPrefix: true,
  isArray: (_name, _path, _isLeaf, isAttribute) => !isAttribute,
  // A spec is data, not a document to render: never expand entities (XXE-style blow-ups).
  processEntities: false,
});

/** Well-formedness first (with the error's line), then a parse into plain objects. */
export function parseXml(
  path: string,
  text: string,
): { root: XmlElement; error?: undefined } | { error: SpecProblem } {
  const verdict = XMLValidator.validate(text, { allowBooleanAttributes: true });
  if (verdict !== true) {
    return {
      error: {
        path,
        line: verdict.err.line,
        column: verdict.err.col,
        severity: 'error',
        message: verdict.err.msg,
      },
    };
  }
  return { root: parser.parse(text) as XmlElement };
}

/** Child elements named `name` (namespace prefix removed). */
export function children(element: unknown, name: string): XmlElement[] {
  if (element === null || typeof element !== 'object') return [];
  const value = (element as XmlElement)[name];
  return Array.isArray(value) ? (value as XmlElement[]) : [];
}

export function attribute(element: XmlElement | undefined, name: string): string | undefined {
  const value = element?.[`@_${name}`];
  return typeof value === 'string' ? value : undefined;
}

/** 1-based line of the first `<name` (any prefix) in the text, or 1. */
export function lineOfElement(text: string, name: string): number {
  const match = new RegExp(`<(?:[\\w.-]+:)?${name}[\\s/>]`).exec(text);
  return match ? lineOf(text, match.index) : 1;
}
