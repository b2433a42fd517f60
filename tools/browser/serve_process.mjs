// Starts `tapelab serve ... --port 0` and reads the address it bound from its
// first line (docs/server.md): every server a test or benchmark starts takes a
// free port, so runs in parallel never collide.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export async function startServer(tapelab, args) {
  const child = spawn(tapelab, ['serve', ...args, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const base = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`tapelab serve exited with ${code} before listening`)));
    lines.once('line', (line) => {
      const m = /listening on (http:\/\/\S+?)\/?$/.exec(line);
      if (m) resolve(m[1]); else reject(new Error(`tapelab serve said: ${line}`));
    });
  });
  lines.on('line', (line) => console.error(`[serve] ${line}`));
  return { base, stop: () => child.kill('SIGTERM') };
}
