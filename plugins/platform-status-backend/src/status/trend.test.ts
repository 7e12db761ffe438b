import { actualTrend, mergeTrends, runTrend } from './trend';

const at = (day: number, hour = 10) =>
  `2026-11-${String(day).padStart(2, '0')}T${String(hour).padStart(
    2,
    '0',
  )}:00:00.000Z`;

describe('runTrend', () => {
  const trend = [1, 2, 3].map(d => ({ at: at(d), estimatedMonthly: d }));

  it('adds a run’s point and keeps the last points', () => {
    expect(
      runTrend(trend, { point: { at: at(4), estimatedMonthly: 4 } }, 3).map(
        p => p.estimatedMonthly,
      ),
    ).toEqual([2, 3, 4]);
  });

  it('replaces the point of a run reported again', () => {
    expect(
      runTrend(
        trend,
        { replaces: at(3), point: { at: at(3), estimatedMonthly: 30 } },
        5,
      ).map(p => p.estimatedMonthly),
    ).toEqual([1, 2, 30]);
  });

  it('leaves the trend as it is for a run without an estimate', () => {
    expect(runTrend(trend, {}, 2)).toEqual(trend);
  });
});

describe('actualTrend', () => {
  it('keeps one point per day, the latest, and the last points', () => {
    let trend = actualTrend([], at(1), 10, 2);
    trend = actualTrend(trend, at(1, 18), 12, 2);
    expect(trend).toEqual([{ at: at(1, 18), actualMonthToDate: 12 }]);
    trend = actualTrend(trend, at(2), 20, 2);
    trend = actualTrend(trend, at(3), 30, 2);
    expect(trend.map(p => p.actualMonthToDate)).toEqual([20, 30]);
  });
});

describe('mergeTrends', () => {
  it('interleaves estimates and actuals oldest first', () => {
    expect(
      mergeTrends(
        [{ at: at(3), estimatedMonthly: 3 }],
        [
          { at: at(1), actualMonthToDate: 1 },
          { at: at(5), actualMonthToDate: 5 },
        ],
      ).map(p => p.at),
    ).toEqual([at(1), at(3), at(5)]);
    expect(mergeTrends()).toEqual([]);
  });
});
