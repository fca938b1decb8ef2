/**
 * The one way repository XML is parsed (specifications and manifests alike). Entities are never
 * expanded: no external entity is fetched and no entity bomb grows; a DOCTYPE the parser refuses
 * (an external or parameter entity) is reported as a parse error on that file and line, never thrown.
 */
import { XMLParser, XMLValidator, type X2jOptions } from 'fast-xml-parser';
import { lineOf } from '../../src/snapshot/snapshot.js';

/** Settings every repository XML parser shares; callers add only the shape of the result they want. */
export const XML_SAFE_OPTIONS = {
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  processEntities: false,
  htmlEntities: false,
} as const satisfies Partial<X2jOptions>;

export function xmlParser(shape: Partial<X2jOptions> = {}): XMLParser {
  return new XMLParser({ ...shape, ...XML_SAFE_OPTIONS });
}

export interface XmlParseError {
  message: string;
  line: number;
  column?: number;
}

/** Well-formedness first (with the error's line), then the parse, whose own refusals become errors too. */
export function parseXmlSafely(
  parser: XMLParser,
  text: string,
): { value: Record<string, unknown> } | { error: XmlParseError } {
  const verdict = XMLValidator.validate(text, { allowBooleanAttributes: true });
  if (verdict !== true)
    return { error: { message: verdict.err.msg, line: verdict.err.line, column: verdict.err.col } };
  try {
    return { value: parser.parse(text) as Record<string, unknown> };
  } catch (error) {
    const doctype = text.search(/<!DOCTYPE/i);
    return {
      error: { message: (error as Error).message, line: doctype === -1 ? 1 : lineOf(text, doctype) },
    };
  }
}
