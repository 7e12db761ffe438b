import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** One Argo CD instance as configured under `argocd.instances`. */
export interface ArgoCdInstance {
  name: string;
  url: string;
  token?: string;
  username?: string;
  password?: string;
  caData?: string;
  uiUrl: string;
  requestTimeoutMs: number;
}

export interface ArgoCdInstances {
  instances: ArgoCdInstance[];
  defaultInstance?: ArgoCdInstance;
  /** The named instance, or the default; throws `InputError` naming the configured ones. */
  get(name?: string): ArgoCdInstance;
}

/** Reads and checks `argocd.instances`; an empty list when the key is absent. */
export function readArgoCdInstances(config: Config): ArgoCdInstances {
  const root = config.getOptionalConfig('argocd');
  const instances = (root?.getOptionalConfigArray('instances') ?? []).map(
    (c, index) => {
      const name = c.getString('name');
      const url = c.getString('url').replace(/\/+$/, '');
      if (!/^https?:\/\//.test(url)) {
        throw new InputError(
          `argocd.instances[${index}].url must start with https:// (or http:// for a local server), got "${url}".`,
        );
      }
      const token = c.getOptionalString('token');
      const username = c.getOptionalString('username');
      const password = c.getOptionalString('password');
      if (!token && !(username && password)) {
        throw new InputError(
          `argocd.instances[${index}] (${name}) needs either token, or username and password.`,
        );
      }
      return {
        name,
        url,
        token,
        username,
        password,
        caData: c.getOptionalString('caData'),
        uiUrl: (c.getOptionalString('uiUrl') ?? url).replace(/\/+$/, ''),
        requestTimeoutMs: c.getOptionalNumber('requestTimeoutMs') ?? 30_000,
      };
    },
  );
  const seen = new Set<string>();
  for (const instance of instances) {
    if (seen.has(instance.name)) {
      throw new InputError(
        `argocd.instances has two instances named "${instance.name}"; give each a unique name.`,
      );
    }
    seen.add(instance.name);
  }
  const defaultName = root?.getOptionalString('defaultInstance');
  const defaultInstance = defaultName
    ? instances.find(i => i.name === defaultName)
    : instances[0];
  if (defaultName && !defaultInstance) {
    throw new InputError(
      `argocd.defaultInstance is "${defaultName}", but no instance of that name is configured.`,
    );
  }
  return {
    instances,
    defaultInstance,
    get(name) {
      const found = name
        ? instances.find(i => i.name === name)
        : defaultInstance;
      if (!found) {
        const known = instances.map(i => i.name).join(', ') || 'none';
        throw new InputError(
          name
            ? `No Argo CD instance named "${name}" is configured (configured: ${known}). Use one of those, or add it under argocd.instances in app-config.`
            : 'No Argo CD instance is configured. Add one under argocd.instances in app-config.',
        );
      }
      return found;
    },
  };
}
