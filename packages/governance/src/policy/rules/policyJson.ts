import type { JsonValue } from '../../plan/types';

/** Bounds the cache; a plan past it only parses some texts twice. */
const MAX_TEXTS = 1024;
const parsed = new Map<string, JsonValue | undefined>();

/**
 * A policy document given as JSON text (IAM, bucket, queue, key policies),
 * parsed once however many rules read it and however many resources repeat
 * it (modules stamp the same text on many). Undefined when it is not JSON.
 * The value is shared: read it, never change it.
 */
export function parsePolicyJson(text: string): JsonValue | undefined {
  if (parsed.has(text)) return parsed.get(text);
  let doc: JsonValue | undefined;
  try {
    doc = JSON.parse(text) as JsonValue;
  } catch {
    doc = undefined;
  }
  if (parsed.size >= MAX_TEXTS) parsed.clear();
  parsed.set(text, doc);
  return doc;
}
