import { StandInRequest, StandInResponse } from '../contract';

/**
 * Response helpers every GitHub operation family shares: error bodies in
 * GitHub's `basic-error` / `validation-error` shapes, pagination with the
 * `Link` header Octokit's `paginate` follows, and the API base URL that
 * `url` fields in representations point at.
 */

const DOCS = 'https://docs.github.com/rest';

export function json(status: number, body?: unknown): StandInResponse {
  return { status, body };
}

export function noContent(): StandInResponse {
  return { status: 204 };
}

/** GitHub's `basic-error`: `{ message, documentation_url, status }`. */
export function gitHubError(status: number, message: string) {
  return { message, documentation_url: DOCS, status: String(status) };
}

export function notFound(): StandInResponse {
  return { status: 404, body: gitHubError(404, 'Not Found') };
}

/** GitHub's `validation-error` (422). */
export function validationFailed(
  message: string,
  errors: Array<{ resource: string; field: string; code: string }> = [],
): StandInResponse {
  return {
    status: 422,
    body: {
      message: 'Validation Failed',
      documentation_url: DOCS,
      errors: errors.length
        ? errors.map(e => ({ ...e, message }))
        : [{ resource: 'Request', field: '', code: 'custom', message }],
    },
  };
}

/** Where GitHub Enterprise Server serves the REST API on its host. */
export const ENTERPRISE_API_PATH = '/api/v3';

/** The API base the client called, for `url` fields in bodies. */
export function apiBase(request: StandInRequest): string {
  // GitHub Enterprise Server's REST base is `/api/v3`: links stay under it.
  const enterprise = request.path.startsWith(`${ENTERPRISE_API_PATH}/`);
  return `http://${request.headers.host ?? '127.0.0.1'}${
    enterprise ? ENTERPRISE_API_PATH : ''
  }`;
}

/** The token of `Authorization: token X` or `Authorization: Bearer X`, as the API takes both. */
export function bearerToken(request: StandInRequest): string | undefined {
  const header = String(request.headers.authorization ?? '');
  return /^(?:token|bearer)\s+(.+)$/i.exec(header)?.[1];
}

/**
 * One page of `items` as GitHub pages lists (`per_page` up to 100, default
 * 30; `page` from 1), with `Link: <...>; rel="next"` while more remain.
 */
export function paginated<T>(
  request: StandInRequest,
  items: T[],
): StandInResponse {
  const perPage = Math.min(
    Math.max(Number(request.query.get('per_page') ?? 30) || 30, 1),
    100,
  );
  const page = Math.max(Number(request.query.get('page') ?? 1) || 1, 1);
  const body = items.slice((page - 1) * perPage, page * perPage);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const link = (p: number, rel: string) => {
    const url = new URL(request.path, apiBase(request));
    request.query.forEach((v, k) => url.searchParams.set(k, v));
    url.searchParams.set('per_page', String(perPage));
    url.searchParams.set('page', String(p));
    return `<${url}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
  return {
    status: 200,
    body,
    headers: links.length ? { link: links.join(', ') } : undefined,
  };
}
