/**
 * The progress store: the only module that reads or writes progress.json.
 * Every change is applied to the file's latest content under the lock
 * (re-read, change, write atomically), so two instances at once keep each
 * other's progress. A corrupt or unreadable file is moved aside with a
 * warning, never overwritten; an older version is migrated. When the folder
 * cannot be written, progress is kept in memory only and `saveProblem` says
 * why, so every screen can say so.
 */
import { mkdirSync, openSync, closeSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { LabError } from '../errors.js';
import { pidAlive } from '../util/pid.js';
import { fileKind } from '../util/read-input.js';
import { writeFileAtomic } from './atomic.js';
import { withLock, type LockOptions } from '../util/lock.js';
import * as rec from './record.js';
import { PROGRESS_VERSION, emptyProgress, migrate, progressData, type ProgressData, type StepStatus } from './schema.js';

/** A progress file is a few kilobytes; anything this big is not one (and reading it would stall the start). */
export const MAX_PROGRESS_BYTES = 10 * 1024 * 1024;

export interface ProgressStoreOptions {
  file: string;
  now?: () => Date;
  /** Told when a corrupt file was moved aside (the TUI shows it; commands print it). */
  onWarning?: (message: string) => void;
  lock?: LockOptions;
  isAlive?: (pid: number) => boolean;
}

/** Errors that mean "this folder cannot be written here", as opposed to bugs. */
const UNWRITABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'ENOTDIR']);

export class ProgressStore {
  readonly file: string;
  private readonly now: () => Date;
  private readonly warn: (m: string) => void;
  private readonly lockOptions: LockOptions;
  private readonly isAlive: (pid: number) => boolean;
  private cache: ProgressData | undefined;
  /** Why progress is not being saved (then it lives in memory only). */
  private problem: string | undefined;

  constructor(o: ProgressStoreOptions) {
    this.file = o.file;
    this.now = o.now ?? (() => new Date());
    this.warn = o.onWarning ?? (() => undefined);
    this.lockOptions = o.lock ?? {};
    this.isAlive = o.isAlive ?? pidAlive;
  }

  /** The last known content (read once if needed). */
  get data(): ProgressData {
    return (this.cache ??= this.read());
  }

  /** Why nothing is being saved, or undefined while saving works. */
  saveProblem(): string | undefined {
    return this.problem;
  }

