import { Expr } from './expression';
import { callFunction } from './functions';
import {
  COMPUTED,
  UNKNOWN,
  Value,
  deepEqual,
  isObject,
  isUnknown,
  toBoolValue,
  toNumberValue,
  toStringValue,
  typeName,
} from './values';

/** Resolves the root names of traversals (`var`, `local`, `aws_vpc`, ...). */
export interface Scope {
  /** The value of `name.attr`, for roots that need the next step (var.x). */
  lookup(root: string, next: string | undefined): Value | undefined;
  /** Names bound by `for` expressions, `each`, `count` and iterators. */
  bound: Map<string, Value>;
  /** Describes where we are, for error messages. */
  where: string;
}

/** Roots whose value depends on the attribute name that follows. */
const NAMESPACED = new Set([
  'var',
  'local',
  'module',
  'data',
  'path',
  'terraform',
]);

export class EvaluationError extends Error {
  constructor(message: string, where: string) {
    super(`${where}: ${message}`);
    this.name = 'EvaluationError';
  }
}

function getAttr(target: Value, name: string, where: string): Value {
  if (isUnknown(target)) return UNKNOWN;
  if (isObject(target)) {
    if (Object.prototype.hasOwnProperty.call(target, name)) return target[name];
    if (target[COMPUTED]) return UNKNOWN;
    throw new EvaluationError(
      `Unsupported attribute "${name}" (object has ${
        Object.keys(target).join(', ') || 'no attributes'
      })`,
      where,
    );
  }
  throw new EvaluationError(
    `Cannot read "${name}" of ${typeName(target)}`,
    where,
  );
}

function index(target: Value, key: Value, where: string): Value {
  if (isUnknown(target) || isUnknown(key)) return UNKNOWN;
  if (Array.isArray(target)) {
    const i = toNumberValue(key, where);
    if (i < 0 || i >= target.length)
      throw new EvaluationError(
        `Index ${i} out of range (length ${target.length})`,
        where,
      );
    return target[i];
  }
  if (isObject(target))
    return getAttr(target, toStringValue(key, where), where);
  throw new EvaluationError(`Cannot index ${typeName(target)}`, where);
}

function arithmetic(op: string, a: Value, b: Value, where: string): Value {
  const x = toNumberValue(a, where);
  const y = toNumberValue(b, where);
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      return x / y;
    case '%':
      return x % y;
    case '<':
      return x < y;
    case '>':
      return x > y;
    case '<=':
      return x <= y;
    default:
      return x >= y;
  }
}

export function evaluate(expr: Expr, scope: Scope): Value {
  try {
    return evaluateInner(expr, scope);
  } catch (e) {
    // Conversion errors become evaluation errors, which can() and try() catch.
    if (e instanceof TypeError)
      throw new EvaluationError(e.message, scope.where);
    throw e;
  }
}

