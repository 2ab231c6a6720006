import { formatLocation, type Location } from './source.js';

export type Severity = 'error' | 'warning';

/** A problem found while compiling, with where it is and what to write instead. */
export interface Diagnostic {
  severity: Severity;
  location: Location;
  message: string;
  hint?: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  const head = `${formatLocation(d.location)} ${d.severity}: ${d.message}`;
  return d.hint ? `${head}\n  hint: ${d.hint}` : head;
}

/** Collects diagnostics so every error is reported, not just the first. */
export class Diagnostics {
  readonly items: Diagnostic[] = [];

  error(location: Location, message: string, hint?: string): void {
    this.items.push({ severity: 'error', location, message, ...(hint ? { hint } : {}) });
  }

  warn(location: Location, message: string, hint?: string): void {
    this.items.push({ severity: 'warning', location, message, ...(hint ? { hint } : {}) });
  }

  get errors(): Diagnostic[] {
    return this.items.filter((d) => d.severity === 'error');
  }

  get warnings(): Diagnostic[] {
    return this.items.filter((d) => d.severity === 'warning');
  }
}

/** Thrown by the compiler when a deck has errors; carries all of them. */
export class CompileError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'CompileError';
  }
}
