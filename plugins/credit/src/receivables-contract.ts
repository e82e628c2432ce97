/**
 * The receivables plugin's public contract, types only: importing it brings its service, filter and
 * event types into `@kehu/core`'s registries. Credit never imports its code or touches its tables.
 */
export type { Invoice, InvoiceDraft, ReceivablesService, Standing } from '@kehu/plugin-receivables';
