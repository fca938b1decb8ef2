import { describe, expect, it } from 'vitest';
import { groups } from './groups.js';

describe('groups', () => {
  it('gives the named groups of a match, the optional ones when they took part', () => {
    const m = /^(?<major>\d+)(?:\.(?<minor>\d+))?$/.exec('3.12');
    expect(m && groups(m, 'major')).toEqual({ major: '3', minor: '12' });
    const n = /^(?<major>\d+)(?:\.(?<minor>\d+))?$/.exec('3');
    expect(n && { ...groups(n, 'major') }).toEqual({ major: '3', minor: undefined });
  });

  it('refuses a listed group that did not take part, or that the pattern does not have', () => {
    const m = /^(?<major>\d+)(?:\.(?<minor>\d+))?$/.exec('3');
    expect(m).not.toBeNull();
    expect(() => groups(m!, 'major', 'minor')).toThrow('group "minor" did not take part in the match');
    const plain = /^(\d+)$/.exec('3');
    expect(() => groups(plain!, 'major')).toThrow('group "major" did not take part in the match');
  });
});
