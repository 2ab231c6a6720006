export async function exportHtml(_o: unknown): Promise<{ inlined: number; bytes: number }> {
  throw new Error('todo');
}
