import { lineOf } from '../../../src/snapshot/snapshot.js';
import { parseXmlSafely, xmlParser } from '../xml.js';
import type { SpecProblem } from './types.js';

/** Element name → element(s); every element is an array, attributes are `@_name`, text is `#text`. */
export type XmlElement = Record<string, unknown>;

const parser = xmlParser({
  removeNSPrefix: true,
  isArray: (_name, _path, _isLeaf, isAttribute) => !isAttribute,
});

/** Well-formedness first (with the error's line), then a parse into plain objects. */
export function parseXml(
  path: string,
  text: string,
): { root: XmlElement; error?: undefined } | { error: SpecProblem } {
  const parsed = parseXmlSafely(parser, text);
  if ('value' in parsed) return { root: parsed.value };
  const { line, column, message } = parsed.error;
  return { error: { path, line, ...(column ? { column } : {}), severity: 'error', message } };
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
