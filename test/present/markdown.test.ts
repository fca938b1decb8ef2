import fc from 'fast-check';
import type { Nodes } from 'mdast';
import { describe, expect, it } from 'vitest';
import { fillMessage } from '../../src/engine/check.js';
import { mdCode, mdMessage, mdText } from '../../src/present/markdown.js';
import { visible } from '../../src/present/visible.js';
import { LINKED_BY_GITHUB, allNodes, parseGfm, renderedText } from '../support/markdown.js';

/** Pieces of Markdown, GitHub and terminal syntax, so random strings hit the interesting cases. */
const TOKENS = [
  '#',
  '# ',
  '@',
  '@octocat',
  '#12',
  'www.',
  'https://',
  'mailto:',
  'ftp://',
  'a@b.co',
  '[',
  ']',
  '(',
  ')',
  '![x](https://t.example/p.gif)',
  '[click](https://phish.example)',
  '<img src=x>',
  '<b>',
  '</b>',
  '<!--',
  '<https://x.example>',
  '!',
  '<',
  '>',
  '`',
  '``',
  '*',
  '**',
  '_',
  '~~',
  '|',
  '\\',
  '&',
  '&lt;',
  '&#60;',
  ';',
  '$',
  '$x$',
  '^',
  '[^1]',
  '[x]: https://x.example',
  '---',
  '===',
  '\n',
  '\r\n',
  ' ',
  '   ',
  '    ',
  '\t',
  '1.',
  '2)',
  '-',
  '+',
  '=',
  ':',
  ':+1:',
  'a',
  'Z',
  '9',
  '\u202e',
  '\u2066',
  '\u200b',
  '\u00ad',
  '\ufeff',
  '\u001b',
  '\u001b[2J',
  '\u009b',
  '\u0007',
  '\u2028',
  '\ud800',
  '> ',
  '- [ ] ',
];
const hostile = fc.oneof(
  fc.string({ unit: fc.constantFrom(...TOKENS), maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

/** Node types only our own markup may produce. */
const MARKUP = new Set([
  'heading',
  'link',
  'linkReference',
  'image',
  'imageReference',
  'html',
  'definition',
  'footnoteReference',
  'footnoteDefinition',
  'delete',
  'emphasis',
  'strong',
  'inlineCode',
  'code',
  'table',
  'blockquote',
  'list',
  'listItem',
  'thematicBreak',
  'break',
]);
const markupIn = (nodes: Nodes[]): string[] => nodes.filter((n) => MARKUP.has(n.type)).map((n) => n.type);
const textOf = (nodes: Nodes[]): string =>
  nodes
    .filter((n) => n.type === 'text')
    .map((n) => (n as { value: string }).value)
    .join('');
const ZWSP = /\u200b/g;

describe('mdText', () => {
  it('renders as exactly the characters it was given, made visible, in running text', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const tree = parseGfm(`before ${mdText(s)} after`);
        const nodes = allNodes(tree);
        expect(markupIn(nodes)).toEqual([]);
        expect(tree.children).toHaveLength(1);
        expect(renderedText(tree).replace(ZWSP, '')).toBe(`before ${visible(s)} after`);
        expect(textOf(nodes)).not.toMatch(LINKED_BY_GITHUB);
      }),
      { numRuns: 300 },
    );
  });

  it('starts no block at the start of a line', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const tree = parseGfm(`**Title**  \n${mdText(s)} end`);
        const nodes = allNodes(tree);
        expect(markupIn(nodes)).toEqual(['strong', 'break']);
        // An empty value leaves our own ` end` at the start of the line, where CommonMark drops the blank.
        expect(renderedText(tree).replace(ZWSP, '')).toBe(s === '' ? 'Titleend' : `Title${visible(s)} end`);
        expect(textOf(nodes)).not.toMatch(LINKED_BY_GITHUB);
      }),
      { numRuns: 300 },
    );
  });

  it('breaks the reproduced injection', () => {
    expect(
      mdText(
        'MIT\n\n# Notice\n[Verify](https://phish.example) ![](https://track.example/p.gif) @octocat <b>',
      ),
    ).toBe(
      'MIT␊␊# Notice␊\\[Verify\\](https:&#8203;//phish.example) !\\[\\](https:&#8203;//track.example/p.gif) @&#8203;octocat \\<b\\>',
    );
    expect(mdText('# Heading')).toBe('\\# Heading');
    expect(mdText('  1. item')).toBe('&#32;&#32;1\\. item');
    expect(mdText('#12 www.x.example')).toBe('\\#&#8203;12 www&#8203;.x.example');
  });
});

describe('mdCode', () => {
  it('is one code span holding exactly the characters, made visible', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const tree = parseGfm(`x ${mdCode(s)} y`);
        const nodes = allNodes(tree);
        expect(markupIn(nodes)).toEqual(['inlineCode']);
        const code = nodes.find((n) => n.type === 'inlineCode') as { value: string };
        expect(code.value).toBe(s === '' ? ' ' : visible(s));
      }),
      { numRuns: 300 },
    );
  });

  it('fences around backticks', () => {
    expect(mdCode('a`b``c')).toBe('```a`b``c```');
    expect(mdCode('`x')).toBe('`` `x ``');
    expect(mdCode(' x ')).toBe('`  x  `');
  });
});

describe('mdMessage', () => {
  /** Our wording: plain words and backtick pairs, never repository text. */
  const wording = fc.string({
    unit: fc.constantFrom('The ', 'file ', '`', 'is ', 'not ', '(', ').', ': '),
    maxLength: 8,
  });

  it('keeps the wording’s code spans and escapes the values in and around them', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(wording, hostile), { minLength: 1, maxLength: 4 }),
        wording,
        (parts, tail) => {
          const template = parts.map(([w], i) => `${w}{{v${i}}}`).join('') + tail;
          const data = Object.fromEntries(parts.map(([, v], i) => [`v${i}`, v]));
          const message = fillMessage(template, data);
          const tree = parseGfm(`- ${mdMessage(message.text, message.filled)}`);
          const nodes = allNodes(tree);
          const pairs = Math.floor((template.split('`').length - 1) / 2);
          expect(markupIn(nodes).filter((t) => t !== 'inlineCode')).toEqual(['list', 'listItem']);
          expect(nodes.filter((n) => n.type === 'inlineCode')).toHaveLength(pairs);
          expect(textOf(nodes)).not.toMatch(LINKED_BY_GITHUB);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('re-fences the wording’s code span around a value with backticks', () => {
    const m = fillMessage('package.json declares `{{declared}}`, not {{other}}.', {
      declared: 'a`b',
      other: '[x](https://e.example)',
    });
    expect(mdMessage(m.text, m.filled)).toBe(
      'package.json declares ``a`b``, not \\[x\\](https:&#8203;//e.example).',
    );
  });

  it('treats a message without recorded values as repository text', () => {
    expect(mdMessage('`x` @y', undefined)).toBe('\\`x\\` @&#8203;y');
  });
});
