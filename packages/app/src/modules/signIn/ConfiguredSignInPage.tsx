import {
  Content,
  ErrorPanel,
  Page,
  SignInPage,
} from '@backstage/core-components';
import {
  configApiRef,
  useApi,
  type SignInPageProps,
} from '@backstage/core-plugin-api';
import { readSignInProviders, SIGN_IN_PROVIDERS_KEY } from './providers';

/**
 * Backstage's sign-in page with the providers `groundwork.signIn.providers`
 * lists: guest for the embedded default, GitHub in production.
 */
export function ConfiguredSignInPage(props: SignInPageProps) {
  const config = useApi(configApiRef);
  const result = readSignInProviders(
    config.getOptionalStringArray(SIGN_IN_PROVIDERS_KEY),
  );
  if ('error' in result) {
    return (
      <Page themeId="home">
        <Content>
          <ErrorPanel
            title="Sign-in is not configured"
            error={new Error(result.error)}
          />
        </Content>
      </Page>
    );
  }
  return <SignInPage {...props} providers={result.providers} />;
}
