import { render } from '@testing-library/react';
import { StatusLabel, HEALTH_LABELS, type StatusLevel } from './StatusLabel';

const CELL_LEVELS: StatusLevel[] = [
  'ok',
  'warning',
  'failing',
  'error',
  'not-configured',
  'no-data',
];

function iconShape(level: StatusLevel) {
  const { container } = render(
    <StatusLabel level={level}>{level}</StatusLabel>,
  );
  const svg = container.querySelector('svg')!;
  expect(svg).toHaveAttribute('aria-hidden', 'true');
  return svg.innerHTML;
}

describe('StatusLabel', () => {
  it('gives every cell level its own icon shape, so greyscale still tells them apart', () => {
    const shapes = CELL_LEVELS.map(iconShape);
    expect(new Set(shapes).size).toBe(CELL_LEVELS.length);
  });

  it('always writes the status out, for screen readers and colour-blind readers', () => {
    const { getByText, container } = render(
      <StatusLabel level="not-configured">Not configured</StatusLabel>,
    );
    expect(getByText('Not configured')).toBeVisible();
    expect(container.firstChild).toHaveAttribute(
      'data-status',
      'not-configured',
    );
    expect(Object.values(HEALTH_LABELS)).toEqual([
      'Healthy',
      'At risk',
      'Failing',
      'No data',
    ]);
  });
});
