import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SERVER = fileURLToPath(new URL('./server.mjs', import.meta.url));

/** Starts `server.mjs <target> <database> [...args]` in its own process; resolves once it listens. */
export function startServer(target, database, ...args) {
  return new Promise((resolve, reject) => {
    const child = fork(SERVER, [target, database, ...args], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('message', (m) =>
      resolve({
        url: `http://127.0.0.1:${m.port}`,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', done);
            child.kill('SIGINT');
          }),
      }),
    );
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${target} server exited with ${code}`)));
  });
}

export { round } from './sampling.mjs';
