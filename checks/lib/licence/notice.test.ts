import { describe, expect, it } from 'vitest';
import { copyrightHolders, licenceNotice } from './notice.js';

describe('licenceNotice', () => {
  it.each([
    ['/*\n * Licensed under the Apache License,\n * Version 2.0 (the "License")\n */', 'Apache-2.0'],
    ['# This Source Code Form is subject to the terms of the Mozilla\n# Public License, v. 2.0.', 'MPL-2.0'],
    [
      '// This program is free software: you can redistribute it under the terms of the GNU\n// General Public License as published by the Free Software Foundation, either version 3\n// of the License, or (at your option) any later version.',
      'GPL-3.0-or-later',
    ],
    ['-- Licensed under the EUPL, Version 1.2 or later', 'EUPL-1.2'],
    [
      "' PERMISSION is hereby granted, free of charge,\n' to any person obtaining a copy of this software",
      'MIT',
    ],
    [
      '<!-- Redistribution and use in source and binary forms, with or\n     without modification, are permitted provided that',
      'BSD-2-Clause',
    ],
    [';; Licensed under the Apache License\n;; Version 2.0', 'Apache-2.0'],
    ['{- Licensed under the Apache License,\n{- Version 2.0 -}', 'Apache-2.0'],
    ['REM Licensed under the Apache\nrem License, Version 2.0', 'Apache-2.0'],
    ['### Licensed under the Apache\n### License, Version 2.0', 'Apache-2.0'],
    ['//// Licensed under the Apache\n//// License, Version 2.0', 'Apache-2.0'],
    ['/** Licensed under the Apache\n ** License, Version 2.0 **/', 'Apache-2.0'],
  ])('finds a notice folded over comment lines: %#', (header, spdx) => {
    expect(licenceNotice(header)).toBe(spdx);
  });

  it.each([
    ['subject to the terms of the Mozilla Public License, version 1.1', 'MPL-1.1'],
    ['subject to the terms of the Mozilla Public License v2.0', 'MPL-2.0'],
    [
      'the GNU Lesser General Public License as published by the FSF; version 2.1 of the License',
      'LGPL-2.1-only',
    ],
    [
      'the GNU Lesser General Public License as published by the FSF; either version 2 of the License, or (at your option) any later version',
      'LGPL-2.0-or-later',
    ],
    ['the GNU Library General Public License, version 2', 'LGPL-2.0-only'],
    ['the GNU Affero General Public License, version 3', 'AGPL-3.0-only'],
    ['the GNU General Public License version 2', 'GPL-2.0-only'],
    ['the GNU General Public License, version 2, or (at your option) any later version', 'GPL-2.0-or-later'],
    ['Licensed under the EUPL v1.1', 'EUPL-1.1'],
    ['Licensed under the EUPL v. 1.0', 'EUPL-1.0'],
    ['Licensed under the EUPL 1.2', 'EUPL-1.2'],
    [
      'Redistribution and use in source and binary forms, with or without modification, are permitted provided that: 1. Redistributions of source code retain this notice. 2. Neither the name of the copyright holder nor its contributors may be used.',
      'BSD-3-Clause',
    ],
  ])('reads %j as %s', (header, spdx) => {
    expect(licenceNotice(header)).toBe(spdx);
  });

  it('reads the version within 200 characters of the name, and "any later" within 60 of the version', () => {
    const gpl = (gap: number, laterGap: number): string | undefined =>
      licenceNotice(
        `the GNU General Public License ${'x'.repeat(gap)} version 3 ${'y'.repeat(laterGap)} or (at your option) any later version`,
      );
    // The gaps count the spaces either side.
    expect(gpl(198, 10)).toBe('GPL-3.0-or-later');
    expect(gpl(199, 10)).toBeUndefined();
    expect(gpl(10, 58)).toBe('GPL-3.0-or-later');
    expect(gpl(10, 59)).toBe('GPL-3.0-only');
  });

  it('finds none in a header without a notice', () => {
    expect(licenceNotice('// Copyright 2024 Crown\n// A handler for licence applications\n')).toBeUndefined();
  });

  it('finds none in a header that names a licence body without its notice', () => {
    expect(licenceNotice('// Calls the Apache Kafka client and the GNU readline library')).toBeUndefined();
  });
});

