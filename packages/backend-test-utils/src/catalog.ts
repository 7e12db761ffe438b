import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import request from 'supertest';
import { parseAllDocuments, stringify } from 'yaml';
import { setTimeout as sleep } from 'node:timers/promises';

/** The catalog of a test backend: entities in a file location, as a portal reads them. */
export interface TestCatalog {
  /** The `catalog` config: rules that allow the entities' kinds, and the location. */
  config: {
    rules: Array<{ allow: string[] }>;
    locations: Array<{ type: string; target: string }>;
  };
  /** Resolves once the catalog serves these entities (all of them by default). */
  ready(
    server: Parameters<typeof request>[0],
    refs?: string[],
    timeoutMs?: number,
  ): Promise<void>;
  /** Removes the file. */
  remove(): void;
}

/**
 * Writes the entities (objects, or YAML documents) to a file the real catalog
 * reads as a location, so conditional permission decisions are applied by the
 * catalog to entities it processed, relations included. `files` go beside it,
 * by relative path: a template's skeleton, say, which `./skeleton` finds.
 */
export function createTestCatalog(
  entities: Entity[] | string,
  options?: { files?: Record<string, string> },
): TestCatalog {
  const list: Entity[] =
    typeof entities === 'string'
      ? parseAllDocuments(entities).map(d => d.toJS() as Entity)
      : entities;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-test-catalog-'));
  const file = path.join(dir, 'entities.yaml');
  fs.writeFileSync(file, list.map(e => stringify(e)).join('---\n'));
  for (const [relative, content] of Object.entries(options?.files ?? {})) {
    const target = path.join(dir, relative);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
  }
  const kinds = [...new Set(list.map(e => e.kind))];
  return {
    config: {
      rules: [{ allow: kinds }],
      locations: [{ type: 'file', target: file }],
    },
    async ready(
      server,
      refs = list.map(e => stringifyEntityRef(e)),
      timeoutMs = 30_000,
    ) {
      const deadline = Date.now() + timeoutMs;
      for (const ref of refs) {
        const [kind, rest] = ref.split(':');
        for (;;) {
          const res = await request(server)
            .get(`/api/catalog/entities/by-name/${kind}/${rest}`)
            .set('Authorization', mockCredentials.service.header());
          if (res.status === 200 && res.body.relations) break;
          if (Date.now() > deadline) {
            throw new Error(
              `The catalog did not serve ${ref} within ${timeoutMs} ms`,
            );
          }
          await sleep(200);
        }
      }
    },
    remove() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
