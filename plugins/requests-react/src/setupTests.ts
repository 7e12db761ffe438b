import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// CI machines are shared; give findBy/waitFor room before calling it a miss.
configure({ asyncUtilTimeout: 5000 });

// recharts' ResponsiveContainer watches its size; jsdom has no ResizeObserver
// (and no layout, so there is nothing to observe).
if (!('ResizeObserver' in globalThis)) {
  (globalThis as any).ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}
