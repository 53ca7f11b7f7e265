import { describe, expect, it } from 'vitest';
import { jsonDepthExceeds } from './json-depth.ts';

describe('JSON nesting depth', () => {
  it('counts arrays and objects, not brackets inside strings or escaped quotes', () => {
    expect(jsonDepthExceeds('{"a":[{"b":1}]}', 3)).toBe(false);
    expect(jsonDepthExceeds('{"a":[{"b":1}]}', 2)).toBe(true);
    expect(jsonDepthExceeds('{"a":"[[[[[{{{{"}', 1)).toBe(false);
    expect(jsonDepthExceeds('{"a":"\\"[[[["}', 1)).toBe(false);
    expect(jsonDepthExceeds('[[],[],[[]]]', 3)).toBe(false);
    expect(jsonDepthExceeds('[[],[],[[]]]', 2)).toBe(true);
    expect(jsonDepthExceeds('[[],[],[[[]]]]', 3)).toBe(true);
  });
  it('stops at the limit on a text nested 20,000 deep', () => {
    expect(jsonDepthExceeds('['.repeat(20_000) + ']'.repeat(20_000), 64)).toBe(true);
  });
});
