import { Content, Header, Page } from '@backstage/core-components';
import { PlatformStatusPortfolio } from './PlatformStatusPortfolio';

/** The portfolio in the new frontend system, whose page supplies the header. */
export function PortfolioPageContent() {
  return (
    <Content>
      <PlatformStatusPortfolio />
    </Content>
  );
}

/** The portfolio as a page of its own, for legacy apps. */
export function PlatformStatusPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Platform status"
        subtitle="Delivery, cost against budget and compliance of every entity, per environment"
      />
      <Content>
        <PlatformStatusPortfolio />
      </Content>
    </Page>
  );
}
