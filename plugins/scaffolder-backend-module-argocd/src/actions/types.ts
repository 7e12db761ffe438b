import { z } from 'zod/v3';
import { inputSchema } from './schema';

/** `argocd:create-app` inputs after defaults are applied. */
export type CreateAppInput = z.output<ReturnType<typeof inputSchema>>;