function evaluateInner(expr: Expr, scope: Scope): Value {
  const where = scope.where;
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'template': {
      let out = '';
      for (const part of expr.parts) {
        if (typeof part === 'string') {
          out += part;
          continue;
        }
        const v = evaluate(part, scope);
        if (isUnknown(v)) return UNKNOWN;
        out += toStringValue(v, where);
      }
      return out;
    }
    case 'tuple':
      return expr.items.map(i => evaluate(i, scope));
    case 'object': {
      const out: Record<string, Value> = {};
      for (const item of expr.items) {
        const key =
          typeof item.key === 'string' ? item.key : evaluate(item.key, scope);
        if (isUnknown(key)) return UNKNOWN;
        out[toStringValue(key, where)] = evaluate(item.value, scope);
      }
      return out;
    }
    case 'variable': {
      if (scope.bound.has(expr.name)) return scope.bound.get(expr.name)!;
      const v = scope.lookup(expr.name, undefined);
      if (v === undefined)
        throw new EvaluationError(`Unknown name "${expr.name}"`, where);
      return v;
    }
    case 'getAttr': {
      // `var.x`, `local.x`, `aws_vpc.main`: the scope resolves two steps at once.
      if (
        expr.target.kind === 'variable' &&
        !scope.bound.has(expr.target.name)
      ) {
        const v = scope.lookup(expr.target.name, expr.name);
        if (v !== undefined) return v;
        if (NAMESPACED.has(expr.target.name) || expr.target.name.includes('_'))
          throw new EvaluationError(
            `Reference to undeclared ${expr.target.name}.${expr.name}`,
            where,
          );
      }
      if (
        expr.target.kind === 'getAttr' &&
        expr.target.target.kind === 'variable' &&
        expr.target.target.name === 'data' &&
        !scope.bound.has('data')
      ) {
        const v = scope.lookup('data', `${expr.target.name}.${expr.name}`);
        if (v === undefined)
          throw new EvaluationError(
            `Reference to undeclared data.${expr.target.name}.${expr.name}`,
            where,
          );
        return v;
      }
      return getAttr(evaluate(expr.target, scope), expr.name, where);
    }
    case 'index':
      return index(
        evaluate(expr.target, scope),
        evaluate(expr.key, scope),
        where,
      );
    case 'splat': {
      const target = evaluate(expr.target, scope);
      if (isUnknown(target)) return UNKNOWN;
      let items: Value[] = [target];
      if (Array.isArray(target)) items = target;
      else if (target === null) items = [];
      return items.map(item => {
        const inner = new Map(scope.bound);
        inner.set('\u0000splat', item);
        return evaluate(expr.each, { ...scope, bound: inner });
      });
    }
    case 'splatItem':
      return scope.bound.get('\u0000splat') ?? null;
    case 'call': {
      // can() and try() catch the errors of their argument expressions.
      if (expr.name === 'can' || expr.name === 'try') {
        for (const arg of expr.args) {
          try {
            const v = evaluate(arg, scope);
            if (expr.name === 'can') return isUnknown(v) ? UNKNOWN : true;
            return v;
          } catch (e) {
            if (!(e instanceof EvaluationError)) throw e;
          }
        }
        if (expr.name === 'can') return false;
        throw new EvaluationError(
          'try(): no argument could be evaluated',
          where,
        );
      }
      const args = expr.args.map(a => evaluate(a, scope));
      if (expr.expandFinal) {
        const last = args.pop();
        if (isUnknown(last)) return UNKNOWN;
        if (!Array.isArray(last))
          throw new EvaluationError('"..." expects a list', where);
        args.push(...last);
      }
      try {
        return callFunction(expr.name, args);
      } catch (e) {
        throw new EvaluationError((e as Error).message, where);
      }
    }
    case 'unary': {
      const v = evaluate(expr.operand, scope);
      if (isUnknown(v)) return UNKNOWN;
      return expr.op === '!'
        ? !toBoolValue(v, where)
        : -toNumberValue(v, where);
    }
    case 'binary': {
      const a = evaluate(expr.left, scope);
      const b = evaluate(expr.right, scope);
      if (isUnknown(a) || isUnknown(b)) return UNKNOWN;
      switch (expr.op) {
        case '==':
          return deepEqual(a, b);
        case '!=':
          return !deepEqual(a, b);
        case '&&':
          return toBoolValue(a, where) && toBoolValue(b, where);
        case '||':
          return toBoolValue(a, where) || toBoolValue(b, where);
        default:
          return arithmetic(expr.op, a, b, where);
      }
    }
    case 'conditional': {
      const c = evaluate(expr.cond, scope);
      if (isUnknown(c)) return UNKNOWN;
      return toBoolValue(c, where)
        ? evaluate(expr.then, scope)
        : evaluate(expr.else, scope);
    }
    case 'for': {
      const coll = evaluate(expr.collection, scope);
      if (isUnknown(coll)) return UNKNOWN;
      let entries: Array<[Value, Value]> = [];
      if (Array.isArray(coll)) entries = coll.map((v, i) => [i, v]);
      else if (isObject(coll))
        entries = Object.keys(coll)
          .sort()
          .map(k => [k, coll[k]]);
      const outList: Value[] = [];
      const outMap: Record<string, Value> = {};
      for (const [k, v] of entries) {
        const inner = new Map(scope.bound);
        if (expr.keyVar) inner.set(expr.keyVar, k);
        inner.set(expr.valueVar, v);
        const s = { ...scope, bound: inner };
        if (expr.cond) {
          const c = evaluate(expr.cond, s);
          if (isUnknown(c)) return UNKNOWN;
          if (!toBoolValue(c, where)) continue;
        }
        if (!expr.object) {
          outList.push(evaluate(expr.valueExpr, s));
          continue;
        }
        const key = evaluate(expr.keyExpr!, s);
        if (isUnknown(key)) return UNKNOWN;
        const value = evaluate(expr.valueExpr, s);
        const ks = toStringValue(key, where);
        if (expr.grouping) {
          const group = (outMap[ks] as Value[] | undefined) ?? [];
          group.push(value);
          outMap[ks] = group;
        } else {
          if (ks in outMap)
            throw new EvaluationError(
              `Duplicate key "${ks}" in for expression`,
              where,
            );
          outMap[ks] = value;
        }
      }
      return expr.object ? outMap : outList;
    }
    default:
      throw new EvaluationError('Unsupported expression', where);
  }
}
