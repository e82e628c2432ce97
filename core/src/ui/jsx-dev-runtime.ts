export type { JSX } from 'hono/jsx/jsx-dev-runtime';
export { Fragment, jsxDEV } from 'hono/jsx/jsx-dev-runtime';
