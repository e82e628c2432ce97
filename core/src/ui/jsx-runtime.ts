// JSX for plugin UI code that depends only on @kehu/core: `"jsxImportSource": "@kehu/core"`.

export type { JSX } from 'hono/jsx/jsx-runtime';
export { Fragment, jsx, jsxs } from 'hono/jsx/jsx-runtime';
