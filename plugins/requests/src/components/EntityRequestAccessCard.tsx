import { InfoCard } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { RequestAccessButton } from '@groundwork/plugin-requests-react';

/**
 * On a System's page: temporary access to it in one environment, for the
 * signed-in person, ending on its own; a second person approves it.
 */
export function EntityRequestAccessCard() {
  const { entity } = useEntity();
  const config = useApi(configApiRef);
  const environments = (
    config.getOptionalConfigArray('groundwork.environments') ?? []
  ).map(e => e.getString('name'));
  const system = `${entity.kind.toLocaleLowerCase('en-US')}:${
    entity.metadata.namespace ?? 'default'
  }/${entity.metadata.name}`;
  return (
    <InfoCard title="Temporary access">
      <Typography variant="body2" paragraph>
        Need to act on {entity.metadata.title ?? entity.metadata.name} in an
        environment you have no access to (an incident, a migration)? Ask for
        access that ends on its own; someone else approves it.
      </Typography>
      <RequestAccessButton
        system={system}
        environments={environments}
        variant="contained"
      />
    </InfoCard>
  );
}
