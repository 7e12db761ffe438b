import fs from 'node:fs';
import path from 'node:path';
import { SEVERITIES, SEVERITY_RANK, VERDICTS } from './vocabulary';

describe('the findings vocabulary', () => {
  // The browser loads it through platform-status-common; an import here
  // would pull the engine (and Node's fs) into the front-end bundle.
  it('imports nothing', () => {
    const source = fs.readFileSync(
      path.join(__dirname, 'vocabulary.ts'),
      'utf8',
    );
    expect(source).not.toMatch(/^\s*(import|export .* from)\b/m);
    expect(source).not.toMatch(/\brequire\(/);
  });

  it('ranks the severities in the order it lists them', () => {
    const ranks = SEVERITIES.map(s => SEVERITY_RANK[s]);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    expect(new Set(VERDICTS).size).toBe(VERDICTS.length);
  });
});
