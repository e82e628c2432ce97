#!/usr/bin/env node
// The `kehu` command. A committed file (not in dist/) so package managers can link it before the build.
import('../dist/cli.js')
  .then((cli) => cli.main())
  .catch((err) => {
    const missing = err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist');
    process.stderr.write(
      missing
        ? 'kehu: @kehu/sdk is not built yet; run pnpm build\n'
        : `kehu: ${err && err.stack ? err.stack : err}\n`,
    );
    process.exitCode = 1;
  });
