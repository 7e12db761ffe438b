/**
 * Groundwork's mark: three strata stepping up from the ground, the
 * foundation a platform gives the services built on it. Drawn for this
 * project; public/favicon.svg is the same drawing on its own.
 */
export const MARK_COLOURS = ['#14b8a6', '#2dd4bf', '#5eead4'] as const;

/** The mark's shapes on a 32 × 32 grid, bottom stratum first. */
export function GroundworkMark(props: { x?: number; y?: number }) {
  const { x = 0, y = 0 } = props;
  return (
    <g transform={`translate(${x} ${y})`}>
      <rect
        x="2"
        y="22"
        width="28"
        height="6"
        rx="1.5"
        fill={MARK_COLOURS[0]}
      />
      <rect
        x="7"
        y="13"
        width="18"
        height="6"
        rx="1.5"
        fill={MARK_COLOURS[1]}
      />
      <rect x="12" y="4" width="8" height="6" rx="1.5" fill={MARK_COLOURS[2]} />
    </g>
  );
}
