import { parseListAnnotation, parseMapAnnotation } from './annotations';

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
