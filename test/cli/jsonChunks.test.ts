/**
 * scripts/jsonChunks.ts: the first two levels laid out as JSON.stringify(value, null, 1) lays them
 * out, every deeper value on one line; the text parses to what JSON.stringify(value) gives.
 */
import { describe, expect, it } from 'vitest';
import { jsonChunks } from '../../scripts/jsonChunks.ts';

const text = (value: unknown) => [...jsonChunks(value)].join('');
const sameData = (value: unknown) => {
  const json = JSON.stringify(value);
  if (json === undefined) expect(text(value)).toBe('');
  else expect(JSON.parse(text(value))).toEqual(JSON.parse(json));
};

const report = {
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
};

describe('jsonChunks', () => {
  it('lays out two levels and writes each deeper value on one line', () => {
    expect(text(report)).toBe(
      [
        '{',
        ' "settings": {',
        '  "minOverlapMu": 0.5,',
        '  "reportFacilityLand": false',
        ' },',
        ' "findings": [',
        '  {"kind":"a","areaMu":0.3333333333333333,"geometry":{"type":"Polygon","coordinates":[[[87.1,44.2],[87.3,44.2],[87.1,44.4]]]},"text":"地块\\n\\"引号\\""},',
        '  {"kind":"b","nested":[[],{},[1,[2,{"x":null}]]]},',
        '  [null,null,null,null,0]',
        ' ],',
        ' "empty": [],',
        ' "none": {},',
        ' "date": "1970-01-01T00:00:00.000Z",',
        ' "map": {},',
        ' "withToJson": {"replaced":[1,2]},',
        ' "big": 1e+21,',
        ' "small": 5e-324',
        '}',
      ].join('\n'),
    );
    sameData(report);
  });

  it('handles what is not an object at the top', () => {
    for (const value of [[], {}, [1], 'text', 3, null, true, [[[]]], { a: { b: { c: [1] } } }, { a: undefined }, { a: [undefined] }]) sameData(value);
    expect(text(undefined)).toBe('');
    expect(text({ a: undefined })).toBe('{}');
    expect(text({ a: { b: { c: [1] } } })).toBe('{\n "a": {\n  "b": {"c":[1]}\n }\n}');
  });
});
