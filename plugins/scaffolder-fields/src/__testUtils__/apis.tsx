import { ReactNode } from 'react';
import { ConfigReader } from '@backstage/config';
import {
  configApiRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { mockApis, TestApiProvider } from '@backstage/test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import type { Persona } from '../api/personas';

export const groundworkConfig = new ConfigReader({
  groundwork: {
    currency: 'EUR',
    environments: [
      {
        name: 'dev',
        title: 'Development',
        monthlyBudget: 500,
        cloud: {
          provider: 'aws',
          account: '111111111111',
          region: 'eu-west-1',
        },
      },
      { name: 'staging', title: 'Staging', monthlyBudget: 1000 },
      {
        name: 'prod',
        title: 'Production',
        production: true,
        monthlyBudget: 5000,
        cloud: {
          provider: 'aws',
          account: '333333333333',
          region: 'eu-west-1',
        },
      },
    ],
  },
});

/** The shape @groundwork/plugin-scaffolder-backend-module-persona serves (assumed, see README). */
export const PERSONAS: Persona[] = [
  {
    id: 'developer',
    title: 'Developer',
    description: 'Builds and ships services of their team.',
    grants: [
      {
        system: 'github',
        environment: '*',
        access: 'write (team repositories)',
      },
      { system: 'kubernetes', environment: 'dev', access: 'edit' },
      { system: 'kubernetes', environment: 'prod', access: 'view' },
      { system: 'aws', environment: 'dev', access: 'PowerUser' },
      { system: 'aws', environment: 'prod', access: 'ReadOnly' },
    ],
  },
  {
    id: 'sre',
    title: 'Site reliability engineer',
    description: 'Operates production.',
    grants: [
      { system: 'kubernetes', environment: 'prod', access: 'admin' },
      { system: 'argocd', environment: 'prod', access: 'sync' },
    ],
  },
];

/** What the test portal's catalog holds (for NewEntityNamePicker). */
export const CATALOG: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-api', namespace: 'default' },
    spec: { type: 'service', owner: 'payments' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/payments' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'ledger', namespace: 'finance' },
    spec: { owner: 'group:finance/accounting' },
  },
];

type FetchMock = jest.Mock<Promise<Response>, [any, RequestInit?]>;

export function personasFetch(answer: () => Response): FetchMock {
  return jest.fn(async (url: any) => {
    if (url !== 'http://localhost:7007/api/scaffolder/groundwork/personas') {
      return new Response('unexpected', { status: 500 });
    }
    return answer();
  });
}

export const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });

export const discoveryApi = {
  getBaseUrl: async (pluginId: string) =>
    `http://localhost:7007/api/${pluginId}`,
};

export function Apis(props: {
  children: ReactNode;
  fetch?: FetchMock;
  config?: ConfigReader;
  /** Whether the permission policy allows what the field asks; allowed by default. */
  allowed?: boolean;
}) {
  return (
    <TestApiProvider
      apis={[
        [catalogApiRef, catalogApiMock({ entities: CATALOG })],
        [configApiRef, props.config ?? groundworkConfig],
        [discoveryApiRef, discoveryApi],
        [
          fetchApiRef,
          {
            fetch:
              props.fetch ?? personasFetch(() => json({ personas: PERSONAS })),
          },
        ],
        [
          permissionApiRef,
          mockApis.permission({
            authorize:
              props.allowed === false
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
          }),
        ],
      ]}
    >
      {props.children}
    </TestApiProvider>
  );
}

/** An ApiHolder for calling field validations directly. */
export function apiHolder(
  fetch?: FetchMock,
  config = groundworkConfig,
  catalog: unknown = catalogApiMock({ entities: CATALOG }),
) {
  const apis = new Map<string, unknown>([
    [catalogApiRef.id, catalog],
    [configApiRef.id, config],
    [discoveryApiRef.id, discoveryApi],
    [
      fetchApiRef.id,
      { fetch: fetch ?? personasFetch(() => json({ personas: PERSONAS })) },
    ],
  ]);
  return { get: (ref: { id: string }) => apis.get(ref.id) as any };
}

export function fieldValidation() {
  const errors: string[] = [];
  return { errors, addError: (m: string) => errors.push(m) } as any;
}
