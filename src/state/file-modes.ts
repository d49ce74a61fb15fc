import { chmodSync, chownSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * State, outbox and secrets are shared by a group (the editors and the endpoint's service
 * user), never by everyone: folders 0770, files 0660, whatever the umask. The group is the
 * folder's, so the documented setgid group folder keeps working.
 */
export const GROUP_DIR_MODE = 0o770;
export const GROUP_FILE_MODE = 0o660;

/** Makes `dir` (and missing parents) with mode 0770 and its parent's group; an existing folder is left alone. */
export function makeGroupDir(dir: string): void {
  const target = resolve(dir);
  if (existsSync(target)) return;
  const parent = dirname(target);
  makeGroupDir(parent);
  try {
    mkdirSync(target, { mode: GROUP_DIR_MODE });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw error;
  }
  // mkdir's mode passes through the umask; the setgid bit of a group folder is kept
  const parentMode = statSync(parent).mode;
  chmodSync(target, GROUP_DIR_MODE | (parentMode & 0o2000));
  adoptGroup(target, parent);
}

/** Creates `file` empty with 0660 and its folder's group if it does not exist yet; true when it made it. */
export function makeGroupFile(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', GROUP_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  closeSync(fd);
  chmodSync(file, GROUP_FILE_MODE);
  adoptGroup(file, dirname(file));
  return true;
}

/** Gives a file written by someone else's code (a rename target) mode 0660 and its folder's group. */
export function shareWithGroup(file: string): void {
  chmodSync(file, GROUP_FILE_MODE);
  adoptGroup(file, dirname(file));
}

function adoptGroup(path: string, folder: string): void {
  const group = statSync(folder).gid;
  if (statSync(path).gid === group) return;
  try {
    chownSync(path, -1, group);
  } catch {
    // not a member of the folder's group: the file keeps ours, and the mode still limits it
  }
}
