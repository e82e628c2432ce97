import type { Customer } from '@kehu/core';
import {
  CUSTOMER_PICKER_LIMIT,
  CUSTOMER_PICKER_PATH,
  type CustomerPickerTarget,
  customerPickedEvent,
  customerPickerChosen,
  customerPickerResults,
  customerPickerSearch,
  customerPickerWords,
  formKitMessages,
} from '@kehu/core/ui';
import type { ConsoleApp } from '../app';
import { callApi, type SignedInPage } from '../context.js';

// The searches and choices of the form kit's customer picker (`CustomerPicker` in @kehu/core/ui),
// answered as htmx fragments. Customers are found and read through the customers API as the
// signed-in user, so the picker lists exactly the customers the user may see, by the registry's search
// (name, code, pinyin, initials); a hidden customer answers like one that does not exist.

const FIELD_ID = /^[A-Za-z][A-Za-z0-9_-]{0,79}$/;
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,79}$/;

export function customerPickerPages(app: ConsoleApp): void {
  app.get(CUSTOMER_PICKER_PATH, async (c) => {
    const page = c.get('page') as SignedInPage;
    const url = new URL(c.req.url);
    const t: CustomerPickerTarget = {
      id: url.searchParams.get('field') ?? '',
      name: url.searchParams.get('name') ?? 'customerId',
    };
    if (!FIELD_ID.test(t.id) || !FIELD_NAME.test(t.name)) return c.text('Bad picker field', 400);
    const messages: Record<string, string> = formKitMessages[page.lang];
    const words = customerPickerWords((k) => messages[k] ?? k);
    const search = (note?: string) =>
      c.html(
        <>
          {customerPickerSearch(t, { describedBy: `${t.id}-hint`, autofocus: true })}
          {note ? <p class="small muted">{note}</p> : null}
        </>,
      );

    const chosen = url.searchParams.get('choose');
    if (chosen !== null) {
      const res = await callApi<Customer>(page, 'GET', `/api/v1/customers/${encodeURIComponent(chosen)}`);
      if (!res.ok) return search(words.none);
      // "Change" without script reopens the page the picker is on, without the customer.
      const current = new URL(c.req.header('hx-current-url') ?? '/', url.origin);
      current.searchParams.delete(t.name);
      // Whatever in the form follows this picker (`FollowsPicker`) is drawn again for the customer.
      c.header('HX-Trigger-After-Settle', customerPickedEvent(t.id));
      return c.html(
        customerPickerChosen(
          t,
          { id: res.body.id, name: res.body.name, code: res.body.code },
          {
            change: words.change,
            changeHref: current.origin === url.origin ? current.pathname + current.search : '/',
          },
        ),
      );
    }
    if (url.searchParams.has('change')) return search();

    const q = (url.searchParams.get(t.name) ?? '').trim();
    if (!q) return c.html('');
    const res = await callApi<{ items: Customer[] }>(
      page,
      'GET',
      `/api/v1/customers?${new URLSearchParams({ q, limit: String(CUSTOMER_PICKER_LIMIT) })}`,
    );
    return c.html(customerPickerResults(t, res.ok ? res.body.items : [], words));
  });
}
