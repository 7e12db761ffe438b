import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import request from 'supertest';
import { mockCredentials } from '@backstage/backend-test-utils';

/**
 * The input schemas of the actions installed in the test backend, as the
 * scaffolder serves them (GET /v2/actions): the same JSON schemas the real
 * scaffolder validates step inputs with before it runs an action.
 */
export async function actionInputValidator(server: any) {
  const res = await request(server)
    .get('/api/scaffolder/v2/actions')
    .set('Authorization', mockCredentials.user.header());
  if (res.status !== 200)
    throw new Error(`GET /v2/actions answered ${res.status}`);
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const schemas = new Map<string, any>(
    (res.body as any[]).map(a => [a.id, a.schema?.input ?? {}]),
  );
  return {
    ids: [...schemas.keys()],
    /** Problems of an input for an action; empty when the scaffolder would accept it. */
    problems(actionId: string, input: unknown): string[] {
      const schema = schemas.get(actionId);
      if (!schema) return [`${actionId} is not installed`];
      const validate = ajv.compile(schema);
      if (validate(input)) return [];
      return (validate.errors ?? []).map(
        e =>
          `${actionId}${e.instancePath} ${e.message}${
            e.params ? ` ${JSON.stringify(e.params)}` : ''
          }`,
      );
    },
  };
}
