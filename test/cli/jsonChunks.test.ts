/** scripts/jsonChunks.ts writes exactly what JSON.stringify(value, null, 1) does. */
import { describe, expect, it } from 'vitest';
import { jsonChunks } from '../../scripts/jsonChunks.ts';

const same = (value: unknown) => expect([...jsonChunks(value)].join('')).toBe(JSON.stringify(value, null, 1) ?? '');

describe('jsonChunks', () => {
  it('gives the text of JSON.stringify(value, null, 1), piece by piece', () => {
    same({
      settings: { minOverlapMu: 0.5, reportFacilityLand: false },
      findings: [
        { kind: 'a', areaMu: 1 / 3, geometry: { type: 'Polygon', coordinates: [[[87.1, 44.2], [87.3, 44.2], [87.1, 44.4]]] }, text: '地块\n"引号"' },
        { kind: 'b', missing: undefined, f: () => 1, nested: [[], {}, [1, [2, { x: null }]]] },
        [undefined, () => 1, null, Number.NaN, -0],
      ],
      empty: [],
      none: {},
      skipped: undefined,
      date: new Date(0),
      map: new Map([[1, 2]]),
      withToJson: { toJSON: () => ({ replaced: [1, 2] }) },
      big: 1e21,
      small: 5e-324,
    });
  });

  it('handles what is not an object at the top', () => {
    for (const value of [[], {}, [1], 'text', 3, null, true, [[[]]], { a: { b: { c: [1] } } }]) same(value);
    expect([...jsonChunks(undefined)].join('')).toBe('');
    expect(JSON.stringify({ a: undefined }, null, 1)).toBe('{}');
    same({ a: undefined });
    same({ a: [undefined] });
  });
});
