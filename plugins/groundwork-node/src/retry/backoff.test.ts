import { abortableSleep, backoffDelay } from './backoff';

describe('backoffDelay', () => {
  afterEach(() => jest.restoreAllMocks());

  it('doubles the base each attempt and scales it by the drawn jitter', () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.5);
    expect(
      [0, 1, 2, 3].map(attempt => backoffDelay(attempt, { baseMs: 100 })),
    ).toEqual([50, 100, 200, 400]);
    expect(
      backoffDelay(2, { baseMs: 100, jitter: { min: 0.5, max: 1.5 } }),
    ).toBe(400);
  });

  it('stays within the jitter bounds', () => {
    jest.spyOn(Math, 'random').mockReturnValue(0);
    expect(backoffDelay(1, { baseMs: 100 })).toBe(0);
    expect(
      backoffDelay(1, { baseMs: 100, jitter: { min: 0.5, max: 1.5 } }),
    ).toBe(100);
    jest.spyOn(Math, 'random').mockReturnValue(0.999999);
    expect(
      backoffDelay(1, { baseMs: 100, jitter: { min: 0.5, max: 1.5 } }),
    ).toBeCloseTo(300);
  });

  it('waits at least what the server asked, and never more than the bound', () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.1);
    expect(backoffDelay(0, { baseMs: 100, retryAfterMs: 2_000 })).toBe(2_000);
    expect(
      backoffDelay(0, { baseMs: 100, retryAfterMs: 2_000, maxMs: 1_000 }),
    ).toBe(1_000);
    expect(backoffDelay(10, { baseMs: 100, maxMs: 1_000 })).toBe(1_000);
  });
});

describe('abortableSleep', () => {
  it('resolves after the wait', async () => {
    await expect(abortableSleep(1)).resolves.toBeUndefined();
  });

  it('rejects with the reason as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const sleeping = abortableSleep(60_000, controller.signal);
    const reason = new Error('the task was cancelled');
    controller.abort(reason);
    await expect(sleeping).rejects.toBe(reason);
  });
});
