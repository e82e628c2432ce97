// `@kehu/core/ui`: what the console (and plugin UI code) needs from hono, so it depends on @kehu/core only.

export type { Context } from 'hono';
export { Hono } from 'hono';
export { bodyLimit } from 'hono/body-limit';
export { deleteCookie, getCookie, setCookie } from 'hono/cookie';
export { csrf } from 'hono/csrf';
export { html, raw } from 'hono/html';
export type { Child, FC, PropsWithChildren } from 'hono/jsx';
export { secureHeaders } from 'hono/secure-headers';
export type { HtmlEscapedString } from 'hono/utils/html';
export {
  CUSTOMER_PICKER_LIMIT,
  CUSTOMER_PICKER_PATH,
  CustomerPicker,
  type CustomerPickerItem,
  type CustomerPickerProps,
  type CustomerPickerTarget,
  type CustomerPickerWords,
  customerPickedEvent,
  customerPickerChosen,
  customerPickerResults,
  customerPickerSearch,
  customerPickerWords,
  FollowsPicker,
  type FollowsPickerProps,
  followsStale,
} from './customer-picker.js';
export { FieldList, type UiField } from './field-list.js';
export {
  amountOf,
  answerPost,
  done,
  Field,
  FormGrid,
  FormRows,
  fieldErrors,
  formKitMessages,
  formValues,
  minorDigits,
  minorToInput,
  PostForm,
  problemText,
  Refusal,
  refusalOnField,
  refusedStatus,
  toMinor,
  type UiFieldProps,
  type UiFormRow,
  type UiFormRowsProps,
  type UiHtml,
  type UiProblem,
} from './forms.js';
export { requestAs } from './in-process.js';
export {
  ActionLink,
  Badge,
  CustomerLink,
  DataTable,
  listParams,
  nextPage,
  PageHead,
  SectionNav,
  type UiColumn,
  type UiDataTableProps,
  type UiNextPage,
} from './lists.js';
export type * from './types.js';
export { UI_LANGUAGES } from './types.js';
