/** What a worker records. Stored as numbers in a shared ring buffer; `EventKind[kind]` names them. */
export enum EventKind {
  RunStart = 1,
  RunEnd = 2,
  GilRequest = 3,
  GilAcquire = 4,
  GilDrop = 5,
  DropRequestSet = 6,
  IoStart = 7,
  IoEnd = 8,
  Progress = 9,
  SpawnStart = 10,
  SpawnReady = 11,
  CopyStart = 12,
  CopyEnd = 13,
  TaskStart = 14,
  TaskEnd = 15,
}

/** Why a holder dropped the GIL. */
export enum DropReason {
  Forced = 1,
  Io = 2,
  Done = 3,
}

/**
 * One trace event. `t` is milliseconds since the run's origin, from `performance.timeOrigin + performance.now()`
 * so events from different threads line up. The meaning of `a` and `b` depends on the kind:
 * GilAcquire/GilDrop: a = GIL (interpreter) index, b = global hand-off sequence number (exact ordering);
 * GilDrop also carries the reason in `c`; DropRequestSet: a = the holder asked to drop; Progress: a = units done so
 * far; Copy*: a = bytes; Task*: a = task id; Io*: a = planned wait in ms.
 */
export interface TraceEvent {
  t: number;
  worker: number;
  kind: EventKind;
  a: number;
  b: number;
  c: number;
}

/** Doubles per record: t, kind, a, b, c. */
export const RECORD = 5;
/**
 * Int32 header: [0] records written (monotonic); [1] is padding, so the records after it are 8-byte aligned. A reader
 * that fell behind counts what it lost itself (`TraceReader.lost`).
 */
const HEADER_BYTES = 8;

/**
 * A single-producer ring buffer of trace records in (shared) memory. The worker appends without locks; the main
 * thread reads new records incrementally each frame, never pausing the worker.
 */
export class TraceBuffer {
  readonly header: Int32Array;
  readonly records: Float64Array;
  readonly capacity: number;

  constructor(readonly buffer: SharedArrayBuffer | ArrayBuffer) {
    this.header = new Int32Array(buffer, 0, 2);
    this.records = new Float64Array(buffer, HEADER_BYTES);
    this.capacity = Math.floor(this.records.length / RECORD);
  }

  static create(capacity: number, shared: boolean): TraceBuffer {
    const bytes = HEADER_BYTES + capacity * RECORD * 8;
    return new TraceBuffer(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  }

  /** Appends a record; publishes it with an atomic store so a reader never sees half a record. */
  push(t: number, kind: EventKind, a = 0, b = 0, c = 0): void {
    const n = this.header[0]!;
    const at = (n % this.capacity) * RECORD;
    const r = this.records;
    r[at] = t;
    r[at + 1] = kind;
    r[at + 2] = a;
    r[at + 3] = b;
    r[at + 4] = c;
    Atomics.store(this.header, 0, n + 1);
  }

  get written(): number {
    return Atomics.load(this.header, 0);
  }
}

/** Reads what a worker appended since the last call. Records overwritten before being read are counted as lost. */
export class TraceReader {
  private read = 0;
  lost = 0;

  constructor(
    private readonly ring: TraceBuffer,
    private readonly worker: number,
  ) {}

  drain(into: TraceEvent[]): number {
    const written = this.ring.written;
    if (written - this.read > this.ring.capacity) {
      this.lost += written - this.read - this.ring.capacity;
      this.read = written - this.ring.capacity;
    }
    const r = this.ring.records;
    const before = into.length;
    for (; this.read < written; this.read++) {
      const at = (this.read % this.ring.capacity) * RECORD;
      into.push({ t: r[at]!, kind: r[at + 1]! as EventKind, a: r[at + 2]!, b: r[at + 3]!, c: r[at + 4]!, worker: this.worker });
    }
    return into.length - before;
  }
}

/** Converts a batch of raw records (the message fallback sends these) into events. */
export function decodeRecords(records: Float64Array, worker: number, into: TraceEvent[]): void {
  for (let at = 0; at + RECORD <= records.length; at += RECORD) {
    into.push({ t: records[at]!, kind: records[at + 1]! as EventKind, a: records[at + 2]!, b: records[at + 3]!, c: records[at + 4]!, worker });
  }
}
