import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import type { Persona } from '../../api/personas';

/** `*` (every environment) first, then the portal's order, then the rest. */
export function environmentColumns(
  persona: Persona,
  order: string[],
): string[] {
  const names = [...new Set(persona.grants.map(g => g.environment))];
  const rank = (n: string) => {
    if (n === '*') return -1;
    const i = order.indexOf(n);
    return i < 0 ? order.length : i;
  };
  return names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/**
 * What a persona grants, system by system (rows) and environment by
 * environment (columns), as the persona catalogue declares it.
 */
export const GrantsTable = (props: {
  persona: Persona;
  environmentOrder: string[];
  inScope?: string[];
}) => {
  const { persona, environmentOrder, inScope } = props;
  const columns = environmentColumns(persona, environmentOrder);
  const systems = [...new Set(persona.grants.map(g => g.system))];
  const accessOf = (system: string, env: string) =>
    persona.grants
      .filter(g => g.system === system && g.environment === env)
      .map(g => g.access)
      .join(', ') || '-';
  return (
    <Table size="small" aria-label={`What ${persona.title} grants`}>
      <TableHead>
        <TableRow>
          <TableCell>System</TableCell>
          {columns.map(env => (
            <TableCell key={env}>
              {env === '*' ? 'all environments' : env}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {systems.map(system => (
          <TableRow key={system}>
            <TableCell component="th" scope="row">
              {system}
            </TableCell>
            {columns.map(env => (
              <TableCell
                key={env}
                style={
                  inScope && env !== '*' && !inScope.includes(env)
                    ? { opacity: 0.45 }
                    : undefined
                }
              >
                {accessOf(system, env)}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
