import type { HtmlEscapedString } from 'hono/utils/html';
import type { Principal } from '../auth/principal.js';
import type { KehuContext } from '../http/env.js';
import type { Customer } from '../registry/customer-record.js';
import type { Labels } from '../registry/types.js';

/** The console's languages; every label a plugin contributes comes in both. */
export type UiLanguage = 'en' | 'zh-CN';
export const UI_LANGUAGES: readonly UiLanguage[] = ['en', 'zh-CN'];

/** What a contribution renders: a hono/jsx element, an `html` template, or plain text (escaped). */
export type UiNode = HtmlEscapedString | Promise<HtmlEscapedString> | string | null;

/** Dates, numbers and money through `Intl`, in the request's language and the company's time zone. */
export interface UiFormat {
  /** A calendar date (`YYYY-MM-DD`) or the company date of an instant. */
  date(value: string | Date): string;
  /** An instant as the company's local date and time. */
  dateTime(value: string | Date): string;
  number(value: number, options?: Intl.NumberFormatOptions): string;
  /** Integer minor units of an ISO 4217 currency. */
  money(minor: number | bigint, currency: string): string;
}

/** The answer of an in-process API call made with the signed-in user's rights. */
export interface UiApiResult<T = any> {
  ok: boolean;
  status: number;
  /** The JSON body: the resource, or the problem document when not ok. */
  body: T;
}

/** How `req.chart` draws and labels a chart. */
export interface UiChartOptions {
  /** Names the chart: the picture's accessible name and the figure's caption. */
  title: string;
  /** A sentence saying what the chart shows (the picture's accessible description). */
  description?: string;
  /** Size of the drawing in CSS pixels (default 640 × 320); it shrinks to fit narrow screens. */
  width?: number;
  height?: number;
  /**
   * The data as a table beside the picture. Without it the table is taken from the option: the
   * category axis against each series, or the names and values of a pie.
   */
  table?: { head: string[]; rows: (string | number)[][] };
  /** Formats the numbers of the table (default `format.number`). */
  formatValue?(value: number): string;
}

/** One page request as a contribution sees it. */
export interface UiRequest {
  readonly principal: Principal;
  readonly lang: UiLanguage;
  readonly c: KehuContext;
  /** Path parameters of a plugin page (`/invoices/:id` → `params.id`). */
  readonly params: Record<string, string>;
  /** The query string, one value per name. */
  readonly query: Record<string, string>;
  /** A form post's fields (empty on GET). Repeated names hold arrays. */
  readonly form: Record<string, string | string[]>;
  /** Value of the hidden `_csrf` field every form that posts must carry. */
  readonly csrfToken: string;
  readonly format: UiFormat;
  /** A label in the request's language. */
  label(labels: Labels): string;
  /** A message of the plugin's catalog (see `ctx.ui.messages`), `{name}` placeholders filled. */
  t(key: string, params?: Record<string, string | number>): string;
  /** The console URL of a page of the calling plugin: `href('/x')` → `/<plugin>/x`. */
  href(path: string): string;
  /**
   * Calls the HTTP API in-process as the signed-in user: the same validation, permissions, audit
   * and idempotency as a client's call, without a token or a socket.
   */
  api<T = any>(method: string, path: string, body?: unknown): Promise<UiApiResult<T>>;
  /**
   * An Apache ECharts option rendered on the server to an SVG picture (no client script), with its
   * title and description for screen readers and the data as a table.
   */
  chart(option: Record<string, unknown>, options: UiChartOptions): Promise<HtmlEscapedString>;
  /** Adds a one-time notice shown on the next page (after a redirect). */
  flash(kind: 'success' | 'error', text: string): void;
  /**
   * The console's 404 page. Answer with it for a record that does not exist and for one of a customer
   * the user may not see alike, so a page never tells the two apart.
   */
  notFound(): Response | Promise<Response>;
}

export interface UiPageDefinition {
  /** Below the plugin's segment: `/invoices/:id` is served at `/<plugin>/invoices/:id`. */
  path: string;
  title: Labels;
  /** Permission needed to open the page (403 page otherwise). Default: any signed-in user. */
  access?: string;
  /** Renders the page body inside the console's layout, or answers with its own Response. */
  get?(req: UiRequest): UiNode | Response | Promise<UiNode | Response>;
  /** Handles the page's form posts (CSRF already checked); usually ends in `redirect`. */
  post?(req: UiRequest): UiNode | Response | Promise<UiNode | Response>;
}

export interface UiNavDefinition {
  label: Labels;
  /** A console path, e.g. `/loyalty/ledger`. */
  href: string;
  access?: string;
  /** `main` (default) or `admin`. */
  section?: 'main' | 'admin';
  /** Lower first; kernel entries use 0–100. */
  order?: number;
}

export interface UiCustomerPanelDefinition {
  /** Unique within the plugin. */
  name: string;
  title: Labels;
  access?: string;
  order?: number;
  /** Called only for a customer the user may see; null hides the panel. */
  render(customer: Customer, req: UiRequest): UiNode | Promise<UiNode>;
}

export interface UiDashboardWidgetDefinition {
  name: string;
  title: Labels;
  access?: string;
  order?: number;
  render(req: UiRequest): UiNode | Promise<UiNode>;
}

/** A plugin's message catalog: the same keys in both languages (a missing key is a boot error). */
export type UiMessages = Record<UiLanguage, Record<string, string>>;

/** `ctx.ui`: how a plugin adds to the web console from its own package. */
export interface PluginUi {
  page(def: UiPageDefinition): void;
  nav(def: UiNavDefinition): void;
  customerPanel(def: UiCustomerPanelDefinition): void;
  dashboardWidget(def: UiDashboardWidgetDefinition): void;
  messages(catalogs: UiMessages): void;
  /**
   * For the console plugin itself: the hono app serving the site's pages, mounted at `/` after the
   * API routes. One plugin at most may serve the site.
   */
  serve(app: { fetch: (...args: any[]) => any }): void;
  /**
   * The whole kernel, for the one plugin that serves the site: the console renders its pages by calling
   * the API in-process as the signed-in user. Other plugins name the parts they need instead.
   */
  siteHost<T>(): T;
}
