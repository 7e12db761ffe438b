import '@testing-library/jest-dom';

// recharts' ResponsiveContainer watches its size; jsdom has no ResizeObserver
// (and no layout, so there is nothing to observe).
if (!('ResizeObserver' in globalThis)) {
  (globalThis as any).ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}
