import { parsePlan } from './parsePlan';
import { planSummaryOf } from './summary';
import { fixtureText } from '../__testUtils__/fixtures';

describe('planSummaryOf', () => {
  it.each([
    '08-tfcompliance-mixed-actions-plan.json',
    '01-checkov-terragoat-tfplan.json',
  ])('counts %s by action as its resource_changes say', file => {
    const text = fixtureText(file);
    // Counted here straight from the document, not through the plan reader.
    const expected = { add: 0, change: 0, destroy: 0, replace: 0 };
    let existing = 0;
    for (const rc of JSON.parse(text).resource_changes ?? []) {
      if (rc.mode !== 'managed') continue;
      const actions = [...rc.change.actions].sort().join(',');
      if (actions === 'create') expected.add++;
      else if (actions === 'update') expected.change++;
      else if (actions === 'delete') expected.destroy++;
      else if (actions === 'create,delete') expected.replace++;
      if (actions !== 'delete') existing++;
    }
    const { summary, resourceCount } = planSummaryOf(parsePlan(text));
    expect(summary).toEqual(expected);
    expect(resourceCount).toBe(existing);
  });

  it('counts a replacement once, apart from adds and destroys', () => {
    const text = fixtureText('08-tfcompliance-mixed-actions-plan.json');
    const doc = JSON.parse(text);
    const victim = doc.resource_changes.find(
      (rc: any) => rc.mode === 'managed' && rc.change.actions[0] === 'update',
    );
    victim.change.actions = ['delete', 'create'];
    const before = planSummaryOf(parsePlan(text)).summary;
    const after = planSummaryOf(parsePlan(JSON.stringify(doc))).summary;
    expect(after).toEqual({
      ...before,
      change: before.change - 1,
      replace: before.replace + 1,
    });
  });
});
