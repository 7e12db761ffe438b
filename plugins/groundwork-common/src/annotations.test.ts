import {
  parseBudgetAmount,
  parseListAnnotation,
  parseMapAnnotation,
} from './annotations';

describe('annotation parsers', () => {
  it('splits lists and maps, keeping malformed entries aside', () => {
    expect(parseListAnnotation(' dev, staging ,,prod')).toEqual([
      'dev',
      'staging',
      'prod',
    ]);
    expect(parseListAnnotation(undefined)).toEqual([]);
    expect(parseMapAnnotation('dev=150, prod = 1200,staging,=3,x=')).toEqual({
      entries: { dev: '150', prod: '1200' },
      invalid: ['staging', '=3', 'x='],
    });
  });
});

describe('parseBudgetAmount', () => {
  it.each([
    ['1200', 1200],
    ['0', 0],
    ['99.5', 99.5],
  ])('reads %s as %s', (value, amount) => {
    expect(parseBudgetAmount(value)).toBe(amount);
  });

  it.each([undefined, '', ' ', 'lots', '-5', 'Infinity', 'NaN'])(
    'refuses %p, so the default budget applies',
    value => {
      expect(parseBudgetAmount(value)).toBeUndefined();
    },
  );
});
