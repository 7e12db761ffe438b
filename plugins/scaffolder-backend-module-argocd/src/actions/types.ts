import { z } from 'zod/v3';
import { inputSchema, outputSchema } from './schema';

/** `argocd:create-app` inputs after defaults are applied. */
export type CreateAppInput = z.output<ReturnType<typeof inputSchema>>;

export type CreateAppOutput = z.output<ReturnType<typeof outputSchema>>;
