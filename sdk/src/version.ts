/** Kept in step with package.json by the release; shown by `kehu --version`. */
export const SDK_VERSION = '0.1.0';
