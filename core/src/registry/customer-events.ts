/** Something a plugin still has open for a customer; blocks termination and purge. */
export interface OpenItem {
  plugin: string;
  kind: string;
  count: number;
  detail: string;
}
