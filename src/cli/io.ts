import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DEFAULT_MAX_INPUT, type SourceText } from '../engine/pipeline.js';
import { inputError } from '../model/problems.js';

/** What the CLI needs from the outside world; tests pass their own. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal, for colour. */
  isTty?: boolean;
  env?: Record<string, string | undefined>;
  cwd?: string;
}

/** Reads an input file, refusing directories, missing files and files over the size limit. */
export async function readInput(file: string, limit = DEFAULT_MAX_INPUT): Promise<SourceText> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (error) {
    throw inputError(
      { code: 'unreadable', message: `cannot read file: ${reason(error)}`, file },
      error,
    );
  }
  if (!stat.isFile()) {
    throw inputError({ code: 'unreadable', message: 'cannot read file: not a regular file', file });
  }
  if (stat.size > limit) {
    throw inputError({
      code: 'too-large',
      message: `refused: file is ${stat.size} bytes, over the limit of ${limit} (see --max-input)`,
      file,
    });
  }
  try {
    return { text: await fs.readFile(file, 'utf8'), file };
  } catch (error) {
    throw inputError(
      { code: 'unreadable', message: `cannot read file: ${reason(error)}`, file },
      error,
    );
  }
}

export interface WriteOptions {
  /** Files that must never be written over, whatever the flags: the inputs. */
  protectedFiles: string[];
  force?: boolean;
}

/**
 * Writes the output atomically: into a temporary file beside the target, then renamed over it,
 * so a crash never leaves half a report. Refuses to replace an input, or any existing file
 * without `force`.
 */
export async function writeOutput(file: string, text: string, options: WriteOptions) {
  const target = path.resolve(file);
  for (const input of options.protectedFiles) {
    if (await isSameFile(target, path.resolve(input))) {
      throw inputError({
        code: 'would-overwrite-input',
        message: 'refusing to write the output over an input file',
        file,
      });
    }
  }
  if (!options.force && (await exists(target))) {
    throw inputError({
      code: 'would-overwrite',
      message: 'refusing to replace an existing file; choose another name or pass --force',
      file,
    });
  }
  const temporary = path.join(
    path.dirname(target),
    `.${path.basename(target)}.strider-tmp-${randomBytes(6).toString('hex')}`,
  );
  try {
    await fs.writeFile(temporary, text, { flag: 'wx' });
    await fs.rename(temporary, target);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw inputError(
      { code: 'unwritable', message: `cannot write file: ${reason(error)}`, file },
      error,
    );
  }
}

async function isSameFile(a: string, b: string): Promise<boolean> {
  if (a === b) return true;
  try {
    const [statA, statB] = await Promise.all([fs.stat(a), fs.stat(b)]);
    return statA.ino === statB.ino && statA.dev === statB.dev;
  } catch {
    return false;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch {
    return false;
  }
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  const known: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EISDIR: 'is a directory',
    ENOTDIR: 'a parent is not a directory',
    EROFS: 'read-only file system',
  };
  return (code && known[code]) ?? (error instanceof Error ? error.message : String(error));
}
