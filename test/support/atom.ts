import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * RFC 4287's rules for an Atom feed document, as a list of what breaks them (empty when valid):
 * well-formed XML; atom:feed in the Atom namespace; feed and entry cardinalities (§4.1.1, §4.1.2);
 * absolute IRIs for ids (§4.2.6); RFC 3339 dates (§3.3); text construct types (§3.1); links with
 * href and at most one alternate per type and hreflang (§4.2.7); person constructs with one name
 * (§3.2); an author for every entry, from the feed or its own (§4.1.1); content or an alternate
 * link for every entry (§4.1.2); unique entry ids (§4.2.6).
 */
const ATOM_NS = 'http://www.w3.org/2005/Atom';
const DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;
const ABSOLUTE_IRI = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;

type Node = Record<string, unknown>;

const children = (node: Node, name: string): Node[] => {
  const value = node[name];
  return value === undefined ? [] : (value as Node[]);
};
/** A leaf without attributes parses as its text; with attributes, as an object holding `#text`. */
const textOf = (node: Node | string): string =>
  typeof node === 'string' ? node : String(node['#text'] ?? '');

export function atomViolations(xml: string): string[] {
  const problems: string[] = [];
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return [`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`];
  const parsed = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
    parseTagValue: false,
    trimValues: true,
  }).parse(xml) as Node;
  const feeds = children(parsed, 'feed');
  if (feeds.length !== 1) return ['the document element must be atom:feed'];
  const feed = feeds[0] as Node;
  if (feed['@xmlns'] !== ATOM_NS) problems.push(`atom:feed must be in the namespace ${ATOM_NS}`);

  const exactlyOne = (node: Node, where: string, names: string[]): void => {
    for (const n of names)
      if (children(node, n).length !== 1) problems.push(`${where} must have exactly one atom:${n}`);
  };
  const atMostOne = (node: Node, where: string, names: string[]): void => {
    for (const n of names)
      if (children(node, n).length > 1) problems.push(`${where} must not have more than one atom:${n}`);
  };
  const checkDates = (node: Node, where: string): void => {
    for (const n of ['updated', 'published'])
      for (const d of children(node, n))
        if (!DATE.test(textOf(d)))
          problems.push(`${where} atom:${n} is not an RFC 3339 date-time: ${textOf(d)}`);
  };
  const checkText = (node: Node, where: string): void => {
    for (const n of ['title', 'subtitle', 'summary', 'rights'])
      for (const t of children(node, n)) {
        const type = t['@type'];
        if (type !== undefined && !['text', 'html', 'xhtml'].includes(String(type)))
          problems.push(`${where} atom:${n} has type ${String(type)}`);
      }
  };
  const checkLinks = (node: Node, where: string): void => {
    const alternates = new Set<string>();
    for (const link of children(node, 'link')) {
      if (typeof link['@href'] !== 'string' || link['@href'] === '')
        problems.push(`${where} atom:link without href`);
      const rel = String(link['@rel'] ?? 'alternate');
      if (rel === 'alternate') {
        const key = `${String(link['@type'] ?? '')}|${String(link['@hreflang'] ?? '')}`;
        if (alternates.has(key))
          problems.push(`${where} has two alternate links with the same type and hreflang`);
        alternates.add(key);
      }
    }
    return;
  };
  const checkPeople = (node: Node, where: string): void => {
    for (const n of ['author', 'contributor'])
      for (const p of children(node, n))
        if (typeof p === 'string' || children(p, 'name').length !== 1)
          problems.push(`${where} atom:${n} must have exactly one atom:name`);
  };
  const checkId = (node: Node, where: string): string | undefined => {
    const id = children(node, 'id')[0];
    if (!id) return undefined;
    if (!ABSOLUTE_IRI.test(textOf(id)))
      problems.push(`${where} atom:id is not an absolute IRI: ${textOf(id)}`);
    return textOf(id);
  };

  exactlyOne(feed, 'atom:feed', ['id', 'title', 'updated']);
  atMostOne(feed, 'atom:feed', ['generator', 'icon', 'logo', 'rights', 'subtitle']);
  checkDates(feed, 'atom:feed');
  checkText(feed, 'atom:feed');
  checkLinks(feed, 'atom:feed');
  checkPeople(feed, 'atom:feed');
  checkId(feed, 'atom:feed');
  if (!children(feed, 'link').some((l) => l['@rel'] === 'self'))
    problems.push('atom:feed should have a self link');
  const feedAuthor = children(feed, 'author').length > 0;
  const ids = new Set<string>();
  children(feed, 'entry').forEach((entry, i) => {
    const where = `atom:entry[${i}]`;
    exactlyOne(entry, where, ['id', 'title', 'updated']);
    atMostOne(entry, where, ['content', 'published', 'rights', 'source', 'summary']);
    checkDates(entry, where);
    checkText(entry, where);
    checkLinks(entry, where);
    checkPeople(entry, where);
    const id = checkId(entry, where);
    if (id !== undefined) {
      if (ids.has(id)) problems.push(`${where} repeats the id ${id}`);
      ids.add(id);
    }
    if (!feedAuthor && children(entry, 'author').length === 0) problems.push(`${where} has no author`);
    const alternate = children(entry, 'link').some((l) => String(l['@rel'] ?? 'alternate') === 'alternate');
    if (children(entry, 'content').length === 0 && !alternate)
      problems.push(`${where} needs atom:content or an alternate link`);
  });
  return problems;
}
