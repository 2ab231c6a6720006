import type { Root as HastRoot } from 'hast';
import type { AttributeValue, SourceAttributes } from '../widgets/attributes.js';
import type { FrontMatter } from './frontMatter.js';
import type { Location } from './source.js';

/** The typed deck tree: what the compiler knows about a deck, with where each part came from. */
export interface DeckTree {
  meta: FrontMatter;
  files: string[];
  acts: Act[];
  /** Horizontal slides; a column of more than one slide is a vertical stack. */
  columns: Slide[][];
}

export type ActKind = 'prologue' | 'act' | 'finale';

export interface Act {
  kind: ActKind;
  /** 1-based among kind `act`; null for prologue and finale. */
  number: number | null;
  /** What the indicator and agenda call it: "Act II", "Prologue". */
  label: string;
  title: string;
  subtitle: string | null;
  location: Location;
}

export type SlideKind = 'content' | 'title' | 'agenda' | 'act';

export interface Slide {
  kind: SlideKind;
  /** Where the slide's text starts; for generated slides, what asked for them. */
  location: Location;
  content: HastRoot;
  notes: HastRoot | null;
  /** From `<!-- .slide: ... -->`, rendered on the `<section>`. */
  attributes: Record<string, string>;
  /** Index into `DeckTree.acts`, or null before the first act. */
  act: number | null;
  widgets: WidgetUse[];
  /** Files the slide loads from the deck's own folder (e.g. `assets/gil.png`), with where they are written. */
  localFiles: Array<{ url: string; location: Location }>;
  /** "Act II · 3/7", when the deck has acts. */
  indicator: { label: string; position: number; total: number } | null;
}

export interface WidgetUse {
  /** Unique in the deck, stable across rebuilds of the same text: `w-<column>-<row>-<n>`. */
  id: string;
  name: string;
  values: Record<string, AttributeValue>;
  /** Attributes written in the source, before defaults. */
  written: Record<string, string>;
  /** A recordable widget's `trace=` and `engine=`: where its runs come from (the build checks the recording). */
  source?: SourceAttributes;
  location: Location;
  caption: boolean;
}
