/**
 * Errors of an extraction import. Every problem names the file, where in it (line, row, record,
 * entry) and what is wrong; an import with any problem keeps nothing, and the error lists them
 * all, not just the first.
 */

/** One thing wrong with one uploaded file. */
export interface ExtractionProblem {
  file: string;
  /** "line 12", "sms row 34", "record 5", "entry 3"; absent when the whole file is at fault. */
  position?: string;
  reason: string;
}

/** Problems written as lines: `file, line 12: reason`. */
export function describeProblem(p: ExtractionProblem): string {
  return p.position ? `${p.file}, ${p.position}: ${p.reason}` : `${p.file}: ${p.reason}`;
}

/** An import that failed: every bad file's problems, one per line in the message. */
export class ExtractionError extends Error {
  constructor(readonly problems: ExtractionProblem[]) {
    super(problems.map(describeProblem).join('\n'));
    this.name = 'ExtractionError';
  }
}

/** At most this many problems are listed for one file; the rest are counted in one line. */
export const PROBLEMS_PER_FILE = 20;

/**
 * The problems found in one file while reading it on: `add` records one (keeping the first
 * {@link PROBLEMS_PER_FILE}), `fail` records one and stops, `check` throws if there were any.
 */
export class FileProblems {
  readonly list: ExtractionProblem[] = [];
  private extra = 0;

  constructor(readonly file: string) {}

  /** Records a problem and carries on reading. */
  add(position: string | undefined, reason: string): void {
    if (this.list.length < PROBLEMS_PER_FILE)
      this.list.push(position ? { file: this.file, position, reason } : { file: this.file, reason });
    else this.extra++;
  }

  /** Records a problem that stops the reading of this file. */
  fail(position: string | undefined, reason: string): never {
    this.add(position, reason);
    throw this.error();
  }

  /** Throws the file's problems, if any. */
  check(): void {
    if (this.list.length) throw this.error();
  }

  /** The problems so far as one error. */
  error(): ExtractionError {
    const more = this.extra
      ? [{ file: this.file, reason: `and ${this.extra.toLocaleString('en-GB')} more problems` }]
      : [];
    return new ExtractionError([...this.list, ...more]);
  }
}
