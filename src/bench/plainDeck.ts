// The deck bench-load opens in gildeck and in Marp CLI: plain Markdown both read the same way.

/** The shared deck: 40 slides of headings, lists, a table and code, and nothing gildeck-specific. */
export function plainDeck(slides = 40): string {
  const out: string[] = [];
  for (let i = 1; i <= slides; i++) {
    const body =
      i === 1
        ? '# Forty slides\n\nA talk with no widgets, as any Markdown slide tool would render it.'
        : i % 5 === 0
          ? `## Slide ${i}: code\n\n\`\`\`python\ndef work(n):\n    total = 0\n    for k in range(n):\n        total += k * ${i}\n    return total\n\`\`\``
          : i % 7 === 0
            ? `## Slide ${i}: a table\n\n| strategy | workers | speedup |\n| --- | --- | --- |\n| threads | 4 | 1.0x |\n| processes | 4 | 3.6x |`
            : `## Slide ${i}\n\n- The first point of slide ${i}, in a sentence of ordinary length.\n- A second point, **with emphasis** and \`code\`.\n- A third point that [links somewhere](#/1).`;
    out.push(body);
  }
  return `${out.join('\n\n---\n\n')}\n`;
}
