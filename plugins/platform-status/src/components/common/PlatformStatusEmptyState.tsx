import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { CodeSnippet, EmptyState, Link } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { PLATFORM_STATUS_ANNOTATIONS } from '@groundwork/plugin-platform-status-common';
import { ANNOTATION_ENVIRONMENTS } from '@groundwork/plugin-groundwork-common';
import { usePlatformStatusSettings } from '../../hooks/usePlatformStatusSettings';
import { ANNOTATION_HELP } from './annotationHelp';

/**
 * Shown instead of the card or tab on an entity without
 * `groundwork.dev/environments`: every annotation that enables or shapes
 * platform status, an example to paste, and a link to the README.
 */
export function PlatformStatusEmptyState() {
  const { entity } = useEntity();
  const { documentationUrl, environments } = usePlatformStatusSettings();
  const envs = environments.environments.map(e => e.name);
  const name = entity.metadata.name;
  const yaml = [
    `apiVersion: ${entity.apiVersion}`,
    `kind: ${entity.kind}`,
    'metadata:',
    `  name: ${name}`,
    '  annotations:',
    ...PLATFORM_STATUS_ANNOTATIONS.map(
      a => `    ${a}: ${ANNOTATION_HELP[a].example(envs, name)}`,
    ),
  ].join('\n');
  return (
    <EmptyState
      missing="field"
      title="Platform status is not set up for this entity"
      description={
        <span data-testid="platform-status-empty">
          Add the <code>{ANNOTATION_ENVIRONMENTS}</code> annotation to{' '}
          {entity.kind} {name} to see its environments, delivery, cost and
          compliance. These annotations enable and shape it:
        </span>
      }
      action={
        <>
          <Box component="ul" pl={2} mt={0}>
            {PLATFORM_STATUS_ANNOTATIONS.map(a => (
              <li key={a}>
                <Typography variant="body2">
                  <code>{a}</code>: {ANNOTATION_HELP[a].purpose}
                </Typography>
              </li>
            ))}
          </Box>
          <Typography variant="body1">
            For example, in catalog-info.yaml:
          </Typography>
          <Box my={2}>
            <CodeSnippet text={yaml} language="yaml" showCopyCodeButton />
          </Box>
          <Typography variant="body1">
            <Link to={documentationUrl}>
              Read how to enable platform status
            </Link>
          </Typography>
        </>
      }
    />
  );
}
