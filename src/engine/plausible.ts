/** A run faster than this share of the least time its work can take is physically impossible here. */
export const PLAUSIBLE_MARGIN = 0.9;

/**
 * Whether a run took at least (nearly) the least time its work can take on this device: its work at the calibrated
 * rate on every core it could use. One that did not ran on a device that sped up since it was calibrated, and its
 * figures are not results (the engine then measures the rate again before the next run).
 */
export const isPlausible = (run: { wallMs: number; minWallMs: number }): boolean => run.wallMs >= run.minWallMs * PLAUSIBLE_MARGIN;
