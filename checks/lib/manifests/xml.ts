import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { errorMessage } from './text.js';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Versions like 1.10 must stay strings.
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
});

/** Parses XML, reporting the line of the first well-formedness error instead of throwing. */
export function parseXml(
  text: string,
): { value: Record<string, unknown> } | { error: { message: string; line?: number } } {
  const valid = XMLValidator.validate(text);
  if (valid !== true) return { error: { message: valid.err.msg, line: valid.err.line } };
  try {
    return { value: parser.parse(text) as Record<string, unknown> };
  } catch (e) {
    return { error: { message: errorMessage(e) } };
  }
}
