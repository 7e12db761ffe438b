import { suggestBudget } from './suggestBudget';

describe('suggestBudget', () => {
  it('rounds the larger of estimate and forecast up to a round figure', () => {
    expect(suggestBudget(5120.5, 6040)).toBe(6100);
    expect(suggestBudget(512, null)).toBe(520);
    expect(suggestBudget(null, 12_345)).toBe(13_000);
    expect(suggestBudget(600, 600)).toBe(610);
  });

  it('suggests nothing without a figure', () => {
    expect(suggestBudget(null, undefined)).toBeUndefined();
    expect(suggestBudget(0, 0)).toBeUndefined();
  });
});
