import { githubAuthApiRef } from '@backstage/core-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import { screen } from '@testing-library/react';
import { signInPage } from './index';

const githubAuth = {
  getAccessToken: jest.fn(),
  getIdToken: jest.fn(),
  getProfile: jest.fn(),
  getBackstageIdentity: jest.fn(),
  getCredentials: jest.fn(),
  signIn: jest.fn(),
  signOut: jest.fn(),
  sessionState$: jest.fn(),
};

/** The sign-in page extension, rendered with `groundwork.signIn.providers` as given. */
async function renderSignIn(providers?: unknown) {
  const config = {
    app: { title: 'Groundwork' },
    backend: { baseUrl: 'http://localhost:7007' },
    groundwork: providers === undefined ? {} : { signIn: { providers } },
  };
  const SignIn = createExtensionTester(signInPage).get(
    SignInPageBlueprint.dataRefs.component,
  );
  renderInTestApp(<SignIn onSignInSuccess={jest.fn()} />, {
    config,
    apis: [[githubAuthApiRef, githubAuth]],
  });
}

describe('the sign-in page', () => {
  beforeEach(() => localStorage.clear());

  it('offers GitHub and no guest entry in production', async () => {
    await renderSignIn(['github']);
    expect(await screen.findByText('GitHub')).toBeInTheDocument();
    expect(
      screen.getByText('Sign in with your GitHub account'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /sign in/i })).toBeEnabled();
    expect(screen.queryByText(/guest/i)).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /enter/i }),
    ).not.toBeInTheDocument();
  });

  it('does not sign a returning browser in as a guest when production offers GitHub only', async () => {
    // What the embedded default leaves in a browser after a guest sign-in.
    localStorage.setItem('@backstage/core:SignInPage:provider', 'guest');
    await renderSignIn(['github']);
    expect(await screen.findByText('GitHub')).toBeInTheDocument();
    expect(screen.queryByText(/guest/i)).not.toBeInTheDocument();
    expect(githubAuth.getBackstageIdentity).not.toHaveBeenCalled();
  });

  it('offers the guest entry in the embedded default', async () => {
    await renderSignIn(['guest']);
    expect(await screen.findByText('Guest')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /enter/i })).toBeEnabled();
    expect(screen.queryByText('GitHub')).not.toBeInTheDocument();
  });

  it('offers both when config lists both, once each', async () => {
    await renderSignIn(['github', 'guest', 'github']);
    expect(await screen.findByText('GitHub')).toBeInTheDocument();
    expect(screen.getAllByText('GitHub')).toHaveLength(1);
    expect(screen.getByText('Guest')).toBeInTheDocument();
  });

  it('offers nothing and names the key when config lists a provider the portal does not have', async () => {
    await renderSignIn(['github', 'okta']);
    expect(
      await screen.findAllByText(
        /groundwork\.signIn\.providers lists "okta", which this portal does not offer\. Use one or more of: guest, github\./,
      ),
    ).not.toHaveLength(0);
    expect(screen.getByText(/Sign-in is not configured/)).toBeInTheDocument();
    expect(screen.queryByText('GitHub')).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /sign in|enter/i }),
    ).not.toBeInTheDocument();
  });

  it('offers nothing and says what to set when no provider is configured', async () => {
    await renderSignIn();
    expect(
      await screen.findAllByText(
        /No sign-in provider is configured\. Set groundwork\.signIn\.providers in app-config/,
      ),
    ).not.toHaveLength(0);
    expect(
      screen.queryByRole('button', { name: /sign in|enter/i }),
    ).not.toBeInTheDocument();
  });
});
