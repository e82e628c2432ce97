import type { ConsoleApp } from '../app';
import { importWizard } from './import';

/** The customer-value view's import of yearly figures (revenue, margin by customer and year), CSV or .xlsx. */
export function valueImportPages(app: ConsoleApp): void {
  importWizard(app, {
    path: '/customer-value/import',
    permission: 'customers.value.manage',
    api: '/api/v1/customers/value/figures/import',
    title: 'value.import.title',
    intro: 'value.import.intro',
    fileHint: 'value.import.fileHint',
    force: false,
    commit: 'value.import.commit',
    created: 'value.import.created',
    next: { href: '/customer-value', label: 'value.import.next' },
  });
}
