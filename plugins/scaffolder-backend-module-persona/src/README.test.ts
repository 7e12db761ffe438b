import fs from 'node:fs';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { readGroundworkEnvironments } from '@groundwork/plugin-groundwork-common';
import { loadPersonaCatalogue } from './catalogue/loadPersonaCatalogue';
import { renderDefaultsTables } from './catalogue/defaultsTable';

/** Tables as prettier may pad them: cells trimmed, dash rows shortened. */
function normalize(markdown: string): string {
  return markdown
    .split('\n')
    .map(line =>
      line.startsWith('|')
        ? line
            .split('|')
            .map(cell => cell.trim().replace(/^-+$/, '---'))
            .join('|')
        : line,
    )
    .join('\n');
}

describe('README', () => {
  it('shows the shipped personas as they are defined', () => {
    const config = new ConfigReader({});
    const environments = readGroundworkEnvironments(config).environments;
    const tables = renderDefaultsTables(
      loadPersonaCatalogue(config, environments).list(),
      environments,
    );
    const readme = fs.readFileSync(
      path.resolve(__dirname, '..', 'README.md'),
      'utf8',
    );
    // When this fails, paste the expected tables into the README.
    expect(normalize(readme)).toContain(normalize(tables));
  });
});
