import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstIndexes, OPEN_STANDARDS_CATALOGUE } from './open-standards.js';

/** What firstIndexes must equal: indexOf for every marker. */
const byIndexOf = (text: string, markers: readonly string[]): Map<string, number> =>
  new Map(markers.flatMap((m) => (text.includes(m) ? [[m, text.indexOf(m)] as const] : [])));

describe('firstIndexes', () => {
  it('finds overlapping markers, a marker inside another, and repeated ones where indexOf does', () => {
    const markers = ['abc', 'bcd', 'b', 'abcde', 'zz', 'a|b', '^~\\&'];
    const text = 'xxabcdeyy a|b MSH|^~\\&| abc';
    expect(firstIndexes(text, markers)).toEqual(byIndexOf(text, markers));
    expect(Object.fromEntries(firstIndexes(text, markers))).toEqual({
      abc: 2,
      abcde: 2,
      b: 3,
      bcd: 3,
      'a|b': 10,
      '^~\\&': 18,
    });
  });

  it('agrees with indexOf on the catalogue’s markers', () => {
    const markers = OPEN_STANDARDS_CATALOGUE.standards.flatMap((s) => s.content);
    const text = `{"system": "http://snomed.info/sct", "url": "http://hl7.org/fhir/StructureDefinition/x",
      "type": "oauth2", "resourceType": "Bundle", "uprn": 1, "http://loinc.org": "http://snomed.info/sct"}`;
    expect(firstIndexes(text, markers)).toEqual(byIndexOf(text, markers));
    expect(firstIndexes(text, markers).size).toBe(6);
  });

  it('agrees with indexOf on any text and markers', () => {
    const small = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '|', '.', '\n'), maxLength: 4 });
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', 'c', '|', '.', '\n'), maxLength: 60 }),
        fc.array(small, { maxLength: 8 }),
        (text, markers) => {
          expect(firstIndexes(text, markers)).toEqual(byIndexOf(text, markers));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
