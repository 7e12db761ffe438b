import { Content } from '@backstage/core-components';
import type {
  HomePageLayoutProps,
  HomePageWidgetData,
} from '@backstage/plugin-home-react/alpha';
import Grid from '@material-ui/core/Grid';
import type { ReactElement } from 'react';

type Column = 'top' | 'main' | 'side';

/**
 * Where Groundwork's own widgets go, by widget name. Any other widget an
 * installer enables (e.g. the home plugin's starred entities) follows in the
 * main column, in the order the app lists it.
 */
const PLACES: Record<string, { column: Column; order: number }> = {
  GroundworkWelcome: { column: 'top', order: 0 },
  // The search plugin's home widget, when installed: under the welcome.
  HomePageSearchBar: { column: 'top', order: 0.5 },
  GroundworkNeedsAttention: { column: 'main', order: 1 },
  GroundworkMyRequests: { column: 'side', order: 2 },
  GroundworkRecentTemplateRuns: { column: 'side', order: 3 },
};
const ELSEWHERE = { column: 'main' as Column, order: 100 };

function Stack(props: { widgets: HomePageWidgetData[] }) {
  return (
    <Grid container spacing={3} direction="column">
      {props.widgets.map((widget, index) => (
        <Grid item key={widget.name ?? index}>
          {widget.component}
        </Grid>
      ))}
    </Grid>
  );
}

/**
 * The home page as a cockpit: a fixed grid with what needs attention beside
 * the person's requests and template runs. Unlike the home plugin's default
 * (a grid each person rearranges), everyone sees the same page, so a
 * newcomer's first screen is the one the README describes.
 */
export function CockpitLayout({ widgets }: HomePageLayoutProps): ReactElement {
  const placed = widgets
    .map((widget, index) => ({
      widget,
      index,
      ...((widget.name && PLACES[widget.name]) || ELSEWHERE),
    }))
    .sort((a, b) => a.order - b.order || a.index - b.index);
  const column = (c: Column) =>
    placed.filter(p => p.column === c).map(p => p.widget);
  return (
    <Content>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <Stack widgets={column('top')} />
        </Grid>
        <Grid item xs={12} md={7}>
          <Stack widgets={column('main')} />
        </Grid>
        <Grid item xs={12} md={5}>
          <Stack widgets={column('side')} />
        </Grid>
      </Grid>
    </Content>
  );
}
