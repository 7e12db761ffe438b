import { mirrorEntity } from '../catalog/entitySettings';
import { component, environments } from '../__testUtils__/fixtures';
import { EntityResponseCache } from './EntityResponseCache';

const entity = mirrorEntity(component('payments-api'), environments);
const response = (head: string) => ({ entity, head, etag: `W/"${head}"` });

describe('EntityResponseCache', () => {
  let now = 1_000;
  const cache = () =>
    new EntityResponseCache({ maxBytes: 400, now: () => now });

  it('serves an entry until it expires', () => {
    const c = cache();
    c.set('a', response('{"a":1'), now + 100, c.mark());
    expect(c.get('a')?.head).toBe('{"a":1');
    now += 99;
    expect(c.get('a')?.etag).toBe('W/"{"a":1"');
    now += 1;
    expect(c.get('a')).toBeUndefined();
  });

  it('forgets what a write touched, and keeps no build that raced the write', () => {
    const c = cache();
    c.set('a', response('a1'), now + 100, c.mark());
    c.set('b', response('b1'), now + 100, c.mark());
    const buildStarted = c.mark();
    c.forget(['a']);
    expect(c.get('a')).toBeUndefined();
    expect(c.get('b')?.head).toBe('b1');
    // Read before the write, stored after it: stale, so not kept.
    c.set('a', response('a0'), now + 100, buildStarted);
    expect(c.get('a')).toBeUndefined();
    c.clear();
    expect(c.get('b')).toBeUndefined();
  });

  it('stays within its memory bound, dropping the least recently used entries first', () => {
    const c = cache();
    // 50 characters: 100 bytes each, four fit in 400.
    for (const ref of ['a', 'b', 'c', 'd', 'e'])
      c.set(ref, response(ref.repeat(50)), now + 100, c.mark());
    expect(['a', 'b', 'c', 'd', 'e'].map(r => Boolean(c.get(r)))).toEqual([
      false,
      true,
      true,
      true,
      true,
    ]);
    // An entry larger than a quarter of the bound is not kept at all.
    c.set('big', response('x'.repeat(60)), now + 100, c.mark());
    expect(c.get('big')).toBeUndefined();
    expect(c.get('e')).toBeDefined();
  });
});
