import { type AnyPlugin, createKernel, silentLogger } from '@kehu/core';
import { generateClientTypes } from '../src/openapi/generate-client-types.js';

/** The typed client's source for the kernel with `plugins`: boots them on an in-memory database and reads the OpenAPI document. */
export async function clientTypesFor(plugins: readonly AnyPlugin[]): Promise<string> {
  const kernel = await createKernel({
    database: { url: ':memory:' },
    plugins,
    logger: silentLogger,
    dispatcher: { autoStart: false },
    scheduler: { autoStart: false },
    adminToken: 'kehu_generate_client',
  });
  try {
    const source = `kernel with ${kernel.plugins.map((p) => p.name).join(', ') || 'no plugins'}`;
    return generateClientTypes(kernel.openApi(), { source });
  } finally {
    await kernel.close();
  }
}
