import { parseXmlSafely, xmlParser, type XmlParseError } from '../xml.js';

// Versions like 1.10 must stay strings.
const parser = xmlParser({ parseTagValue: false, parseAttributeValue: false });

/** Parses XML, reporting the line of the first well-formedness error instead of throwing. */
export function parseXml(text: string): { value: Record<string, unknown> } | { error: XmlParseError } {
  return parseXmlSafely(parser, text);
}
