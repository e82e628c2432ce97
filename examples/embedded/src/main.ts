import { serve } from '@hono/node-server';
import { createHostApp, type Staff } from './host-app.js';

// A demo directory; a real host has its own (LDAP, SSO, its user table).
const staff: Staff[] = [
  {
    email: 'li.na@qinghe.example',
    name: '李娜',
    password: process.env.DEMO_PASSWORD ?? 'change-me',
    crmRoles: ['sales_manager'],
  },
  {
    email: 'wang.fang@qinghe.example',
    name: '王芳',
    password: process.env.DEMO_PASSWORD ?? 'change-me',
    crmRoles: ['account_manager'],
  },
];

const host = await createHostApp(staff, { database: process.env.DATABASE_URL ?? './data/embedded.db' });
const port = Number(process.env.PORT ?? 3100);
const server = serve({ fetch: host.app.fetch, port }, () =>
  process.stdout.write(`Portal on http://localhost:${port}; the CRM under /crm\n`),
);
const stop = () => server.close(() => void host.close());
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
