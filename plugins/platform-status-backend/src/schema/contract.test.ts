import type { Request, Response } from '@backstage/backend-openapi-utils';
import type {
  DeploymentHistoryResponse,
  EntityStatusResponse,
  InfrastructureRunReport,
  OverviewResponse,
} from '@groundwork/plugin-platform-status-common';
import { spec } from './openapi.generated';

/*
 * The wire types are written twice only in appearance: once as the OpenAPI
 * spec (what the router validates), once as TypeScript in the common
 * package (what clients and reporters compile against). These assignments,
 * checked by the type check, fail as soon as the two say different things.
 */
type Spec = typeof spec;

/*
 * The spec's objects are open (a response may grow fields), which the
 * derived types say with a string index signature; the interfaces list
 * their fields. Compared without it.
 */
type Closed<T> = T extends readonly (infer U)[]
  ? Closed<U>[]
  : T extends object
  ? { [K in keyof T as string extends K ? never : K]: Closed<T[K]> }
  : T;
/** A route's success body: its responses but the error one. */
type Success<T> = Closed<Exclude<T, { error: unknown }>>;

type ReportBody = Closed<Request<Spec, '/reports/infrastructure', 'post'>>;
type EntityBody = Success<
  Response<Spec, '/entities/:kind/:namespace/:name', 'get'>
>;
type OverviewBody = Success<Response<Spec, '/overview', 'get'>>;
type HistoryBody = Success<
  Response<
    Spec,
    '/entities/:kind/:namespace/:name/environments/:environment/deployments',
    'get'
  >
>;

function sameShape<A, B>(_a: (a: A) => B, _b: (b: B) => A) {
  return true;
}

describe('the common package types and the OpenAPI spec', () => {
  it('agree on every body the API sends and receives', () => {
    expect(
      sameShape<InfrastructureRunReport, ReportBody>(
        a => a,
        b => b,
      ),
    ).toBe(true);
    expect(
      sameShape<EntityStatusResponse, EntityBody>(
        a => a,
        b => b,
      ),
    ).toBe(true);
    expect(
      sameShape<DeploymentHistoryResponse, HistoryBody>(
        a => a,
        b => b,
      ),
    ).toBe(true);
    expect(
      sameShape<OverviewResponse, OverviewBody>(
        a => a,
        b => b,
      ),
    ).toBe(true);
  });
});
