import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { spec } from './openapi.generated';

describe('openapi.generated.ts', () => {
  it('is generated from the current openapi.yaml (else: pnpm run generate:openapi)', () => {
    const yaml = YAML.parse(
      fs.readFileSync(path.join(__dirname, 'openapi.yaml'), 'utf8'),
    );
    expect(spec).toEqual(yaml);
  });
});