describe('copyrightHolders', () => {
  it.each([
    ['Copyright (c) 2018-2024 Department for Education', ['Department for Education']],
    ['© Crown copyright 2020', ['Crown copyright']],
    ['SPDX-FileCopyrightText: 2024 Government Digital Service', ['Government Digital Service']],
    [' * Copyright 2019, 2021 Home Office. All rights reserved.', ['Home Office']],
    ['# Copyright (C) 2020 - present HM Revenue and Customs', ['HM Revenue and Customs']],
    ['Copyright © 2023 Ministry of Justice.', ['Ministry of Justice']],
    ['Copyright (c) (c) 2024 Natural England', ['Natural England']],
    ['Copyright 2024 (c) Natural England', ['Natural England']],
    ['Copyright 2020–2022 Welsh Government', ['Welsh Government']],
    ['Copyright 2020 , 2022 Welsh Government', ['Welsh Government']],
    ['Copyright 2020-2022. Welsh Government', ['Welsh Government']],
    ['Copyright 2021 Cabinet Office 2022', ['Cabinet Office']],
    ['Copyright 2021 Cabinet Office, 2022 - 2023', ['Cabinet Office']],
    ['Copyright 2021 Met Office, all rights reserved', ['Met Office']],
    ['Copyright 2021 Met Office,All rights reserved.', ['Met Office']],
    ['Copyright 2021 Met Office;;', ['Met Office']],
    ['Copyright 2021 Cabinet Office 2022-2023', ['Cabinet Office']],
    ['Copyright 2020 Met Office 2022 Ltd', ['Met Office 2022 Ltd']],
    ['Copyright 2024 Natural England (c) Defra', ['Natural England (c) Defra']],
    ['Copyright (c) (c)2024 Natural England', ['Natural England']],
    ['/* Copyright 2021 Met Office*/', ['Met Office']],
    ['/* Copyright 2021 Met Office */', ['Met Office']],
    ['<!-- Copyright 2021 Met Office -->', ['Met Office']],
    ['; Copyright 2021 Met Office;', ['Met Office']],
    ['-- Copyright 2021 Met Office', ['Met Office']],
    ['\t(c) 2021 Met Office', ['Met Office']],
    [
      'Intro\nCopyright 2024 Met Office\n  Copyright 2024 Environment Agency\n',
      ['Met Office', 'Environment Agency'],
    ],
  ])('%j names %j', (text, holders) => {
    expect(copyrightHolders(text)).toEqual(holders);
  });

  it.each([
    'Copyright (c) <year> <copyright holders>',
    'Copyright [yyyy] [name of copyright owner]',
    'Copyright {year} {owner}',
    'Copyright (C) 2007 Free Software Foundation, Inc.',
    'Copyright notice and this permission notice',
    'copyright holders and contributors',
    'Copyright and licence',
    'Copyright by the authors',
    'Copyright law applies',
    'Copyright 2024 The Authors',
    'Copyright 2020 X',
    'A line that mentions Copyright 2020 Someone',
  ])('%j names no holder', (text) => {
    expect(copyrightHolders(text)).toEqual([]);
  });

  it('keeps a holder of 120 characters, not one of 121', () => {
    expect(copyrightHolders(`Copyright 2021 ${'a'.repeat(120)}`)).toEqual(['a'.repeat(120)]);
    expect(copyrightHolders(`Copyright 2021 ${'a'.repeat(121)}`)).toEqual([]);
    expect(copyrightHolders('Copyright 2021 ab')).toEqual(['ab']);
  });
});
