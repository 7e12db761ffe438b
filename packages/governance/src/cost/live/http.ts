/** How the live clients reach a price API and how hard they try. */
export interface FetchSettings {
  /** Defaults to the global `fetch`; tests pass none and use a local server. */
  fetch?: typeof fetch;
  /** Attempts per request when the API throttles or fails (429, 5xx). Default 4. */
  maxAttempts?: number;
  /** First retry delay; doubled each time. Default 500 ms. */
  backoffMs?: number;
  /** Per-request time limit. Default 30 s. */
  timeoutMs?: number;
  /** Progress and retries, one line each; never holds a secret. */
  log?: (line: string) => void;
}

/** A price API could not be read; the message never holds an API key. */
export class PriceFetchError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'PriceFetchError';
  }
}

/** A URL with every query parameter that could be a credential blanked. */
export function redactUrl(url: string): string {
  return url.replace(
    /([?&](?:key|api[-_]?key|access_token|token|sig|signature)=)[^&#\s]*/gi,
    '$1REDACTED',
  );
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * GET a JSON document; 429 and 5xx (and network failures) are retried
 * with doubling delays a bounded number of times. Every message names the
 * URL redacted, since a Google key rides in the query string.
 */
export async function getJson(
  url: string,
  what: string,
  settings: FetchSettings = {},
): Promise<unknown> {
  const doFetch = settings.fetch ?? fetch;
  const attempts = Math.max(1, settings.maxAttempts ?? 4);
  const shown = redactUrl(url);
  let delay = settings.backoffMs ?? 500;
  let last = '';
  let lastStatus: number | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    let res: Response;
    try {
      res = await doFetch(url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(settings.timeoutMs ?? 30_000),
      });
    } catch (e) {
      last = `${what} could not be reached at ${shown}: ${redactUrl(
        (e as Error).message,
      )}`;
      lastStatus = undefined;
      if (attempt < attempts) {
        settings.log?.(`${last}; retrying in ${delay} ms`);
        await sleep(delay);
        delay *= 2;
      }
      continue;
    }
    if (res.ok) {
      try {
        return await res.json();
      } catch {
        throw new PriceFetchError(
          `${what} answered ${shown} with a body that is not JSON.`,
          res.status,
        );
      }
    }
    const body = redactUrl((await res.text().catch(() => '')).slice(0, 300));
    last = `${what} answered ${res.status} to ${shown}${
      body ? `: ${body}` : ''
    }`;
    lastStatus = res.status;
    const retryable = res.status === 429 || res.status >= 500;
    if (!retryable) break;
    if (attempt < attempts) {
      settings.log?.(`${what} answered ${res.status}; retrying in ${delay} ms`);
      await sleep(delay);
      delay *= 2;
    }
  }
  throw new PriceFetchError(last, lastStatus);
}
