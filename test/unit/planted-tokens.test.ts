import { describe, expect, it } from 'vitest';
import { plantedTokens } from '../support/edition';

describe('plantedTokens (the layout tests’ count of printed paragraph tokens)', () => {
  it('counts each whole token where it stands, and finds its first place', () => {
    const printed = plantedTokens('A T0001P001 line T0002P001, T0001P001 again; T0003P0010 is another token');
    expect(printed.count('T0001P001')).toBe(2);
    expect(printed.first('T0001P001')).toBe(2);
    expect(printed.count('T0002P001')).toBe(1);
    // A longer token is not the shorter one printed, and a missing one is nowhere.
    expect(printed.count('T0003P001')).toBe(0);
    expect(printed.first('T0004P001')).toBe(-1);
  });
});
