import type { Child } from '@kehu/core/ui';
import { errorPage, PageHead } from '../components';
import type { SignedInPage } from '../context.js';
import { Layout } from '../layout';

/** An admin page's handler: only for users with the permission; everyone else gets the 403 page. */
export const guarded =
  (permission: string, handler: (page: SignedInPage) => Response | Promise<Response>) =>
  (c: { get(k: 'page'): unknown }) => {
    const page = c.get('page') as SignedInPage;
    return page.principal.can(permission) ? handler(page) : errorPage(page, 403);
  };

/** An admin page: the layout, its heading and the body. */
export const adminScreen = (page: SignedInPage, title: string, body: Child, status = 200) =>
  page.c.html(
    <Layout page={page} title={title}>
      <PageHead title={title} />
      {body}
    </Layout>,
    status as 200,
  );

/** The posted form's fields (after the CSRF check). */
export const postedForm = (page: SignedInPage) =>
  page.c.get('form' as never) as Record<string, string | string[]>;
