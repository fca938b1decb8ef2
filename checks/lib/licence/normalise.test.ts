import { describe, expect, it } from 'vitest';
import { licenceTokens } from './normalise.js';

describe('licenceTokens', () => {
  it.each([
    ['Copyright (c) 2024 Crown\nPermission is granted', ['permission', 'is', 'granted']],
    ['© Crown copyright 2020\nText', ['text']],
    ['Crown Copyright 2020\nText', ['text']],
    ['(c) 2020 Someone\nText', ['text']],
    ['# Copyright 2020 X\nText', ['text']],
    ['> Copyright 2020 X\nText', ['text']],
    ['**Copyright 2020 X**\nText', ['text']],
    ['All rights reserved.\nText', ['text']],
    ['  all  rights reserved  \nText', ['text']],
  ])('drops copyright notices and "All rights reserved" on its own line: %j', (text, tokens) => {
    expect(licenceTokens(text)).toEqual(tokens);
  });

  it.each([
    [
      'copyright notice, this list of conditions',
      ['copyright', 'notice', 'this', 'list', 'of', 'conditions'],
    ],
    ['copyright: foo', ['copyright', 'foo']],
    [
      'copyright notice and this permission notice',
      ['copyright', 'notice', 'and', 'this', 'permission', 'notice'],
    ],
    ['Copyright holders and contributors', ['copyright', 'holders', 'and', 'contributors']],
    ['copyright owner or', ['copyright', 'owner', 'or']],
    ['Copyright licence applies', ['copyright', 'license', 'applies']],
    ['copyright law', ['copyright', 'law']],
    ['Copyright statements', ['copyright', 'statements']],
    ['copyright and related rights', ['copyright', 'and', 'related', 'rights']],
    ['copyright or other', ['copyright', 'or', 'other']],
    ['copyright protection', ['copyright', 'protection']],
    ['copyright interest', ['copyright', 'interest']],
    ['copyright in the work', ['copyright', 'in', 'the', 'work']],
    ['copyright of the', ['copyright', 'of', 'the']],
    ['copyright to the', ['copyright', 'to', 'the']],
    ['copyright is owned', ['copyright', 'is', 'owned']],
    ['copyright on the', ['copyright', 'on', 'the']],
    ['copyright for the', ['copyright', 'for', 'the']],
    ['copyright rights', ['copyright', 'rights']],
    ['copyright by the', ['copyright', 'by', 'the']],
    ['copyright will', ['copyright', 'will']],
    ['copyright shall', ['copyright', 'shall']],
    ['copyright act', ['copyright', 'act']],
    ['copyright', ['copyright']],
    ['All rights reserved by X', ['all', 'rights', 'reserved', 'by', 'x']],
  ])('keeps licence text that only begins with "copyright": %j', (text, tokens) => {
    expect(licenceTokens(text)).toEqual(tokens);
  });

  it.each([
    [
      '1. First\n(a) second\niv) third\n• fourth\n- fifth\n* sixth\n+ seventh\n– eighth\n(12) ninth\nx. tenth\n1234. eleventh\nvi. twelfth\n(ivxlc) c',
      [
        'first',
        'second',
        'third',
        'fourth',
        'fifth',
        'sixth',
        'seventh',
        'eighth',
        'ninth',
        'tenth',
        '1234',
        'eleventh',
        'twelfth',
        'ivxlc',
        'c',
      ],
    ],
    ['<year> <copyright holders> [yyyy] [name of copyright owner] <a>', []],
    [
      'Fish &amp; chips &quot;x&quot; &lt;y&gt; &copy; &nbsp; &bogus; &AMP;',
      ['fish', 'and', 'chips', 'x', 'copyright', 'and', 'bogus', 'and'],
    ],
    ['A\r\nB\rC', ['a', 'b', 'c']],
    [
      'https://example.org and http://x.org HTTPS://Y',
      ['http', 'example', 'org', 'and', 'http', 'x', 'org', 'http', 'y'],
    ],
    ['a&b ©', ['a', 'and', 'b', 'copyright']],
    [
      '## Heading\n> quote\n>no-space\n    ####### seven\n---\n***\n___\n===\n- - -\n[link](http://x.org) ![img](a.png) [text](a b)\n<b>bold</b> <a href="x">y</a> **strong** __u__ *em* `code` ~~del~~ ```x```',
      [
        'heading',
        'quote',
        'no',
        'space',
        'seven',
        'link',
        'http',
        'x',
        'org',
        'img',
        'a',
        'png',
        'a',
        'bold',
        'y',
        'strong',
        'u',
        'em',
        'code',
        'del',
        'x',
      ],
    ],
    ["don't it's x-y a_b 3.0", ['don', 't', 'it', 's', 'x', 'y', 'a', 'b', '3', '0']],
  ])(
    'drops list markers, placeholders and markdown; decodes entities; one form of http: %j',
    (text, tokens) => {
      expect(licenceTokens(text)).toEqual(tokens);
    },
  );

  it.each([
    [
      'licence licences licenced licencee licencees licencing licencor licencors sublicence sublicences acknowledgement acknowledgements analogue cancelled catalogue centre cheque fulfil fulfilment judgement labelled labelling modelled offence practise programme programmes travelled whilst wilful',
      [
        'license',
        'licenses',
        'licensed',
        'licensee',
        'licensees',
        'licensing',
        'licensor',
        'licensors',
        'sublicense',
        'sublicenses',
        'acknowledgment',
        'acknowledgments',
        'analog',
        'canceled',
        'catalog',
        'center',
        'check',
        'fulfill',
        'fulfillment',
        'judgment',
        'labeled',
        'labeling',
        'modeled',
        'offense',
        'practice',
        'program',
        'programs',
        'traveled',
        'while',
        'willful',
      ],
    ],
    [
      'organise organises organised organising organisation organisations organiser organisers raise wise noise',
      [
        'organize',
        'organizes',
        'organized',
        'organizing',
        'organization',
        'organizations',
        'organizer',
        'organizers',
        'raise',
        'wise',
        'noise',
      ],
    ],
    [
      'colour colours our ours four hours your yours pour tour sour flour detour devour contour dour odour armours',
      [
        'color',
        'colors',
        'our',
        'ours',
        'four',
        'hours',
        'your',
        'yours',
        'pour',
        'tour',
        'sour',
        'flour',
        'detour',
        'devour',
        'contour',
        'dour',
        'odor',
        'armors',
      ],
    ],
  ])('maps varietal spellings to one form: %j', (text, tokens) => {
    expect(licenceTokens(text)).toEqual(tokens);
  });

  it('drops placeholders of up to 60 characters in angle or square brackets, and reads &nbsp; as a space', () => {
    const x = ' x'.repeat(29);
    const y = ' y'.repeat(30);
    expect(licenceTokens(`free <2024> <owner, org> [x] a&nbsp;b <1${x}> <2${y}> [3${y}]`)).toEqual([
      'free',
      'a',
      'b',
      '2',
      ...y.trim().split(' '),
      '3',
      ...y.trim().split(' '),
    ]);
  });

  it('keeps copyright lines when asked', () => {
    expect(licenceTokens('Copyright (c) 2024 Crown\nAll rights reserved.\nText', true)).toEqual([
      'copyright',
      '2024',
      'crown',
      'all',
      'rights',
      'reserved',
      'text',
    ]);
  });
});
