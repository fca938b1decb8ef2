/**
 * Licence notices as projects wrote them before SPDX tags: the Apache, MPL, GNU, EUPL, MIT and BSD
 * boilerplate at the top of a source file, and the copyright line of a licence file.
 */

/** Comment markers and line breaks folded away, so a notice split over `//`, `#` or ` * ` lines reads as prose. */
function prose(text: string): string {
  return text
    .replace(/(^|\n)[ \t]*(?:\/\*+|\*+\/?|\/\/+|#+|--|;+|<!--|\{-|rem\b|')?/gi, ' ')
    .replace(/\s+/g, ' ');
}

interface NoticeRule {
  test: RegExp;
  spdx: (m: RegExpExecArray) => string;
}

const GNU_KINDS: Record<string, string> = { lesser: 'LGPL', library: 'LGPL', affero: 'AGPL', '': 'GPL' };

const RULES: readonly NoticeRule[] = [
  { test: /Licensed under the Apache License,? Version 2\.0/i, spdx: () => 'Apache-2.0' },
  {
    test: /subject to the terms of the Mozilla Public License,? v(?:ersion|\.)? ?(2\.0|1\.1)/i,
    spdx: (m) => `MPL-${m[1]}`,
  },
  {
    // "version 3 of the License, or (at your option) any later version"
    test: /GNU (Lesser |Library |Affero )?General Public License.{0,200}?version (2(?:\.1)?|3)\b(.{0,60}?or \(at your option\) any later version)?/i,
    spdx: (m) => {
      const kind = GNU_KINDS[(m[1] ?? '').trim().toLowerCase()] ?? 'GPL';
      const version =
        kind === 'LGPL' && m[2] === '2' ? '2.0' : m[2] === '2' || m[2] === '3' ? `${m[2]}.0` : m[2];
      return `${kind}-${version}-${m[3] ? 'or-later' : 'only'}`;
    },
  },
  {
    test: /Licensed under the EUPL,? (?:Version |v\.? ?)?(1\.[012])/i,
    spdx: (m) => `EUPL-${m[1]}`,
  },
  {
    test: /Permission is hereby granted, free of charge, to any person obtaining a copy/i,
    spdx: () => 'MIT',
  },
  {
    test: /Redistribution and use in source and binary forms, with or without modification, are permitted(.{0,1200}?Neither the name)?/i,
    spdx: (m) => (m[1] ? 'BSD-3-Clause' : 'BSD-2-Clause'),
  },
];

/**
 * A word each rule needs (Apache, Mozilla, GNU, EUPL, Permission, Redistribution), tested on the header
 * as written: folding comments into prose never joins or splits a word, so a header without one of
 * them holds no notice, and most source files are not folded at all.
 */
const NOTICE_WORD = /apache|mozilla|gnu|eupl|permission|redistribution/i;

/** The SPDX id a licence notice in a file's header stands for, if it carries one of the common ones. */
export function licenceNotice(header: string): string | undefined {
  if (!NOTICE_WORD.test(header)) return undefined;
  const text = prose(header);
  for (const rule of RULES) {
    const m = rule.test.exec(text);
    if (m) return rule.spdx(m);
  }
  return undefined;
}

/** `Copyright (c) 2018-2024 Holder`, `© Crown copyright 2020`, `SPDX-FileCopyrightText: 2024 Holder`. */
const COPYRIGHT_LINE =
  /^[ \t]*(?:(?:<!--|[#*/;-]+)[ \t]*)?(?:SPDX-FileCopyrightText:|Copyright\b|©|\(c\))[ \t]*(?:\(c\)|©)?[ \t]*(.*)$/gim;
const YEARS = /^(?:\d{4}(?:\s*[-–,]\s*\d{4}|\s*-\s*present)*[,.]?\s*)+/i;
/** Licence templates' own placeholders, and the copyright of a licence's text rather than the code. */
const NOT_A_HOLDER = /[<[{]|free software foundation|\bnotice\b|\bholders?\b|^(?:and|or|to|by|of|the|law)\b/i;

/** Copyright holders named in a text, in order: years cut, licence templates' placeholders left out. */
export function copyrightHolders(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(COPYRIGHT_LINE)) {
    const holder = (m[1] ?? '')
      .replace(YEARS, '')
      .replace(/^(?:\(c\)|©)\s*/i, '')
      .replace(YEARS, '')
      .replace(/\s*(?:\*\/|-->)\s*$/, '')
      .replace(/,?\s*all rights reserved\.?$/i, '')
      .replace(/[.,;\s]+$/, '')
      .replace(/,?\s+\d{4}(?:\s*[-–]\s*\d{4})?$/, '')
      .trim();
    if (holder.length < 2 || holder.length > 120 || NOT_A_HOLDER.test(holder)) continue;
    out.push(holder);
  }
  return out;
}
