import type { GitHubHandler } from './index';

/** A 1×1 grey PNG: what an avatar looks like here. */
const PIXEL = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * Avatars, which GitHub serves from avatars.githubusercontent.com to anyone
 * (an `<img>` carries no token). The stand-in's `avatar_url`s point at
 * itself, so a browser showing a signed-in person's picture gets one.
 */
const avatar: GitHubHandler = () => ({
  status: 200,
  raw: PIXEL,
  headers: { 'content-type': 'image/png', 'cache-control': 'max-age=300' },
});

export const avatarHandlers: Record<string, GitHubHandler> = {
  'GET /avatars/u/*': avatar,
  'GET /api/v3/avatars/u/*': avatar,
};
