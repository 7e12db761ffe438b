import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Octokit as OctokitCore } from '@octokit/core';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import Bottleneck from 'bottleneck';

/**
 * Statuses that say something about the request, not about GitHub's health:
 * asking again would get the same answer. 403 is here because a plain 403 is
 * a refusal; the rate-limit kinds of 403 are retried by the throttling plugin.
 * 409 (an empty repository, a ref moved under us) is an answer the callers
 * act on.
 */
const DO_NOT_RETRY = [400, 401, 403, 404, 409, 410, 422, 451];

/** How the GitHub client retries; every bound is finite. */
export interface GithubRetryOptions {
  /** Retries of a 5xx, a 429 or a dropped connection. @default 3 */
  retries?: number;
  /**
   * One unit of waiting, in milliseconds: the nth retry of a failure waits
   * n² units, a rate limit waits the seconds GitHub asks for, one unit each.
   * @default 1000
   */
  unitMs?: number;
  /** Retries of a rate-limited request. @default 2 */
  rateLimitRetries?: number;
  /**
   * A rate limit that asks for a longer wait than this, in seconds, fails
   * at once: a task should not hang until the hourly quota resets.
   * @default 60
   */
  maxRateLimitWaitSeconds?: number;
}

/** What to build a client with: where, as whom, and who hears about retries. */
interface GithubClientOptions {
  /** The integration's `apiBaseUrl`. */
  baseUrl?: string;
  /** A token from the GitHub credentials provider (an App installation token or a configured token). */
  auth?: string;
  userAgent?: string;
  previews?: string[];
  /** Octokit's own log; by default it warns on the console. */
  log?: OctokitCore['log'];
  /** Where retries and rate limits are logged (the task log in an action). */
  logger?: Pick<LoggerService, 'warn'>;
  retry?: GithubRetryOptions;
}

interface RetryLog {
  logger: Pick<LoggerService, 'warn'>;
  retries: number;
  unitMs: number;
}

/**
 * Says, on every failed attempt, what the retry plugin is about to do. It
 * must come before the retry plugin: hooks registered first run innermost,
 * so this one sees each attempt, not only the last.
 */
function logRetries(
  octokit: OctokitCore,
  options: NonNullable<ConstructorParameters<typeof OctokitCore>[0]>,
) {
  const log = options.retryLog as RetryLog | undefined;
  if (!log) return;
  octokit.hook.error('request', (error, request) => {
    const status = (error as { status?: number }).status ?? 0;
    const done =
      (request.request as { retryCount?: number } | undefined)?.retryCount ?? 0;
    if (
      (error as { request?: unknown }).request &&
      status >= 400 &&
      !DO_NOT_RETRY.includes(status) &&
      done < log.retries
    ) {
      log.logger.warn(
        `GitHub: ${request.method} ${request.url} failed (${status}: ${
          (error as Error).message
        }); retrying in ${((done + 1) ** 2 * log.unitMs) / 1000} s (${
          done + 1
        } of ${log.retries})`,
      );
    }
    throw error;
  });
}

const GithubOctokit = Octokit.plugin(logRetries, retry, throttling);

/**
 * Bottleneck groups without limits. The throttling plugin's defaults pace
 * every write a second apart (three for ones that notify people) across the
 * whole process; Groundwork keeps its request pacing as it was and uses the
 * plugin only to wait out the rate limits GitHub reports.
 */
const unpaced = {
  global: new Bottleneck.Group(),
  write: new Bottleneck.Group(),
  search: new Bottleneck.Group(),
  notifications: new Bottleneck.Group(),
};

/**
 * An Octokit for the portal's GitHub integration that retries what GitHub
 * may answer differently next time: 5xx, 429 and dropped connections (with
 * `@octokit/plugin-retry`), primary and secondary rate limits (with
 * `@octokit/plugin-throttling`), each a bounded number of times and logged.
 * Refusals and answers about the request (401, 403, 404, 409, 422, ...) are
 * returned at once. An aborted request is not retried.
 */
export function createGithubClient(options: GithubClientOptions): Octokit {
  const { logger, retry: retryOptions = {}, ...octokitOptions } = options;
  const retries = retryOptions.retries ?? 3;
  const unitMs = retryOptions.unitMs ?? 1000;
  const rateLimitRetries = retryOptions.rateLimitRetries ?? 2;
  const maxWait = retryOptions.maxRateLimitWaitSeconds ?? 60;

  const onLimit =
    (kind: string) =>
    (
      retryAfter: number,
      requestOptions: object,
      _octokit: unknown,
      retryCount: number,
    ) => {
      const request = requestOptions as { method: string; url: string };
      const what = `GitHub: ${request.method} ${request.url} hit the ${kind}`;
      if (retryCount >= rateLimitRetries) {
        logger?.warn(`${what}; giving up after ${retryCount} retries`);
        return false;
      }
      if (retryAfter > maxWait) {
        logger?.warn(
          `${what}; it resets in ${retryAfter} s, longer than the ${maxWait} s a request waits`,
        );
        return false;
      }
      logger?.warn(
        `${what}; retrying in ${(retryAfter * unitMs) / 1000} s (${
          retryCount + 1
        } of ${rateLimitRetries})`,
      );
      return true;
    };

  return new GithubOctokit({
    ...octokitOptions,
    retryLog: logger && { logger, retries, unitMs },
    retry: { doNotRetry: DO_NOT_RETRY, retries, retryAfterBaseValue: unitMs },
    throttle: {
      ...unpaced,
      retryAfterBaseValue: unitMs,
      onRateLimit: onLimit('rate limit'),
      onSecondaryRateLimit: onLimit('secondary rate limit'),
    },
  });
}
