/**
 * Where a request is read: the requests plugin's page, which its README
 * says to mount at `/requests` (notifications and task outputs link there).
 */
export function requestPath(id: string): string {
  return `/requests/${encodeURIComponent(id)}`;
}
