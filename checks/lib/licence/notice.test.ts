import { describe, expect, it } from 'vitest';
import { licenceNotice } from './notice.js';

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
  ])('finds a notice folded over comment lines: %#', (header, spdx) => {
    expect(licenceNotice(header)).toBe(spdx);
  });

  it('finds none in a header without a notice', () => {
    expect(licenceNotice('// Copyright 2024 Crown\n// A handler for licence applications\n')).toBeUndefined();
  });
});
