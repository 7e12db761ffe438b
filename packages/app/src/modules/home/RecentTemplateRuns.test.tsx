import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import { RecentTemplateRuns } from './RecentTemplateRuns';

type ScaffolderApi = typeof scaffolderApiRef.T;
type Task = Awaited<ReturnType<ScaffolderApi['listTasks']>>['tasks'][number];

function task(
  id: string,
  status: Task['status'],
  createdAt: string,
  title?: string,
): Task {
  return {
    id,
    status,
    createdAt,
    spec: {
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      parameters: {},
      output: {},
      steps: [],
      user: { ref: 'user:default/ada' },
      templateInfo: {
        entityRef: 'template:default/new-service',
        entity: {
          metadata: { name: 'new-service', ...(title ? { title } : {}) },
        },
      },
    } as Task['spec'],
  };
}

function render(listTasks: ScaffolderApi['listTasks']) {
  const api = { listTasks } as Partial<ScaffolderApi> as ScaffolderApi;
  return renderInTestApp(<RecentTemplateRuns />, {
    apis: [[scaffolderApiRef, api]],
  });
}

describe('RecentTemplateRuns', () => {
  it('asks for the person’s own runs and lists the newest first, with status and a link to the log', async () => {
    const listTasks = jest.fn(async () => ({
      tasks: [
        task('t1', 'completed', '2026-12-01T10:00:00Z', 'New service'),
        task('t3', 'failed', '2026-12-03T10:00:00Z', 'New environment'),
        task('t2', 'processing', '2026-12-02T10:00:00Z'),
      ],
      totalTasks: 3,
    }));
    render(listTasks);
    const runs = await screen.findAllByTestId('home-recent-run');
    expect(listTasks).toHaveBeenCalledWith({
      filterByOwnership: 'owned',
      limit: 5,
    });
    expect(runs.map(r => within(r).getByRole('link').textContent)).toEqual([
      'New environment',
      'new-service',
      'New service',
    ]);
    expect(within(runs[0]).getByText('Failed')).toBeInTheDocument();
    expect(within(runs[1]).getByText('Running')).toBeInTheDocument();
    expect(within(runs[2]).getByText('Completed')).toBeInTheDocument();
    expect(within(runs[0]).getByRole('link')).toHaveAttribute(
      'href',
      '/create/tasks/t3',
    );
    expect(
      screen.getByRole('link', { name: 'All your template runs' }),
    ).toHaveAttribute('href', '/create/tasks');
  });

  it('says where runs come from when there are none', async () => {
    render(async () => ({ tasks: [], totalTasks: 0 }));
    expect(
      await screen.findByText('You have not run a template yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Choose a template' }),
    ).toHaveAttribute('href', '/create');
  });

  it('says so, without crashing, when the scaffolder is down', async () => {
    render(async () => {
      throw new Error('Request failed with 503 Service Unavailable');
    });
    expect(
      await screen.findByText(/Could not load your template runs/),
    ).toBeInTheDocument();
  });
});
