import { Scope, evaluate } from './evaluate';
import {
  parseExpression,
  parseTemplateString,
  referencesOf,
} from './expression';
import { UNKNOWN, Value, computedObject } from './values';

function scope(
  vars: Record<string, Value>,
  resources: Record<string, Value> = {},
): Scope {
  return {
    bound: new Map(),
    where: 'test',
    lookup: (root, next) => {
      if (root === 'var') return next === undefined ? undefined : vars[next];
      if (next && root in resources) return (resources[root] as any)[next];
      return undefined;
    },
  };
}

const run = (src: string, vars: Record<string, Value> = {}, res = {}) =>
  evaluate(parseTemplateString(src), scope(vars, res));

describe('HCL expressions', () => {
  it('evaluates operators with HCL precedence and lazy conditionals', () => {
    expect(run('${1 + 2 * 3 == 7 && !false}')).toBe(true);
    expect(
      run('${var.p ? length(var.zones) : 1}', {
        p: true,
        zones: ['a', 'b', 'c'],
      }),
    ).toBe(3);
    // The branch not taken is never evaluated (null >= 2 would fail).
    expect(run('${var.n == null ? true : var.n >= 2}', { n: null })).toBe(true);
    expect(() => run('${var.n >= 2}', { n: null })).toThrow(
      /cannot convert null to number/,
    );
  });

  it('renders templates, and a lone interpolation keeps its type', () => {
    expect(run('${var.n}', { n: 3 })).toBe(3);
    expect(run('vpc-${var.n}-x', { n: 3 })).toBe('vpc-3-x');
    expect(run('$${literal}')).toBe('${literal}');
    expect(run('${format("user:Service$%s", var.s)}', { s: 'api' })).toBe(
      'user:Service$api',
    );
  });

  it('computes cidrsubnet as Terraform does', () => {
    expect(run('${cidrsubnet("10.20.0.0/16", 4, 2)}')).toBe('10.20.32.0/20');
    expect(run('${cidrsubnet("10.20.0.0/16", 8, 241)}')).toBe('10.20.241.0/24');
    expect(() => run('${cidrsubnet("10.0.0.0/30", 4, 0)}')).toThrow(/overflow/);
  });

  it('trims a prefix or a suffix only where it is', () => {
    expect(
      run('${trimsuffix(var.e, ".gserviceaccount.com")}', {
        e: 'api-workload@acme-dev.iam.gserviceaccount.com',
      }),
    ).toBe('api-workload@acme-dev.iam');
    expect(run('${trimsuffix("abc", "x")}')).toBe('abc');
    expect(run('${trimsuffix("abc", "")}')).toBe('abc');
    expect(run('${trimprefix("projects/p", "projects/")}')).toBe('p');
    expect(run('${trimprefix("p", "projects/")}')).toBe('p');
  });

  it('supports for expressions, splats, objects and merge', () => {
    expect(
      run('${[for z in var.z : upper(z) if z != "b"]}', { z: ['a', 'b', 'c'] }),
    ).toEqual(['A', 'C']);
    expect(
      run('${{ for k, v in var.m : v => k }}', { m: { a: 'x', b: 'y' } }),
    ).toEqual({ x: 'a', y: 'b' });
    expect(run('${var.l[*].id}', { l: [{ id: 1 }, { id: 2 }] })).toEqual([
      1, 2,
    ]);
    expect(
      run('${merge(var.a, { B = "2" })}', { a: { A: '1', B: '1' } }),
    ).toEqual({ A: '1', B: '2' });
    expect(run('${can(regex("^[a-z]+$", var.s))}', { s: 'Abc' })).toBe(false);
    expect(run('${try(var.m.missing, "fallback")}', { m: {} })).toBe(
      'fallback',
    );
  });

  it('propagates unknown values the way a plan does', () => {
    const res = {
      aws_vpc: { main: computedObject({ cidr_block: '10.0.0.0/16' }) },
    };
    expect(run('${aws_vpc.main.id}', {}, res)).toBe(UNKNOWN);
    expect(run('${aws_vpc.main.cidr_block}', {}, res)).toBe('10.0.0.0/16');
    expect(run('arn:${aws_vpc.main.id}', {}, res)).toBe(UNKNOWN);
    expect(run('${jsonencode({ a = aws_vpc.main.id })}', {}, res)).toBe(
      UNKNOWN,
    );
    expect(run('${length([aws_vpc.main.id, "x"])}', {}, res)).toBe(2);
    expect(() => run('${var.m.nope}', { m: { yes: 1 } })).toThrow(
      /Unsupported attribute "nope"/,
    );
  });

  it('lists references as Terraform prints them in configuration', () => {
    expect(
      referencesOf(
        parseExpression(
          'aws_eip.nat[count.index].id != var.x ? module.m.out : local.y',
        ),
      ),
    ).toEqual(['aws_eip.nat', 'var.x', 'module.m.out', 'module.m', 'local.y']);
    expect(referencesOf(parseExpression('aws_s3_bucket.this.id'))).toEqual([
      'aws_s3_bucket.this.id',
      'aws_s3_bucket.this',
    ]);
    expect(
      referencesOf(parseExpression('data.aws_region.current.name')),
    ).toEqual(['data.aws_region.current.name', 'data.aws_region.current']);
  });

  it('refuses template directives instead of misreading them', () => {
    expect(() => parseTemplateString('%{ if var.x }a%{ endif }')).toThrow(
      /directives/,
    );
  });
  it('formats dates as formatdate does and leaves the apply time unknown', () => {
    expect(
      run(`\${formatdate("YYYY-MM-01'T'00:00:00Z", var.t)}`, {
        t: '2026-12-07T04:45:29Z',
      }),
    ).toBe('2026-12-01T00:00:00Z');
    expect(
      run('${formatdate("D/M/YY hh:mm:ss", var.t)}', {
        t: '2026-03-09T07:05:02+01:00',
      }),
    ).toBe('9/3/26 07:05:02');
    expect(() =>
      run('${formatdate("MMM", var.t)}', { t: '2026-03-09T07:05:02Z' }),
    ).toThrow(/token "MMM" is not supported/);
    expect(() => run('${formatdate("YYYY", "yesterday")}')).toThrow(
      /not an RFC 3339 time/,
    );
    expect(run(`\${formatdate("YYYY-MM-01'T'00:00:00Z", timestamp())}`)).toBe(
      UNKNOWN,
    );
  });
});
