/**
 * The progress store: the only module that reads or writes progress.json.
 * Every change is applied to the file's latest content under the lock
 * (re-read, change, write atomically), so two instances at once keep each
 * other's progress. A corrupt or unreadable file is moved aside with a
 * warning, never overwritten.
 */
import { mkdirSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { LabError } from '../errors.js';
import { writeFileAtomic } from './atomic.js';
import { withLock, type LockOptions } from './lock.js';
import * as rec from './record.js';
import { PROGRESS_VERSION, emptyProgress, progressData, type ProgressData, type StepStatus } from './schema.js';

export interface ProgressStoreOptions {
  file: string;
  now?: () => Date;
  /** Told when a corrupt file was moved aside (the TUI shows it; commands print it). */
  onWarning?: (message: string) => void;
  lock?: LockOptions;
}

export class ProgressStore {
  readonly file: string;
  private readonly now: () => Date;
  private readonly warn: (m: string) => void;
  private readonly lockOptions: LockOptions;
  private cache: ProgressData | undefined;

  constructor(o: ProgressStoreOptions) {
    this.file = o.file;
    this.now = o.now ?? (() => new Date());
    this.warn = o.onWarning ?? (() => undefined);
    this.lockOptions = o.lock ?? {};
  }

  /** The last known content (read once if needed). */
  get data(): ProgressData {
    return (this.cache ??= this.read());
  }

  /** Read the file now. A missing file is empty progress; a corrupt one is moved aside. */
  read(): ProgressData {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return (this.cache = emptyProgress());
      if (code === 'EISDIR' || code === 'EACCES' || code === 'EPERM') {
        throw new LabError('bad-input', `The progress file ${this.file} cannot be read (${code}).`, `Fix its permissions or move it away; set MUSL_LAB_HOME to use another folder.`);
      }
      throw e;
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
    const parsed = progressData.safeParse(json);
    if (!parsed.success) return (this.cache = this.setAside(`does not have the expected shape (${parsed.error.issues[0]?.path.join('.') || 'top level'}: ${parsed.error.issues[0]?.message})`));
    return (this.cache = parsed.data);
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

  /** Apply a change to the latest content under the lock and write it atomically. */
  async update(change: (d: ProgressData, at: string) => ProgressData): Promise<ProgressData> {
    mkdirSync(path.dirname(this.file), { recursive: true });
    return withLock(
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
  }

  recordStep(lesson: string, step: string, status: StepStatus): Promise<ProgressData> {
    return this.update((d, at) => rec.recordStep(d, lesson, step, status, at));
  }

  recordAnswer(lesson: string, step: string, question: string, ok: boolean, allQuestions: string[]): Promise<ProgressData> {
    return this.update((d, at) => rec.recordAnswer(d, lesson, step, question, ok, allQuestions, at));
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
