import { azureServiceNames } from './azureNames';

describe('azureServiceNames', () => {
  const sub = '00000000-0000-0000-0000-00000000d001';

  it("fits each resource's naming rule, even for the longest service and environment names", () => {
    for (const service of ['ab1', 'payments-api', `a${'-b'.repeat(14)}c`]) {
      for (const env of ['dev', 'x'.repeat(63)]) {
        const n = azureServiceNames(sub, env, service);
        for (const vault of [n.keyVault, n.geoKeyVault]) {
          expect(vault).toMatch(
            /^(?!.*--)[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/,
          );
        }
        expect(n.geoKeyVault).not.toBe(n.keyVault);
        expect(n.registry).toMatch(/^[a-zA-Z0-9]{5,50}$/);
        expect(n.storageAccount).toMatch(/^[a-z0-9]{3,24}$/);
        expect(n.postgresServer).toMatch(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/);
        // Service Bus: 6-50, a letter first, a letter or digit last.
        expect(n.serviceBusNamespace).toMatch(
          /^[a-zA-Z][a-zA-Z0-9-]{4,48}[a-zA-Z0-9]$/,
        );
        expect(n.serviceBusNamespace).not.toMatch(/-(sb|mgmt)$/);
      }
    }
  });

  it('is the same on every render and differs across environments, subscriptions and services', () => {
    const a = azureServiceNames(sub, 'dev', 'payments-api');
    expect(azureServiceNames(sub, 'dev', 'payments-api')).toEqual(a);
    expect(a.keyVault).toMatch(/^kv-payments-api-[0-9a-f]{6}$/);
    const others = [
      azureServiceNames(sub, 'prod', 'payments-api'),
      azureServiceNames(sub.replace('d001', 'd002'), 'dev', 'payments-api'),
      azureServiceNames(sub, 'dev', 'payments-apj'),
    ];
    for (const o of others) {
      expect(o.keyVault).not.toBe(a.keyVault);
      expect(o.storageAccount).not.toBe(a.storageAccount);
      expect(o.serviceBusNamespace).not.toBe(a.serviceBusNamespace);
    }
  });
});
