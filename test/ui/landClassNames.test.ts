/** Finding texts as a clerk reads them (issue 14, item 12): names beside village and land-class codes. */
import { describe, expect, it } from 'vitest';
import { landClassText, readableExplanation } from '../../src/ui/reconcile/landClassNames.ts';

describe('readable finding explanations', () => {
  it('names land classes and villages, leaves other numbers and named codes alone', () => {
    const names = { '659901200203': '榆树庄村' };
    expect(readableExplanation('地块 P1 种在 0404 上 12.50 亩，坐落 659901200203；年度 2025', names)).toBe(
      '地块 P1 种在 0404 其他草地 上 12.50 亩，坐落 榆树庄村（659901200203）；年度 2025',
    );
    expect(readableExplanation('0103 旱地 之上', names)).toBe('0103 旱地 之上');
    expect(readableExplanation('6599012002030100599', names)).toBe('6599012002030100599');
  });

  it('writes a code with its name, the code alone when unknown', () => {
    expect(landClassText('1107A')).toBe('1107A 干渠');
    expect(landClassText('9999')).toBe('9999');
  });
});
