import { assembleRecording, type Recording } from './recording.js';
import { checkRecording } from './recordingFormat.js';

export { RecordingError, RECORDING_FORMAT, recordingLineProblem } from './recordingFormat.js';

/** Reads and checks a recording (Node side: the build, the CLI, the benchmarks); positioned errors. */
export const parseRecording = (text: string): Recording => assembleRecording(checkRecording(text));
