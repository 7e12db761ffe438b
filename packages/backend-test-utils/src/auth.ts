import {
  AuthService,
  BackstageCredentials,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';

/**
 * mockServices.auth, except that a token one plugin issues for a person
 * carries that plugin as the actor, as the real auth service's tokens do
 * (backend-defaults DefaultAuthService: an on-behalf-of plugin token
 * authenticates as the user with `actor` set to the issuing plugin). The
 * stock mock drops the actor, so checks that depend on who acts (the
 * catalog's apply-conditions route, platform status's reporters) would
 * refuse calls that a real backend accepts.
 */
export const actorPreservingMockAuth = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }): AuthService {
    const pluginId = plugin.getId();
    const inner = mockServices.auth({ pluginId });
    return {
      authenticate: (token, options) => inner.authenticate(token, options),
      isPrincipal: ((credentials: BackstageCredentials, type: any) =>
        inner.isPrincipal(credentials, type)) as AuthService['isPrincipal'],
      getNoneCredentials: () => inner.getNoneCredentials(),
      getOwnServiceCredentials: () => inner.getOwnServiceCredentials(),
      getLimitedUserToken: credentials =>
        inner.getLimitedUserToken(credentials),
      listPublicServiceKeys: () => inner.listPublicServiceKeys(),
      async getPluginRequestToken(options) {
        const principal = options.onBehalfOf.principal as {
          type: string;
          userEntityRef?: string;
        };
        if (principal.type === 'user' && principal.userEntityRef) {
          return {
            token: mockCredentials.user.token(principal.userEntityRef, {
              actor: { subject: `plugin:${pluginId}` },
            }),
          };
        }
        return inner.getPluginRequestToken(options);
      },
    };
  },
});
