import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import {
  SEVERITIES,
  VERDICTS,
} from '@groundwork/plugin-platform-status-common';
import { spec } from './openapi.generated';

describe('openapi.generated.ts', () => {
  it('is generated from the current openapi.yaml (else: pnpm run generate:openapi)', () => {
    const yaml = YAML.parse(
      fs.readFileSync(path.join(__dirname, 'openapi.yaml'), 'utf8'),
    );
    expect(spec).toEqual(yaml);
  });

  it("uses the governance engine's severities and verdicts", () => {
    const { Severity, Verdict } = spec.components.schemas;
    expect(Severity.enum).toEqual(SEVERITIES);
    expect(Verdict.enum).toEqual(VERDICTS);
  });
});
