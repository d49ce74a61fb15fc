import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

function onPath(command: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * The command that opens a URL in the user's browser, where there is one: `$BROWSER` (the
 * usual way to name one), else `open` on macOS, `start` on Windows, and `xdg-open` on a
 * desktop (a display) elsewhere. None on a server, over SSH without a display, or in CI.
 */
export function browserCommand(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string[] | undefined {
  const named = env.BROWSER?.split(delimiter)[0]?.trim();
  if (named) return [named];
  if (env.CI) return undefined;
  if (platform === 'darwin') return ['open'];
  if (platform === 'win32') return ['cmd', '/c', 'start', '""'];
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return undefined;
  return onPath('xdg-open', env) ? ['xdg-open'] : undefined;
}

/** Opens `url` without waiting for the browser; false when there is no browser to open. */
export function openBrowser(url: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const command = browserCommand(env);
  if (!command) return false;
  try {
    const child = spawn(command[0], [...command.slice(1), url], { detached: true, stdio: 'ignore', env });
    child.on('error', () => {}); // a browser that will not start leaves the URL printed, which is enough
    child.unref();
    return true;
  } catch {
    return false;
  }
}
