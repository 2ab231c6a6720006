export { compileDeck, memorySlideCache, type CachedSlide, type CompileResult, type DeckFile, type SlideCache } from './compile.js';
export type { DeckTree, Slide, Act, WidgetUse } from './deck.js';
export { type Diagnostic, formatDiagnostic, CompileError } from './diagnostics.js';
export { renderPage, renderSlides, type PageAssets } from './html.js';
export { stylesheetUrls, type ThemeFile } from './deckTheme.js';
export { SourceFile } from './source.js';
export { hasCodeBlock } from './highlight.js';
