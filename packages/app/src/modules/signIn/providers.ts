import { githubAuthApiRef } from '@backstage/core-plugin-api';
import type { SignInProviderConfig } from '@backstage/core-components';

/** The config key that lists the sign-in page's providers. */
export const SIGN_IN_PROVIDERS_KEY = 'groundwork.signIn.providers';

/**
 * The providers this portal's backend installs, by the name config uses. A
 * provider added to the backend (an auth-backend module) is added here too,
 * with the API ref its front end signs in through.
 */
export const signInProviders: Record<string, 'guest' | SignInProviderConfig> = {
  guest: 'guest',
  github: {
    id: 'github-auth-provider',
    title: 'GitHub',
    message: 'Sign in with your GitHub account',
    apiRef: githubAuthApiRef,
  },
};

/**
 * The sign-in page's providers from config, or the sentence that says what to
 * fix. Fails closed: a name it does not know offers nothing rather than a guess.
 */
export function readSignInProviders(
  names: string[] | undefined,
): { providers: ('guest' | SignInProviderConfig)[] } | { error: string } {
  const known = Object.keys(signInProviders).join(', ');
  if (!names || names.length === 0) {
    return {
      error: `No sign-in provider is configured. Set ${SIGN_IN_PROVIDERS_KEY} in app-config to one or more of: ${known}.`,
    };
  }
  const unknown = names.filter(
    name => !Object.prototype.hasOwnProperty.call(signInProviders, name),
  );
  if (unknown.length > 0) {
    return {
      error: `${SIGN_IN_PROVIDERS_KEY} lists ${unknown
        .map(n => `"${n}"`)
        .join(
          ', ',
        )}, which this portal does not offer. Use one or more of: ${known}.`,
    };
  }
  return { providers: [...new Set(names)].map(name => signInProviders[name]) };
}