  /** Read the file now. A missing file is empty progress; a corrupt one is moved aside; an old one is migrated. */
  read(): ProgressData {
    if (this.problem && this.cache) return this.cache; // in memory only: the file is not ours to trust now
    let size: number;
    try {
      const st = statSync(this.file);
      // a FIFO or a device would block the read forever; a folder cannot be read
      if (!st.isFile()) {
        throw new LabError('bad-input', `The progress file ${this.file} is ${fileKind(st)}, not a file.`, `Move it away (musl-lab makes a new one), or set MUSL_LAB_HOME to use another folder.`);
      }
      size = st.size;
    } catch (e) {
      // no file (or a file where a folder on its path should be): no progress yet; prepare() finds out about writing
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return (this.cache = emptyProgress());
      throw this.readError(e);
    }
    if (size > MAX_PROGRESS_BYTES) {
      throw new LabError('bad-input', `The progress file ${this.file} is ${(size / 1024 / 1024).toFixed(0)} MB; a progress file is a few KB, so this is not one.`, `Move it away (musl-lab makes a new one), or set MUSL_LAB_HOME to use another folder. It was left untouched.`);
    }
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return (this.cache = emptyProgress());
      throw this.readError(e);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return (this.cache = this.setAside('is not valid JSON'));
    }
    const version = (json as { version?: unknown } | null)?.version;
    if (typeof version === 'number' && version > PROGRESS_VERSION) {
      throw new LabError('bad-input', `The progress file ${this.file} was written by a newer musl-lab (format ${version}; this one reads ${PROGRESS_VERSION}).`, 'Update musl-lab (npm install musl-lab@latest); the file was left untouched.');
    }
    const parsed = progressData.safeParse(migrate(json));
    if (!parsed.success) return (this.cache = this.setAside(`does not have the expected shape (${parsed.error.issues[0]?.path.join('.') || 'top level'}: ${parsed.error.issues[0]?.message})`));
    return (this.cache = parsed.data);
  }

  private readError(e: unknown): unknown {
    if (e instanceof LabError) return e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EISDIR' || code === 'EACCES' || code === 'EPERM') {
      return new LabError('bad-input', `The progress file ${this.file} cannot be read (${code}).`, `Fix its permissions or move it away; set MUSL_LAB_HOME to use another folder.`);
    }
    return e;
  }

  private setAside(why: string): ProgressData {
    const aside = `${this.file}.corrupt-${this.now().toISOString().replace(/[:.]/g, '-')}`;
    try {
      renameSync(this.file, aside);
    } catch (e) {
      throw new LabError('bad-input', `The progress file ${this.file} ${why}, and it could not be moved aside: ${(e as Error).message}`, `Move it away by hand; it was not changed.`);
    }
    this.warn(`The progress file ${why}; it was kept as ${aside} and progress starts empty.`);
    return emptyProgress();
  }

  /**
   * At start: remove temporary files left by a write that crashed (their
   * writer is gone), and find out at once whether the folder can be written.
   * Returns the number of leftovers removed.
   */
  prepare(): number {
    const dir = path.dirname(this.file);
    // .tmp-<pid>-*: a write that never got renamed; .probe-<pid>: a start that died while testing the folder
    const prefixes = [`.${path.basename(this.file)}.tmp-`, `.${path.basename(this.file)}.probe-`];
    let removed = 0;
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      // no folder yet: nothing left over
    }
    for (const n of names) {
      const prefix = prefixes.find((p) => n.startsWith(p));
      if (!prefix) continue;
      const pid = Number(n.slice(prefix.length).split('-')[0]);
      if (pid === process.pid || this.isAlive(pid)) continue; // a write in progress
      try {
        rmSync(path.join(dir, n), { force: true });
        removed++;
      } catch {
        // cannot remove it here (read-only): harmless, it is never read
      }
    }
    this.probeWritable();
    return removed;
  }

  /** Try to create a file next to the progress file; set the save problem when that fails. */
  private probeWritable(): void {
    const dir = path.dirname(this.file);
    const probe = path.join(dir, `.${path.basename(this.file)}.probe-${process.pid}`);
    try {
      mkdirSync(dir, { recursive: true });
      closeSync(openSync(probe, 'w', 0o644));
      rmSync(probe, { force: true });
    } catch (e) {
      this.noSave(e);
    }
  }

  private noSave(e: unknown): void {
    const code = (e as NodeJS.ErrnoException).code;
    this.problem ??= `${path.dirname(this.file)} cannot be written (${code ?? (e as Error).message}). Set MUSL_LAB_HOME to a folder you can write.`;
  }

  /** Apply a change to the latest content under the lock and write it atomically; in memory only when the folder cannot be written. */
  async update(change: (d: ProgressData, at: string) => ProgressData): Promise<ProgressData> {
    const inMemory = () => (this.cache = change(this.cache ?? this.data, this.now().toISOString()));
    if (this.problem) return inMemory();
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      return await withLock(
        `${this.file}.lock`,
        () => {
          const at = this.now().toISOString();
          const latest = this.read();
          const next = change(latest, at);
          if (next !== latest) writeFileAtomic(this.file, JSON.stringify(next, null, 2) + '\n');
          return (this.cache = next);
        },
        this.lockOptions,
      );
    } catch (e) {
      if (!UNWRITABLE.has((e as NodeJS.ErrnoException).code ?? '')) throw e;
      this.noSave(e);
      return inMemory();
    }
  }

  recordStep(lesson: string, step: string, status: StepStatus): Promise<ProgressData> {
    return this.update((d, at) => rec.recordStep(d, lesson, step, status, at));
  }

  recordRun(lesson: string, step: string, kind: 'task' | 'experiment', passed: boolean): Promise<ProgressData> {
    return this.update((d, at) => rec.recordRun(d, lesson, step, kind, passed, at));
  }

  recordAnswer(lesson: string, step: string, question: string, ok: boolean, allQuestions: string[]): Promise<ProgressData> {
    return this.update((d, at) => rec.recordAnswer(d, lesson, step, question, ok, allQuestions, at));
  }

  recordReveal(lesson: string, step: string, question: string): Promise<ProgressData> {
    return this.update((d, at) => rec.recordReveal(d, lesson, step, question, at));
  }

  recordHints(lesson: string, step: string, shown: number): Promise<ProgressData> {
    return this.update((d, at) => rec.recordHints(d, lesson, step, shown, at));
  }

  recordSolutionViewed(lesson: string, step: string): Promise<ProgressData> {
    return this.update((d, at) => rec.recordSolutionViewed(d, lesson, step, at));
  }

  addTime(lesson: string, step: string, ms: number): Promise<ProgressData> {
    return this.update((d, at) => rec.addTime(d, lesson, step, ms, at));
  }

  setSelfCheck(item: string, on: boolean): Promise<ProgressData> {
    return this.update((d, at) => rec.setSelfCheck(d, item, on, at));
  }

  setCurrent(lesson: string, step: string): Promise<ProgressData> {
    return this.update((d, at) => rec.setCurrent(d, lesson, step, at));
  }

  resetLesson(lesson: string): Promise<ProgressData> {
    return this.update((d, at) => rec.resetLesson(d, lesson, at));
  }

  resetAll(): Promise<ProgressData> {
    return this.update((d, at) => rec.resetAll(d, at));
  }
}
