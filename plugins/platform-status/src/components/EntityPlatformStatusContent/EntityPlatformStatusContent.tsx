import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { isPlatformStatusAvailable } from '../../lib/availability';
import { useEntityPlatformStatus } from '../../hooks/useEntityPlatformStatus';
import {
  useAssessedStatus,
  useEnvironmentTitle,
} from '../../hooks/useAssessedStatus';
import { usePlatformStatusSettings } from '../../hooks/usePlatformStatusSettings';
import { PlatformStatusEmptyState } from '../common/PlatformStatusEmptyState';
import { SourceErrors } from '../common/SourceErrors';
import { Timestamp } from '../common/Timestamp';
import { EnvironmentMatrix } from './EnvironmentMatrix';
import { ExpiryBanner } from './ExpiryBanner';
import { AdmissionTable } from './AdmissionTable';
import { ComplianceTable } from './ComplianceTable';
import { CostView } from './CostView';
import { InForceView } from './InForceView';
import { RefreshButton } from './RefreshButton';

/**
 * The entity tab: the environment matrix, cost against budget with its
 * trend, and every compliance finding.
 */
export function EntityPlatformStatusContent() {
  const { entity } = useEntity();
  return (
    <div data-testid="platform-status-content">
      {isPlatformStatusAvailable(entity) ? (
        <StatusContent />
      ) : (
        <PlatformStatusEmptyState />
      )}
    </div>
  );
}

function StatusContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const { loading, error, value, reload } = useEntityPlatformStatus();
  const assessments = useAssessedStatus(value);
  const { staleAfterMs } = usePlatformStatusSettings();
  const title = useEnvironmentTitle();
  if (loading) return <Progress />;
  if (error || !value) {
    return (
      <ResponseErrorPanel
        error={error ?? new Error('No status was returned')}
        title="Could not load platform status"
      />
    );
  }
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Box display="flex" alignItems="center" justifyContent="space-between">
          <Typography variant="body2" color="textSecondary">
            <Timestamp iso={value.generatedAt} prefix="Generated" />
          </Typography>
          <RefreshButton onRefreshed={reload} />
        </Box>
        {value.expiry && <ExpiryBanner expiry={value.expiry} />}
        {value.warnings.map(w => (
          <Alert key={w} severity="warning">
            {w}
          </Alert>
        ))}
      </Grid>
      {assessments.length === 0 ? (
        <Grid item xs={12}>
          <Typography>
            None of the entity's environments is configured in
            groundwork.environments, so there is nothing to show.
          </Typography>
        </Grid>
      ) : (
        <>
          <Grid item xs={12}>
            <SourceErrors
              environments={assessments.map(a => a.environment)}
              title={title}
            />
          </Grid>
          <Grid item xs={12}>
            <InfoCard title="Environments" noPadding>
              <EnvironmentMatrix
                assessments={assessments}
                title={title}
                staleAfterMs={staleAfterMs}
              />
            </InfoCard>
          </Grid>
          <Grid item xs={12}>
            <CostView
              assessments={assessments}
              title={title}
              entityRef={entityRef}
            />
          </Grid>
          <Grid item xs={12}>
            <ComplianceTable
              assessments={assessments}
              title={title}
              entityRef={entityRef}
            />
          </Grid>
          <Grid item xs={12}>
            <InForceView assessments={assessments} title={title} />
          </Grid>
          <Grid item xs={12}>
            <AdmissionTable assessments={assessments} title={title} />
          </Grid>
        </>
      )}
    </Grid>
  );
}
