import fs from 'node:fs';
import path from 'node:path';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { GroundworkEnvironment } from '@groundwork/plugin-groundwork-common';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod/v3';
import { DEFAULT_PERSONAS } from './defaults';
import { PERSONA_ID, PersonaDefinition, personaSchema } from './schema';

/** The personas in force: shipped defaults, a personas file, app-config. */
export interface PersonaCatalogue {
  /** Every persona, in definition order. */
  list(): Array<PersonaDefinition & { id: string }>;
  /** The persona; an InputError naming the valid ones when unknown. */
  get(id: string): PersonaDefinition & { id: string };
}

const ENV_CLASSES = ['all', 'nonProduction', 'production'];

/** A layer of definitions and where it came from, for error messages. */
interface Layer {
  source: string;
  personas: Record<string, unknown>;
}

/**
 * A persona patch: the same shape with title and description optional, so
 * that overriding one grant of a default persona is a few lines. Checked
 * before merging, so an error names the file or config key that holds it.
 */
const personaPatchSchema = personaSchema.extend({
  title: z.string().min(1).optional(),
  description: z.string().min(1).optional(),
});

function formatIssues(prefix: string, error: z.ZodError): string[] {
  return error.issues.map(issue => {
    const where =
      prefix +
      issue.path
        .map(p => (typeof p === 'number' ? `[${p}]` : `.${p}`))
        .join('');
    const keys =
      issue.code === 'unrecognized_keys'
        ? ` (${issue.keys.map(k => `"${k}"`).join(', ')})`
        : '';
    return `${where}: ${issue.message}${keys}`;
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Objects merge key by key; arrays and scalars replace; null removes. */
function deepMerge(base: unknown, patch: unknown): unknown {
  if (!isObject(base) || !isObject(patch)) return patch;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = deepMerge(base[key], value);
  }
  return out;
}

function readLayerFromFile(file: string): Layer {
  const absolute = path.resolve(file);
  let doc: unknown;
  try {
    doc = parseYaml(fs.readFileSync(absolute, 'utf8'));
  } catch (error) {
    throw new InputError(
      `groundwork.persona.personasFile: cannot read ${absolute}: ${
        (error as Error).message
      }`,
    );
  }
  if (!isObject(doc) || !isObject(doc.personas)) {
    throw new InputError(
      `${absolute}: expected a YAML document with a top-level "personas" map of persona id to definition.`,
    );
  }
  return { source: `${file}: personas`, personas: doc.personas };
}

/**
 * Reads `groundwork.persona`: the shipped personas (unless
 * `includeDefaultPersonas: false`), then `personasFile`, then `personas`,
 * each layer merged over the previous; `extends` resolved last. Throws an
 * InputError listing every problem with the key that holds it.
 */
export function loadPersonaCatalogue(
  config: Config,
  environments: GroundworkEnvironment[],
): PersonaCatalogue {
  const root = config.getOptionalConfig('groundwork.persona');
  const layers: Layer[] = [];
  const include = root?.getOptional('includeDefaultPersonas') ?? true;
  if (include !== false) {
    const ids = Array.isArray(include) ? include.map(String) : undefined;
    const unknown = ids?.filter(id => !(id in DEFAULT_PERSONAS)) ?? [];
    if (unknown.length > 0 || (include !== true && !ids)) {
      throw new InputError(
        `groundwork.persona.includeDefaultPersonas must be true, false or a list of default personas (${Object.keys(
          DEFAULT_PERSONAS,
        ).join(', ')}); ${
          unknown.length
            ? `unknown: ${unknown.join(', ')}`
            : `got ${JSON.stringify(include)}`
        }.`,
      );
    }
    layers.push({
      source: 'default personas',
      personas: ids
        ? Object.fromEntries(ids.map(id => [id, DEFAULT_PERSONAS[id]]))
        : DEFAULT_PERSONAS,
    });
  }
  const file = root?.getOptionalString('personasFile');
  if (file) layers.push(readLayerFromFile(file));
  const inline = root?.getOptional('personas');
  if (inline !== undefined) {
    if (!isObject(inline)) {
      throw new InputError(
        'groundwork.persona.personas must be a map of persona id to definition.',
      );
    }
    layers.push({ source: 'groundwork.persona.personas', personas: inline });
  }

  const problems: string[] = [];
  const selectors = new Set([...ENV_CLASSES, ...environments.map(e => e.name)]);
  const merged = new Map<
    string,
    { raw: Record<string, unknown>; source: string }
  >();
  for (const layer of layers) {
    for (const [id, value] of Object.entries(layer.personas)) {
      const where = `${layer.source}.${id}`;
      if (!PERSONA_ID.test(id)) {
        problems.push(
          `${where}: a persona id is lower-case letters, digits and '-' (at most 63).`,
        );
        continue;
      }
      if (value === null) {
        merged.delete(id);
        continue;
      }
      const patch = personaPatchSchema.safeParse(value);
      if (!patch.success) problems.push(...formatIssues(where, patch.error));
      const envs = isObject(value) ? value.environments : undefined;
      for (const selector of Object.keys(isObject(envs) ? envs : {})) {
        if (!selectors.has(selector)) {
          problems.push(
            `${where}.environments.${selector}: not an environment selector; use all, nonProduction, production or a configured environment (${environments
              .map(e => e.name)
              .join(', ')}).`,
          );
        }
      }
      if (!patch.success) continue;
      const previous = merged.get(id)?.raw;
      merged.set(id, {
        raw: (previous ? deepMerge(previous, value) : value) as Record<
          string,
          unknown
        >,
        source: where,
      });
    }
  }

  const resolved = new Map<string, PersonaDefinition & { id: string }>();
  const resolving = new Set<string>();
  const resolve = (id: string): Record<string, unknown> | undefined => {
    const entry = merged.get(id)!;
    const parentId = entry.raw.extends;
    if (typeof parentId !== 'string') return entry.raw;
    if (!merged.has(parentId)) {
      problems.push(
        `${entry.source}.extends: there is no persona "${parentId}" (known: ${[
          ...merged.keys(),
        ].join(', ')}).`,
      );
      return undefined;
    }
    if (resolving.has(id)) {
      problems.push(`${entry.source}.extends: "${parentId}" extends it back.`);
      return undefined;
    }
    resolving.add(id);
    const parent = resolve(parentId);
    resolving.delete(id);
    if (!parent) return undefined;
    // Everything is inherited, `privileged` too, unless the child says otherwise.
    const { extends: _parent, ...own } = entry.raw;
    return deepMerge(parent, own) as Record<string, unknown>;
  };
  for (const [id, entry] of merged) {
    const raw = resolve(id);
    if (!raw) continue;
    const { extends: _extends, ...definition } = raw;
    const parsed = personaSchema.safeParse(definition);
    if (!parsed.success) {
      problems.push(...formatIssues(entry.source, parsed.error));
      continue;
    }
    resolved.set(id, { id, ...parsed.data });
  }
  if (problems.length > 0) {
    throw new InputError(
      `The persona catalogue is invalid:\n- ${problems.join('\n- ')}`,
    );
  }

  return {
    list: () => [...resolved.values()],
    get(id) {
      const persona = resolved.get(id);
      if (!persona) {
        throw new InputError(
          `Unknown persona "${id}"; valid personas are ${[
            ...resolved.keys(),
          ].join(', ')}.`,
        );
      }
      return persona;
    },
  };
}
